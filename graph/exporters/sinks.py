"""Where exporters write: one file, a stream, or files inside one directory — and nowhere else.

Single-file formats write to a path (atomically: a temporary file beside it, then a rename, so
a failed export leaves no half file and a symlink at the target is replaced rather than
followed) or to an open stream. Multi-file formats take a directory and only ever write
``directory / name`` for names that are plain file names (no separator, no ``..``), checked
again after resolving so that a symlink inside the directory cannot lead out of it.
"""

from __future__ import annotations

import contextvars
import io
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator, Union

from ..errors import ExportError

__all__ = ["Target", "is_stream", "open_sink", "open_child", "output_dir", "child_path", "safe_file_name",
           "private_files"]

# set while an export that names people is written: its new files get mode 0600
_PRIVATE: contextvars.ContextVar[bool] = contextvars.ContextVar("tipgraph_private_files", default=False)


@contextmanager
def private_files(private: bool = True) -> Iterator[None]:
    """Within this block, files the exporters create are readable by their owner only."""
    token = _PRIVATE.set(private)
    try:
        yield
    finally:
        _PRIVATE.reset(token)

Target = Union[str, "os.PathLike[str]", IO[Any]]

# a file name we generate or accept: no separators, no control characters, not "." or ".."
_BAD_NAME = re.compile(r"[/\\\x00-\x1f]")


def is_stream(target: Target) -> bool:
    return hasattr(target, "write") and not isinstance(target, (str, os.PathLike))


@contextmanager
def open_sink(target: Target, *, binary: bool, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Yield a writable file for ``target`` (a path or an open stream) in the wanted mode."""
    if is_stream(target):
        with _adapt_stream(target, binary=binary, encoding=encoding) as fh:  # type: ignore[arg-type]
            yield fh
        return
    path = _file_path(target)  # type: ignore[arg-type]
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        mode = "wb" if binary else "w"
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": ""})) as fh:
            yield fh
        os.chmod(tmp_name, _new_file_mode(path))  # mkstemp makes 0600; give what open() would
        os.replace(tmp_name, path)
    except BaseException:
        _remove_quietly(tmp_name)
        raise


def output_dir(target: Target) -> Path:
    """The resolved directory for a multi-file format (created if missing)."""
    if is_stream(target):
        raise ExportError("this format writes several files: give a directory, not a stream")
    directory = Path(os.fspath(target)).expanduser().resolve()  # type: ignore[arg-type]
    if directory.exists() and not directory.is_dir():
        raise ExportError("not a directory (this format writes several files into one)", path=str(directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output directory: {exc}", path=str(directory)) from exc
    return directory


def safe_file_name(name: str) -> str:
    """``name`` itself if it is a plain file name; otherwise :class:`ExportError`."""
    if not name or name in (".", "..") or _BAD_NAME.search(name) or Path(name).is_absolute():
        raise ExportError(f"refusing file name {name!r}: it must be a plain name inside the output directory")
    return name


def child_path(directory: Path, name: str) -> Path:
    """``directory / name``, refusing anything that would land outside ``directory``."""
    path = directory / safe_file_name(name)
    resolved = path.resolve()
    if resolved.parent != directory.resolve():
        raise ExportError(f"refusing to write {name!r}: it resolves outside the output directory",
                          path=str(resolved))
    return path


@contextmanager
def open_child(directory: Path, name: str, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file ``name`` inside ``directory``, written atomically."""
    with open_sink(child_path(directory, name), binary=False, encoding=encoding) as fh:
        yield fh


def _file_path(target: "str | os.PathLike[str]") -> Path:
    path = Path(os.fspath(target)).expanduser()
    if str(target).endswith(("/", os.sep)) or path.is_dir():
        raise ExportError("is a directory; this format writes one file", path=str(path))
    parent = path.parent.resolve()
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output directory: {exc}", path=str(parent)) from exc
    return parent / safe_file_name(path.name)


@contextmanager
def _adapt_stream(stream: IO[Any], *, binary: bool, encoding: str) -> Iterator[IO[Any]]:
    is_text = isinstance(stream, io.TextIOBase) or "b" not in getattr(stream, "mode", "b")
    if binary and is_text:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:  # e.g. sys.stdout
            stream.flush()
            yield buffer
            buffer.flush()
        else:  # e.g. io.StringIO: collect bytes, then hand over text
            collected = io.BytesIO()
            yield collected
            stream.write(collected.getvalue().decode(encoding))
    elif not binary and not is_text:
        wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()  # leave the caller's stream open
    else:
        yield stream


def _new_file_mode(path: Path) -> int:
    if _PRIVATE.get():
        return 0o600  # personal data: never wider, whatever the file had before
    try:
        return path.stat().st_mode & 0o777  # keep an existing file's mode
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
