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
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.plugins.stores.memory import Memory as _Memory

from ..errors import DatabaseError
from ..resolve.keys import lookup_keys
from ..rdf.vocab import ID, SCHEMA, TG, label_classes, provenance_claims, relationship_properties
from ..schema.vocabulary import vocabulary

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
    "claims_with_links",
]

# The whitelist: every label and relationship type, from schemas/model.yaml (graph.schema.vocabulary)
_VOCABULARY = vocabulary()
# ontology class -> Neo4j label (actors also get :Actor, organisations :Agency)
ACTOR_LABELS: dict[URIRef, str] = {cls: label for label, cls in label_classes().items()}
NODE_LABELS = _VOCABULARY.node_labels
# ontology property -> relationship (:Case)-[:TYPE]->(:Actor)
CASE_ROLE_TYPES: dict[URIRef, str] = {prop: rel_type for rel_type, prop in relationship_properties().items()
                                      if _VOCABULARY.relationships[rel_type].start == "Case"}

# facts several reports can state: one relationship whose provenance lists name every report;
# all other relationships touch a node that belongs to one report
PROVENANCE_RELS = tuple(name for name, rel in _VOCABULARY.relationships.items() if rel.provenance)

# relationship type -> (start label, end label)
REL_TYPES: dict[str, tuple[str, str]] = {name: (rel.start, rel.end) for name, rel in _VOCABULARY.relationships.items()}


@dataclass(slots=True)
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

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # rows cross from the workers that prepare reports by the hundred thousand: as the
        # constructor's arguments they pickle and unpickle about a third faster than as the
        # slots' state, which is set attribute by attribute
        return RelRow, (self.start, self.end, self.source, self.key, self.evidence, self.said_by, self.props)


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
    """The actors and shared facts of many reports merged: one row per actor and per
    relationship (type, start, end, key) of :data:`PROVENANCE_RELS`, each carrying the
    provenance of every report that contributed. A report's own nodes and links need no merge
    (:func:`claims_with_links`).

    Reports are added in order; a report added twice contributes once (its first version).
    """

    def __init__(self) -> None:
        self._report_ids: set[str] = set()
        self._actors: dict[str, dict[str, Any]] = {}
        self._rels: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {}
        self._current: str | None = None  # the report being merged

    def add(self, rows: ReportRows) -> None:
        """Merge one report's actors and shared facts in."""
        self.add_plain(shared_plain(rows))

    def add_plain(self, plain: tuple) -> None:
        """Merge in one report's actors and shared facts given as :func:`shared_plain` made them."""
        report_id, year, actors, rels = plain
        if report_id in self._report_ids:
            return
        self._report_ids.add(report_id)
        self._current = report_id
        for labels, items in actors:
            for item in items:
                self._add_actor(labels, *item)
        for rel_type, items in rels:
            by_key = self._rels.setdefault(rel_type, {})
            for start, end, source, key, evidence, said_by, props in items:
                _add_rel(by_key, start, end, source, key, evidence, said_by, props, year, source == report_id)

    def _add_actor(self, labels: tuple[str, ...], actor_id: str, names: list[str], aliases: list[str],
                   source: str, country: str | None, roles: list[str]) -> None:
        row = self._actors.get(actor_id)
        if row is None:
            self._actors[actor_id] = {
                "id": actor_id, "labels": set(labels), "names": list(names), "aliases": list(aliases),
                "sources": [source], "country": country, "roles": list(roles)}
            return
        row["labels"].update(labels)
        sources = row["sources"]
        if not _listed(sources, source, source == self._current):
            sources.append(source)
        for have, given in ((row["names"], names), (row["aliases"], aliases), (row["roles"], roles)):
            for value in given:  # mostly a name or none: a loop, not a new list per key
                if value not in have:
                    have.append(value)
        if not row["country"]:
            row["country"] = country

    def actor_list(self) -> list[dict[str, Any]]:
        """Every actor row sorted by id (one lock order for every writer), its labels sorted
        under ``labels``, the normalised forms of its names and aliases under ``nameKeys``; made once, for the batch writer's parameters."""
        rows = []
        for actor_id in sorted(self._actors):
            row = self._actors[actor_id]
            names = row["names"]
            aliases = [a for a in row["aliases"] if a not in names]
            rows.append({"id": actor_id, "labels": sorted(row["labels"]), "names": names,
                         "aliases": aliases, "nameKeys": lookup_keys(names + aliases), "sources": row["sources"],
                         "country": row["country"], "roles": row["roles"], "name": names[0] if names else None})
        return rows

    def rel_rows(self) -> dict[str, list[dict[str, Any]]]:
        """type -> rows sorted by (start, end, key), each with ``sources``, ``evidence``/
        ``evidenceSources``, ``saidBy``/``saidById``/``saidBySources``, ``key``, ``props`` and the
        years of their reports: ``years`` (sorted), ``firstYear`` and ``lastYear``."""
        return {rel_type: [by_key[key] for key in sorted(by_key)] for rel_type, by_key in self._rels.items()}


