"""Python's cyclic garbage collector run less often while millions of rows are made and written.

A load allocates short-lived rows (dicts, lists, strings) by the million, and reference
counting frees them: they form no cycles. The collector, though, counts the objects made and
not yet freed, runs whenever 700 more are alive (a batch's rows are), and every hundredth
run walks everything alive — the caller's RDF graphs and
records, a bulk import's merged actors and facts. In ``bench_load`` (0.4M triples, the same
run) the load took 9.6 s with the default thresholds, 7.5 s with the collector off and 6.8 s
with a young-generation threshold of 50,000; the server alone took 7.1 s.

The collector is not switched off: cyclic garbage made during a load (each report's rdflib
graph refers to its store and back) must still be freed as the load goes, or memory would grow
with the number of reports. It runs on the same generations, 70 times less often.

Objects that die by reference counting lower the collector's count, so the young threshold is
reached only when 50,000 objects *stay*: in an ingest, that is cyclic garbage piling up. The
neo4j driver leaves each transaction's Results, summaries and hydration scopes in reference
cycles (about 16 objects a report written), so the ingest process held up to 50,000 of them —
several MB — and its peak grew with the length of the run, from 75 MB after 1,000 reports to
87 MB after 45,000. :func:`collect_young`, called as each transaction ends, frees them while
they are still young; the extraction workers, forked inside a load and so under its threshold,
call it after each file.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["rare_gc", "collect_young"]

_YOUNG_THRESHOLD = 50_000  # objects made and still alive since the last collection, before the next

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


def collect_young() -> None:
    """Collect the youngest generation: the cyclic garbage of the work that just ended (a
    writer's transaction, a worker's file).

    Cheap whatever the caller holds: it walks only the objects made since the last collection
    (about 1.5 ms for a batch of 25 reports in an ingest). What it finds alive moves to the
    next generation — with two writers, the other transaction's Results among it — and that
    one would never be collected in a long load (the raised threshold is not reached), so the
    older generations are collected the way the collector itself would: the middle one every
    10th call, everything every 100th (about 15 ms in an ingest, once per 2,500 reports).
    Nothing is done when the caller switched automatic collection off."""
    if not gc.isenabled():
        return
    _, middle_count, old_count = gc.get_count()
    _, middle_threshold, old_threshold = gc.get_threshold()
    if middle_count < middle_threshold:
        gc.collect(0)
    elif old_count < old_threshold:
        gc.collect(1)
    else:
        gc.collect(2)
