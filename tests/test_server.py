"""LocalServer against a real Neo4j: a second server on free ports in tmp_path."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import ServerError
from graph.paths import neo4j_pom
from graph.store.connection import connect
from graph.store.server import LocalServer, find_java, pom_version, port_in_use


def _server(home: Path, free_ports, **overrides) -> LocalServer:
    bolt_port, http_port = free_ports(2)
    options = {"bolt_port": bolt_port, "http_port": http_port, "heap": "512m", "page_cache": "64m"}
    return LocalServer(home=home, **{**options, **overrides})


@pytest.mark.slow
@pytest.mark.neo4j
def test_lifecycle_library_start_stop_then_cli_restart(tmp_path, free_ports):
    """Library start/status/stop, then the CLI restarts the same home: data and password kept."""
    bolt_port, http_port = free_ports(2)
    # the home the CLI derives from TIPGRAPH_HOME, so both drive the same server
    server = LocalServer(home=tmp_path / "neo4j", bolt_port=bolt_port, http_port=http_port,
                         heap="512m", page_cache="64m")
    env = {"TIPGRAPH_HOME": str(tmp_path), "TIPGRAPH_BOLT_PORT": str(bolt_port),
           "TIPGRAPH_HTTP_PORT": str(http_port), "NEO4J_URI": None}
    assert server.status().running is False
    try:
        status = server.start(timeout=180)
        assert status.running and status.pid and status.version == pom_version()
        assert status.bolt_uri == f"neo4j://127.0.0.1:{bolt_port}"
        assert status.browser_uri == f"http://127.0.0.1:{http_port}/browser/"
        assert port_in_use(bolt_port) and port_in_use(http_port)

        # the generated password is private to the user, and nowhere in the status
        assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(server.home.stat().st_mode) == 0o700
        password = server.read_password()
        assert len(password) >= 24
        assert password not in repr(status) and password not in str(status.to_dict())

        # idempotent: a second start finds the running server and returns at once
        again_at = time.monotonic()
        assert server.start().pid == status.pid
        assert time.monotonic() - again_at < 2

        with connect(server.settings()) as driver:
            driver.execute_query("CREATE (:Marker {name: 'kept'})", database_="neo4j")

        assert server.stop() is True
        after = server.status()
        assert after.running is False and after.pid is None
        assert not server.pid_file.exists()
        assert not port_in_use(bolt_port)
        assert server.stop() is False

        # the CLI restarts it; the data and the password survive
        started = _run(["db", "start"], env)
        assert started.exit_code == 0 and "Starting Neo4j" in started.stderr
        assert f"neo4j://127.0.0.1:{bolt_port}" in started.stdout
        assert f"http://127.0.0.1:{http_port}/browser/" in started.stdout
        assert server.read_password() == password
        with connect(server.settings()) as driver:
            records, _, _ = driver.execute_query("MATCH (m:Marker) RETURN m.name AS name",
                                                 database_="neo4j")
        assert [r["name"] for r in records] == ["kept"]

        as_json = _run(["db", "status", "--format", "json"], env)
        report = json.loads(as_json.stdout)
        assert report["running"] is True and report["username"] == "neo4j"
        assert report["bolt_uri"] == f"neo4j://127.0.0.1:{bolt_port}"
        as_table = _run(["db", "status", "--format", "table"], env).stdout
        assert "running   yes" in as_table
        for output in (started.output, as_json.output, as_table):
            assert password not in output

        stopped = _run(["db", "stop"], env)
        assert stopped.exit_code == 0 and "Neo4j stopped." in stopped.stderr
        assert json.loads(_run(["db", "status", "--format", "json"], env).stdout)["running"] is False
        assert "was not running" in _run(["db", "stop"], env).stderr
    finally:
        server.stop()


def test_stop_when_not_running_returns_false(tmp_path, free_ports):
    server = _server(tmp_path, free_ports)
    assert server.stop() is False
    assert server.status().running is False


def test_stale_pid_file_of_another_process_is_not_our_server(tmp_path, free_ports):
    server = _server(tmp_path, free_ports)
    # a pid that is alive but is not this home's Neo4j (a recycled pid)
    server.pid_file.write_text(f"{os.getpid()}\n")
    assert server.status().running is False
    assert server.stop() is False
    assert not server.pid_file.exists()


@pytest.mark.slow
def test_start_refuses_a_port_taken_by_something_else(tmp_path, free_ports):
    server = _server(tmp_path / "home", free_ports)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", server.bolt_port))
        squatter.listen()
        with pytest.raises(ServerError) as caught:
            server.start(timeout=30)
    message = str(caught.value)
    assert f"127.0.0.1:{server.bolt_port}" in message and "TIPGRAPH_BOLT_PORT" in message
    assert server.status().running is False
    assert not server.password_file.exists()


@pytest.mark.slow
def test_start_refuses_data_whose_password_file_is_gone(tmp_path, free_ports):
    server = _server(tmp_path / "home", free_ports)
    (server.data_dir / "databases" / "system").mkdir(parents=True)
    with pytest.raises(ServerError, match="no longer in .*password"):
        server.start(timeout=30)
    assert server.status().running is False


def test_invalid_configuration_is_refused():
    with pytest.raises(ServerError, match="must differ"):
        LocalServer(home=Path("/nonexistent"), bolt_port=7687, http_port=7687)
    with pytest.raises(ServerError, match="not a valid TCP port"):
        LocalServer(home=Path("/nonexistent"), bolt_port=70000)
    with pytest.raises(ServerError, match="512m or 1g"):
        LocalServer(home=Path("/nonexistent"), heap="lots")


def test_from_env_reads_ports_and_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPGRAPH_HOME", str(tmp_path))
    server = LocalServer.from_env({"TIPGRAPH_BOLT_PORT": "17001", "TIPGRAPH_HTTP_PORT": "17002"})
    assert (server.home, server.bolt_port, server.http_port) == (tmp_path / "neo4j", 17001, 17002)
    assert server.lib_dir == tmp_path / f"neo4j-{server.version}" / "lib"
    defaults = LocalServer.from_env({})
    assert (defaults.bolt_port, defaults.http_port) == (7687, 7474)
    with pytest.raises(ServerError, match="TIPGRAPH_BOLT_PORT='x'"):
        LocalServer.from_env({"TIPGRAPH_BOLT_PORT": "x"})


def test_pom_version_is_the_pinned_neo4j():
    assert pom_version().startswith("5.26.")
    assert f"<neo4j.version>{pom_version()}</neo4j.version>" in neo4j_pom().read_text()


def test_install_without_maven_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no mvn
    server = LocalServer(home=tmp_path / "home", runtime_dir=tmp_path / "runtime")
    with pytest.raises(ServerError, match=r"Maven \(mvn\) is needed"):
        server.install()


def test_install_failure_shows_the_maven_output(tmp_path):
    # a version Maven Central does not have: mvn runs for real and fails
    server = LocalServer(home=tmp_path / "home", version="5.26.99999",
                         runtime_dir=tmp_path / "runtime")
    with pytest.raises(ServerError) as caught:
        server.install()
    message = str(caught.value)
    assert "Maven failed" in message and "5.26.99999" in message
    assert "last lines of its output" in message and "ERROR" in message
    assert not server.installed
    assert not (tmp_path / "runtime" / "lib").exists()


def test_java_home_without_java_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(ServerError, match="JAVA_HOME .* has no bin/java"):
        find_java()


def test_too_old_java_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    fake.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(ServerError, match="is Java 11, but Neo4j 5.26 needs Java 17 or 21"):
        find_java()


@pytest.mark.slow
@pytest.mark.neo4j
def test_stop_with_parent_stops_the_server_when_its_starter_is_killed(tmp_path, free_ports):
    if not sys.platform.startswith("linux"):
        pytest.skip("parent-death signal is Linux-only")
    server = _server(tmp_path / "home", free_ports, stop_with_parent=True)
    script = (
        "import sys, time\n"
        "from graph.store.server import LocalServer\n"
        f"LocalServer(home={str(server.home)!r}, bolt_port={server.bolt_port}, "
        f"http_port={server.http_port}, heap='512m', page_cache='64m', "
        "stop_with_parent=True).start(timeout=180)\n"
        "print('up', flush=True)\n"
        "time.sleep(600)\n"
    )
    starter = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = starter.stdout.readline().strip()
        assert line == "up", starter.stderr.read() if starter.poll() is not None else line
        assert server.status().running
        starter.kill()  # SIGKILL: no chance to clean up
        starter.wait()
        deadline = time.monotonic() + 60
        while server.status().running and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.status().running is False
    finally:
        starter.kill()
        server.stop()


# -- the CLI -------------------------------------------------------------------------------

def _run(args: list[str], env: dict[str, str]):
    from click.testing import CliRunner

    from graph.cli import cli

    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


def test_cli_status_of_a_fresh_home(tmp_path):
    env = {"TIPGRAPH_HOME": str(tmp_path), "NEO4J_URI": "neo4j+s://remote.example:7687"}
    result = _run(["db", "status", "--format", "json"], env)
    report = json.loads(result.stdout)
    assert report["running"] is False and report["pid"] is None
    assert report["bolt_uri"] == "neo4j://127.0.0.1:7687"
    assert report["home"] == str(tmp_path / "neo4j")
    assert "NEO4J_URI is set" in result.stderr


@pytest.mark.parametrize("command", ["", "install", "start", "stop", "status"])
def test_every_db_command_help_ends_with_an_example(command):
    result = _run(["db", *command.split(), "--help"], {})
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[-2] == "Example:"
    assert f"tipgraph db {command}".strip() in lines[-1]


def test_generated_passwords_are_never_read_as_an_option():
    # a password starting with '-' made `neo4j-admin dbms set-initial-password` print its usage
    from graph.store.server import generate_password

    passwords = [generate_password() for _ in range(2000)]
    assert all(p.isalnum() and p.isascii() and len(p) == 32 for p in passwords)
    assert len(set(passwords)) == len(passwords)


@pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="the suite runs against a server it did not configure")
def test_transaction_logs_are_kept_for_recovery_only(neo4j_driver):
    # Neo4j's default keeps two days of logs: an ingest of many reports filled the disk
    records, _, _ = neo4j_driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN ['db.tx_log.rotation.retention_policy', 'db.checkpoint'] "
        "RETURN name, value", database_="system")
    assert {r["name"]: r["value"] for r in records} == {"db.tx_log.rotation.retention_policy": "1G size",
                                                          "db.checkpoint": "VOLUME"}
