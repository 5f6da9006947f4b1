"""Entity resolution: which names are one actor.

- :mod:`.keys`: names normalised into keys (one deterministic IRI per actor, whatever the
  spelling), countries into their gazetteer names.
- :mod:`.resolver`: the :class:`~graph.resolve.resolver.Resolver` every ingest uses, built from
  the gazetteer's canonical names and investigators' judgements.
- :mod:`.judgements`: the merge / keep-apart judgements kept in ``judgements.yaml``.
- :mod:`.apply`: applying judgements to the loaded graph without reading a report again.
- :mod:`.candidates`: likely duplicate actors for an investigator to review.

Dependencies run one way: keys ← judgements ← resolver ← apply; candidates uses keys.
"""
