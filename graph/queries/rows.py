"""Rows that a query's Cypher returns packed: one record whose ``rows`` column is the list of
row maps, in order. The driver's cost is mostly per record (tens of µs each), so a query that
can return thousands of rows (``evidence``) collects them on the server and is unpacked here."""

from __future__ import annotations

from typing import Any

__all__ = ["packed_rows"]


def packed_rows(driver, database: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run ``cypher`` (READ) and return the maps of its single record's ``rows`` list."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    return [dict(row) for record in records for row in record["rows"]]
