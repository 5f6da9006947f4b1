"""PDF reports: the text layer in reading order, page by page: characters and paths read by
PDFium (pypdfium2), laid out by pdfminer.six's layout analysis (:mod:`._pdf_pages`).

Chosen by measurement (README, "Dependencies and why"): on the three Dept of Labor PDFs scored
against their gold, pdfminer's layout analysis (text boxes ordered across columns) gives the
same F1 as the text versions, where pypdf, pdfplumber and pypdfium2's own text lose 0.1–0.3 to
columns read line by line across the page and interleaved table cells; feeding it PDFium's
characters keeps that at about pypdf's speed.

The loader writes the pages separated by form feeds, exactly as a text dump of the PDF, so
the one segmentation of :mod:`graph.document` finds the same blocks in both; it removes the
page headers and footers that segmentation finds (running lines of odd and even pages, page
numbers), keeping a blank line in their place. On the way:

- a superscript footnote marker after a word or number ("age of 30.²") is written as a
  citation marker ``(2)``, which extraction drops, so it never glues onto the figure
  ("30.2");
- ligatures (ﬁ, ﬄ) are spelled out (NFKC) and control characters dropped;
- the readers' warnings about a damaged or odd file become one ``logging`` line per file,
  never raw stderr.

A PDF without a text layer (a scan) is an :class:`InputError`: OCR is out of scope. So are
encrypted PDFs that need a password, and damaged files.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..document import clean_text, line_kinds, looks_like_citation, segment, split_lines
from ..errors import InputError
from ..report import Report
from ._common import clean_value, header_metadata
from .metadata import choose_title, text_date, title_year

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "pages_to_text", "line_text"]

log = logging.getLogger(__name__)

NAME = "pdf"
EXTENSIONS = (".pdf",)

_MIN_TEXT_CHARS = 20  # fewer non-space characters than this in the whole file: no text layer
_SUPERSCRIPT = 0.8     # a digit this much smaller than its line's text is a footnote marker
_FURNITURE = frozenset({"page_header", "page_footer"})


def sniff(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-")


def load(path: Path) -> Report:
    from pdfminer.psexceptions import PSException

    from ._pdf_pages import PdfReadError, layout_pages

    try:
        with _pdf_warnings(path):
            info = _info(path)
            pages = [page_text(page) for page in layout_pages(path)]
    except InputError:
        raise
    except PdfReadError as exc:
        if exc.encrypted:
            raise InputError("encrypted PDF (needs a password)", path=str(path)) from exc
        raise InputError(f"damaged or unreadable PDF: {exc}", path=str(path)) from exc
    except PSException as exc:
        if type(exc).__name__ in {"PDFPasswordIncorrect", "PDFEncryptionError"}:
            raise InputError("encrypted PDF (needs a password)", path=str(path)) from exc
        raise InputError(f"damaged or unreadable PDF: {exc or type(exc).__name__}", path=str(path)) from exc
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RecursionError, ZeroDivisionError) as exc:
        # pdfminer reports damaged files through a spread of exception types
        raise InputError(f"damaged or unreadable PDF: {exc or type(exc).__name__}", path=str(path)) from exc
    if not pages:
        raise InputError("PDF has no pages", path=str(path))
    text = pages_to_text(pages)
    if sum(not ch.isspace() for ch in text) < _MIN_TEXT_CHARS:
        raise InputError(f"PDF has no text layer ({len(pages)} page(s) of images, probably "
                         "scanned); run OCR first", path=str(path))
    header = header_metadata(text)
    meta_title = clean_value(info.get("Title"))
    # the first page's top lines count for the title even when they recur as running headers
    title = choose_title(meta_title, clean_text("\f".join(pages)), allow_running=True)
    published = text_date(text) or header.date
    return Report(
        path=str(path), text=text, format=NAME, title=title,
        publisher=clean_value(info.get("Publisher")) or header.publisher,
        date=published,  # never /CreationDate: when the file was made, not when the report was
        author=clean_value(info.get("Author")) or header.author,
        url=clean_value(info.get("URL")) or header.url,
        stated_year=None if published else title_year(title),
    )


def pages_to_text(pages: list[str]) -> str:
    """The pages as one text, separated by form feeds, without page headers and footers.

    >>> pages_to_text(["Annual Review\\nThe police opened inves-\\ntigations.\\n1",
    ...                "Annual Review\\nThe court heard two cases.\\n2"])
    '\\nThe police opened inves-\\ntigations.\\n\\x0c\\nThe court heard two cases.\\n'
    """
    text = clean_text("\f".join(p.rstrip("\n") for p in pages))
    lines = split_lines(text)
    kinds = line_kinds(lines)
    return "".join(("" if kind in _FURNITURE else ln.text) + text[ln.end:ln.end + 1]
                   for ln, kind in zip(lines, kinds))


def page_text(page) -> str:
    """One page's text as pdfminer's text converter writes it (text boxes in reading order,
    a blank line after each box), with four repairs:

    - superscript markers written as citations (:func:`line_text`);
    - a box that goes on with the sentence of the box before it (same left edge, the next line
      down, no sentence end between) joins it, so loose line spacing does not cut paragraphs;
    - text inside drawn table cells (two or more rows of cell rectangles) is a table: written
      one row per line, ``cell | cell``, a wrapped cell as one cell; pdfminer alone would
      merge a column's cells into one box and read the table column by column;
    - boxes of at most a few lines standing side by side in two or more aligned rows (a table
      without drawn cells) are a table too.
    """
    from pdfminer.layout import LTContainer, LTText, LTTextBox

    items = list(page) if isinstance(page, LTContainer) else []
    boxes = [o for o in items if isinstance(o, LTTextBox)]
    grids, owner = _grid_tables(items, boxes)
    free = [b for b in boxes if not any(id(line) in owner for line in b)]
    tables = _tables(free)
    member = {id(b): t for t, rows in enumerate(tables) for row in rows for b in row}
    out: list[str] = []
    written: set[tuple[str, int]] = set()
    prev = None
    for item in items:
        if isinstance(item, LTTextBox):
            t = member.get(id(item))
            if t is not None:
                if ("box", t) not in written:
                    written.add(("box", t))
                    out.append("\n".join(" | ".join(_box_text(b, " ") for b in row) for row in tables[t]) + "\n\n")
                prev = None
                continue
            lines = [line for line in item if id(line) not in owner]
            for g in dict.fromkeys(owner[id(line)] for line in item if id(line) in owner):
                if ("grid", g) not in written:
                    written.add(("grid", g))
                    out.append("\n".join(" | ".join(row) for row in grids[g]) + "\n\n")
                prev = None
            if not lines:
                continue
            text = _lines_text(lines, "\n") + "\n"
            if prev is not None and _continues(prev, item) and out and out[-1] == "\n":
                out[-1] = ""  # no blank line: the same paragraph goes on
            out.append(text)
            out.append("\n")
            prev = item if len(lines) == len(item._objs) else None
        elif isinstance(item, LTContainer):
            out.append(_render(item))
        elif isinstance(item, LTText):
            out.append(item.get_text())
    return "".join(out)


def line_text(line) -> str:
    """A text line with superscript digits (smaller than the line's text, after a character)
    written as ``(N)``."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]
    if len(chars) < 3:
        return line.get_text()
    size = statistics.median(c.size for c in chars)
    out: list[str] = []
    marker: list[str] = []
    for item in line:
        text = item.get_text()
        small = (isinstance(item, LTChar) and text.isascii() and text.isdigit() and item.size < _SUPERSCRIPT * size
                 and (marker or (out and out[-1].strip())))
        if small:
            marker.append(text)
            continue
        if marker:
            out.append(f"({''.join(marker)})")
            marker = []
        out.append(text)
    if marker:
        out.append(f"({''.join(marker)})")
    return "".join(out)


# --- helpers ---------------------------------------------------------------------------

_MAX_CELL_LINES = 3     # a table cell box has at most this many lines
_SHORT_CELL = 25        # characters
_ROW_GAP = 40           # points between two runs of rows with the same columns: one table
_MAX_RECTS = 1500       # more rectangles than this on a page: a drawing, not a table grid
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', ")")


def _render(item) -> str:
    from pdfminer.layout import LTContainer, LTText, LTTextLine

    if isinstance(item, LTTextLine):
        return line_text(item)
    if isinstance(item, LTContainer):
        return "".join(_render(child) for child in item)
    return item.get_text() if isinstance(item, LTText) else ""


def _box_text(box, joiner: str) -> str:
    return _lines_text(list(box), joiner)


def _lines_text(objs: list, joiner: str) -> str:
    lines = [line_text(line).strip() for line in objs]
    lines = [ln for ln in lines if ln]
    if joiner == "\n":
        return "\n".join(lines)
    out = ""
    for ln in lines:  # a wrapped cell: one cell, hyphenation repaired
        if out.endswith("-") and ln[:1].isalpha():  # "inves-" "tigations"; "Anti-" "Human"
            out = out[:-1] + ln if ln[:1].islower() else out + ln
        else:
            out = out + " " + ln if out else ln
    return out


def _grid_tables(items: list, boxes: list) -> tuple[list[list[list[str]]], dict[int, int]]:
    """Tables drawn as cell rectangles: each text line goes to the smallest rectangle holding
    it; cells with the same top edge are a row; rows that touch are a table (two or more rows,
    one of them with two or more cells). Returns the tables (rows of cell texts) and, for each
    line placed in one, the table's index."""
    from pdfminer.layout import LTRect

    rects = [r for r in items if isinstance(r, LTRect) and r.width > 6 and r.height > 6]
    if len(rects) < 4 or len(rects) > _MAX_RECTS:
        return [], {}
    cells: dict[int, list] = {}
    for box in boxes:
        for line in box:
            cy = (line.y0 + line.y1) / 2
            best = None
            for k, r in enumerate(rects):
                if r.x0 - 2 <= line.x0 and line.x1 <= r.x1 + 2 and r.y0 - 1 <= cy <= r.y1 + 1 and (
                        best is None or r.width * r.height < rects[best].width * rects[best].height):
                    best = k
            if best is not None:
                cells.setdefault(best, []).append(line)
    rows: list[list[int]] = []
    for k in sorted(cells, key=lambda k: (-rects[k].y1, rects[k].x0)):
        for row in rows:
            if abs(rects[row[0]].y1 - rects[k].y1) <= 2:
                row.append(k)
                break
        else:
            rows.append([k])
    groups: list[list[list[int]]] = []
    for row in rows:
        top = rects[row[0]].y1
        if groups and (any(abs(rects[c].y0 - top) <= 3 for c in groups[-1][-1]) or (
                min(rects[c].y0 for c in groups[-1][-1]) - top <= _ROW_GAP
                and _aligned(sorted(round(rects[c].x0) for c in row),
                             sorted(round(rects[c].x0) for c in groups[-1][-1])))):
            groups[-1].append(row)
        else:
            groups.append([row])
    tables: list[list[list[str]]] = []
    owner: dict[int, int] = {}
    for group in groups:
        if len(group) < 2 or not any(len(row) >= 2 for row in group):
            continue
        index = len(tables)
        tables.append([[_lines_text(sorted(cells[c], key=lambda ln: -ln.y1), " ") for c in sorted(row, key=lambda c: rects[c].x0)]
                       for row in group])
        for row in group:
            for c in row:
                owner.update((id(line), index) for line in cells[c])
    return tables, owner


def _continues(prev, box) -> bool:
    last = prev.get_text().rstrip()
    height = max(1.0, prev.height / max(1, len(prev)))
    return (abs(prev.x0 - box.x0) < 3 and 0 <= prev.y0 - box.y1 < 1.5 * height
            and not last.endswith(_SENTENCE_END) and bool(box.get_text().strip()))


def _tables(boxes: list) -> list[list[list]]:
    """Rows of small boxes side by side; two or more rows in a vertical run with the same
    column edges make a table (rows top to bottom, cells left to right)."""
    small = [b for b in boxes if len(b) <= _MAX_CELL_LINES and b.get_text().strip()]
    rows: list[list] = []
    for b in sorted(small, key=lambda b: -b.y1):
        for row in rows:
            ref = row[0]
            overlap = min(ref.y1, b.y1) - max(ref.y0, b.y0)
            if overlap > 0.5 * min(ref.height, b.height) and all(b.x1 <= o.x0 or b.x0 >= o.x1 for o in row):
                row.append(b)
                break
        else:
            rows.append([b])
    rows = [sorted(r, key=lambda b: b.x0) for r in rows if len(r) >= 2]
    tables: list[list[list]] = []
    for row in sorted(rows, key=lambda r: -max(b.y1 for b in r)):
        edges = [round(b.x0) for b in row]
        if tables and _aligned(edges, [round(b.x0) for b in tables[-1][-1]]):
            tables[-1].append(row)
        else:
            tables.append([row])
    return [t for t in tables if len(t) >= 2 and _looks_tabular(t)]


def _looks_tabular(rows: list[list]) -> bool:
    """Most cells short, and nothing of a reference list (two columns of endnotes also stand
    side by side in aligned rows)."""
    cells = [b.get_text().strip() for row in rows for b in row]
    short = sum(len(c) <= _SHORT_CELL for c in cells)
    citing = any(looks_like_citation(c) for c in cells)
    return short >= 0.5 * len(cells) and not citing


def _aligned(a: list[int], b: list[int]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 4 for x, y in zip(a, b))


def _info(path: Path) -> dict[str, str]:
    """The document information dictionary (Title, Author …) and XMP's dc:publisher, as text."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with path.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        out: dict[str, str] = {}
        for info in doc.info:
            for key, value in info.items():
                value = resolve1(value)
                if isinstance(value, bytes):
                    value = _decode_pdf_string(value)
                if isinstance(value, str):
                    out.setdefault(key, value)
        publisher = _xmp_publisher(doc)
        if publisher:
            out["Publisher"] = publisher
        return out


def _decode_pdf_string(value: bytes) -> str:
    if value.startswith((b"\xfe\xff", b"\xff\xfe")):
        return value.decode("utf-16", errors="replace")
    from pdfminer.utils import decode_text

    return decode_text(value)


def _xmp_publisher(doc) -> str | None:
    import re

    from pdfminer.pdftypes import resolve1

    try:
        stream = resolve1(doc.catalog.get("Metadata"))
        data = stream.get_data().decode("utf-8", errors="replace") if stream is not None else ""
    except Exception as exc:  # malformed XMP must not cost us the text; the info dict remains
        log.debug("unreadable XMP metadata: %s", exc)
        return None
    m = re.search(r"<dc:publisher>(.*?)</dc:publisher>", data, re.S)
    names = re.findall(r"<rdf:li[^>]*>([^<]+)</rdf:li>", m.group(1)) if m else []
    return clean_value("; ".join(names)) if names else None


@contextmanager
def _pdf_warnings(path: Path) -> Iterator[None]:
    """pdfminer's warnings while reading ``path`` as one log line, not one stderr line each."""
    caught: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record.getMessage())

    logger = logging.getLogger("pdfminer")
    handler = _Collect(level=logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
        if caught:
            first = " ".join(caught[0].split())[:160]
            log.warning("%s: %d PDF reader warning(s), e.g. %s", path.name, len(caught), first)
