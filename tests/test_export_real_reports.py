"""Every real report (gold, corpus and the PDFs in ../shared/reports) ingested into the real
Neo4j exports to GraphML and GEXF files that networkx reads back whole: form feeds and other
control characters of PDF dumps never reach a file, and no exporter writes invalid XML."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from graph.exporters import export
from graph.loaders import iter_report_paths
from graph.flows.ingest import prepare_file
from graph.store.fetch import fetch_all
from graph.store.writer import ensure_schema, write_batch
from graph.subgraph import Node, Relationship, Subgraph

SHARED_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
DB = "neo4j"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.mark.slow  # bulk load
@pytest.mark.skipif(not SHARED_REPORTS.is_dir(), reason="shared reports are not available here")
def test_whole_graph_of_every_real_report_exports_to_graphml_and_gexf(clean_db, tmp_path):
    paths = [p for p in iter_report_paths([SHARED_REPORTS]) if p.suffix in {".txt", ".pdf"}]
    assert len(paths) > 100
    ensure_schema(clean_db, DB)
    rows = [prepare_file(p, validate=False).rows for p in paths]
    for start in range(0, len(rows), 25):
        write_batch(clean_db, DB, rows[start:start + 25])
    graph = fetch_all(clean_db, DB)
    assert len(graph.nodes) > 1000
    for node in graph.nodes.values():  # nothing in the graph carries a control character
        assert not any(isinstance(v, str) and _CONTROL.search(v) for v in node.properties.values()), node.id
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"all.{fmt}"
        export(graph, fmt, target)
        back = read(target)
        assert back.number_of_nodes() == len(graph.nodes), fmt
        assert back.number_of_edges() == len(graph.relationships), fmt


def test_xml_exports_clean_characters_xml_cannot_hold(tmp_path):
    graph = Subgraph.of([Node("urn:x:1", ("Actor",), {"name": "Ministry\fof Labour", "evidence": ["a\x00b", "c"]}),
                         Node("urn:x:2", ("Actor",), {"name": "Court\x1b"})],
                        [Relationship("HAS_GAP", "urn:x:1", "urn:x:2", {"evidence": ["header\x0bline"]})])
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        export(graph, fmt, tmp_path / f"g.{fmt}")
        back = read(tmp_path / f"g.{fmt}")
        assert back.number_of_nodes() == 2 and back.number_of_edges() == 1
        assert back.nodes["urn:x:1"]["name"] == "Ministry of Labour"
