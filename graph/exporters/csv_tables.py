"""Two CSV tables in one directory: ``nodes.csv`` and ``edges.csv``.

``target`` is a directory (created if missing). ``prefix="tip-"`` names the files
``tip-nodes.csv`` / ``tip-edges.csv`` so several exports can share a directory; the prefix must
be a plain file-name part (no ``/``, ``\\`` or ``..``).

``nodes.csv`` columns: ``id, labels, name`` then every other property (sorted); ``edges.csv``:
``start, type, end`` then every property. ``labels`` is ``;``-joined. List and dict values are
JSON (``["a", "b"]``) so nothing is lost; ``lists="join"`` writes ``a; b`` instead. UTF-8,
RFC 4180 quoting, ``\\n`` line ends. :func:`read` gives the subgraph back (JSON arrays
restored).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable

from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target, child_path, open_child, output_dir, safe_file_name
from .values import SafeCsvWriter, restore_cell, to_text

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read", "file_names"]

NAME = "csv"
EXTENSION = ""  # a directory
DESCRIPTION = "nodes.csv + edges.csv in a directory (lists as JSON arrays)."

NODE_FIELDS = ("id", "labels", "name")
EDGE_FIELDS = ("start", "type", "end")


def file_names(prefix: str = "") -> tuple[str, str]:
    return safe_file_name(f"{prefix}nodes.csv"), safe_file_name(f"{prefix}edges.csv")


def write(subgraph: Subgraph, target: Target, *, prefix: str = "", lists: str = "json", **_: Any) -> None:
    directory = output_dir(target)
    nodes_name, edges_name = file_names(prefix)
    _write_table(directory, nodes_name, NODE_FIELDS, list(subgraph.nodes.values()),
                 lambda n: [n.id, ";".join(n.labels), n.name], lists)
    _write_table(directory, edges_name, EDGE_FIELDS, subgraph.relationships,
                 lambda r: [r.start, r.type, r.end], lists)


def _write_table(directory: Path, name: str, fields: tuple[str, ...], items: list, fixed, lists: str) -> None:
    """One CSV file: ``fields`` (``fixed(item)``'s values) then every property column."""
    columns = _columns((item.properties for item in items), fields)
    with open_child(directory, name) as fh:
        out = SafeCsvWriter(fh, lineterminator="\n")
        out.writerow(fields + columns)
        for item in items:
            out.writerow(fixed(item) + [to_text(item.properties.get(c), lists) for c in columns])


def read(source: Target, *, prefix: str = "") -> Subgraph:
    directory = Path(str(source))
    nodes_name, edges_name = file_names(prefix)
    out = Subgraph()
    with child_path(directory, nodes_name).open(encoding="utf-8", newline="") as fh:
        for row in map(_restored, csv.DictReader(fh)):
            labels = tuple(x for x in row.pop("labels").split(";") if x)
            node_id = row["id"]
            out.add_node(Node(node_id, labels, _restore(row)))
    with child_path(directory, edges_name).open(encoding="utf-8", newline="") as fh:
        for row in map(_restored, csv.DictReader(fh)):
            start, rel_type, end = row.pop("start"), row.pop("type"), row.pop("end")
            out.add_relationship(Relationship(rel_type, start, end, _restore(row)))
    return out


def _columns(rows: Iterable[dict[str, Any]], fixed: tuple[str, ...]) -> tuple[str, ...]:
    keys: set[str] = set()
    for row in rows:
        keys.update(row)
    return tuple(sorted(keys - set(fixed)))


def _restore(row: dict[str, str]) -> dict[str, Any]:
    """Empty cells are absent properties; JSON arrays/objects become lists/dicts again."""
    props: dict[str, Any] = {}
    for key, value in row.items():
        if value == "":
            continue
        if value[:1] in "[{":
            try:
                props[key] = json.loads(value)
                continue
            except ValueError:
                pass
        props[key] = value
    return props


def _restored(row: dict[str, str]) -> dict[str, str]:
    return {k: restore_cell(v) if isinstance(v, str) else v for k, v in row.items()}
