"""A self-contained interactive HTML view: one file, no server, no network, no CDN.

The graph is embedded as JSON in a ``<script type="application/json">`` block (with ``<``,
``>``, ``&`` and the JavaScript line separators escaped, so no name can close the block), and a
small inline script draws it on a ``<canvas>``: drag to pan, wheel to zoom, node labels, colour
by the most specific label, a legend, a name search, and a click on a node (or a link ending
``#node=<IRI>``) shows its properties and its relationships with their evidence sentences.
Every string is put into the page with ``textContent`` or drawn on the canvas, never parsed as
HTML.

**Layout** is computed here, offline and deterministically (the same subgraph gives the same
file): a force-directed layout (networkx ``spring_layout``, fixed seed) for up to 600 nodes;
above that a spectral start and a few spring iterations (up to 3,000 nodes) or the spectral
layout alone, since a full force layout of thousands of nodes takes minutes. Then each node's
footprint — its disc and its label to the right, at an estimated width — is pushed apart from
the others until none overlap, so at the first, fitted zoom of a small view every label shows.

**Labels** are text elements over the canvas, placed by the page in screen space: by degree
(most connected first), beside the node (right, left, below, above; for a node with three or more links also a
line further out), and only where they
overlap no other label, no node and not the legend; a label with no free place is hidden until
the view is zoomed in (or its node or a neighbour is selected). So no two labels ever overlap,
at any zoom. Names longer than 48 characters are cut with "…" in the label (the side panel
shows them whole). ``#layout-report`` at the end of the page's address makes the page write the
labels' and nodes' boxes, as the browser laid them out, into ``<pre id="layout-report">`` (the
layout test reads it with ``chromium --dump-dom``).

Views stay responsive up to a few thousand nodes; ``max_nodes`` (default 20000) refuses larger
subgraphs with :class:`ExportError` rather than writing a page no browser can lay out.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ..errors import ExportError
from ..subgraph import Subgraph
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read_view_data", "render", "view_data"]

NAME = "html"
EXTENSION = ".html"
DESCRIPTION = "Self-contained interactive HTML view (inline JS, opens offline)."

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


_GENERAL = ("Actor", "Agency")


def label_colours() -> dict[str, str]:
    """Each label's colour in the Neo4j Browser style (``schemas/tipgraph.grass``), so a kind
    has the same colour in every export and in the Browser."""
    import re

    from ..paths import schema_file

    grass = schema_file("tipgraph.grass").read_text(encoding="utf-8")
    return {label: colour for label, colour in
            re.findall(r"^node\.(\w+) \{[^}]*?^\s*color: (#[0-9A-Fa-f]{6});", grass, flags=re.M)}


def kind_of(labels) -> str:
    """The most specific label (``Ministry`` rather than ``Agency`` or ``Actor``)."""
    specific = [label for label in labels if label not in _GENERAL]
    return specific[0] if specific else (labels[-1] if labels else "Node")


LABEL_CHARS = 48        # longer names are cut with "…" in the label
LABEL_FONT_PX = 12      # the labels' CSS font size; the footprint estimate below assumes it
LABEL_HEIGHT_PX = 16    # the labels' CSS line box
SPRING_MAX = 600        # full force layout up to this many nodes
SPRING_SOME = 3000      # spectral start and a few spring iterations up to this many
SEED = 13


def label_text(name: str) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


def node_radius(degree: int) -> float:
    """A node's disc radius (at zoom 1) by its number of relationships; the page uses it."""
    return round(6 + min(12.0, degree ** 0.5 * 2.5), 2)


def _text_width(text: str) -> float:
    """A generous estimate of ``text``'s width at 12px in a sans-serif font (the page measures
    the real width; this only spaces the layout so that labels fit)."""
    width = 0.0
    for ch in text:
        if ch in "il.,:;'|!I()[] jft":
            width += 4.2
        elif ch in "MWmw@%":
            width += 11.5
        elif ch.isupper() or ch.isdigit():
            width += 8.6
        elif ord(ch) < 0x250:
            width += 7.2
        else:  # other scripts (Khmer, Thai …), symbols
            width += 12.5
    return width


