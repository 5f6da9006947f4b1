"""RDF Turtle in the tipgraph ontology (``schemas/tipgraph.ttl``): claims with provenance,
unfolded from relationship provenance lists; read back with rdflib. Passes the SHACL shapes."""

from __future__ import annotations

from typing import Any

from ..subgraph import Subgraph
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "RDF_FORMAT", "write", "read_rdf"]

NAME = "turtle"
EXTENSION = ".ttl"
DESCRIPTION = "RDF Turtle in the tipgraph ontology, with the gap taxonomy as SKOS."
RDF_FORMAT = "turtle"


def write(subgraph: Subgraph, target: Target, *, include_taxonomy: bool = True, **_: Any) -> None:
    from ..rdf.from_graph import subgraph_to_rdf

    data = subgraph_to_rdf(subgraph, include_taxonomy=include_taxonomy).serialize(format=RDF_FORMAT)
    with open_sink(target, binary=False) as fh:
        fh.write(data)


def read_rdf(source: Any):
    from rdflib import Graph

    return Graph().parse(source, format=RDF_FORMAT)
