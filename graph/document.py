"""The document model between loaders and extraction: a report's text as typed blocks.

Analysts read a report by its parts: the body (headings, paragraphs, list items, tables,
captions) carries the facts; page headers and footers, tables of contents, footnotes,
endnotes, reference lists and source credits only say where things came from. Extraction must
read the first kind and skip the second, so every loader's text goes through one segmentation,
:func:`segment`, which gives each line a kind and groups lines into :class:`Block` s with their
page and character offsets.

Pages are separated by form feeds (``\\f``), as in text dumps of PDFs and as the PDF loader
writes them, so a ``.txt`` made from a PDF and the PDF itself give the same blocks. A form
feed may sit inside a line ("running header\\fREFERENCES"): it still ends the page there.

Rules (each covers a family of layouts, not one file):

- *page_header* / *page_footer*: among the first and last two lines of each page, a line that
  recurs (digits masked) on at least 30% of the pages (min. 2), so odd- and even-page variants
  both go; page-number lines there;
- *references*: from a "References" / "Endnotes" / "Bibliography" heading in the last 70% of
  the text to its end;
- *endnote* / *footnote*: numbered entries ("12.  Source. Title. URL") that look like
  citations (a URL, "accessed", "[source on file]", "E-mail communication" …), in runs
  (endnotes) or alone (footnotes); an unmarked entry between two of them belongs to the run;
- *toc*: dot leaders followed by a page number, and a "Contents" heading;
- *source_credit*: "Source:", "Sources for …:", "Photo:", "Credit:" lines;
- *caption*: "Table 3.", "Figure 1:", "Box 2" …; *list_item*: bullets and "1." / "(a)";
  *table*: rows written ``cell | cell`` or with wide gaps between cells; *heading*: a short
  line without end punctuation standing alone; *paragraph*: the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["Block", "BLOCK_KINDS", "SKIP_KINDS", "segment", "line_kinds", "split_lines", "clean_text",
           "normalise_ligatures", "Line", "looks_like_citation"]

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table", "caption", "footnote", "endnote",
               "references", "page_header", "page_footer", "toc", "source_credit")
# blocks that say where facts came from, not what the facts are: extraction skips them
SKIP_KINDS = frozenset({"footnote", "endnote", "references", "page_header", "page_footer", "toc",
                        "source_credit"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # keeps \t \n \f \r
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
_LONE_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—])\s*$", re.I)
_REFERENCES = re.compile(r"^\s*(?:references|endnotes|notes|bibliography|works cited|notes and references"
                         r"|sources)\s*$", re.I)
_ENTRY = re.compile(r"^\s*(\d{1,3})\.?\s{1,4}(?=\S)")
_ENDS_ENTRY = re.compile(r"[.)\]]\s*$")
_CITATION_CUE = re.compile(r"https?://|www\.|\baccessed\b|\bretrieved\b|\[source on file\]|e-?mail communication"
                           r"|\breporting,|\binterview with\b|\.pdf\b|\bet al\.|\bop\. cit\b|\bibid\b", re.I)
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$")
_CONTENTS = re.compile(r"^\s*(?:table of )?contents\s*$", re.I)
_CREDIT = re.compile(r"^\s*(?:sources?(?:\s+for\s[^:]{1,80})?|photo(?:graph)?s?|image|credits?|"
                     r"source url)\s*:", re.I)
_CAPTION = re.compile(r"^\s*(?:table|figure|fig\.|chart|map|box|graph|exhibit)\s+[0-9IVX]{1,4}[a-z]?\s*[.:\-–]?\s",
                      re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[•●▪◦■□➢►*–-]|\(?[a-z]\)|\(?\d{1,2}[.)])\s+\S")
_TABLE_ROW = re.compile(r"\S(?: {3,}|\t+| \| )\S")
_END_PUNCT = re.compile(r"[.!?:;,\"”)]\s*$")
_EDGE_LINES = 2
_RUNNING_SHARE = 0.3
_MIN_PART = 20  # masked characters a part of a running line needs to count as one
_MAX_CAPTION = 160
_MAX_HEADING = 90
_MAX_CELL = 60
_SHORT_HEADING = 50
_DANGLING = re.compile(r"\b(?:and|of|for|the|on|in|to|against|a|an|with|by|&)$", re.I)


class Line(NamedTuple):   # a tuple: a long report has tens of thousands of lines
    """One line of the text: ``start``/``end`` offsets in the segmented text, 1-based page."""

    text: str
    start: int
    end: int
    page: int


@dataclass(frozen=True)
class Block:
    """A typed part of a document. ``rows`` holds a table's cells (``header`` the first row's
    cells when they are column headers); ``start``/``end`` are offsets in the report text."""

    kind: str
    text: str
    page: int
    start: int
    end: int
    rows: tuple[tuple[str, ...], ...] = field(default=())
    header: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "page": self.page, "start": self.start, "end": self.end, "text": self.text}
        if self.rows:
            out["rows"] = [list(r) for r in self.rows]
        return out


def clean_text(text: str) -> str:
    """Text without control characters (form feeds and line breaks stay) and with typographic
    ligatures (ﬁ, ﬃ …) spelled out by NFKC.

    >>> clean_text("of\\x00ficial \\ufb01ndings\\fnext")
    'of ficial findings\\x0cnext'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalise_ligatures(_CONTROL.sub(" ", text))


