"""Named network queries, kept as data: ``queries.yaml`` lists each query's Cypher file,
summary, example and parameters with defaults. Running one is a read transaction with
parameters; nothing a user types is spliced into Cypher text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import QueryError

__all__ = ["NamedQuery", "named_queries", "get_query", "run_named"]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    summary: str
    example: str
    columns: tuple[str, ...]
    defaults: dict[str, Any]
    arguments: tuple[str, ...] = ()
    actor_params: tuple[str, ...] = ()
    choices: dict[str, list[str]] | None = None
    help: dict[str, str] | None = None
    types: dict[str, str] | None = None

    def params(self, given: dict[str, Any]) -> dict[str, Any]:
        unknown = set(given) - set(self.defaults)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter(s) {', '.join(sorted(unknown))}")
        return {**self.defaults, **{k: v for k, v in given.items() if v is not None}}


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    base = resources.files(__package__)
    spec = yaml.safe_load(base.joinpath("queries.yaml").read_text(encoding="utf-8"))
    out = {}
    for name, entry in spec.items():
        out[name] = NamedQuery(
            name=name, cypher=base.joinpath(entry["file"]).read_text(encoding="utf-8"),
            summary=entry["summary"], example=entry["example"],
            columns=tuple(entry.get("columns") or ()), defaults=dict(entry.get("params") or {}),
            arguments=tuple(entry.get("arguments") or ()), actor_params=tuple(entry.get("actor_params") or ()),
            choices=dict(entry.get("choices") or {}), help=dict(entry.get("help") or {}),
            types=dict(entry.get("types") or {}))
    return out


def get_query(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        raise QueryError(f"unknown query {name!r}; choose from {', '.join(named_queries())}") from None


def run_named(driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named query in READ mode; returns rows as plain dicts."""
    from neo4j import RoutingControl

    query = get_query(name)
    records, _, _ = driver.execute_query(query.cypher, query.params(params), database_=database,
                                         routing_=RoutingControl.READ)
    return [record.data() for record in records]
