"""Selecting a subgraph in Neo4j and writing it in an analyst's format: the library behind
`tipgraph export`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ExportError
from .subgraph import Subgraph

__all__ = ["Selection", "select_subgraph", "export_selection"]


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


def select_subgraph(driver, database: str, selection: Selection, progress=None) -> Subgraph:
    from .store import fetch

    kind = selection.kind()
    if kind == "query":
        return fetch.fetch_named(driver, database, selection.query, **(selection.query_params or {}))
    if kind == "actor":
        from .actor_lookup import find_actor_id

        actor = find_actor_id(driver, database, selection.actor, selection.country)
        return fetch.fetch_ego(driver, database, actor, selection.hops)
    if kind == "cypher":
        return fetch.fetch_cypher(driver, database, selection.cypher, selection.cypher_params)
    return fetch.fetch_all(driver, database, progress=progress)


def export_selection(driver, database: str, selection: Selection, fmt: str, target, *,
                     redact: str | None = "victims", redact_mode: str = "pseudonymise",
                     progress=None) -> Subgraph:
    """Fetch, protect, write. ``redact``: ``"victims"`` (default: victims and witnesses are
    never exported under their names), ``"private"`` (everyone who holds no post) or None."""
    from .exporters import export
    from .redact import redact as redact_subgraph

    subgraph = select_subgraph(driver, database, selection, progress)
    if redact:
        subgraph = redact_subgraph(subgraph, mode=redact_mode, scope=redact)
    export(subgraph, fmt, target)
    return subgraph
