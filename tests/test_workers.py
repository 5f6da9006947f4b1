"""The worker pool hands out files a few at a time, so results wait in memory only briefly."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from graph.flows.workers import Failure, bounded_map, each_file


def _square(path: str, name: str | None, offset: int) -> int:
    if path == "bad":
        raise ValueError("cannot read")
    return int(path) ** 2 + offset


def test_results_come_in_order_with_failures_in_place():
    paths = ["3", "bad", *map(str, range(10))]
    results = list(each_file(_square, paths, 1, jobs=2))
    assert results[0] == 10 and results[1] == Failure("bad", "ValueError: cannot read")
    assert results[2:] == [n * n + 1 for n in range(10)]


def test_no_more_than_in_flight_items_are_started_ahead_of_the_caller():
    started: list[int] = []
    lock = threading.Lock()

    def work(item: int) -> int:
        with lock:
            started.append(item)
        return item

    with ThreadPoolExecutor(max_workers=4) as pool:
        for taken, result in enumerate(bounded_map(pool, work, range(1_000), in_flight=6), start=1):
            assert result == taken - 1
            # the caller has taken `taken` results; at most 6 more were handed out
            assert len(started) <= taken + 6
    assert sorted(started) == list(range(1_000))


def test_closing_early_cancels_what_was_not_started():
    gate = threading.Event()
    started: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        if item > 0:
            gate.wait(5)
        return item

    with ThreadPoolExecutor(max_workers=1) as pool:
        results = bounded_map(pool, work, range(100), in_flight=5)
        assert next(results) == 0
        results.close()
        gate.set()
    # the item running when the caller stopped finishes; the rest queued were cancelled
    assert len(started) <= 2


class _Cyclic:
    pass


_made: list = []


def _make_a_cycle(path: str, name: str | None) -> str:
    import weakref

    cycle = _Cyclic()
    cycle.me = cycle
    _made.append(weakref.ref(cycle))
    return path


def test_each_files_cyclic_garbage_is_freed_before_the_next_file():
    """A report's rdflib graph is a cycle; under a load's raised threshold (which forked workers
    inherit) such garbage piled up to 50,000 objects between collections."""
    import gc

    _made.clear()
    young, *older = gc.get_threshold()
    gc.set_threshold(10_000_000, *older)  # no collection but the ones after each file
    try:
        for path in each_file(_make_a_cycle, ["a", "b", "c"], jobs=1):
            assert _made[-1]() is None, f"{path}'s garbage still alive"
    finally:
        gc.set_threshold(young, *older)
