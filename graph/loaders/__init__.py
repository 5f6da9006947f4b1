"""Loaders turn a file into a :class:`~graph.report.Report`. One module per input format,
registered by name; ``load_report(path, "auto")`` picks one by extension and content.

Each loader module defines ``NAME``, ``EXTENSIONS``, ``sniff(head: bytes) -> bool`` and
``load(path: Path) -> Report``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ..errors import InputError
from ..registry import Registry
from ..report import Report

__all__ = ["LOADER_MODULES", "loader_names", "get_loader", "load_report", "iter_report_paths"]

# name -> module graph.loaders.<name>; order matters for sniffing (most specific first, plain text last)
LOADER_MODULES = Registry("input format", {name: f"graph.loaders.{name}" for name in
                                           ("pdf", "html", "cases", "markdown", "text")}, error=InputError)


loader_names = LOADER_MODULES.names
get_loader = LOADER_MODULES.load  # name -> the loader module, imported now; InputError if unknown


def _choose(path: Path) -> ModuleType:
    suffix = path.suffix.lower()
    for name in LOADER_MODULES:
        module = get_loader(name)
        if suffix in module.EXTENSIONS:
            return module
    with path.open("rb") as fh:
        head = fh.read(4096)
    for name in LOADER_MODULES:
        module = get_loader(name)
        if module.sniff(head):
            return module
    return get_loader("text")


def load_report(path: str | Path, fmt: str = "auto") -> Report:
    """Load one report; raises :class:`InputError` naming the file on any problem."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)", path=str(path))
    module = _choose(path) if fmt == "auto" else get_loader(fmt)
    try:
        return module.load(path)
    except InputError:
        raise
    except (OSError, UnicodeError, ValueError, RecursionError, MemoryError) as exc:
        # one line naming the file, whatever the format library raised
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"cannot read as {module.NAME}: {reason}", path=str(path)) from exc


def iter_report_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the files below each directory (sorted; hidden files, links out of
    a directory and unreadable files left out). :func:`graph.flows.discovery.discover` also names
    each report and says what it skipped and why; commands use that."""
    from ..flows.discovery import discover

    return [f.path for f in discover(paths).files]
