"""PDF layouts of real reports, on fixtures written with fpdf2 (tests/fixtures/loaders/
layout_pdfs.py): two text columns keep their reading order, a table with a wrapped cell comes
back as rows, odd and even running headers and page numbers go, a superscript marker does not
glue onto its figure, an endnote section on its own page is read as references, and
pdfminer's warnings become one log line per file."""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path

import pytest

from graph.extract import extract
from graph.loaders import load_report

_spec = importlib.util.spec_from_file_location(
    "layout_pdfs", Path(__file__).parent / "fixtures" / "loaders" / "layout_pdfs.py")
layout_pdfs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(layout_pdfs)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return load_report(layout_pdfs.write_layout_pdf(tmp_path_factory.mktemp("pdf") / "nordland-2031.pdf"))


def test_two_columns_are_read_column_by_column(report):
    paragraphs = [b.text for b in report.blocks if b.kind == "paragraph" and b.page == 1]
    assert paragraphs[0] == " ".join(layout_pdfs.LEFT[:4])
    assert paragraphs[1] == " ".join(layout_pdfs.LEFT[5:])
    assert paragraphs[2] == " ".join(layout_pdfs.RIGHT[:3])
    assert paragraphs[3] == " ".join(layout_pdfs.RIGHT[4:])


def test_table_with_a_wrapped_cell_comes_back_as_rows(report):
    table = next(b for b in report.blocks if b.kind == "table")
    assert [tuple(" ".join(c.split()) for c in row) for row in table.rows] == list(layout_pdfs.TABLE)
    assert table.page == 2


def test_odd_and_even_running_headers_and_page_numbers_go(report):
    for header in layout_pdfs.HEADERS[1:]:
        assert header not in report.text
    assert all(b.kind not in {"page_header", "page_footer"} for b in report.blocks)
    assert "\n2\n" not in report.text and "\n3\n" not in report.text


def test_superscript_marker_is_not_glued_to_the_figure(report):
    record = extract(report)
    values = {s.value for s in record.statistics}
    assert 400 in values and 30.2 not in values
    assert "30.2" not in " ".join(b.text for b in report.blocks)


def test_endnotes_on_their_own_page_are_references_and_give_no_actor(report):
    refs = [b for b in report.blocks if b.kind in {"references", "endnote"}]
    assert refs and refs[0].page == 4 and refs[0].text.startswith("ENDNOTES")
    record = extract(report)
    names = {a.name for a in record.actors}
    assert not names & {"Human Rights Watch", "Save the Children"}
    assert all(s.year != 2030 for s in record.statistics)


def test_metadata_title_and_year_without_creation_date(report):
    assert report.title and "ENDNOTES" not in report.title
    assert report.date is None  # fpdf2 stamps a creation date; it is not the publication date
    assert report.year == 2031


def test_pdf_reader_warnings_become_one_log_line(tmp_path, caplog, capfd):
    path = layout_pdfs.write_layout_pdf(tmp_path / "warn.pdf", compress=False)
    data = re.sub(rb"(?m)^[0-9.]+ w$", b"/Odd w", path.read_bytes())  # line widths no reader can parse
    assert data != path.read_bytes()
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING):
        report = load_report(path)
    ours = [r for r in caplog.records if r.name == "graph.loaders.pdf"]
    theirs = [r for r in caplog.records if r.name.startswith(("pdfminer", "pypdfium2"))]
    assert len(ours) <= 1 and not theirs
    assert all("warn.pdf" in r.getMessage() and "warning(s)" in r.getMessage() for r in ours)
    assert capfd.readouterr().err == ""  # nothing raw on stderr
    assert "Coastal Shelter Network" in report.text  # the text is still read


def test_warnings_of_the_layout_library_are_collected_into_one_line(tmp_path, caplog, capfd):
    from graph.loaders.pdf import _pdf_warnings

    with caplog.at_level(logging.WARNING):
        with _pdf_warnings(tmp_path / "odd.pdf"):
            for n in range(5):
                logging.getLogger("pdfminer.pdfinterp").warning("Cannot set line width %d", n)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["odd.pdf: 5 PDF reader warning(s), e.g. Cannot set line width 0"]
    assert capfd.readouterr().err == ""


def test_encrypted_pdf_needs_a_password_unless_only_an_owner_password_is_set(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    from graph.errors import InputError

    for name, user in (("locked.pdf", "secret"), ("open.pdf", None)):
        pdf = fpdf.FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.cell(0, 6, "The Harbour Police rescued 12 children in Port Vell in 2031.")
        pdf.set_encryption(owner_password="owner", user_password=user)
        pdf.output(str(tmp_path / name))
    with pytest.raises(InputError, match="encrypted PDF"):
        load_report(tmp_path / "locked.pdf")
    assert "rescued 12 children" in load_report(tmp_path / "open.pdf").text
