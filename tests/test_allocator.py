"""glibc's mmap threshold fixed for long ingests: a large block freed leaves the process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.flows.allocator import return_large_blocks

REPO = Path(__file__).resolve().parent.parent

# a large block allocated and freed twice; prints how much of the second stays resident. glibc
# maps the first one on its own and, once it is freed, raises its threshold to the block's size,
# so the second comes from the heap, where a freed block stays (unless fixed first)
_CHURN = """
import sys
from graph.flows.allocator import return_large_blocks

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

if sys.argv[1] == "fixed":
    assert return_large_blocks()
block = bytearray(8 << 20)  # zero-filled: every page touched
del block
before = rss_kb()
block = bytearray(8 << 20)
del block
print(rss_kb() - before)
"""


def _resident_after_churn(mode: str) -> int:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}  # no MALLOC_* from the caller
    out = subprocess.run([sys.executable, "-c", _CHURN, mode], env=env, cwd=REPO,
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def _glibc() -> bool:
    import platform

    return sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not _glibc(), reason="glibc's allocator only")
def test_a_freed_large_block_stays_resident_by_default_and_leaves_once_fixed():
    assert _resident_after_churn("default") > 6 * 1024  # KB: the mechanism the fix is for
    assert _resident_after_churn("fixed") < 1024


def test_a_threshold_the_user_chose_is_left_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1048576")
    assert return_large_blocks() is False
