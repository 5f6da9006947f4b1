// The sentences behind a node: the evidence of each of its relationships (or only those to
// $to, of type $type), one row per sentence with its report. A case role, figure source or
// statement speaker carries the evidence of its case, figure or statement; a case, figure or
// statement node also lists its own sentences (relationship `(self)`).
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
  WITH r, s, e,
       CASE WHEN r.evidence IS NOT NULL
            THEN [k IN range(0, size(r.evidence) - 1) | {sentence: r.evidence[k], report: r.evidenceSources[k]}]
            WHEN claim IS NOT NULL THEN [x IN coalesce(claim.evidence, []) | {sentence: x, report: claim.report}]
            ELSE [] END AS sentences
  UNWIND CASE WHEN size(sentences) = 0 THEN [{sentence: null, report: null}] ELSE sentences END AS ev
  RETURN type(r) AS relationship, s.name AS from, e.name AS to, ev.sentence AS sentence,
         coalesce(ev.report, reduce(t = '', x IN coalesce(r.sources, []) | t + CASE t WHEN '' THEN '' ELSE ', ' END + x)) AS report
  UNION
  WITH n WHERE (n:Case OR n:Statistic OR n:Statement) AND $to IS NULL AND $type IS NULL
  UNWIND coalesce(n.evidence, []) AS sentence
  RETURN '(self)' AS relationship, n.name AS from, null AS to, sentence, n.report AS report
}
RETURN relationship, from, to, sentence, report
ORDER BY relationship, from, to, report, sentence
LIMIT $limit
