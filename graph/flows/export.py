"""Selecting a subgraph in Neo4j and writing it in an analyst's format: the library behind
`tipgraph export`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ExportError
from ..subgraph import Subgraph

__all__ = ["Selection", "Exported", "select_subgraph", "export_selection", "people_of_graph"]

# the statements private people made: their quotes leave an export with them
_QUOTES_OF = """
MATCH (p:Person)-[:STATED]->(s:Statement) WHERE p.id IN $people AND s.id IS NOT NULL
RETURN collect(DISTINCT s.id) AS quotes
"""

_PEOPLE = """
MATCH (p:Person) WHERE p.id IS NOT NULL
RETURN p.id AS id, labels(p) AS labels, properties(p) AS props,
       EXISTS { MATCH (p)-[:HOLDS_POSITION]->() } AS official
"""


@dataclass(frozen=True)
class Exported:
    """How many nodes and relationships an export wrote."""

    nodes: int
    relationships: int


@dataclass(frozen=True)
class Selection:
    """What to export: the whole graph (default), a named query's result, an actor's ego
    network, or what a Cypher query returns. Exactly one of query/actor/cypher, or none."""

    query: str | None = None
    query_params: dict[str, Any] | None = None
    actor: str | None = None
    hops: int = 1
    country: str | None = None  # the country whose bodies a name in ``actor`` is looked up among
    cypher: str | None = None
    cypher_params: dict[str, Any] | None = None

    def kind(self) -> str:
        chosen = [k for k, v in (("query", self.query), ("actor", self.actor), ("cypher", self.cypher)) if v]
        if len(chosen) > 1:
            raise ExportError(f"choose one of --query, --actor, --cypher (got {', '.join(chosen)})")
        return chosen[0] if chosen else "all"


def people_of_graph(driver, database: str) -> Subgraph:
    """Every Person of the graph, with a ``HOLDS_POSITION`` stub for each official: what
    redaction needs to know who is private *anywhere*, not only inside the exported slice."""
    from neo4j import RoutingControl

    from ..subgraph import Node, Relationship

    records, _, _ = driver.execute_query(_PEOPLE, database_=database, routing_=RoutingControl.READ)
    people = Subgraph()
    for rec in records:
        people.add_node(Node(rec["id"], tuple(sorted(rec["labels"])), dict(rec["props"])))
        if rec["official"]:
            people.add_relationship(Relationship("HOLDS_POSITION", rec["id"], "urn:tipgraph:post"))
    return people


def select_subgraph(driver, database: str, selection: Selection, progress=None) -> Subgraph:
    """The selected slice, closed: every relationship's two ends are in it (a node written
    between the reads of nodes and relationships is fetched; one deleted meanwhile drops its
    relationships), so an export taken during an ingest never has dangling edges."""
    from neo4j.exceptions import ClientError

    from ..store.connection import neo4j_errors

    with neo4j_errors(None, database=database):
        try:
            return _closed(driver, database, _select(driver, database, selection, progress))
        except ClientError as exc:
            # a user's --cypher that writes or fails: one clear line, not a traceback
            if selection.kind() != "cypher" or not str(exc.code or "").startswith("Neo.ClientError.Statement"):
                raise
            from ..queries.cypher import query_error

            raise query_error(exc, write=False, command="`tipgraph export --cypher`") from exc


def _closed(driver, database: str, subgraph: Subgraph) -> Subgraph:
    from ..store.fetch import fetch_ids

    missing = {end for r in subgraph.relationships for end in (r.start, r.end)} - set(subgraph.nodes)
    if missing:
        for node in fetch_ids(driver, database, missing).nodes.values():
            subgraph.add_node(node)
        subgraph.relationships = [r for r in subgraph.relationships
                                  if r.start in subgraph.nodes and r.end in subgraph.nodes]
    return subgraph


def _select(driver, database: str, selection: Selection, progress=None) -> Subgraph:
    from ..store import fetch

    kind = selection.kind()
    if kind == "query":
        return fetch.fetch_named(driver, database, selection.query, **(selection.query_params or {}))
    if kind == "actor":
        from ..queries.lookup import find_actor_id

        actor = find_actor_id(driver, database, selection.actor, selection.country)
        return fetch.fetch_ego(driver, database, actor, selection.hops)
    if kind == "cypher":
        from ..queries.cypher import check_read_only

        check_read_only(driver, database, selection.cypher, selection.cypher_params or {},
                        command="`tipgraph export --cypher`")
        return fetch.fetch_cypher(driver, database, selection.cypher, selection.cypher_params)
    return fetch.fetch_all(driver, database, progress=progress)


def export_selection(driver, database: str, selection: Selection, fmt: str, target, *,
                     redact: str | None = "victims", redact_mode: str = "pseudonymise",
                     progress=None) -> Exported:
    """Fetch, protect, write. ``redact``: ``"victims"`` (default: victims and witnesses are
    never exported under their names), ``"private"`` (everyone who holds no post) or None.
    Private people are looked up in the whole graph, so their names are scrubbed from the
    slice's sentences even when they are not in it. Files that name people (any Person in the
    export, or redaction off) are created readable by their owner only (0600).

    The whole graph, in a format that can be written as it comes (``write_stream``: csv), is
    streamed from Neo4j to disk: memory holds node ids, not the graph."""
    from ..exporters import can_stream, export
    from ..exporters.sinks import private_files
    from ..privacy.subgraph import redact as redact_subgraph

    if selection.kind() == "all" and can_stream(fmt):
        return _export_streamed(driver, database, fmt, target, redact, redact_mode, progress)
    subgraph = select_subgraph(driver, database, selection, progress)
    if redact:
        subgraph = redact_subgraph(subgraph, mode=redact_mode, scope=redact,
                                   population=people_of_graph(driver, database))
    personal = not redact or any("Person" in n.labels for n in subgraph.nodes.values())
    with private_files(personal):
        export(subgraph, fmt, target)
    return Exported(len(subgraph.nodes), len(subgraph.relationships))


def _export_streamed(driver, database: str, fmt: str, target, redact: str | None, redact_mode: str,
                     progress) -> Exported:
    """The whole graph, redacted item by item, as :func:`export_selection` would write it."""
    from neo4j import RoutingControl

    from ..exporters import export_stream
    from ..exporters.sinks import private_files
    from ..privacy.subgraph import Redactor
    from ..store.connection import neo4j_errors
    from ..store.fetch import property_keys, stream_all

    with neo4j_errors(None, database=database):
        items = stream_all(driver, database, progress)
        personal = True
        if redact:
            redactor = Redactor(people_of_graph(driver, database), mode=redact_mode, scope=redact)
            records, _, _ = driver.execute_query(_QUOTES_OF, people=redactor.private, database_=database,
                                                 routing_=RoutingControl.READ)
            redactor.quotes = set(records[0]["quotes"])
            personal = redactor.keeps_people()
            items = _redacted(items, redactor)
        node_keys, relationship_keys = property_keys(driver, database)
        with private_files(personal):
            nodes, relationships = export_stream(items, fmt, target, node_keys=node_keys,
                                                 relationship_keys=relationship_keys)
    return Exported(nodes, relationships)


def _redacted(items, redactor):
    from ..subgraph import Node

    for item in items:
        kept = redactor.node(item) if isinstance(item, Node) else redactor.relationship(item)
        if kept is not None:
            yield kept
