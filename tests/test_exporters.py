"""Every registered exporter writes, and every readable format round-trips our fixture."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from .exporter_fixtures import HOSTILE_NAME, iri, sample_subgraph
from graph.errors import ExportError
from graph.exporters import EXPORTER_MODULES, export, exporter_names, get_exporter, is_multi_file
from graph.exporters import csv_tables, cytoscape, ftm, gexf, graphml, neo4j_admin, node_link
from graph.exporters.sinks import child_path, safe_file_name
from graph.subgraph import Node, Relationship, Subgraph


def _target(tmp_path: Path, name: str) -> Path:
    module = get_exporter(name)
    return tmp_path / (name if is_multi_file(name) else f"out{module.EXTENSION}")


def _edge_set(sg: Subgraph) -> set[tuple[str, str, str]]:
    return {(r.start, r.type, r.end) for r in sg.relationships}


def _assert_same_graph(got: Subgraph, want: Subgraph) -> None:
    assert set(got.nodes) == set(want.nodes)
    for node_id, node in want.nodes.items():
        assert got.nodes[node_id].labels == node.labels, node_id
        assert got.nodes[node_id].name == node.name, node_id
    assert _edge_set(got) == _edge_set(want)
    assert len(got.relationships) == len(want.relationships)


# --- registry -----------------------------------------------------------------------------

def test_every_registered_format_imports_documents_itself_and_writes(tmp_path):
    sg = sample_subgraph()
    for name in exporter_names():
        module = get_exporter(name)
        assert module.NAME == name
        assert module.__doc__ and module.DESCRIPTION
        target = _target(tmp_path, name)
        export(sg, name, target)
        written = list(target.iterdir()) if is_multi_file(name) else [target]
        assert written and all(p.stat().st_size > 0 for p in written), name


def test_unknown_format_is_an_export_error():
    with pytest.raises(ExportError, match="unknown export format"):
        get_exporter("pdf")


def test_registry_names_are_the_formats_we_promise():
    assert {"graphml", "gexf", "json", "cytoscape", "csv", "neo4j-admin", "ftm", "html"} <= set(EXPORTER_MODULES)


# --- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("module", [graphml, gexf, node_link, cytoscape])
def test_single_file_formats_round_trip(tmp_path, module):
    sg = sample_subgraph()
    path = tmp_path / f"g{module.EXTENSION}"
    module.write(sg, path)
    _assert_same_graph(module.read(path), sg)


def test_graphml_is_read_by_networkx_with_lists_joined(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.graphml"
    graphml.write(sg, path)
    g = nx.read_graphml(path, force_multigraph=True)
    mol = g.nodes[iri("org/mol")]
    assert mol["aliases"] == "MoLVT; ក្រសួងការងារ"
    assert mol["labels"] == "Actor;Agency;Ministry"
    assert {d["type"] for _, _, d in g.edges(data=True)} == {r.type for r in sg.relationships}
    # one type per key: "year" is an int everywhere it occurs
    assert g.nodes[iri("report/2031")]["year"] == 2031


def test_graphml_json_lists_are_lossless(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.graphml"
    graphml.write(sg, path, lists="json")
    g = nx.read_graphml(path, force_multigraph=True)
    assert json.loads(g.nodes[iri("org/police")]["aliases"]) == ["Royal Police", "RTP"]


def test_mixed_types_of_one_property_become_strings(tmp_path):
    sg = Subgraph.of([Node("a", ("X",), {"name": "A", "year": 2020}),
                      Node("b", ("X",), {"name": "B", "year": "unknown"})], [])
    for module in (graphml, gexf):
        path = tmp_path / f"m{module.EXTENSION}"
        module.write(sg, path)
        got = module.read(path)
        assert got.nodes["a"].properties["year"] == "2020"
        assert got.nodes["b"].properties["year"] == "unknown"


def test_gexf_names_are_labels_and_reserved_names_are_kept_aside(tmp_path):
    sg = Subgraph.of([Node("a", ("X",), {"name": "A", "start": 3}), Node("b", ("X",), {"name": "B"})],
                     [Relationship("LINK", "a", "b", {"weight": "heavy", "type": "odd"})])
    path = tmp_path / "g.gexf"
    gexf.write(sg, path)
    g = nx.read_gexf(path)
    assert g.nodes["a"]["label"] == "A" and g.nodes["a"]["property.start"] == 3
    (_, _, data), = g.edges(data=True)
    assert data["label"] == "LINK" and data["property.weight"] == "heavy" and data["property.type"] == "odd"


def test_node_link_json_keeps_lists(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.json"
    node_link.write(sg, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.nodes[iri("org/mol")]["aliases"] == ["MoLVT", "ក្រសួងការងារ"]
    assert g.nodes[iri("org/mol")]["labels"] == ["Actor", "Agency", "Ministry"]
    assert g.number_of_edges() == len(sg.relationships)


def test_cytoscape_elements_shape(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.cyjs"
    cytoscape.write(sg, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == set(sg.nodes)
    assert all(set(e["data"]) >= {"id", "source", "target", "label"} for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    hostile = next(n for n in nodes if n["data"]["id"] == iri("person/hostile"))
    assert hostile["data"]["label"] == HOSTILE_NAME


def test_csv_round_trip_with_the_csv_module(tmp_path):
    sg = sample_subgraph()
    csv_tables.write(sg, tmp_path / "out")
    with open(tmp_path / "out" / "nodes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["id"] for r in rows} == set(sg.nodes)
    by_id = {r["id"]: r for r in rows}
    for node_id, node in sg.nodes.items():
        assert by_id[node_id]["name"] == node.name
        assert tuple(by_id[node_id]["labels"].split(";")) == node.labels
    with open(tmp_path / "out" / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = {(r["start"], r["type"], r["end"]) for r in csv.DictReader(fh)}
    assert edges == _edge_set(sg)
    got = csv_tables.read(tmp_path / "out")
    _assert_same_graph(got, sg)
    assert got.nodes[iri("org/mol")].properties["aliases"] == ["MoLVT", "ក្រសួងការងារ"]


def test_csv_prefix_names_the_files(tmp_path):
    csv_tables.write(sample_subgraph(), tmp_path, prefix="tip-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tip-edges.csv", "tip-nodes.csv"]
    _assert_same_graph(csv_tables.read(tmp_path, prefix="tip-"), sample_subgraph())


def test_neo4j_admin_headers_and_rows(tmp_path):
    sg = sample_subgraph()
    neo4j_admin.write(sg, tmp_path)
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:3] == ["id:ID", ":LABEL", "name"]
    assert "aliases:string[]" in header and "public:boolean" in header and "year:long" in header
    args = (tmp_path / "import.args").read_text(encoding="utf-8").split()
    delimiter = next((a.split("=", 1)[1] for a in args if a.startswith("--array-delimiter=")), ";")
    # evidence sentences contain ';' so the exporter must have chosen another delimiter
    assert delimiter == "|"
    assert f"--nodes={tmp_path / 'nodes.csv'}" in args
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == set(sg.nodes)
    col = {name: i for i, name in enumerate(header)}
    for node_id, node in sg.nodes.items():
        assert tuple(by_id[node_id][1].split(delimiter)) == node.labels
        assert by_id[node_id][2] == node.name
    assert by_id[iri("org/mol")][col["aliases:string[]"]].split(delimiter) == ["MoLVT", "ក្រសួងការងារ"]
    with open(tmp_path / "relationships.csv", encoding="utf-8", newline="") as fh:
        rel_rows = list(csv.reader(fh))
    assert rel_rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {(r[0], r[2], r[1]) for r in rel_rows[1:]} == _edge_set(sg)
    got = neo4j_admin.read(tmp_path)
    _assert_same_graph(got, sg)
    gap = next(r for r in got.relationships if r.type == "HAS_GAP")
    assert gap.properties["evidence"] == sg.relationships[3].properties["evidence"]


def test_neo4j_admin_keeps_semicolon_delimiter_when_it_can(tmp_path):
    sg = Subgraph.of([Node("a", ("Actor", "Person"), {"name": "A", "aliases": ["x", "y"]})], [])
    neo4j_admin.write(sg, tmp_path)
    assert "--array-delimiter" not in (tmp_path / "import.args").read_text(encoding="utf-8")
    assert "x;y" in (tmp_path / "nodes.csv").read_text(encoding="utf-8")


def test_ftm_entities_use_known_schemata_and_properties(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.ftm.json"
    ftm.write(sg, path)
    entities = ftm.read_entities(path)
    schemas = {}
    for ent in entities:
        assert set(ent) == {"id", "schema", "properties"}
        assert ent["schema"] in ftm.SCHEMA_PROPERTIES
        assert set(ent["properties"]) <= ftm.SCHEMA_PROPERTIES[ent["schema"]], ent
        assert all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in ent["properties"].values())
        assert ent["id"].startswith("tg-") and ent["id"][3:].isalnum()
        schemas[ent["id"]] = ent["schema"]
    assert schemas[ftm.entity_id(iri("person/sokha"))] == "Person"
    assert schemas[ftm.entity_id(iri("org/mol"))] == "PublicBody"
    assert schemas[ftm.entity_id(iri("org/police"))] == "PublicBody"
    assert schemas[ftm.entity_id(iri("org/ngo"))] == "Organization"
    assert schemas[ftm.entity_id(iri("org/fishco"))] == "Company"
    assert schemas[ftm.entity_id(iri("report/2031"))] == "Document"
    membership = next(e for e in entities if e["schema"] == "Membership" and e["properties"].get("role") == ["Minister"])
    assert membership["properties"]["member"] == [ftm.entity_id(iri("person/sokha"))]
    assert membership["properties"]["organization"] == [ftm.entity_id(iri("org/mol"))]
    assert membership["properties"]["proof"] == [ftm.entity_id(iri("report/2031"))]


def test_ftm_round_trip(tmp_path):
    sg = sample_subgraph()
    path = tmp_path / "g.ftm.json"
    ftm.write(sg, path)
    got = ftm.read(path)
    assert set(got.nodes) == {ftm.entity_id(i) for i in sg.nodes}
    for node_id, node in sg.nodes.items():
        back = got.nodes[ftm.entity_id(node_id)]
        assert back.labels == node.labels and back.name == node.name
    want = {(ftm.entity_id(s), t, ftm.entity_id(e)) for s, t, e in _edge_set(sg)}
    assert _edge_set(got) == want


# --- streams, Unicode, hostile names ----------------------------------------------------------

@pytest.mark.parametrize("name", ["graphml", "gexf", "json", "cytoscape", "ftm", "html"])
def test_single_file_formats_write_to_text_and_binary_streams(name):
    sg = sample_subgraph()
    text, binary = io.StringIO(), io.BytesIO()
    export(sg, name, text)
    export(sg, name, binary)
    assert text.getvalue() and text.getvalue().encode("utf-8") == binary.getvalue()
    assert "ក្រសួងការងារ" in text.getvalue() and "สำนักงานตำรวจแห่งชาติ" in text.getvalue()


def test_hostile_names_survive_every_readable_format(tmp_path):
    sg = sample_subgraph()
    for module in (graphml, gexf, node_link, cytoscape, csv_tables, neo4j_admin):
        target = tmp_path / (module.NAME + (module.EXTENSION or "-dir"))
        module.write(sg, target)
        assert module.read(target).nodes[iri("person/hostile")].name == HOSTILE_NAME, module.NAME


def test_multi_file_formats_refuse_a_stream():
    with pytest.raises(ExportError, match="directory"):
        export(sample_subgraph(), "csv", io.StringIO())


# --- path safety ------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["../", "..\\", "a/b", "/etc/", "x\x00"])
def test_csv_prefix_cannot_escape_the_directory(tmp_path, prefix):
    out = tmp_path / "out"
    with pytest.raises(ExportError, match="refusing"):
        csv_tables.write(sample_subgraph(), out, prefix=prefix)
    assert not any(p.suffix == ".csv" for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("name", ["..", ".", "", "a/../../b", "/abs"])
def test_generated_file_names_must_be_plain(name):
    with pytest.raises(ExportError):
        safe_file_name(name)


def test_symlink_inside_directory_cannot_lead_out(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("keep", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "nodes.csv")
    with pytest.raises(ExportError, match="outside"):
        child_path(out.resolve(), "nodes.csv")
    with pytest.raises(ExportError):
        csv_tables.write(sample_subgraph(), out)
    assert outside.read_text(encoding="utf-8") == "keep"


def test_single_file_target_that_is_a_symlink_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "g.json"
    os.symlink(victim, link)
    export(sample_subgraph(), "json", link)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))["nodes"]


def test_single_file_format_refuses_a_directory(tmp_path):
    with pytest.raises(ExportError, match="directory"):
        export(sample_subgraph(), "graphml", tmp_path)


def test_failed_export_leaves_no_partial_file(tmp_path):
    bad = Subgraph.of([Node("a", ("X",), {"name": "A"})], [Relationship("R", "a", "missing")])
    target = tmp_path / "v.html"
    export(bad, "html", target)  # relationships to absent nodes are left out, not an error
    assert target.exists()

    huge = Subgraph.of([Node(str(i), ("X",), {"name": str(i)}) for i in range(5)], [])
    with pytest.raises(ExportError, match="too many"):
        get_exporter("html").write(huge, tmp_path / "big.html", max_nodes=3)
    assert not (tmp_path / "big.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["v.html"]


def test_exports_write_only_the_requested_paths(tmp_path):
    sg = sample_subgraph()
    for name in exporter_names():
        export(sg, name, _target(tmp_path, name))
    expected = {f"out{get_exporter(n).EXTENSION}" for n in exporter_names() if not is_multi_file(n)}
    expected |= {n for n in exporter_names() if is_multi_file(n)}
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    assert sorted(p.name for p in (tmp_path / "neo4j-admin").iterdir()) == [
        "import.args", "nodes.csv", "relationships.csv"]


def test_graphml_and_gexf_survive_control_characters_from_pdf_text(tmp_path):
    import networkx as nx

    from graph.exporters import export
    from graph.subgraph import Node, Relationship, Subgraph

    sub = Subgraph.of([Node("a", ("Actor", "Agency"), {"name": "Page\x0cbreak Office"}), Node("g", ("Gap",), {"name": "gap"})],
                      [Relationship("HAS_GAP", "a", "g", {"evidence": ["Budget\x0cran dry.\x01"]})])
    for fmt in ("graphml", "gexf"):
        export(sub, fmt, tmp_path / f"x.{fmt}")
        back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / f"x.{fmt}")
        assert back.number_of_edges() == 1
