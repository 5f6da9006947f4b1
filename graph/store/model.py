"""The property-graph model: how the RDF of a report maps onto Neo4j nodes and relationships.

Actors, gaps and reports are nodes. Facts that connect two actors (or an actor and a gap) are
relationships that carry their provenance as parallel lists: ``sources`` (report ids),
``evidence`` with ``evidenceSources`` (one report id per sentence), and for gaps ``saidBy`` /
``saidById`` with ``saidBySources``. A fact several reports state is one relationship with several
sources. Statements, statistics and cases belong to one report and are nodes of their own.

Labels and relationship types are fixed here (the whitelist); nothing a report says can become a
label or a type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..rdf.vocab import ID, ORG, SCHEMA, TG

__all__ = [
    "ACTOR_LABELS",
    "NODE_LABELS",
    "REL_TYPES",
    "CASE_ROLE_TYPES",
    "RelRow",
    "ReportRows",
    "rows_from_graph",
]

# ontology class -> Neo4j label (actors also get :Actor, organisations :Agency)
ACTOR_LABELS: dict[URIRef, str] = {
    TG.Ministry: "Ministry",
    TG.Committee: "Committee",
    TG.LawEnforcement: "LawEnforcement",
    TG.Court: "Court",
    TG.GovernmentBody: "GovernmentBody",
    TG.NGO: "NGO",
    TG.InternationalOrganization: "InternationalOrganization",
    TG.Company: "Company",
    TG.Person: "Person",
    TG.Agency: "Agency",
}
NODE_LABELS = frozenset({"Actor", "Report", "Gap", "Statement", "Statistic", "Case", *ACTOR_LABELS.values()})

CASE_ROLE_TYPES: dict[URIRef, str] = {
    TG.involves: "INVOLVES",
    TG.investigatedBy: "INVESTIGATED_BY",
    TG.prosecutedBy: "PROSECUTED_BY",
    TG.triedBy: "TRIED_BY",
    TG.victimsAssistedBy: "VICTIMS_ASSISTED_BY",
    TG.referredFrom: "REFERRED_FROM",
    TG.referredTo: "REFERRED_TO",
    TG.implicatedOfficial: "IMPLICATED_OFFICIAL",
    TG.suspect: "SUSPECT",
    TG.victim: "VICTIM",
}

# relationship type -> (start label, end label)
REL_TYPES: dict[str, tuple[str, str]] = {
    "HOLDS_POSITION": ("Person", "Agency"),
    "PART_OF": ("Agency", "Agency"),
    "HAS_GAP": ("Agency", "Gap"),
    "CRITICISED": ("Actor", "Actor"),
    "MENTIONS": ("Report", "Actor"),
    "REPORTED": ("Report", "Statement|Statistic|Case"),
    "STATED": ("Actor", "Statement"),
    "SAID_BY": ("Statistic", "Actor"),
    "CREDITED_TO": ("Statistic", "Agency"),
    "BROADER": ("Gap", "Gap"),
    **{t: ("Case", "Actor") for t in CASE_ROLE_TYPES.values()},
}


@dataclass
class RelRow:
    """One fact as one report states it; rows of several reports merge into one relationship."""

    start: str
    end: str
    source: str
    key: str = ""
    evidence: list[str] = field(default_factory=list)
    said_by: list[tuple[str, str]] = field(default_factory=list)  # (person id, name)
    props: dict[str, Any] = field(default_factory=dict)

    def as_param(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "source": self.source, "key": self.key,
            "evidence": self.evidence, "saidById": [i for i, _ in self.said_by],
            "saidBy": [n for _, n in self.said_by], "props": self.props,
        }


@dataclass
class ReportRows:
    """Everything one report contributes, ready for ``UNWIND`` batches."""

    report_id: str
    report: dict[str, Any]
    actors: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # label -> node property maps; each node also gets (:Report)-[:REPORTED]->(node)
    claim_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[str, list[RelRow]] = field(default_factory=lambda: defaultdict(list))
    triples: int = 0


def _py(value: Any) -> Any:
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, URIRef):
        return str(value)
    return value


def _index(graph: Graph) -> dict[URIRef, dict[URIRef, list]]:
    by_subject: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        by_subject[s][p].append(o)
    return by_subject


def rows_from_graph(graph: Graph, report_id: str) -> ReportRows:
    """Map the RDF of one report (as :func:`graph.rdf.build.record_to_graph` makes it) to rows."""
    index = _index(graph)
    report_iri = ID[f"report/{report_id}"]
    meta = index.get(report_iri, {})

    def one(props, pred):
        values = props.get(pred)
        return _py(values[0]) if values else None

    report = {
        "id": str(report_iri), "reportId": report_id, "file": one(meta, TG.fileName),
        "title": one(meta, DCTERMS.title), "publisher": one(meta, DCTERMS.publisher),
        "author": one(meta, DCTERMS.creator), "date": one(meta, DCTERMS.date),
        "url": one(meta, SCHEMA.url), "country": one(meta, TG.country),
        "contentHash": one(meta, TG.contentHash), "format": one(meta, TG.sourceFormat),
    }
    report["name"] = report["title"] or report["file"] or report_id
    report["year"] = report["date"].year if report["date"] else None
    rows = ReportRows(report_id=report_id, report=report, triples=len(graph))

    names = {s: [str(x) for x in props.get(RDFS.label, [])] for s, props in index.items()}

    def name_of(iri) -> str:
        return (names.get(iri) or [str(iri)])[0]

    for subject, props in index.items():
        types = set(props.get(RDF.type, ()))
        actor_labels = sorted(ACTOR_LABELS[t] for t in types if t in ACTOR_LABELS)
        if actor_labels:
            if "Person" not in actor_labels and "Agency" not in actor_labels:
                actor_labels.append("Agency")
            rows.actors[tuple(sorted(set(actor_labels)))].append({
                "id": str(subject), "names": sorted(names.get(subject, [])),
                "aliases": sorted(str(a) for a in props.get(SKOS.altLabel, [])),
                "country": one(props, TG.country), "source": report_id,
                "roles": sorted(str(r) for r in props.get(TG.role, [])),
            })
            continue
        evidence = sorted(str(e) for e in props.get(TG.evidence, []))
        said_by = sorted((str(p), name_of(p)) for p in props.get(TG.saidBy, []))

        def rel(kind, start, end, key="", **extra):
            rows.rels[kind].append(RelRow(start=str(start), end=str(end), source=report_id, key=key,
                                          evidence=evidence, said_by=said_by, props=extra))

        if TG.Position in types:
            title = one(props, TG.title) or ""
            rel("HOLDS_POSITION", props[ORG.member][0], props[ORG.organization][0], key=title, title=title)
        elif TG.PartOf in types:
            rel("PART_OF", props[TG.part][0], props[TG.whole][0])
        elif TG.GapClaim in types:
            rel("HAS_GAP", props[TG.agency][0], props[TG.gap][0])
        elif TG.Criticism in types:
            rel("CRITICISED", props[TG.critic][0], props[TG.target][0])
        elif TG.Statement in types:
            node = {"id": str(subject), "quote": one(props, TG.quote), "evidence": evidence,
                    "report": report_id}
            node["name"] = _short(node["quote"])
            rows.claim_nodes["Statement"].append(node)
            for speaker in props.get(TG.speaker, []):
                rows.rels["STATED"].append(RelRow(str(speaker), str(subject), report_id))
        elif TG.Statistic in types:
            node = {"id": str(subject), "measure": one(props, TG.measure), "value": one(props, TG.value),
                    "year": one(props, TG.year), "evidence": evidence, "report": report_id}
            node["name"] = f"{node['measure'] or 'figure'}: {node['value']}"
            rows.claim_nodes["Statistic"].append(node)
            for person, _ in said_by:
                rows.rels["SAID_BY"].append(RelRow(str(subject), person, report_id))
            for org in props.get(TG.sourceOrg, []):
                rows.rels["CREDITED_TO"].append(RelRow(str(subject), str(org), report_id))
        elif TG.Case in types:
            node = {"id": str(subject), "summary": one(props, TG.summary), "year": one(props, TG.year),
                    "place": one(props, TG.place), "status": one(props, TG.status),
                    "exploitation": one(props, TG.exploitation), "stage": one(props, TG.stage),
                    "country": one(props, TG.country), "date": one(props, TG.caseDate),
                    "victimCount": one(props, TG.victimCount), "suspectCount": one(props, TG.suspectCount),
                    "evidence": evidence, "report": report_id}
            node["name"] = _short(node["summary"] or "case")
            rows.claim_nodes["Case"].append(node)
            for pred, rel_type in CASE_ROLE_TYPES.items():
                for actor in props.get(pred, []):
                    rows.rels[rel_type].append(RelRow(str(subject), str(actor), report_id))
    for actor in meta.get(TG.mentions, []):
        rows.rels["MENTIONS"].append(RelRow(str(report_iri), str(actor), report_id))
    return rows


def _short(text: str | None, limit: int = 80) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
