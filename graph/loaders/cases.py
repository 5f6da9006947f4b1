"""Structured case records: CSV (comma, semicolon, tab) and JSON / JSONL rows.

Headers are mapped to canonical keys by ``schemas/case-columns.yaml`` (synonyms for the
usual spellings; unknown columns are ignored). Rows become ``Report.case_rows`` (dicts with
canonical keys only) and a readable summary, one paragraph per case, becomes
``Report.text``. Victims' names are kept in the rows but never written into the text, so
text extraction cannot pick them up as ordinary people.

A missing required column, an unreadable value or a duplicate case id is an
:class:`InputError` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..paths import schema_file
from ..privacy.rule import PRIVATE_ROLES
from ..record import CASE_STATUSES
from ..report import Report
from ..schema.vocabulary import read_schema_yaml, vocabulary
from ._common import clean_value, decode_text, parse_date

__all__ = [
    "NAME", "EXTENSIONS", "ROLE_COLUMNS", "sniff", "load", "load_case_columns", "CaseColumns",
    "ColumnSpec", "normalise_rows", "case_summary", "split_names",
]

NAME = "cases"
EXTENSIONS = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")

# role columns in the order a summary names them (the case roles of schemas/model.yaml)
ROLE_COLUMNS = tuple(vocabulary().case_roles)
_KINDS = {"text", "date", "year", "integer", "enum", "actors"}
_NAME_SPLIT = re.compile(r"\s*[;|]\s*")
_TRUE = {"1", "true", "yes", "y", "x", "✓"}
_ROW_KEYS = ("cases", "records", "rows", "data", "items")
_REPORT_KEYS = ("title", "publisher", "author", "date", "url", "country")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    required: bool = False
    role: str | None = None
    synonyms: tuple[str, ...] = ()
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseColumns:
    """The column mapping: canonical columns and the header spellings that map to them."""

    columns: dict[str, ColumnSpec]
    headers: dict[str, str]  # normalised header -> canonical column
    flags: dict[str, tuple[str, str]]  # normalised header -> (column, value) for one-hot columns

    def canonical(self, header: str) -> str | None:
        return self.headers.get(_norm(header))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.columns.items() if spec.required)


def sniff(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"[", b"{")):
        return True
    try:
        first_line = head.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0]
    except ValueError:
        return False
    cells = next(csv.reader([first_line], _dialect_for(first_line)), [])
    mapping = load_case_columns()
    mapped = {mapping.canonical(c) for c in cells} - {None}
    return "case_id" in mapped and len(mapped) >= 2


def load(path: Path) -> Report:
    text = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise InputError("empty case file (no rows)", path=str(path))
    meta: dict[str, Any] = {}
    suffix = path.suffix.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix in (".jsonl", ".ndjson") or (stripped.startswith("{") and _is_jsonl(stripped)):
        raw_rows = list(_jsonl_rows(stripped, path))
    elif suffix == ".json" or stripped.startswith(("[", "{")):
        raw_rows, meta = _json_rows(stripped, path)
    else:
        raw_rows = list(_csv_rows(text.lstrip("\ufeff"), path))
    rows = normalise_rows(raw_rows, path=str(path))
    if not rows:
        raise InputError("case file has a header but no case rows", path=str(path))
    countries = {r.get("country") for r in rows}
    return Report(
        path=str(path), text="\n\n".join(case_summary(r) for r in rows), format=NAME,
        title=clean_value(meta.get("title")), publisher=clean_value(meta.get("publisher")),
        date=parse_date(meta.get("date")), author=clean_value(meta.get("author")),
        url=clean_value(meta.get("url")),
        country=clean_value(meta.get("country")) or (countries.pop() if len(countries) == 1 else None),
        case_rows=tuple(rows),
    )


@lru_cache(maxsize=4)
def load_case_columns(path: str | None = None) -> CaseColumns:
    """The column mapping from ``schemas/case-columns.yaml`` (or ``path``), validated."""
    src = read_schema_yaml(Path(path) if path else schema_file("case-columns.yaml"))
    if not isinstance(src.data.get("columns"), dict):
        raise src.error("invalid case column mapping: no `columns` mapping", "columns")
    specs = {}
    for name, body in src.data["columns"].items():
        try:
            specs[name] = _column_spec(name, body)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise src.error(f"invalid case column mapping: {exc}", "columns", str(name)) from exc
    headers: dict[str, str] = {}
    flags: dict[str, tuple[str, str]] = {}
    for spec in specs.values():
        for header in (spec.name, *spec.synonyms):
            key = _norm(header)
            if headers.get(key, spec.name) != spec.name:
                raise src.error(f"header {header!r} maps to both {headers[key]} and {spec.name}",
                                "columns", spec.name)
            headers[key] = spec.name
        flags.update({_norm(h): (spec.name, value) for h, value in spec.flags.items()})
    return CaseColumns(columns=specs, headers=headers, flags=flags)


def normalise_rows(raw_rows: Iterable[tuple[int, dict[str, Any]]], *, path: str) -> list[dict[str, Any]]:
    """Rows with canonical keys and typed values; ``raw_rows`` yields (line number, row)."""
    mapping = load_case_columns()
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    checked_headers = False
    for line, raw in raw_rows:
        if not checked_headers:
            _check_headers(list(raw), mapping, path)
            checked_headers = True
        row = _normalise_row(raw, mapping, path=path, line=line)
        if all(v in (None, []) for v in row.values()):
            continue  # a blank spreadsheet row
        case_id = row.get("case_id")
        if not case_id:
            raise InputError(f"line {line}: empty case_id", path=path)
        if case_id in seen:
            raise InputError(f"line {line}: duplicate case_id {case_id!r} (first on line {seen[case_id]})",
                             path=path)
        seen[case_id] = line
        rows.append(row)
    return rows


def case_summary(row: dict[str, Any]) -> str:
    """One readable paragraph for a case row; victims are counted, never named.

    >>> case_summary({"case_id": "KH-1", "year": 2019, "place": "Poipet", "status": "arrested",
    ...               "investigated_by": ["Cambodian National Police"], "suspect": ["Sok Dara"],
    ...               "victim": ["Srey Pov"], "victims": 1})
    'Case KH-1 (2019, Poipet): status arrested. 1 victim. Investigated by Cambodian National Police. Suspect: Sok Dara.'
    """
    when = row.get("date") or row.get("year")
    where = [str(x) for x in (when, row.get("place"), row.get("country")) if x]
    head = f"Case {row['case_id']}" + (f" ({', '.join(where)})" if where else "") + ":"
    what = []
    if row.get("exploitation"):
        what.append(f"{row['exploitation'].replace('_', ' ')} exploitation")
    if row.get("stage"):
        what.append(f"identified at the {row['stage']} stage")
    if row.get("status"):
        what.append(f"status {row['status']}")
    parts = [head + (" " + ", ".join(what) + "." if what else "")]
    counts = [f"{n} {word}{'' if n == 1 else 's'}" for word, n in
              (("victim", row.get("victims")), ("suspect", row.get("suspects"))) if n is not None]
    if counts:
        parts.append(", ".join(counts) + ".")
    for role in ROLE_COLUMNS:
        names = row.get(role) or []
        if role in PRIVATE_ROLES or not names:
            continue
        label = role.replace("_", " ")
        if vocabulary().case_roles[role].person:
            parts.append(f"{label.capitalize()}{'s' if len(names) > 1 else ''}: {'; '.join(names)}.")
        else:
            parts.append(f"{label.capitalize()} {'; '.join(names)}.")
    if row.get("summary"):
        parts.append(row["summary"].rstrip(".") + ".")
    return " ".join(parts)


def split_names(value: Any) -> list[str]:
    r"""Names from a cell: a list; lines, when the cell has several (a spreadsheet's
    multi-line cell); else text separated by ``;`` or ``|``.

    >>> split_names("Sok Dara; Ly Bopha")
    ['Sok Dara', 'Ly Bopha']
    >>> split_names("Robert'); MATCH (n) DETACH DELETE n; //\nLy Bopha")
    ["Robert'); MATCH (n) DETACH DELETE n; //", 'Ly Bopha']
    """
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif "\n" in (text := str(value).strip()):
        items = text.splitlines()
    else:
        items = _NAME_SPLIT.split(text)
    names = []
    for item in items:
        name = " ".join(str(item).split())  # collapse whitespace only: quotes, scripts stay intact
        if name and name not in names:
            names.append(name)
    return names


# --- reading files ------------------------------------------------------------------------

def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), _dialect_for(first_line))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise InputError("CSV has no header row", path=str(path))
        names = [h.strip() for h in header]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            # fewer cells than headers: the rest are empty; more: the extras have no column
            yield reader.line_num, dict(zip(names, row + [""] * (len(names) - len(row))))
    except csv.Error as exc:
        raise InputError(f"malformed CSV near line {reader.line_num}: {exc}", path=str(path)) from exc


def _json_rows(text: str, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         path=str(path)) from exc
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        key = next((k for k in _ROW_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            if any(load_case_columns().canonical(str(k)) == "case_id" for k in data):
                data = [data]  # a single case object
            else:
                raise InputError(f"JSON object has no list of cases (expected a list, or one of "
                                 f"the keys {', '.join(_ROW_KEYS)})", path=str(path))
        else:
            meta = {k: data.get(k) for k in _REPORT_KEYS if data.get(k) is not None}
            data = data[key]
    if not isinstance(data, list):
        raise InputError("JSON must be a list of case objects", path=str(path))
    rows = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(f"case {i} is a {type(item).__name__}, not an object", path=str(path))
        rows.append((i, item))
    return rows, meta


def _jsonl_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: malformed JSON: {exc.msg}", path=str(path)) from exc
        if not isinstance(item, dict):
            raise InputError(f"line {number}: not a JSON object", path=str(path))
        yield number, item


def _is_jsonl(text: str) -> bool:
    """An object per line rather than one JSON document."""
    first = text.split("\n", 1)[0].strip()
    try:
        return isinstance(json.loads(first), dict) and bool(text[len(first):].strip())
    except json.JSONDecodeError:
        return False


def _dialect_for(first_line: str) -> type[csv.Dialect]:
    """Excel quoting with the delimiter the header line uses most (",", ";", tab or "|").

    csv.Sniffer is not used: on a header line alone it guesses quoting rules wrongly.
    """
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    delimiter = max(",;\t|", key=unquoted.count)
    return type("CaseDialect", (csv.excel,), {"delimiter": delimiter if unquoted.count(delimiter) else ","})


# --- normalising rows -----------------------------------------------------------------------

def _check_headers(headers: list[str], mapping: CaseColumns, path: str) -> None:
    found: dict[str, str] = {}
    for header in headers:
        column = mapping.canonical(header)
        if column is None:
            continue
        if column in found:
            raise InputError(f"columns {found[column]!r} and {header!r} both map to {column}", path=path)
        found[column] = header
    missing = [c for c in mapping.required if c not in found]
    if missing:
        accepted = "; ".join(f"{c} (e.g. {', '.join(repr(s) for s in mapping.columns[c].synonyms[:4])})"
                             for c in missing)
        raise InputError(f"missing required column(s): {accepted}; found columns: "
                         f"{', '.join(repr(h) for h in headers)}", path=path)


def _normalise_row(raw: dict[str, Any], mapping: CaseColumns, *, path: str, line: int) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for header, value in raw.items():
        column = mapping.canonical(str(header))
        if column is not None:
            row[column] = _convert(mapping.columns[column], value, path=path, line=line)
        elif (flag := mapping.flags.get(_norm(str(header)))) and _truthy(value) and not row.get(flag[0]):
            row[flag[0]] = flag[1]
    if row.get("year") is None and isinstance(row.get("date"), date):
        row["year"] = row["date"].year
    if isinstance(row.get("date"), date):
        row["date"] = row["date"].isoformat()  # rows stay plain JSON data
    return {name: row.get(name, [] if spec.kind == "actors" else None)
            for name, spec in mapping.columns.items()}


def _convert(spec: ColumnSpec, value: Any, *, path: str, line: int) -> Any:
    if spec.kind == "actors":
        return split_names(value)
    if isinstance(value, str):
        value = value.strip()
    if value in (None, "") or (isinstance(value, list) and not value):
        return None
    where = f"line {line}, column {spec.name}"
    if spec.kind == "text":
        return " ".join(str(value).split())
    if spec.kind == "integer":
        return _integer(value, where, path)
    if spec.kind == "year":
        year = _integer(value, where, path)
        if not 1800 <= year <= 2200:
            raise InputError(f"{where}: {value!r} is not a year", path=path)
        return year
    if spec.kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            raise InputError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)", path=path)
        return parsed
    return _enum(spec, str(value), where, path)


def _integer(value: Any, where: str, path: str) -> int:
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a number", path=path) from None
    if number != int(number) or number < 0:
        raise InputError(f"{where}: {value!r} is not a whole number", path=path)
    return int(number)


def _enum(spec: ColumnSpec, value: str, where: str, path: str) -> str:
    text = " " + _norm(value) + " "
    # longest synonym first, so "not guilty" wins over "guilty"
    candidates = sorted(((syn, v) for v, syns in spec.values.items() for syn in (v, *syns)),
                        key=lambda pair: -len(pair[0]))
    for synonym, canonical in candidates:
        if f" {_norm(synonym)} " in text:
            return canonical
    raise InputError(f"{where}: {value!r} is not a known value (use one of "
                     f"{', '.join(spec.values)})", path=path)


def _column_spec(name: str, body: dict[str, Any]) -> ColumnSpec:
    kind = body.get("kind", "text")
    if kind not in _KINDS:
        raise ValueError(f"column {name}: unknown kind {kind!r}")
    values = {str(v): tuple(str(s) for s in (syns or [])) for v, syns in (body.get("values") or {}).items()}
    if name == "status" and set(values) != set(CASE_STATUSES):
        raise ValueError(f"status values must be {', '.join(CASE_STATUSES)}")
    if body.get("role") and body["role"] not in vocabulary().case_roles:
        raise ValueError(f"column {name}: role {body['role']!r} is not a case role of model.yaml")
    return ColumnSpec(name=name, kind=kind, required=bool(body.get("required")), role=body.get("role"),
                      synonyms=tuple(str(s) for s in body.get("synonyms") or ()), values=values,
                      flags={str(k): str(v) for k, v in (body.get("flags") or {}).items()})


def _norm(header: str) -> str:
    """'Case No.' / 'case_no' / 'CASE-NO' -> 'case no'."""
    return " ".join(re.sub(r"[\s_.\-/:()#]+", " ", header.casefold()).split())


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().casefold() in _TRUE
