"""Plain-text reports (news articles, copied web pages, text dumps).

Reads a leading header block when present (``Date:``, ``Source:``, ``By ... | date | outlet``),
decodes UTF-8 / UTF-16 (with or without BOM) / Windows-1252 / Latin-1, and rejects binary
content with a message that says what the file looks like.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..report import Report
from ..document import clean_text
from ._common import decode_text, header_metadata, looks_binary
from .metadata import choose_title, text_date

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "decode", "parse_text"]

NAME = "text"
EXTENSIONS = (".txt", ".text")


def sniff(head: bytes) -> bool:
    return not looks_binary(head)


def decode(raw: bytes, path: Path | str) -> str:
    """Bytes of a text file as str; :class:`InputError` for binary content."""
    return decode_text(raw, path)


def load(path: Path) -> Report:
    return parse_text(decode(path.read_bytes(), path), path=str(path), fmt=NAME)


def parse_text(text: str, *, path: str, fmt: str) -> Report:
    """A :class:`Report` from decoded text; title and date by the rules of
    :mod:`graph.loaders.metadata` (a first paragraph or a copyright line is neither)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise InputError("empty report (no text)", path=path)
    meta = header_metadata(text)
    title = choose_title(None, clean_text(text), allow_running=True, site_name=meta.publisher)
    return Report(path=path, text=text, format=fmt, title=title, publisher=meta.publisher,
                  date=meta.date or text_date(text), author=meta.author, url=meta.url)
