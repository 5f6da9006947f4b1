"""Property values for formats that only take scalars (GraphML, GEXF, CSV, neo4j-admin).

Lists become one string — ``"; "``-joined by default (readable in Gephi and spreadsheets) or a
JSON array with ``lists="json"`` (lossless) — and each property key gets one type across the
whole graph, because GraphML and GEXF declare an attribute's type once: a key that is an int on
one node and a string on another is written as a string everywhere.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from ..errors import ExportError

__all__ = ["LIST_STYLES", "JOINER", "list_to_text", "to_text", "xml_text", "ColumnPlan", "plan_columns",
           "neutral_cell", "restore_cell", "formulas_kept", "SafeCsvWriter"]

LIST_STYLES = ("join", "json")
JOINER = "; "
_LISTS = (list, tuple, set, frozenset)
# characters XML 1.0 cannot hold at all (not even escaped): C0 controls but tab/LF/CR, lone
# surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` with the characters XML cannot hold replaced by spaces, so a GraphML or GEXF
    file always parses (a form feed from a PDF dump would otherwise make it unreadable).

    >>> xml_text("header\\fREFERENCES\\x00")
    'header REFERENCES '
    """
    return _NOT_XML.sub(" ", value) if _NOT_XML.search(value) else value


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
                 reserved: frozenset[str] = frozenset(), rename_prefix: str = "property.",
                 xml: bool = False) -> ColumnPlan:
    """One pass over ``rows`` to learn each key's type; keys in ``reserved`` are renamed
    ``<rename_prefix><key>``. Keys whose values all have their type already are copied as
    they are, so flattening a row costs a dict copy plus work on the few other keys.
    ``xml``: string values lose the characters XML cannot hold (:func:`xml_text`)."""
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
    text_keys = tuple(rename_prefix + k if k in renames else k for k, t in types.items() if t is str) if xml else ()
    return ColumnPlan(types, _flattener(fix, renames, text_keys))


def _flattener(fix: dict[str, Callable[[Any], Any]], renames: dict[str, str], text_keys: tuple[str, ...] = ()
               ) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    fix_items = tuple(fix.items())
    rename_items = tuple(renames.items())
    search = _NOT_XML.search

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
        for key in text_keys:
            value = out.get(key)
            if value is not None and search(value):
                out[key] = xml_text(value)
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


# --- spreadsheet formula injection ---------------------------------------------------------
# A cell that begins with = + - @ (or a tab / carriage return, which some spreadsheets skip
# before such a sign) is run as a formula when a CSV is opened in Excel, LibreOffice or Google
# Sheets: a name like "=HYPERLINK(…)" from a report would become a live link. Such cells get a
# leading apostrophe, which spreadsheets show as text; a cell that already begins with an
# apostrophe gets one more, so `restore_cell` undoes it exactly. Plain numbers ("-5") stay.
# Set TIPGRAPH_CSV_FORMULAS=keep to write cells unchanged (e.g. for a tool that is no spreadsheet).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def formulas_kept(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the user opted out of neutralising CSV cells (TIPGRAPH_CSV_FORMULAS=keep)."""
    env = os.environ if environ is None else environ
    return env.get("TIPGRAPH_CSV_FORMULAS", "").strip().lower() == "keep"


def neutral_cell(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet.

    >>> neutral_cell("=HYPERLINK(\\"http://x\\")"), neutral_cell("-5"), neutral_cell("Police")
    ('\\'=HYPERLINK("http://x")', '-5', 'Police')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The value :func:`neutral_cell` was given (for reading our own CSV back)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


class SafeCsvWriter:
    """A ``csv.writer`` whose cells are neutralised (unless the user opted out)."""

    def __init__(self, fh, **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)
        self._keep = formulas_kept()

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(row if self._keep else [neutral_cell(c) for c in row])
