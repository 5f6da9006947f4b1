"""One verified driver per process, and driver errors translated into one-line DatabaseErrors.

The caller owns the driver (``with connect(settings) as driver: ...``) and passes it on;
nothing here keeps a global. Messages name the URI and the user, never the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from ..config import Settings
from ..errors import DatabaseError

__all__ = ["connect", "check_database", "translate_error", "neo4j_errors"]

_DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
_RATE_LIMITED = "Neo.ClientError.Security.AuthenticationRateLimit"


def connect(settings: Settings, *, verify: bool = True, **driver_config: object) -> neo4j.Driver:
    """A driver for ``settings``, checked to reach the server, log in and find the database.

    Raises DatabaseError with a one-line message (server unreachable, wrong password,
    unknown database, malformed URI). ``driver_config`` goes to ``GraphDatabase.driver``.
    """
    try:
        driver = GraphDatabase.driver(settings.uri, auth=settings.auth, **driver_config)
    except (ConfigurationError, ValueError) as exc:
        raise DatabaseError(f"invalid Neo4j URI {settings.uri!r}: {_scrub(str(exc), settings)}") from exc
    if not verify:
        return driver
    try:
        # the ping reaches the server and logs in as well: no verify_connectivity() before it
        # (a round trip, and a routing table, that every command paid at start-up)
        check_database(driver, settings.database, settings=settings)
    except BaseException:
        driver.close()
        raise
    return driver


def check_database(driver: neo4j.Driver, database: str, *, settings: Settings | None = None) -> None:
    """Raise DatabaseError unless ``database`` exists on the server and answers a ping."""
    with neo4j_errors(settings, database=database):
        # db.ping(), unlike RETURN 1, is also allowed on the `system` database. In an auto-commit
        # transaction: execute_query would retry an unreachable server for 30 s before failing
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            session.run("CALL db.ping()").consume()


@contextmanager
def neo4j_errors(settings: Settings | None = None, *, database: str | None = None) -> Iterator[None]:
    """Translate driver errors raised inside the block into DatabaseError (cause chained)."""
    try:
        yield
    except (Neo4jError, DriverError) as exc:
        raise translate_error(exc, settings, database=database) from exc


def translate_error(exc: Exception, settings: Settings | None = None, *,
                    database: str | None = None) -> DatabaseError:
    """A DatabaseError with a clear one-line message for a neo4j driver exception."""
    uri = settings.uri if settings else "the Neo4j server"
    database = database or (settings.database if settings else "neo4j")
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, (ServiceUnavailable, SessionExpired)):
        hint = ("is it running? try `tipgraph db start`" if settings is None or settings.is_local
                else "check NEO4J_URI and the network")
        message = f"cannot reach Neo4j at {uri} — {hint}"
    elif code == _RATE_LIMITED:
        message = (f"Neo4j at {uri} is refusing logins for a few seconds after repeated wrong "
                   "passwords; wait and retry with the right one")
    elif isinstance(exc, AuthError):
        user = settings.username if settings else "neo4j"
        if settings is None:
            hint = "check NEO4J_USERNAME / NEO4J_PASSWORD"
        elif not settings.password:
            hint = "NEO4J_PASSWORD is not set"
        else:
            hint = f"check {settings.credentials_from}"
        message = f"Neo4j at {uri} rejected the login of user {user!r}: wrong user name or password ({hint})"
    elif code == _DATABASE_NOT_FOUND:
        message = (f"database {database!r} does not exist on Neo4j at {uri} "
                   "(set NEO4J_DATABASE; Community edition has only `neo4j` and `system`)")
    elif isinstance(exc, DatabaseUnavailable):
        message = f"database {database!r} on Neo4j at {uri} is not available (starting or stopped?)"
    elif isinstance(exc, Neo4jError):
        detail = (getattr(exc, "message", None) or str(exc)).strip().splitlines()[0]
        message = f"Neo4j at {uri} failed: {code or type(exc).__name__}: {detail}"
    else:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        message = f"Neo4j driver error talking to {uri}: {detail}"
    return DatabaseError(_scrub(message, settings))


def _scrub(message: str, settings: Settings | None) -> str:
    # belt and braces: no code path above formats the password, but a server or driver
    # message might echo something back
    # (a very short password would mask ordinary words: "wrong" in "wrong user name")
    if settings is not None and len(settings.password or "") >= 6:
        return message.replace(settings.password, "***")
    return message
