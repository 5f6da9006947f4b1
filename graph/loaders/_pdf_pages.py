"""PDF pages as pdfminer layouts, from characters and paths that PDFium reads.

Why two libraries: pdfminer.six's layout analysis (characters → lines → boxes → reading order
across columns) is what reads report layouts well, but its pure-Python content parser makes
loading 2–3× slower than pypdf's plain text. PDFium (pypdfium2) parses the page in C and
gives each character with its box and each path with its points; handing those to pdfminer's
analysis keeps its reading order at about pypdf's speed (``scripts/bench_pdf``).

Private to :mod:`graph.loaders.pdf`.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

__all__ = ["layout_pages", "PdfReadError"]


class PdfReadError(Exception):
    """PDFium could not open or read the file (damaged, or encrypted when ``encrypted``)."""

    def __init__(self, message: str, *, encrypted: bool = False) -> None:
        super().__init__(message)
        self.encrypted = encrypted


def layout_pages(path: Path) -> list:
    """One analysed :class:`pdfminer.layout.LTPage` per page: text boxes in reading order,
    and a rectangle for each closed subpath (table cells, rules)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from pdfminer.layout import LAParams, LTPage, LTRect

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfReadError(str(exc), encrypted="password" in str(exc).lower()) from exc
    laparams = LAParams()
    pages = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            layout = LTPage(index + 1, (0, 0, width, height))
            textpage = page.get_textpage()
            for char in _chars(textpage.raw, raw):
                layout.add(char)
            textpage.close()
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,)):
                for box in _subpath_boxes(obj, raw):
                    layout.add(LTRect(0, box))
            page.close()
            layout.analyze(laparams)
            pages.append(layout)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(str(exc)) from exc
    finally:
        doc.close()
    return pages


# --- helpers ---------------------------------------------------------------------------

def _char_class():
    from pdfminer.layout import LTChar, LTComponent

    class _Char(LTChar):
        """A character as pdfminer's layout analysis needs it (box, text, size), without the
        font machinery of pdfminer's own interpreter."""

        def __init__(self, bbox: tuple[float, float, float, float], text: str) -> None:
            LTComponent.__init__(self, bbox)
            self._text = text
            self.size = bbox[3] - bbox[1]
            self.fontname = ""
            self.upright = True
            self.adv = bbox[2] - bbox[0]
            self.matrix = (1, 0, 0, 1, bbox[0], bbox[1])
            self.ncs = None
            self.graphicstate = None

    return _Char


_CHAR = None


def _chars(textpage, raw):
    global _CHAR
    if _CHAR is None:
        _CHAR = _char_class()
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    for k in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, k) == 1:
            continue  # spaces and line breaks PDFium infers; the layout analysis infers its own
        code = raw.FPDFText_GetUnicode(textpage, k)
        if code in (2, 0xFFFE):
            code = 0x2D  # PDFium's mark for a hyphen at a line end: the hyphen ("inves-" "tigations")
        elif code in (0, 10, 13, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        raw.FPDFText_GetLooseCharBox(textpage, k, ref)
        x0, y0 = rect.left, rect.bottom
        x1, y1 = max(rect.right, x0 + 0.1), max(rect.top, y0 + 0.1)
        yield _CHAR((x0, y0, x1, y1), chr(code))


def _subpath_boxes(obj, raw) -> list[tuple[float, float, float, float]]:
    """The bounds of each subpath of a path object in page space (one path often draws every
    cell of a table); a path inside a form keeps its overall bounds."""
    count = raw.FPDFPath_CountSegments(obj.raw)
    if count <= 5 or obj.level > 0:
        return [tuple(obj.get_bounds())]
    m = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for k in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, k)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([])
        subpaths[-1].append((m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f))
    return [(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
            for pts in subpaths]
