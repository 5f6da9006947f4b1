"""GraphML (yEd, Gephi, Cytoscape desktop, networkx) through the networkx writer.

Node data: every property, plus ``labels`` (``;``-joined). Edge data: every property plus
``type``; the edge id is the relationship type (or its ``key`` property for parallel edges).
List properties are ``"; "``-joined (``lists="json"`` for JSON arrays), since GraphML has no
list type. Read back with :func:`read` (or ``networkx.read_graphml``).

Example:
    >>> from graph.subgraph import Node, Subgraph
    >>> import io
    >>> sg = Subgraph.of([Node("urn:x:1", ("Actor",), {"name": "Ministry"})], [])
    >>> buf = io.BytesIO(); write(sg, buf)
    >>> read(io.BytesIO(buf.getvalue())).nodes["urn:x:1"].name
    'Ministry'
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..subgraph import Subgraph
from .flat import FlatView
from .networkx_read import subgraph_from_networkx
from .sinks import Target, open_sink
from .values import xml_safe

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read"]

NAME = "graphml"
EXTENSION = ".graphml"
DESCRIPTION = "GraphML for yEd, Gephi and networkx (lists joined with '; ')."


def write(subgraph: Subgraph, target: Target, *, lists: str = "join", **_: Any) -> None:
    subgraph = xml_safe(subgraph)
    graph = FlatView(subgraph, lists=lists)  # flattened lazily, as the writer reads it
    with open_sink(target, binary=True) as fh:
        nx.write_graphml(graph, fh, encoding="utf-8")


def read(source: Any) -> Subgraph:
    return subgraph_from_networkx(nx.read_graphml(source, force_multigraph=True))
