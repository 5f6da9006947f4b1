"""Helpers the loaders share: byte decoding, binary detection, date parsing, header metadata.

Private to ``graph.loaders``; each loader module stays one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError

__all__ = ["decode_text", "looks_binary", "parse_date", "HeaderMeta", "header_metadata", "clean_value"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# control characters that never occur in text (tab, newline, CR, form feed and ESC-free)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SAMPLE = 8192
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def looks_binary(head: bytes) -> bool:
    """True when ``head`` is not text in any encoding we read (NULs or many control bytes)."""
    if head.startswith(tuple(bom for bom, _ in _BOMS)) or _utf16_without_bom(head):
        return False
    sample = head[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return bool(sample) and controls / len(sample) > 0.01


def decode_text(raw: bytes, path: Path | str) -> str:
    """Decode a text file: BOM (UTF-8/UTF-16), BOM-less UTF-16, UTF-8, else Latin-1.

    Raises :class:`InputError` on binary content, since Latin-1 decodes anything and would
    otherwise turn an image or archive into a page of noise.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec if codec != "utf-8" else "utf-8-sig")
    if (codec := _utf16_without_bom(raw[:_SAMPLE])):
        return raw.decode(codec)
    if looks_binary(raw[:_SAMPLE]):
        raise InputError(f"binary content ({_describe_magic(raw)}), not a text report", path=str(path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _is_cp1252(raw):
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def parse_date(value: object) -> date | None:
    """A date from ISO strings (``2019-03-14``, ``2019-03-14T08:00``), PDF dates
    (``D:20190314…``), ``14/03/2019``, ``14 March 2019``, a bare year is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if m := re.match(r"^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", text):
        return _safe_date(*m.groups())
    if m := re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", text):
        return _safe_date(m.group(3), m.group(2), m.group(1))  # day first, as in SE Asia
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class HeaderMeta:
    title: str | None = None
    date: date | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None


_DATE_LINE = re.compile(r"^\s*(?:Date|Published|Posted)\s*:\s*(\S[^\n]*)$", re.I | re.M)
_SOURCE_LINE = re.compile(r"^\s*(?:Source URL|Source|URL|Link)\s*:\s*<?(https?://[^\s>]+)", re.I | re.M)
_BYLINE = re.compile(r"^\s*By ([^|\n]+?)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*([^\n]+?)\s*$", re.M)
_AUTHOR_LINE = re.compile(r"^\s*(?:Author|By)\s*:\s*([^\n]+?)\s*$", re.I | re.M)
_PUBLISHER_LINE = re.compile(r"^\s*(?:Publisher|Outlet)\s*:\s*([^\n]+?)\s*$", re.I | re.M)
_HEAD_CHARS = 3000
_TITLE_CHARS = 300


def header_metadata(text: str) -> HeaderMeta:
    """Metadata from a leading header block (``Date:``, ``Source:``, ``By … | date | outlet``).

    Looks only at the start of the text, and at the end for a ``Source:`` line, so a 50 MB
    dump costs no more than a short article.
    """
    head = text[:_HEAD_CHARS]
    title = next((ln.strip()[:_TITLE_CHARS] for ln in head.split("\n") if ln.strip()), None)
    published = parse_date(m.group(1)) if (m := _DATE_LINE.search(head)) else None
    author = m.group(1).strip() if (m := _AUTHOR_LINE.search(head)) else None
    publisher = m.group(1).strip() if (m := _PUBLISHER_LINE.search(head)) else None
    if m := _BYLINE.search(head):
        author, publisher = m.group(1).strip(), m.group(3).strip()
        published = published or parse_date(m.group(2))
    m = _SOURCE_LINE.search(head) or _SOURCE_LINE.search(text[-_HEAD_CHARS:])
    return HeaderMeta(title=title, date=published, author=author, publisher=publisher,
                      url=m.group(1) if m else None)


def clean_value(value: object) -> str | None:
    """A metadata value as a stripped one-line string without control characters, or None
    when empty.

    >>> clean_value("  Annual\\x00 Review\\n 2031 "), clean_value("\\x07")
    ('Annual Review 2031', None)
    """
    if value is None:
        return None
    text = " ".join(_CONTROL_CHARS.sub(" ", str(value)).split())
    return text or None


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (ASCII-range UTF-16 text)."""
    sample = head[:1024]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    # Latin-script UTF-16 has a NUL high byte on most characters, on one side only
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _is_cp1252(raw: bytes) -> bool:
    # bytes 0x80-0x9f are C1 controls in Latin-1 but curly quotes/dashes in Windows-1252
    return any(0x80 <= b <= 0x9F for b in raw[:_SAMPLE])


_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"PK\x03\x04": "a ZIP/Office file", b"\x1f\x8b": "gzip data", b"GIF8": "a GIF image",
          b"\x7fELF": "an executable"}


def _describe_magic(raw: bytes) -> str:
    return next((what for magic, what in _MAGIC.items() if raw.startswith(magic)), "unknown binary data")