def normalise_ligatures(text: str) -> str:
    """NFKC for the Latin ligature block only (the rest of NFKC would also rewrite ², ½ …)."""
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def looks_like_citation(text: str) -> bool:
    """A numbered entry, a reference-list heading, or text that cites a source (URL,
    "accessed", "[source on file]" …).

    >>> looks_like_citation("12.  Harbour Watch. Boats. http://harbour.example"), looks_like_citation("Yes")
    (True, False)
    """
    return bool(_ENTRY.match(text) or _REFERENCES.match(text) or _CITATION_CUE.search(text))


def split_lines(text: str) -> list[Line]:
    """The lines of ``text``, a form feed ending both its line and its page."""
    lines: list[Line] = []
    page, pos = 1, 0
    if "\f" not in text:  # the common case, without a regex over every character
        for part in text.split("\n"):
            lines.append(Line(part, pos, pos + len(part), 1))
            pos += len(part) + 1
        return lines
    for m in re.finditer(r"[\n\f]", text):
        lines.append(Line(text[pos:m.start()], pos, m.start(), page))
        if m.group(0) == "\f":
            page += 1
        pos = m.end()
    lines.append(Line(text[pos:], pos, len(text), page))
    return lines


def line_kinds(lines: list[Line]) -> list[str]:
    """The kind of each line (see the module docstring for the rules)."""
    kinds = ["paragraph"] * len(lines)
    _mark_furniture(lines, kinds)
    _mark_references(lines, kinds)
    _mark_entries(lines, kinds)
    for i, ln in enumerate(lines):
        if kinds[i] != "paragraph":
            continue
        s = ln.text.strip()
        if not s:
            kinds[i] = "blank"
        elif (s[-1].isdigit() and _TOC_LEADER.search(s)) or _CONTENTS.match(s):  # a leader ends in a page number
            kinds[i] = "toc"
        elif _CREDIT.match(s):
            kinds[i] = "source_credit"
        elif _CAPTION.match(s) and len(s) <= _MAX_CAPTION:
            kinds[i] = "caption"
        elif _LIST_ITEM.match(s):
            kinds[i] = "list_item"
        elif _is_table_row(s) or (" | " in s and any(
                " | " in lines[j].text and kinds[j] in {"paragraph", "table"} for j in (i - 1, i + 1)
                if 0 <= j < len(lines))):
            kinds[i] = "table"  # short cells; or long ones in a run of rows
    _continue_blocks(lines, kinds)
    for i, ln in enumerate(lines):
        if kinds[i] == "paragraph" and _is_heading(lines, kinds, i):
            kinds[i] = "heading"
    return kinds


