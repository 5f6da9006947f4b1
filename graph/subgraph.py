"""A property-graph slice fetched from Neo4j: the common input of every exporter and of the
networkx analytics. Plain data, so exporters can be tested without a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

__all__ = ["Node", "Relationship", "Subgraph"]


@dataclass(frozen=True)
class Node:
    id: str                      # the node's stable `id` property (its IRI)
    labels: tuple[str, ...]      # e.g. ("Actor", "Agency", "Ministry")
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def name(self) -> str:
        return str(self.properties.get("name") or self.id)


@dataclass(frozen=True)
class Relationship:
    type: str                    # UPPER_SNAKE, e.g. "HAS_GAP"
    start: str                   # Node.id
    end: str                     # Node.id
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Distinguishes parallel relationships of one type (e.g. two posts in one agency)."""
        return (self.start, self.type, self.end, str(self.properties.get("key", "")))


@dataclass
class Subgraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def add_relationship(self, rel: Relationship) -> None:
        self.relationships.append(rel)

    def merge(self, other: "Subgraph") -> None:
        for node in other.nodes.values():
            self.add_node(node)
        seen = {r.key for r in self.relationships}
        for rel in other.relationships:
            if rel.key not in seen:
                seen.add(rel.key)
                self.relationships.append(rel)

    @classmethod
    def of(cls, nodes: Iterable[Node], relationships: Iterable[Relationship]) -> "Subgraph":
        graph = cls()
        for n in nodes:
            graph.add_node(n)
        for r in relationships:
            graph.add_relationship(r)
        return graph

    def to_networkx(self):
        """A ``networkx.MultiDiGraph``: node attributes are the properties plus ``labels``
        (a ``;``-joined string) ; edge attributes are the properties plus ``type``."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for node in self.nodes.values():
            g.add_node(node.id, labels=";".join(node.labels), **node.properties)
        for rel in self.relationships:
            g.add_edge(rel.start, rel.end, key=rel.key[3] or rel.type, type=rel.type, **rel.properties)
        return g
