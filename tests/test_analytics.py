"""Network analytics: pure measures on networkx graphs, networks fetched from the real Neo4j,
and `tipgraph analyze` through the console script in every output format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graph.analytics import MEASURES, NETWORKS, analyze, fetch_network, measure
from graph.analytics.centrality import centrality_rows
from graph.analytics.communities import community_rows
from graph.errors import QueryError

from .conftest import tipgraph_in_process
from .test_queries import DB, load_network

TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")


@pytest.fixture
def db(clean_db):
    load_network(clean_db)
    return clean_db


def test_registries_name_importable_functions():
    for name in NETWORKS:
        assert callable(NETWORKS.load(name))
    for name in MEASURES:
        assert callable(measure(name))
    with pytest.raises(QueryError, match="unknown measure"):
        measure("astrology")


def test_centrality_ranks_the_bridge_first_and_top_cuts():
    g = nx.barbell_graph(4, 1)  # two cliques joined through node 4
    rows = centrality_rows(g)
    assert rows[0]["pagerank"] == max(r["pagerank"] for r in rows)  # ranked by PageRank
    assert max(rows, key=lambda r: r["betweenness"])["id"] == 4
    assert [r["rank"] for r in rows] == list(range(1, len(g) + 1))
    assert abs(sum(r["pagerank"] for r in rows) - 1) < 1e-4
    assert len(centrality_rows(g, top=3)) == 3
    sampled = centrality_rows(g, k=3, seed=7)
    assert sampled == centrality_rows(g, k=3, seed=7)


def test_louvain_is_reproducible_with_a_seed_and_covers_every_node():
    g = nx.connected_caveman_graph(4, 5)
    first = community_rows(g, seed=42)
    assert first == community_rows(g, seed=42)
    assert sorted(i for row in first for i in row["ids"]) == sorted(g.nodes)
    assert [row["size"] for row in first] == [5, 5, 5, 5]
    assert len(community_rows(g, seed=42, top=2)) == 2


def test_fetched_agency_gap_network_is_bipartite_with_report_weights(db):
    g = fetch_network(db, DB, "agency-gap")
    assert nx.is_bipartite(g)
    agencies = {d["name"] for _, d in g.nodes(data=True) if d["kind"] == "agency"}
    assert agencies == {"Ministry of Welfare", "Anti-Trafficking Council", "Border Police Unit", "Lone Registry Office"}
    welfare = next(n for n, d in g.nodes(data=True) if d["name"] == "Ministry of Welfare")
    funding = next(n for n, d in g.nodes(data=True) if d["name"] == "insufficient-funding")
    assert g.edges[welfare, funding]["weight"] == 2


def test_fetched_actor_network_joins_case_partners_and_leaves_out_victims(db):
    g = fetch_network(db, DB, "actor")
    names = {d["name"]: n for n, d in g.nodes(data=True)}
    assert "Deckhand Kiri" not in names
    police, welfare = names["Border Police Unit"], names["Ministry of Welfare"]
    assert g.edges[police, welfare] == {"weight": 2, "via": ["CASE"]}
    assert "HOLDS_POSITION" in g.edges[names["Lim Sovan"], welfare]["via"]
    assert g.nodes[names["Lim Sovan"]]["kind"] == "person"


def test_analyze_on_the_database(db):
    top = analyze(db, DB, "actor", "centrality", top=1)
    assert [r["name"] for r in top] == ["Border Police Unit"]
    groups = analyze(db, DB, "agency-gap", "communities", seed=42)
    assert sum(r["size"] for r in groups) == 8  # 4 agencies, 4 gaps
    assert any("Lone Registry Office" in r["members"] and "data-gaps" in r["members"] for r in groups)


@pytest.fixture
def cli(db, neo4j_settings):
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}

    def invoke(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([TIPGRAPH, *args], env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc

    return invoke


def test_analyze_through_the_cli_in_every_format(cli, neo4j_settings):
    # the installed command for JSON and for one of the seeded runs, the rest through main()
    # in this process
    in_process = tipgraph_in_process({
        **os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
        "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database})
    rows = json.loads(cli("analyze", "centrality", "--network", "actor", "--top", "3", "--format", "json").stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3] and rows[0]["name"] == "Border Police Unit"
    csv_lines = in_process("analyze", "centrality", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "rank,name,kind,type,degree,strength,betweenness,pagerank" and len(csv_lines) == 9
    first = cli("analyze", "communities", "--network", "actor", "--seed", "42", "--format", "jsonl").stdout
    again = in_process("analyze", "communities", "--network", "actor", "--seed", "42", "--format", "jsonl").stdout
    assert first == again and all("members" in json.loads(line) for line in first.splitlines())
    table = in_process("analyze", "communities", "--format", "table")
    assert table.stdout.splitlines()[0].split() == ["community", "size", "kinds", "members", "modularity"]
    assert table.stderr == ""
