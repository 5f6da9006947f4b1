"""Cytoscape.js elements JSON: ``{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}``,
loadable with ``cytoscape({elements: data.elements})`` or Cytoscape desktop's JSON import.

Node data: ``id`` (IRI), ``label`` (name), ``labels`` (list), then the properties; edge data:
``id`` (``e<i>``), ``source``, ``target``, ``label`` (relationship type), then the properties.
Properties named like these fields are written as ``property.<name>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read", "elements"]

NAME = "cytoscape"
EXTENSION = ".cyjs"
DESCRIPTION = "Cytoscape.js elements JSON."

_NODE_FIELDS = ("id", "label", "labels")
_EDGE_FIELDS = ("id", "source", "target", "label")
_PREFIX = "property."


def elements(subgraph: Subgraph) -> dict[str, Any]:
    nodes = [{"data": {**_props(n.properties, _NODE_FIELDS, keep_id=True),
                       "id": n.id, "label": n.name, "labels": list(n.labels)},
              "classes": " ".join(n.labels)} for n in subgraph.nodes.values()]
    edges = [{"data": {**_props(r.properties, _EDGE_FIELDS),
                       "id": f"e{i}", "source": r.start, "target": r.end, "label": r.type}}
             for i, r in enumerate(subgraph.relationships)]
    return {"format_version": "1.0", "generated_by": "tipgraph",
            "elements": {"nodes": nodes, "edges": edges}}


def write(subgraph: Subgraph, target: Target, *, indent: int | None = None, **_: Any) -> None:
    with open_sink(target, binary=False) as fh:
        json.dump(elements(subgraph), fh, ensure_ascii=False, indent=indent, default=str)


def read(source: Any) -> Subgraph:
    data = json.load(source) if hasattr(source, "read") else json.loads(Path(source).read_text(encoding="utf-8"))
    out = Subgraph()
    for item in data["elements"]["nodes"]:
        d = item["data"]
        props = {_unprefix(k): v for k, v in d.items() if k not in ("label", "labels")}
        out.add_node(Node(d["id"], tuple(d.get("labels", ())), props))
    for item in data["elements"]["edges"]:
        d = item["data"]
        props = {_unprefix(k): v for k, v in d.items() if k not in _EDGE_FIELDS}
        out.add_relationship(Relationship(d["label"], d["source"], d["target"], props))
    return out


def _props(props: dict[str, Any], reserved: tuple[str, ...], keep_id: bool = False) -> dict[str, Any]:
    # a node's ``id`` property is its IRI, identical to the element id: no need to rename it
    return {(_PREFIX + k if k in reserved and not (keep_id and k == "id") else k): v
            for k, v in props.items()}


def _unprefix(key: str) -> str:
    return key[len(_PREFIX):] if key.startswith(_PREFIX) else key
