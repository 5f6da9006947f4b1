"""The model's vocabulary, read once from ``schemas/model.yaml``: actor types, case roles, case
statuses, node labels and relationship types with their endpoints.

Everything else derives its tables from :func:`vocabulary`: the extraction record's actor types
(:mod:`graph.record`), the RDF builder and reader (:mod:`graph.rdf`), the Neo4j mapping
(:mod:`graph.store.model`) and the case loaders. :func:`read_schema_yaml` is how every schema
file is read: a mistake is a :class:`~graph.errors.SchemaError` naming the file and the line.

Examples:
    >>> v = vocabulary()
    >>> "Ministry" in v.state_types and "Person" in v.person_types
    True
    >>> v.case_roles["tried_by"].relationship, v.case_roles["victim"].person
    ('TRIED_BY', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import SchemaError
from ..paths import schema_file

__all__ = ["Vocabulary", "CaseRole", "RelationshipType", "vocabulary", "load_vocabulary", "read_schema_yaml"]

_ACTOR_KINDS = ("agency", "person")


@dataclass(frozen=True)
class CaseRole:
    name: str               # record key and case column: "tried_by"
    property: str           # ontology property: "triedBy"
    relationship: str       # Neo4j type: "TRIED_BY"
    person: bool            # names people (else agencies)
    default_type: str       # actor type of an unknown name when no keyword decides


@dataclass(frozen=True)
class RelationshipType:
    name: str
    start: str
    end: str                # one label, or several joined by "|"
    provenance: bool = False
    property: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    actor_types: tuple[str, ...]
    state_types: frozenset[str]
    person_types: frozenset[str]
    labels: dict[str, str | None]               # other node labels -> ontology class (or None)
    case_roles: dict[str, CaseRole]             # in summary order
    case_statuses: tuple[str, ...]
    private_roles: frozenset[str]
    relationships: dict[str, RelationshipType]  # every type, the case roles' included
    ftm_schemata: dict[str, str]                # label -> FollowTheMoney schema; actor types first

    @property
    def node_labels(self) -> frozenset[str]:
        return frozenset({*self.labels, *self.actor_types})

    def roles_naming(self, kind: str) -> tuple[str, ...]:
        """The case roles that name agencies (``kind="agency"``) or people (``"person"``)."""
        return tuple(r.name for r in self.case_roles.values() if r.person == (kind == "person"))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of ``schemas/model.yaml`` (read once per process)."""
    return load_vocabulary(schema_file("model.yaml"))


class _Source:
    """A YAML document with the line of each mapping key, for errors that say where."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple, int]):
        self.path, self.data, self._lines = path, data, lines

    def error(self, message: str, *where: str) -> SchemaError:
        line = next((self._lines[where[:n]] for n in range(len(where), 0, -1) if where[:n] in self._lines), None)
        return SchemaError(message, path=str(self.path), line=line)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: a faster start-up


def read_schema_yaml(path: str | Path) -> _Source:
    """A schema file parsed, with key lines; SchemaError (file, line) if it is not YAML or is not
    a mapping at the top."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        loader = _LOADER(text)
        try:  # parsed once: the data is constructed from the nodes that give the key lines
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except OSError as exc:
        raise SchemaError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemaError(f"not valid YAML: {problem}", path=str(path),
                          line=mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict):
        raise SchemaError("expected a mapping at the top", path=str(path), line=1)
    lines: dict[tuple, int] = {}
    _key_lines(node, (), lines)
    return _Source(path, data, lines)


def _key_lines(node: Any, prefix: tuple, out: dict[tuple, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = (*prefix, str(key.value))
            out[where] = key.start_mark.line + 1
            _key_lines(value, where, out)


def load_vocabulary(path: str | Path) -> Vocabulary:
    """The vocabulary in ``path``; SchemaError naming the file and line on any mistake."""
    src = read_schema_yaml(path)
    data = src.data
    for section in ("actor_types", "labels", "case_roles", "relationships"):
        if not isinstance(data.get(section), dict) or not data[section]:
            raise src.error(f"{section} must be a non-empty mapping", section)
    actor_types = tuple(data["actor_types"])
    flags = {name: _mapping(src, body, "actor_types", name) for name, body in data["actor_types"].items()}
    label_specs = {name: _mapping(src, body, "labels", name) for name, body in data["labels"].items()}
    labels = {name: spec.get("class") for name, spec in label_specs.items()}
    ftm = {name: str(spec["ftm"]) for name, spec in (*flags.items(), *label_specs.items()) if spec.get("ftm")}
    roles = {name: _case_role(src, name, body, actor_types) for name, body in data["case_roles"].items()}
    statuses = data.get("case_statuses")
    if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses):
        raise src.error("case_statuses must be a list of names", "case_statuses")
    private = data.get("private_roles")
    if not isinstance(private, list) or not all(isinstance(s, str) for s in private):
        raise src.error("private_roles must be a list of role names", "private_roles")
    known = {*labels, *actor_types}
    relationships = {name: _relationship(src, name, body, known) for name, body in data["relationships"].items()}
    for role in roles.values():
        if role.relationship in relationships:
            raise src.error(f"relationship {role.relationship} is declared twice", "case_roles", role.name)
        relationships[role.relationship] = RelationshipType(role.relationship, "Case", "Actor",
                                                            property=role.property)
    return Vocabulary(
        actor_types=actor_types,
        state_types=frozenset(t for t, f in flags.items() if f.get("state")),
        person_types=frozenset(t for t, f in flags.items() if f.get("person")),
        labels=labels, case_roles=roles, case_statuses=tuple(statuses), private_roles=frozenset(private),
        relationships=relationships, ftm_schemata=ftm)


def _mapping(src: _Source, body: Any, *where: str) -> dict:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise src.error(f"{'.'.join(where)} must be a mapping", *where)
    return body


def _case_role(src: _Source, name: str, body: Any, actor_types: tuple[str, ...]) -> CaseRole:
    body = _mapping(src, body, "case_roles", name)
    missing = [k for k in ("property", "relationship", "actor", "default_type") if not body.get(k)]
    if missing:
        raise src.error(f"case role {name} needs {', '.join(missing)}", "case_roles", name)
    if body["actor"] not in _ACTOR_KINDS:
        raise src.error(f"case role {name}: actor must be one of {', '.join(_ACTOR_KINDS)}", "case_roles", name)
    if body["default_type"] not in actor_types:
        raise src.error(f"case role {name}: default_type {body['default_type']!r} is not an actor type",
                        "case_roles", name, "default_type")
    return CaseRole(name, str(body["property"]), str(body["relationship"]), body["actor"] == "person",
                    body["default_type"])


def _relationship(src: _Source, name: str, body: Any, labels: set[str]) -> RelationshipType:
    body = _mapping(src, body, "relationships", name)
    start, end = body.get("from"), body.get("to")
    for side, value in (("from", start), ("to", end)):
        if not isinstance(value, str) or not set(value.split("|")) <= labels:
            raise src.error(f"relationship {name}: {side} {value!r} is not a declared label",
                            "relationships", name, side)
    return RelationshipType(name, start, end, bool(body.get("provenance")), body.get("property"))
