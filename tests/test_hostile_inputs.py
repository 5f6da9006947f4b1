"""Inputs of real use that a hostile probe tried (issue 14): report identity, file discovery,
size caps before parsing, over-long names, and names that would drive the terminal.

Everything is fictional; tests that touch the graph use the real Neo4j of the suite.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.flows.discovery import FileWalk, discover
from graph.flows.ingest import ingest_files

from .test_robustness_input import GOOD_REPORT, error_lines, run_tipgraph, tipgraph_env

SUMMARY_2019 = """\
Shelter review for the year
Date: 2019-03-01

Minister of Social Affairs Chan Dara said there were too few shelters run by the state.
"""
SUMMARY_2020 = """\
Court review for the year
Date: 2020-03-01

Mao Sovann, of the NGO Legal Aid Network, said the courts were still too slow.
"""


def _reports(driver) -> dict[str, str]:
    rows, _, _ = driver.execute_query("MATCH (r:Report) RETURN r.reportId AS id, r.file AS file")
    return {r["file"]: r["id"] for r in rows}


# --- finding 3: report identity -------------------------------------------------------------

def test_same_file_name_in_two_folders_is_two_reports_and_reruns_settle(clean_db, tmp_path):
    root = tmp_path / "in"
    (root / "2019").mkdir(parents=True)
    (root / "2020").mkdir()
    (root / "2019" / "summary.txt").write_text(SUMMARY_2019, encoding="utf-8")
    (root / "2020" / "summary.txt").write_text(SUMMARY_2020, encoding="utf-8")

    first = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert first.counts() == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
    assert set(_reports(clean_db)) == {"2019/summary.txt", "2020/summary.txt"}
    names, _, _ = clean_db.execute_query("MATCH (a:Actor) RETURN collect(a.name) AS names")
    assert {"Chan Dara", "Mao Sovann"} <= set(names[0]["names"])  # the 2019 facts stay

    again = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 2, "failed": 0}


def test_a_moved_file_stays_under_its_first_name(clean_db, tmp_path):
    root = tmp_path / "in"
    (root / "old").mkdir(parents=True)
    (root / "old" / "summary.txt").write_text(SUMMARY_2019, encoding="utf-8")
    ingest_files(discover([root]).files, clean_db, "neo4j")
    (root / "new").mkdir()
    (root / "old" / "summary.txt").rename(root / "new" / "summary.txt")

    moved = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert moved.counts()["unchanged"] == 1 and moved.counts()["created"] == 0
    assert [d.kept_as for d in moved.duplicates] == ["old/summary.txt"]
    assert set(_reports(clean_db)) == {"old/summary.txt"}


@pytest.mark.parametrize("files", [lambda root: discover([root]).files, lambda root: FileWalk([root]),
                                   lambda root: iter(discover([root]).files)], ids=["list", "walk", "read-once"])
def test_moved_files_are_found_in_every_window_of_the_check(clean_db, tmp_path, monkeypatch, files):
    """The moved-file check asks about a window of prepared files at once: files moved in
    different windows, and a new file between them, are each told apart — whether the files
    come as a list, walked again (the CLI's) or as a stream that can be read only once."""
    import graph.flows.ingest as ingest

    root = tmp_path / "in"
    (root / "old").mkdir(parents=True)
    texts = {f"summary-{n}.txt": SUMMARY_2019.replace("Chan Dara", f"Chan Dara {n}") for n in range(3)}
    for file, text in texts.items():
        (root / "old" / file).write_text(text, encoding="utf-8")
    ingest_files(discover([root]).files, clean_db, "neo4j")
    (root / "new").mkdir()
    for file in texts:
        (root / "old" / file).rename(root / "new" / file)
    (root / "new" / "summary-new.txt").write_text(SUMMARY_2020, encoding="utf-8")
    monkeypatch.setattr(ingest, "MOVED_CHECK_WINDOW", 2)
    asked = []  # files in each window the check asks about
    real_moved = ingest._moved

    def counting_moved(driver, database, window):
        asked.append(len(window))
        return real_moved(driver, database, window)

    monkeypatch.setattr(ingest, "_moved", counting_moved)

    moved = ingest_files(files(root), clean_db, "neo4j", batch_size=1)
    assert asked == [2, 2]
    assert moved.counts()["unchanged"] == 3 and moved.counts()["created"] == 1
    assert sorted(d.kept_as for d in moved.duplicates) == [f"old/{file}" for file in sorted(texts)]
    assert set(_reports(clean_db)) == {*(f"old/{file}" for file in texts), "new/summary-new.txt"}


def test_a_copy_in_another_folder_is_a_report_of_its_own(clean_db, tmp_path):
    root = tmp_path / "in"
    for folder in ("a", "b"):
        (root / folder).mkdir(parents=True)
        (root / folder / "summary.txt").write_text(SUMMARY_2019, encoding="utf-8")
    summary = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert summary.counts()["created"] == 2 and not summary.duplicates


def test_a_file_given_directly_keeps_its_plain_name(tmp_path):
    path = tmp_path / "summary.txt"
    path.write_text(SUMMARY_2019, encoding="utf-8")
    [found] = discover([path]).files
    assert found.name == "summary.txt"


# --- finding 13: discovery never leaves the root and reports every skip --------------------

def test_discovery_skips_links_out_of_the_root_and_says_why(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not a report", encoding="utf-8")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (root / "inside-link.txt").symlink_to(root / "good.txt")
    (root / "passwd.txt").symlink_to(outside)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (root / "linked-dir").symlink_to(tmp_path)
    os.mkfifo(root / "pipe.txt")
    locked = root / "sub" / "locked.txt"
    locked.write_text(GOOD_REPORT, encoding="utf-8")
    found = discover([root])
    names = [f.name for f in found.files]
    skipped = {Path(s.path).name: s.message for s in found.skipped}
    assert names == ["good.txt", "inside-link.txt", "sub/locked.txt"]
    assert "out of" in skipped["passwd.txt"]
    assert skipped["dangling.txt"] == "dangling symbolic link"
    assert "FIFO" in skipped["pipe.txt"]
    assert "not followed" in skipped["linked-dir"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_named_directly_is_one_failure(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_REPORT, encoding="utf-8")
    locked.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_REPORT, encoding="utf-8")
    proc = run_tipgraph(dict(os.environ), "extract", str(locked), str(good))
    assert proc.returncode == 2
    assert error_lines(proc.stderr) == {"locked.txt": "skipped: permission denied"}


def test_extract_reports_skipped_files_with_exit_2(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    proc = run_tipgraph(dict(os.environ), "extract", str(root))
    assert proc.returncode == 2, proc.stderr
    assert "out of" in error_lines(proc.stderr)["passwd.txt"]
    assert "root:" not in proc.stdout


# --- finding 10: size caps before parsing ----------------------------------------------------

def test_an_oversized_html_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<html><body>")
        row = "<div><p>" + "The police said brokers moved workers at night. " * 20 + "</p></div>\n"
        while fh.tell() < 25 * 1024 * 1024:
            fh.write(row)
    started = time.perf_counter()
    proc = run_tipgraph(dict(os.environ), "extract", str(path))
    elapsed = time.perf_counter() - started
    assert proc.returncode == 2
    assert "over the limit of 20 MB" in error_lines(proc.stderr)["huge.html"]
    assert elapsed < 15, f"took {elapsed:.0f} s: parsed before refusing?"


# --- finding 5: an over-long name is capped, the batch goes on --------------------------------

def test_a_10kb_agency_name_is_capped_and_later_files_load(clean_db, tmp_path, caplog):
    root = tmp_path / "in"
    root.mkdir()
    huge = "Ministry of " + " ".join(["Rural"] * 2000) + " Development"
    (root / "a-long.txt").write_text(
        f"Long name\nDate: 2020-01-01\n\nThe {huge} said there were too few shelters run by the state.\n",
        encoding="utf-8")
    (root / "b-good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    with caplog.at_level("WARNING"):
        summary = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert summary.counts()["created"] == 2, summary.failures
    assert any("a-long.txt" in r.getMessage() and "cut" in r.getMessage() for r in caplog.records)
    longest, _, _ = clean_db.execute_query("MATCH (a:Actor) RETURN max(size(a.name)) AS n")
    assert longest[0]["n"] <= 300


# --- finding 14: names that would drive the terminal ------------------------------------------

def test_newline_and_escape_in_a_file_name_cannot_forge_output(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "x\nerror: forged.txt").write_bytes(b"")
    (root / "y\x1b[2J.txt").write_bytes(b"")
    proc = run_tipgraph(dict(os.environ), "extract", str(root))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert not any(line.startswith("error: forged") for line in lines), proc.stderr
    assert "\x1b" not in proc.stderr
    assert any("x\\nerror: forged.txt" in line for line in lines), proc.stderr


def test_table_cells_escape_control_characters():
    import io

    from graph.cli.output import render

    out = io.StringIO()
    render([{"name": "Evil\x1b]0;pwned\x07 Agency"}], "table", out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "\\x1b]0;pwned\\x07" in out.getvalue()


def test_cli_ingest_of_two_folders_names_both_reports(clean_db, neo4j_settings, tmp_path):
    root = tmp_path / "in"
    (root / "2019").mkdir(parents=True)
    (root / "2020").mkdir()
    (root / "2019" / "summary.txt").write_text(SUMMARY_2019, encoding="utf-8")
    (root / "2020" / "summary.txt").write_text(SUMMARY_2020, encoding="utf-8")
    env = tipgraph_env(neo4j_settings, tmp_path / "home")
    first = run_tipgraph(env, "ingest", str(root))
    assert first.returncode == 0, first.stderr
    assert "2 created, 0 updated" in first.stderr
    again = run_tipgraph(env, "ingest", str(root))
    assert "0 created, 0 updated, 2 unchanged" in again.stderr


# --- finding 10: a large case file goes in parts, one transaction each -----------------------

def _case_csv(path: Path, rows: int) -> Path:
    lines = ["Case No.,Date,Province,Country,Status,Investigating agency,Defendants,Summary"]
    lines += [f"ZZ-{i:06d},2019-01-{1 + i % 28:02d},Kampot,Cambodia,arrested,Kampot Provincial Police,"
              f"Suspect {chr(65 + i % 26)}{chr(65 + i // 26 % 26)} Broker,Fictional case {i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_case_file_is_written_in_parts(clean_db, tmp_path, monkeypatch):
    import graph.flows.ingest

    monkeypatch.setattr(graph.flows.ingest, "CASE_ROWS_PER_REPORT", 40)
    import graph.store.writer

    written = graph.store.writer.write_batches
    batches: list[list[str]] = []

    def recording(driver, database, source, **options):
        def noted():
            for batch in source:
                batches.append(sorted(rows.report["file"] for rows in batch))
                yield batch
        return written(driver, database, noted(), **options)

    monkeypatch.setattr(graph.store.writer, "write_batches", recording)
    root = tmp_path / "in"
    root.mkdir()
    _case_csv(root / "register.csv", 100)
    for number in range(2):
        (root / f"summary-{number}.txt").write_text(SUMMARY_2019.replace("Chan Dara", f"Chan Dara {number}"),
                                                    encoding="utf-8")
    summary = ingest_files(discover([root]).files, clean_db, "neo4j", batch_size=25)
    assert summary.counts() == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
    # each part alone in its transaction (a part is as large as one should be), the rest batched
    assert batches == [["register.csv"]] * 3 + [["summary-0.txt", "summary-1.txt"]]
    rows, _, _ = clean_db.execute_query("MATCH (r:Report)-[]->(c:Case) RETURN count(DISTINCT c) AS cases, "
                                        "collect(DISTINCT r.file) AS files")
    assert rows[0]["cases"] == 100 and rows[0]["files"] == ["register.csv"]
    again = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert again.counts()["unchanged"] == 5


def test_a_batch_the_server_refuses_names_its_file(clean_db, tmp_path, monkeypatch):
    """Without the cap, Neo4j itself refuses the 10 KB name (index key limit): the error names
    the file and does not advise a rerun that would fail again."""
    import graph.flows.limits

    from graph.errors import DatabaseError

    monkeypatch.setattr(graph.flows.limits, "MAX_NAME_CHARS", 10**9)
    monkeypatch.setattr(graph.flows.limits.cap_names, "__defaults__", (10**9,))
    root = tmp_path / "in"
    root.mkdir()
    # a case register's cell reaches the graph whole (report text is cut into bounded sentences)
    huge = "Ministry of " + " ".join(["Rural"] * 2000) + " Development"
    (root / "a-long.csv").write_text(
        "Case No.,Date,Country,Status,Investigating agency,Summary\n"
        f"XX-2020-001,2020-01-09,Cambodia,investigated,{huge},A raid on a farm.\n", encoding="utf-8")
    for number in range(3):  # in the same batch: the error names the one file refused, not these
        (root / f"b-good-{number}.txt").write_text(SUMMARY_2019.replace("Chan Dara", f"Chan Dara {number}"),
                                                   encoding="utf-8")
    with pytest.raises(DatabaseError) as caught:
        ingest_files(discover([root]).files, clean_db, "neo4j", batch_size=25)
    message = str(caught.value)
    assert "a-long.csv" in message and "rerunning will fail the same way" in message, message
    assert "b-good" not in message, message
    assert not _reports(clean_db)  # the batch was rolled back whole
