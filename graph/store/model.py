"""The property-graph model: how the RDF of a report maps onto Neo4j nodes and relationships.

Actors, gaps and reports are nodes. Facts that connect two actors (or an actor and a gap) are
relationships that carry their provenance as parallel lists: ``sources`` (report ids),
``evidence`` with ``evidenceSources`` (one report id per sentence), and for gaps ``saidBy`` /
``saidById`` with ``saidBySources``. A fact several reports state is one relationship with several
sources. Statements, statistics and cases belong to one report and are nodes of their own.

Labels and relationship types are fixed here (the whitelist); nothing a report says can become a
label or a type. ``rows_from_graph`` maps one report; ``MergedRows`` merges the rows of many
(one row per actor and per fact) for the batch writer and the bulk importer. The model is
documented, with Cypher examples, in ``schemas/README.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.stores.memory import Memory as _Memory

from ..rdf.vocab import ID, ORG, SCHEMA, TG

__all__ = [
    "ACTOR_LABELS",
    "NODE_LABELS",
    "REL_TYPES",
    "CASE_ROLE_TYPES",
    "PROVENANCE_RELS",
    "RelRow",
    "ReportRows",
    "MergedRows",
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
NODE_LABELS = frozenset({"Actor", "Report", "Gap", "Statement", "Statistic", "Case", "Country", "Extraction",
                         *ACTOR_LABELS.values()})

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

# facts several reports can state: one relationship whose provenance lists name every report;
# all other relationships touch a node that belongs to one report
PROVENANCE_RELS = ("HOLDS_POSITION", "PART_OF", "HAS_GAP", "CRITICISED")

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
    "IN_COUNTRY": ("Agency", "Country"),
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
    # the extraction record as JSON, kept beside the graph (an :Extraction node) so that
    # judgements can be applied to the loaded graph without reading the report again
    extraction: str | None = None


class MergedRows:
    """The rows of many reports merged: one row per actor, per claim node and per relationship
    (type, start, end, key), each carrying the provenance of every report that contributed.

    Reports are added in order; a report added twice contributes once (its first version).
    """

    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []
        self._report_ids: set[str] = set()
        self._actors: dict[str, dict[str, Any]] = {}
        self._claims: dict[str, dict[str, dict[str, Any]]] = {}
        self._rels: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {}
        self._current: str | None = None  # the report being merged

    def add(self, rows: ReportRows, *, actors: bool = True, claims: bool = True,
            rels: Iterable[str] | None = None) -> None:
        """Merge one report in; ``actors``/``claims``/``rels`` (types) choose what to keep."""
        if rows.report_id in self._report_ids:
            return
        self._report_ids.add(rows.report_id)
        self.reports.append(rows.report)
        year = rows.report.get("year")
        self._current = rows.report_id
        if actors:
            for labels, items in rows.actors.items():
                for item in items:
                    self._add_actor(labels, item)
        if claims:
            for label, items in rows.claim_nodes.items():
                by_id = self._claims.setdefault(label, {})
                for item in items:  # a claim listed twice is one node, as MERGE would make it
                    if item["id"] in by_id:
                        by_id[item["id"]]["props"].update(item)
                    else:
                        by_id[item["id"]] = {"props": dict(item), "reportIri": rows.report["id"]}
        wanted = None if rels is None else set(rels)
        for rel_type, items in rows.rels.items():
            if wanted is None or rel_type in wanted:
                by_key = self._rels.setdefault(rel_type, {})
                add = _add_rel if rel_type in PROVENANCE_RELS else _add_link
                for rel in items:
                    add(by_key, rel, year, rel.source == rows.report_id)

    def _add_actor(self, labels: tuple[str, ...], item: dict[str, Any]) -> None:
        row = self._actors.get(item["id"])
        if row is None:
            self._actors[item["id"]] = {
                "id": item["id"], "labels": set(labels), "names": list(item["names"]),
                "aliases": list(item["aliases"]), "sources": [item["source"]],
                "country": item["country"], "roles": list(item["roles"])}
            return
        row["labels"].update(labels)
        if not _listed(row["sources"], item["source"], item["source"] == self._current):
            row["sources"].append(item["source"])
        for key in ("names", "aliases", "roles"):
            row[key] += [x for x in item[key] if x not in row[key]]
        row["country"] = row["country"] or item["country"]

    def actor_rows(self) -> dict[tuple[str, ...], list[dict[str, Any]]]:
        """Actor rows grouped by label set, sorted by id (one lock order for every writer)."""
        grouped: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for actor_id in sorted(self._actors):
            row = dict(self._actors[actor_id])
            labels = tuple(sorted(row.pop("labels")))
            row["name"] = row["names"][0] if row["names"] else None
            row["aliases"] = [a for a in row["aliases"] if a not in row["names"]]
            grouped.setdefault(labels, []).append(row)
        return grouped

    def claim_rows(self) -> dict[str, list[dict[str, Any]]]:
        """label -> ``{"props": node properties, "reportIri": the report's id}``."""
        return {label: list(by_id.values()) for label, by_id in self._claims.items()}

    def rel_rows(self) -> dict[str, list[dict[str, Any]]]:
        """type -> rows sorted by (start, end, key). Provenance relationships carry ``sources``,
        ``evidence``/``evidenceSources``, ``saidBy``/``saidById``/``saidBySources``, ``key`` and
        ``props``; the others only ``start``, ``end`` and ``sources``. Both carry the years of
        their reports: ``years`` (sorted), ``firstYear`` and ``lastYear``."""
        return {rel_type: [by_key[key] for key in sorted(by_key)] for rel_type, by_key in self._rels.items()}


def _add_year(row: dict[str, Any], year: int | None) -> None:
    """Keep ``years`` (sorted, distinct), ``firstYear`` and ``lastYear`` of a row's reports."""
    years = row["years"]
    if year is not None and year not in years:
        years.append(year)
        if len(years) > 1 and years[-2] > year:
            years.sort()
    if years:
        row["firstYear"], row["lastYear"] = years[0], years[-1]
    else:
        row["firstYear"] = row["lastYear"] = None


def _listed(sources: list[str], source: str, own: bool) -> bool:
    """Whether ``source`` is in ``sources``. Reports are merged one after the other, each once,
    so the report being merged (``own``) can only be the last source listed: a hub actor or a
    common fact listed by tens of thousands of reports is checked in constant time (a bulk
    import merges every report of the corpus into one MergedRows)."""
    if own:
        return bool(sources) and sources[-1] == source
    return source in sources


def _add_rel(by_key: dict[tuple[str, str, str], dict[str, Any]], rel: RelRow, year: int | None = None,
             own: bool = False) -> None:
    key = (rel.start, rel.end, rel.key)
    row = by_key.get(key)
    if row is None:
        by_key[key] = row = {"start": rel.start, "end": rel.end, "key": rel.key, "props": dict(rel.props),
                             "sources": [], "evidence": [], "evidenceSources": [], "saidBy": [],
                             "saidById": [], "saidBySources": [], "years": []}
    elif _listed(row["sources"], rel.source, own):
        return  # one report states a fact once
    row["sources"].append(rel.source)
    _add_year(row, year)
    row["evidence"] += rel.evidence
    row["evidenceSources"] += [rel.source] * len(rel.evidence)
    row["saidById"] += [i for i, _ in rel.said_by]
    row["saidBy"] += [n for _, n in rel.said_by]
    row["saidBySources"] += [rel.source] * len(rel.said_by)


def _add_link(by_key: dict[tuple[str, str, str], dict[str, Any]], rel: RelRow, year: int | None = None,
              own: bool = False) -> None:
    """A relationship without evidence of its own (MENTIONS, STATED, case roles …)."""
    key = (rel.start, rel.end, rel.key)
    row = by_key.get(key)
    if row is None:
        by_key[key] = row = {"start": rel.start, "end": rel.end, "sources": [rel.source], "years": []}
    elif not _listed(row["sources"], rel.source, own):
        row["sources"].append(rel.source)
    _add_year(row, year)


def _py(value: Any) -> Any:
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, URIRef):
        return str(value)
    return value


