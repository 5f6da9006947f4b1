"""Finding an actor by name compares the normalised names the writers store (``nameKeys``) on
the server, and gives the answers that reading every actor's names gave: the exact id first,
then a name, then an alias, then a unique close match; actors written before keys existed are
still found by any of their names, and a name they share with a keyed actor is still ambiguous."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.queries.lookup import find_actor_id, find_node_id
from graph.rdf.build import record_to_graph
from graph.record import Actor, ExtractionRecord, ReportMeta
from graph.resolve.keys import lookup_keys
from graph.resolve.resolver import fresh_resolver
from graph.store.fetch import fetch_all, property_keys
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, write_batch

DB = "neo4j"


def write(driver, rid: str, actors: list[Actor], country: str = "Indonesia") -> None:
    record = ExtractionRecord(report=ReportMeta(file=f"{rid}.txt", id=rid, country=country, content_hash=rid),
                              actors=actors)
    write_batch(driver, DB, [rows_from_graph(record_to_graph(record, fresh_resolver()), rid, record)])


def keys_of(driver, name: str):
    return driver.execute_query("MATCH (a:Actor {name: $name}) RETURN a.nameKeys AS keys",
                                name=name, database_=DB).records[0]["keys"]


def test_lookup_keys_are_the_normalised_names_once_each():
    assert lookup_keys(["The Tide Office", "tide  office", "Labour Board", "", "--"]) == ["labor board", "tide office"]


def test_the_writer_stores_keys_and_a_lookup_finds_by_name_alias_id_and_close_name(clean_db):
    ensure_schema(clean_db, DB)
    write(clean_db, "r1", [Actor("Harbour Labour Board", "GovernmentBody", ["HLB"]),
                           Actor("Tide Office", "GovernmentBody")])
    write(clean_db, "r2", [Actor("Harbour Labour Board", "GovernmentBody", ["Harbour Labor Board of Java"])])
    assert sorted(keys_of(clean_db, "Harbour Labour Board")) == ["harbour labor board", "harbour labor board of java", "hlb"]
    board = find_actor_id(clean_db, DB, "the harbour labor board")
    assert board.endswith("/indonesia/harbour-labor-board")
    assert find_actor_id(clean_db, DB, "hlb") == board
    assert find_actor_id(clean_db, DB, board) == board
    assert find_node_id(clean_db, DB, "Harbour Labour Board of Java") == board
    assert find_actor_id(clean_db, DB, "Tide Ofice").endswith("/indonesia/tide-office")  # one close name
    with pytest.raises(QueryError, match="no actor called 'Ministry of Tides'"):
        find_actor_id(clean_db, DB, "Ministry of Tides")
    # the keys are for finding, not data: exports and analyses do not see them
    assert all("nameKeys" not in node.properties for node in fetch_all(clean_db, DB).nodes.values())
    assert "nameKeys" not in property_keys(clean_db, DB)[0]


def test_actors_written_before_keys_are_found_and_keep_no_partial_keys(clean_db):
    ensure_schema(clean_db, DB)
    write(clean_db, "old", [Actor("Tide Office", "GovernmentBody", ["Coast Desk"])], country="Indonesia")
    clean_db.execute_query("MATCH (a:Actor) REMOVE a.nameKeys", database_=DB)  # as an older version wrote it
    # a later report adds a name: keys of only that name would hide the node from "Coast Desk"
    write(clean_db, "new", [Actor("Tide Office", "GovernmentBody", ["Shore Desk"])], country="Indonesia")
    assert keys_of(clean_db, "Tide Office") is None
    old = find_actor_id(clean_db, DB, "coast desk")
    assert old.endswith("/indonesia/tide-office") and find_actor_id(clean_db, DB, "Shore Desk") == old
    # a keyed body of another country with the same name: ambiguous without --country, as before
    write(clean_db, "kh", [Actor("Tide Office", "GovernmentBody")], country="Cambodia")
    with pytest.raises(QueryError, match="names 2 actors"):
        find_actor_id(clean_db, DB, "Tide Office")
    assert find_actor_id(clean_db, DB, "Tide Office", "Indonesia") == old
    assert find_actor_id(clean_db, DB, "Tide Office", "Cambodia").endswith("/cambodia/tide-office")
