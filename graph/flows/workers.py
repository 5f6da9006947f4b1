"""The one worker pool of tipgraph, and the rule that one bad file never stops a batch.

:func:`each_file` runs a per-file function over many files, in worker processes when there are
enough of them for the pool to pay off, and turns any exception into a :class:`Failure` that
names the reason; results come back in input order. Workers die with the command: a killed
`tipgraph ingest` must not leave orphaned workers extracting (and holding its output pipes
open) for minutes.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import TipgraphError
from ..store.rare_gc import collect_young
from .discovery import SourceFile

__all__ = ["Failure", "failure_for", "each_file", "worker_pool", "default_jobs"]

# fewer files than this are handled in the calling process: starting workers costs more
_MIN_FILES_FOR_POOL = 4
# files handed to the pool and not yet taken by the caller, per worker: enough that no worker
# waits for its next file, few enough that results the caller has not consumed yet (a prepared
# report's rows can weigh megabytes) stay a handful however many files there are
IN_FLIGHT_PER_JOB = 4


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with the command."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),))


def _die_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def failure_for(path: str, exc: Exception) -> Failure:
    """One file's failure as a one-line reason (the path is said once, by the caller).

    Anything other than a TipgraphError is a bug in a loader or in extraction; the batch
    still goes on, and the reason names the exception so the bug can be reported.
    """
    if isinstance(exc, TipgraphError):
        message = str(exc).removeprefix(f"{path}: ")
    elif isinstance(exc, (OSError, ValueError, UnicodeError, RecursionError, MemoryError)):
        message = f"{type(exc).__name__}: {exc}"
    else:
        message = f"internal error ({type(exc).__name__}: {exc}); please report it with this file"
    return Failure(path, " ".join(message.split()) or type(exc).__name__)


def each_file(work: Callable[..., Any], paths: Iterable[str | Path | SourceFile], *options: Any,
              jobs: int = 1) -> Iterator[Any]:
    """``work(path, name, *options)`` for each file in order, or its :class:`Failure`.

    ``name`` is a :class:`~graph.flows.discovery.SourceFile`'s report name (None for a plain
    path). ``work`` must be a module-level function (it is sent to worker processes).
    """
    # made one at a time: a list of every file's path would grow with the batch
    items = ((str(p), p.name if isinstance(p, SourceFile) else None) for p in paths)
    first = list(itertools.islice(items, _MIN_FILES_FOR_POOL))
    safe = partial(_safely, work, options)
    if jobs <= 1 or len(first) < _MIN_FILES_FOR_POOL:
        yield from map(safe, itertools.chain(first, items))
        return
    with worker_pool(jobs) as pool:
        yield from bounded_map(pool, safe, itertools.chain(first, items), in_flight=jobs * IN_FLIGHT_PER_JOB)


def bounded_map(pool: Executor, work: Callable[[Any], Any], items: Iterable[Any], *, in_flight: int) -> Iterator[Any]:
    """``work(item)`` for each item in order, run by ``pool``, with at most ``in_flight`` items
    submitted and not yet yielded. ``Executor.map`` submits every item at once, so when the
    caller is slower than the workers (Neo4j writes slower than extraction), every result
    waits in memory: the peak grew with the number of files."""
    source = iter(items)
    pending: deque[Future] = deque(pool.submit(work, item) for item in itertools.islice(source, in_flight))
    try:
        while pending:
            result = pending.popleft().result()
            for item in itertools.islice(source, 1):
                pending.append(pool.submit(work, item))
            yield result
    finally:
        for future in pending:
            future.cancel()


def _safely(work: Callable[..., Any], options: tuple, item: tuple[str, str | None]) -> Any:
    path, name = item
    try:
        return work(path, name, *options)
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop the batch; reported
        return failure_for(path, exc)
    finally:
        # a file's rdflib graph is a cycle: freed now, while young. Workers forked by a load
        # keep its raised threshold, under which 50,000 such objects piled up between two
        # collections (one process, 400 reports: 67 MB peak; with this, 50 MB and 10% less CPU)
        collect_young()
