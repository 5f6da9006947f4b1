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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..document import clean_text, line_kinds, split_lines
from ..errors import InputError
from ..report import Report
from ._common import clean_value, header_metadata
from ._pdf_text import line_text, page_text
from .metadata import choose_title, text_date, title_year

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "pages_to_text", "line_text"]

log = logging.getLogger(__name__)

NAME = "pdf"
EXTENSIONS = (".pdf",)

_MIN_TEXT_CHARS = 20  # fewer non-space characters than this in the whole file: no text layer
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


# --- helpers ---------------------------------------------------------------------------

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
