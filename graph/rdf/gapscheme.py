"""The gap taxonomy as a SKOS concept scheme (published as ``schemas/gaps.ttl``)."""

from __future__ import annotations

from rdflib import RDF, SKOS, Graph, Literal

from ..schema.taxonomy import Taxonomy, load_taxonomy
from .vocab import GAP, GAP_SCHEME, TG, bind_prefixes

__all__ = ["gap_iri", "gap_scheme_graph"]


def gap_iri(gap_id: str):
    return GAP[gap_id]


def gap_scheme_graph(taxonomy: Taxonomy | None = None) -> Graph:
    taxonomy = taxonomy or load_taxonomy()
    g = bind_prefixes(Graph())
    g.add((GAP_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((GAP_SCHEME, SKOS.prefLabel, Literal("Implementation-gap taxonomy", lang="en")))
    for concept in taxonomy.concepts.values():
        iri = gap_iri(concept.id)
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.inScheme, GAP_SCHEME))
        g.add((iri, SKOS.notation, Literal(concept.id)))
        g.add((iri, TG.gapId, Literal(concept.id)))
        g.add((iri, SKOS.prefLabel, Literal(concept.label, lang="en")))
        g.add((iri, SKOS.definition, Literal(concept.definition, lang="en")))
        g.add((iri, TG.pillar, Literal(concept.pillar)))
        for cue in concept.cues:
            g.add((iri, SKOS.example, Literal(cue, lang="en")))
        if concept.broader:
            g.add((iri, SKOS.broader, gap_iri(concept.broader)))
            g.add((gap_iri(concept.broader), SKOS.narrower, iri))
        else:
            g.add((iri, SKOS.topConceptOf, GAP_SCHEME))
            g.add((GAP_SCHEME, SKOS.hasTopConcept, iri))
    return g
