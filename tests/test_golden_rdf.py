"""The RDF of one report, pinned: a golden Turtle file compared with ``rdflib.compare.isomorphic``.

The input is a stored extraction record (``tests/fixtures/golden/*.record.json``, extracted once
from our own fictional fixture report), not the report itself, so the golden file changes when
the RDF mapping changes and not when extraction improves. After an intended change of the
mapping, write the files again with ``TIPGRAPH_UPDATE_GOLDEN=1 scripts/test tests/test_golden_rdf.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.rdf.build import record_to_graph
from graph.record import ExtractionRecord
from graph.resolve.resolver import Resolver

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def _built(name: str) -> Graph:
    record = ExtractionRecord.from_dict(json.loads((GOLDEN / f"{name}.record.json").read_text(encoding="utf-8")))
    return record_to_graph(record, Resolver())  # no judgements file: only the gazetteer's countries


def test_the_fictional_workshop_report_gives_the_golden_turtle():
    built = _built("fictional-mekong-workshop")
    golden_file = GOLDEN / "fictional-mekong-workshop.ttl"
    if os.environ.get("TIPGRAPH_UPDATE_GOLDEN") == "1":
        golden_file.write_text(built.serialize(format="turtle"), encoding="utf-8")
    golden = Graph().parse(golden_file, format="turtle")
    if not isomorphic(built, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden))
        raise AssertionError("RDF differs from the golden file:\n+ " + "\n+ ".join(
            sorted(f"{s} {p} {o}" for s, p, o in only_built)[:20]) + "\n- " + "\n- ".join(
            sorted(f"{s} {p} {o}" for s, p, o in only_golden)[:20]))
    assert len(built) > 100
