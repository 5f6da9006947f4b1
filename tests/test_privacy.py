"""Victims' privacy (issue 6): `tipgraph extract --redact` and `tipgraph export --redact`.

Private people — victims, witnesses, anyone named who holds no post — are pseudonymised
consistently (one person, one "Person N" across the record), their quotes dropped and their
names scrubbed from evidence sentences; public officials and organisation representatives
stay. Case-record victims never appear in redacted output.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from graph.privacy.record import private_people
from graph.flows.ingest import extract_file
from graph.privacy.record import redact_record

from .conftest import tipgraph_in_process
from .test_robustness_input import EXAMPLES, run_tipgraph, tipgraph_env

VICTIM_REPORT = """\
Survivor recounts months on a fishing boat
Date: 2020-06-02

Minister of Labour Keo Vibol said labour inspectors had visited too few fishing ports and admitted a shortage of funding for inspections.

Chea Sreymom, a 19-year-old victim from Kampot, told reporters she had worked eighteen hours a day on a boat before police rescued her.

"They took my passport and said I owed them money," Chea Sreymom said.

A witness, Lim Rithy, said the broker paid officials at the border. "Everyone at the checkpoint knew," Lim Rithy said.

Sreymom now lives in a shelter in Daravy village, where LIM RITHY visits her.

Pen Chanthy, of the NGO Legal Aid Network, said the government response was still too slow.
"""
PRIVATE = {"Chea Sreymom": ["Chea Sreymom", "Sreymom"], "Lim Rithy": ["Lim Rithy", "Rithy"]}
PUBLIC = ["Keo Vibol", "Pen Chanthy"]
QUOTES = ["They took my passport", "Everyone at the checkpoint knew"]


def case_file_victims() -> set[str]:
    names = set()
    with (EXAMPLES / "cases" / "mekong-case-register-2019.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.update(n.strip() for n in row["Victim names"].split(";") if n.strip())
    data = json.loads((EXAMPLES / "cases" / "mekong-case-register-2019.json").read_text(encoding="utf-8"))
    for case in data["cases"]:
        names.update(case.get("victim") or [])
    return names


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture
def victim_report(tmp_path) -> Path:
    path = tmp_path / "survivor.txt"
    path.write_text(VICTIM_REPORT, encoding="utf-8")
    return path


def test_unredacted_extraction_does_name_them(victim_report):
    """The premise: without --redact the private people and their quotes are in the record."""
    record = extract_file(victim_report)
    names = {a.name for a in record.actors}
    assert set(PRIVATE) | set(PUBLIC) <= names
    assert {s.speaker for s in record.statements} >= set(PRIVATE)


def test_extract_redact_pseudonymises_victim_and_witness(victim_report):
    proc = run_tipgraph(None, "extract", "--redact", str(victim_report))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    record = json.loads(out)
    for forms in PRIVATE.values():
        for form in forms:
            assert not _mentions(out, form), form
    for quote in QUOTES:
        assert quote not in out
    for name in PUBLIC:
        assert name in {a["name"] for a in record["actors"]}

    # one pseudonym per person (numbered by sorted name), the same as the library gives
    pseudonyms = sorted(a["name"] for a in record["actors"] if a["name"].startswith("Person "))
    assert pseudonyms == ["Person 1", "Person 2"]
    direct = redact_record(extract_file(victim_report))
    assert sorted(a.name for a in direct.actors) == sorted(a["name"] for a in record["actors"])
    assert not any(a["name"] in PRIVATE for a in record["actors"])


def test_redact_record_scrubs_evidence_consistently():
    """The same person under three spellings gets one pseudonym in every sentence; only whole
    words are names (a place that starts like a name stays)."""
    from graph.record import Actor, ExtractionRecord, Gap, Position, ReportMeta, Statement

    record = ExtractionRecord(
        report=ReportMeta(file="x.txt", id="x.txt"),
        actors=[Actor("Chea Sreymom", "Person", aliases=["Sreymom"]), Actor("Lim Rithy", "Person"),
                Actor("Keo Vibol", "Person"), Actor("Ministry of Labour", "Ministry")],
        positions=[Position("Keo Vibol", "Ministry of Labour", "Minister",
                            evidence="Minister Keo Vibol met Chea Sreymom and Lim Rithy.")],
        gaps=[Gap("Ministry of Labour", "slow-response", said_by="Lim Rithy",
                  evidence="SREYMOM waited in Sreymomville; Lim Rithy said the ministry was slow to help Sreymom.")],
        statements=[Statement("Lim Rithy", "Everyone knew", evidence='"Everyone knew," Lim Rithy said.'),
                    Statement("Keo Vibol", "We act", evidence='"We act," Keo Vibol said.')],
    )
    out = redact_record(record)
    assert [a.name for a in out.actors] == ["Person 1", "Person 2", "Keo Vibol", "Ministry of Labour"]
    assert out.positions[0].evidence == "Minister Keo Vibol met Person 1 and Person 2."
    assert out.gaps[0].evidence == "Person 1 waited in Sreymomville; Person 2 said the ministry was slow to help Person 1."
    assert out.gaps[0].said_by == "Person 2"
    assert [s.speaker for s in out.statements] == ["Keo Vibol"]
    assert record.actors[0].name == "Chea Sreymom"  # the input is not modified


def test_case_record_victims_never_in_extract_redact_output():
    victims = case_file_victims()
    assert len(victims) >= 4
    files = [str(EXAMPLES / "cases" / name) for name in
             ("mekong-case-register-2019.csv", "mekong-case-register-2019.json")]
    proc = run_tipgraph(None, "extract", "--redact", "--format", "jsonl", *files)
    assert proc.returncode == 0, proc.stderr
    for victim in victims:
        assert victim not in proc.stdout, victim
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(role != "victim" or all(n.startswith("Person ") for n in names)
               for r in records for c in r["cases"] for role, names in (c.get("roles") or {}).items())
    # the victim counts stay: redaction removes names, not facts
    assert sum(c["victims"] or 0 for r in records for c in r["cases"]) > 0
    # and the library agrees on who the victims are
    for path in files:
        assert set(private_people(extract_file(path), scope="victims")) <= victims


def test_export_redacts_victims_by_default_and_private_people_on_request(clean_db, neo4j_settings, tmp_path,
                                                                          victim_report):
    env = tipgraph_env(neo4j_settings, tmp_path / "home")
    proc = run_tipgraph(env, "ingest", str(EXAMPLES / "cases"), str(victim_report))
    assert proc.returncode == 0, proc.stderr
    victims = case_file_victims()

    in_process = tipgraph_in_process(env)  # the exports through main() in this process

    def export(*args: str) -> str:
        target = tmp_path / f"export-{len(list(tmp_path.glob('export-*')))}.json"
        run = in_process("export", "--format", "json", "-o", str(target), *args, check=False)
        assert run.returncode == 0, run.stderr
        return target.read_text(encoding="utf-8")

    unredacted = export("--redact", "none")
    assert all(v in unredacted for v in victims)  # the premise: the graph holds them
    default = export()
    for victim in victims:
        assert not _mentions(default, victim), victim
    private = export("--redact", "private")
    for victim in victims:
        assert not _mentions(private, victim), victim
    for forms in PRIVATE.values():
        for form in forms:
            assert not _mentions(private, form), form
    for quote in QUOTES:
        assert quote not in private
    assert "Keo Vibol" in private
