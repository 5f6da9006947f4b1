"""Extraction record → RDF graph in the tipgraph ontology.

Every fact becomes a claim resource derived from the report, with its evidence sentence(s).
IRIs are deterministic: actors by resolved name key, claims by a hash of (report, kind, parts),
so building the same report twice gives the same triples.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..errors import ExtractionError
from ..record import ExtractionRecord
from ..resolve.keys import STATE_TYPES, canonical_country
from ..resolve.resolver import Resolver
from ..schema.taxonomy import load_taxonomy
from ..schema.vocabulary import vocabulary
from .gapscheme import gap_iri
from .vocab import ID, SCHEMA, TG, actor_classes, bind_prefixes, provenance_claims, relationship_properties

__all__ = ["record_to_graph", "report_iri", "actor_iri", "country_iri", "claim_iri", "decimal_literal", "ACTOR_CLASSES",
           "CASE_ROLES"]

def __getattr__(name: str):
    # ACTOR_CLASSES (actor type -> class) and CASE_ROLES (case role -> property), from
    # schemas/model.yaml through graph.rdf.vocab
    if name == "ACTOR_CLASSES":
        return actor_classes()
    if name == "CASE_ROLES":
        return _case_role_properties()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _case_role_properties() -> dict[str, URIRef]:
    properties = relationship_properties()
    return {name: properties[role.relationship] for name, role in vocabulary().case_roles.items()}


def report_iri(report_id: str) -> URIRef:
    return ID[f"report/{report_id}"]


def actor_iri(key: str, is_person: bool) -> URIRef:
    return ID[f"{'person' if is_person else 'agency'}/{key}"]


def country_iri(country: str) -> URIRef:
    """The IRI of a country (a ``:Country`` node in Neo4j), from its gazetteer name."""
    from ..resolve.keys import country_key

    return ID[f"country/{country_key(country)}"]


def claim_iri(report_id: str, kind: str, *parts: object) -> URIRef:
    """The IRI of a claim: a hash of the report and the fact, so the same report states the same
    claim with the same IRI every time (and a Neo4j export can rebuild it)."""
    digest = hashlib.sha1("\x1f".join([report_id, kind, *map(str, parts)]).encode("utf-8")).hexdigest()
    return ID[f"{kind}/{digest[:20]}"]


class _Builder:
    def __init__(self, record: ExtractionRecord, resolver: Resolver):
        self.record = record
        self.resolver = resolver
        self.graph = bind_prefixes(Graph())
        self.report_id = record.report.id
        self.report = report_iri(self.report_id)
        self._actors: dict[str, URIRef] = {}

    # -- actors -------------------------------------------------------------------------
    def add_actors(self) -> None:
        g = self.graph
        classes, person_types = actor_classes(), vocabulary().person_types
        for actor in self.record.actors:
            if actor.type not in classes:
                raise ExtractionError(f"actor {actor.name!r} has unknown type {actor.type!r}",
                                      path=self.record.report.file)
            is_person = actor.type in person_types
            country = self.country(actor.name, actor.aliases, actor.type, actor.country)
            scope = country if actor.type in STATE_TYPES else None
            iri = actor_iri(self.resolver.key(actor.name, *actor.aliases, country=scope), is_person)
            for name in (actor.name, *actor.aliases):
                self._actors.setdefault(name.casefold(), iri)
            g.add((iri, RDF.type, classes[actor.type]))
            if not is_person:
                g.add((iri, RDF.type, TG.Agency))
            g.add((iri, RDFS.label, Literal(actor.name)))
            for alias in actor.aliases:
                if alias != actor.name:
                    g.add((iri, SKOS.altLabel, Literal(alias)))
            for role in actor.roles:
                g.add((iri, TG.role, Literal(role)))
            if country and not is_person:
                g.add((iri, TG.country, Literal(country)))
            g.add((self.report, TG.mentions, iri))

    def country(self, name: str, aliases, kind: str, given: str | None) -> str | None:
        """The country of an organisation: the record's, else the one a government's name
        says, else (state bodies only) the report's subject country."""
        if kind == "Person":
            return None
        found = canonical_country(given) or self.resolver.country_of(name, *aliases)
        if found is None and kind in STATE_TYPES:
            found = canonical_country(self.record.report.country)
        return found

    def actor(self, name: str | None, *, person: bool = False) -> URIRef | None:
        """The IRI of an actor named in a fact; an actor the record does not list is added
        with the most general class that fits its slot."""
        if not name:
            return None
        iri = self._actors.get(name.casefold())
        if iri is None:
            # not listed among the record's actors: a government the gazetteer names is
            # scoped to its country, as it would be if listed
            country = None if person else self.resolver.country_of(name)
            iri = actor_iri(self.resolver.key(name, country=country), person)
            self._actors[name.casefold()] = iri
            if country:
                self.graph.add((iri, TG.country, Literal(country)))
            self.graph.add((iri, RDF.type, TG.Person if person else TG.Agency))
            self.graph.add((iri, RDFS.label, Literal(name)))
            self.graph.add((self.report, TG.mentions, iri))
        return iri

    # -- report and claims ----------------------------------------------------------------
    def add_report(self) -> None:
        g, meta = self.graph, self.record.report
        g.add((self.report, RDF.type, TG.Report))
        g.add((self.report, TG.fileName, Literal(meta.file)))
        if meta.title:
            g.add((self.report, DCTERMS.title, Literal(meta.title)))
        if meta.publisher:
            g.add((self.report, DCTERMS.publisher, Literal(meta.publisher)))
        if meta.author:
            g.add((self.report, DCTERMS.creator, Literal(meta.author)))
        if meta.date:
            g.add((self.report, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
        # the date's year, or the file name's when the report gives no date
        year = meta.year or (int(meta.date[:4]) if meta.date else None)
        if year:
            g.add((self.report, TG.year, Literal(int(year), datatype=XSD.integer)))
        if meta.url:
            g.add((self.report, SCHEMA.url, Literal(meta.url, datatype=XSD.anyURI)))
        if meta.country:
            g.add((self.report, TG.country, Literal(meta.country)))
        if meta.format:
            g.add((self.report, TG.sourceFormat, Literal(meta.format)))
        if meta.content_hash:
            g.add((self.report, TG.contentHash, Literal(meta.content_hash)))

    def claim(self, kind: str, cls: URIRef, evidence: str | None, *parts: object) -> URIRef:
        iri = claim_iri(self.report_id, kind, *parts)
        g = self.graph
        g.add((iri, RDF.type, cls))
        g.add((iri, PROV.wasDerivedFrom, self.report))
        if evidence:
            g.add((iri, TG.evidence, Literal(evidence)))
        return iri

    def fact(self, relationship: str, evidence: str | None, start: URIRef, end: URIRef,
             *parts: object) -> URIRef:
        """The claim behind a provenance relationship (:func:`~graph.rdf.vocab.provenance_claims`);
        ``parts`` make its IRI."""
        shape = provenance_claims()[relationship]
        iri = self.claim(shape.kind, shape.cls, evidence, *parts)
        self.graph.add((iri, shape.start, start))
        self.graph.add((iri, shape.end, end))
        return iri

    def add_facts(self) -> None:
        g, rec = self.graph, self.record
        taxonomy = load_taxonomy()
        for p in rec.positions:
            person, org = self.actor(p.person, person=True), self.actor(p.org)
            title = " ".join((p.title or "").split())
            c = self.fact("HOLDS_POSITION", p.evidence, person, org, person, org, title)
            if title:
                g.add((c, TG.title, Literal(title)))
        for p in rec.part_of:
            part, whole = self.actor(p.part), self.actor(p.whole)
            self.fact("PART_OF", p.evidence, part, whole, part, whole)
        for gap in rec.gaps:
            if gap.gap not in taxonomy:
                raise ExtractionError(f"gap id {gap.gap!r} is not in the taxonomy", path=rec.report.file)
            agency = self.actor(gap.org)
            c = self.fact("HAS_GAP", gap.evidence, agency, gap_iri(gap.gap), agency, gap.gap)
            if gap.said_by:
                g.add((c, TG.saidBy, self.actor(gap.said_by, person=True)))
        for s in rec.statements:
            speaker = self.actor(s.speaker, person=True)
            c = self.claim("statement", TG.Statement, s.evidence, speaker, s.quote)
            g.add((c, TG.speaker, speaker))
            g.add((c, TG.quote, Literal(s.quote)))
        for st in rec.statistics:
            value = _decimal(st.value)
            if value is None:
                continue
            kind = getattr(st, "kind", None)
            parts = (st.measure or "", value, st.year or "") + ((kind,) if kind and kind != "actual" else ())
            c = self.claim("statistic", TG.Statistic, st.evidence, *parts)
            g.add((c, TG.value, decimal_literal(value)))
            if st.measure:
                g.add((c, TG.measure, Literal(st.measure)))
            kind = getattr(st, "kind", None)  # set by extraction for recommended / target figures
            if kind and kind != "actual":
                g.add((c, TG.figureKind, Literal(kind)))
            if st.year:
                g.add((c, TG.year, Literal(int(st.year), datatype=XSD.integer)))
            if st.said_by:
                g.add((c, TG.saidBy, self.actor(st.said_by, person=True)))
            if st.source_org:
                g.add((c, TG.sourceOrg, self.actor(st.source_org)))
        for cr in rec.criticisms:
            critic, target = self.actor(cr.critic), self.actor(cr.target)
            self.fact("CRITICISED", cr.evidence, critic, target, critic, target)
        for index, case in enumerate(rec.cases):
            self.add_case(index, case)

    def add_case(self, index: int, case) -> None:
        g = self.graph
        c = self.claim("case", TG.Case, case.evidence, case.id or index, case.summary or "")
        for prop, value in ((TG.summary, case.summary), (TG.place, case.place), (TG.status, case.status),
                            (TG.exploitation, case.exploitation), (TG.stage, case.stage),
                            (TG.country, case.country)):
            if value:
                g.add((c, prop, Literal(value)))
        if case.year:
            g.add((c, TG.year, Literal(int(case.year), datatype=XSD.integer)))
        if case.date:
            g.add((c, TG.caseDate, Literal(case.date, datatype=XSD.date)))
        if case.victims is not None:
            g.add((c, TG.victimCount, Literal(int(case.victims), datatype=XSD.integer)))
        if case.suspects is not None:
            g.add((c, TG.suspectCount, Literal(int(case.suspects), datatype=XSD.integer)))
        roles = case.roles or {}
        placed: set[str] = set()
        properties, declared = _case_role_properties(), vocabulary().case_roles
        for role, names in roles.items():
            prop = properties.get(role)
            if prop is None:
                continue
            for name in names:
                g.add((c, prop, self.actor(name, person=declared[role].person)))
                placed.add(name.casefold())
        for name in case.agencies:
            if name.casefold() not in placed:
                g.add((c, TG.involves, self.actor(name)))
        for name in case.people:
            if name.casefold() not in placed:
                g.add((c, TG.involves, self.actor(name, person=True)))


def decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in its canonical lexical form ("310.0", "66.7"): the form Turtle writes and
    reads back, so a figure is the same term after any round trip (files, Neo4j)."""
    text = f"{int(value)}.0" if value == value.to_integral_value() else format(value.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def _decimal(value: object) -> Decimal | None:
    """A canonical decimal: whole numbers without a fraction part ("1000000", not "1000000.0"),
    so the figure reads the same after a trip through Neo4j."""
    try:
        number = Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return Decimal(int(number)) if number == number.to_integral_value() else number


def record_to_graph(record: ExtractionRecord, resolver: Resolver | None = None) -> Graph:
    """The RDF of one report: the report, its actors and every claim, with provenance."""
    builder = _Builder(record, resolver or Resolver())
    builder.add_report()
    builder.add_actors()
    builder.add_facts()
    return builder.graph
