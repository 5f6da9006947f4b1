"""CSV for ``neo4j-admin database import full`` (Neo4j 5): bulk-load a subgraph into an empty
database much faster than Cypher.

Writes into the ``target`` directory:

- ``nodes.csv`` — header ``id:ID,:LABEL,name,<prop>[:type]…``; ``:LABEL`` holds the labels
  joined by the array delimiter; the ``id:ID`` column also becomes the ``id`` property.
- ``relationships.csv`` — header ``:START_ID,:END_ID,:TYPE,<prop>[:type]…``.
- ``import.args`` — the matching command-line options, one per line, for
  ``neo4j-admin database import full @import.args <database>`` (picocli argument file).

Column types: ``string`` (default, no suffix), ``long``, ``double``, ``boolean`` when every
value of a property agrees, and arrays (``string[]``, ``long[]``, ``double[]``) for list
properties, elements joined by ``;``. neo4j-admin cannot escape the array delimiter, so when an
element itself contains ``;`` (a sentence of evidence often does) another delimiter is chosen
from ``| ¦ \\x1f`` and ``--array-delimiter`` is written to ``import.args``. When a value contains
a line break, ``--multiline-fields=true`` is written too. :func:`import_args` returns the same
options for a caller that runs neo4j-admin itself.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

from ..errors import ExportError
from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target, child_path, open_child, output_dir
from .values import SafeCsvWriter, restore_cell

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read", "import_args", "NODES_FILE",
           "RELATIONSHIPS_FILE", "ARGS_FILE"]

NAME = "neo4j-admin"
EXTENSION = ""  # a directory
DESCRIPTION = "CSV for neo4j-admin database import (typed headers, ';' arrays)."

NODES_FILE = "nodes.csv"
RELATIONSHIPS_FILE = "relationships.csv"
ARGS_FILE = "import.args"
DELIMITERS = (";", "|", "¦", "\x1f")

_SCALAR_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}


def write(subgraph: Subgraph, target: Target, **_: Any) -> None:
    directory = output_dir(target)
    nodes = list(subgraph.nodes.values())
    rels = subgraph.relationships
    delimiter = _choose_delimiter(nodes, rels)
    node_cols = _typed_columns((n.properties for n in nodes), {"id", "name"})
    rel_cols = _typed_columns((r.properties for r in rels), set())
    multiline = False

    with open_child(directory, NODES_FILE) as fh:
        out = SafeCsvWriter(fh, lineterminator="\n")
        out.writerow(["id:ID", ":LABEL", "name"] + [_header(k, t) for k, t in node_cols])
        for n in nodes:
            row = [n.id, delimiter.join(n.labels), n.name] + [
                _cell(n.properties.get(k), t, delimiter) for k, t in node_cols]
            multiline = multiline or _has_newline(row)
            out.writerow(row)
    with open_child(directory, RELATIONSHIPS_FILE) as fh:
        out = SafeCsvWriter(fh, lineterminator="\n")
        out.writerow([":START_ID", ":END_ID", ":TYPE"] + [_header(k, t) for k, t in rel_cols])
        for r in rels:
            row = [r.start, r.end, r.type] + [_cell(r.properties.get(k), t, delimiter) for k, t in rel_cols]
            multiline = multiline or _has_newline(row)
            out.writerow(row)
    with open_child(directory, ARGS_FILE) as fh:
        args = import_args(directory, delimiter=delimiter, multiline=multiline)
        # picocli argument files split on whitespace unless an argument is quoted
        fh.write("\n".join(f'"{a}"' if any(c.isspace() for c in a) else a for a in args) + "\n")


def import_args(directory: Path, *, delimiter: str = ";", multiline: bool = False) -> list[str]:
    """Options for ``neo4j-admin database import full`` reading the files in ``directory``."""
    args = [f"--nodes={directory / NODES_FILE}", f"--relationships={directory / RELATIONSHIPS_FILE}"]
    if delimiter != ";":
        args.append(f"--array-delimiter={'U+001F' if delimiter == chr(0x1F) else delimiter}")
    if multiline:
        args.append("--multiline-fields=true")
    return args


def read(source: Target) -> Subgraph:
    """Parse the two CSV files back (typed columns converted; used to check exports)."""
    directory = Path(str(source))
    delimiter = _delimiter_from_args(child_path(directory, ARGS_FILE))
    out = Subgraph()
    with child_path(directory, NODES_FILE).open(encoding="utf-8", newline="") as fh:
        rows = ([restore_cell(c) for c in row] for row in csv.reader(fh))
        header = next(rows)
        for row in rows:
            props = _parse_props(header[3:], row[3:], delimiter)
            props["id"], props["name"] = row[0], row[2]
            out.add_node(Node(row[0], tuple(x for x in row[1].split(delimiter) if x), props))
    with child_path(directory, RELATIONSHIPS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = ([restore_cell(c) for c in row] for row in csv.reader(fh))
        header = next(rows)
        for row in rows:
            out.add_relationship(Relationship(row[2], row[0], row[1], _parse_props(header[3:], row[3:], delimiter)))
    return out


def _choose_delimiter(nodes: list[Node], rels: list[Relationship]) -> str:
    used: set[str] = set()
    for item in (*nodes, *rels):
        for value in item.properties.values():
            if isinstance(value, (list, tuple)):
                for element in value:
                    used.update(ch for ch in DELIMITERS if ch in str(element))
    for n in nodes:
        for label in n.labels:
            used.update(ch for ch in DELIMITERS if ch in label)
    for candidate in DELIMITERS:
        if candidate not in used:
            return candidate
    raise ExportError("every array delimiter neo4j-admin could use occurs inside a list value")


def _typed_columns(rows: Iterable[dict[str, Any]], skip: set[str]) -> list[tuple[str, str]]:
    kinds: dict[str, set[str]] = {}
    for props in rows:
        for key, value in props.items():
            if value is None or key in skip:
                continue
            kinds.setdefault(key, set()).add(_kind(value))
    return [(key, _unify(found)) for key, found in sorted(kinds.items())]


def _kind(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        inner = {_SCALAR_TYPE.get(type(v), "string") for v in value}
        return (_unify(inner) if inner else "string") + "[]"
    return _SCALAR_TYPE.get(type(value), "string")


def _unify(kinds: set[str]) -> str:
    arrays = {k for k in kinds if k.endswith("[]")}
    if arrays:  # a property that is sometimes a list is an array column
        inner = {k.removesuffix("[]") for k in kinds}
        return _unify(inner) + "[]"
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {"long", "double"}:
        return "double"
    return "string"


def _header(key: str, kind: str) -> str:
    if ":" in key:  # a colon would be read as the start of a type
        raise ExportError(f"property name {key!r} contains ':', which neo4j-admin headers cannot hold")
    return key if kind == "string" else f"{key}:{kind}"


def _cell(value: Any, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        return delimiter.join(_scalar(v) for v in items)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _has_newline(row: list[str]) -> bool:
    return any("\n" in cell or "\r" in cell for cell in row)


def _delimiter_from_args(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip('"')
        if line.startswith("--array-delimiter="):
            value = line.split("=", 1)[1]
            return chr(0x1F) if value == "U+001F" else value
    return ";"


def _parse_props(header: list[str], cells: list[str], delimiter: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for column, cell in zip(header, cells):
        if cell == "":
            continue
        key, _, kind = column.partition(":")
        kind = kind or "string"
        if kind.endswith("[]"):
            props[key] = [_parse_scalar(x, kind[:-2]) for x in cell.split(delimiter)]
        else:
            props[key] = _parse_scalar(cell, kind)
    return props


def _parse_scalar(text: str, kind: str) -> Any:
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text