def layout(n: int, edges: list[tuple[int, int]], labels: list[str], radii: list[float]) -> list[tuple[float, float]]:
    """Positions (in pixels at zoom 1) for ``n`` nodes: each connected component laid out by a
    seeded force-directed layout, its node-and-label footprints pushed apart until none
    overlap, and the components packed in rows, largest first. Deterministic."""
    if n == 0:
        return []
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((s, t) for s, t in edges if s != t)
    # footprint of each node: its disc, a gap, its label to the right; half-height
    boxes = [(r + 2.0, r + 5.0 + _text_width(text) + 2.0, max(r, LABEL_HEIGHT_PX / 2) + 2.0)
             for text, r in zip(labels, radii)]
    parts = []
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        members = sorted(component)
        local = _component_layout(graph.subgraph(members), members, [boxes[i] for i in members])
        left = min(x - boxes[i][0] for i, (x, _) in zip(members, local))
        top = min(y - boxes[i][2] for i, (_, y) in zip(members, local))
        right = max(x + boxes[i][1] for i, (x, _) in zip(members, local))
        bottom = max(y + boxes[i][2] for i, (_, y) in zip(members, local))
        parts.append((members, [(x - left, y - top) for x, y in local], right - left, bottom - top))
    # shelf packing: rows about as wide as the whole is tall
    margin = 24.0
    row_width = max(max(w for _, _, w, _ in parts),
                    (sum((w + margin) * (h + margin) for _, _, w, h in parts) * 1.6) ** 0.5)
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    cx = cy = row_height = 0.0
    for members, local, w, h in parts:
        if cx > 0 and cx + w > row_width:
            cx, cy, row_height = 0.0, cy + row_height + margin, 0.0
        for i, (x, y) in zip(members, local):
            positions[i] = (round(cx + x, 1), round(cy + y, 1))
        cx += w + margin
        row_height = max(row_height, h)
    return positions


