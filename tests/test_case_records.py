"""Structured case rows → cases and actors (graph/loaders/case_records.py)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import graph.loaders.case_records
import graph.loaders.cases
import graph.loaders.markdown
import graph.loaders.pdf
from graph.loaders.case_records import CaseActor, CaseRecord, extract_case_rows, guess_actor_type
from graph.privacy.record import private_people, redact_record
from graph.loaders import load_report
from graph.loaders.cases import load_case_columns
from graph.record import CASE_STATUSES, ExtractionRecord

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "cases"


@pytest.fixture(scope="module")
def register() -> ExtractionRecord:
    return extract_case_rows(load_report(EXAMPLES / "mekong-case-register-2019.csv"))


def test_one_case_per_row_with_its_fields(register):
    assert len(register.cases) == 18
    case = next(c for c in register.cases if c.id == "KH-2019-007")
    assert isinstance(case, CaseRecord)
    assert (case.year, case.date, case.place, case.status, case.exploitation, case.stage) == (
        2019, "2019-07-30", "Koh Kong, Cambodia", "convicted", "fishing", "exploitation")
    assert (case.victims, case.suspects) == (9, 2)
    assert case.roles["tried_by"] == ["Koh Kong Provincial Court"]
    assert case.roles["implicated_official"] == ["Sam Oeun"]
    assert case.people == ["Sam Oeun", "Chea Kimly", "Tan Boonmee"]
    assert "Koh Kong Provincial Court" in case.agencies
    assert case.evidence.startswith("Case KH-2019-007 (2019-07-30, Koh Kong, Cambodia)")
    assert all(c.status in CASE_STATUSES for c in register.cases)


def test_agency_names_resolve_to_gazetteer_names(register):
    police = register.actor("Anti-Human Trafficking and Juvenile Protection Department")
    assert police is not None and police.type == "LawEnforcement"
    gazetteer = Path(__file__).resolve().parents[1] / "schemas" / "gazetteer.yaml"
    if gazetteer.exists():  # the canonical spelling comes from the gazetteer when it knows the body
        assert police.name == "Cambodian National Police Anti-Human Trafficking and Juvenile Protection Department"
        assert "Anti-Human Trafficking and Juvenile Protection Department" in police.aliases


@pytest.mark.parametrize("name, role, expected", [
    ("Phnom Penh Municipal Court", "tried_by", "Court"),
    ("Kota Kinabalu Sessions Court", None, "Court"),
    ("Siem Reap Provincial Court Prosecutor", "prosecuted_by", "GovernmentBody"),
    ("Banteay Meanchey Provincial Police", "investigated_by", "LawEnforcement"),
    ("Ministry of Social Affairs", None, "Ministry"),
    ("Commune Committee for Women and Children", None, "Committee"),
    ("Mekong Safe Haven", "victims_assisted_by", "NGO"),
    ("Legal Aid Mekong", None, "NGO"),
    ("International Organization for Migration", None, "InternationalOrganization"),
    ("Golden Harvest Recruitment Co. Ltd.", "suspect", "Company"),
    ("Embassy of Cambodia", "referred_from", "GovernmentBody"),
    ("Chan Sopheak", "suspect", "Person"),
    ("Sokha", "victim", "Person"),
])
def test_guess_actor_type(name, role, expected):
    assert guess_actor_type(name, role) == expected


def test_victims_are_flagged_persons_kept_out_of_people_and_text(register):
    victims = [a for a in register.actors if isinstance(a, CaseActor) and a.is_victim]
    assert {a.name for a in victims} == {"Srey Mom", "Dary", "ស្រី ពៅ"}
    assert all(a.type == "Person" for a in victims)
    victims = private_people(register, scope="victims")
    assert set(victims) == {"Srey Mom", "Dary", "ស្រី ពៅ"}
    assert not any(v in c.people or v in (c.evidence or "") for c in register.cases for v in victims)


def test_redaction_removes_every_victim_name(register):
    redacted = redact_record(register)
    text = repr(redacted.to_dict())
    for name in ("Srey Mom", "Dary", "ស្រី ពៅ"):
        assert name not in text
    assert len(redacted.cases) == len(register.cases)
    assert next(c for c in redacted.cases if c.id == "KH-2019-001").victims == 4  # the count stays
    assert private_people(register, scope="victims")  # the original is untouched


def test_one_actor_per_name_across_cases(register):
    names = [a.name for a in register.actors]
    assert len(names) == len(set(names))
    thai_police = register.actor("Royal Thai Police")
    assert set(thai_police.roles) == {"referred_from", "investigated_by"}


def test_record_round_trips_through_to_dict(register):
    data = register.to_dict()
    assert data["report"]["id"] == "mekong-case-register-2019.csv"
    case = next(c for c in data["cases"] if c["id"] == "TH-2019-012")
    assert case["roles"]["suspect"] == ["Niran Thongdee", "ผู้ต้องหา สมศรี"]
    again = ExtractionRecord.from_dict(data)  # the base types read what they know
    assert [c.status for c in again.cases] == [c.status for c in register.cases]


def test_json_register_metadata_reaches_the_record():
    record = extract_case_rows(load_report(EXAMPLES / "mekong-case-register-2019.json"))
    assert record.report.publisher == "Mekong Safe Haven"
    assert record.report.year == 2020
    official = next(c for c in record.cases if c.id == "TH-2019-021")
    assert official.roles["implicated_official"] == ["Pol. Lt. Kittisak Wongsa"]
    assert record.actor("Pol. Lt. Kittisak Wongsa").type == "Person"


def test_mapping_is_valid_and_covers_the_roles():
    mapping = load_case_columns()
    assert mapping.required == ("case_id",)
    assert set(mapping.columns["status"].values) == set(CASE_STATUSES)
    assert {"sexual", "labour", "domestic_servitude", "forced_begging", "fishing"} <= set(
        mapping.columns["exploitation"].values)
    assert set(mapping.columns["stage"].values) == {"recruitment", "transit", "exploitation"}
    for role in graph.loaders.case_records.AGENCY_ROLES + graph.loaders.case_records.PERSON_ROLES:
        assert mapping.columns[role].kind == "actors" and mapping.columns[role].role == role
    assert mapping.canonical("Case No.") == mapping.canonical("case_no") == "case_id"


@pytest.mark.parametrize("module", [graph.loaders.case_records, graph.loaders.cases, graph.loaders.markdown,
                                    graph.loaders.pdf])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
