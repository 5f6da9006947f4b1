"""Fixtures for the whole suite.

Neo4j tests run against a real server, one per test session:

- ``NEO4J_URI`` set (e.g. CI with a ``neo4j:5`` service): that server, with ``NEO4J_USERNAME``
  / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``. Because tests empty the database, the session
  refuses to start if that database already holds nodes, unless TIPGRAPH_TESTS_MAY_WIPE=1.
- otherwise: a dedicated Neo4j Community server in a session temp dir on free ports
  (jars shared with ``tipgraph db install``; downloaded once if missing), stopped at the end.
  Java 17/21 and, for the first download, Maven are required: without them the Neo4j tests
  error with the reason instead of being skipped. It starts (``tests/suite_server.py``, a
  process of its own) as soon as the tests are collected, and the tests that need no Neo4j
  run first (in their order), so the server comes up while they run.

Fixtures: ``neo4j_settings`` (session, :class:`graph.config.Settings`), ``neo4j_driver``
(session, ``neo4j.Driver``), ``clean_db`` (function: empties the database, keeps indexes
and constraints, returns the driver), ``free_ports`` (callable giving unused TCP ports).
Tests that use the Neo4j fixtures get the ``neo4j`` marker automatically.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.config import Settings

if TYPE_CHECKING:
    import neo4j

_NEO4J_FIXTURES = {"neo4j_settings", "neo4j_driver", "clean_db"}
_DELETE_BATCH = 10_000


_SERVER = pytest.StashKey["_SuiteServer"]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
    # the tests without Neo4j first, each group in its collected order (a stable sort)
    items.sort(key=lambda item: item.get_closest_marker("neo4j") is not None)


def pytest_collection_finish(session: pytest.Session) -> None:
    if os.environ.get("NEO4J_URI") or not any(item.get_closest_marker("neo4j") for item in session.items):
        return
    session.config.stash[_SERVER] = _SuiteServer(session.config._tmp_path_factory.mktemp("neo4j-test"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    server = session.config.stash.get(_SERVER, None)
    if server is not None:
        server.stop()


class _SuiteServer:
    """The suite's Neo4j, run by ``tests/suite_server.py`` in a process of its own (which keeps
    the environment of the moment it started, whatever tests do to ``os.environ`` here)."""

    def __init__(self, home: Path):
        from .suite_server import suite_server

        bolt_port, http_port = unused_ports(2)
        self._server = suite_server(home, bolt_port, http_port)
        self._log = home / "suite-server.log"
        with open(self._log, "wb") as log:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "tests.suite_server", str(home), str(bolt_port), str(http_port)],
                cwd=Path(__file__).resolve().parent.parent, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=log, text=True)
        self._answer: str | None = None

    def settings(self) -> Settings:
        """Wait until the server answers; raises what went wrong if it cannot start."""
        if self._answer is None:
            self._answer = (self._proc.stdout.readline() if self._proc.stdout else "").strip()
        if self._answer != "ready":
            log = self._log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the suite's Neo4j did not start: {self._answer or 'no answer'}\n{log}")
        return self._server.settings()

    def stop(self) -> None:
        if self._proc.stdin and not self._proc.stdin.closed:
            self._proc.stdin.close()  # the helper stops the server and exits
        try:
            self._proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._server.stop()


def unused_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports that nothing listens on right now."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))  # held open until all are chosen, so they differ
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture(scope="session")
def free_ports() -> Callable[[int], list[int]]:
    return unused_ports


@pytest.fixture(scope="session")
def neo4j_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if os.environ.get("NEO4J_URI"):
        settings = Settings.from_env()
        _refuse_to_wipe_real_data(settings)
        return settings
    server = request.config.stash.get(_SERVER, None)
    if server is None:  # not foreseen at collection (e.g. requested through getfixturevalue)
        server = request.config.stash[_SERVER] = _SuiteServer(tmp_path_factory.mktemp("neo4j-test"))
    return server.settings()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    from graph.store.connection import connect

    driver = connect(neo4j_settings)
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture
def clean_db(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The session driver, after deleting every node and relationship (schema is kept)."""
    empty_database(neo4j_driver, neo4j_settings.database)
    return neo4j_driver


def empty_database(driver: neo4j.Driver, database: str) -> None:
    # in batches, so a big test graph never needs one huge transaction
    while True:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted",
            batch=_DELETE_BATCH, database_=database,
        )
        if records[0]["deleted"] == 0:
            return


def _refuse_to_wipe_real_data(settings: Settings) -> None:
    if os.environ.get("TIPGRAPH_TESTS_MAY_WIPE") == "1":
        return
    from graph.store.connection import connect

    with connect(settings) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) > 0 AS used",
                                             database_=settings.database)
    if records[0]["used"]:
        pytest.exit(f"the tests empty the database, and {settings} is not empty; point "
                    "NEO4J_URI at a scratch server or set TIPGRAPH_TESTS_MAY_WIPE=1", returncode=4)


def tipgraph_env(settings: Settings, home: Path, **overrides: str) -> dict[str, str]:
    """The environment a user would set to point `tipgraph` at ``settings``."""
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
           "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database,
           "TIPGRAPH_HOME": str(home)}
    env.update(overrides)
    return env


def tipgraph_command(settings: Settings, **extra_env: str) -> Callable[..., subprocess.CompletedProcess]:
    """The installed ``tipgraph`` command against ``settings``' server, each call a process of
    its own with stdout and stderr as pipes, as in a script or a CI log; ``check`` turns a
    non-zero exit into an AssertionError that shows stderr."""
    tipgraph = str(Path(sys.executable).parent / "tipgraph")
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
           "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database, **extra_env}

    def invoke(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([tipgraph, *args], env=env, capture_output=True, text=True, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"tipgraph {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
        return proc

    return invoke


def tipgraph_in_process(env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess]:
    """``tipgraph`` as :func:`tipgraph_command` runs it, but in this process: ``graph.cli.main``
    (the same ``run_cli`` that turns errors into one line and an exit code) with ``sys.argv``,
    the environment and the standard streams swapped for the call. For tests that run many
    short commands and check only exit codes and output; ``--debug`` tracebacks need a process."""
    from click.testing import CliRunner

    from graph.cli import main

    def invoke(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        assert "--debug" not in args, "a --debug traceback is printed by the interpreter: use a process"
        saved_argv = sys.argv
        with CliRunner().isolation(env=env) as (stdout, stderr, _):
            sys.argv = ["tipgraph", *args]
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            finally:
                sys.argv = saved_argv
                sys.stdout.flush()  # what went through the text layers, into the captured bytes
                sys.stderr.flush()
            out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
        if check and code != 0:
            raise AssertionError(f"tipgraph {' '.join(args)} exited {code}:\n{err}")
        return subprocess.CompletedProcess(["tipgraph", *args], code, out, err)

    return invoke


@pytest.fixture
def run(clean_db, neo4j_settings, tmp_path):
    """``tipgraph`` against the suite's server, emptied, with a home of its own."""
    return tipgraph_command(neo4j_settings, TIPGRAPH_HOME=str(tmp_path / "home"))


@pytest.fixture
def run_here(run, neo4j_settings, tmp_path):
    """What ``run`` runs, in this process (:func:`tipgraph_in_process`), with the same server
    and home: for the commands of a test that only check others' results."""
    return tipgraph_in_process(tipgraph_env(neo4j_settings, tmp_path / "home"))
