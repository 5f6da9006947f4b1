"""Namespaces, and the ontology terms of the model's vocabulary.

``TG`` is closed over the terms the ontology (``schemas/tipgraph.ttl``) declares, so a typo in a
term is an error at the line that makes it rather than a silently wrong triple. It is built on
first use, not when this module is imported. :func:`label_classes` and
:func:`relationship_properties` give the classes and properties that ``schemas/model.yaml``
(:mod:`graph.schema.vocabulary`) names, checked against the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, ClosedNamespace

from ..paths import schema_file
from ..schema.vocabulary import vocabulary

__all__ = ["TG_URI", "TG", "ID", "GAP", "GAP_SCHEME", "ORG", "SCHEMA", "ontology_graph", "bind_prefixes",
           "actor_classes", "label_classes", "relationship_properties", "ProvenanceClaim", "provenance_claims"]

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


class _LazyNamespace:
    """``TG``: the closed namespace, built (the ontology parsed) on first use."""

    def __init__(self, uri: str):
        self._uri = uri
        self._namespace: ClosedNamespace | None = None

    def _get(self) -> ClosedNamespace:
        if self._namespace is None:
            self._namespace = ClosedNamespace(self._uri, _declared_terms())
        return self._namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._get(), name)

    def __getitem__(self, name: str) -> URIRef:
        return self._get()[name]

    def __contains__(self, item: object) -> bool:
        return item in self._get()

    def __str__(self) -> str:
        return self._uri

    def __repr__(self) -> str:
        return f"TG({self._uri!r})"


TG = _LazyNamespace(TG_URI)


@lru_cache(maxsize=1)
def actor_classes() -> dict[str, URIRef]:
    """Actor type -> its ontology class (``Ministry`` -> ``tg:Ministry``)."""
    return {name: TG[name] for name in vocabulary().actor_types}


@lru_cache(maxsize=1)
def label_classes() -> dict[str, URIRef]:
    """Neo4j label -> ontology class, for every label that has one (actor types, ``Agency``)."""
    return {**actor_classes(), **{label: TG[cls] for label, cls in vocabulary().labels.items() if cls}}


@lru_cache(maxsize=1)
def relationship_properties() -> dict[str, URIRef]:
    """Relationship type -> the ontology property it comes from, where it is one triple
    (``INVOLVES`` -> ``tg:involves``, ``TRIED_BY`` -> ``tg:triedBy`` …), in declared order."""
    return {name: TG[rel.property] for name, rel in vocabulary().relationships.items() if rel.property}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("tg", TG_URI), ("id", ID), ("gap", GAP), ("org", ORG), ("skos", SKOS),
                       ("prov", PROV), ("dct", DCTERMS), ("foaf", FOAF), ("schema", SCHEMA),
                       ("xsd", XSD), ("rdfs", RDFS)):
        graph.bind(prefix, ns, override=True)
    return graph


@dataclass(frozen=True)
class ProvenanceClaim:
    """How a fact several reports can state (a provenance relationship of ``schemas/model.yaml``)
    is written in RDF: a claim of class ``cls`` whose ``start`` and ``end`` predicates name the
    relationship's two nodes; ``kind`` names it in the claim's IRI."""

    relationship: str
    kind: str
    cls: URIRef
    start: URIRef
    end: URIRef


@lru_cache(maxsize=1)
def provenance_claims() -> dict[str, ProvenanceClaim]:
    """The claim behind each provenance relationship, by relationship type: the one table the
    RDF builder, the Neo4j mapping and the RDF export all read."""
    shapes = (ProvenanceClaim("HOLDS_POSITION", "position", TG.Position, ORG.member, ORG.organization),
              ProvenanceClaim("PART_OF", "partof", TG.PartOf, TG.part, TG.whole),
              ProvenanceClaim("HAS_GAP", "gapclaim", TG.GapClaim, TG.agency, TG.gap),
              ProvenanceClaim("CRITICISED", "criticism", TG.Criticism, TG.critic, TG.target))
    return {shape.relationship: shape for shape in shapes}
