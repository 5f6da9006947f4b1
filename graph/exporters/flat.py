"""A networkx graph whose attributes are all scalars of one type per key — what the networkx
GraphML and GEXF writers need. Shared by :mod:`.graphml` and :mod:`.gexf`.

Node attributes: the properties plus ``labels`` (``;``-joined, as in
:meth:`Subgraph.to_networkx`); edge attributes: the properties plus ``type``; edge keys
``e0``, ``e1`` … (unique ids in the file). A property whose
name the format reserves is written as ``property.<name>``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..subgraph import Subgraph
from .values import column_types, converters, scalar_attrs

__all__ = ["flat_networkx", "RENAMED_PREFIX"]

RENAMED_PREFIX = "property."


def flat_networkx(subgraph: Subgraph, *, lists: str = "join",
                  node_reserved: frozenset[str] = frozenset({"labels"}),
                  edge_reserved: frozenset[str] = frozenset({"type"}),
                  node_label: str | None = None, edge_label: str | None = None,
                  type_attr: str | None = "type") -> nx.MultiDiGraph:
    """``node_label`` / ``edge_label``: also set this attribute to the node's name / the edge's
    type (GEXF shows ``label``); ``type_attr``: the edge attribute holding the type, if any.
    Edge keys are ``e0``, ``e1`` … so that edge ids are unique in the file."""
    nodes = subgraph.nodes.values()
    rels = subgraph.relationships
    node_types, node_exact = column_types(n.properties for n in nodes)
    edge_types, edge_exact = column_types(r.properties for r in rels)
    node_conv = converters(node_types, lists)
    edge_conv = converters(edge_types, lists)
    node_clash = node_reserved.intersection(node_types)
    edge_clash = edge_reserved.intersection(edge_types)

    graph = nx.MultiDiGraph()
    node_rows = []
    for node in nodes:
        attrs = scalar_attrs(node.properties, node_conv, node_exact)
        if node_clash:
            _rename(attrs, node_clash)
        attrs["labels"] = ";".join(node.labels)
        if node_label:
            attrs[node_label] = node.name
        node_rows.append((node.id, attrs))
    graph.add_nodes_from(node_rows)

    edge_rows = []
    for index, rel in enumerate(rels):
        attrs = scalar_attrs(rel.properties, edge_conv, edge_exact)
        if edge_clash:
            _rename(attrs, edge_clash)
        if type_attr:
            attrs[type_attr] = rel.type
        if edge_label:
            attrs[edge_label] = rel.type
        edge_rows.append((rel.start, rel.end, f"e{index}", attrs))
    graph.add_edges_from(edge_rows)
    return graph


def _rename(attrs: dict[str, Any], clash: frozenset[str]) -> None:
    for key in clash & attrs.keys():
        attrs[RENAMED_PREFIX + key] = attrs.pop(key)
