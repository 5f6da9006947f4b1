"""Fetching subgraphs out of Neo4j as plain :class:`~graph.subgraph.Subgraph` data: the whole
graph, an actor's ego network, the nodes a named query returns, or whatever a Cypher query
returns (nodes, relationships, paths). Reads only, in READ mode, with parameters."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from ..subgraph import Node, Relationship, Subgraph

__all__ = ["fetch_all", "stream_all", "property_keys", "fetch_ego", "fetch_ids", "fetch_cypher", "fetch_named",
           "label_for_id", "ID_PREFIX"]

ID_PREFIX = "https://w3id.org/tipgraph/"
ProgressFn = Callable[[int], None]

_NODES = "MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
_RELS = """
MATCH (a)-[r]->(b) WHERE a.id IS NOT NULL AND b.id IS NOT NULL
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""
# The IRI path tells the node's constrained label, so lookups by id use the unique index.
_LABEL_OF_PATH = {"agency": "Actor", "person": "Actor", "report": "Report", "statement": "Statement",
                  "statistic": "Statistic", "case": "Case"}
_INDUCED_NODES = """
UNWIND $ids AS id MATCH (n:%s {id: id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
"""
_INDUCED_RELS = """
UNWIND $ids AS id MATCH (a:%s {id: id})-[r]->(b) WHERE b.id IN $all
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


def label_for_id(node_id: str) -> str | None:
    """The constrained label of a node, from its IRI (None for an IRI that is no node)."""
    if node_id.startswith(ID_PREFIX + "gap/"):
        return "Gap"
    if node_id.startswith(ID_PREFIX + "id/"):
        return _LABEL_OF_PATH.get(node_id[len(ID_PREFIX) + 3:].split("/", 1)[0])
    return None
# One meaning of hops for `query neighbours`, `query path` and `export --actor --hops`: a hop is
# one relationship of these kinds (a shared gap or case is two hops). Victims end a path: the
# export lists them (for the redaction to protect) but never goes through them.
_EGO_IDS = """
MATCH (start:Actor {id: $actor})
MATCH p = (start)-[:HOLDS_POSITION|PART_OF|CRITICISED|HAS_GAP|INVOLVES|INVESTIGATED_BY|PROSECUTED_BY|TRIED_BY|VICTIMS_ASSISTED_BY|REFERRED_FROM|REFERRED_TO|IMPLICATED_OFFICIAL|SUSPECT|VICTIM*0..%d]-(m)
WHERE all(x IN nodes(p)[..-1] WHERE NOT 'victim' IN coalesce(x.roles, []))
  AND all(r IN relationships(p)[..-1] WHERE NOT r:VICTIM)
