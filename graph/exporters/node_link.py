"""networkx node-link JSON (D3 style), which ``networkx.node_link_graph(data, edges="edges")``
reads back as a ``MultiDiGraph``.

Nodes: ``{"id": <IRI>, "labels": [..], **properties}`` (lists stay lists); edges:
``{"source", "target", "key": "e<i>", "type", **properties}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..subgraph import Subgraph
from .networkx_read import subgraph_from_networkx
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read", "node_link_dict"]

NAME = "json"
EXTENSION = ".json"
DESCRIPTION = "networkx node-link JSON (nodes + edges, lists kept as lists)."

_EDGE_FIELDS = ("source", "target", "key", "type")


def node_link_dict(subgraph: Subgraph) -> dict[str, Any]:
    nodes = [{**node.properties, "id": node.id, "labels": list(node.labels)}
             for node in subgraph.nodes.values()]
    edges = []
    for index, rel in enumerate(subgraph.relationships):
        props = {(f"property.{k}" if k in _EDGE_FIELDS else k): v for k, v in rel.properties.items()}
        edges.append({**props, "source": rel.start, "target": rel.end, "key": f"e{index}", "type": rel.type})
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def write(subgraph: Subgraph, target: Target, *, indent: int | None = None, **_: Any) -> None:
    with open_sink(target, binary=False) as fh:
        json.dump(node_link_dict(subgraph), fh, ensure_ascii=False, indent=indent, default=str)


def read(source: Any) -> Subgraph:
    import networkx as nx

    data = json.load(source) if hasattr(source, "read") else json.loads(Path(source).read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    return subgraph_from_networkx(graph)
