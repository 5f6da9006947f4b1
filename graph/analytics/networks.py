"""The networks analytics run on, fetched from Neo4j as networkx graphs.

- ``agency-gap``: the bipartite network of agencies and the gaps reports find in them
  (``bipartite`` 0 = agency, 1 = gap); an edge's ``weight`` is the number of reports.
- ``actor``: actors linked by posts, part-of and criticism (weight: reports) and by taking part
  in the same case (weight: shared cases); ``via`` lists how. Victims are left out.

Every node has ``name``, ``kind`` (agency, person, gap) and ``type`` (its most specific label).
The ``*_graph`` builders are pure, so they can be tested (and read) without a database.
"""

from __future__ import annotations

from typing import Any, Iterable

import networkx as nx

__all__ = ["agency_gap_network", "actor_network", "agency_gap_graph", "actor_graph"]

_AGENCY_GAP = """
MATCH (a:Agency)-[r:HAS_GAP]->(g:Gap)
RETURN a.id AS agency, a.name AS agency_name,
       head([l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS agency_type,
       g.id AS gap, g.gapId AS gap_id, g.name AS gap_name, size(r.sources) AS weight
"""

_ACTOR_LINKS = """
MATCH (a:Actor)-[r:HOLDS_POSITION|PART_OF|CRITICISED]->(b:Actor)
WHERE NOT 'victim' IN coalesce(a.roles, []) AND NOT 'victim' IN coalesce(b.roles, [])
RETURN a.id AS a, b.id AS b, type(r) AS via, size(r.sources) AS weight
UNION ALL
MATCH (a:Actor)<-[r1]-(c:Case)-[r2]->(b:Actor)
WHERE a.id < b.id AND type(r1) <> 'VICTIM' AND type(r2) <> 'VICTIM'
  AND NOT 'victim' IN coalesce(a.roles, []) AND NOT 'victim' IN coalesce(b.roles, [])
RETURN a.id AS a, b.id AS b, 'CASE' AS via, count(DISTINCT c) AS weight
"""

_ACTORS = """
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a.id AS id, a.name AS name, a:Person AS person,
       head([l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS type
"""


def agency_gap_network(driver, database: str) -> nx.Graph:
    """The agency–gap bipartite network in the database."""
    return agency_gap_graph(_read(driver, database, _AGENCY_GAP))


def actor_network(driver, database: str) -> nx.Graph:
    """The actor network in the database (actors with at least one link)."""
    links = _read(driver, database, _ACTOR_LINKS)
    ids = sorted({link["a"] for link in links} | {link["b"] for link in links})
    actors = _read(driver, database, _ACTORS, ids=ids)
    return actor_graph(actors, links)


def agency_gap_graph(rows: Iterable[dict[str, Any]]) -> nx.Graph:
    """Build the bipartite graph from rows of (agency, agency_name, agency_type, gap, gap_id,
    gap_name, weight).

    >>> g = agency_gap_graph([
    ...     {"agency": "a1", "agency_name": "Ministry of Welfare", "agency_type": "Ministry",
    ...      "gap": "g1", "gap_id": "insufficient-funding", "gap_name": "Insufficient funding", "weight": 2},
    ...     {"agency": "a2", "agency_name": "Border Police", "agency_type": "LawEnforcement",
    ...      "gap": "g1", "gap_id": "insufficient-funding", "gap_name": "Insufficient funding", "weight": 1}])
    >>> sorted(g.neighbors("g1")), g.nodes["g1"]["kind"], g.edges["a1", "g1"]["weight"]
    (['a1', 'a2'], 'gap', 2)
    """
    graph = nx.Graph(name="agency-gap")
    for row in rows:
        graph.add_node(row["agency"], name=row["agency_name"], kind="agency", type=row["agency_type"], bipartite=0)
        graph.add_node(row["gap"], name=row["gap_id"], kind="gap", type="Gap", bipartite=1,
                       label=row.get("gap_name"))
        graph.add_edge(row["agency"], row["gap"], weight=int(row.get("weight") or 1))
    return graph


def actor_graph(actors: Iterable[dict[str, Any]], links: Iterable[dict[str, Any]]) -> nx.Graph:
    """Build the actor network: ``actors`` rows (id, name, person, type), ``links`` rows
    (a, b, via, weight). Links between the same two actors add up.

    >>> g = actor_graph(
    ...     [{"id": "p1", "name": "Lim Sovan", "person": True, "type": "Person"},
    ...      {"id": "a1", "name": "Ministry of Welfare", "person": False, "type": "Ministry"}],
    ...     [{"a": "p1", "b": "a1", "via": "HOLDS_POSITION", "weight": 1},
    ...      {"a": "a1", "b": "p1", "via": "CASE", "weight": 2}])
    >>> g.edges["p1", "a1"]["weight"], g.edges["p1", "a1"]["via"], g.nodes["p1"]["kind"]
    (3, ['CASE', 'HOLDS_POSITION'], 'person')
    """
    graph = nx.Graph(name="actor")
    for actor in actors:
        graph.add_node(actor["id"], name=actor["name"], kind="person" if actor["person"] else "agency",
                       type=actor["type"])
    for link in links:
        a, b, weight = link["a"], link["b"], int(link.get("weight") or 1)
        if a == b:
            continue
        if graph.has_edge(a, b):
            edge = graph.edges[a, b]
            edge["weight"] += weight
            edge["via"] = sorted(set(edge["via"]) | {link["via"]})
        else:
            graph.add_edge(a, b, weight=weight, via=[link["via"]])
    return graph


def _read(driver, database: str, cypher: str, **params: Any) -> list[dict[str, Any]]:
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    return [record.data() for record in records]
