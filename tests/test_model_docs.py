"""schemas/README.md documents the Neo4j model: its Cypher runs, and it names the whole model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph.rdf.build import record_to_graph
from graph.record import Gap
from graph.store.model import ACTOR_LABELS, NODE_LABELS, REL_TYPES
from graph.store.writer import ensure_schema, write_batch

from .records import sample_record

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
README = SCHEMAS / "README.md"


def cypher_blocks() -> list[str]:
    return re.findall(r"```cypher\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def loaded(neo4j_driver, neo4j_settings):
    """A small fictional graph in which every documented question has an answer."""
    from .conftest import empty_database
    from graph.store.model import rows_from_graph

    database = neo4j_settings.database
    empty_database(neo4j_driver, database)
    ensure_schema(neo4j_driver, database)
    complicity = [Gap("NCCT", "official-complicity", "Sok Malis", "Officials were paid to look away.")]
    records = [sample_record("r2016", "a", date="2016-05-02", extra_gaps=complicity),
               sample_record("r2019", "b", date="2019-08-09"),
               sample_record("r2021", "c", date="2021-01-20", hostile=True)]
    write_batch(neo4j_driver, database, [rows_from_graph(record_to_graph(r), r.report.id) for r in records])
    return neo4j_driver


def test_the_readme_has_the_questions_it_promises():
    blocks = cypher_blocks()
    assert len(blocks) >= 10
    text = README.read_text(encoding="utf-8")
    for question in ("complicity gap were quoted in 2016", "share the most gaps", "lacks funding"):
        assert question in text


@pytest.mark.parametrize("index", range(len(cypher_blocks())))
def test_every_cypher_block_runs_read_only_and_answers(loaded, neo4j_settings, index):
    query = cypher_blocks()[index]
    records, _, _ = loaded.execute_query(query, database_=neo4j_settings.database,
                                         routing_=RoutingControl.READ)
    assert records, f"no rows for:\n{query}"


def test_the_readme_names_every_label_and_relationship_type():
    text = README.read_text(encoding="utf-8")
    for name in sorted(NODE_LABELS | set(ACTOR_LABELS.values()) | set(REL_TYPES)):
        assert f"`{name}`" in text, name


def test_the_browser_style_colours_every_label():
    grass = (SCHEMAS / "tipgraph.grass").read_text(encoding="utf-8")
    styled = set(re.findall(r"^node\.(\w+) \{", grass, flags=re.M))
    assert styled == NODE_LABELS
    assert grass.count("{") == grass.count("}")
    assert 'caption: "{name}"' in grass
    assert ":style" in README.read_text(encoding="utf-8")
