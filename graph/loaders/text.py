"""Plain-text reports (news articles, copied web pages, text dumps).

Reads a leading header block when present (``Date:``, ``Source:``, ``By ... | date | outlet``),
decodes UTF-8 / UTF-16 (BOM) / Latin-1, and rejects binary content.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..report import Report

NAME = "text"
EXTENSIONS = (".txt", ".text")

_DATE_LINE = re.compile(r"^\s*(?:Date|Published|Posted)\s*:\s*(\d{4})-(\d{2})-(\d{2})", re.I | re.M)
_SOURCE_LINE = re.compile(r"^\s*(?:Source URL|Source|URL)\s*:\s*(https?://\S+)", re.I | re.M)
_BYLINE = re.compile(r"^\s*By ([^|\n]+?)\s*\|\s*(\d{4})-(\d{2})-(\d{2})\s*\|\s*([^\n]+?)\s*$", re.M)


def sniff(head: bytes) -> bool:
    return b"\x00" not in head.lstrip(b"\xff\xfe\xfe\xff")


def decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if b"\x00" in raw[:4096]:
        raise InputError("binary content, not a text report", path=str(path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load(path: Path) -> Report:
    text = decode(path.read_bytes(), path)
    return parse_text(text, path=str(path), fmt=NAME)


def parse_text(text: str, *, path: str, fmt: str) -> Report:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty report", path=path)
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip()), None)
    published: date | None = None
    author = publisher = None
    if m := _DATE_LINE.search(text[:2000]):
        published = _safe_date(*m.groups())
    if m := _BYLINE.search(text[:2000]):
        author, publisher = m.group(1).strip(), m.group(5).strip()
        published = published or _safe_date(m.group(2), m.group(3), m.group(4))
    url = m.group(1) if (m := _SOURCE_LINE.search(text)) else None
    return Report(path=path, text=text, format=fmt, title=title, publisher=publisher,
                  date=published, author=author, url=url)


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None
