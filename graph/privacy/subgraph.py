"""Protect private people before a subgraph leaves the machine.

A *private* person is a node labelled ``Person`` that is flagged ``role: victim`` or
``role: witness``, or that is neither flagged ``public: true`` nor the start of a
``HOLDS_POSITION`` relationship (public officials and organisation representatives stay).

``redact(subgraph, mode="pseudonymise")`` replaces each private person by ``Person 1``,
``Person 2`` … — numbered in the order of their sorted ids, so one export is consistent and
the same input always gives the same pseudonyms — with a new id
(``urn:tipgraph:redacted:person-N``) and no other properties. ``mode="drop"`` removes them and
their relationships instead. In both modes:

- their quotes go: the Statement nodes they ``STATED`` and the relationships of those nodes;
- their names, aliases and ids are replaced in every string property of every remaining node
  and relationship (evidence sentences, case summaries, report titles, ``saidBy`` lists …) by
  the pseudonym, or by ``[redacted]`` in drop mode. Matching ignores case and, for
  Latin-script names, takes whole words only; longer names are replaced first so "Dara Chenda"
  is not left as "Person 1 Chenda".

A subgraph is a slice: its sentences name people who are not in it. ``population`` — every
Person of the whole graph, with the ``HOLDS_POSITION`` relationships that make officials (see
:func:`graph.flows.export.people_of_graph`) — decides who is private and how each is numbered, so
the names of private people *outside* the slice are scrubbed too, and one person has the same
pseudonym in every export of one graph.

Example:
    >>> from graph.subgraph import Node, Relationship, Subgraph
    >>> sg = Subgraph.of([Node("p", ("Person",), {"name": "Dara"}), Node("o", ("Agency",), {"name": "Police"})],
    ...                  [Relationship("MENTIONS", "o", "p", {"evidence": ["Police met Dara."]})])
    >>> out = redact(sg)
    >>> [n.name for n in out.nodes.values()], out.relationships[0].properties["evidence"]
    (['Person 1', 'Police'], ['Police met Person 1.'])
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ..errors import ExportError
from ..subgraph import Node, Relationship, Subgraph
from .rule import SCOPES, is_private, name_pattern

__all__ = ["MODES", "SCOPES", "REDACTED", "redact", "Redactor", "private_people", "PSEUDONYM_ID_PREFIX"]

MODES = ("pseudonymise", "drop")
REDACTED = "[redacted]"
PSEUDONYM_ID_PREFIX = "urn:tipgraph:redacted:person-"


def _roles(node: Node) -> set[str]:
    roles = node.properties.get("roles") or []
    if isinstance(roles, str):
        roles = [roles]
    return {str(r).lower() for r in [*roles, node.properties.get("role") or ""] if r}


def private_people(subgraph: Subgraph, scope: str = "private") -> list[str]:
    """Ids of the people to protect, sorted. ``scope="victims"`` protects only people flagged as
    victims or witnesses (what every export does by default); ``"private"`` also everyone who
    holds no post and is not flagged public."""
    officials = {r.start for r in subgraph.relationships if r.type == "HOLDS_POSITION"}
    out = []
    for node in subgraph.nodes.values():
        if "Person" not in node.labels:
            continue
        public = node.properties.get("public") in (True, "true", "True", 1)
        if is_private(roles=_roles(node), holds_post=node.id in officials, public=public, scope=scope):
            out.append(node.id)
    return sorted(out)


def redact(subgraph: Subgraph, mode: str = "pseudonymise", scope: str = "private",
           population: Subgraph | None = None) -> Subgraph:
    people = Subgraph()
    if population is not None:
        people.merge(population)
    people.merge(subgraph)
    redactor = Redactor(people, mode=mode, scope=scope)
    redactor.quotes = redactor.quotes_among(subgraph.relationships, lambda node_id: _labels(subgraph, node_id))
    out = Subgraph()
    for node in subgraph.nodes.values():
        kept = redactor.node(node)
        if kept is not None:
            out.add_node(kept)
    for rel in subgraph.relationships:
        kept_rel = redactor.relationship(rel)
        if kept_rel is not None:
            out.add_relationship(kept_rel)
    return out


class Redactor:
    """:func:`redact` one node or relationship at a time, for exports that stream.

    ``people`` are every Person to decide about (with the ``HOLDS_POSITION`` relationships
    that make officials). Set ``quotes`` to the ids of the Statement nodes private people
    stated (see :meth:`quotes_among`): they go, with their relationships."""

    def __init__(self, people: Subgraph, *, mode: str = "pseudonymise", scope: str = "private") -> None:
        if mode not in MODES:
            raise ExportError(f"unknown redaction mode {mode!r}; choose from {', '.join(MODES)}")
        if scope not in SCOPES:
            raise ExportError(f"unknown redaction scope {scope!r}; choose from {', '.join(SCOPES)}")
        self.mode = mode
        self.private = private_people(people, scope)
        self.pseudonyms = {node_id: f"Person {i}" for i, node_id in enumerate(self.private, start=1)}
        self.new_ids = {node_id: f"{PSEUDONYM_ID_PREFIX}{i}" for i, node_id in enumerate(self.private, start=1)}
        self.quotes: set[str] = set()
        self._replace = _name_replacer(people, self.pseudonyms, self.new_ids, drop=(mode == "drop"))
        self._people = people

    def quotes_among(self, relationships, labels_of: Callable[[str], tuple[str, ...]]) -> set[str]:
        """The Statement nodes these relationships say a private person stated."""
        return {r.end for r in relationships
                if r.type == "STATED" and r.start in self.pseudonyms and "Statement" in labels_of(r.end)}

    def keeps_people(self) -> bool:
        """Whether the redacted graph of ``people`` still holds a Person node (pseudonyms are
        Person nodes; dropped people are gone)."""
        return any("Person" in node.labels and (self.mode != "drop" or node.id not in self.pseudonyms)
                   for node in self._people.nodes.values())

    def node(self, node: Node) -> Node | None:
        if node.id in self.quotes:
            return None
        if node.id in self.pseudonyms:
            if self.mode == "drop":
                return None
            new_id = self.new_ids[node.id]
            return Node(new_id, node.labels, {"id": new_id, "name": self.pseudonyms[node.id]})
        return Node(node.id, node.labels, _scrub(node.properties, self._replace))

    def relationship(self, rel: Relationship) -> Relationship | None:
        if rel.start in self.quotes or rel.end in self.quotes:
            return None
        if self.mode == "drop" and (rel.start in self.pseudonyms or rel.end in self.pseudonyms):
            return None
        return Relationship(rel.type, self.new_ids.get(rel.start, rel.start), self.new_ids.get(rel.end, rel.end),
                            _scrub(rel.properties, self._replace))


def _labels(subgraph: Subgraph, node_id: str) -> tuple[str, ...]:
    node = subgraph.nodes.get(node_id)
    return node.labels if node else ()


def _name_replacer(people: Subgraph, pseudonyms: dict[str, str], new_ids: dict[str, str], *,
                   drop: bool) -> Callable[[str], str]:
    by_name: dict[str, str] = {}
    for node_id, pseudonym in pseudonyms.items():
        props = people.nodes[node_id].properties
        aliases = props.get("aliases") or []
        names = [props.get("name"), *(aliases if isinstance(aliases, (list, tuple)) else [aliases])]
        by_name.setdefault(node_id.casefold(), REDACTED if drop else new_ids[node_id])
        for name in names:
            if isinstance(name, str) and name.strip():
                by_name.setdefault(name.strip().casefold(), REDACTED if drop else pseudonym)
    if not by_name:
        return lambda text: text
    # longest first, so a full name wins over a part of it that is also an alias
    pattern = re.compile("|".join(name_pattern(n) for n in sorted(by_name, key=len, reverse=True)), re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: by_name.get(m.group(0).casefold(), REDACTED), text)


def _scrub(props: dict[str, Any], replace: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in props.items():
        if key == "id":
            out[key] = value
        elif isinstance(value, str):
            out[key] = replace(value)
        elif isinstance(value, (list, tuple)):
            out[key] = [replace(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out
