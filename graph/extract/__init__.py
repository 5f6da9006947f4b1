"""The extraction engine: one report in, one :class:`~graph.record.ExtractionRecord` out.

Deterministic and offline: precompiled regular expressions over clean sentences, a gazetteer of
real organisations (``schemas/gazetteer.yaml``) and the gap taxonomy. Modules:
``text`` (sentences, boilerplate), ``gazetteer``, ``orgs`` (organisation mentions), ``people``
(persons and posts), ``speech`` (quotes, speakers), ``gaps``, ``figures``, ``relations``
(part_of, criticisms, cases) and ``meta``.
"""

from __future__ import annotations

from .engine import extract

__all__ = ["extract"]
