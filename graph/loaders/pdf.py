"""PDF reports: the text layer as paragraphs, with metadata from the document info.

pypdf reads the text layer in layout mode, which keeps the vertical gaps between
paragraphs and the column alignment of tables. Then:

- lines that repeat at the top or bottom of most pages (running headers and footers,
  compared with digits masked) and page-number lines are dropped;
- a word hyphenated across a line break is rejoined, and the lines of a paragraph are
  joined with spaces;
- a line whose cells are separated by wide gaps is a table row and stays one line,
  written ``cell | cell | cell``.

A PDF without a text layer (a scan) is an :class:`InputError`: OCR is out of scope.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from ..report import Report
from ._common import clean_value, header_metadata, parse_date

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "pages_to_text"]

log = logging.getLogger(__name__)

NAME = "pdf"
EXTENSIONS = (".pdf",)

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
_TABLE_GAP = re.compile(r"\S(?: {3,}|\t+)\S")
_CELL_SPLIT = re.compile(r" {3,}|\t+")
_EDGE_LINES = 2  # how many lines at the top/bottom of a page may be running headers/footers
_MIN_TEXT_CHARS = 20  # fewer non-space characters than this in the whole file: no text layer
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', "’", ")")


def sniff(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-")


def load(path: Path) -> Report:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF (needs a password)", path=str(path))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        info = reader.metadata or {}
        xmp_publisher = _xmp_publisher(reader)
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError) as exc:
        # pypdf reports damaged files through a spread of exception types
        raise InputError(f"damaged or unreadable PDF: {exc}", path=str(path)) from exc
    if not pages:
        raise InputError("PDF has no pages", path=str(path))
    text = pages_to_text(pages)
    if sum(not ch.isspace() for ch in text) < _MIN_TEXT_CHARS:
        raise InputError(f"PDF has no text layer ({len(pages)} page(s) of images, probably "
                         "scanned); run OCR first", path=str(path))
    header = header_metadata(text)
    return Report(
        path=str(path), text=text, format=NAME,
        title=_title(info.get("/Title")) or header.title,
        publisher=xmp_publisher or clean_value(info.get("/Publisher")) or header.publisher,
        date=parse_date(info.get("/CreationDate")) or header.date,
        author=clean_value(info.get("/Author")) or header.author,
        url=clean_value(info.get("/URL")) or header.url,
    )


def pages_to_text(pages: list[str]) -> str:
    """Paragraph text from the layout text of each page (see the module docstring).

    >>> pages_to_text(["Annual Review\\nThe police opened inves-\\ntigations in Poipet.\\n\\n1",
    ...                "Annual Review\\nThe court heard two cases.\\n\\n2"])
    'The police opened investigations in Poipet.\\n\\nThe court heard two cases.'
    """
    page_lines = [[ln.rstrip() for ln in page.split("\n")] for page in pages]
    running = _running_lines(page_lines)
    kept: list[str] = []
    for lines in page_lines:
        edges = _edge_indexes(lines)
        for i, line in enumerate(lines):
            if i in edges and (_PAGE_NUMBER.match(line) or _mask(line) in running):
                continue
            kept.append(line)
        kept.append("")  # a page break ends a paragraph only if the text says so; see below
    return _paragraphs(kept)


# --- helpers ---------------------------------------------------------------------------

def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Masked lines found in the top/bottom lines of at least half the pages (min. 2)."""
    if len(page_lines) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_mask(lines[i]) for i in _edge_indexes(lines)})
    threshold = max(2, (len(page_lines) + 1) // 2)
    return {line for line, n in counts.items() if n >= threshold and line}


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _paragraphs(lines: list[str]) -> str:
    """Join broken lines into paragraphs; blank lines separate paragraphs, table rows stand alone."""
    widths = sorted(len(ln.strip()) for ln in lines if ln.strip() and not _TABLE_GAP.search(ln.strip()))
    full_width = widths[int(len(widths) * 0.8)] if widths else 0  # a typical full line
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current and (current.endswith(_SENTENCE_END) or len(current) < 0.6 * full_width):
                paragraphs.append(current)
                current = ""
            continue  # a blank line mid-sentence is a page break inside a paragraph
        if _TABLE_GAP.search(line):
            if current:
                paragraphs.append(current)
                current = ""
            row = " | ".join(cell.strip() for cell in _CELL_SPLIT.split(line))
            if paragraphs and " | " in paragraphs[-1] and not paragraphs[-1].endswith(_SENTENCE_END):
                paragraphs[-1] += "\n" + row  # keep a table's rows together
            else:
                paragraphs.append(row)
            continue
        if not current:
            current = line
        elif re.search(r"[A-Za-z]-$", current) and line[:1].islower():
            current = current[:-1] + line  # "inves-" + "tigations"
        else:
            current += " " + line
        if full_width and len(line) < 0.6 * full_width and line.endswith(_SENTENCE_END):
            paragraphs.append(current)  # a short line ending a sentence ends its paragraph
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _title(value: object) -> str | None:
    title = clean_value(value)
    # word processors fill /Title with the file name; that is no title
    if not title or re.search(r"\.(docx?|pdf|indd|rtf|odt)$", title, re.I) or title.lower().startswith(
            ("microsoft word -", "untitled")):
        return None
    return title


def _xmp_publisher(reader: object) -> str | None:
    try:
        xmp = reader.xmp_metadata  # type: ignore[attr-defined]
        publishers = xmp.dc_publisher if xmp is not None else None
    except Exception as exc:  # malformed XMP must not cost us the text; the info dict remains
        log.debug("unreadable XMP metadata: %s", exc)
        return None
    return clean_value("; ".join(publishers)) if publishers else None
