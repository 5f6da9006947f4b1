"""Re-ingest (issue 16): a file the graph holds from the same bytes is recognised by its hash
before it is loaded or extracted; ``force`` extracts it again; a changed file is extracted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import graph.extract
import graph.flows.ingest
from graph.flows.discovery import FileWalk, discover
from graph.flows.ingest import file_hash, ingest_files

from .test_robustness_input import GOOD_REPORT

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def counted_extract(monkeypatch):
    """graph.extract.extract, counting its calls (ingest runs in this process with jobs=1)."""
    calls: list[str] = []
    real = graph.extract.extract

    def extract(report, *args, **kwargs):
        calls.append(report.path)
        return real(report, *args, **kwargs)

    monkeypatch.setattr(graph.extract, "extract", extract)
    return calls


def _reports(tmp_path: Path, count: int = 3) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for i in range(count):
        (root / f"r{i}.txt").write_text(GOOD_REPORT.replace("2020-09-21", f"2020-09-1{i}"), encoding="utf-8")
    return root


def _statuses(summary) -> list[str]:
    return sorted(r.status for r in summary.results)


def test_unchanged_files_are_not_extracted_again(clean_db, tmp_path, counted_extract):
    root = _reports(tmp_path)
    first = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert _statuses(first) == ["created"] * 3 and len(counted_extract) == 3
    counted_extract.clear()
    seen: list[str] = []
    again = ingest_files(discover([root]).files, clean_db, "neo4j", progress=seen.append)
    assert counted_extract == []  # recognised before extraction
    assert _statuses(again) == ["unchanged"] * 3 and again.ok
    assert sorted(Path(p).name for p in seen) == ["r0.txt", "r1.txt", "r2.txt"]  # progress still counts them


def test_force_extracts_unchanged_files_again(clean_db, tmp_path, counted_extract):
    root = _reports(tmp_path)
    ingest_files(discover([root]).files, clean_db, "neo4j")
    counted_extract.clear()
    forced = ingest_files(discover([root]).files, clean_db, "neo4j", force=True)
    assert len(counted_extract) == 3
    assert _statuses(forced) == ["updated"] * 3


def test_only_the_changed_file_is_extracted(clean_db, tmp_path, counted_extract):
    root = _reports(tmp_path)
    ingest_files(discover([root]).files, clean_db, "neo4j")
    counted_extract.clear()
    changed = root / "r1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("2020-09-11", "2020-10-11"), encoding="utf-8")
    again = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert [Path(p).name for p in counted_extract] == ["r1.txt"]
    assert _statuses(again) == ["unchanged", "unchanged", "updated"]
    stored, _, _ = clean_db.execute_query(
        "MATCH (r:Report {reportId: 'r1.txt'}) RETURN r.fileHash AS hash, r.fileParts AS parts")
    assert stored[0]["hash"] == file_hash(changed) and stored[0]["parts"] == 1


def test_a_report_written_before_files_were_hashed_is_stamped_once(clean_db, tmp_path, counted_extract):
    """A report in the graph without a file hash (written by an older tipgraph) is extracted
    once, found unchanged by its text's hash, given its file's hash, and then skipped."""
    root = _reports(tmp_path, 1)
    ingest_files(discover([root]).files, clean_db, "neo4j")
    clean_db.execute_query("MATCH (r:Report) REMOVE r.fileHash, r.fileParts")
    counted_extract.clear()
    assert _statuses(ingest_files(discover([root]).files, clean_db, "neo4j")) == ["unchanged"]
    assert len(counted_extract) == 1
    counted_extract.clear()
    assert _statuses(ingest_files(discover([root]).files, clean_db, "neo4j")) == ["unchanged"]
    assert counted_extract == []


def test_a_split_case_file_is_unchanged_only_with_all_its_parts(clean_db, tmp_path, counted_extract, monkeypatch):
    monkeypatch.setattr(graph.flows.ingest, "CASE_ROWS_PER_REPORT", 5)
    root = tmp_path / "cases"
    root.mkdir()
    shutil.copy(EXAMPLES / "cases" / "mekong-case-register-2019.csv", root)
    first = ingest_files(discover([root]).files, clean_db, "neo4j")
    parts = len(first.results)
    assert parts > 1 and _statuses(first) == ["created"] * parts
    counted_extract.clear()
    again = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert counted_extract == [] and _statuses(again) == ["unchanged"] * parts
    assert sorted(r.report_id for r in again.results) == sorted(r.report_id for r in first.results)
    # one part not known to come from these bytes (as if its write had been interrupted): the
    # whole file is extracted again, its parts found unchanged by their text and stamped
    clean_db.execute_query("MATCH (r:Report) WHERE r.reportId ENDS WITH '-part-0002' SET r.fileHash = 'other'")
    counted_extract.clear()
    assert _statuses(ingest_files(discover([root]).files, clean_db, "neo4j")) == ["unchanged"] * parts
    assert len(counted_extract) == parts
    counted_extract.clear()
    ingest_files(discover([root]).files, clean_db, "neo4j")
    assert counted_extract == []


def test_counts_alone_match_the_results_and_keep_no_record_per_report(clean_db, tmp_path, counted_extract):
    """The CLI asks for counts only (issue 16: ingest memory must not grow with the batch)."""
    root = _reports(tmp_path)
    first = ingest_files(discover([root]).files, clean_db, "neo4j", keep_results=False)
    assert first.results is None
    assert first.counts() == {"created": 3, "updated": 0, "unchanged": 0, "failed": 0} and first.written == 3
    changed = root / "r1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("2020-09-11", "2020-10-11"), encoding="utf-8")
    counted = ingest_files(discover([root]).files, clean_db, "neo4j", keep_results=False)
    changed.write_text(changed.read_text(encoding="utf-8").replace("2020-10-11", "2020-11-11"), encoding="utf-8")
    listed = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert counted.counts() == {"created": 0, "updated": 1, "unchanged": 2, "failed": 0}
    assert counted.counts() == listed.counts() and sorted(r.status for r in listed.results) == [
        "unchanged", "unchanged", "updated"]


@pytest.mark.parametrize("files", [lambda root: discover([root]).files, lambda root: FileWalk([root]),
                                   lambda root: iter(discover([root]).files)], ids=["list", "walk", "read-once"])
def test_unchanged_files_are_found_across_query_chunks(clean_db, tmp_path, counted_extract, monkeypatch, files):
    """Files are asked about UNCHANGED_QUERY_FILES at a time as they stream past; every chunk's
    answers must map back to the right files, and each file count once towards progress."""
    monkeypatch.setattr(graph.flows.ingest, "UNCHANGED_QUERY_FILES", 2)
    root = _reports(tmp_path, count=5)
    ingest_files(discover([root]).files, clean_db, "neo4j")
    changed = root / "r3.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("2020-09-13", "2020-12-13"), encoding="utf-8")
    counted_extract.clear()
    seen: list[str] = []
    again = ingest_files(files(root), clean_db, "neo4j", progress=seen.append)
    assert [Path(p).name for p in counted_extract] == ["r3.txt"]
    assert sorted(Path(p).name for p in seen) == [f"r{i}.txt" for i in range(5)]
    assert sorted((r.report_id, r.status) for r in again.results) == [
        ("r0.txt", "unchanged"), ("r1.txt", "unchanged"), ("r2.txt", "unchanged"), ("r3.txt", "updated"),
        ("r4.txt", "unchanged")]
