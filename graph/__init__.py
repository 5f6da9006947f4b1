"""tipgraph: a knowledge graph of actors, agencies, implementation gaps and cases in
trafficking-in-persons reporting.

The data flows one way: report → loader (:mod:`graph.loaders`) → extraction record
(:mod:`graph.extract`) → RDF (:mod:`graph.rdf`, actors named through :mod:`graph.resolve`) →
Neo4j (:mod:`graph.store`) → queries, analytics and exports (:mod:`graph.queries`,
:mod:`graph.analytics`, :mod:`graph.exporters`, private people protected by
:mod:`graph.privacy`). :mod:`graph.flows` holds the paths the commands take through these
stages, :mod:`graph.schema` the vocabulary every stage shares (``schemas/model.yaml``), and
:mod:`graph.cli` the command line. The modules at this level are plain data types
(:mod:`.record`, :mod:`.report`, :mod:`.document`, :mod:`.subgraph`, the name table
:mod:`.registry`), errors, settings and path helpers.
"""

__version__ = "0.1.0"
