"""Where tipgraph finds its schema files and keeps its data.

Schemas live in the repository's ``schemas/`` folder; an installed (non-editable) package
finds the copy under ``<prefix>/share/tipgraph/schemas``. ``TIPGRAPH_SCHEMAS`` overrides both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["schemas_dir", "schema_file", "data_home", "neo4j_pom"]

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _candidates(sub: str) -> list[Path]:
    return [_REPO_ROOT / sub, Path(sys.prefix) / "share" / "tipgraph" / sub]


def schemas_dir() -> Path:
    override = os.environ.get("TIPGRAPH_SCHEMAS")
    if override:
        return Path(override)
    for cand in _candidates("schemas"):
        if (cand / "tipgraph.ttl").exists():
            return cand
    raise FileNotFoundError("tipgraph schemas/ not found; reinstall the package")


def schema_file(name: str) -> Path:
    path = schemas_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"schema file missing: {path}")
    return path


def neo4j_pom() -> Path:
    for cand in (_REPO_ROOT / "scripts" / "neo4j" / "pom.xml",
                 Path(sys.prefix) / "share" / "tipgraph" / "neo4j" / "pom.xml"):
        if cand.exists():
            return cand
    raise FileNotFoundError("scripts/neo4j/pom.xml not found; reinstall the package")


def data_home() -> Path:
    """The user's tipgraph data directory (local Neo4j, password, judgements)."""
    override = os.environ.get("TIPGRAPH_HOME")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "tipgraph"
