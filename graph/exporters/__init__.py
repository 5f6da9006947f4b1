"""Exporters write a :class:`~graph.subgraph.Subgraph` in one format each, registered by name.

Each exporter module defines ``NAME``, ``DESCRIPTION``, ``EXTENSION`` (``""`` for formats that
write several files into a directory), ``write(subgraph, target, **opts)`` and, where the
format can be read back, ``read(source) -> Subgraph``. ``target`` is a file path or an open
stream for single-file formats, a directory for multi-file ones (``csv``, ``neo4j-admin``);
exporters never write anywhere else (see :mod:`graph.exporters.sinks`).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from ..errors import ExportError
from ..registry import Registry
from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target

__all__ = ["EXPORTER_MODULES", "exporter_names", "get_exporter", "export", "export_stream", "can_stream",
           "is_multi_file"]

# name -> module
EXPORTER_MODULES = Registry("export format", {
    "graphml": "graph.exporters.graphml",
    "gexf": "graph.exporters.gexf",
    "json": "graph.exporters.node_link",
    "cytoscape": "graph.exporters.cytoscape",
    "csv": "graph.exporters.csv_tables",
    "neo4j-admin": "graph.exporters.neo4j_admin",
    "ftm": "graph.exporters.ftm",
    "html": "graph.exporters.html_view",
    "turtle": "graph.exporters.rdf_turtle",
    "jsonld": "graph.exporters.rdf_jsonld",
}, error=ExportError)


exporter_names = EXPORTER_MODULES.names
get_exporter = EXPORTER_MODULES.load  # name -> the exporter module, imported now; ExportError if unknown


def is_multi_file(name: str) -> bool:
    return get_exporter(name).EXTENSION == ""


def export(subgraph: Subgraph, fmt: str, target: Target, **opts: Any) -> None:
    """Write ``subgraph`` as ``fmt`` to ``target``; OS errors become :class:`ExportError`."""
    module = get_exporter(fmt)
    with _write_errors(fmt, target):
        module.write(subgraph, target, **opts)


def can_stream(name: str) -> bool:
    """Whether format ``name`` can be written from a stream of items (``write_stream``)."""
    return hasattr(get_exporter(name), "write_stream")


def export_stream(items: Iterable[Node | Relationship], fmt: str, target: Target, **opts: Any) -> tuple[int, int]:
    """Write nodes and relationships as they come (see :func:`can_stream`); returns how many
    of each were written. OS errors become :class:`ExportError`."""
    module = get_exporter(fmt)
    with _write_errors(fmt, target):
        return module.write_stream(items, target, **opts)


@contextmanager
def _write_errors(fmt: str, target: Target) -> Iterator[None]:
    try:
        yield
    except ExportError:
        raise
    except (OSError, ValueError, TypeError) as exc:
        where = None if hasattr(target, "write") else str(target)
        raise ExportError(f"cannot write {fmt}: {exc}", path=where) from exc