def _index(graph: Graph) -> dict[URIRef, dict[URIRef, Any]]:
    """subject -> predicate -> objects (a collection; read-only). A graph alone in rdflib's
    in-memory store (as ``record_to_graph`` makes it) is read from the store's own subject
    index, which already has that shape (objects as dict keys; a key removed may leave an empty
    dict): half the cost of mapping a report was rdflib's per-triple context bookkeeping."""
    spo = _own_spo(graph)
    if spo is not None:
        return spo
    by_subject: dict[URIRef, dict[URIRef, list]] = {}
    for s, p, o in graph:
        props = by_subject.get(s)
        if props is None:
            props = by_subject[s] = {}
        values = props.get(p)
        if values is None:
            props[p] = [o]
        else:
            values.append(o)
    return by_subject


def _own_spo(graph: Graph) -> dict | None:
    """The Memory store's subject index when it holds this graph and nothing else, else None."""
    store = graph.store
    if type(graph) is not Graph or type(store) is not _Memory:
        return None
    try:
        contexts = store._Memory__all_contexts
        spo = store._Memory__spo
    except AttributeError:  # another rdflib: take the public path
        return None
    if len(contexts) != 1 or next(iter(contexts)).identifier != graph.identifier:
        return None
    return spo


# Ontology terms looked up once: attribute access on a ClosedNamespace costs a check per call,
# and rows_from_graph runs over every subject of every report.
_TYPE, _LABEL, _ALT = RDF.type, RDFS.label, SKOS.altLabel
_EVIDENCE, _SAID_BY, _TITLE, _QUOTE = TG.evidence, TG.saidBy, TG.title, TG.quote
_KIND_OF = {TG.Position: "position", TG.PartOf: "partof", TG.GapClaim: "gapclaim",
            TG.Criticism: "criticism", TG.Statement: "statement", TG.Statistic: "statistic",
            TG.Case: "case"}
