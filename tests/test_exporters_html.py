"""The HTML view: self-contained, escapes hostile names, and draws nodes in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from .exporter_fixtures import HOSTILE_NAME, iri, sample_subgraph
from graph.exporters import html_view

BACKGROUND = (0xFB, 0xFB, 0xF8)  # the canvas background in the page's CSS


def test_page_is_self_contained(tmp_path):
    path = tmp_path / "v.html"
    html_view.write(sample_subgraph(), path)
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert "default-src 'none'" in page  # the page may not fetch anything


def test_hostile_names_cannot_break_out_of_the_data_block(tmp_path):
    path = tmp_path / "v.html"
    html_view.write(sample_subgraph(), path, title="<b>Report</b>")
    page = path.read_text(encoding="utf-8")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<script>alert(1)" not in page
    assert "<title>&lt;b&gt;Report&lt;/b&gt;</title>" in page
    data = html_view.read_view_data(path)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    assert names[iri("person/hostile")] == HOSTILE_NAME
    assert names[iri("org/mol")] == "Ministry of Labour and Vocational Training"
    # the script inserts strings with textContent only
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page


def test_view_data_carries_edges_and_evidence():
    data = html_view.view_data(sample_subgraph())
    gap = next(e for e in data["edges"] if e["type"] == "HAS_GAP")
    assert data["nodes"][gap["s"]]["id"] == iri("org/police")
    assert gap["props"]["evidence"][0].startswith("Officers rarely")


def _chromium() -> str | None:
    return next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(b)), None)


def _png_rgb_rows(path: Path) -> tuple[int, int, list[bytes], int]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) into raw rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], (prev[i - channels] if i >= channels else 0)
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium)")
def test_headless_chromium_draws_the_nodes(tmp_path):
    page, shot = tmp_path / "v.html", tmp_path / "shot.png"
    html_view.write(sample_subgraph(), page)
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={shot}", "--window-size=1200,800", "--virtual-time-budget=3000",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 0
    width, height, rows, channels = _png_rgb_rows(shot)
    assert (width, height) == (1200, 800)
    # the graph area is the left part (the side panel is 320px); count coloured node pixels there
    from graph.exporters.html_view import label_colours  # one fixed colour per label (.grass)

    palette = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in label_colours().values()}
    non_background = coloured = 0
    colours_seen = set()
    for y, row in enumerate(rows):
        # skip the legend box in the top-left corner: its swatches share the node colours
        for x in range((160 if y < 240 else 0) * channels, (width - 320) * channels, channels):
            px = tuple(row[x:x + 3])
            if px != BACKGROUND:
                non_background += 1
            if px in palette:
                coloured += 1
                colours_seen.add(px)
    assert non_background > 5000, "the page looks blank"
    assert coloured > 1500, "too few node pixels: nodes were not drawn"
    assert len(colours_seen) >= 8, "nodes should be coloured by label"


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium)")
def test_selected_node_shows_properties_and_evidence_escaped(tmp_path):
    from urllib.parse import quote

    page = tmp_path / "v.html"
    html_view.write(sample_subgraph(), page)
    for node_id, expected in ((iri("org/police"), "Officers rarely screened workers for indicators."),
                              (iri("person/hostile"), "He called it a")):
        url = f"{page.as_uri()}#node={quote(node_id, safe='')}"
        dom = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                              "--virtual-time-budget=2000", url],
                             check=True, capture_output=True, timeout=120, text=True).stdout
        details = dom[dom.index('<div id="details">'):]
        assert expected in details
        assert "Relationships (" in details
    # the hostile name was rendered as text: escaped in the DOM, no injected element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in details
    assert "<script>alert(1)" not in dom
