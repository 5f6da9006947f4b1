// tipgraph's Neo4j schema: uniqueness constraints on every node kind's `id` (its IRI), created
// before any write so MERGE is safe under concurrent ingests, plus lookup indexes for the
// properties investigators filter on. Applied by `tipgraph ingest` and `tipgraph db start`.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (n:Report) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT gap_id IF NOT EXISTS FOR (n:Gap) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statistic_id IF NOT EXISTS FOR (n:Statistic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:Case) REQUIRE n.id IS UNIQUE;
CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name);
CREATE INDEX gap_gapid IF NOT EXISTS FOR (n:Gap) ON (n.gapId);
CREATE INDEX report_reportid IF NOT EXISTS FOR (n:Report) ON (n.reportId);
CREATE INDEX report_year IF NOT EXISTS FOR (n:Report) ON (n.year);
// the moved-file check of every ingest asks for reports by the hash of their text
CREATE INDEX report_contenthash IF NOT EXISTS FOR (n:Report) ON (n.contentHash);
CREATE INDEX statistic_measure IF NOT EXISTS FOR (n:Statistic) ON (n.measure);
CREATE INDEX case_year IF NOT EXISTS FOR (n:Case) ON (n.year);
CREATE FULLTEXT INDEX actor_names IF NOT EXISTS FOR (n:Actor) ON EACH [n.name, n.names, n.aliases];
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT extraction_report IF NOT EXISTS FOR (n:Extraction) REQUIRE n.reportId IS UNIQUE;
