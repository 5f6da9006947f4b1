"""The document model: typed blocks from text dumps of PDFs (form feeds, running headers on odd
and even pages, endnote runs, reference lists after a page break), and extraction reading only
the body blocks. The dump below is a fictional report written in the layout of such dumps."""

from __future__ import annotations

import re

from graph.document import SKIP_KINDS, clean_text, segment
from graph.extract import extract
from graph.extract.gazetteer import load_gazetteer
from graph.extract.text import MAX_SENTENCE, prepare
from graph.report import Report

ODD = "Nordland\u2009MODERATE PROGRESSBUREAU OF REGIONAL LABOR AFFAIRS2031  ANNUAL FINDINGS ON CHILD WORK"
EVEN = "NordlandMODERATE PROGRESS2031  ANNUAL FINDINGS ON CHILD WORK"

DUMP = (
    "Nordland\n\nMODERATE PROGRESS\n\n"
    "In 2031, the Ministry of Labour of Nordland opened 41 inspections of fishing boats. The "
    "Ministry of Labour lacked trained inspectors in the northern provinces.\n\n"
    "Table of Contents\nI. Findings ........................ 1\nII. Enforcement .................... 2\n\n"
    "Table 1. Inspections by Province\n\n"
    "Source for all data: Statistics Office of Nordland, 2030.(4)\n\n"
    "1\n\n" + ODD + "\f"
    "The National Police of Nordland rescued 27 children from a cannery in Port Vell in 2031.(5)\n\n"
    "12.  Nordland Times. \u201cCannery raid.\u201d Port Vell; March 3, 2031. https://times.example/raid.\n"
    "13.  Embassy Port Vell official. E-mail communication to staff. May 2, 2031.\n"
    "14.  Nordland Statistics Office. Labour Survey 2030. Port Vell; 2030.\n"
    "15.  Harbour Watch. Boats and Children. 2031. http://harbour.example/report.pdf.\n\n"
    "2\n\n" + EVEN + "\f"
    "The court convicted 3 traffickers in 2031 and fined 2 boat owners.\n\n"
    "3\n\n" + ODD + "\fREFERENCES\n"
    "1.  Coastal Rights Group. Annual Survey of 1,204 Boats. Port Vell; 2029.\n"
    "2.  Ministry of Justice. Court Statistics 2030. accessed June 1, 2031.\n\n"
    "4\n\n" + EVEN + "\f"
)


def _kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in segment(clean_text(text)):
        out.setdefault(b.kind, []).append(b.text)
    return out


def test_form_feed_inside_a_line_ends_the_page_and_the_reference_heading_is_found():
    blocks = segment(clean_text(DUMP))
    refs = [b for b in blocks if b.kind == "references"]
    assert refs and refs[0].text.startswith("REFERENCES") and refs[0].page == 4
    assert all("Coastal Rights Group" not in b.text for b in blocks if b.kind not in SKIP_KINDS)


def test_running_headers_of_odd_and_even_pages_and_page_numbers_are_furniture():
    kinds = _kinds(DUMP)
    furniture = kinds["page_header"] + kinds["page_footer"]
    assert any("BUREAU OF REGIONAL" in t for t in furniture)
    assert any(t.startswith("NordlandMODERATE PROGRESS2031") for t in furniture)
    assert {"1", "2", "3", "4"} <= set(furniture)
    body = " ".join(kinds["paragraph"])
    assert "FINDINGS ON CHILD WORK" not in body


def test_endnote_runs_toc_credits_and_captions_get_their_kinds():
    kinds = _kinds(DUMP)
    assert len(kinds["endnote"]) == 4 and kinds["endnote"][1].startswith("13.")
    assert kinds["toc"] and "II. Enforcement" in kinds["toc"][0]
    assert kinds["source_credit"][0].startswith("Source for all data")
    assert kinds["caption"] == ["Table 1. Inspections by Province"]


def test_blocks_carry_pages_and_offsets_into_the_text():
    text = clean_text(DUMP)
    for b in segment(text):
        assert text[b.start:b.end].strip().startswith(b.text.split()[0])
        assert b.page == text.count("\f", 0, b.start) + 1


