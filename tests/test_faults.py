"""Faults against a real Neo4j (issue 6): a server killed or stopped in the middle of an ingest,
the ingest itself killed, and servers that cannot be reached or refuse the login.

The promise under test: one report is one transaction, so an interrupted ingest leaves only
whole reports behind, and rerunning the same command gives exactly the graph that an
uninterrupted run into a fresh database gives — same nodes, relationships and properties
(compared with :func:`graph_hash`). Failures are one line and exit code 4; ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph.store.connection import connect
from graph.store.server import LocalServer

from .conftest import empty_database, tipgraph_in_process
from .test_robustness_input import TIPGRAPH, run_tipgraph, tipgraph_env

REPORTS = 40

_PEOPLE = ["Chan Dara", "Sok Malis", "Pen Sokha", "Keo Vibol", "Lim Rithy", "Tep Sophal", "Mao Sovann",
           "Heng Bopha", "Ouk Vanna", "Chea Kosal", "Nhem Sitha", "Prak Vuthy", "Srun Leakena"]
_NGOS = ["Legal Aid Network", "Mekong Safe Haven", "River Child Rights", "Border Workers Union",
         "Harbour Hope Centre"]
_PROVINCES = ["Battambang", "Kampot", "Siem Reap", "Takeo", "Kampong Cham"]


def fictional_report(i: int) -> str:
    """A short fictional news report; neighbouring reports share agencies and people."""
    minister, deputy, advocate = (_PEOPLE[(i + k) % len(_PEOPLE)] for k in (0, 3, 7))
    ngo, province = _NGOS[i % len(_NGOS)], _PROVINCES[i % len(_PROVINCES)]
    return f"""\
Shelters in {province} stretched, officials say (part {i})
Date: 20{10 + i % 12:02d}-0{1 + i % 9}-1{i % 10}

Minister of Social Affairs {minister} told officials in {province} there were too few shelters run by the state, and a shortage of funding had held up new centres.

{deputy}, deputy director of the National Committee for Counter Trafficking, said many survivors no longer trusted the courts.

The committee recorded {200 + 7 * i} trafficking cases in 2018, according to figures presented at the meeting.

