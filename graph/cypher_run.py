"""Running an investigator's own Cypher: read-only by default, rows as plain data."""

from __future__ import annotations

from typing import Any

from .errors import QueryError

__all__ = ["run_cypher", "to_plain"]


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


def _operators(plan) -> set[str]:
    if plan is None:
        return set()
    found = {str(plan.get("operatorType", "")).split("@")[0]}
    for child in plan.get("children") or []:
        found |= _operators(child)
    return found


def _refuse_side_effects(session, query: str, params: dict[str, Any]) -> None:
    """Plan the query first (EXPLAIN runs nothing) and refuse what a read-only run must not do:
    LOAD CSV fetches files and URLs from the server even in a READ transaction."""
    summary = session.run("EXPLAIN " + query, params).consume()
    if _operators(summary.plan) & set(_OUTSIDE_OPERATORS):
        raise QueryError("LOAD CSV reads files and URLs from the server; it was refused because "
                         "`tipgraph cypher` is read-only by default (add --write to allow it)")


def run_cypher(driver, database: str, query: str, params: dict[str, Any] | None = None,
               *, write: bool = False) -> list[dict[str, Any]]:
    """Run ``query``; without ``write`` it runs in a READ transaction, which the server refuses
    to let write (a clear QueryError then)."""
    from neo4j import READ_ACCESS, WRITE_ACCESS
    from neo4j.exceptions import ClientError

    mode = WRITE_ACCESS if write else READ_ACCESS
    try:
        with driver.session(database=database, default_access_mode=mode) as session:
            if not write:
                _refuse_side_effects(session, query, params or {})
            result = session.run(query, params or {})
            return [{k: to_plain(v) for k, v in record.items()} for record in result]
    except ClientError as exc:
        if exc.code == "Neo.ClientError.Statement.AccessMode" and not write:
            raise QueryError("this query writes to the database; it was refused because "
                             "`tipgraph cypher` is read-only by default (add --write to allow writes)") from exc
        detail = (exc.message or str(exc)).strip().splitlines()[0]
        raise QueryError(f"Cypher failed: {exc.code}: {detail}") from exc
