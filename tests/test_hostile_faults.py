"""Faults of real use (issue 14): a full disk and a server that crashed, against a real Neo4j
where it can be caused; the disk's free space is the one thing faked (filling the machine's
disk would hurt everything else running on it)."""

from __future__ import annotations

import shutil
from pathlib import Path
from collections import namedtuple

import pytest

from graph.flows.discovery import discover
from graph.errors import DatabaseError
from graph.flows.ingest import ingest_files
from graph.store.server import LocalServer, diagnose_start_failure

from .test_robustness_input import GOOD_REPORT

Usage = namedtuple("Usage", "total used free")


def test_a_full_disk_stops_the_ingest_with_a_clear_message(clean_db, neo4j_settings, tmp_path, monkeypatch):
    root = tmp_path / "in"
    root.mkdir()
    for i in range(3):
        (root / f"r{i}.txt").write_text(GOOD_REPORT.replace("2020-09-21", f"2020-09-1{i}"), encoding="utf-8")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: Usage(10**9, 10**9 - 10**6, 10**6))
    with pytest.raises(DatabaseError, match="no space left on the disk holding") as refused:
        ingest_files(discover([root]).files, clean_db, "neo4j", settings=neo4j_settings)
    reports, _, _ = clean_db.execute_query("MATCH (r:Report) RETURN count(r) AS n")
    assert reports[0]["n"] == 0
    # the disk named is the one this server writes to, wherever its home is
    home, _, _ = clean_db.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.neo4j_home' "
                                        "RETURN value", database_="system")
    assert f"disk holding {home[0]['value']}/" in str(refused.value)


def test_start_failures_say_what_to_do(tmp_path):
    conf, data = tmp_path / "conf" / "neo4j.conf", tmp_path / "data"
    full = diagnose_start_failure("ERROR Could not append transaction: java.io.IOException: No space left on device",
                                  conf, data)
    assert full.startswith("no space left on the disk holding")
    crashed = diagnose_start_failure("Caused by: ... Transaction logs are missing and recovery is not possible; "
                                     "set db.recovery.fail_on_missing_files to false", conf, data)
    assert "db.recovery.fail_on_missing_files=false" in crashed and str(conf) in crashed
    assert diagnose_start_failure("all fine", conf, data) is None


@pytest.mark.slow
def test_user_settings_in_neo4j_conf_survive_restarts(tmp_path, free_ports):
    bolt, http = free_ports(2)
    server = LocalServer(home=tmp_path / "neo4j", bolt_port=bolt, http_port=http, heap="512m",
                         page_cache="64m", stop_with_parent=True)
    server.start(timeout=180)
    try:
        server.stop()
        conf = server.conf_dir / "neo4j.conf"
        conf.write_text(conf.read_text(encoding="utf-8") + "db.recovery.fail_on_missing_files=false\n",
                        encoding="utf-8")
        server.start(timeout=180)  # the server accepts the setting, and tipgraph keeps it
        assert "db.recovery.fail_on_missing_files=false" in conf.read_text(encoding="utf-8")
    finally:
        server.stop()


# --- finding 16: the suite's own check of whole reports --------------------------------------

SHARED_REPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "reports"


@pytest.mark.skipif(not SHARED_REPORTS.is_dir(), reason="../shared/reports is not present")
def test_half_written_check_has_no_false_positives_on_real_reports(clean_db, tmp_path):
    from .test_faults import half_written_reports

    # a handful of the real reports (copied to a temporary folder, never into the repository),
    # among them one where resolution makes two extracted actors one node (the old check,
    # comparing counts, called it half-written), plus a file of the same name in a subfolder
    root = tmp_path / "in"
    (root / "again").mkdir(parents=True)
    chosen = sorted(SHARED_REPORTS.glob("*.txt"))[:5] + sorted(SHARED_REPORTS.glob("corpus/usdol-ilab-2017-*.txt"))
    for path in chosen:
        shutil.copyfile(path, root / path.name)
    (root / "again" / chosen[0].name).write_text(GOOD_REPORT, encoding="utf-8")
    summary = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert summary.counts()["created"] == len(chosen) + 1, summary.failures
    assert half_written_reports(clean_db, root) == []
