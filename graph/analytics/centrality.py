"""Centrality: which nodes hold a network together.

Degree (neighbours, and ``strength``: the sum of edge weights), betweenness (share of
shortest paths through a node; unweighted, as weights here are strengths, not distances) and
PageRank (weighted). On big graphs betweenness can be estimated from ``k`` sampled sources,
drawn with ``seed``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["centrality_rows"]


def centrality_rows(graph: nx.Graph, *, top: int | None = None, k: int | None = None,
                    seed: int | None = 42, weight: str = "weight") -> list[dict[str, Any]]:
    """One row per node, most central (by PageRank) first; ``top`` keeps the first rows.

    >>> star = nx.star_graph(3)  # node 0 in the middle of 1, 2, 3
    >>> rows = centrality_rows(star)
    >>> [(r["rank"], r["id"], r["degree"], r["betweenness"]) for r in rows[:2]]
    [(1, 0, 3, 1.0), (2, 1, 1, 0.0)]
    >>> len(centrality_rows(star, top=1))
    1
    >>> centrality_rows(nx.Graph())
    []
    """
    if graph.number_of_nodes() == 0:
        return []
    sample = k if k is not None and k < graph.number_of_nodes() else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=seed, normalized=True)
    pagerank = nx.pagerank(graph, weight=weight)
    strength = dict(graph.degree(weight=weight))
    order = sorted(graph.nodes, key=lambda n: (-pagerank[n], -betweenness[n], str(_name(graph, n))))
    rows = []
    for rank, node in enumerate(order[:top] if top else order, start=1):
        data = graph.nodes[node]
        rows.append({
            "rank": rank, "name": _name(graph, node), "kind": data.get("kind"), "type": data.get("type"),
            "degree": graph.degree(node), "strength": strength[node],
            "betweenness": round(betweenness[node], 6), "pagerank": round(pagerank[node], 6), "id": node,
        })
    return rows


def _name(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("name") or node)
