"""Bad input (issue 6): every case either loads correctly or raises InputError whose one-line
message names the file and the problem."""

from __future__ import annotations

import importlib.util
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from graph.loaders.case_records import extract_case_rows
from graph.errors import InputError
from graph.loaders import load_report

_spec = importlib.util.spec_from_file_location(
    "loader_pdf_writer", Path(__file__).parent / "fixtures" / "loaders" / "pdf_writer.py")
_writer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_writer)
write_pdf = _writer.write_pdf

AWKWARD_NAMES = [
    'Sok "Big" Dara',
    "Ly `Bopha`",
    '"}) DETACH DELETE n //',
    "Robert'); MATCH (n) DETACH DELETE n; //",
    "សុខ ដារា",           # Khmer
    "สมชาย รัตนพร",        # Thai
    "José Ramírez-Núñez",
    "Nguyễn Thị Hương",
]


def assert_clear_error(exc_info: pytest.ExceptionInfo[InputError], path: Path, *words: str) -> None:
    message = str(exc_info.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message, message
    for word in words:
        assert word.lower() in message.lower(), message


# --- empty and binary files -------------------------------------------------------------

@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.pdf", "empty.csv",
                                  "empty.json", "empty"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "empty")


@pytest.mark.parametrize("name, content", [
    ("blank.txt", "  \n\n\t \n"), ("blank.md", "---\ntitle: x\n---\n\n"),
    ("blank.html", "<html><head><script>var a;</script></head><body> </body></html>"),
    ("header-only.csv", "case_id,status\n"),
])
def test_whitespace_or_markup_only(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path)


@pytest.mark.parametrize("content, what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "png"),
    (bytes((i * 37 + 11) % 256 for i in range(4096)), "binary"),
    (b"\x1f\x8b\x08\x00" + bytes(range(200)), "gzip"),
])
def test_binary_file_named_txt(tmp_path, content, what):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "binary", what)


def test_pdf_named_txt_says_it_is_a_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(write_pdf(tmp_path / "real.pdf").read_bytes())
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "binary", "pdf")
    assert load_report(path, "pdf").format == "pdf"  # and the right format reads it


# --- PDFs -------------------------------------------------------------------------------

def test_scanned_pdf_without_text_layer(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    image_module = pytest.importorskip("PIL.Image")
    scan = image_module.new("L", (400, 560), color=255)
    for x in range(40, 360):  # "ink": a few dark bars, like lines of a scanned page
        for y in (80, 120, 160):
            scan.putpixel((x, y), 0)
    pdf = fpdf.FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(scan, x=10, y=10, w=180)
    path = tmp_path / "scanned.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "no text layer", "scanned", "ocr")


def test_truncated_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path)


# --- encodings --------------------------------------------------------------------------

TEXT = ("Le tribunal de Phnom Penh a condamné deux passeurs — « Société Générale de Main-d'œuvre » — "
        "pour traite des êtres humains.\n")


