"""The whole graph is exported as CSV straight from Neo4j to disk (issue 16): the same files
as the in-memory path, redaction included, without holding the graph."""

from __future__ import annotations

import pytest

from graph.exporters import csv_tables
from graph.flows.export import Selection, export_selection, people_of_graph, select_subgraph
from graph.privacy.subgraph import redact
from graph.store import fetch
from graph.subgraph import Node, Relationship, Subgraph

# the two fictional reports naming victims, ingested into the suite's database
from .test_hostile_privacy import loaded  # noqa: F401 - a fixture

NODES = [Node("a", ("Actor", "Agency"), {"id": "a", "name": "Harbour Police", "aliases": ["HP", "Port Police"]}),
         Node("b", ("Actor", "Person"), {"id": "b", "name": "=HYPERLINK(\"x\")", "roles": ["victim"]}),
         Node("c", ("Gap",), {"id": "c", "name": "Few inspectors", "level": "broad", "note": "line one\nline two"})]
RELS = [Relationship("HAS_GAP", "a", "c", {"sources": ["r1", "r2"], "years": [2019, 2021]}),
        Relationship("MENTIONS", "a", "b", {})]


def _files(directory) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _stream(tmp_path, name: str, node_keys, relationship_keys, items=None) -> dict[str, bytes]:
    items = items if items is not None else [NODES[0], RELS[0], NODES[1], NODES[2], RELS[1]]
    written = csv_tables.write_stream(items, tmp_path / name, node_keys=node_keys,
                                      relationship_keys=relationship_keys)
    assert written == (3, 2)
    return _files(tmp_path / name)


@pytest.mark.parametrize("node_keys, relationship_keys", [
    ({"id", "name", "aliases", "roles", "level", "note"}, {"sources", "years"}),       # the keys the rows have
    ({"id", "name", "aliases", "roles", "level", "note", "gone"}, {"sources", "years", "x"}),  # more
    ({"name", "level"}, set()),                                                          # fewer
], ids=["exact", "more keys expected", "fewer keys expected"])
def test_streamed_tables_are_the_tables_written_from_memory(tmp_path, node_keys, relationship_keys):
    csv_tables.write(Subgraph.of(NODES, RELS), tmp_path / "memory")
    assert _stream(tmp_path, "streamed", node_keys, relationship_keys) == _files(tmp_path / "memory")


def test_no_staging_file_is_left_beside_the_tables(tmp_path):
    _stream(tmp_path, "out", {"name"}, set())
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("scope, mode", [("victims", "pseudonymise"), ("private", "pseudonymise"),
                                         ("private", "drop"), (None, "pseudonymise")])
def test_whole_graph_csv_is_streamed_and_equals_the_in_memory_export(loaded, tmp_path, monkeypatch, scope, mode):
    subgraph = select_subgraph(loaded, "neo4j", Selection())
    if scope:
        subgraph = redact(subgraph, mode=mode, scope=scope, population=people_of_graph(loaded, "neo4j"))
    csv_tables.write(subgraph, tmp_path / "memory")

    def whole_graph_in_memory(*_args, **_kwargs):
        raise AssertionError("the whole graph was fetched into memory")

    monkeypatch.setattr(fetch, "fetch_all", whole_graph_in_memory)
    exported = export_selection(loaded, "neo4j", Selection(), "csv", tmp_path / "streamed", redact=scope,
                                redact_mode=mode)
    assert (exported.nodes, exported.relationships) == (len(subgraph.nodes), len(subgraph.relationships))
    assert _files(tmp_path / "streamed") == _files(tmp_path / "memory")
    if scope:  # the victims of the fixture reports are named nowhere in the files
        text = b"".join(_files(tmp_path / "streamed").values()).decode("utf-8")
        assert "Sophea Mean" not in text and "Vanna Keo" not in text


def test_a_node_written_during_the_export_comes_with_its_relationship(loaded):
    late_id = f"{fetch.ID_PREFIX}id/agency/late-unit"
    nodes = loaded.execute_query("MATCH (n) WHERE n.id IS NOT NULL RETURN count(n) AS n",
                                 database_="neo4j").records[0]["n"]
    items = fetch.stream_all(loaded, "neo4j")
    first = [next(items) for _ in range(nodes)]  # every node read; relationships not yet
    assert all(isinstance(item, Node) for item in first)
    loaded.execute_query("MATCH (a:Actor) WITH a LIMIT 1 "
                         "CREATE (a)-[:PART_OF]->(:Actor:Agency {id: $id, name: 'Late Unit'})",
                         id=late_id, database_="neo4j")
    rest = list(items)
    late = [i for i, item in enumerate(rest) if isinstance(item, Node)]
    assert [rest[i].id for i in late] == [late_id]
    to_late = [i for i, item in enumerate(rest) if isinstance(item, Relationship) and item.end == late_id]
    assert len(to_late) == 1 and to_late[0] > late[0]  # after its end, so every edge has both ends