_PROVENANCE_ENDS = {"position": ("HOLDS_POSITION", ORG.member, ORG.organization),
                    "partof": ("PART_OF", TG.part, TG.whole),
                    "gapclaim": ("HAS_GAP", TG.agency, TG.gap),
                    "criticism": ("CRITICISED", TG.critic, TG.target)}
_REPORT_PROPS = (("file", TG.fileName), ("title", DCTERMS.title), ("publisher", DCTERMS.publisher),
                 ("author", DCTERMS.creator), ("date", DCTERMS.date), ("url", SCHEMA.url),
                 ("country", TG.country), ("contentHash", TG.contentHash), ("format", TG.sourceFormat))
_STATISTIC_PROPS = (("measure", TG.measure), ("value", TG.value), ("year", TG.year), ("kind", TG.figureKind))
_CASE_PROPS = (("summary", TG.summary), ("year", TG.year), ("place", TG.place), ("status", TG.status),
               ("exploitation", TG.exploitation), ("stage", TG.stage), ("country", TG.country),
               ("date", TG.caseDate), ("victimCount", TG.victimCount), ("suspectCount", TG.suspectCount))
_CASE_ROLES = tuple(CASE_ROLE_TYPES.items())
_COUNTRY, _ROLE, _SPEAKER, _SOURCE_ORG, _MENTIONS = TG.country, TG.role, TG.speaker, TG.sourceOrg, TG.mentions


def _one(props: dict, pred: URIRef) -> Any:
    values = props.get(pred)
    return _py(next(iter(values))) if values else None


