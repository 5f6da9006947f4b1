"""Neo4j → export: the RDF round trip (isomorphic to what was ingested, SHACL-valid) and the
export command over the real database."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, graph_diff, to_isomorphic

from graph.flows.ingest import prepare_file
from graph.rdf.build import record_to_graph
from graph.rdf.from_graph import subgraph_to_rdf
from graph.rdf.shacl import validate
from graph.rdf.vocab import bind_prefixes
from graph.record import Gap
from graph.store.fetch import fetch_all
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, write_batch

from .conftest import tipgraph_in_process
from .records import sample_record

ROOT = Path(__file__).resolve().parent.parent
DB = "neo4j"


def _records():
    extra = [Gap("Anti-Human Trafficking Department", "official-complicity", "Sok Malis", "Officers took bribes.")]
    return [sample_record("r1"), sample_record("r2", "h2", extra_gaps=extra, date="2020-05-01"),
            sample_record("r3", "h3", hostile=True)]


def test_turtle_export_is_isomorphic_to_the_ingested_rdf_and_valid(clean_db):
    ensure_schema(clean_db, DB)
    ingested = bind_prefixes(Graph())
    batch = []
    for record in _records():
        g = record_to_graph(record)
        ingested += g
        batch.append(rows_from_graph(g, record.report.id))
    for path in sorted((ROOT / "examples" / "reports").glob("*.txt")):
        prepared = prepare_file(path)
        from graph.resolve.resolver import default_resolver
        ingested += record_to_graph(prepared.record, default_resolver())
        batch.append(prepared.rows)
    write_batch(clean_db, DB, batch)
    exported = subgraph_to_rdf(fetch_all(clean_db, DB), include_taxonomy=False)
    if not isomorphic(exported, ingested):
        _, only_in_export, only_ingested = graph_diff(to_isomorphic(exported), to_isomorphic(ingested))
        pytest.fail(f"only exported: {sorted(only_in_export)[:5]}\nonly ingested: {sorted(only_ingested)[:5]}")
    assert validate(subgraph_to_rdf(fetch_all(clean_db, DB))).conforms


@pytest.fixture
def loaded(clean_db, neo4j_settings, tmp_path):
    ensure_schema(clean_db, DB)
    write_batch(clean_db, DB, [rows_from_graph(record_to_graph(r), r.report.id) for r in _records()])
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}

    # `tipgraph export` through main() in this process: the installed command's exports are
    # run as processes by test_security and test_exporters_html
    export = tipgraph_in_process(env)

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = export("export", *args, check=False)
        assert proc.returncode == 0, proc.stderr
        assert neo4j_settings.password not in proc.stdout + proc.stderr
        return proc

    return run


def test_export_whole_graph_formats_read_back(loaded, tmp_path):
    loaded("--format", "graphml", "-o", str(tmp_path / "g.graphml"))
    g = nx.read_graphml(tmp_path / "g.graphml")
    names = {d.get("name") for _, d in g.nodes(data=True)}
    assert "Ministry of Social Affairs" in names and "Slow government response" in names
    loaded("--format", "gexf", "-o", str(tmp_path / "g.gexf"))
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == g.number_of_nodes()
    loaded("--format", "turtle", "-o", str(tmp_path / "g.ttl"))
    assert validate(Graph().parse(tmp_path / "g.ttl")).conforms
    loaded("--format", "jsonld", "-o", str(tmp_path / "g.jsonld"))
    assert isomorphic(Graph().parse(tmp_path / "g.jsonld", format="json-ld"), Graph().parse(tmp_path / "g.ttl"))
    loaded("--format", "csv", "-o", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "nodes.csv").exists() and (tmp_path / "csv" / "edges.csv").exists()
    out = loaded("--format", "json").stdout
    assert len(json.loads(out)["nodes"]) == g.number_of_nodes()


def test_export_selections(loaded, tmp_path):
    loaded("--format", "json", "-o", str(tmp_path / "pairs.json"), "--query", "shared-gaps")
    pairs = json.loads((tmp_path / "pairs.json").read_text())
    names = {n["name"] for n in pairs["nodes"]}
    assert {"Ministry of Social Affairs", "National Committee for Counter Trafficking",
            "Victims distrust the justice system"} <= names
    assert all("Report" not in n["labels"] for n in pairs["nodes"])
    loaded("--format", "json", "-o", str(tmp_path / "ego.json"), "--actor", "NCCT", "--hops", "1")
    ego = {n["name"] for n in json.loads((tmp_path / "ego.json").read_text())["nodes"]}
    assert "National Committee for Counter Trafficking" in ego and "Sok Malis" in ego
    loaded("--format", "json", "-o", str(tmp_path / "c.json"), "--cypher",
           "MATCH p = (:Person)-[:HOLDS_POSITION]->(:Agency) RETURN p")
    data = json.loads((tmp_path / "c.json").read_text())
    assert {e["type"] for e in data["edges"]} >= {"HOLDS_POSITION"}
