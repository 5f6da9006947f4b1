// The sentences behind a node: the evidence of each of its relationships (or only those to
// $to, of type $type), one row per sentence with its report. A case role, figure source or
// statement speaker carries the evidence of its case, figure or statement; a case, figure or
// statement node also lists its own sentences (relationship `(self)`).
//
// Rows are distinct, ordered by relationship, from, to, report, sentence, and a hub node has
// tens of thousands of them: so the relationships are first grouped by (relationship, from,
// to), the leading key of that order, and sentences are made only for the shortest run of
// groups, in that order, that surely gives $limit rows; every later group sorts after all of
// them. A group gives at least as many rows as its relationship with most sentences (a
// relationship without sentences gives one row): one report states a fact once, so the
// (sentence, report) pairs of one relationship are distinct; two relationships of a group (two
// titles of one post) may repeat each other's rows, which are made distinct, as UNION did.
// Every group but `(self)` gives a row, so that run lies within the first $limit + 1 groups:
// only they are sorted out of the rest (a top-k, not a sort of every group) and counted.
// Only the model's relationship types are expanded (all but MENTIONS, BROADER, REPORTED and
// VICTIM; tests/test_queries_evidence.py keeps the list in step with the model): a hub agency
// has tens of thousands of MENTIONS, which an untyped expansion would read and drop. Names are
// read for the grouping; a relationship's own sentences are counted for the first groups only
// (reading a list of sentences is what costs), a case, figure or statement's sentences as one
// row (at least that many), and only the taken groups read them.
// The rows come back as one list in one record (`rows`, unpacked by graph/queries/rows.py):
// the driver's cost is mostly per record, and there can be thousands of them.
CALL () {
  MATCH (n:Actor {id: $node}) RETURN n
  UNION MATCH (n:Gap {id: $node}) RETURN n
  UNION MATCH (n:Case {id: $node}) RETURN n
  UNION MATCH (n:Statistic {id: $node}) RETURN n
  UNION MATCH (n:Statement {id: $node}) RETURN n
}
CALL (n) {
  MATCH (n)-[r:CREDITED_TO|CRITICISED|HAS_GAP|HOLDS_POSITION|IMPLICATED_OFFICIAL|INVESTIGATED_BY|INVOLVES|IN_COUNTRY|PART_OF|PROSECUTED_BY|REFERRED_FROM|REFERRED_TO|SAID_BY|STATED|SUSPECT|TRIED_BY|VICTIMS_ASSISTED_BY]-(m)
  WHERE ($to IS NULL OR m.id = $to) AND ($type IS NULL OR type(r) = $type)
    AND NOT 'victim' IN coalesce(m.roles, [])
  WITH n, r, m, startNode(r) = n AS out
  RETURN type(r) AS relationship, CASE WHEN out THEN n.name ELSE m.name END AS from,
         CASE WHEN out THEN m.name ELSE n.name END AS to, r, null AS claim
  UNION ALL
  WITH n WHERE (n:Case OR n:Statistic OR n:Statement) AND $to IS NULL AND $type IS NULL
  RETURN '(self)' AS relationship, n.name AS from, null AS to, null AS r, n AS claim
}
WITH relationship, from, to, collect([r, claim]) AS units
ORDER BY relationship, from, to
LIMIT $limit + 1
WITH relationship, from, to, units,
     reduce(most = 0, u IN units | CASE
       WHEN u[0] IS NULL THEN CASE WHEN size(coalesce(u[1].evidence, [])) > most THEN size(u[1].evidence) ELSE most END
       WHEN size(coalesce(u[0].evidence, [])) > most THEN size(u[0].evidence)
       WHEN most < 1 THEN 1 ELSE most END) AS rows
WITH collect({relationship: relationship, from: from, to: to, units: units, rows: rows}) AS groups
WITH groups, reduce(acc = {rows: 0, groups: 0}, g IN groups |
       CASE WHEN acc.rows >= $limit THEN acc ELSE {rows: acc.rows + g.rows, groups: acc.groups + 1} END) AS taken
UNWIND groups[0..taken.groups] AS g
CALL (g) {
  UNWIND g.units AS unit
  WITH unit[0] AS r, unit[1] AS self
  WITH r, CASE WHEN r IS NULL THEN self WHEN startNode(r):Case OR startNode(r):Statistic THEN startNode(r)
               WHEN endNode(r):Statement THEN endNode(r) END AS claim
  // the lists read once: `r.evidence[k]` on a relationship taken out of a list reads the
  // whole property again for every k
  WITH r, claim, r.evidence AS evidence, r.evidenceSources AS evidenceSources
  WITH r,
       CASE WHEN r IS NULL THEN [x IN coalesce(claim.evidence, []) | {sentence: x, report: claim.report}]
            WHEN evidence IS NOT NULL
            THEN [k IN range(0, size(evidence) - 1) | {sentence: evidence[k], report: evidenceSources[k]}]
            WHEN claim IS NOT NULL THEN [x IN coalesce(claim.evidence, []) | {sentence: x, report: claim.report}]
            ELSE [] END AS sentences
  UNWIND CASE WHEN size(sentences) = 0 AND r IS NOT NULL THEN [{sentence: null, report: null}] ELSE sentences END AS ev
  RETURN ev.sentence AS sentence,
         CASE WHEN ev.report IS NOT NULL OR r IS NULL THEN ev.report
              ELSE reduce(t = '', x IN coalesce(r.sources, []) | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) END AS report
}
// distinct rows by grouping, not DISTINCT: grouping makes rows of these columns alone, where
// DISTINCT passes on rows that still hold the group (and through it a hub fact's thousands of
// sentences), which the sort then counts once per row kept: past the transaction's memory
WITH g.relationship AS relationship, g.from AS from, g.to AS to, sentence, report, count(*) AS copies
ORDER BY relationship, from, to, report, sentence
LIMIT $limit
RETURN collect({relationship: relationship, from: from, to: to, sentence: sentence, report: report}) AS rows
