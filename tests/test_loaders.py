"""Loaders: each format on our own fixtures, metadata, the registry and format sniffing."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.loaders import LOADER_MODULES, get_loader, load_report, loader_names
from graph.report import Report

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
SHARED_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"


# PDF fixtures are written by the tests themselves (tests/fixtures/loaders/pdf_writer.py)
_spec = importlib.util.spec_from_file_location("loader_pdf_writer", FIXTURES / "pdf_writer.py")
pdf_writer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdf_writer)
PDF_PAGES, write_pdf = pdf_writer.PDF_PAGES, pdf_writer.write_pdf


# --- text -------------------------------------------------------------------------------

def test_text_loader_reads_byline_and_source():
    report = load_report(FIXTURES / "article.txt")
    assert report.format == "text"
    assert report.title == "Thai court convicts trawler captain of forced labour"
    assert report.author == "Anong Srisuk"
    assert report.publisher == "Gulf Coast Times"
    assert report.date == date(2019, 6, 11)
    assert report.url == "https://gulfcoasttimes.example/2019/06/trawler-captain"
    assert "fourteen crew members" in report.text


# --- markdown ---------------------------------------------------------------------------

def test_markdown_strips_markup_and_reads_front_matter():
    report = load_report(FIXTURES / "article.md")
    assert report.format == "markdown"
    assert report.title == "Brokers jailed over fishing-boat recruitment"
    assert report.date == date(2019, 8, 2)
    assert report.author == "Sovann Pich, Nita Ros"
    assert report.publisher == "Mekong Weekly"
    assert report.url == "https://mekongweekly.example/2019/08/brokers-jailed"
    assert report.country == "Cambodia"
    text = report.text
    assert "The Koh Kong Provincial Court on Thursday sentenced" in text
    assert "work on fishing boats off Indonesia" in text  # link text kept, URL gone
    assert "said Chea Dalin, a lawyer" in text
    assert "Prey Veng | 9" in text
    for markup in ("**", "](", "---", "# ", "`", "title:", "| ---", "![", "> "):
        assert markup not in text, markup


def test_markdown_without_front_matter_takes_first_heading_as_title(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("Intro line.\n\n## Raid in _Poipet_\n\nPolice raided a casino.\n", encoding="utf-8")
    report = load_report(path)
    assert report.title == "Raid in Poipet"
    assert report.text == "Intro line.\n\nRaid in Poipet\n\nPolice raided a casino."


def test_markdown_malformed_front_matter_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.md: malformed YAML front matter"):
        load_report(path)


# --- html -------------------------------------------------------------------------------

def test_html_keeps_main_text_only_and_reads_meta_tags():
    report = load_report(FIXTURES / "article.html")
    assert report.format == "html"
    assert report.title == "Police raid karaoke bar in Siem Reap"
    assert report.author == "Sokha Vannak"
    assert report.publisher == "Mekong Daily"
    assert report.date == date(2019, 3, 14)
    assert report.url == "https://mekongdaily.example/news/raid-siem-reap"
    assert "raided a karaoke bar in Siem Reap on Tuesday" in report.text
    assert "shelter run by Mekong Safe Haven" in report.text
    for boilerplate in ("NAVIGATION-SCRIPT-TEXT", "font-family", "Politics menu item",
                        "cheap flights", "All rights reserved", "Floods hit Kampot"):
        assert boilerplate not in report.text, boilerplate


def test_html_fallback_reader_skips_boilerplate():
    from graph.loaders.html import fallback_text

    text = fallback_text(
        "<html><body><nav>Home | News</nav><div class='sidebar'>Most read</div>"
        "<p>The Royal Malaysia Police rescued 48 plantation workers in Johor.</p>"
        "<table><tr><td>Johor</td><td>48</td></tr></table>"
        "<script>var x = 1;</script><footer>Copyright</footer></body></html>")
    assert text == "The Royal Malaysia Police rescued 48 plantation workers in Johor.\nJohor | 48"


# --- pdf --------------------------------------------------------------------------------

def test_pdf_paragraphs_without_headers_footers_or_page_numbers(tmp_path):
    report = load_report(write_pdf(tmp_path / "review.pdf"))
    assert report.format == "pdf"
    assert report.title == "Trafficking in Persons Review 2019"
    assert report.author == "Chan Dara"
    # the file's creation date (2020-02-03) is when it was made, not when the report was
    assert report.date is None and report.year == 2019  # the year its title states
    assert report.text.count("\f") == 2  # pages stay pages, as in a text dump of the PDF
    blocks = [b for b in report.blocks]
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    assert paragraphs[0] == (
        "The Anti-Human Trafficking and Juvenile Protection Department opened forty-two "
        "investigations during the year, most of them into sexual exploitation in karaoke venues "
        "in Phnom Penh and Siem Reap.")
    assert [b.text for b in blocks if b.kind == "heading"] == ["Prosecution"]  # a heading is its own block
    assert any(p.endswith("two were later acquitted for lack of evidence.") for p in paragraphs)
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == (("Province", "Cases", "Victims"), ("Phnom Penh", "18", "40"), ("Siem Reap", "9", "21"))
    assert table.page == 2
    assert "Mekong Rights Watch - Annual Review" not in report.text  # running header
    assert "Page 2 of 3" not in report.text and "of 3" not in report.text


def test_pdf_single_page_keeps_its_first_line(tmp_path):
    report = load_report(write_pdf(tmp_path / "one.pdf", PDF_PAGES[:1], table_on=None))
    # one page: no line repeats, so the header stays; only the page number goes
    assert report.text.lstrip().startswith("Mekong Rights Watch - Annual Review 2019")
    assert "Page 1" not in report.text


# --- cases ------------------------------------------------------------------------------

def test_cases_csv_rows_are_canonical_and_summarised():
    report = load_report(FIXTURES / "cases.csv")
    assert report.format == "cases"
    assert report.country == "Cambodia"
    assert len(report.case_rows) == 2
    row = report.case_rows[1]
    assert row["case_id"] == "KH-T-002"
    assert row["year"] == 2018 and row["status"] == "convicted" and row["exploitation"] == "sexual"
    assert row["tried_by"] == ["Phnom Penh Municipal Court"]
    assert row["suspect"] == ["Rin Vuthy"] and row["victim"] == ["Srey Nich"]
    assert "Notes column not in the mapping" not in row and "ignored" not in row.values()
    assert "Tried by Phnom Penh Municipal Court" in report.text
    assert "Srey Nich" not in report.text  # victims are counted, never named


def test_cases_json_with_metadata_and_jsonl(tmp_path):
    data = {"title": "Register", "publisher": "Legal Aid Mekong", "date": "2020-01-15",
            "cases": [{"Case No.": "A-1", "Status": "Found guilty", "Court": "Koh Kong Provincial Court",
                       "Number of victims": "9"}]}
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = load_report(path)
    assert (report.title, report.publisher, report.date) == ("Register", "Legal Aid Mekong", date(2020, 1, 15))
    assert report.case_rows[0]["status"] == "convicted"
    assert report.case_rows[0]["victims"] == 9

    lines = tmp_path / "register.jsonl"
    lines.write_text('{"case_id": "B-1", "status": "not guilty"}\n\n{"case_id": "B-2", "status": "raid"}\n',
                     encoding="utf-8")
    assert [r["status"] for r in load_report(lines).case_rows] == ["acquitted", "investigated"]


def test_cases_ctdc_style_flags_and_semicolon_csv(tmp_path):
    path = tmp_path / "ctdc.csv"
    path.write_text("caseId;yearOfRegistration;CountryOfExploitation;isSexualExploit;isForcedLabour\n"
                    "c1;2017;Thailand;0;1\n", encoding="utf-8")
    row = load_report(path).case_rows[0]
    assert (row["case_id"], row["year"], row["country"], row["exploitation"]) == ("c1", 2017, "Thailand", "labour")


def test_example_case_register_loads():
    root = Path(__file__).resolve().parents[1] / "examples" / "cases"
    csv_report = load_report(root / "mekong-case-register-2019.csv")
    json_report = load_report(root / "mekong-case-register-2019.json")
    assert len(csv_report.case_rows) + len(json_report.case_rows) >= 15
    assert {r["country"] for r in csv_report.case_rows} == {"Cambodia", "Thailand", "Malaysia"}


# --- registry and sniffing ----------------------------------------------------------------

SAMPLES = {
    "text": FIXTURES / "article.txt",
    "markdown": FIXTURES / "article.md",
    "html": FIXTURES / "article.html",
    "cases": FIXTURES / "cases.csv",
}


@pytest.mark.parametrize("name", list(LOADER_MODULES))
def test_every_registered_loader_imports_and_loads_a_sample(name, tmp_path):
    module = get_loader(name)
    assert module.NAME == name
    assert module.EXTENSIONS and all(ext.startswith(".") for ext in module.EXTENSIONS)
    assert callable(module.sniff) and callable(module.load)
    assert module.__doc__, f"loader {name} has no module docstring"
    sample = SAMPLES.get(name) or write_pdf(tmp_path / "sample.pdf")
    report = load_report(sample, name)
    assert isinstance(report, Report) and report.format == name and report.text.strip()


def test_registry_has_the_five_formats():
    assert set(loader_names()) == {"text", "markdown", "html", "pdf", "cases"}


def test_unknown_format_names_the_choices():
    with pytest.raises(InputError, match="unknown input format 'docx'; choose from pdf, html"):
        load_report(FIXTURES / "article.txt", "docx")


@pytest.mark.parametrize("source, expected", [
    ("article.html", "html"), ("article.md", "markdown"), ("cases.csv", "cases"), ("article.txt", "text"),
])
def test_auto_format_sniffs_content_when_the_extension_says_nothing(source, expected, tmp_path):
    unnamed = tmp_path / "download.dat"
    shutil.copyfile(FIXTURES / source, unnamed)
    assert load_report(unnamed).format == expected


def test_sniffing_pdf_and_json_without_extension(tmp_path):
    pdf = write_pdf(tmp_path / "x.pdf")
    unnamed = tmp_path / "report-download"
    shutil.copyfile(pdf, unnamed)
    assert load_report(unnamed).format == "pdf"
    rows = tmp_path / "rows.dat"
    rows.write_text('[{"case_id": "J-1", "status": "rescued"}]', encoding="utf-8")
    assert load_report(rows).format == "cases"


def test_extension_wins_over_content(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<html><body><p>Raw HTML saved as text.</p></body></html>", encoding="utf-8")
    assert load_report(path).format == "text"


@pytest.mark.skipif(not SHARED_REPORTS.is_dir(), reason="shared reports are not available here")
def test_real_shared_reports_load_as_text():
    reports = sorted(SHARED_REPORTS.glob("*.txt"))
    assert reports
    for path in reports:
        report = load_report(path)
        assert report.format == "text" and len(report.text) > 200
        # a title is a headline, never the first paragraph (Factbook entries and some news
        # dumps start with their text and have none)
        assert report.title is None or (len(report.title) <= 200 and not report.title.endswith("."))