def claims_with_links(rows: ReportRows) -> list[dict[str, Any]]:
    """One report's claim rows, each with the relationships to actors that hang off it (``out``:
    from the claim, ``in``: to it), so one statement creates a claim node and all its edges.
    A claim or link the report lists twice is written once, as MERGE would. The rows are the
    report's own (nothing to merge across reports: a claim belongs to one), not copies."""
    year = rows.report.get("year")
    sources, years = [rows.report_id], ([] if year is None else [year])  # shared by every link
    report_iri = rows.report["id"]
    by_id: dict[str, dict[str, Any]] = {}
    for label, items in rows.claim_nodes.items():
        if label not in NODE_LABELS:
            raise DatabaseError(f"label {label!r} is not in the model")
        for item in items:
            claim = by_id.get(item["id"])
            if claim is None:
                by_id[item["id"]] = {"label": label, "props": item, "reportIri": report_iri, "out": [], "in": []}
            else:  # the report's own rows stay as they are
                claim["props"] = {**claim["props"], **item}
    seen: set[tuple[str, str, str]] = set()
    for rel_type, items in rows.rels.items():
        if rel_type in PROVENANCE_RELS or rel_type == "MENTIONS":
            continue
        if rel_type not in REL_TYPES:
            raise DatabaseError(f"relationship type {rel_type!r} is not in the model")
        claim_at_start = REL_TYPES[rel_type][0] != "Actor"  # STATED is (Actor)->(Statement)
        direction = "out" if claim_at_start else "in"
        for rel in items:
            claim_id, actor_id = (rel.start, rel.end) if claim_at_start else (rel.end, rel.start)
            claim = by_id.get(claim_id)
            if claim is None:
                raise DatabaseError(f"{rel_type} relationship from {rel.start} to {rel.end} "
                                    "belongs to no statement, figure or case of the batch")
            link = (rel_type, rel.start, rel.end)
            if link not in seen:
                seen.add(link)
                claim[direction].append({"type": rel_type, "actor": actor_id, "sources": sources, "years": years})
    return list(by_id.values())


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


def _add_rel(by_key: dict[tuple[str, str, str], dict[str, Any]], start: str, end: str, source: str, key: str,
             evidence: list[str], said_by: list, props: dict[str, Any], year: int | None = None,
             own: bool = False) -> None:
    row = by_key.get((start, end, key))
    if row is None:
        by_key[(start, end, key)] = row = {
            "start": start, "end": end, "key": key, "props": dict(props), "sources": [], "evidence": [],
            "evidenceSources": [], "saidBy": [], "saidById": [], "saidBySources": [], "years": []}
    elif _listed(row["sources"], source, own):
        return  # one report states a fact once
    row["sources"].append(source)
    _add_year(row, year)
    row["evidence"] += evidence
    row["evidenceSources"] += [source] * len(evidence)
    row["saidById"] += [i for i, _ in said_by]
    row["saidBy"] += [n for _, n in said_by]
    row["saidBySources"] += [source] * len(said_by)


def shared_plain(rows: ReportRows) -> tuple:
    """What :meth:`MergedRows.add` takes from ``rows`` (its actors and the facts of
    :data:`PROVENANCE_RELS`; of the report, its year) as tuples, lists, dicts and strings only,
    for :meth:`MergedRows.add_plain`. A worker sends it to the process that merges as one
    ``marshal`` string, which loads five times faster than the same rows pickled as dicts and
    :class:`RelRow` objects (0.08 s where they took 0.43 s for 30 batches of 100 reports)."""
    actors = [(labels, [(a["id"], a["names"], a["aliases"], a["source"], a["country"], a["roles"])
                        for a in items])
              for labels, items in rows.actors.items()]
    rels = [(rel_type, [(r.start, r.end, r.source, r.key, r.evidence, r.said_by, r.props)
                        for r in rows.rels[rel_type]])
            for rel_type in PROVENANCE_RELS if rows.rels.get(rel_type)]
    return rows.report_id, rows.report.get("year"), actors, rels


def _py(value: Any) -> Any:
    kind = type(value)
    if kind is Literal:  # the common case first: a plain or typed literal
        python = value.value
        if python is None:  # a literal of a datatype rdflib does not convert keeps its text
            return value
        kind = type(python)
        if kind is str or kind is int:
            return python
        value = python
    elif kind is URIRef:
        return str(value)
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
# claim class -> the provenance relationship's claim shape
_CLAIM_OF_CLASS = {shape.cls: shape for shape in provenance_claims().values()}
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
    rows = ReportRows(report_id=report_id, report=_report_row(meta, report_iri, report_id), triples=len(graph))
    if record is not None:
        rows.extraction = record_json(record)
    reader = _RowReader(rows, index)
    for subject, props in index.items():
        reader.add(subject, props)
    for actor in meta.get(_MENTIONS, ()):
        rows.rels["MENTIONS"].append(RelRow(str(report_iri), str(actor), report_id))
    return rows


