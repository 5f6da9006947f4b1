"""Namespaces. ``TG`` is closed over the terms the ontology declares, so a typo in a term is an
error at the line that makes it rather than a silently wrong triple."""

from __future__ import annotations

from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, PROV, ClosedNamespace

from ..paths import schema_file

__all__ = ["TG_URI", "TG", "ID", "GAP", "GAP_SCHEME", "ORG", "SCHEMA", "ontology_graph", "bind_prefixes"]

TG_URI = "https://w3id.org/tipgraph/ontology#"
ID = Namespace("https://w3id.org/tipgraph/id/")
GAP = Namespace("https://w3id.org/tipgraph/gap/")
GAP_SCHEME = GAP["scheme"]
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(schema_file("tipgraph.ttl"), format="turtle")
    return graph


def _declared_terms() -> list[str]:
    graph = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({str(s)[len(TG_URI):] for k in kinds for s in graph.subjects(RDF.type, k)
                   if str(s).startswith(TG_URI)})


TG = ClosedNamespace(TG_URI, _declared_terms())


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("tg", TG_URI), ("id", ID), ("gap", GAP), ("org", ORG), ("skos", SKOS),
                       ("prov", PROV), ("dct", DCTERMS), ("foaf", FOAF), ("schema", SCHEMA),
                       ("xsd", XSD), ("rdfs", RDFS)):
        graph.bind(prefix, ns, override=True)
    return graph
