"""Python's cyclic garbage collector paused while millions of rows are made and written.

A load allocates short-lived rows (dicts, lists, strings) by the million. Every few thousand
allocations the collector walks the young objects, and every so often everything alive — the
caller's RDF graphs and records, a bulk import's merged actors and facts — looking for
reference cycles that rows never form: reference counting frees them. In ``bench_load`` that
walking was a third of the loader's Python time and, on two cores, took it from the server
(0.4M triples: 8.3 s with the collector, 6.7 s without; the server alone 6.2 s).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["cyclic_gc_paused"]

_pauses = 0  # pauses in force now, in any thread
_was_enabled = True  # the collector's state before the first of them
_lock = threading.Lock()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The collector off for the block. Pauses nest and overlap across threads; the collector
    runs again when the last ends, if it was on before the first began."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
