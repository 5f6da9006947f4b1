"""Reading the rule files of ``schemas/`` (gazetteer, lexicon, gap cues): one place that parses
them and turns a broken file into an :class:`~graph.errors.ExtractionError` naming it."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import ExtractionError
from ..paths import schema_file

__all__ = ["read_rule_file"]


def read_rule_file(name: str) -> tuple[dict[str, Any], str]:
    """The mapping a rule file holds, and its path (for later errors about its content)."""
    path = schema_file(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ExtractionError(f"{name} is not valid YAML: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise ExtractionError(f"{name} holds no mapping", path=str(path))
    return data, str(path)
