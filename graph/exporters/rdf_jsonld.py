"""RDF as JSON-LD (same triples as the Turtle export, :mod:`.rdf_turtle`), for linked-data tools."""

from __future__ import annotations

from typing import Any

from ..subgraph import Subgraph
from . import rdf_turtle
from .sinks import Target

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read_rdf"]

NAME = "jsonld"
EXTENSION = ".jsonld"
DESCRIPTION = "RDF as JSON-LD in the tipgraph ontology."
_PREFIXES = ("tg", "id", "gap", "org", "skos", "prov", "dct", "foaf", "schema", "xsd", "rdfs")


def write(subgraph: Subgraph, target: Target, *, include_taxonomy: bool = True, **_: Any) -> None:
    from ..rdf.vocab import TG_URI

    def context(graph) -> dict[str, str]:
        names = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix in _PREFIXES}
        return {**names, "tg": TG_URI}

    rdf_turtle.write_rdf(subgraph, target, "json-ld", include_taxonomy=include_taxonomy,
                         options=lambda graph: {"context": context(graph), "indent": 2})


def read_rdf(source: Any):
    return rdf_turtle.read_rdf(source, "json-ld")
