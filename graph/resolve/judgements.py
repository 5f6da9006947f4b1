"""Investigators' corrections to entity resolution, kept in ``<data home>/judgements.yaml``
and applied by every later ingest::

    merge:                      # these names are one actor; the first is canonical
      - [Ministry of Labour and Vocational Training, MOLVT, labour ministry]
    keep_apart:                 # never merge these (checked by `tipgraph resolve`)
      - [National Police, National Police Commission]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError
from ..paths import data_home
from .keys import name_key, normalise_name

__all__ = ["Judgements", "judgements_path", "load_judgements", "add_judgement"]


def _without_conflicts(data: dict[str, list[list[str]]], kind: str, names: list[str]) -> dict[str, list[list[str]]]:
    new = {normalise_name(n) for n in names}
    if kind == "keep_apart":
        merge = []
        for group in data["merge"]:
            seen_new = False
            kept = []
            for name in group:
                if normalise_name(name) in new:
                    if seen_new:
                        continue  # would join two names now kept apart
                    seen_new = True
                kept.append(name)
            if len(kept) >= 2:
                merge.append(kept)
        return {"merge": merge, "keep_apart": data["keep_apart"]}
    apart = [g for g in data["keep_apart"] if len({normalise_name(n) for n in g} & new) < 2]
    return {"merge": data["merge"], "keep_apart": apart}


def judgements_path() -> Path:
    return Path(os.environ.get("TIPGRAPH_JUDGEMENTS") or data_home() / "judgements.yaml")


@dataclass(frozen=True)
class Judgements:
    merge: tuple[tuple[str, ...], ...] = field(default=())
    keep_apart: tuple[tuple[str, ...], ...] = field(default=())

    def merge_map(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for group in self.merge:
            canonical = name_key(group[0])
            for name in group:
                out[normalise_name(name)] = canonical
        return out


    def canonical_names(self) -> dict[str, str]:
        """Normalised name -> the normalised first name of its merge group."""
        out: dict[str, str] = {}
        for group in self.merge:
            canonical = normalise_name(group[0])
            for name in group[1:]:
                if normalise_name(name) != canonical:
                    out[normalise_name(name)] = canonical
        return out

    def names(self) -> set[str]:
        """Every judged name, normalised."""
        return {normalise_name(n) for group in (*self.merge, *self.keep_apart) for n in group}


def load_judgements(path: Path | None = None) -> Judgements:
    path = path or judgements_path()
    if not path.exists():
        return Judgements()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("expected a mapping with 'merge' and 'keep_apart' lists", path=str(path))
    def groups(key: str) -> tuple[tuple[str, ...], ...]:
        value = data.get(key) or []
        if not all(isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) for n in g) for g in value):
            raise InputError(f"'{key}' must be a list of lists of two or more names", path=str(path))
        return tuple(tuple(g) for g in value)
    return Judgements(merge=groups("merge"), keep_apart=groups("keep_apart"))


def add_judgement(kind: str, names: tuple[str, ...] | list[str]) -> Path:
    """Append a ``merge`` or ``keep_apart`` group to the judgements file (created 0600).

    The latest judgement wins: keeping names apart takes all but the first of them out of the
    merge groups that join them, and merging names drops the keep-apart groups they were in."""
    if kind not in ("merge", "keep_apart"):
        raise ValueError(kind)
    names = [n.strip() for n in names if n.strip()]
    if len(names) < 2:
        raise InputError(f"{kind} needs two or more names")
    path = judgements_path()
    current = load_judgements(path)
    data = {"merge": [list(g) for g in current.merge], "keep_apart": [list(g) for g in current.keep_apart]}
    data = _without_conflicts(data, kind, names)
    data[kind].append(names)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)  # atomic: a crash never leaves half a judgements file
    return path
