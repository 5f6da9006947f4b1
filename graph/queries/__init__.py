"""Named network queries, kept as data: ``queries.yaml`` lists each query's Cypher file,
summary, example and parameters with defaults. Running one is a read transaction with
parameters; nothing a user types is spliced into Cypher text.

A query may have *variants*: another Cypher file (and its columns) chosen when a parameter is
given, e.g. ``shared-gaps --min-agencies 3`` lists groups instead of pairs.

A query (or variant) may name a Python ``function`` (``module:name`` in this package) that runs
its Cypher and computes the rows from what it returns, when that is much cheaper than doing it
all in Cypher (``shared-gaps`` pairs); the parameters it applies itself are its
``python_params``. It is still a read transaction with parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import QueryError

__all__ = ["NamedQuery", "Variant", "named_queries", "get_query", "resolve_params", "run_named"]


@dataclass(frozen=True)
class Variant:
    """Another Cypher text for a query, used when parameter ``when`` is given (not null/false)."""

    when: str
    cypher: str
    columns: tuple[str, ...]
    function: str | None = None


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
    node_params: tuple[str, ...] = ()
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()
    lookup_params: tuple[str, ...] = ()  # only steer name lookups (e.g. country); not in the Cypher
    list_choices: dict[str, list[str]] = field(default_factory=dict)
    list_aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    function: str | None = None  # "module:name" that runs ``cypher`` and makes the rows
    python_params: tuple[str, ...] = ()  # parameters ``function`` applies, not the Cypher

    def _as_list(self, key: str, value: Any) -> list[str]:
        """A `list` parameter from "A,B" or a list: aliases expanded, items checked."""
        items = value.split(",") if isinstance(value, str) else list(value)
        allowed = self.list_choices.get(key)
        folded = {c.casefold(): c for c in allowed or ()}
        aliases = {k.casefold(): v for k, v in self.list_aliases.get(key, {}).items()}
        out: list[str] = []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            for name in aliases.get(item.casefold(), [item]):
                if allowed is not None and name.casefold() not in folded:
                    choices = ", ".join([*self.list_aliases.get(key, {}), *allowed])
                    raise QueryError(f"query {self.name!r}: {key} {item!r} is not one of {choices}")
                name = folded.get(name.casefold(), name)
                if name not in out:
                    out.append(name)
        return out

    def params(self, given: dict[str, Any]) -> dict[str, Any]:
        unknown = set(given) - set(self.defaults)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter(s) {', '.join(sorted(unknown))}")
        params = {**self.defaults, **{k: v for k, v in given.items() if v is not None}}
        for key, kind in (self.types or {}).items():
            if kind == "list" and params.get(key) is not None:
                params[key] = self._as_list(key, params[key]) or None
        for key, (low, high) in self.ranges.items():
            value = params.get(key)
            if value is not None and not low <= value <= high:
                raise QueryError(f"query {self.name!r}: {key} must be between {low} and {high}, not {value}")
        for key in self.arguments:
            if params.get(key) is None:
                raise QueryError(f"query {self.name!r} needs {key}")
        return params

    def variant(self, params: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        """The Cypher text and columns to use for these (complete) parameters."""
        for variant in self.variants:
            if params.get(variant.when) not in (None, False):
                return variant.cypher, variant.columns
        return self.cypher, self.columns

    def function_for(self, params: dict[str, Any]) -> str | None:
        """The Python function that makes the rows for these parameters (None: the Cypher's)."""
        for variant in self.variants:
            if params.get(variant.when) not in (None, False):
                return variant.function
        return self.function


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    # imported here: `tipgraph cypher` (graph.queries.cypher) needs neither YAML nor the registry
    from importlib import resources

    from ..schema.vocabulary import read_schema_yaml

    base = resources.files(__package__)
    src = read_schema_yaml(Path(str(base.joinpath("queries.yaml"))))
    spec = src.data
    out = {}
    for name, entry in spec.items():
        def read(file: str) -> str:
            return base.joinpath(file).read_text(encoding="utf-8")

        try:
            out[name] = NamedQuery(
                name=name, cypher=read(entry["file"]), summary=entry["summary"], example=entry["example"],
                columns=tuple(entry.get("columns") or ()), defaults=dict(entry.get("params") or {}),
                arguments=tuple(entry.get("arguments") or ()),
                actor_params=tuple(entry.get("actor_params") or ()),
                choices=dict(entry.get("choices") or {}), help=dict(entry.get("help") or {}),
                types=dict(entry.get("types") or {}), node_params=tuple(entry.get("node_params") or ()),
                ranges={k: (int(v[0]), int(v[1])) for k, v in (entry.get("range") or {}).items()},
                variants=tuple(Variant(v["when"], read(v["file"]), tuple(v.get("columns") or ()),
                                       v.get("function"))
                               for v in entry.get("variants") or ()),
                function=entry.get("function"),
                python_params=tuple(entry.get("python_params") or ()),
                lookup_params=tuple(entry.get("lookup_params") or ()),
                list_choices=dict(entry.get("list_choices") or {}),
                list_aliases=dict(entry.get("list_aliases") or {}))
        except (KeyError, TypeError, ValueError, OSError) as exc:
            raise src.error(f"query {name!r} is malformed: {exc!r}", str(name)) from exc
    return out


def get_query(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        raise QueryError(f"unknown query {name!r}; choose from {', '.join(named_queries())}") from None


def resolve_params(driver, database: str, name: str, **params: Any) -> dict[str, Any]:
    """``params`` with actor names and aliases (and, for node parameters, gap ids) replaced by
    node ids, as the query's Cypher expects them, looked up within ``country`` when given;
    unknown names raise QueryError."""
    from ..resolve.keys import canonical_country
    from .lookup import find_actor_id, find_node_id

    query = get_query(name)
    resolved = dict(params)
    country = params.get("country")
    if country is not None:
        resolved["country"] = canonical_country(country)  # "Myanmar" is stored as "Burma"
    for key, value in params.items():
        if value is None:
            continue
        if key in query.node_params:
            resolved[key] = find_node_id(driver, database, value, country)
        elif key in query.actor_params:
            resolved[key] = find_actor_id(driver, database, value, country)
    return resolved


def run_named(driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named query in READ mode (parameters are node ids, see :func:`resolve_params`);
    returns rows as plain dicts."""
    from neo4j import RoutingControl

    query = get_query(name)
    complete = query.params(params)
    cypher, _ = query.variant(complete)
    for key in query.lookup_params:
        complete.pop(key, None)
    function = query.function_for(complete)
    if function is not None:
        return _function(function)(driver, database, cypher, complete)
    records, _, _ = driver.execute_query(cypher, complete, database_=database, routing_=RoutingControl.READ)
    return [record.data() for record in records]


def _function(spec: str):
    """The function ``module:name`` of this package named by queries.yaml."""
    from importlib import import_module

    module, _, name = spec.partition(":")
    return getattr(import_module(f"{__package__}.{module}"), name)