def _report_row(meta: dict, report_iri: URIRef, report_id: str) -> dict[str, Any]:
    report = {"id": str(report_iri), "reportId": report_id}
    for key, pred in _REPORT_PROPS:
        report[key] = _one(meta, pred)
    report["name"] = report["title"] or report["file"] or report_id
    report["year"] = _one(meta, TG.year) or (report["date"].year if report["date"] else None)
    return report


class _RowReader:
    """Each subject of a report's RDF as the rows it contributes: an actor, a fact with
    provenance, or a claim node (statement, statistic, case) with its relationships."""

    def __init__(self, rows: ReportRows, index: dict):
        self.rows, self.index, self.source = rows, index, rows.report_id
        self.claim_nodes = {TG.Statement: self.statement, TG.Statistic: self.statistic, TG.Case: self.case}

    def add(self, subject: URIRef, props: dict) -> None:
        types = props.get(_TYPE)
        if not types:
            return
        labels = None
        for cls in types:
            label = ACTOR_LABELS.get(cls)
            if label is not None:
                if labels is None:
                    labels = {label}
                else:
                    labels.add(label)
        if labels:
            self.actor(subject, props, labels)
            return
        for cls in types:
            shape = _CLAIM_OF_CLASS.get(cls)
            if shape is not None:
                self.fact(props, shape)
                return
            claim = self.claim_nodes.get(cls)
            if claim is not None:
                claim(subject, props, _evidence(props))
                return

    def name_of(self, iri: URIRef) -> str:
        labels = self.index.get(iri, {}).get(_LABEL)
        return str(next(iter(labels))) if labels else str(iri)

    def actor(self, subject: URIRef, props: dict, labels: set[str]) -> None:
        if "Person" not in labels:
            labels.add("Agency")
        get = props.get
        self.rows.actors[tuple(sorted(labels))].append({
            "id": str(subject), "names": _strings(get(_LABEL)), "aliases": _strings(get(_ALT)),
            "country": _one(props, _COUNTRY), "source": self.source, "roles": _strings(get(_ROLE)),
        })

    def fact(self, props: dict, shape) -> None:
        said = props.get(_SAID_BY)
        said_by = sorted((str(p), self.name_of(p)) for p in said) if said else []
        positional = shape.relationship == "HOLDS_POSITION"
        key = (_one(props, _TITLE) or "") if positional else ""
        self.rows.rels[shape.relationship].append(RelRow(
            str(next(iter(props[shape.start]))), str(next(iter(props[shape.end]))), self.source, key,
            _evidence(props), said_by, {"title": key} if positional else {}))

    def statement(self, subject: URIRef, props: dict, evidence: list[str]) -> None:
        quote = _one(props, _QUOTE)
        node_id = str(subject)
        self.rows.claim_nodes["Statement"].append(
            {"id": node_id, "quote": quote, "evidence": evidence, "report": self.source, "name": _short(quote)})
        speakers = props.get(_SPEAKER)
        if speakers:
            stated = self.rows.rels["STATED"]
            for speaker in speakers:
                stated.append(RelRow(str(speaker), node_id, self.source))

    def statistic(self, subject: URIRef, props: dict, evidence: list[str]) -> None:
        node_id = str(subject)
        node = {"id": node_id}
        for key, pred in _STATISTIC_PROPS:
            values = props.get(pred)
            node[key] = _py(next(iter(values))) if values else None
        node["evidence"], node["report"] = evidence, self.source
        node["kind"] = node["kind"] or "actual"  # one value to compare like with like
        node["name"] = f"{node['measure'] or 'figure'}: {node['value']}"
        self.rows.claim_nodes["Statistic"].append(node)
        people = props.get(_SAID_BY)
        if people:
            said_by = self.rows.rels["SAID_BY"]
            for person in _strings(people):
                said_by.append(RelRow(node_id, person, self.source))
        orgs = props.get(_SOURCE_ORG)
        if orgs:
            credited = self.rows.rels["CREDITED_TO"]
            for org in orgs:
                credited.append(RelRow(node_id, str(org), self.source))

    def case(self, subject: URIRef, props: dict, evidence: list[str]) -> None:
        node = {"id": str(subject), **{key: _one(props, pred) for key, pred in _CASE_PROPS}}
        node["evidence"], node["report"] = evidence, self.source
        node["name"] = _short(node["summary"] or "case")
        self.rows.claim_nodes["Case"].append(node)
        for pred, rel_type in _CASE_ROLES:
            for actor in props.get(pred, ()):
                self.rows.rels[rel_type].append(RelRow(str(subject), str(actor), self.source))


def _strings(values) -> list[str]:
    """The values (a collection of RDF terms, or None) as sorted strings."""
    if not values:
        return []
    strings = [str(v) for v in values]
    if len(strings) > 1:
        strings.sort()
    return strings


def _evidence(props: dict) -> list[str]:
    return _strings(props.get(_EVIDENCE))


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
