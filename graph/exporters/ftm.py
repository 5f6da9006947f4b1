"""FollowTheMoney (FtM) entities as JSON lines, for Aleph (``alephclient write-entities``),
``ftm`` and the OpenSanctions tools. One entity per line:
``{"id": …, "schema": …, "properties": {name: [values…]}}`` — every property value is a list of
strings, as FtM requires. Written by hand: no dependency on the ``followthemoney`` package.

Entity ids are ``tg-`` + the SHA-1 of the node IRI (:func:`entity_id`): FtM ids must be plain
``[0-9a-zA-Z.-]`` strings, and the same IRI always gives the same id, so repeated exports merge.

Node mapping: the ``ftm`` of the node's actor type in ``schemas/model.yaml`` (a state body is a
PublicBody, an NGO an Organization, a Person a Person …); without one, the ``ftm`` of its first
other label there (Agency: PublicBody, Actor: Organization, Report: Document); then the labels
other tools' graphs use (Organization, PublicBody, Government, Police); anything else (Gap,
Statement, Statistic, Case …) is a Note.

Node properties: ``name`` → ``name`` (and ``title`` for a Document); ``aliases`` → ``alias``;
``country`` → ``country`` as an ISO 3166 two-letter code (a code as given, or a country name
of :data:`COUNTRY_CODES`; a PublicBody also gets it as ``jurisdiction``, the state it belongs
to); ``description``, ``summary``,
``quote`` → ``description``; the node's labels → ``keywords``; every other property →
``notes`` as ``key: value`` lines, so nothing is silently lost.

Relationship mapping: ``HOLDS_POSITION`` from a Person or organisation to an organisation →
``Membership`` (``member``, ``organization``, ``role`` = the ``title`` property); every other
relationship → ``UnknownLink`` (``subject`` = start, ``object`` = end, ``role`` = the type in
words, e.g. ``PART_OF`` → ``part of``). On both: ``evidence`` → ``description``, ``year`` →
``date``, ``reports`` that are Report nodes in the subgraph → ``proof`` (their Document ids),
any other property → ``summary`` as ``key: value`` lines.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..schema.vocabulary import vocabulary
from ..subgraph import Node, Relationship, Subgraph
from .sinks import Target, open_sink
from .values import to_text

__all__ = ["NAME", "EXTENSION", "DESCRIPTION", "write", "read", "read_entities", "entities",
           "entity_id", "schema_for", "country_code", "COUNTRY_CODES", "SCHEMA_PROPERTIES"]

NAME = "ftm"
EXTENSION = ".ftm.json"
DESCRIPTION = "FollowTheMoney entities as JSON lines (Aleph, OpenSanctions tools)."

# labels of graphs that tipgraph did not write (not in its vocabulary), after tipgraph's own
_OTHER_GRAPHS_LABELS = {"Organization": "Organization", "PublicBody": "PublicBody",
                        "Government": "PublicBody", "Police": "PublicBody"}
_ORGANISATIONS = frozenset({"Organization", "PublicBody", "Company"})
_LEGAL_ENTITIES = _ORGANISATIONS | {"Person"}

# the FtM properties this exporter uses, per schema (all exist in the FtM schema files, on the
# schema itself or inherited from Thing / Interval / Interest); tests check every entity
_THING = frozenset({"name", "alias", "country", "description", "keywords", "notes"})
SCHEMA_PROPERTIES: dict[str, frozenset[str]] = {
    "Person": _THING,
    "Company": _THING,
    "PublicBody": _THING | {"jurisdiction"},
    "Organization": _THING,
    "Document": _THING | {"title"},
    "Note": _THING,
    "Membership": frozenset({"member", "organization", "role", "description", "date", "proof", "summary"}),
    "UnknownLink": frozenset({"subject", "object", "role", "description", "date", "proof", "summary"}),
}
_DESCRIPTIVE = ("description", "summary", "quote")
_NODE_USED = frozenset({"id", "name", "aliases", "country", *_DESCRIPTIVE})
# Country nodes are not entities of their own in FtM: a country is a property value there
_EDGE_USED = frozenset({"evidence", "year", "reports", "title"})
_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")
# the gazetteer's countries (schemas/gazetteer.yaml) and a few other names, as FtM wants them
COUNTRY_CODES: dict[str, str] = {
    "cambodia": "kh", "thailand": "th", "malaysia": "my", "burma": "mm", "myanmar": "mm",
    "indonesia": "id", "philippines": "ph", "the philippines": "ph", "vietnam": "vn", "viet nam": "vn",
    "laos": "la", "lao pdr": "la", "timor-leste": "tl", "east timor": "tl", "singapore": "sg",
    "brunei": "bn", "bangladesh": "bd", "china": "cn", "taiwan": "tw", "japan": "jp",
    "south korea": "kr", "india": "in", "nepal": "np", "sri lanka": "lk", "pakistan": "pk",
    "australia": "au", "new zealand": "nz", "united states": "us", "united kingdom": "gb",
    "switzerland": "ch", "saudi arabia": "sa", "united arab emirates": "ae", "qatar": "qa",
}


def country_code(country: Any) -> str | None:
    """The ISO 3166 alpha-2 code (lower case) of a country name or code, or None."""
    if not isinstance(country, str):
        return None
    if _COUNTRY_CODE.match(country):
        return country.lower()
    return COUNTRY_CODES.get(" ".join(country.lower().split()))


def entity_id(iri: str) -> str:
    return "tg-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()


def schema_for(labels: tuple[str, ...]) -> str:
    present = set(labels)
    for label, schema in (*vocabulary().ftm_schemata.items(), *_OTHER_GRAPHS_LABELS.items()):
        if label in present:
            return schema
    return "Note"


def entities(subgraph: Subgraph) -> Iterator[dict[str, Any]]:
    schemas = {node.id: schema_for(node.labels) for node in subgraph.nodes.values()}
    for node in subgraph.nodes.values():
        yield _node_entity(node, schemas[node.id])
    for rel in subgraph.relationships:
        yield _link_entity(rel, schemas)


def write(subgraph: Subgraph, target: Target, **_: Any) -> None:
    with open_sink(target, binary=False) as fh:
        for entity in entities(subgraph):
            fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True))
            fh.write("\n")


def read_entities(source: Any) -> list[dict[str, Any]]:
    text = source.read() if hasattr(source, "read") else Path(source).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read(source: Any) -> Subgraph:
    """The entities back as a Subgraph keyed by FtM id (labels from ``keywords``; links to
    relationships: Membership → HOLDS_POSITION, UnknownLink → its role in UPPER_SNAKE)."""
    out = Subgraph()
    links = []
    for ent in read_entities(source):
        props = ent["properties"]
        if ent["schema"] == "Membership":
            links.append(Relationship("HOLDS_POSITION", props["member"][0], props["organization"][0]))
        elif ent["schema"] == "UnknownLink":
            rel_type = props["role"][0].upper().replace(" ", "_")
            links.append(Relationship(rel_type, props["subject"][0], props["object"][0]))
        else:
            name = props.get("name", [ent["id"]])[0]
            out.add_node(Node(ent["id"], tuple(props.get("keywords", ())),
                              {"name": name, "schema": ent["schema"]}))
    for link in links:
        out.add_relationship(link)
    return out


def _node_entity(node: Node, schema: str) -> dict[str, Any]:
    p = node.properties
    props: dict[str, list[str]] = {"name": [node.name]}
    if schema == "Document":
        props["title"] = [node.name]
    aliases = _strings(p.get("aliases"))
    if aliases:
        props["alias"] = aliases
    code = country_code(p.get("country"))
    if code:
        props["country"] = [code]
        if schema == "PublicBody":
            props["jurisdiction"] = [code]
    description = [s for key in _DESCRIPTIVE for s in _strings(p.get(key))]
    if description:
        props["description"] = description
    if node.labels:
        props["keywords"] = list(node.labels)
    notes = _key_value_lines(p, _NODE_USED)
    if notes:
        props["notes"] = notes
    return {"id": entity_id(node.id), "schema": schema, "properties": props}


def _link_entity(rel: Relationship, schemas: dict[str, str]) -> dict[str, Any]:
    p = rel.properties
    start_schema, end_schema = schemas.get(rel.start), schemas.get(rel.end)
    start, end = entity_id(rel.start), entity_id(rel.end)
    if rel.type == "HOLDS_POSITION" and start_schema in _LEGAL_ENTITIES and end_schema in _ORGANISATIONS:
        schema = "Membership"
        props: dict[str, list[str]] = {"member": [start], "organization": [end]}
        role = _strings(p.get("title"))
        if role:
            props["role"] = role
    else:
        schema = "UnknownLink"
        props = {"subject": [start], "object": [end], "role": [rel.type.lower().replace("_", " ")]}
        title = _strings(p.get("title"))
        if title:
            props["summary"] = [f"title: {t}" for t in title]
    evidence = _strings(p.get("evidence"))
    if evidence:
        props["description"] = evidence
    if p.get("year") is not None:
        props["date"] = [str(p["year"])]
    proof = [entity_id(r) for r in _strings(p.get("reports")) if schemas.get(r) == "Document"]
    if proof:
        props["proof"] = proof
    extra = _key_value_lines(p, _EDGE_USED | {"key"})
    if extra:
        props["summary"] = props.get("summary", []) + extra
    # from the relationship's key, so a re-export gives the same id (duplicates merge in FtM)
    return {"id": entity_id("|".join(rel.key)), "schema": schema, "properties": props}


def _strings(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_text(v) for v in value if v is not None and v != ""]
    return [to_text(value)]


def _key_value_lines(props: dict[str, Any], used: frozenset[str]) -> list[str]:
    lines = []
    for key in sorted(props):
        if key in used or props[key] is None:
            continue
        values = _strings(props[key])
        if values:
            lines.append(f"{key}: {'; '.join(values)}")
    return lines
