"""Back from a networkx graph written by one of our exporters to a :class:`Subgraph` (used by
the readers of GraphML, GEXF and node-link JSON, and by tests to check round trips)."""

from __future__ import annotations


import networkx as nx

from ..subgraph import Node, Relationship, Subgraph

__all__ = ["subgraph_from_networkx"]


def subgraph_from_networkx(graph: nx.Graph, *, node_meta: tuple[str, ...] = ("labels",),
                           edge_meta: tuple[str, ...] = ("type",), type_attr: str = "type") -> Subgraph:
    """``node_meta`` / ``edge_meta``: attributes the writer added, which are not properties."""
    out = Subgraph()
    for node_id, data in graph.nodes(data=True):
        labels = data.get("labels", "")
        labels = tuple(labels) if isinstance(labels, list) else tuple(x for x in str(labels).split(";") if x)
        props = {k: v for k, v in data.items() if k not in node_meta}
        out.add_node(Node(str(node_id), labels, props))
    edges = graph.edges(data=True, keys=True) if graph.is_multigraph() else (
        (u, v, None, d) for u, v, d in graph.edges(data=True))
    for start, end, _key, data in edges:
        props = {k: v for k, v in data.items() if k not in edge_meta}
        out.add_relationship(Relationship(str(data.get(type_attr, "")), str(start), str(end), props))
    return out