def _component_layout(graph, members: list[int], boxes: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    import networkx as nx
    import numpy as np

    n = len(members)
    if n == 1:
        return [(0.0, 0.0)]
    if n <= SPRING_MAX:
        raw = nx.spring_layout(graph, seed=SEED, iterations=100)
    else:
        raw = nx.spectral_layout(graph)
        if n <= SPRING_SOME:
            raw = nx.spring_layout(graph, pos=raw, seed=SEED, iterations=max(3, int(50 * (SPRING_MAX / n) ** 2)))
    area = sum((left + right) * 2 * half for left, right, half in boxes)
    side = max(60.0, (area * 2.0) ** 0.5)
    xy = np.array([raw[i] for i in members], dtype=float)
    xy -= xy.mean(axis=0)
    extent = float(np.abs(xy).max()) or 1.0
    xy *= side / 2 / extent
    # spread the layout until few footprints overlap (pushing many apart would distort it),
    # then push the rest apart
    for _ in range(10):
        positions = [[float(x), float(y)] for x, y in xy]
        if n > SPRING_SOME or _overlapping(positions, boxes) <= max(1, n // 10):
            break
        xy *= 1.25
    _separate(positions, boxes, passes=100 if n <= 2000 else 12)
    return [(x, y) for x, y in positions]


def _overlapping(positions: list[list[float]], boxes: list[tuple[float, float, float]]) -> int:
    """How many footprints overlap another."""
    order = sorted(range(len(positions)), key=lambda i: positions[i][0] - boxes[i][0])
    widest = max(left + right for left, right, _ in boxes)
    hit = set()
    for a, i in enumerate(order):
        (xi, yi), (li, ri, hi) = positions[i], boxes[i]
        for j in order[a + 1:]:
            (xj, yj), (lj, rj, hj) = positions[j], boxes[j]
            if xj - lj - widest >= xi + ri:
                break
            if xj - lj < xi + ri and xi - li < xj + rj and abs(yi - yj) < hi + hj:
                hit.update((i, j))
    return len(hit)


def _separate(positions: list[list[float]], boxes: list[tuple[float, float, float]], *, passes: int) -> None:
    """Push overlapping footprints apart (each of a pair half the overlap, along the axis of
    least overlap), sweeping in x order, until none overlap or ``passes`` run out."""
    n = len(positions)
    widest = max(left + right for left, right, _ in boxes)
    for _ in range(passes):
        order = sorted(range(n), key=lambda i: (positions[i][0] - boxes[i][0], i))
        moved = False
        for a, i in enumerate(order):
            xi, yi = positions[i]
            li, ri, hi = boxes[i]
            for j in order[a + 1:]:
                xj, yj = positions[j]
                lj, rj, hj = boxes[j]
                if xj - lj >= xi + ri:
                    if xj - lj - widest >= xi + ri:
                        break
                    continue
                ox = min(xi + ri, xj + rj) - max(xi - li, xj - lj)
                oy = min(yi + hi, yj + hj) - max(yi - hi, yj - hj)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if oy <= ox:
                    step = oy / 2 + 0.5
                    sign = 1.0 if (yj, j) >= (yi, i) else -1.0
                    positions[i][1] -= sign * step
                    positions[j][1] += sign * step
                else:
                    step = ox / 2 + 0.5
                    sign = 1.0 if (xj, j) >= (xi, i) else -1.0
                    positions[i][0] -= sign * step
                    positions[j][0] += sign * step
                xi, yi = positions[i]
        if not moved:
            return


def view_data(subgraph: Subgraph) -> dict[str, Any]:
    index = {node_id: i for i, node_id in enumerate(subgraph.nodes)}
    nodes = [{"id": n.id, "name": n.name, "label": label_text(n.name), "labels": list(n.labels),
              "kind": kind_of(n.labels),
              "props": {k: v for k, v in n.properties.items() if k not in ("id", "name")}}
             for n in subgraph.nodes.values()]
    edges = [{"s": index[r.start], "t": index[r.end], "type": r.type, "props": r.properties}
             for r in subgraph.relationships if r.start in index and r.end in index]
    degree = [0] * len(nodes)
    for e in edges:
        degree[e["s"]] += 1
        if e["t"] != e["s"]:
            degree[e["t"]] += 1
    radii = [node_radius(d) for d in degree]
    positions = layout(len(nodes), [(e["s"], e["t"]) for e in edges], [n["label"] for n in nodes], radii)
    for node, (x, y), r in zip(nodes, positions, radii):
        node.update(x=x, y=y, r=r)
    colours = label_colours()
    kinds = sorted({node["kind"] for node in nodes})
    return {"nodes": nodes, "edges": edges, "colours": {k: colours[k] for k in kinds if k in colours}}


_SLOT = re.compile(r"%(TITLE|DATA|SCRIPT)%")


def render(subgraph: Subgraph, *, title: str = "tipgraph", max_nodes: int = 20000) -> str:
    if len(subgraph.nodes) > max_nodes:
        raise ExportError(f"{len(subgraph.nodes)} nodes is too many for an HTML view (max_nodes={max_nodes}); "
                          "export a smaller subgraph or use gexf for Gephi")
    data = json.dumps(view_data(subgraph), ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    # one pass over the template: a name containing "%SCRIPT%" inside the data is data, and
    # is never itself replaced (chained str.replace calls would splice the script into it)
    parts = {"TITLE": html.escape(title), "DATA": data, "SCRIPT": _SCRIPT}
    return _SLOT.sub(lambda m: parts[m.group(1)], _PAGE)


def write(subgraph: Subgraph, target: Target, *, title: str = "tipgraph", max_nodes: int = 20000,
          **_: Any) -> None:
    page = render(subgraph, title=title, max_nodes=max_nodes)
    with open_sink(target, binary=False) as fh:
        fh.write(page)


def read_view_data(source: Any) -> dict[str, Any]:
    """The embedded view data back from a written page (used by tests)."""
    from pathlib import Path

    text = source.read() if hasattr(source, "read") else Path(source).read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="tipgraph-data">')
    start = text.index(">", start) + 1
    end = text.index("</script>", start)
    return json.loads(text[start:end])


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>%TITLE%</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, sans-serif; color: #222; }
  body { display: flex; }
  #stage { flex: 1; position: relative; background: #fbfbf8; }
  canvas { display: block; width: 100%; height: 100%; cursor: grab; }
  #side { width: 320px; overflow: auto; border-left: 1px solid #ddd; padding: 10px; box-sizing: border-box; background: #fff; }
  #side h2 { font-size: 15px; margin: 4px 0 6px; word-break: break-word; }
  #side h3 { font-size: 13px; margin: 12px 0 4px; }
  #side table { border-collapse: collapse; width: 100%; }
  #side td { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top; word-break: break-word; }
  #side td:first-child { color: #666; white-space: nowrap; }
  .edge { margin: 6px 0; padding: 4px 6px; background: #f4f4f0; border-radius: 4px; }
  .edge .type { font-weight: 600; font-size: 11px; color: #555; }
  .evidence { margin: 3px 0 0 8px; font-style: italic; color: #444; }
  #labels { position: absolute; left: 0; top: 0; right: 0; bottom: 0; overflow: hidden; pointer-events: none; }
  #labels .lbl { position: absolute; white-space: nowrap; font: 12px/16px system-ui, sans-serif; height: 16px;
                 color: #222; text-shadow: 0 0 2px #fbfbf8, 0 0 2px #fbfbf8; }
  #labels .lbl.hot { font-weight: 600; }
  #layout-report { display: none; }
  #legend { position: absolute; left: 8px; top: 8px; background: rgba(255,255,255,.9); padding: 6px 8px; border-radius: 4px; border: 1px solid #ddd; }
  #legend div { display: flex; align-items: center; gap: 6px; }
  #legend span.swatch { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
  #search { width: 100%; box-sizing: border-box; padding: 4px; margin-bottom: 6px; }
  .hint { color: #888; }
</style>
</head>
<body>
<div id="stage"><canvas id="canvas"></canvas><div id="labels"></div><div id="legend"></div></div>
<div id="side">
  <input id="search" type="search" placeholder="Find a name…" list="names">
  <datalist id="names"></datalist>
  <div id="details"><p class="hint">Click a node to see its properties and evidence. Drag to pan, wheel to zoom (more names show as you zoom in).</p></div>
</div>
<script type="application/json" id="tipgraph-data">%DATA%</script>
<script>%SCRIPT%</script>
</body>
</html>
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tipgraph-data").textContent);
  var nodes = data.nodes, edges = data.edges, n = nodes.length;
  var canvas = document.getElementById("canvas"), ctx = canvas.getContext("2d");
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728"];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // one fixed colour per kind (the most specific label), as in the Browser style (.grass);
  // the palette only for a label the style does not know
  var kinds = [], kindColour = {}, fixed = data.colours || {}, spare = 0;
  nodes.forEach(function (d) {
    d.kind = d.kind || (d.labels.length ? d.labels[d.labels.length - 1] : "Node");
    if (!(d.kind in kindColour)) { kindColour[d.kind] = null; kinds.push(d.kind); }
  });
  kinds.sort().forEach(function (k) {
    kindColour[k] = Object.prototype.hasOwnProperty.call(fixed, k) ? fixed[k] : PALETTE[spare++ % PALETTE.length];
  });
  var legend = document.getElementById("legend");
  kinds.forEach(function (k) {
    var row = el("div"), sw = el("span", "", "swatch");
    sw.style.background = kindColour[k];
    row.appendChild(sw); row.appendChild(el("span", k)); legend.appendChild(row);
  });

  // adjacency for the details panel; positions and radii come laid out from the export
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, i) { incident[e.s].push(i); if (e.t !== e.s) incident[e.t].push(i); });
  var x = new Float64Array(n), y = new Float64Array(n);
  nodes.forEach(function (d, i) {
    x[i] = +d.x || 0; y[i] = +d.y || 0;
    d.r = +d.r || 5; d.label = d.label || d.name;
  });

  var view = { k: 1, tx: 0, ty: 0 }, selected = -1, dpr = window.devicePixelRatio || 1;
  var neighbours = new Set();

  // labels: text elements over the canvas, placed in screen space (see placeLabels)
  var labelLayer = document.getElementById("labels"), LABEL_H = 16, GAP = 3, PAD = 1;
  var FONT = "12px system-ui, sans-serif", spans = new Array(n), shown = [], widths = new Float64Array(n);
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;
  // most connected first; ties by order in the file, so placement is deterministic
  var priority = nodes.map(function (d, i) { return i; }).sort(function (a, b) {
    return incident[b].length - incident[a].length || a - b;
  });
  var MAX_LABELS = 600;

  // a disc keeps its size on screen when zooming in, and shrinks a little when zooming far out
  function radius(i) { return nodes[i].r * Math.min(1, Math.max(0.35, Math.sqrt(1.5 * view.k))); }

  function labelWidth(i) {
    if (!widths[i]) widths[i] = Math.ceil(measure.measureText(nodes[i].label).width) + 2;
    return widths[i];
  }

  function span(i) {
    var s = spans[i];
    if (!s) {
      s = spans[i] = el("div", nodes[i].label, "lbl");
      s.style.display = "none"; labelLayer.appendChild(s);
    }
    return s;
  }

  function legendBox() {
    var lg = document.getElementById("legend"), st = document.getElementById("stage").getBoundingClientRect();
    var r = lg.getBoundingClientRect();
    return { l: r.left - st.left - PAD, t: r.top - st.top - PAD, r: r.right - st.left + PAD, b: r.bottom - st.top + PAD };
  }

  function placeLabels() {
    var w = canvas.clientWidth, h = canvas.clientHeight, k = view.k;
    var CELL = 64, grid = new Map(), placed = [];
    function cells(b, fn) {
      for (var gx = Math.floor(b.l / CELL); gx <= Math.floor(b.r / CELL); gx++)
        for (var gy = Math.floor(b.t / CELL); gy <= Math.floor(b.b / CELL); gy++) {
          if (fn(gx + "," + gy) === false) return false;
        }
      return true;
    }
    function add(b) { cells(b, function (key) { var c = grid.get(key); if (!c) grid.set(key, c = []); c.push(b); }); }
    function free(b) {
      if (b.l < 0 || b.t < 0 || b.r > w || b.b > h) return false;
      return cells(b, function (key) {
        var c = grid.get(key); if (!c) return true;
        for (var q = 0; q < c.length; q++) {
          var o = c[q];
          if (o.owner !== b.owner || o.label) {
            if (b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b) return false;
          }
        }
        return true;
      });
    }
    // obstacles: every node disc on screen, and the legend
    var lg = legendBox(); lg.owner = -1; add(lg);
    for (var i = 0; i < n; i++) {
      var sx = x[i] * k + view.tx, sy = y[i] * k + view.ty, rr = radius(i);
      if (sx + rr < 0 || sy + rr < 0 || sx - rr > w || sy - rr > h) continue;
      add({ l: sx - rr, t: sy - rr, r: sx + rr, b: sy + rr, owner: i });
    }
    // a label where it overlaps nothing placed before it: right, left, below, above its node
    var want = priority.slice(), attempts = 0;
    if (selected >= 0) {
      var first = [selected].concat(Array.from(neighbours).filter(function (j) { return j !== selected; }));
      want = first.concat(want.filter(function (j) { return first.indexOf(j) < 0; }));
    }
    for (var p = 0; p < want.length && placed.length < MAX_LABELS && attempts < 4 * MAX_LABELS; p++) {
      var j = want[p], px = x[j] * k + view.tx, py = y[j] * k + view.ty, r = radius(j);
      if (px < -r || py < -r || px > w + r || py > h + r) continue;
      attempts++;
      var lw = labelWidth(j), hh = LABEL_H / 2;
      var d1 = r + GAP, d2 = r + GAP + LABEL_H;
      var spots = [[px + d1, py - hh], [px - d1 - lw, py - hh], [px - lw / 2, py + d1], [px - lw / 2, py - d1 - LABEL_H],
                   [px + d1, py - d2 - hh], [px + d1, py + d2 - hh], [px - d1 - lw, py - d2 - hh], [px - d1 - lw, py + d2 - hh],
                   [px - lw / 2, py + d2 + LABEL_H], [px - lw / 2, py - d2 - 2 * LABEL_H]];
      // the line further out only for nodes with several links (a lone node's label stays by it)
      for (var q = 0, nq = incident[j].length >= 3 ? spots.length : 4; q < nq; q++) {
        var b = { l: spots[q][0] - PAD, t: spots[q][1] - PAD, r: spots[q][0] + lw + PAD, b: spots[q][1] + LABEL_H + PAD,
                  owner: j, label: true };
        if (free(b)) { add(b); placed.push([j, spots[q][0], spots[q][1]]); break; }
      }
    }
    var now = new Set();
    placed.forEach(function (pl) {
      var s = span(pl[0]);
      s.style.left = pl[1].toFixed(1) + "px"; s.style.top = pl[2].toFixed(1) + "px";
      s.className = (pl[0] === selected || neighbours.has(pl[0])) && selected >= 0 ? "lbl hot" : "lbl";
      s.style.display = ""; now.add(pl[0]);
    });
    shown.forEach(function (j) { if (!now.has(j)) spans[j].style.display = "none"; });
    shown = Array.from(now);
  }

  function fit() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    if (!n) { view = { k: 1, tx: w / 2, ty: h / 2 }; return; }
    // the largest zoom (at most 2.5) at which every node and its label (to the right; both keep
    // their size on screen) fit in the canvas, clear of the legend
    var lg = legendBox(), left = Math.min(lg.r + 8, w / 3), margin = 16;
    var availW = w - left - margin, availH = h - 2 * margin;
    function span(k) {
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (var i = 0; i < n; i++) {
        var r = nodes[i].r, hh = Math.max(r, LABEL_H / 2);
        x0 = Math.min(x0, x[i] * k - r); x1 = Math.max(x1, x[i] * k + r + GAP + labelWidth(i));
        y0 = Math.min(y0, y[i] * k - hh); y1 = Math.max(y1, y[i] * k + hh);
      }
      return [x0, x1, y0, y1];
    }
    var lo = 0.005, hi = 2.5, b = span(hi);
    if (b[1] - b[0] > availW || b[3] - b[2] > availH) {
      for (var it = 0; it < 40; it++) {
        var mid = (lo + hi) / 2, m = span(mid);
        if (m[1] - m[0] <= availW && m[3] - m[2] <= availH) lo = mid; else hi = mid;
      }
      hi = lo; b = span(lo);
    }
    view = { k: hi, tx: left + (availW - (b[1] - b[0])) / 2 - b[0], ty: margin + (availH - (b[3] - b[2])) / 2 - b[2] };
  }

  function resize() {
    canvas.width = canvas.clientWidth * dpr; canvas.height = canvas.clientHeight * dpr;
    draw();
  }

  function draw() {
    var w = canvas.width, h = canvas.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr * view.k, 0, 0, dpr * view.k, dpr * view.tx, dpr * view.ty);
    ctx.lineWidth = 1 / view.k;
    for (var k = 0; k < edges.length; k++) {
      var e = edges[k], hot = selected >= 0 && (e.s === selected || e.t === selected);
      ctx.strokeStyle = hot ? "rgba(40,40,40,0.9)" : "rgba(120,120,120,0.35)";
      ctx.beginPath(); ctx.moveTo(x[e.s], y[e.s]); ctx.lineTo(x[e.t], y[e.t]); ctx.stroke();
      if (hot || n < 200) arrow(e);
    }
    for (var i = 0; i < n; i++) {
      var d = nodes[i];
      ctx.beginPath(); ctx.arc(x[i], y[i], radius(i) / view.k, 0, 2 * Math.PI);
      ctx.fillStyle = kindColour[d.kind]; ctx.fill();
      if (i === selected) { ctx.lineWidth = 3 / view.k; ctx.strokeStyle = "#111"; ctx.stroke(); ctx.lineWidth = 1 / view.k; }
    }
    placeLabels();
  }

  function arrow(e) {
    var s = e.s, t = e.t; if (s === t) return;
    var dx = x[t] - x[s], dy = y[t] - y[s], len = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / len, uy = dy / len, r = radius(t) / view.k, hx = x[t] - ux * r, hy = y[t] - uy * r, sz = 6 / view.k;
    ctx.beginPath(); ctx.moveTo(hx, hy);
    ctx.lineTo(hx - ux * sz - uy * sz * 0.5, hy - uy * sz + ux * sz * 0.5);
    ctx.lineTo(hx - ux * sz + uy * sz * 0.5, hy - uy * sz - ux * sz * 0.5);
    ctx.closePath(); ctx.fillStyle = ctx.strokeStyle; ctx.fill();
  }

  function valueText(v) {
    if (Array.isArray(v)) return v.join("; ");
    if (v !== null && typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function showDetails(i) {
    var box = document.getElementById("details");
    box.textContent = "";
    if (i < 0) { box.appendChild(el("p", "Click a node to see its properties and evidence.", "hint")); return; }
    var d = nodes[i];
    box.appendChild(el("h2", d.name));
    box.appendChild(el("div", d.labels.join(" · "), "hint"));
    var table = el("table"), props = Object.assign({ id: d.id }, d.props);
    Object.keys(props).forEach(function (k) {
      var tr = el("tr"); tr.appendChild(el("td", k)); tr.appendChild(el("td", valueText(props[k]))); table.appendChild(tr);
    });
    box.appendChild(table);
    box.appendChild(el("h3", "Relationships (" + incident[i].length + ")"));
    incident[i].forEach(function (k) {
      var e = edges[k], out = e.s === i, other = nodes[out ? e.t : e.s];
      var div = el("div", null, "edge");
      div.appendChild(el("div", (out ? "→ " : "← ") + e.type, "type"));
      var link = el("a", other.name); link.href = "#";
      link.addEventListener("click", function (ev) { ev.preventDefault(); select(out ? e.t : e.s, true); });
      div.appendChild(link);
      Object.keys(e.props || {}).forEach(function (key) {
        var v = e.props[key];
        if (key === "evidence") {
          (Array.isArray(v) ? v : [v]).forEach(function (s) { div.appendChild(el("div", "“" + s + "”", "evidence")); });
        } else {
          div.appendChild(el("div", key + ": " + valueText(v), "hint"));
        }
      });
      box.appendChild(div);
    });
  }

  function select(i, centre) {
    selected = i; neighbours = new Set();
    if (i >= 0) incident[i].forEach(function (k) { neighbours.add(edges[k].s); neighbours.add(edges[k].t); });
    if (i >= 0 && centre) { view.tx = canvas.clientWidth / 2 - view.k * x[i]; view.ty = canvas.clientHeight / 2 - view.k * y[i]; }
    showDetails(i); draw();
  }

  function nodeAt(px, py) {
    var wx = (px - view.tx) / view.k, wy = (py - view.ty) / view.k, best = -1, bestD = Infinity;
    for (var i = 0; i < n; i++) {
      var dx = x[i] - wx, dy = y[i] - wy, d2 = dx * dx + dy * dy, r = (radius(i) + 3) / view.k;
      if (d2 <= r * r && d2 < bestD) { best = i; bestD = d2; }
    }
    return best;
  }

  var drag = null;
  canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty, moved: false }; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.tx = drag.tx + dx; view.ty = drag.ty + dy; draw();
  });
  window.addEventListener("mouseup", function (ev) {
    if (drag && !drag.moved) {
      var rect = canvas.getBoundingClientRect();
      select(nodeAt(ev.clientX - rect.left, ev.clientY - rect.top), false);
    }
    drag = null;
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = canvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
    var f = Math.exp(-ev.deltaY * 0.0015), k = Math.max(0.02, Math.min(40, view.k * f));
    view.tx = px - (px - view.tx) * (k / view.k); view.ty = py - (py - view.ty) * (k / view.k); view.k = k;
    draw();
  }, { passive: false });

  var names = document.getElementById("names"), byName = new Map();
  nodes.forEach(function (d, i) { if (!byName.has(d.name)) { byName.set(d.name, i); if (n <= 5000) names.appendChild(el("option", d.name)); } });
  document.getElementById("search").addEventListener("change", function (ev) {
    var i = byName.get(ev.target.value);
    if (i !== undefined) select(i, true);
  });

  // a link like view.html#node=<IRI> opens with that node selected
  var wanted = decodeURIComponent((location.hash.match(/^#node=(.*)$/) || [])[1] || "");
  if (wanted) nodes.forEach(function (d, i) {
    if (d.id === wanted) {
      selected = i; showDetails(i);
      incident[i].forEach(function (k) { neighbours.add(edges[k].s); neighbours.add(edges[k].t); });
    }
  });

  window.addEventListener("resize", resize);
  canvas.width = canvas.clientWidth * dpr; canvas.height = canvas.clientHeight * dpr;
  fit(); draw();

  // #layout-report: the boxes as the browser laid them out (the layout is final once drawn;
  // getBoundingClientRect makes the browser lay the labels out now), for the layout test
  if (location.hash === "#layout-report") {
    (function () {
      var st = document.getElementById("stage").getBoundingClientRect(), out = { nodes: [], labels: [], hidden: 0 };
      function rel(r) { return [r.left - st.left, r.top - st.top, r.right - st.left, r.bottom - st.top]; }
      var lg = document.getElementById("legend").getBoundingClientRect();
      out.legend = rel(lg); out.stage = [0, 0, st.width, st.height]; out.zoom = view.k;
      for (var i = 0; i < n; i++) {
        var rr = radius(i), sx = x[i] * view.k + view.tx, sy = y[i] * view.k + view.ty;
        out.nodes.push([sx - rr, sy - rr, sx + rr, sy + rr]);
        var s = spans[i];
        if (s && s.style.display !== "none") out.labels.push({ node: i, text: s.textContent, box: rel(s.getBoundingClientRect()) });
        else out.hidden++;
      }
      var pre = el("pre", JSON.stringify(out)); pre.id = "layout-report";
      document.body.appendChild(pre);
    })();
  }
})();
"""
