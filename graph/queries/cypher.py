"""Running an investigator's own Cypher: read-only by default, rows as plain data."""

from __future__ import annotations

import re
from typing import Any

from ..errors import QueryError

__all__ = ["run_cypher", "server_notices", "to_plain", "check_read_only", "refusal", "query_error", "READ_ONLY_PROCEDURES"]


def to_plain(value: Any) -> Any:
    """Nodes, relationships and paths as dicts that JSON and CSV can carry."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None, **dict(value)}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


# Operators that reach outside the graph although the server counts them as reads.
_OUTSIDE_OPERATORS = ("LoadCSV",)

# Procedures that only read the graph's own data or schema; every other db.* / dbms.* / apoc.*
# procedure (killing connections, clearing caches, stopping statistics, changing settings …) is
# refused without --write, since a READ transaction does not stop them from disturbing others.
READ_ONLY_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships", "db.index.vector.querynodes", "db.info", "db.ping",
    "dbms.components", "dbms.info", "dbms.procedures", "dbms.functions",
})
# Administration commands: they act on the server, its users and other sessions, not on data.
_ADMIN = re.compile(r"^\s*(?:TERMINATE|KILL|CREATE\s+(?:OR\s+REPLACE\s+)?(?:DATABASE|COMPOSITE|USER|ROLE|ALIAS)"
                    r"|DROP\s+(?:DATABASE|COMPOSITE|USER|ROLE|ALIAS|SERVER)|ALTER|RENAME|GRANT|DENY|REVOKE"
                    r"|START\s+DATABASE|STOP\s+DATABASE|ENABLE\s+SERVER|DEALLOCATE|REALLOCATE|DRYRUN)\b",
                    re.IGNORECASE)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)\s*(?:\(|\bYIELD\b|$|;|\})", re.IGNORECASE)
# strings and comments, so that a name like 'LOAD CSV Ltd' in a literal refuses nothing
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL)


def _operators(plan) -> set[str]:
    if plan is None:
        return set()
    found = {str(plan.get("operatorType", "")).split("@")[0]}
    for child in plan.get("children") or []:
        found |= _operators(child)
    return found


def refusal(query: str) -> str | None:
    """Why ``query`` may not run read-only, from its text (None: nothing found). Backticks are
    dropped first, so ``CALL `db`.`clearQueryCaches`()`` is seen for what it is.

    >>> refusal("TERMINATE TRANSACTIONS 'neo4j-transaction-42'")
    'TERMINATE acts on the server or on other sessions'
    >>> refusal("MATCH (a {name: 'LOAD CSV Ltd'}) CALL db.labels() YIELD label RETURN a, label") is None
    True
    """
    text = _LITERALS.sub("''", query).replace("`", "")
    statement = re.sub(r"^\s*(?:CYPHER\b[^\n]*?(?=\b(?:MATCH|CALL|TERMINATE|SHOW|RETURN|WITH|UNWIND|LOAD|CREATE|MERGE)\b)"
                       r"|USE\s+\S+\s+)", "", text, flags=re.IGNORECASE)
    if re.search(r"\bTERMINATE\s+TRANSACTIONS?\b", text, re.IGNORECASE):  # also after SHOW … YIELD
        return "TERMINATE acts on the server or on other sessions"
    admin = _ADMIN.match(statement)
    if admin:
        return f"{admin.group(0).split()[0].upper()} acts on the server or on other sessions"
    if _LOAD_CSV.search(text):
        return "LOAD CSV reads files and URLs from the server"
    for name in _CALL.findall(text):
        lowered = name.lower()
        if lowered.startswith(("db.", "dbms.", "apoc.", "gds.", "tx.")) and lowered not in READ_ONLY_PROCEDURES:
            return f"the procedure {name} may change the server or disturb other sessions"
    return None


def check_read_only(driver, database: str, query: str, params: dict[str, Any] | None = None, *,
                    command: str = "`tipgraph cypher`") -> None:
    """The one read-only guard of every user-supplied query (``cypher`` and ``export --cypher``):
    refuses administration commands, procedures outside :data:`READ_ONLY_PROCEDURES` and LOAD
    CSV — first from the text, then from the plan (EXPLAIN runs nothing), since the server lets
    all of them run inside a READ transaction. Raises :class:`QueryError`."""
    reason = refusal(query)
    if reason is None:
        from neo4j import READ_ACCESS

        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            summary = session.run("EXPLAIN " + query, params or {}).consume()
        if _operators(summary.plan) & set(_OUTSIDE_OPERATORS):
            reason = "LOAD CSV reads files and URLs from the server"
    if reason:
        raise QueryError(f"{reason}; it was refused because {command} is read-only by default "
                         "(add --write to allow it)" if command == "`tipgraph cypher`" else
                         f"{reason}; it was refused because {command} only reads")


def query_error(exc, *, write: bool, command: str = "`tipgraph cypher`") -> QueryError:
    """A driver ClientError as a one-line QueryError."""
    if exc.code == "Neo.ClientError.Statement.AccessMode" and not write:
        hint = "(add --write to allow writes)" if command == "`tipgraph cypher`" else "(use `tipgraph cypher --write`)"
        return QueryError(f"this query writes to the database; it was refused because {command} is "
                          f"read-only {hint}")
    detail = ((exc.message or str(exc)).strip().splitlines() or [""])[0]
    return QueryError(f"Cypher failed: {exc.code}: {detail}")


def run_cypher(driver, database: str, query: str, params: dict[str, Any] | None = None,
               *, write: bool = False, notices: list[str] | None = None) -> list[dict[str, Any]]:
    """Run ``query``; without ``write`` it runs in a READ transaction, which the server refuses
    to let write (a clear QueryError then), after :func:`check_read_only`.

    The server's warnings about the query (an unknown label, relationship type or property,
    a cartesian product …) are appended to ``notices`` as one-line strings, so that a query
    returning no rows because of a misspelt label says so rather than giving ``[]`` alone."""
    from neo4j import READ_ACCESS, WRITE_ACCESS
    from neo4j.exceptions import ClientError

    mode = WRITE_ACCESS if write else READ_ACCESS
    try:
        if not write:
            check_read_only(driver, database, query, params)
        with driver.session(database=database, default_access_mode=mode,
                            notifications_min_severity="WARNING") as session:
            result = session.run(query, params or {})
            rows = [{k: to_plain(v) for k, v in record.items()} for record in result]
            if notices is not None:
                notices.extend(server_notices(result.consume()))
            return rows
    except ClientError as exc:
        raise query_error(exc, write=write) from exc


def server_notices(summary) -> list[str]:
    """The server's warnings in a result summary, one line each (title: description)."""
    lines = []
    for status in summary.gql_status_objects:
        if not status.is_notification:
            continue
        text = " ".join(str(status.status_description or "").split())
        if text and text not in lines:
            lines.append(text)
    return lines
