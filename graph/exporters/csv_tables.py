"""Two CSV tables in one directory: ``nodes.csv`` and ``edges.csv``.

``target`` is a directory (created if missing). ``prefix="tip-"`` names the files
``tip-nodes.csv`` / ``tip-edges.csv`` so several exports can share a directory; the prefix must
be a plain file-name part (no ``/``, ``\\`` or ``..``).

``nodes.csv`` columns: ``id, labels, name`` then every other property (sorted); ``edges.csv``:
``start, type, end`` then every property. ``labels`` is ``;``-joined. List and dict values are
JSON (``["a", "b"]``) so nothing is lost; ``lists="join"`` writes ``a; b`` instead. UTF-8,
RFC 4180 quoting, ``\\n`` line ends. :func:`read` gives the subgraph back (JSON arrays
restored). :func:`write_stream` writes the same tables from a stream of nodes and
relationships, for a graph too large to hold in memory.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable

from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target, child_path, open_child, output_dir, safe_file_name
from .values import SafeCsvWriter, restore_cell, to_text

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "write_stream", "read", "file_names"]

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


def write_stream(items: Iterable[Node | Relationship], target: Target, *, node_keys: Iterable[str],
                 relationship_keys: Iterable[str], prefix: str = "", lists: str = "json",
                 **_: Any) -> tuple[int, int]:
    """The tables :func:`write` makes of the same nodes and relationships (in the order each
    kind comes), from ``items`` in any order, holding only one row at a time; returns how many
    nodes and relationships were written. ``node_keys`` / ``relationship_keys`` are the
    property keys expected (from the database): rows go to disk under those columns at once,
    and the few exports whose rows turn out to have other keys are rewritten at the end."""
    directory = output_dir(target)
    nodes_name, edges_name = file_names(prefix)
    nodes = _StreamedTable(directory, nodes_name, NODE_FIELDS, node_keys, lists)
    edges = _StreamedTable(directory, edges_name, EDGE_FIELDS, relationship_keys, lists)
    with nodes, edges:
        for item in items:
            if isinstance(item, Node):
                nodes.add([item.id, ";".join(item.labels), item.name], item.properties)
            else:
                edges.add([item.start, item.type, item.end], item.properties)
        nodes.finish()
        edges.finish()
    return nodes.rows, edges.rows


class _StreamedTable:
    """One CSV table written as its rows come: the rows are staged in an unnamed file beside
    the output, under the expected columns (a key not expected gets a column at the end), and
    put under their header when the stream ends. The header is the sorted keys the rows had,
    as :func:`write` makes it; when that differs from the columns used, rows are remapped."""

    def __init__(self, directory: Path, name: str, fields: tuple[str, ...], keys: Iterable[str], lists: str) -> None:
        self.directory, self.name, self.fields, self.lists = directory, name, fields, lists
        self.columns = sorted(set(keys) - set(fields))
        self._known = set(self.columns)
        self._seen: set[str] = set()
        self.rows = 0
        self._staging = tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=directory,
                                               prefix=f".{name}.")
        self._writer = SafeCsvWriter(self._staging, lineterminator="\n")

    def __enter__(self) -> "_StreamedTable":
        return self

    def __exit__(self, *exc: object) -> None:
        self._staging.close()

    def add(self, fixed: list[str], props: dict[str, Any]) -> None:
        for key in props.keys() - self._known:
            if key not in self.fields:
                self.columns.append(key)
                self._known.add(key)
        self._seen.update(props)
        self._writer.writerow(fixed + [to_text(props.get(c), self.lists) for c in self.columns])
        self.rows += 1

    def finish(self) -> None:
        header = sorted(self._seen - set(self.fields))
        self._staging.seek(0)
        with open_child(self.directory, self.name) as fh:
            SafeCsvWriter(fh, lineterminator="\n").writerow(self.fields + tuple(header))
            if header == self.columns:
                shutil.copyfileobj(self._staging, fh, 1 << 20)
                return
            # cells are already neutralised: copied as they are, only moved
            width = len(self.fields)
            where = {column: width + i for i, column in enumerate(self.columns)}
            order = list(range(width)) + [where[column] for column in header]
            out = csv.writer(fh, lineterminator="\n")
            for row in csv.reader(self._staging):
                out.writerow([row[i] if i < len(row) else "" for i in order])


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