RETURN collect(DISTINCT m.id) AS ids
"""


def _plain(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# kept on the nodes for finding an actor by name (graph/queries/lookup.py), derived from its
# names and aliases: not data an export or an analysis should carry
_LOOKUP_ONLY = frozenset({"nameKeys"})


def _node(rec) -> Node:
    return Node(rec["id"], tuple(sorted(rec["labels"])),
                {k: _plain(v) for k, v in rec["props"].items() if k not in _LOOKUP_ONLY})


def _rel(rec) -> Relationship:
    return Relationship(rec["type"], rec["start"], rec["end"], {k: _plain(v) for k, v in rec["props"].items()})


def _read(driver, database: str, query: str, params: dict | None = None) -> Iterable:
    with driver.session(database=database, default_access_mode="READ") as session:
        yield from session.run(query, params or {})


def fetch_all(driver, database: str, progress: ProgressFn | None = None) -> Subgraph:
    """Every node and relationship (streamed, not one big list from the server)."""
    graph = Subgraph()
    for i, rec in enumerate(_read(driver, database, _NODES), start=1):
        graph.add_node(_node(rec))
        if progress and i % 1000 == 0:
            progress(i)
    for rec in _read(driver, database, _RELS):
        graph.add_relationship(_rel(rec))
    return graph


def stream_all(driver, database: str, progress: ProgressFn | None = None) -> Iterator[Node | Relationship]:
    """What :func:`fetch_all` returns, one node or relationship at a time, closed as an export
    is (see :func:`graph.flows.export.select_subgraph`): a relationship whose end was written
    after the nodes were read comes after that node, fetched at the end; one whose end is gone
    is left out. Memory holds the ids of the nodes, not the graph."""
    ids: set[str] = set()
    for i, rec in enumerate(_read(driver, database, _NODES), start=1):
        node = _node(rec)
        if node.id not in ids:
            ids.add(node.id)
            yield node
        if progress and i % 1000 == 0:
            progress(i)
    pending: list[Relationship] = []
    for rec in _read(driver, database, _RELS):
        rel = _rel(rec)
        if rel.start in ids and rel.end in ids:
            yield rel
        else:
            pending.append(rel)
    if pending:
        missing = {end for rel in pending for end in (rel.start, rel.end)} - ids
        for node in fetch_ids(driver, database, missing).nodes.values():
            ids.add(node.id)
            yield node
        yield from (rel for rel in pending if rel.start in ids and rel.end in ids)


_NODE_KEYS = "MATCH (n) WHERE n.id IS NOT NULL UNWIND keys(n) AS key RETURN collect(DISTINCT key) AS keys"
_RELATIONSHIP_KEYS = """
MATCH (a)-[r]->(b) WHERE a.id IS NOT NULL AND b.id IS NOT NULL
UNWIND keys(r) AS key RETURN collect(DISTINCT key) AS keys
"""


def property_keys(driver, database: str) -> tuple[set[str], set[str]]:
    """The property keys of the nodes and of the relationships :func:`stream_all` reads."""
    from neo4j import RoutingControl

    nodes, rels = (set(driver.execute_query(query, database_=database, routing_=RoutingControl.READ).records[0]["keys"])
                   for query in (_NODE_KEYS, _RELATIONSHIP_KEYS))
    return nodes - _LOOKUP_ONLY, rels


def fetch_ids(driver, database: str, ids: Iterable[str]) -> Subgraph:
    """The subgraph induced by the nodes with these ids."""
    by_label: dict[str, list[str]] = {}
    for node_id in sorted(set(ids)):
        label = label_for_id(node_id)
        if label:
            by_label.setdefault(label, []).append(node_id)
    everything = sorted(i for group in by_label.values() for i in group)
    graph = Subgraph()
    for label, group in sorted(by_label.items()):  # labels come from our own table above
        for rec in _read(driver, database, _INDUCED_NODES % label, {"ids": group}):
            graph.add_node(_node(rec))
    for label, group in sorted(by_label.items()):
        for rec in _read(driver, database, _INDUCED_RELS % label, {"ids": group, "all": everything}):
            graph.add_relationship(_rel(rec))
    return graph


def fetch_ego(driver, database: str, actor_id: str, hops: int = 1) -> Subgraph:
    """An actor's network: everything within ``hops`` relationships of the kinds `query
    neighbours` follows (posts, part-of, criticism, gaps, case roles), with the relationships
    among those nodes."""
    hops = max(0, min(int(hops), 6))  # an integer we formatted ourselves, bounded
    records = list(_read(driver, database, _EGO_IDS % hops, {"actor": actor_id}))
    ids = records[0]["ids"] if records else []
    return fetch_ids(driver, database, ids)


def fetch_cypher(driver, database: str, query: str, params: dict | None = None) -> Subgraph:
    """The nodes, relationships and paths a Cypher query returns (other values are ignored;
    string values that are node ids count as those nodes)."""
    from neo4j.graph import Node as NeoNode, Path, Relationship as NeoRel

    ids: set[str] = set()
    graph = Subgraph()

    def visit(value: Any) -> None:
        if isinstance(value, NeoNode):
            if value.get("id"):
                ids.add(value["id"])
        elif isinstance(value, NeoRel):
            for end in (value.start_node, value.end_node):
                if end is not None and end.get("id"):
                    ids.add(end["id"])
        elif isinstance(value, Path):
            for n in value.nodes:
                visit(n)
        elif isinstance(value, str) and value.startswith(ID_PREFIX):
            ids.add(value)

    for rec in _read(driver, database, query, params):
        for value in _leaves(list(rec.values())):
            visit(value)
    graph.merge(fetch_ids(driver, database, ids))
    return graph


def fetch_named(driver, database: str, name: str, **params: Any) -> Subgraph:
    """The subgraph behind a named query's rows: every node id (and gap id) the rows mention."""
    from ..queries import run_named
    from ..rdf.gapscheme import gap_iri
    from ..schema.taxonomy import load_taxonomy

    gap_ids = set(load_taxonomy().concepts)
    ids: set[str] = set()

    for value in _leaves(list(run_named(driver, database, name, **params))):
        if isinstance(value, str):
            if value.startswith(ID_PREFIX):
                ids.add(value)
            elif value in gap_ids:
                ids.add(str(gap_iri(value)))
    return fetch_ids(driver, database, ids)


def _leaves(value: Any) -> Iterator[Any]:
    """Every value inside nested lists, tuples and dicts (a row, a map, a list of paths)."""
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    else:
        yield value
