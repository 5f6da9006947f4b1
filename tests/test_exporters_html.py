"""The HTML view: self-contained, escapes hostile names, and draws nodes in headless Chromium."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from .conftest import tipgraph_in_process
from .exporter_fixtures import HOSTILE_NAME, iri, sample_subgraph
from graph.exporters import html_view
from graph.subgraph import Subgraph

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


# --- layout: force-directed, seeded, labels that never overlap ---------------------------------

def _busy_subgraph(agencies: int = 60) -> Subgraph:
    """A fictional hub-and-spoke network with long names: a ministry, ``agencies`` agencies that
    share a handful of gaps, two officials per tenth agency, and a few isolated reports."""
    from .exporter_fixtures import node, rel

    nodes = [node("org/hub", ("Actor", "Agency", "Ministry"), "Ministry of Imaginary Affairs and Invented Labour")]
    rels = []
    gaps = ["Weak victim identification", "Slow referral to shelters", "No interpreters at the border",
            "Unpaid labour inspectors", "Case files lost between provinces"]
    for g, name in enumerate(gaps):
        nodes.append(node(f"gap/{g}", ("Gap",), name))
    for a in range(agencies):
        kind = ("Committee", "LawEnforcement", "GovernmentBody", "Court")[a % 4]
        nodes.append(node(f"org/{a}", ("Actor", "Agency", kind),
                          f"Provincial Office {a} of the {'Northern ' * (a % 3)}Fictional District Taskforce"))
        rels.append(rel("PART_OF", f"org/{a}", "org/hub"))
        rels.append(rel("HAS_GAP", f"org/{a}", f"gap/{a % len(gaps)}"))
        if a % 10 == 0:
            for p in range(2):
                nodes.append(node(f"person/{a}-{p}", ("Actor", "Person"), f"Made-up Official {a}-{p}"))
                rels.append(rel("HOLDS_POSITION", f"person/{a}-{p}", f"org/{a}", title="Director"))
    for r in range(4):
        nodes.append(node(f"report/{r}", ("Report",), f"Fictional report {2030 + r}"))
    return Subgraph.of(nodes, rels)


def test_layout_is_computed_offline_and_deterministic(tmp_path):
    first, second = html_view.render(_busy_subgraph()), html_view.render(_busy_subgraph())
    assert first == second, "the same subgraph must give the same page"
    data = html_view.view_data(_busy_subgraph())
    assert all(isinstance(d["x"], float) and isinstance(d["y"], float) for d in data["nodes"])
    # the footprints (disc plus estimated label) of the laid-out nodes do not overlap
    boxes = [(d["r"] + 2.0, d["r"] + 5.0 + html_view._text_width(d["label"]) + 2.0, max(d["r"], 8) + 2.0)
             for d in data["nodes"]]
    assert html_view._overlapping([[d["x"], d["y"]] for d in data["nodes"]], boxes) == 0
    # connected nodes sit closer than unconnected ones on average (it is a force layout)
    import math
    pos = [(d["x"], d["y"]) for d in data["nodes"]]
    linked = [math.dist(pos[e["s"]], pos[e["t"]]) for e in data["edges"]]
    everyone = [math.dist(pos[i], pos[j]) for i in range(0, len(pos), 3) for j in range(1, len(pos), 7) if i != j]
    assert sum(linked) / len(linked) < 0.6 * sum(everyone) / len(everyone)
    assert html_view.label_text("x" * 300).endswith("…") and len(html_view.label_text("x" * 300)) == 48


def _layout_report(page: Path, tmp_path: Path, size: str = "1200,800") -> dict:
    """The page's own account of where the browser put each label and node, after layout."""
    import json

    dom = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--no-first-run", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                          f"--window-size={size}", "--virtual-time-budget=3000", "--dump-dom",
                          f"{page.as_uri()}#layout-report"],
                         check=True, capture_output=True, timeout=120, text=True).stdout
    found = re.search(r'<pre id="layout-report">(.*?)</pre>', dom, re.S)
    assert found, "the page wrote no layout report"
    return json.loads(html.unescape(found.group(1)))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _assert_readable(report: dict) -> None:
    labels = report["labels"]
    for i, one in enumerate(labels):
        box = one["box"]
        assert box[2] - box[0] > 10 and box[3] - box[1] >= 12, one
        stage = report["stage"]
        assert stage[0] <= box[0] and box[2] <= stage[2] and stage[1] <= box[1] and box[3] <= stage[3], one
        assert not _overlap(box, report["legend"]), f"{one['text']!r} is under the legend"
        for other in labels[i + 1:]:
            assert not _overlap(box, other["box"]), f"labels overlap: {one['text']!r} and {other['text']!r}"
        for n, disc in enumerate(report["nodes"]):
            assert not _overlap(box, disc), f"label {one['text']!r} covers node {n}"


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium)")
def test_headless_chromium_shows_every_label_of_a_small_view_without_overlap(tmp_path):
    page = tmp_path / "v.html"
    html_view.write(sample_subgraph(), page)
    report = _layout_report(page, tmp_path)
    _assert_readable(report)
    assert report["hidden"] == 0 and len(report["labels"]) == len(sample_subgraph().nodes)
    texts = {one["text"] for one in report["labels"]}
    assert "Ministry of Labour and Vocational Training" in texts
    assert any(t.startswith('`Bobby"})') and t.endswith("…") for t in texts)  # cut, and as text


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium)")
def test_headless_chromium_busy_view_labels_never_overlap(tmp_path):
    page = tmp_path / "busy.html"
    sg = _busy_subgraph()
    html_view.write(sg, page)
    report = _layout_report(page, tmp_path)
    _assert_readable(report)
    # most labels fit at the first zoom; the rest wait for a zoom in, never drawn on top
    assert len(report["labels"]) + report["hidden"] == len(sg.nodes)
    # (82 nodes with names of up to 48 characters in an 880 x 657 canvas: about a third fit)
    assert len(report["labels"]) >= len(sg.nodes) // 4, (len(report["labels"]), report["hidden"])
    # a small window: fewer labels, still none overlapping
    small = _layout_report(page, tmp_path, size="700,500")
    _assert_readable(small)
    assert 0 < len(small["labels"]) <= len(report["labels"])


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium)")
def test_html_export_from_the_real_graph_is_readable(clean_db, neo4j_settings, tmp_path):
    """The example reports through the real Neo4j and `tipgraph export --format html`: an
    actor's network and the whole graph, both laid out with no two labels overlapping."""
    import os
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "TIPGRAPH_HOME": str(tmp_path / "home")}
    tipgraph = str(Path(sys.executable).parent / "tipgraph")

    def run(*args: str) -> None:
        proc = subprocess.run([tipgraph, *args], env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr

    run("ingest", str(root / "examples" / "reports"), str(root / "examples" / "cases"))
    ego, whole = tmp_path / "ego.html", tmp_path / "all.html"
    run("export", "--format", "html", "-o", str(ego), "--actor", "Ministry of Social Affairs", "--hops", "2")
    tipgraph_in_process(env)("export", "--format", "html", "-o", str(whole))  # the same main(), one start-up less
    for page in (ego, whole):
        data = html_view.read_view_data(page)
        assert len(data["nodes"]) >= 5 and all("x" in d and "y" in d for d in data["nodes"])
        colours = html_view.label_colours()
        assert all(data["colours"][k] == colours[k] for k in data["colours"])
        report = _layout_report(page, tmp_path)
        _assert_readable(report)
        assert len(report["labels"]) >= min(len(data["nodes"]), 15), (page.name, len(report["labels"]))