def test_latin1_text(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(TEXT.replace("—", "-").replace("œ", "oe").encode("latin-1"))
    report = load_report(path)
    assert "condamné deux passeurs" in report.text and "« Société Générale" in report.text


def test_windows_1252_text(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    assert load_report(path).text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_text(tmp_path, encoding):
    content = TEXT + "ឈ្មោះ: សុខ ដារា; ชื่อ: สมชาย\n"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(content.encode(encoding))  # "utf-16" writes a BOM; -le/-be do not
    report = load_report(path)
    assert report.text == content
    assert report.title is None  # the first line is a sentence of the text, not a title
    titled = tmp_path / f"titled-{encoding}.txt"
    titled.write_bytes(("Société Générale jugée\n\n" + content).encode(encoding))
    assert load_report(titled).title == "Société Générale jugée"


def test_utf16_markdown_and_csv(tmp_path):
    md = tmp_path / "utf16.md"
    md.write_bytes("# Titre\n\nLa Cour de Siem Reap a jugé **Sok Dara**.\n".encode("utf-16"))
    assert load_report(md).text == "Titre\n\nLa Cour de Siem Reap a jugé Sok Dara."
    csv_path = tmp_path / "utf16.csv"
    csv_path.write_bytes("case_id,suspect\nU-1,Nguyễn Thị Hương\n".encode("utf-16"))
    assert load_report(csv_path).case_rows[0]["suspect"] == ["Nguyễn Thị Hương"]


# --- size -------------------------------------------------------------------------------

def test_50mb_text_loads_in_reasonable_time_and_memory(tmp_path):
    path = tmp_path / "dump.txt"
    paragraph = ("The provincial police said brokers moved workers across the border at night, "
                 "and the court heard that officials were paid to look away.\n")
    size = 50 * 1024 * 1024
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Date: 2019-05-01\n")
        written = 0
        while written < size:
            fh.write(paragraph * 1000)
            written += len(paragraph) * 1000
    tracemalloc.start()
    started = time.perf_counter()
    report = load_report(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(report.text) == path.stat().st_size
    assert report.date is not None and report.date.year == 2019
    assert elapsed < 20, f"50 MB took {elapsed:.1f}s"
    assert peak < 4 * path.stat().st_size, f"peak {peak / 2**20:.0f} MiB for 50 MiB"


# --- HTML -------------------------------------------------------------------------------

def test_deeply_nested_html(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<!DOCTYPE html><html><head><title>Deep page</title></head><body>"
                    + "<div>" * 5000
                    + "<p>The Ministry of Interior said the Phnom Penh Municipal Court convicted two brokers.</p>"
                    + "</div>" * 5000 + "<footer>Copyright Deep Page</footer></body></html>",
                    encoding="utf-8")
    report = load_report(path)
    assert report.title == "Deep page"
    assert "the Phnom Penh Municipal Court convicted two brokers" in report.text
    assert "Copyright" not in report.text


def test_deeply_nested_html_without_closing_tags(tmp_path):
    path = tmp_path / "deep-open.html"
    path.write_text("<html><body>" + "<div><span>" * 5000 + "Workers were rescued in Johor by the police.",
                    encoding="utf-8")
    assert "Workers were rescued in Johor by the police." in load_report(path).text


def test_malformed_html(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><head><title>Raid</title><body><p>Unclosed <b>bold <div>The Malaysian police "
                    "<i>arrested four men in Johor after a raid on a plantation.<p>Second paragraph "
                    "without closing</table></span><script>document.write('x')", encoding="utf-8")
    report = load_report(path)
    assert "arrested four men in Johor after a raid on a plantation." in report.text
    assert "Second paragraph without closing" in report.text
    assert "document.write" not in report.text


def test_html_with_wrong_charset_declaration(tmp_path):
    path = tmp_path / "wrong-charset.html"
    path.write_bytes('<html><head><meta charset="utf-8"><title>Tribunal</title></head><body><p>'
                     'Le tribunal a condamné les passeurs après une enquête de la police.</p></body></html>'
                     .encode("latin-1"))
    assert "condamné les passeurs" in load_report(path).text


# --- CSV / JSON case records ------------------------------------------------------------

def test_csv_missing_required_column_names_it(tmp_path):
    path = tmp_path / "no-id.csv"
    path.write_text("Year,Status,Court\n2019,convicted,Phnom Penh Municipal Court\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "missing required column", "case_id", "'Year', 'Status', 'Court'")


def test_csv_extra_columns_and_ragged_rows(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Case ID,Status,Internal note,Court\n"
                    "R-1,arrested,keep out,Kampot Provincial Court,surplus cell\n"
                    "R-2,rescued\n", encoding="utf-8")
    rows = load_report(path).case_rows
    assert [r["case_id"] for r in rows] == ["R-1", "R-2"]
    assert rows[0]["tried_by"] == ["Kampot Provincial Court"] and rows[1]["tried_by"] == []
    assert all("keep out" not in json.dumps(r) and "surplus" not in json.dumps(r) for r in rows)


@pytest.mark.parametrize("content, words", [
    ("case_id,status\nX-1,under the weather\n", ["line 2", "status", "under the weather", "convicted"]),
    ("case_id,victims\nX-1,seven\n", ["line 2", "victims", "not a number"]),
    ("case_id,date\nX-1,yesterday\n", ["line 2", "date", "not a date"]),
    ("case_id,status\nX-1,arrested\nX-1,convicted\n", ["line 3", "duplicate", "X-1"]),
    ("case_id,status\n,arrested\n", ["line 2", "empty case_id"]),
    ("Case ID,Case No.\n1,2\n", ["both map to case_id"]),
])
def test_csv_bad_values_are_named(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, *words)


@pytest.mark.parametrize("content, words", [
    ('[{"case_id": "J-1",}]', ["malformed json", "line 1"]),
    ('{"something": 1}', ["no list of cases"]),
    ('[1, 2]', ["case 1", "not an object"]),
])
def test_bad_json(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, *words)


def test_bad_jsonl_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"case_id": "L-1"}\n{"case_id": \n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(path)
    assert_clear_error(exc, path, "line 2", "malformed json")


# --- awkward names survive loading intact -------------------------------------------------

def test_awkward_names_survive_text_markdown_and_html(tmp_path):
    sentence = "Witnesses named " + ", ".join(AWKWARD_NAMES) + " in court."
    txt = tmp_path / "names.txt"
    txt.write_text(sentence + "\n", encoding="utf-8")
    md = tmp_path / "names.md"
    md.write_text(f"# Names\n\n{sentence.replace('`', chr(92) + '`')}\n", encoding="utf-8")
    page = tmp_path / "names.html"
    escaped = sentence.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    page.write_text(f"<html><head><title>Names</title></head><body><article><p>{escaped}</p>"
                    f"<p>{escaped}</p></article></body></html>", encoding="utf-8")
    for path in (txt, md, page):
        text = load_report(path).text
        for name in AWKWARD_NAMES:
            assert name in text, (path.name, name)


def test_awkward_names_survive_case_records(tmp_path):
    path = tmp_path / "names.csv"
    cell = "\n".join(n.replace('"', '""') for n in AWKWARD_NAMES)  # a multi-line spreadsheet cell
    path.write_text(f'case_id,suspect,court\nN-1,"{cell}","Tribunal de {AWKWARD_NAMES[6]}"\n', encoding="utf-8")
    report = load_report(path)
    assert report.case_rows[0]["suspect"] == AWKWARD_NAMES
    record = extract_case_rows(report)
    assert [a.name for a in record.actors if a.type == "Person"] == AWKWARD_NAMES
    assert record.cases[0].people == AWKWARD_NAMES
    assert f"Tribunal de {AWKWARD_NAMES[6]}" in record.cases[0].agencies
    jsonl = tmp_path / "names.jsonl"
    jsonl.write_text(json.dumps({"case_id": "N-2", "victim": AWKWARD_NAMES}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    assert load_report(jsonl).case_rows[0]["victim"] == AWKWARD_NAMES


# --- reports with nothing to extract ---------------------------------------------------------

def test_report_with_no_actors_loads(tmp_path):
    path = tmp_path / "weather.txt"
    path.write_text("Rain is expected across the region this week.\n", encoding="utf-8")
    report = load_report(path)
    assert report.text.startswith("Rain is expected")
    cases = tmp_path / "bare.csv"
    cases.write_text("case_id,year,status\nB-1,2019,reported\n", encoding="utf-8")
    record = extract_case_rows(load_report(cases))
    assert record.actors == []
    assert [(c.id, c.year, c.status, c.agencies, c.people) for c in record.cases] == [("B-1", 2019, "reported", [], [])]
