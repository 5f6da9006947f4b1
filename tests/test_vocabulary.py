"""The vocabulary is declared once (``schemas/model.yaml``) and everything derives from it; a
mistake in a schema file is one SchemaError naming the file and the line."""

from __future__ import annotations

import pytest

from graph.errors import SchemaError
from graph.schema.vocabulary import load_vocabulary, read_schema_yaml, vocabulary
from graph.paths import schema_file


def test_the_tables_derive_from_the_one_declaration():
    from graph.loaders.case_records import AGENCY_ROLES, PERSON_ROLES
    from graph.loaders.cases import ROLE_COLUMNS
    from graph.rdf.build import ACTOR_CLASSES, CASE_ROLES
    from graph.record import ACTOR_TYPES, CASE_STATUSES
    from graph.resolve.keys import STATE_TYPES
    from graph.store.model import ACTOR_LABELS, CASE_ROLE_TYPES, NODE_LABELS, PROVENANCE_RELS, REL_TYPES

    v = vocabulary()
    assert ACTOR_TYPES == v.actor_types and set(ACTOR_CLASSES) == set(v.actor_types)
    assert CASE_STATUSES == v.case_statuses
    assert STATE_TYPES == v.state_types
    assert ROLE_COLUMNS == tuple(CASE_ROLES) == tuple(v.case_roles) == AGENCY_ROLES + PERSON_ROLES
    assert set(ACTOR_LABELS.values()) == {*v.actor_types, "Agency"} and NODE_LABELS == v.node_labels
    assert set(CASE_ROLE_TYPES.values()) == {r.relationship for r in v.case_roles.values()} | {"INVOLVES"}
    assert set(REL_TYPES) == set(v.relationships) and set(PROVENANCE_RELS) < set(REL_TYPES)


def test_every_provenance_relationship_has_one_claim_shape():
    from graph.rdf.vocab import provenance_claims
    from graph.store.model import PROVENANCE_RELS

    assert set(provenance_claims()) == set(PROVENANCE_RELS)


def test_case_columns_name_only_declared_roles():
    from graph.loaders.cases import load_case_columns

    roles = {spec.role for spec in load_case_columns().columns.values() if spec.role}
    assert roles == set(vocabulary().case_roles)


def _broken(tmp_path, old: str, new: str):
    text = schema_file("model.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "model.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.strip() in l)
    return path, line


@pytest.mark.parametrize("old, new, words", [
    ("default_type: Court}", "default_type: Tribunal}", "not an actor type"),
    ("IN_COUNTRY: {from: Agency, to: Country}", "IN_COUNTRY: {from: Agency, to: Nation}", "not a declared label"),
    ("relationship: SUSPECT, actor: person", "relationship: SUSPECT, actor: somebody", "actor must be"),
])
def test_a_mistake_names_the_file_and_line(tmp_path, old, new, words):
    path, line = _broken(tmp_path, old, new)
    with pytest.raises(SchemaError) as caught:
        load_vocabulary(path)
    assert caught.value.line == line and str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)


def test_yaml_syntax_errors_are_schema_errors_with_a_line(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("version: 1\nactor_types:\n  Ministry: {state: true\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_schema_yaml(path)
    assert caught.value.line is not None and str(path) in str(caught.value)
    assert caught.value.exit_code == 8


def test_the_ontology_namespace_is_built_on_first_use():
    import subprocess
    import sys

    code = ("import graph.rdf.vocab as v; assert v.TG._namespace is None; v.TG.Ministry; "
            "assert v.TG._namespace is not None")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_actor_type_has_its_followthemoney_schema_in_the_declaration():
    from graph.exporters.ftm import SCHEMA_PROPERTIES, schema_for

    voc = vocabulary()
    assert set(voc.actor_types) <= set(voc.ftm_schemata)
    assert set(voc.ftm_schemata.values()) <= set(SCHEMA_PROPERTIES)
    # an actor's type decides before the generic labels every agency also carries
    assert schema_for(("Actor", "Agency", "NGO")) == "Organization"
    assert schema_for(("Actor", "Agency", "Ministry")) == "PublicBody"
    assert schema_for(("Actor", "Agency")) == "PublicBody"
    assert schema_for(("Actor",)) == "Organization"
    assert schema_for(("Gap",)) == "Note"
