"""Communities: groups of nodes more tightly linked to each other than to the rest, found
with Louvain modularity optimisation (``networkx.community.louvain_communities``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

__all__ = ["community_rows"]


def community_rows(graph: nx.Graph, *, seed: int | None = 42, resolution: float = 1.0,
                   weight: str = "weight", top: int | None = None, **_: Any) -> list[dict[str, Any]]:
    """One row per community, largest first: its members' names (sorted) and ids, how many of
    each kind, and the modularity of the whole partition. The same ``seed`` gives the same
    communities.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> rows = community_rows(g, seed=1)
    >>> [(r["community"], r["size"], r["members"]) for r in rows]
    [(1, 3, ['a', 'b', 'c']), (2, 3, ['x', 'y', 'z'])]
    >>> rows == community_rows(g, seed=1)
    True
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    modularity = nx.community.modularity(graph, found, weight=weight, resolution=resolution)

    def name(node: Any) -> str:
        return str(graph.nodes[node].get("name") or node)

    groups = sorted((sorted(group, key=lambda n: (name(n), str(n))) for group in found),
                    key=lambda members: (-len(members), name(members[0])))
    rows = []
    for number, members in enumerate(groups[:top] if top else groups, start=1):
        kinds = Counter(graph.nodes[n].get("kind") or "node" for n in members)
        rows.append({
            "community": number, "size": len(members), "members": [name(n) for n in members],
            "kinds": ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
            "modularity": round(modularity, 6), "ids": list(members),
        })
    return rows
