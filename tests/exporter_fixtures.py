"""Fictional subgraphs for the exporter and redaction tests (no text from real reports)."""

from __future__ import annotations

from graph.subgraph import Node, Relationship, Subgraph

BASE = "https://example.org/tipgraph/id/"
HOSTILE_NAME = '`Bobby"}) DETACH DELETE n // <script>alert(1)</script> & </script>'


def iri(local: str) -> str:
    return BASE + local


def node(local: str, labels: tuple[str, ...], name: str, **props) -> Node:
    return Node(iri(local), labels, {"id": iri(local), "name": name, **props})


def rel(rel_type: str, start: str, end: str, **props) -> Relationship:
    return Relationship(rel_type, iri(start), iri(end), props)


def sample_subgraph() -> Subgraph:
    """A small graph with every node kind, lists, numbers, Unicode and a hostile name."""
    nodes = [
        node("org/mol", ("Actor", "Agency", "Ministry"), "Ministry of Labour and Vocational Training",
             aliases=["MoLVT", "ក្រសួងការងារ"], country="KH"),
        node("org/ntc", ("Actor", "Agency", "Committee"), "National Anti-Trafficking Committee",
             aliases=["NATC"]),
        node("org/police", ("Actor", "Agency", "LawEnforcement"), "สำนักงานตำรวจแห่งชาติ",
             aliases=["Royal Police", "RTP"], country="TH"),
        node("org/ngo", ("Actor", "NGO"), "Mékong Shelter Alliance"),
        node("org/fishco", ("Actor", "Company"), "Blue Horizon Fishing Co."),
        node("person/sokha", ("Actor", "Person"), "Sokha Vannak"),
        node("person/hostile", ("Actor", "Person"), HOSTILE_NAME, public=True),
        node("person/victim", ("Actor", "Person"), "Dara Chenda", role="victim"),
        node("person/bystander", ("Actor", "Person"), "Nalin Phromma"),
        node("gap/victim-id", ("Gap",), "Weak victim identification", pillar="protection"),
        node("report/2031", ("Report",), "Fictional TIP Report 2031", year=2031),
        node("statement/1", ("Statement",), "Statement 1",
             quote="We screened every boat in the harbour, said the minister."),
        node("statement/2", ("Statement",), "Statement 2",
             quote="Nobody asked Dara Chenda what happened on the boat."),
        node("statistic/1", ("Statistic",), "Victims identified", value=412, year=2031),
        node("case/1", ("Case",), "Harbour labour case", status="investigated", victims=14,
             people=["Dara Chenda", "Nalin Phromma"]),
    ]
    rels = [
        rel("HOLDS_POSITION", "person/sokha", "org/mol", title="Minister",
            evidence=["Minister Sokha Vannak opened the new shelter; officials attended."],
            reports=[iri("report/2031")]),
        rel("HOLDS_POSITION", "person/sokha", "org/ntc", title="Chair", key="2"),
        rel("PART_OF", "org/police", "org/ntc", evidence=["The police sit on the committee."]),
        rel("HAS_GAP", "org/police", "gap/victim-id",
            evidence=["Officers rarely screened workers for indicators.", "Screening stayed ad hoc; few were referred."],
            reports=[iri("report/2031")], saidBy=["Mékong Shelter Alliance"]),
        rel("STATED", "person/sokha", "statement/1"),
        rel("STATED", "person/victim", "statement/2"),
        rel("CRITICISED", "org/ngo", "org/police",
            evidence=["The alliance said police ignored Dara Chenda and Nalin Phromma for weeks."]),
        rel("REPORTED", "report/2031", "statistic/1", year=2031),
        rel("MENTIONS", "report/2031", "person/hostile"),
        rel("INVESTIGATED", "org/police", "case/1",
            evidence=["Police questioned Nalin Phromma about the Blue Horizon boats."]),
        rel("MENTIONS", "case/1", "person/victim"),
        rel("MENTIONS", "case/1", "person/bystander"),
        rel("CRITICISED", "person/hostile", "org/fishco", evidence=['He called it a "scam"; a `rigged` deal.']),
    ]
    return Subgraph.of(nodes, rels)


def synthetic_subgraph(n_nodes: int, *, edges_per_node: int = 2, seed: int = 7) -> Subgraph:
    """A large random-looking but deterministic graph for benchmarks."""
    import random

    rng = random.Random(seed)
    kinds = [("Actor", "Agency", "Ministry"), ("Actor", "Person"), ("Gap",), ("Report",),
             ("Statement",), ("Case",)]
    types = ["HOLDS_POSITION", "PART_OF", "HAS_GAP", "STATED", "CRITICISED", "MENTIONS"]
    sg = Subgraph()
    ids = []
    for i in range(n_nodes):
        node_id = f"{BASE}n/{i}"
        ids.append(node_id)
        props = {"id": node_id, "name": f"Entity {i}", "aliases": [f"E{i}", f"Alias {i % 97}"],
                 "year": 2000 + i % 30}
        sg.nodes[node_id] = Node(node_id, kinds[i % len(kinds)], props)
    for i in range(n_nodes * edges_per_node):
        start, end = rng.choice(ids), rng.choice(ids)
        sg.relationships.append(Relationship(types[i % len(types)], start, end, {
            "evidence": [f"Sentence {i} about the link."], "reports": [f"{BASE}report/{i % 50}"],
            "title": "Officer"}))
    return sg