def segment(text: str) -> list[Block]:
    """The blocks of a report's text (see the module docstring).

    >>> [b.kind for b in segment("Annual Review\\n\\nThe police opened 4 cases.\\n\\n1\\fAnnual Review\\n"
    ...                          "\\nThe court heard them.\\n\\n2\\fAnnual Review\\fREFERENCES\\n1.  Police. "
    ...                          "Report. https://police.example/r.pdf")]
    ['page_header', 'paragraph', 'page_footer', 'page_header', 'paragraph', 'page_footer', 'page_header', 'references']
    """
    lines = split_lines(text)
    kinds = line_kinds(lines)
    blocks: list[Block] = []
    group: list[int] = []

    def flush() -> None:
        if group:
            blocks.append(_block(lines, kinds, group))
            group.clear()

    for i, ln in enumerate(lines):
        kind = kinds[i]
        if kind == "blank":
            flush()
            continue
        if group:
            prev = group[-1]
            same = kinds[prev] == kind and lines[prev].page == ln.page
            new_entry = kind in {"list_item", "endnote", "footnote"} and _starts_item(ln.text, kind)
            if not same or new_entry or kind in {"heading", "caption", "page_header", "page_footer"}:
                flush()
        group.append(i)
    flush()
    return blocks


# --- helpers ---------------------------------------------------------------------------

def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _pages(lines: list[Line]) -> list[list[int]]:
    pages: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        pages.setdefault(ln.page, []).append(i)
    return list(pages.values())


def _mark_furniture(lines: list[Line], kinds: list[str]) -> None:
    pages = _pages(lines)
    if len(pages) < 2:  # one page: only an explicit "Page 1 of 1" / "- 1 -" at its edges
        filled = [i for i in pages[0] if lines[i].text.strip()] if pages else []
        for i in set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]):
            if _LONE_PAGE_NUMBER.match(lines[i].text):
                kinds[i] = "page_footer" if i in filled[-_EDGE_LINES:] else "page_header"
        return
    edges: list[tuple[list[int], list[int]]] = []
    counts: Counter[str] = Counter()
    for idx in pages:
        filled = [i for i in idx if lines[i].text.strip()]
        top, bottom = filled[:_EDGE_LINES], filled[-_EDGE_LINES:]
        edges.append((top, bottom))
        counts.update({_mask(lines[i].text) for i in top + bottom})
    threshold = max(2, round(_RUNNING_SHARE * len(pages)))
    running = {m for m, n in counts.items() if n >= threshold and m}

    def furniture(i: int) -> bool:  # a running line, a page number, or a part of a running line
        m = _mask(lines[i].text)
        return m in running or bool(_PAGE_NUMBER.match(lines[i].text)) or (
            len(m) >= _MIN_PART and any(m in r for r in running))

    for top, bottom in edges:
        for i in bottom:
            if furniture(i):
                kinds[i] = "page_footer"
        for i in top:
            if furniture(i):
                kinds[i] = "page_header"


def _mark_references(lines: list[Line], kinds: list[str]) -> None:
    total = lines[-1].end if lines else 0
    for i, ln in enumerate(lines):
        if ln.start > total * 0.3 and kinds[i] == "paragraph" and _REFERENCES.match(ln.text):
            for j in range(i, len(lines)):
                if kinds[j] == "paragraph" and lines[j].text.strip():
                    kinds[j] = "references"
            return