def rows_from_graph(graph: Graph, report_id: str, record=None) -> ReportRows:
    """Map the RDF of one report (as :func:`graph.rdf.build.record_to_graph` makes it) to rows;
    ``record``, the extraction record it was built from, is kept with them."""
    index = _index(graph)
    report_iri = ID[f"report/{report_id}"]
    meta = index.get(report_iri, {})
    report = {"id": str(report_iri), "reportId": report_id}
    for key, pred in _REPORT_PROPS:
        report[key] = _one(meta, pred)
    report["name"] = report["title"] or report["file"] or report_id
    report["year"] = _one(meta, TG.year) or (report["date"].year if report["date"] else None)
    rows = ReportRows(report_id=report_id, report=report, triples=len(graph))
    if record is not None:
        rows.extraction = record_json(record)

    def name_of(iri) -> str:
        labels = index.get(iri, {}).get(_LABEL)
        return str(next(iter(labels))) if labels else str(iri)

    for subject, props in index.items():
        types = props.get(_TYPE, ())
        actor_labels = {ACTOR_LABELS[t] for t in types if t in ACTOR_LABELS}
        if actor_labels:
            if "Person" not in actor_labels:
                actor_labels.add("Agency")
            rows.actors[tuple(sorted(actor_labels))].append({
                "id": str(subject), "names": sorted(str(x) for x in props.get(_LABEL, ())),
                "aliases": sorted(str(a) for a in props.get(_ALT, ())),
                "country": _one(props, _COUNTRY), "source": report_id,
                "roles": sorted(str(r) for r in props.get(_ROLE, ())),
            })
            continue
        kind = next((_KIND_OF[t] for t in types if t in _KIND_OF), None)
        if kind is None:
            continue
        evidence = sorted(str(e) for e in props.get(_EVIDENCE, ()))
        ends = _PROVENANCE_ENDS.get(kind)
        if ends is not None:
            rel_type, start_pred, end_pred = ends
            said_by = sorted((str(p), name_of(p)) for p in props.get(_SAID_BY, ()))
            key, extra = "", {}
            if kind == "position":
                key = _one(props, _TITLE) or ""
                extra = {"title": key}
            rows.rels[rel_type].append(RelRow(start=str(next(iter(props[start_pred]))), end=str(next(iter(props[end_pred]))),
                                              source=report_id, key=key, evidence=evidence,
                                              said_by=said_by, props=extra))
        elif kind == "statement":
            node = {"id": str(subject), "quote": _one(props, _QUOTE), "evidence": evidence,
                    "report": report_id}
            node["name"] = _short(node["quote"])
            rows.claim_nodes["Statement"].append(node)
            for speaker in props.get(_SPEAKER, ()):
                rows.rels["STATED"].append(RelRow(str(speaker), str(subject), report_id))
        elif kind == "statistic":
            node = {"id": str(subject)}
            for key, pred in _STATISTIC_PROPS:
                node[key] = _one(props, pred)
            node["evidence"], node["report"] = evidence, report_id
            node["kind"] = node["kind"] or "actual"  # one value to compare like with like
            node["name"] = f"{node['measure'] or 'figure'}: {node['value']}"
            rows.claim_nodes["Statistic"].append(node)
            for person in sorted(str(p) for p in props.get(_SAID_BY, ())):
                rows.rels["SAID_BY"].append(RelRow(str(subject), person, report_id))
            for org in props.get(_SOURCE_ORG, ()):
                rows.rels["CREDITED_TO"].append(RelRow(str(subject), str(org), report_id))
        else:  # case
            node = {"id": str(subject)}
            for key, pred in _CASE_PROPS:
                node[key] = _one(props, pred)
            node["evidence"], node["report"] = evidence, report_id
            node["name"] = _short(node["summary"] or "case")
            rows.claim_nodes["Case"].append(node)
            for pred, rel_type in _CASE_ROLES:
                for actor in props.get(pred, ()):
                    rows.rels[rel_type].append(RelRow(str(subject), str(actor), report_id))
    for actor in meta.get(_MENTIONS, ()):
        rows.rels["MENTIONS"].append(RelRow(str(report_iri), str(actor), report_id))
    return rows


# sections whose order does not make the graph (their claims' IRIs hash their content); a case's
# IRI may hash its position, so cases keep theirs
_UNORDERED_SECTIONS = ("actors", "positions", "part_of", "gaps", "statistics", "statements", "criticisms")


def record_json(record) -> str:
    """The extraction record as canonical JSON: extraction may list actors in another order
    from one process to the next, and the stored record must not make two loads differ."""
    import json

    data = record.to_dict()
    for section in _UNORDERED_SECTIONS:
        data[section] = sorted(data.get(section) or [],
                               key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _short(text: str | None, limit: int = 80) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
