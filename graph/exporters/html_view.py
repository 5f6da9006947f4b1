"""A self-contained interactive HTML view: one file, no server, no network, no CDN.

The graph is embedded as JSON in a ``<script type="application/json">`` block (with ``<``,
``>``, ``&`` and the JavaScript line separators escaped, so no name can close the block), and a
small inline script lays it out with a force simulation on a ``<canvas>``: drag to pan, wheel to
zoom, node labels, colour by the most specific label, a legend, a name search, and a click on a
node (or a link ending ``#node=<IRI>``) shows its properties and its relationships with their
evidence sentences. Every string is
put into the page with ``textContent`` or drawn on the canvas, never parsed as HTML.

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


def view_data(subgraph: Subgraph) -> dict[str, Any]:
    index = {node_id: i for i, node_id in enumerate(subgraph.nodes)}
    nodes = [{"id": n.id, "name": n.name, "labels": list(n.labels), "kind": kind_of(n.labels),
              "props": {k: v for k, v in n.properties.items() if k not in ("id", "name")}}
             for n in subgraph.nodes.values()]
    edges = [{"s": index[r.start], "t": index[r.end], "type": r.type, "props": r.properties}
             for r in subgraph.relationships if r.start in index and r.end in index]
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
  #legend { position: absolute; left: 8px; top: 8px; background: rgba(255,255,255,.9); padding: 6px 8px; border-radius: 4px; border: 1px solid #ddd; }
  #legend div { display: flex; align-items: center; gap: 6px; }
  #legend span.swatch { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
  #search { width: 100%; box-sizing: border-box; padding: 4px; margin-bottom: 6px; }
  .hint { color: #888; }
</style>
</head>
<body>
<div id="stage"><canvas id="canvas"></canvas><div id="legend"></div></div>
<div id="side">
  <input id="search" type="search" placeholder="Find a name…" list="names">
  <datalist id="names"></datalist>
  <div id="details"><p class="hint">Click a node to see its properties and evidence. Drag to pan, wheel to zoom.</p></div>
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

  // adjacency for the details panel and degree for node size
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, i) { incident[e.s].push(i); if (e.t !== e.s) incident[e.t].push(i); });
  nodes.forEach(function (d, i) { d.r = 4 + Math.min(10, Math.sqrt(incident[i].length) * 2); });

  // start on a sunflower spiral (deterministic), then a force simulation
  var x = new Float64Array(n), y = new Float64Array(n), vx = new Float64Array(n), vy = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    var a = i * 2.399963, rad = 12 * Math.sqrt(i + 1);
    x[i] = rad * Math.cos(a); y[i] = rad * Math.sin(a);
  }
  var CELL = 60, SPRING = 60, alpha = 1;

  function tick() {
    // repulsion between nodes in neighbouring grid cells (keeps a tick near-linear)
    var grid = new Map();
    for (var i = 0; i < n; i++) {
      var key = Math.floor(x[i] / CELL) + "," + Math.floor(y[i] / CELL);
      var cell = grid.get(key); if (!cell) grid.set(key, cell = []); cell.push(i);
    }
    grid.forEach(function (cell, key) {
      var parts = key.split(","), cx = +parts[0], cy = +parts[1];
      for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
        var other = grid.get((cx + dx) + "," + (cy + dy)); if (!other) continue;
        for (var p = 0; p < cell.length; p++) for (var q = 0; q < other.length; q++) {
          var u = cell[p], v = other[q]; if (u >= v) continue;
          var ddx = x[u] - x[v], ddy = y[u] - y[v], d2 = ddx * ddx + ddy * ddy;
          if (d2 < 0.01) { ddx = (u % 7) - 3 + 0.1; ddy = (v % 5) - 2 + 0.1; d2 = ddx * ddx + ddy * ddy; }
          if (d2 > CELL * CELL * 4) continue;
          var f = alpha * 900 / d2;
          vx[u] += ddx * f; vy[u] += ddy * f; vx[v] -= ddx * f; vy[v] -= ddy * f;
        }
      }
    });
    for (var k = 0; k < edges.length; k++) {
      var e = edges[k], s = e.s, t = e.t; if (s === t) continue;
      var ex = x[t] - x[s], ey = y[t] - y[s], dist = Math.sqrt(ex * ex + ey * ey) || 1;
      var g = alpha * 0.05 * (dist - SPRING) / dist;
      vx[s] += ex * g; vy[s] += ey * g; vx[t] -= ex * g; vy[t] -= ey * g;
    }
    for (var j = 0; j < n; j++) {
      vx[j] -= x[j] * 0.002 * alpha; vy[j] -= y[j] * 0.002 * alpha;   // gentle pull to the centre
      vx[j] *= 0.6; vy[j] *= 0.6;
      var sp = Math.sqrt(vx[j] * vx[j] + vy[j] * vy[j]);
      if (sp > 30) { vx[j] *= 30 / sp; vy[j] *= 30 / sp; }
      x[j] += vx[j]; y[j] += vy[j];
    }
    alpha *= 0.985;
  }

  // lay out before the first paint (bounded in time), then keep settling while visible
  var started = performance.now();
  while (alpha > 0.02 && performance.now() - started < 1500) tick();

  var view = { k: 1, tx: 0, ty: 0 }, selected = -1, dpr = window.devicePixelRatio || 1;
  var neighbours = new Set();

  function fit() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    if (!n) { view = { k: 1, tx: w / 2, ty: h / 2 }; return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < n; i++) {
      minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
    }
    var k = Math.min(w / (maxX - minX + 120), h / (maxY - minY + 120), 3);
    view = { k: k, tx: w / 2 - k * (minX + maxX) / 2, ty: h / 2 - k * (minY + maxY) / 2 };
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
      ctx.beginPath(); ctx.arc(x[i], y[i], d.r, 0, 2 * Math.PI);
      ctx.fillStyle = kindColour[d.kind]; ctx.fill();
      if (i === selected) { ctx.lineWidth = 3 / view.k; ctx.strokeStyle = "#111"; ctx.stroke(); ctx.lineWidth = 1 / view.k; }
    }
    var showAll = n <= 300 || view.k > 1.5;
    ctx.fillStyle = "#222"; ctx.font = (12 / view.k) + "px system-ui, sans-serif";
    for (var j = 0; j < n; j++) {
      if (showAll || j === selected || neighbours.has(j)) {
        ctx.fillText(nodes[j].name, x[j] + nodes[j].r + 2 / view.k, y[j] + 4 / view.k);
      }
    }
  }

  function arrow(e) {
    var s = e.s, t = e.t; if (s === t) return;
    var dx = x[t] - x[s], dy = y[t] - y[s], len = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / len, uy = dy / len, r = nodes[t].r, hx = x[t] - ux * r, hy = y[t] - uy * r, sz = 6 / view.k;
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
      var dx = x[i] - wx, dy = y[i] - wy, d2 = dx * dx + dy * dy, r = nodes[i].r + 3 / view.k;
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
  if (wanted) nodes.forEach(function (d, i) { if (d.id === wanted) { selected = i; showDetails(i); } });

  window.addEventListener("resize", resize);
  canvas.width = canvas.clientWidth * dpr; canvas.height = canvas.clientHeight * dpr;
  fit(); draw();

  // keep settling for a while, refitting only until the user moves the view
  var userMoved = false;
  canvas.addEventListener("mousedown", function () { userMoved = true; });
  canvas.addEventListener("wheel", function () { userMoved = true; });
  function animate() {
    if (alpha <= 0.005) return;
    var t0 = performance.now();
    while (performance.now() - t0 < 12 && alpha > 0.005) tick();
    if (!userMoved) fit();
    draw();
    requestAnimationFrame(animate);
  }
  requestAnimationFrame(animate);
})();
"""
