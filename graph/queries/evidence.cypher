// The sentences behind a node: the evidence of each of its relationships (or only those to
// $to, of type $type), one row per sentence with its report. A case role, figure source or
// statement speaker carries the evidence of its case, figure or statement; a case, figure or
// statement node also lists its own sentences (relationship `(self)`).
//
// Rows are ordered by relationship, from, to, report, sentence, and a hub node has tens of
// thousands of them: so the relationships are first grouped by (relationship, from, to), the
// leading key of that order, with the number of rows each group gives (a relationship without
// sentences gives one row), and sentences are made only for the shortest run of groups, in
// that order, that gives $limit rows. Every later group sorts after all of those rows.
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
  MATCH (n)-[r]-(m)
  WHERE NOT type(r) IN ['MENTIONS', 'BROADER', 'REPORTED']
    AND ($to IS NULL OR m.id = $to) AND ($type IS NULL OR type(r) = $type)
    AND NOT (type(r) = 'VICTIM' OR 'victim' IN coalesce(m.roles, []))
  WITH r, startNode(r) AS s, endNode(r) AS e
  WITH r, s, e, CASE WHEN s:Case OR s:Statistic THEN s WHEN e:Statement THEN e END AS claim
  WITH r, s, e, claim,
       CASE WHEN r.evidence IS NOT NULL THEN size(r.evidence)
            WHEN claim IS NOT NULL THEN size(coalesce(claim.evidence, [])) ELSE 0 END AS sentences
  RETURN type(r) AS relationship, s.name AS from, e.name AS to, r, claim,
         CASE WHEN sentences = 0 THEN 1 ELSE sentences END AS rows
  UNION
  WITH n WHERE (n:Case OR n:Statistic OR n:Statement) AND $to IS NULL AND $type IS NULL
  RETURN '(self)' AS relationship, n.name AS from, null AS to, null AS r, n AS claim,
         size(coalesce(n.evidence, [])) AS rows
}
WITH relationship, from, to, collect([r, claim]) AS units, sum(rows) AS rows
ORDER BY relationship, from, to
WITH collect({relationship: relationship, from: from, to: to, units: units, rows: rows}) AS groups
WITH groups, reduce(acc = {rows: 0, groups: 0}, g IN groups |
       CASE WHEN acc.rows >= $limit THEN acc ELSE {rows: acc.rows + g.rows, groups: acc.groups + 1} END) AS taken
UNWIND groups[0..taken.groups] AS g
UNWIND g.units AS unit
WITH g, unit[0] AS r, unit[1] AS claim
WITH g, r,
     CASE WHEN r IS NULL THEN [x IN coalesce(claim.evidence, []) | {sentence: x, report: claim.report}]
          WHEN r.evidence IS NOT NULL
          THEN [k IN range(0, size(r.evidence) - 1) | {sentence: r.evidence[k], report: r.evidenceSources[k]}]
          WHEN claim IS NOT NULL THEN [x IN coalesce(claim.evidence, []) | {sentence: x, report: claim.report}]
          ELSE [] END AS sentences
UNWIND CASE WHEN size(sentences) = 0 AND r IS NOT NULL THEN [{sentence: null, report: null}] ELSE sentences END AS ev
WITH g.relationship AS relationship, g.from AS from, g.to AS to, ev.sentence AS sentence,
     CASE WHEN ev.report IS NOT NULL OR r IS NULL THEN ev.report
          ELSE reduce(t = '', x IN coalesce(r.sources, []) | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) END AS report
ORDER BY relationship, from, to, report, sentence
LIMIT $limit
RETURN collect({relationship: relationship, from: from, to: to, sentence: sentence, report: report}) AS rows
