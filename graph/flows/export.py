"""Selecting a subgraph in Neo4j and writing it in an analyst's format: the library behind
`tipgraph export`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ExportError
from ..subgraph import Subgraph

__all__ = ["Selection", "select_subgraph", "export_selection", "people_of_graph"]

_PEOPLE = """
MATCH (p:Person) WHERE p.id IS NOT NULL
RETURN p.id AS id, labels(p) AS labels, properties(p) AS props,
       EXISTS { MATCH (p)-[:HOLDS_POSITION]->() } AS official
"""


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
                     progress=None) -> Subgraph:
    """Fetch, protect, write. ``redact``: ``"victims"`` (default: victims and witnesses are
    never exported under their names), ``"private"`` (everyone who holds no post) or None.
    Private people are looked up in the whole graph, so their names are scrubbed from the
    slice's sentences even when they are not in it. Files that name people (any Person in the
    export, or redaction off) are created readable by their owner only (0600)."""
    from ..exporters import export
    from ..exporters.sinks import private_files
    from ..privacy.subgraph import redact as redact_subgraph

    subgraph = select_subgraph(driver, database, selection, progress)
    if redact:
        subgraph = redact_subgraph(subgraph, mode=redact_mode, scope=redact,
                                   population=people_of_graph(driver, database))
    personal = not redact or any("Person" in n.labels for n in subgraph.nodes.values())
    with private_files(personal):
        export(subgraph, fmt, target)
    return subgraph
