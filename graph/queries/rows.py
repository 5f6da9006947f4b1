"""Rows that a query's Cypher returns packed: one record whose ``rows`` column is the list of
row maps, in order. The driver's cost is mostly per record (tens of µs each), so a query that
can return thousands of rows (``evidence``) collects them on the server and is unpacked here."""

from __future__ import annotations

from typing import Any

__all__ = ["packed_rows"]


def packed_rows(driver, database: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run ``cypher`` in a read transaction and return the maps of its one record's ``rows``.

    The server's notices about relationship types the graph has none of are left out: such a
    query names every relationship type of the model (a typed expansion skips a hub's
    thousands of MENTIONS), and a graph need not have all of them."""
    from neo4j import READ_ACCESS

    def read(tx) -> list[dict[str, Any]]:
        record = tx.run(cypher, params).single()
        return [] if record is None else [dict(row) for row in record["rows"]]

    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_disabled_classifications=["UNRECOGNIZED"]) as session:
        return session.execute_read(read)
