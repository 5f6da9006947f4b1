"""GEXF 1.2 for Gephi, through the networkx writer.

Each node's GEXF ``label`` is its name and each edge's ``label`` its relationship type, so
Gephi shows them; node attributes are the properties plus ``labels`` (``;``-joined), edge
attributes the properties (the GEXF edge ``type`` is directedness, so the relationship type is only in
``label``). List properties are ``"; "``-joined (``lists="json"``
for JSON arrays) because GEXF would read a list as a dynamic attribute. Properties named like
GEXF's own fields (``label``, ``start``, ``end``, ``pid``, ``viz``, ``spells``; on edges also
``type``, ``weight``, ``id``, ``key``) are written as ``property.<name>``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..subgraph import Subgraph
from .flat import flat_networkx
from .networkx_read import subgraph_from_networkx
from .sinks import Target, open_sink
from .values import xml_safe

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read"]

NAME = "gexf"
EXTENSION = ".gexf"
DESCRIPTION = "GEXF 1.2 for Gephi (names as node labels, types as edge labels)."

# attribute names the networkx GEXF writer treats as structure, not data
_GEXF_NODE_FIELDS = frozenset({"labels", "label", "start", "end", "pid", "viz", "spells"})
_GEXF_EDGE_FIELDS = frozenset({"type", "label", "start", "end", "viz", "spells", "weight", "id",
                               "key", "networkx_key"})


def write(subgraph: Subgraph, target: Target, *, lists: str = "join", **_: Any) -> None:
    subgraph = xml_safe(subgraph)
    graph = flat_networkx(subgraph, lists=lists, node_reserved=_GEXF_NODE_FIELDS,
                          edge_reserved=_GEXF_EDGE_FIELDS, node_label="label", edge_label="label", type_attr=None)
    with open_sink(target, binary=True) as fh:
        nx.write_gexf(graph, fh, encoding="utf-8")


def read(source: Any) -> Subgraph:
    graph = nx.read_gexf(source, node_type=str)
    return subgraph_from_networkx(graph, node_meta=("labels", "label"),
                                  edge_meta=("label", "id", "networkx_key"), type_attr="label")
