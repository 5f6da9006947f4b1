"""From a report's raw text to clean sentences: boilerplate lines, reference lists and citation
markers go; wrapped lines are joined; the text is split into sentences.

The splitter is a few precompiled regular expressions, so that extraction stays faster than a
bare spaCy sentencizer pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer

__all__ = ["Sentence", "Document", "prepare", "strip_citations"]

_MOJIBAKE = str.maketrans({"\u00a0": " ", "\u00c2": "", "\u200b": "", "\ufeff": "", "\u2013": "-",
                          "\u2014": " - ", "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u00ad": ""})
_REFERENCES = re.compile(r"^\s*(references|endnotes|bibliography|works cited|notes and references)\s*$",
                         re.I | re.M)
_HEADER = re.compile(r"^\s*(date|published|posted|source url|url)\s*:", re.I)
_CITATION = re.compile(r"\s?\((?:\d{1,3}(?:\s?[-–]\s?\d{1,3})?)(?:,\s*\d{1,3}(?:\s?[-–]\s?\d{1,3})?)*\)")
_END_PUNCT = re.compile(r"[.!?:;\"”)]\s*$")
_BOUNDARY = re.compile(r"([.!?]|\.\.\.)([\"”')\]]*)\s+(?=[\"“'(\[]?[A-Z0-9])")
_DANGLING = re.compile(r"\b(?:and|of|for|the|on|in|to|against|&)$|\w['’]s$")  # "Women and Children's" | "Service Unit"
_LINK_START = re.compile(r"(?:Against|Of|And|&)\s")  # a wrapped title-case name's second line
_SEMI_BOUNDARY = re.compile(r"\s+\|\s+")
_ABBREV = frozenset("""mr mrs ms dr gen lt col maj capt sgt st no nos jan feb mar apr jun jul aug sep sept oct
nov dec co inc ltd corp dept gov govt sen rep vs etc e.g i.e u.s u.n u.k pol maj.gen brig fig art arts
sec approx est jr sr prof op ed vol pp""".split())


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    para: int


@dataclass
class Document:
    sentences: list[Sentence]
    lines: list[str]          # cleaned raw lines of the body (for tables)
    dropped: list[str]        # boilerplate lines (for meta: publisher, author)
    title: str | None


def _clean_chars(raw: str) -> str:
    """``raw.translate(_MOJIBAKE)``, by ``str.replace`` of the characters present (much faster than
    ``translate`` with a dict on long texts)."""
    for ch, rep in _MOJIBAKE.items():
        c = chr(ch)
        if c in raw:
            raw = raw.replace(c, rep or "")
    return raw


def strip_citations(text: str) -> str:
    """Drop bracketed reference numbers like ``(20, 44, 70)`` that reports put after claims."""
    return _CITATION.sub("", text)


def prepare(raw: str, gaz: Gazetteer) -> Document:
    text = _clean_chars(raw).replace("\r\n", "\n").replace("\r", "\n")
    if m := _REFERENCES.search(text):
        if m.start() > len(text) * 0.3:  # a heading near the end starts the reference list
            text = text[:m.start()]
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip()), None)
    kept: list[str] = []
    dropped: list[str] = []
    for ln in lines:
        if _HEADER.match(ln) or gaz.is_boilerplate(ln):
            dropped.append(ln.strip())
            kept.append("")  # keeps paragraph breaks where a dropped line was
        else:
            kept.append(ln.rstrip())
    paragraphs = _paragraphs(kept)
    sentences: list[Sentence] = []
    for p_index, para in enumerate(paragraphs):
        for s in split_sentences(strip_citations(para)):
            sentences.append(Sentence(len(sentences), s, p_index))
    return Document(sentences=sentences, lines=kept, dropped=dropped, title=title)


def _paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines; a blank line, or a short line without end punctuation followed by a
    capitalised line (a heading or table cell), ends a paragraph."""
    out: list[str] = []
    buf = ""
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            if buf:
                out.append(buf)
            buf = ""
            continue
        if buf:
            if buf.endswith("-") and s[:1].isalpha() and not buf.endswith(" -"):
                buf = buf + s
            else:
                buf = buf + " " + s
        else:
            buf = s
        nxt = next((x.strip() for x in lines[i + 1:i + 2]), "")
        if not nxt:
            continue
        ends = bool(_END_PUNCT.search(s)) and not s.endswith(";")  # a list goes on after ';'
        if ends and (nxt[:1].isupper() or nxt[:1] in "\"“'"):
            out.append(buf)
            buf = ""
        elif not ends and len(s) < 50 and nxt[:1].isupper() and not s.endswith(("-", ",")) \
                and not _DANGLING.search(s) and not _LINK_START.match(nxt):
            # "Ministry of Labour, Invalids and" | "National Commission" + "Against Child Labor" go on
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


def split_sentences(para: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(para):
        end = m.end(2)
        prev = para[start:m.start() + 1].rsplit(None, 1)
        word = prev[-1].lower().rstrip(".").lstrip("(\"“'") if prev else ""
        if m.group(1) == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
            continue
        piece = para[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = para[start:].strip()
    if tail:
        out.append(tail)
    return [p for part in out for q in _SEMI_BOUNDARY.split(part) for p in _split_long(q) if p.strip()]


_LONG = 400
_CLAUSE_SEMI = re.compile(r";\s+(?=[a-z]+ ?[a-z]*:|[A-Za-z])")


def _split_long(sentence: str) -> list[str]:
    """A "sentence" of more than ``_LONG`` characters (a Factbook entry, a run-on list) is cut at
    its semicolons, so evidence stays readable and a cue stays in the clause of its subject."""
    if len(sentence) <= _LONG or ";" not in sentence:
        return [sentence]
    return [p.strip() for p in _CLAUSE_SEMI.split(sentence) if p.strip()]
