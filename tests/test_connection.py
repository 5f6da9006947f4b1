"""Settings from the environment, and connect() against the suite's real Neo4j."""

from __future__ import annotations

import dataclasses
import time

import pytest

from graph.config import Settings
from graph.errors import DatabaseError, ServerError
from graph.store.connection import check_database, connect
from graph.store.server import settings_from_env

SECRET = "Tr1cky-Secret-Value-42"


# -- Settings ------------------------------------------------------------------------------

def test_from_env_uses_neo4j_variables_and_hides_the_password():
    settings = Settings.from_env({
        "NEO4J_URI": "neo4j+s://abcd1234.databases.neo4j.io",
        "NEO4J_USERNAME": "analyst",
        "NEO4J_PASSWORD": SECRET,
        "NEO4J_DATABASE": "tip",
    })
    assert (settings.uri, settings.username, settings.database) == (
        "neo4j+s://abcd1234.databases.neo4j.io", "analyst", "tip")
    assert settings.auth == ("analyst", SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert SECRET not in f"{settings!r} {settings}"
    assert settings.is_local is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.password = "changed"  # type: ignore[misc]


def test_from_env_defaults_for_user_and_database():
    settings = Settings.from_env({"NEO4J_URI": "bolt://localhost:7687", "NEO4J_PASSWORD": "x"})
    assert (settings.username, settings.database) == ("neo4j", "neo4j")
    assert settings.is_local is True
    legacy = Settings.from_env({"NEO4J_URI": "bolt://h:7687", "NEO4J_USER": "old-style"})
    assert legacy.username == "old-style" and legacy.password == ""


def test_from_env_without_uri_means_the_local_server(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPGRAPH_HOME", str(tmp_path))
    env = {"TIPGRAPH_BOLT_PORT": "17687"}
    assert Settings.from_env(env) is None  # config knows nothing of servers; store.server falls back
    with pytest.raises(ServerError, match="tipgraph db start"):
        settings_from_env(env)

    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "password").write_text(SECRET + "\n")
    settings = settings_from_env(env)
    assert settings == Settings(uri="neo4j://127.0.0.1:17687", username="neo4j",
                                password=SECRET, database="neo4j")
    assert settings.credentials_from == str(home / "password")
    assert SECRET not in repr(settings)


# -- connect() -----------------------------------------------------------------------------

def test_connection_refused_is_a_clear_database_error(free_ports):
    (port,) = free_ports(1)
    settings = Settings(uri=f"neo4j://127.0.0.1:{port}", username="neo4j", password=SECRET)
    started = time.monotonic()
    with pytest.raises(DatabaseError) as caught:
        connect(settings, connection_timeout=5)
    # at once, not after the 30 s a managed transaction spends retrying an unreachable server
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message == (f"cannot reach Neo4j at neo4j://127.0.0.1:{port} — is it running? "
                       "try `tipgraph db start`")
    assert caught.value.exit_code == 4
    assert SECRET not in message


def test_malformed_uri_is_a_database_error():
    settings = Settings(uri="ftp://127.0.0.1:7687", username="neo4j", password=SECRET)
    with pytest.raises(DatabaseError, match="invalid Neo4j URI 'ftp://127.0.0.1:7687'") as caught:
        connect(settings)
    assert SECRET not in str(caught.value)


@pytest.mark.neo4j
def test_connect_returns_a_working_driver(neo4j_settings):
    with connect(neo4j_settings) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_=neo4j_settings.database)
        assert records[0]["one"] == 1
        check_database(driver, "system")


@pytest.mark.neo4j
def test_wrong_password_is_a_clear_database_error(neo4j_settings):
    # one failed login only: Neo4j locks a user out for 5 s after three
    wrong = dataclasses.replace(neo4j_settings, password=SECRET)
    with pytest.raises(DatabaseError) as caught:
        connect(wrong)
    message = str(caught.value)
    assert message.startswith(f"Neo4j at {neo4j_settings.uri} rejected the login of user "
                              f"'{neo4j_settings.username}': wrong user name or password")
    assert message.endswith(f"(check {neo4j_settings.credentials_from})")
    assert SECRET not in message and neo4j_settings.password not in message
    assert "\n" not in message


@pytest.mark.neo4j
def test_unknown_database_is_a_clear_database_error(neo4j_settings, neo4j_driver):
    missing = dataclasses.replace(neo4j_settings, database="no-such-db")
    with pytest.raises(DatabaseError, match="database 'no-such-db' does not exist on Neo4j at"):
        connect(missing)
    with pytest.raises(DatabaseError, match="database 'no-such-db' does not exist"):
        check_database(neo4j_driver, "no-such-db")


# -- the clean_db fixture ------------------------------------------------------------------

@pytest.mark.neo4j
def test_clean_db_empties_the_graph_but_keeps_the_schema(neo4j_driver, neo4j_settings, request):
    db = neo4j_settings.database
    neo4j_driver.execute_query(
        "CREATE CONSTRAINT test_clean_db_key IF NOT EXISTS FOR (n:CleanDbProbe) REQUIRE n.key IS UNIQUE",
        database_=db)
    try:
        # more than one delete batch, with relationships
        neo4j_driver.execute_query(
            "UNWIND range(1, 12000) AS i CREATE (a:CleanDbProbe {key: i})-[:NEXT]->(:Other)",
            database_=db)
        driver = request.getfixturevalue("clean_db")  # runs the fixture now
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes", database_=db)
        assert records[0]["nodes"] == 0
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name WHERE name = 'test_clean_db_key' RETURN count(*) AS kept",
            database_=db)
        assert records[0]["kept"] == 1
    finally:
        neo4j_driver.execute_query("DROP CONSTRAINT test_clean_db_key IF EXISTS", database_=db)


# -- the CLI's connection() ------------------------------------------------------------------

@pytest.mark.parametrize("error", [
    "ServiceUnavailable", "SessionExpired", "TransientError", "AuthError", "DatabaseUnavailable",
])
def test_cli_connection_turns_every_driver_error_into_exit_4_and_closes(error, monkeypatch):
    import neo4j.exceptions

    import graph.store.connection
    from graph.cli.common import connection

    class Driver:
        closed = False

        def close(self):
            self.closed = True

    driver = Driver()
    monkeypatch.setattr(graph.store.connection, "connect", lambda settings, **_: driver)
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7999")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    with pytest.raises(DatabaseError) as caught:
        with connection() as db:
            assert db.driver is driver and db.database == "neo4j"
            raise getattr(neo4j.exceptions, error)("the server said no")
    assert caught.value.exit_code == 4 and driver.closed
    assert "Traceback" not in str(caught.value) and SECRET not in str(caught.value)
