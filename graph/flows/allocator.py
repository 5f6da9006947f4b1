"""Large freed buffers go back to the system at once (glibc's allocator, Linux).

A long ingest frees big buffers all the time: each transaction's packed parameters (megabytes for
a batch of reports) and each worker's pickled result. glibc serves a block of 128 KiB or more
with its own mapping and unmaps it when freed, but after the first such free it raises that
threshold to the block's size, so the next blocks of that size come from its heaps, one per
thread that allocates; what is freed there stays in the process unless it lies at a heap's top.
The process then holds about as much as the largest batches it ever packed, and the largest
batch seen grows, slowly, with the number of reports. A fixed threshold keeps large blocks in
mappings of their own, returned on free: the process's memory stays that of the batches in
flight. The cost is a few page faults for each large block.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["return_large_blocks", "LARGE_BLOCK"]

LARGE_BLOCK = 256 * 1024  # bytes; glibc's default starts at 128 KiB and may rise to 32 MiB
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


def return_large_blocks(threshold: int = LARGE_BLOCK) -> bool:
    """Fix glibc's mmap threshold at ``threshold`` for this process (and the workers it forks
    afterwards). True if set; False elsewhere than glibc, or when the user chose a threshold
    already (``MALLOC_MMAP_THRESHOLD_``, which glibc reads at start and this leaves alone)."""
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, threshold) == 1  # musl's mallopt is a stub returning 0
