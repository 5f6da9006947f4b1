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

import bisect
import os
import stat
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, overload

__all__ = ["SourceFile", "FileList", "FileWalk", "Skipped", "Discovery", "discover", "SOURCE_LISTS"]

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


class FileList(Sequence[SourceFile]):
    """The files found, in order, at about 30 bytes a file: their names as UTF-8 in one buffer
    with the offset where each ends, and each root once per run of files that share it; the
    :class:`SourceFile` is made when asked for. A list of SourceFiles took 0.13–0.19 KB a file,
    most of what an ingest of 100,000 files grew by."""

    def __init__(self, files: Iterable[SourceFile] = ()) -> None:
        self._text = bytearray()
        self._ends = array("Q")
        self._roots: list[Path] = []
        self._root_starts: list[int] = []  # the index of the first file of each run of one root
        for file in files:
            self.append(file)

    def append(self, file: SourceFile) -> None:
        if not self._roots or self._roots[-1] != file.root:
            self._roots.append(file.root)
            self._root_starts.append(len(self._ends))
        self._text += file.name.encode("utf-8", "surrogateescape")
        self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> SourceFile: ...

    @overload
    def __getitem__(self, index: slice) -> list[SourceFile]: ...

    def __getitem__(self, index: int | slice) -> SourceFile | list[SourceFile]:
        if isinstance(index, slice):
            return [self._file(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("file index out of range")
        return self._file(index)

    def __iter__(self) -> Iterator[SourceFile]:
        for index in range(len(self)):
            yield self._file(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FileList, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"FileList({list(self)!r})"

    def _file(self, index: int) -> SourceFile:
        start = self._ends[index - 1] if index else 0
        name = self._text[start:self._ends[index]].decode("utf-8", "surrogateescape")
        return SourceFile(name, self._roots[bisect.bisect_right(self._root_starts, index) - 1])


@dataclass
class Discovery:
    files: FileList = field(default_factory=FileList)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)  # left out on purpose (a list of sources)


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """Files as given and the files below each directory (in the sorted order of their names
    relative to it), each with its report name, and what was skipped and why."""
    found = Discovery()
    for file in _found_files(map(Path, paths), found):
        found.files.append(file)
    return found


class FileWalk:
    """The files under the given paths, walked again each time it is iterated, so that none
    of them is held: an ingest of 100,000 files kept a :class:`FileList` of 2.8 MB for the
    whole run. The first walk counts them (its :func:`len`, for progress) and finds what is
    skipped or left out; a later walk yields only the files (a file that became unreadable in
    between fails when it is read, with its reason)."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        self.given = tuple(map(Path, paths))
        found = Discovery()
        self._count = sum(1 for _ in _found_files(self.given, found))
        self.skipped, self.ignored = found.skipped, found.ignored

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[SourceFile]:
        return _found_files(self.given, Discovery())


def _found_files(paths: Iterable[Path], found: Discovery) -> Iterator[SourceFile]:
    """The files of :func:`discover`, made one at a time; skips go to ``found``."""
    for given in paths:
        try:
            is_dir = given.is_dir()
        except OSError as exc:
            found.skipped.append(Skipped(str(given), _reason(exc)))
            continue
        if is_dir:
            yield from _walk(given, found)
        else:
            problem = _unreadable_file(given, follow=True)
            if problem:
                found.skipped.append(Skipped(str(given), problem))
            else:
                yield SourceFile(given.name, given.parent)


def _walk(root: Path, found: Discovery) -> Iterator[SourceFile]:
    """Files below ``root`` in the sorted order of their relative paths, one folder listed at a
    time: a folder's entries are sorted with a folder's name ending in "/", the separator its
    files' paths have there, so ``a.txt`` < ``a/x.txt`` < ``a0.txt`` as in a sort of the whole
    list, which is never held (100,000 names were a tenth of an ingest's memory)."""
    real_root = root.resolve()
    # (folder, its relative prefix, the rest of its sorted entries) for each folder being walked
    stack = [(root, "", iter(_entries(root, found)))]
    while stack:
        folder, prefix, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name, is_folder = entry
        path = folder / name
        if is_folder:
            if path.is_symlink():
                found.skipped.append(Skipped(str(path), "symbolic link to a folder; not followed"))
            else:
                stack.append((path, f"{prefix}{name}/", iter(_entries(path, found))))
        elif name.lower() in SOURCE_LISTS:
            found.ignored.append(Skipped(str(path), "a list of the reports' sources, not a report "
                                                    "or a case register; not ingested"))
        else:
            problem = _unreadable_file(path, follow=False, root=real_root)
            if problem:
                found.skipped.append(Skipped(str(path), problem))
            else:
                yield SourceFile(prefix + name, root)


def _entries(folder: Path, found: Discovery) -> list[tuple[str, bool]]:
    """(name, is a folder) of the entries of ``folder`` that are not hidden, sorted as their
    paths sort (see :func:`_walk`); an unreadable folder is reported and has none."""
    try:
        with os.scandir(folder) as listing:
            entries = [(entry.name, _is_folder(entry)) for entry in listing if not entry.name.startswith(".")]
    except OSError as exc:
        found.skipped.append(Skipped(exc.filename or str(folder), f"cannot read folder: {_reason(exc)}"))
        return []
    return sorted(entries, key=lambda item: item[0] + "/" if item[1] else item[0])


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # a link to a folder counts, to be reported as not followed
    except OSError:
        return False


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
