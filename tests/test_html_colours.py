"""The HTML view colours each kind of node as the Browser style does, the same in every export."""

from __future__ import annotations

from graph.exporters.html_view import label_colours, view_data
from graph.store.model import NODE_LABELS
from graph.subgraph import Node, Subgraph


def test_one_fixed_colour_per_label_from_the_browser_style():
    colours = label_colours()
    assert set(colours) == set(NODE_LABELS)
    specific = {k: v for k, v in colours.items() if k not in ("Actor", "Agency")}
    assert len(set(specific.values())) == len(specific), "two kinds share a colour"
    one = view_data(Subgraph.of([Node("m", ("Actor", "Agency", "Ministry"), {"name": "M"}),
                                 Node("g", ("Gap",), {"name": "G"})], []))
    two = view_data(Subgraph.of([Node("n", ("Actor", "Agency", "NGO"), {"name": "N"}),
                                 Node("m2", ("Actor", "Agency", "Ministry"), {"name": "M2"})], []))
    assert one["colours"]["Ministry"] == two["colours"]["Ministry"] == colours["Ministry"]
    assert [n["kind"] for n in two["nodes"]] == ["NGO", "Ministry"]
