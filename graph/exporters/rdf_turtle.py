"""RDF Turtle in the tipgraph ontology (``schemas/tipgraph.ttl``): claims with provenance,
unfolded from relationship provenance lists; read back with rdflib. Passes the SHACL shapes.
:func:`write_rdf` serves the JSON-LD export too."""

from __future__ import annotations

from typing import Any, Callable

from ..subgraph import Subgraph
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "write_rdf", "read_rdf"]

NAME = "turtle"
EXTENSION = ".ttl"
DESCRIPTION = "RDF Turtle in the tipgraph ontology, with the gap taxonomy as SKOS."


def write(subgraph: Subgraph, target: Target, *, include_taxonomy: bool = True, **_: Any) -> None:
    write_rdf(subgraph, target, "turtle", include_taxonomy=include_taxonomy)


def write_rdf(subgraph: Subgraph, target: Target, rdf_format: str, *, include_taxonomy: bool = True,
              options: Callable[[Any], dict[str, Any]] | None = None) -> None:
    """``subgraph`` as RDF in ``rdf_format`` (an rdflib serializer); ``options(graph)`` gives
    that serializer's extra arguments."""
    from ..rdf.from_graph import subgraph_to_rdf

    graph = subgraph_to_rdf(subgraph, include_taxonomy=include_taxonomy)
    data = graph.serialize(format=rdf_format, **(options(graph) if options else {}))
    with open_sink(target, binary=False) as fh:
        fh.write(data)


def read_rdf(source: Any, rdf_format: str = "turtle"):
    from rdflib import Graph

    return Graph().parse(source, format=rdf_format)