{advocate}, of the NGO {ngo}, said the government response was still too slow.
"""


def write_reports(directory: Path, count: int = REPORTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (directory / f"fictional-{i:02d}.txt").write_text(fictional_report(i), encoding="utf-8")
    return directory


def graph_hash(driver, database: str = "neo4j", *, ordered_lists: bool = True) -> tuple[int, int, str]:
    """Node count, relationship count and a SHA-256 over every node's (labels, properties) and
    every relationship's (type, start id, end id, properties), sorted — nothing ignored.

    ``ordered_lists=False`` sorts list-valued properties first: writers running in parallel
    append provenance (sources, evidence) in whichever order their transactions commit.
    """
    def canon(value) -> str:
        if not ordered_lists:
            value = [{k: sorted(v, key=str) if isinstance(v, list) else v for k, v in part.items()}
                     if isinstance(part, dict) else part for part in value]
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)

    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
                                       database_=database)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props",
        database_=database)
    lines = sorted(canon([sorted(r["labels"]), r["props"]]) for r in nodes)
    lines += sorted(canon([r["type"], r["start"], r["end"], r["props"]]) for r in rels)
    return len(nodes), len(rels), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def half_written_reports(driver, directory: Path, database: str = "neo4j") -> list[str]:
    """Reports in the graph whose MENTIONS differ from what a fresh preparation of their file
    writes (actor ids after resolution, so two names of one actor are one mention; reports
    matched by id, so files of one name in two folders are not confused)."""
    from graph.flows.discovery import discover
    from graph.flows.ingest import prepare_file

    expected: dict[str, set[str]] = {}
    for source in discover([directory]).files:
        try:
            prepared = prepare_file(source.path, validate=False, name=source.name)
        except Exception:  # noqa: BLE001 — a file that cannot be prepared is not in the graph
            continue
        for rows in prepared.all_rows:
            expected[rows.report_id] = {rel.end for rel in rows.rels["MENTIONS"]}
    rows, _, _ = driver.execute_query(
        "MATCH (r:Report) OPTIONAL MATCH (r)-[:MENTIONS]->(a) RETURN r.reportId AS id, r.file AS file, "
        "collect(a.id) AS actors", database_=database)
    bad = []
    for row in rows:
        wanted = expected.get(row["id"])
        if wanted is None or set(row["actors"]) != wanted:
            bad.append(f"{row['file']}: {len(row['actors'])} of {len(wanted or ())}")
    return bad


def report_count(driver, database: str = "neo4j") -> int:
    try:
        rows, _, _ = driver.execute_query("MATCH (r:Report) RETURN count(r) AS n", database_=database)
    except Exception:  # noqa: BLE001 — the server may be down between polls
        return -1
    return rows[0]["n"]


def wait_for_reports(driver, at_least: int, proc: subprocess.Popen, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = report_count(driver)
        if count >= at_least:
            return count
        assert proc.poll() is None, f"the ingest ended early: {proc.communicate()}"
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} reports after {timeout} s")


def _group_alive(group: int, wait: float = 5.0) -> bool:
    """Whether a live (not zombie) process of ``group`` remains after up to ``wait`` s."""
    deadline = time.monotonic() + wait
    while True:
        alive = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive = True
                break
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


_PROGRESS = re.compile(r"^[a-z]+: \d+/\d+ \(\d+ s\)$")  # a piped ingest's progress lines


def assert_one_line_error(stderr: str, *words: str) -> None:
    lines = [line for line in stderr.strip().splitlines() if not _PROGRESS.match(line)]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in stderr, stderr
    for word in words:
        assert word in lines[0], stderr


# --- fixtures ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    return write_reports(tmp_path_factory.mktemp("fictional") / "reports")


@pytest.fixture(scope="module")
def reference(reports, neo4j_driver, neo4j_settings, tmp_path_factory) -> tuple[int, int, str]:
    """The graph of an uninterrupted run of the same ingest into a fresh database."""
    empty_database(neo4j_driver, neo4j_settings.database)
    env = tipgraph_env(neo4j_settings, tmp_path_factory.mktemp("home"))
    proc = run_tipgraph(env, "ingest", "--batch-size", "1", str(reports))
    assert proc.returncode == 0, proc.stderr
    assert f"{REPORTS} created" in proc.stderr
    assert half_written_reports(neo4j_driver, reports) == []
    return graph_hash(neo4j_driver, neo4j_settings.database)


@pytest.fixture(scope="module")
def reference_unordered(reference, neo4j_driver, neo4j_settings) -> tuple[int, int, str]:
    return graph_hash(neo4j_driver, neo4j_settings.database, ordered_lists=False)


@pytest.fixture(scope="module")
def dedicated(tmp_path_factory, free_ports):
    """A second server, ours to kill: free ports, its own temporary home."""
    bolt, http = free_ports(2)
    server = LocalServer(home=tmp_path_factory.mktemp("fault-server"), bolt_port=bolt, http_port=http,
                         heap="512m", page_cache="64m", stop_with_parent=True)
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()


def _driver(server: LocalServer):
    # short retries, so polling a dead server does not block the test for 30 s
    return connect(server.settings(), verify=False, max_transaction_retry_time=1.0,
                   connection_timeout=2.0, notifications_min_severity="OFF")


# --- (a) interrupted ingests --------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.parametrize("fault", ["server SIGKILL", "server stop (SIGTERM)", "ingest SIGKILL",
                                   "ingest SIGTERM"])
def test_interrupted_ingest_then_rerun_gives_the_uninterrupted_graph(fault, reports, reference, dedicated,
                                                                      tmp_path):
    if not dedicated.status().running:
        dedicated.start(timeout=180)
    env = tipgraph_env(dedicated.settings(), tmp_path / "home")
    with _driver(dedicated) as driver:
        empty_database(driver, "neo4j")
    cmd = [TIPGRAPH, "ingest", "--batch-size", "1", str(reports)]
    # its own process group, so that the test can clean up whatever is left, by group id
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        with _driver(dedicated) as driver:
            wait_for_reports(driver, 8, proc)
        if fault == "server SIGKILL":
            os.kill(dedicated.status().pid, signal.SIGKILL)
        elif fault == "server stop (SIGTERM)":
            dedicated.stop()
        else:
            proc.send_signal(signal.SIGKILL if fault == "ingest SIGKILL" else signal.SIGTERM)
        # the output pipes close only when the extraction workers have died too
        _, stderr = proc.communicate(timeout=180)
        assert not _group_alive(proc.pid), "processes of the killed ingest are still running"
    finally:
        if _group_alive(proc.pid, wait=0):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    if fault.startswith("server"):
        # the command fails clearly: one line, exit code 4, and it says how to finish
        assert proc.returncode == 4, stderr
        assert_one_line_error(stderr, "Neo4j", "rerun the same command")
        assert dedicated.start(timeout=180).running
    else:
        assert proc.returncode in (-signal.SIGKILL, -signal.SIGTERM), (proc.returncode, stderr)

    with _driver(dedicated) as driver:
        written = report_count(driver)
        assert 8 <= written < REPORTS, f"the fault came too late to test anything ({written} written)"
        # no half-written report: every report in the graph has all its claims
        assert half_written_reports(driver, reports) == []
    rerun = run_tipgraph(env, "ingest", "--batch-size", "1", str(reports))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{REPORTS - written} created, 0 updated, {written} unchanged, 0 failed" in rerun.stderr
    with _driver(dedicated) as driver:
        assert half_written_reports(driver, reports) == []
        assert graph_hash(driver) == reference


# --- parallel writers ---------------------------------------------------------------------

@pytest.mark.slow  # parallel bulk ingests (setup.cfg's marker)
def test_parallel_writers_on_overlapping_reports(reports, reference_unordered, clean_db, neo4j_settings, tmp_path):
    """Three ingests at once over overlapping reports: transient errors (deadlocks, lock
    timeouts) are retried, every writer succeeds, and the graph is the sequential one."""
    files = sorted(str(p) for p in reports.iterdir())
    env = tipgraph_env(neo4j_settings, tmp_path / "home")
    writers = [files, files[10:], list(reversed(files[:30]))]
    procs = [subprocess.Popen([TIPGRAPH, "ingest", "--jobs", "1", *chunk], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for chunk in writers]
    results = [proc.communicate(timeout=600) for proc in procs]
    for proc, (_, stderr) in zip(procs, results):
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr
    duplicates, _, _ = clean_db.execute_query(
        "MATCH (n) WITH coalesce(n.id, 'extraction:' + n.reportId) AS id, count(*) AS copies "
        "WHERE copies > 1 RETURN id, copies")
    assert duplicates == []
    assert half_written_reports(clean_db, reports) == []
    assert graph_hash(clean_db, ordered_lists=False) == reference_unordered


# --- (b) a server that cannot be reached, or refuses the login or the database ------------

@pytest.mark.parametrize("case, overrides, words", [
    ("connection refused", {"NEO4J_URI": "neo4j://127.0.0.1:{closed}"}, ["cannot reach Neo4j", "127.0.0.1:{closed}"]),
    ("wrong password", {"NEO4J_PASSWORD": "not-the-password-1234"}, ["rejected the login", "'neo4j'"]),
    ("unknown database", {"NEO4J_DATABASE": "nope"}, ["database 'nope' does not exist"]),
])
def test_unreachable_or_refused_is_one_line_and_exit_code_4(case, overrides, words, neo4j_settings, free_ports,
                                                             tmp_path):
    closed = str(free_ports(1)[0])
    env = tipgraph_env(neo4j_settings, tmp_path / "home",
                       **{k: v.format(closed=closed) for k, v in overrides.items()})
    words = [w.format(closed=closed) for w in words]
    report = tmp_path / "r.txt"
    report.write_text(fictional_report(1), encoding="utf-8")
    # the last through the installed command, the others through the same main() in this process
    in_process = tipgraph_in_process(env)
    for args in (["ingest", str(report)], ["query", "shared-gaps"], ["cypher", "RETURN 1"]):
        proc = run_tipgraph(env, *args) if args[0] == "cypher" else in_process(*args, check=False)
        assert proc.returncode == 4, (args, proc.stderr)
        assert_one_line_error(proc.stderr, *words)
        assert proc.stdout == ""
        if case == "wrong password":
            wait_until_login_works(neo4j_settings)
    debug = run_tipgraph(env, "--debug", "ingest", str(report))
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "DatabaseError" in debug.stderr
    if case == "wrong password":
        wait_until_login_works(neo4j_settings)


def wait_until_login_works(settings, timeout: float = 30.0) -> None:
    """Log in with the right password. Neo4j locks a user for 5 s after 3 failed logins in a
    row, and a login that succeeds resets the count: after each refused command this keeps
    the user unlocked, so neither the next command nor the next test meets the lock. If it is
    locked anyway, wait (a refused attempt while locked does not extend the lock)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        while True:
            try:
                driver.execute_query("RETURN 1", database_=settings.database)
                return
            except (Neo4jError, DriverError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
