"""Property values for formats that only take scalars (GraphML, GEXF, CSV, neo4j-admin).

Lists become one string — ``"; "``-joined by default (readable in Gephi and spreadsheets) or a
JSON array with ``lists="json"`` (lossless) — and each property key gets one type across the
whole graph, because GraphML and GEXF declare an attribute's type once: a key that is an int on
one node and a string on another is written as a string everywhere.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Mapping

from ..errors import ExportError

__all__ = ["LIST_STYLES", "list_to_text", "column_types", "converters", "scalar_attrs", "to_text"]

LIST_STYLES = ("join", "json")
JOINER = "; "


def list_to_text(values: Iterable[Any], lists: str = "join") -> str:
    if lists == "json":
        return json.dumps(list(values), ensure_ascii=False, default=str)
    if lists == "join":
        return JOINER.join(str(v) for v in values)
    raise ExportError(f"unknown list style {lists!r}; choose from {', '.join(LIST_STYLES)}")


def to_text(value: Any, lists: str = "join") -> str:
    """Any property value as one string (``""`` for None)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return list_to_text(value, lists)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def column_types(rows: Iterable[Mapping[str, Any]]) -> tuple[dict[str, type], frozenset[str]]:
    """One Python type per key (bool, int or float when every value agrees, otherwise str), and
    the keys whose values all have that type already, so need no conversion."""
    seen: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None:
                kinds = seen.get(key)
                if kinds is None:
                    seen[key] = {type(value)}
                elif len(kinds) < 3:  # three kinds are enough to know the key is mixed
                    kinds.add(type(value))
    types = {key: _unify(kinds) for key, kinds in seen.items()}
    exact = frozenset(key for key, kinds in seen.items() if kinds == {types[key]})
    return types, exact


def converters(types: Mapping[str, type], lists: str = "join") -> dict[str, Callable[[Any], Any]]:
    """For each key, how to turn one value into its column type."""
    if lists not in LIST_STYLES:
        raise ExportError(f"unknown list style {lists!r}; choose from {', '.join(LIST_STYLES)}")

    def text(value: Any) -> str:
        return to_text(value, lists)

    return {key: (text if kind is str else kind) for key, kind in types.items()}


def scalar_attrs(props: Mapping[str, Any], convert: Mapping[str, Callable[[Any], Any]],
                 exact: frozenset[str]) -> dict[str, Any]:
    """``props`` with None dropped and each value converted; keys in ``exact`` are already of
    their column type everywhere and are copied as they are (the common, cheap case)."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue
        out[key] = value if key in exact else convert[key](value)
    return out


def _unify(kinds: set[type]) -> type:
    if kinds == {bool}:
        return bool
    if kinds == {int}:
        return int
    if kinds <= {int, float}:
        return float
    return str
