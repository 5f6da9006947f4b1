"""RDF as JSON-LD (same triples as the Turtle export), for linked-data tools."""

from __future__ import annotations

from typing import Any

from ..subgraph import Subgraph
from .sinks import Target, open_sink

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "RDF_FORMAT", "write", "read_rdf"]

NAME = "jsonld"
EXTENSION = ".jsonld"
DESCRIPTION = "RDF as JSON-LD in the tipgraph ontology."
RDF_FORMAT = "json-ld"


def write(subgraph: Subgraph, target: Target, *, include_taxonomy: bool = True, **_: Any) -> None:
    from ..rdf.from_graph import subgraph_to_rdf
    from ..rdf.vocab import TG_URI

    graph = subgraph_to_rdf(subgraph, include_taxonomy=include_taxonomy)
    context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix in
               ("tg", "id", "gap", "org", "skos", "prov", "dct", "foaf", "schema", "xsd", "rdfs")}
    context["tg"] = TG_URI
    data = graph.serialize(format=RDF_FORMAT, context=context, indent=2)
    with open_sink(target, binary=False) as fh:
        fh.write(data)


def read_rdf(source: Any):
    from rdflib import Graph

    return Graph().parse(source, format=RDF_FORMAT)
