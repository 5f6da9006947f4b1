"""Property values for formats that only take scalars (GraphML, GEXF, CSV, neo4j-admin).

Lists become one string — ``"; "``-joined by default (readable in Gephi and spreadsheets) or a
JSON array with ``lists="json"`` (lossless) — and each property key gets one type across the
whole graph, because GraphML and GEXF declare an attribute's type once: a key that is an int on
one node and a string on another is written as a string everywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from ..errors import ExportError

__all__ = ["LIST_STYLES", "JOINER", "list_to_text", "to_text", "ColumnPlan", "plan_columns", "xml_safe"]

LIST_STYLES = ("join", "json")
JOINER = "; "
_LISTS = (list, tuple, set, frozenset)


def list_to_text(values: Iterable[Any], lists: str = "join") -> str:
    if lists == "join":
        try:
            return JOINER.join(values)  # the common case: a list of strings
        except TypeError:
            return JOINER.join(to_text(v, lists) for v in values)
    if lists == "json":
        return json.dumps(list(values), ensure_ascii=False, default=str)
    raise ExportError(f"unknown list style {lists!r}; choose from {', '.join(LIST_STYLES)}")


def to_text(value: Any, lists: str = "join") -> str:
    """Any property value as one string (``""`` for None, ``true``/``false`` for booleans)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, _LISTS):
        return list_to_text(value, lists)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class ColumnPlan:
    """How to flatten one kind of row (node or edge properties): ``types`` is the one Python
    type of each key; ``flatten(props)`` returns a new dict of scalars of those types."""

    types: Mapping[str, type]
    flatten: Callable[[Mapping[str, Any]], dict[str, Any]]


def plan_columns(rows: Iterable[Mapping[str, Any]], lists: str = "join",
                 reserved: frozenset[str] = frozenset(), rename_prefix: str = "property.") -> ColumnPlan:
    """One pass over ``rows`` to learn each key's type; keys in ``reserved`` are renamed
    ``<rename_prefix><key>``. Keys whose values all have their type already are copied as
    they are, so flattening a row costs a dict copy plus work on the few other keys."""
    if lists not in LIST_STYLES:
        raise ExportError(f"unknown list style {lists!r}; choose from {', '.join(LIST_STYLES)}")
    first: dict[str, type] = {}
    mixed: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kind = value.__class__
            known = first.get(key)
            if known is kind:
                continue
            if known is None:
                first[key] = kind
            else:
                mixed.setdefault(key, {known}).add(kind)
    types: dict[str, type] = {}
    fix: dict[str, Callable[[Any], Any]] = {}
    for key, kind in first.items():
        kinds = mixed.get(key, {kind}) - {type(None)}
        target = _unify(kinds)
        types[key] = target
        if kinds != {target} or key in mixed:  # some value needs converting (or is None)
            fix[key] = _converter(target, lists)
    renames = {key: rename_prefix + key for key in reserved.intersection(types)}
    return ColumnPlan(types, _flattener(fix, renames))


def _flattener(fix: dict[str, Callable[[Any], Any]], renames: dict[str, str]
               ) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    fix_items = tuple(fix.items())
    rename_items = tuple(renames.items())

    def flatten(props: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(props)
        for key, convert in fix_items:
            if key in out:
                value = out[key]
                if value is None:
                    del out[key]
                else:
                    out[key] = convert(value)
        for old, new in rename_items:
            if old in out:
                out[new] = out.pop(old)
        return out

    return flatten


def _converter(target: type, lists: str) -> Callable[[Any], Any]:
    if target is str:
        return lambda value: to_text(value, lists)
    return target


def _unify(kinds: set[type]) -> type:
    if kinds == {bool}:
        return bool
    if kinds == {int}:
        return int
    if kinds and kinds <= {int, float}:
        return float
    return str


# characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return): text
# taken from PDFs keeps form feeds and the like, and one of them makes a GraphML/GEXF file
# that no reader opens
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(subgraph):
    """``subgraph`` with every forbidden character in its string values replaced by a space
    (the same subgraph when there is none)."""
    from ..subgraph import Node, Relationship, Subgraph

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _XML_FORBIDDEN.sub(" ", value)
        if isinstance(value, (list, tuple)):
            return type(value)(clean(v) for v in value)
        return value

    def dirty(props: Mapping[str, Any]) -> bool:
        return any(_XML_FORBIDDEN.search(v) for v in _strings_in(props.values()))

    if not any(dirty(n.properties) for n in subgraph.nodes.values()) and \
            not any(dirty(r.properties) for r in subgraph.relationships):
        return subgraph
    return Subgraph.of((Node(n.id, n.labels, {k: clean(v) for k, v in n.properties.items()})
                        for n in subgraph.nodes.values()),
                       (Relationship(r.type, r.start, r.end, {k: clean(v) for k, v in r.properties.items()})
                        for r in subgraph.relationships))


def _strings_in(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (v for v in value if isinstance(v, str))
