"""Which files an ingest reads, in which order, and what holding their list costs."""

from __future__ import annotations

import itertools
import linecache
import os
import tracemalloc
from pathlib import Path

import pytest

from graph.flows.discovery import FileList, FileWalk, SourceFile, discover

TREE = ["a.txt", "a/x.txt", "a0.txt", "a/b/y.txt", "a/b.txt", "a b/z.txt", "a-c.txt", "A.txt", "é.txt",
        "z/.hidden/q.txt", ".h.txt", "b/SOURCES.tsv", "b/c/d/e/f.txt", "b/c!.txt", "ab/1.txt"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in TREE:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A fictional report.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    os.symlink(tmp_path / "a", tmp_path / "linked-folder")
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    return tmp_path


def test_files_come_in_the_sorted_order_of_their_paths_though_folders_are_listed_one_at_a_time(tree):
    found = discover([tree])
    names = [f.name for f in found.files]
    expected = sorted(n for n in TREE if not any(part.startswith(".") for part in n.split("/"))
                      and not n.endswith("SOURCES.tsv")) + ["link.txt"]
    assert names == sorted(expected)  # a.txt < a/b.txt < a/x.txt < a0.txt, as one sort of the paths
    assert names.index("a.txt") < names.index("a/b.txt") < names.index("a0.txt")
    assert {(Path(s.path).name, s.message) for s in found.skipped} == {
        ("linked-folder", "symbolic link to a folder; not followed"), ("dangling.txt", "dangling symbolic link")}
    assert [Path(s.path).name for s in found.ignored] == ["SOURCES.tsv"]
    assert all(f.root == tree and f.path == tree / f.name for f in found.files)


def test_a_file_list_is_a_sequence_of_source_files(tmp_path):
    files = [SourceFile("one.txt", tmp_path), SourceFile("sub/two.txt", tmp_path),
             SourceFile("three.txt", tmp_path / "other"), SourceFile("ünï.txt", tmp_path)]
    listed = FileList(files)
    assert len(listed) == 4 and list(listed) == files and listed == files
    assert listed[0] == files[0] and listed[-1] == files[-1] and listed[2].root == tmp_path / "other"
    assert listed[1:3] == files[1:3] and listed[::-1] == files[::-1]
    with pytest.raises(IndexError):
        listed[4]
    assert str(listed[1]) == str(tmp_path / "sub" / "two.txt") and os.fspath(listed[3]).endswith("ünï.txt")


def test_a_file_list_holds_a_file_in_a_few_dozen_bytes(tmp_path):
    """The list of 100,000 SourceFiles was a tenth of an ingest's memory (0.13–0.19 KB a file);
    the names of one root now take their UTF-8 bytes and an 8-byte offset."""
    names = [f"batch-{i // 1000:04d}/wire-{i:06d}.txt" for i in range(20_000)]  # 26 characters
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        listed = FileList()
        for name in names:
            listed.append(SourceFile(name, tmp_path))
        per_file = (tracemalloc.get_traced_memory()[0] - before) / len(names)
    finally:
        tracemalloc.stop()
    assert per_file < 45, per_file
    assert listed[12_345].name == names[12_345]


def test_a_file_walk_finds_what_discover_finds_and_walks_again_when_read(tree):
    found = discover([tree, tree / "a.txt", tree / "no-such.txt"])
    walk = FileWalk([tree, tree / "a.txt", tree / "no-such.txt"])
    assert len(walk) == len(found.files) and list(walk) == list(found.files) == list(walk)
    assert walk.skipped == found.skipped and walk.ignored == found.ignored
    (tree / "later.txt").write_text("Added after the count.", encoding="utf-8")
    assert "later.txt" in {f.name for f in walk}  # read again, not remembered


def _tree(root: Path, depth: int) -> Path:
    """A tree ``depth`` folders deep with 10 entries in every folder (10 ** depth files)."""
    root.mkdir(parents=True)
    for n in range(10):
        if depth > 1:
            _tree(root / f"part-{n:02d}", depth - 1)
        else:
            (root / f"wire-{n:02d}.txt").touch()
    return root


def _held_at_the_last_file(root: Path) -> int:
    """Bytes traced when a FileWalk of ``root`` hands out its last file (what a walk keeps
    adds up by then), less pathlib's table of interned names: pathlib interns each name it
    parses, and that table, the interpreter's own, is reallocated now and then as names come
    and go (0.4 MB at a time), whoever parses paths."""
    tracemalloc.start()  # one frame: the interning's is pathlib's line calling sys.intern
    try:
        walk = FileWalk([root])
        files = iter(walk)
        for _ in itertools.islice(files, len(walk) - 1):
            pass
        assert next(files, None) is not None
        traces = tracemalloc.take_snapshot().traces
    finally:
        tracemalloc.stop()

    def interning(trace) -> bool:
        return any("sys.intern(" in linecache.getline(frame.filename, frame.lineno) for frame in trace.traceback)

    return sum(trace.size for trace in traces if not interning(trace))


def test_a_file_walk_holds_no_more_for_ten_times_the_files(tmp_path):
    """An ingest kept the list of its files for the whole run (28 bytes a file in a FileList:
    2.8 MB of 100,000); a walk holds one listing per folder it is in, whatever the count."""
    small, large = _tree(tmp_path / "small", 3), _tree(tmp_path / "large", 4)  # 1,000 and 10,000 files
    assert _held_at_the_last_file(large) < _held_at_the_last_file(small) + 4_000  # a FileList: +250 KB
