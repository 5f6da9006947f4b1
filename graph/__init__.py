"""tipgraph: a knowledge graph of actors, agencies, implementation gaps and cases in
trafficking-in-persons reporting.

The data flows one way: report → loader (:mod:`graph.loaders`) → extraction record
(:mod:`graph.extract`) → RDF (:mod:`graph.rdf`) → Neo4j (:mod:`graph.store`) →
queries and exports (:mod:`graph.queries`, :mod:`graph.exporters`).
"""

__version__ = "0.1.0"
