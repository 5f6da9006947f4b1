"""SHACL validation of produced RDF against ``schemas/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph

from ..errors import ValidationError
from ..paths import schema_file
from .gapscheme import gap_scheme_graph
from .vocab import ontology_graph

__all__ = ["ValidationReport", "validate", "ensure_valid"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(schema_file("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _context() -> Graph:
    """The ontology (for rdfs:subClassOf) and the gap scheme (so gap IRIs are skos:Concepts)."""
    context = Graph()
    context += ontology_graph()
    context += gap_scheme_graph()
    return context


def validate(data: Graph) -> ValidationReport:
    from pyshacl import validate as pyshacl_validate

    combined = Graph()
    combined += data
    combined += _context()  # pySHACL mixes ont_graph in only when inferencing; we need no inference
    conforms, _, text = pyshacl_validate(
        combined, shacl_graph=_shapes(), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=False)
    return ValidationReport(bool(conforms), str(text))


def ensure_valid(data: Graph, *, path: str | None = None) -> None:
    report = validate(data)
    if not report.conforms:
        lines = [ln.strip() for ln in report.text.splitlines() if ln.strip().startswith(("Message", "Focus Node"))]
        raise ValidationError("RDF does not conform to schemas/shapes.ttl: " + "; ".join(lines[:6]), path=path)
