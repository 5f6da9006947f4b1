"""Neo4j subgraph → RDF in the tipgraph ontology: the inverse of :mod:`graph.store.model`.

Relationship provenance (``sources``, ``evidence``/``evidenceSources``, ``saidById``/
``saidBySources``) is unfolded back into one claim per report, with the same IRIs the builder
gave them, so exporting what was ingested gives RDF isomorphic to the ingested RDF.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..subgraph import Node, Relationship, Subgraph
from .build import claim_iri, decimal_literal, report_iri
from .gapscheme import gap_scheme_graph
from .vocab import SCHEMA, TG, bind_prefixes, label_classes, provenance_claims, relationship_properties

__all__ = ["subgraph_to_rdf"]


def _lit(value: Any, datatype=None) -> Literal:
    return Literal(value, datatype=datatype) if datatype else Literal(value)


def _decimal(value: Any) -> Literal:
    return decimal_literal(Decimal(str(value)))


def _date(value: Any) -> Literal:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return Literal(value, datatype=XSD.date)


def _per_source(values: list, sources: list, source: str) -> list:
    return [v for v, s in zip(values or [], sources or []) if s == source]


class _Writer:
    def __init__(self, subgraph: Subgraph):
        self.sub = subgraph
        self.g = bind_prefixes(Graph())
        self.report_ids = {n.properties.get("reportId"): n.id for n in subgraph.nodes.values()
                           if "Report" in n.labels}
        self.reported_in = {r.end: r.start for r in subgraph.relationships if r.type == "REPORTED"}

    def report(self, rid: str) -> URIRef:
        return URIRef(self.report_ids.get(rid) or report_iri(rid))

    def actor(self, node: Node) -> None:
        g, s, p = self.g, URIRef(node.id), node.properties
        classes = label_classes()
        for label in node.labels:
            if label in classes:
                g.add((s, RDF.type, classes[label]))
        for name in p.get("names") or [p.get("name")]:
            if name:
                g.add((s, RDFS.label, _lit(name)))
        for alias in p.get("aliases") or []:
            g.add((s, SKOS.altLabel, _lit(alias)))
        if p.get("country"):
            g.add((s, TG.country, _lit(p["country"])))
        for role in p.get("roles") or []:
            g.add((s, TG.role, _lit(role)))

    def report_node(self, node: Node) -> None:
        g, s, p = self.g, URIRef(node.id), node.properties
        g.add((s, RDF.type, TG.Report))
        for key, pred, kind in (("file", TG.fileName, None), ("title", DCTERMS.title, None),
                                ("publisher", DCTERMS.publisher, None), ("author", DCTERMS.creator, None),
                                ("url", SCHEMA.url, XSD.anyURI), ("country", TG.country, None),
                                ("format", TG.sourceFormat, None), ("contentHash", TG.contentHash, None)):
            if p.get(key) is not None:
                g.add((s, pred, _lit(p[key], kind)))
        if p.get("date"):
            g.add((s, DCTERMS.date, _date(p["date"])))
        if p.get("year") is not None:
            g.add((s, TG.year, Literal(int(p["year"]), datatype=XSD.integer)))

    def claim_node(self, node: Node, cls: URIRef) -> URIRef:
        g, s, p = self.g, URIRef(node.id), node.properties
        g.add((s, RDF.type, cls))
        source = self.report(p["report"]) if p.get("report") else self.reported_in.get(node.id)
        if source is not None:
            g.add((s, PROV.wasDerivedFrom, URIRef(source)))
        for sentence in p.get("evidence") or []:
            g.add((s, TG.evidence, _lit(sentence)))
        return s

    def statement(self, node: Node) -> None:
        s = self.claim_node(node, TG.Statement)
        if node.properties.get("quote") is not None:
            self.g.add((s, TG.quote, _lit(node.properties["quote"])))

    def statistic(self, node: Node) -> None:
        s, p = self.claim_node(node, TG.Statistic), node.properties
        if p.get("value") is not None:
            self.g.add((s, TG.value, _decimal(p["value"])))
        if p.get("measure"):
            self.g.add((s, TG.measure, _lit(p["measure"])))
        if p.get("year") is not None:
            self.g.add((s, TG.year, Literal(int(p["year"]), datatype=XSD.integer)))
        if p.get("kind") and p["kind"] != "actual":
            self.g.add((s, TG.figureKind, _lit(p["kind"])))

    def case(self, node: Node) -> None:
        s, p = self.claim_node(node, TG.Case), node.properties
        for key, pred in (("summary", TG.summary), ("place", TG.place), ("status", TG.status),
                          ("exploitation", TG.exploitation), ("stage", TG.stage), ("country", TG.country)):
            if p.get(key):
                self.g.add((s, pred, _lit(p[key])))
        for key, pred in (("year", TG.year), ("victimCount", TG.victimCount), ("suspectCount", TG.suspectCount)):
            if p.get(key) is not None:
                self.g.add((s, pred, Literal(int(p[key]), datatype=XSD.integer)))
        if p.get("date"):
            self.g.add((s, TG.caseDate, _date(p["date"])))

    def provenance_rel(self, rel: Relationship) -> None:
        g, p = self.g, rel.properties
        start, end = URIRef(rel.start), URIRef(rel.end)
        shape = provenance_claims()[rel.type]
        title = (p.get("key") or "") if rel.type == "HOLDS_POSITION" else None
        for rid in p.get("sources") or []:
            if rel.type == "HAS_GAP":
                c = claim_iri(rid, shape.kind, start, self.gap_id(rel.end))
                for person in _per_source(p.get("saidById"), p.get("saidBySources"), rid):
                    g.add((c, TG.saidBy, URIRef(person)))
            else:
                c = claim_iri(rid, shape.kind, start, end, *([title] if title is not None else []))
            if title:
                g.add((c, TG.title, _lit(title)))
            g.add((c, RDF.type, shape.cls))
            g.add((c, shape.start, start))
            g.add((c, shape.end, end))
            g.add((c, PROV.wasDerivedFrom, self.report(rid)))
            for sentence in _per_source(p.get("evidence"), p.get("evidenceSources"), rid):
                g.add((c, TG.evidence, _lit(sentence)))

    def gap_id(self, node_id: str) -> str:
        gap_id = self.sub.nodes[node_id].properties.get("gapId") if node_id in self.sub.nodes else None
        return gap_id or node_id.rsplit("/", 1)[-1]

    def simple_rel(self, rel: Relationship) -> None:
        g, start, end = self.g, URIRef(rel.start), URIRef(rel.end)
        if rel.type == "MENTIONS":
            g.add((start, TG.mentions, end))
        elif rel.type == "STATED":
            g.add((end, TG.speaker, start))
        elif rel.type == "SAID_BY":
            g.add((start, TG.saidBy, end))
        elif rel.type == "CREDITED_TO":
            g.add((start, TG.sourceOrg, end))
        elif rel.type in relationship_properties():
            g.add((start, relationship_properties()[rel.type], end))


def subgraph_to_rdf(subgraph: Subgraph, *, include_taxonomy: bool = True) -> Graph:
    """RDF of a subgraph; with ``include_taxonomy`` the SKOS gap scheme is added when the
    subgraph has gaps, so the file stands on its own."""
    w = _Writer(subgraph)
    for node in subgraph.nodes.values():
        labels = set(node.labels)
        if "Actor" in labels:
            w.actor(node)
        elif "Report" in labels:
            w.report_node(node)
        elif "Statement" in labels:
            w.statement(node)
        elif "Statistic" in labels:
            w.statistic(node)
        elif "Case" in labels:
            w.case(node)
    for rel in subgraph.relationships:
        if rel.type in provenance_claims():
            w.provenance_rel(rel)
        else:
            w.simple_rel(rel)
    if include_taxonomy and any("Gap" in n.labels for n in subgraph.nodes.values()):
        w.g += gap_scheme_graph()
    return w.g
