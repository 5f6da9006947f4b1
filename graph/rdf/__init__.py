"""The RDF stage: extraction records become triples in the tipgraph ontology (``schemas/``),
validated with SHACL before anything is written to Neo4j."""
