"""Which files an ingest reads, and under which name: the report's identity.

A report is named by its path relative to the *ingest root* — the directory given on the
command line, or the parent of a file given directly — so ``2019/summary.txt`` and
``2020/summary.txt`` under one root are two reports, and a file given on its own is named by
its file name alone (what every earlier version did). Names are therefore stable as long as
the same root is given (ingest ``reports/``, not ``reports/2019`` one day and ``reports/`` the
next). A file moved to another folder gets a new name; the ingest then recognises it by its
content hash (see :func:`graph.flows.ingest.ingest_files`).

Walking a directory never leaves it: a symbolic link whose target lies outside the root is
skipped, as are dangling links, FIFOs, sockets, devices and unreadable files or folders — and
each skip is reported with its reason, not dropped silently. Hidden files and folders (names
starting with ``.``) are left out on purpose (``.git``, editor backups). A file the user names
directly is read even if it is a link (the user chose it), but unreadable or missing ones are
reported like the rest, so one bad argument does not stop the others.

A list of sources found in a folder — a file named ``SOURCES.tsv`` or ``SOURCES.csv`` (any
case), which says where each report came from — is not a report or a case register: it is
left out and listed in :attr:`Discovery.ignored` (the ingest prints a note), never read as
cases. Named directly on the command line it is read like any other file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = ["SourceFile", "Skipped", "Discovery", "discover", "SOURCE_LISTS"]

# a folder's list of where its reports came from (file, source, title, date …), not a report
SOURCE_LISTS = frozenset({"sources.tsv", "sources.csv"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to ingest. Only its name is its own: the root is shared by every file found
    under it and the path is made when asked for, so a walk of 100,000 files holds 100,000
    names and not 100,000 paths with their parts (a fifth of the memory)."""

    name: str    # POSIX path relative to its ingest root: what the report is called
    root: Path   # the ingest root (the folder given, or the file's own folder)

    @property
    def path(self) -> Path:
        """Where to read it."""
        return self.root / self.name

    def __fspath__(self) -> str:  # so a SourceFile can go wherever a path goes
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class Skipped:
    path: str
    message: str


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)  # left out on purpose (a list of sources)


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """Files as given and the files below each directory (sorted), each with its report name,
    and what was skipped and why."""
    found = Discovery()
    for given in map(Path, paths):
        try:
            is_dir = given.is_dir()
        except OSError as exc:
            found.skipped.append(Skipped(str(given), _reason(exc)))
            continue
        if is_dir:
            _walk(given, found)
        else:
            problem = _unreadable_file(given, follow=True)
            if problem:
                found.skipped.append(Skipped(str(given), problem))
            else:
                found.files.append(SourceFile(given.name, given.parent))
    return found


def _walk(root: Path, found: Discovery) -> None:
    real_root = root.resolve()

    def on_error(exc: OSError) -> None:
        found.skipped.append(Skipped(exc.filename or str(root), f"cannot read folder: {_reason(exc)}"))

    # names only until the files are checked one by one: a Path per file, held for the whole
    # walk, was most of the memory an ingest of 100,000 files grew by
    names: list[str] = []
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for sub in list(dirs):
            if (base / sub).is_symlink():  # os.walk lists a linked folder but does not enter it
                found.skipped.append(Skipped(str(base / sub), "symbolic link to a folder; not followed"))
        prefix = base.relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            if name.startswith("."):
                continue
            if name.lower() in SOURCE_LISTS:
                found.ignored.append(Skipped(str(base / name), "a list of the reports' sources, not a report "
                                                               "or a case register; not ingested"))
                continue
            names.append(prefix + name)
    names.sort()
    for name in names:
        path = root / name
        problem = _unreadable_file(path, follow=False, root=real_root)
        if problem:
            found.skipped.append(Skipped(str(path), problem))
        else:
            found.files.append(SourceFile(name, root))


def _unreadable_file(path: Path, *, follow: bool, root: Path | None = None) -> str | None:
    """Why ``path`` cannot be ingested, or None."""
    try:
        if path.is_symlink() and not follow:
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return "dangling symbolic link"
            if root is not None and not target.is_relative_to(root):
                return f"symbolic link leading out of {root}; not followed"
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file" if not path.is_symlink() else "dangling symbolic link"
    except OSError as exc:
        return _reason(exc)
    if stat.S_ISDIR(mode):
        return "is a folder"
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        return f"not a regular file ({kind})"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
