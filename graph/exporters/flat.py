"""Property graphs flattened for the networkx GraphML and GEXF writers, which need scalar
attributes of one type per key. Shared by :mod:`.graphml` and :mod:`.gexf`.

Node attributes: the properties plus ``labels`` (``;``-joined, as in
:meth:`Subgraph.to_networkx`); edge attributes: the properties plus ``type``; edge keys
``e0``, ``e1`` … (unique ids in the file). A property whose name the format reserves is written
as ``property.<name>``.

:class:`FlatView` gives the networkx GraphML writer exactly what it reads from a graph
(``nodes(data=True)``, ``edges(data=True, keys=True)``, ``graph``, ``is_directed()``,
``is_multigraph()``) and flattens each node and edge as the writer asks for it, so no
intermediate ``MultiDiGraph`` is built: that keeps a 100k-node export close to the cost of the
writer alone (see ``scripts/bench_export.py``). :func:`flat_networkx` builds a real graph, for
writers that need one (GEXF).
"""

from __future__ import annotations

from typing import Any, Iterator

import networkx as nx

from ..subgraph import Subgraph
from .values import plan_columns, xml_text

__all__ = ["FlatView", "flat_networkx", "RENAMED_PREFIX"]

RENAMED_PREFIX = "property."


class FlatView:
    """A read-only, duck-typed stand-in for a ``MultiDiGraph`` with flattened attributes."""

    def __init__(self, subgraph: Subgraph, *, lists: str = "join",
                 node_reserved: frozenset[str] = frozenset({"labels"}),
                 edge_reserved: frozenset[str] = frozenset({"type"}),
                 node_label: str | None = None, edge_label: str | None = None,
                 type_attr: str | None = "type", xml: bool = True) -> None:
        """``node_label`` / ``edge_label``: also set this attribute to the node's name / the
        edge's type (GEXF shows ``label``); ``type_attr``: the edge attribute holding the type;
        ``xml``: strings lose characters XML cannot hold (both users write XML)."""
        self.subgraph = subgraph
        self.graph: dict[str, Any] = {}
        self._nodes = plan_columns((n.properties for n in subgraph.nodes.values()), lists, node_reserved, xml=xml)
        self._edges = plan_columns((r.properties for r in subgraph.relationships), lists, edge_reserved, xml=xml)
        self._xml = xml
        self._node_label, self._edge_label, self._type_attr = node_label, edge_label, type_attr

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def nodes(self, data: bool = False) -> Iterator[Any]:
        flatten, name_attr = self._nodes.flatten, self._node_label
        for node in self.subgraph.nodes.values():
            if not data:
                yield node.id
                continue
            attrs = flatten(node.properties)
            attrs["labels"] = ";".join(node.labels)
            if name_attr:
                attrs[name_attr] = xml_text(node.name) if self._xml else node.name
            yield node.id, attrs

    def edges(self, data: bool = False, keys: bool = False) -> Iterator[tuple[Any, ...]]:
        flatten, type_attr, label_attr = self._edges.flatten, self._type_attr, self._edge_label
        for index, rel in enumerate(self.subgraph.relationships):
            attrs = flatten(rel.properties) if data else None
            if attrs is not None:
                if type_attr:
                    attrs[type_attr] = rel.type
                if label_attr:
                    attrs[label_attr] = rel.type
            head = (rel.start, rel.end, f"e{index}") if keys else (rel.start, rel.end)
            yield head + (attrs,) if data else head


def flat_networkx(subgraph: Subgraph, **options: Any) -> nx.MultiDiGraph:
    """A real ``MultiDiGraph`` with the attributes of :class:`FlatView` (same options)."""
    view = FlatView(subgraph, **options)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(view.nodes(data=True))
    graph.add_edges_from(view.edges(data=True, keys=True))
    return graph