def test_table_rows_are_split_into_cells():
    table = [b for b in segment("Agency | Role\nNational Police | Rescues\nLabour Inspectorate   Inspections")
             if b.kind == "table"]
    assert table[0].rows == (("Agency", "Role"), ("National Police", "Rescues"),
                             ("Labour Inspectorate", "Inspections"))


def test_prepare_reads_only_body_blocks():
    doc = prepare(DUMP, load_gazetteer())
    text = " ".join(s.text for s in doc.sentences)
    for junk in ("Harbour Watch", "Coastal Rights", "E-mail", "FINDINGS ON CHILD WORK", "Statistics Office",
                 "........"):
        assert junk not in text
    assert "rescued 27 children" in text and "convicted 3 traffickers" in text
    assert {s.kind for s in doc.sentences} <= {"paragraph", "heading", "list_item", "table", "caption"}


def test_no_figure_actor_or_control_character_from_references_endnotes_or_furniture():
    record = extract(Report(path="nordland-2031.txt", text=DUMP, format="text")).to_dict()
    values = {s["value"] for s in record["statistics"]}
    assert not values & {1204, 1204.0, 12, 13, 14, 15}
    names = {a["name"] for a in record["actors"]}
    assert not any("Harbour Watch" in n or "Coastal Rights" in n or "Times" in n for n in names)
    dumped = repr(record)
    assert "\\x0c" not in dumped and "\\f" not in dumped


def test_long_runs_are_cut_into_sentences_of_bounded_length():
    entry = "; ".join(f"the Ministry of Labour of Nordland inspected {i} boats in province {i}" for i in range(30))
    doc = prepare(entry + ".", load_gazetteer())
    assert len(doc.sentences) > 1 and all(len(s.text) <= MAX_SENTENCE for s in doc.sentences)


def test_control_characters_and_ligatures_are_cleaned():
    assert clean_text("o\x00f\x1b\ufb01ndings\x0b") == "o f ﬁndings ".replace("ﬁ", "fi")
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f]", clean_text("".join(map(chr, range(32)))))


def test_read_command_prints_blocks_with_kinds_and_pages(tmp_path):
    import json

    from click.testing import CliRunner

    from graph.cli import cli

    path = tmp_path / "nordland-2031.txt"
    path.write_text(DUMP, encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"page", "kind", "read", "text"} <= set(rows[0])
    refs = [r for r in rows if r["kind"] == "references"]
    assert refs and refs[0]["page"] == 4 and refs[0]["read"] is False
    only = json.loads(CliRunner().invoke(cli, ["read", str(path), "--kind", "endnote", "--format", "json"]).output)
    assert len(only) == 4 and {r["kind"] for r in only} == {"endnote"}
    csv_out = CliRunner().invoke(cli, ["read", str(path), "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "page,kind,read,text"


def test_column_headers_and_headings_are_labels_not_claims():
    text = ("Nordland Labour Review\n\nIn 2031, the Labour Inspectorate of Nordland carried out 800 inspections.\n\n"
            "Overview of Labour Law Enforcement\n\n2031\n\nLabour Inspectorate Funding\nNumber of Labour Inspectors\n"
            "Unannounced Inspections Permitted\nRoutine Inspections Targeted\n\nYes (12)\n\n"
            "Agency | Role\nLabour Inspectorate of Nordland | Lacks trained inspectors in the northern ports.\n")
    doc = prepare(text, load_gazetteer())
    labels = {s.text for s in doc.sentences if s.is_label}
    assert "Unannounced Inspections Permitted" in labels and "Agency" in labels
    assert "Lacks trained inspectors in the northern ports." not in labels
    record = extract(Report(path="nordland-2031.txt", text=text, format="text")).to_dict()
    assert all(g["evidence"] != "Unannounced Inspections Permitted" for g in record["gaps"])


def test_a_pipe_inside_a_long_prose_line_is_no_table():
    line = ("current situation: Nordland is a source country for men and women subjected to forced labour "
            "on fishing boats | tier rating: Tier 2 - the government does not fully meet the minimum standards")
    assert [b.kind for b in segment(line)] == ["paragraph"]
    assert [b.kind for b in segment("Johor | 48")] == ["table"]
