"""Python's cyclic garbage collector run less often while millions of rows are made and written.

A load allocates short-lived rows (dicts, lists, strings) by the million, and reference
counting frees them: they form no cycles. The collector, though, counts allocations and runs
every 700 of them, and every hundredth run walks everything alive — the caller's RDF graphs and
records, a bulk import's merged actors and facts. In ``bench_load`` (0.4M triples, the same
run) the load took 9.6 s with the default thresholds, 7.5 s with the collector off and 6.8 s
with a young-generation threshold of 50,000; the server alone took 7.1 s.

The collector is not switched off: cyclic garbage made during a load (each report's rdflib
graph refers to its store and back) must still be freed as the load goes, or memory would grow
with the number of reports. It runs on the same generations, 70 times less often.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["rare_gc"]

_YOUNG_THRESHOLD = 50_000  # allocations between two collections of the youngest generation

_holders = 0  # loads running now, in any thread
_saved_threshold = gc.get_threshold()  # the thresholds before the first of them
_lock = threading.Lock()


@contextmanager
def rare_gc() -> Iterator[None]:
    """The collector's young threshold raised for the block (never lowered: a caller's higher
    one is kept). Blocks nest and overlap across threads; the thresholds in force before the
    first are restored when the last ends."""
    global _holders, _saved_threshold
    with _lock:
        if _holders == 0:
            _saved_threshold = gc.get_threshold()
            young, *older = _saved_threshold
            if young:  # 0 means the caller switched automatic collection off: leave it so
                gc.set_threshold(max(young, _YOUNG_THRESHOLD), *older)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.set_threshold(*_saved_threshold)
