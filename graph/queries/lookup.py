"""Find any node a query can start from: a node id, a gap id, or an actor's name or alias."""

from __future__ import annotations

__all__ = ["find_node_id"]

_BY_ID = """
CALL () {
  MATCH (n:Actor {id: $key}) RETURN n.id AS id
  UNION MATCH (n:Gap {id: $key}) RETURN n.id AS id
  UNION MATCH (n:Gap {gapId: $key}) RETURN n.id AS id
  UNION MATCH (n:Case {id: $key}) RETURN n.id AS id
  UNION MATCH (n:Statistic {id: $key}) RETURN n.id AS id
  UNION MATCH (n:Statement {id: $key}) RETURN n.id AS id
}
RETURN id LIMIT 1
"""


def find_node_id(driver, database: str, key: str, country: str | None = None) -> str:
    """The id of the node ``key`` names: itself when it is a node id, the gap with that gap id,
    else the actor with that name or alias (QueryError with "did you mean" when none)."""
    from neo4j import RoutingControl

    from .actors import find_actor_id

    records, _, _ = driver.execute_query(_BY_ID, key=key, database_=database, routing_=RoutingControl.READ)
    if records:
        return records[0]["id"]
    return find_actor_id(driver, database, key, country)
