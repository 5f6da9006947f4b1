"""The paths a command takes through the library, one module each:

- :mod:`.discovery`: which files an ingest reads, and each report's name.
- :mod:`.workers`: the one worker pool (processes that die with the command) and the rule
  that one bad file becomes a :class:`~graph.flows.workers.Failure`, never a stopped batch.
- :mod:`.extract`: many files → extraction records (`tipgraph extract`).
- :mod:`.ingest`: files → records → RDF → SHACL → Neo4j (`tipgraph ingest`, `db import`).
- :mod:`.limits`: caps on what one record may send to the graph.
- :mod:`.export`: a subgraph selected in Neo4j → an analyst's format (`tipgraph export`).
- :mod:`.read`: a report's blocks as the extractor reads them (`tipgraph read`).
- :mod:`.evaluate`: extraction scored against gold annotations (`tipgraph evaluate`).
"""
