"""The extraction engine: one report in, one :class:`~graph.record.ExtractionRecord` out.

Deterministic and offline: precompiled regular expressions over clean sentences, a gazetteer of
real organisations (``schemas/gazetteer.yaml``) and the gap taxonomy. Modules:
``text`` (sentences, boilerplate), ``gazetteer``, ``orgs`` (organisation mentions), ``people``
(persons and posts), ``speech`` (quotes, speakers), ``gaps``, ``figures``, ``relations``
(part_of, criticisms, cases), ``actors`` (the report's actor table), ``lexicon`` and
``rule_files`` (rules as data) and ``literals`` (what a rule's regex needs, a cheap test that
lets most sentences skip it).
"""

from __future__ import annotations

__all__ = ["extract"]


def __getattr__(name: str):
    # the engine (hundreds of compiled patterns, 0.4 s) is imported when first used, so that
    # reading the gazetteer alone (name resolution: `tipgraph resolve merge`) does not pay for it
    if name == "extract":
        from .engine import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