def _mark_entries(lines: list[Line], kinds: list[str]) -> None:
    """Numbered citation entries: each entry runs until the next numbered line, or a blank line
    or page break after a line that ends a sentence (an entry wrapped mid-sentence goes on)."""
    entries: list[tuple[int, list[int]]] = []  # (number, line indexes)
    current: list[int] | None = None
    for i, ln in enumerate(lines):
        if kinds[i] in {"page_header", "page_footer"}:
            continue
        s = ln.text.strip()
        if kinds[i] != "paragraph" or (current is not None and not s
                                       and _ENDS_ENTRY.search(lines[current[-1]].text)):
            current = None
            continue
        m = _ENTRY.match(ln.text)
        if m:
            current = [i]
            entries.append((int(m.group(1)), current))
        elif current is not None and s:
            current.append(i)
    flagged = [any(_CITATION_CUE.search(lines[i].text) for i in idx) for _, idx in entries]
    n = len(entries)
    cites = [flagged[k] or (0 < k < n - 1 and flagged[k - 1] and flagged[k + 1]
                            and entries[k - 1][0] < entries[k][0] < entries[k + 1][0]) for k in range(n)]
    for k, (_, idx) in enumerate(entries):
        if not cites[k]:
            continue
        run = any(0 <= j < n and cites[j] for j in (k - 1, k + 1))
        for i in idx:
            if lines[i].text.strip():
                kinds[i] = "endnote" if run else "footnote"


def _is_table_row(line: str) -> bool:
    """Short cells written ``a | b`` or apart by wide gaps (a paragraph with a wide gap or a
    ``|`` somewhere is no table row)."""
    if not ("   " in line or "\t" in line or " | " in line) or not _TABLE_ROW.search(line):
        return False  # (the substring test first: most lines have no gap at all)
    return all(len(c) <= _MAX_CELL for c in re.split(r" {3,}|\t+| \| ", line))


def _continue_blocks(lines: list[Line], kinds: list[str]) -> None:
    """A plain line right after a list item or source credit (no blank line between) goes on
    with it: wrapped text of the same item."""
    for i in range(1, len(lines)):
        prev = kinds[i - 1]
        if kinds[i] == "paragraph" and prev in {"source_credit", "list_item"} and lines[i].text.strip():
            if prev == "list_item" and _END_PUNCT.search(lines[i - 1].text) and lines[i].text.strip()[:1].isupper():
                continue
            kinds[i] = prev


def _is_heading(lines: list[Line], kinds: list[str], i: int) -> bool:
    s = lines[i].text.strip()
    if len(s) > _MAX_HEADING or _END_PUNCT.search(s) or not s[:1].isalpha() and not re.match(r"^[IVX]+\.", s):
        return False
    before = kinds[i - 1] if i else "blank"
    after = kinds[i + 1] if i + 1 < len(lines) else "blank"
    if before not in {"blank", "page_header", "page_footer"} and lines[i - 1].page == lines[i].page:
        return False
    if after in {"blank", "page_footer"}:
        return True
    # a short line over a paragraph, with no blank line between ("Prosecution" / "Prosecutors …")
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return (len(s) <= _SHORT_HEADING and nxt[:1].isupper() and len(nxt) >= 2 * len(s)
            and after == "paragraph" and not _DANGLING.search(s) and s[:1].isupper())


def _starts_item(text: str, kind: str) -> bool:
    return bool(_ENTRY.match(text) if kind in {"endnote", "footnote"} else _LIST_ITEM.match(text))


def _block(lines: list[Line], kinds: list[str], group: list[int]) -> Block:
    first, last = lines[group[0]], lines[group[-1]]
    kind = kinds[group[0]]
    texts = [lines[i].text.strip() for i in group]
    rows: tuple[tuple[str, ...], ...] = ()
    if kind == "table":
        rows = tuple(tuple(c.strip() for c in re.split(r" {3,}|\t+| \| ", t) if c.strip()) for t in texts)
        text = "\n".join(texts)
    else:
        text = _join(texts)
    return Block(kind, text, first.page, first.start, last.end, rows)


def _join(texts: list[str]) -> str:
    out = ""
    for t in texts:
        if not out:
            out = t
        elif re.search(r"[A-Za-z]-$", out) and t[:1].islower():
            out = out[:-1] + t  # "inves-" + "tigations"
        else:
            out += " " + t
    return out
