// Pairs of agencies that share implementation gaps.
// $level: 'narrow' (the taxonomy's ids as extracted) or 'broad' (their `broader` concepts).
// $agency: only pairs with an agency of this id (or null); $gap: only this gap id (or null);
// $since / $until: report years; $minShared: least number of shared gaps.
MATCH (a:Agency)-[r:HAS_GAP]->(g0:Gap)
OPTIONAL MATCH (g0)-[:BROADER]->(parent:Gap)
WITH a, r, CASE WHEN $level = 'broad' THEN coalesce(parent, g0) ELSE g0 END AS g
WITH a, g, r.sources AS sources
UNWIND sources AS rid
MATCH (rep:Report {reportId: rid})
WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until)
  AND ($gap IS NULL OR g.gapId = $gap)
  AND ($country IS NULL OR a.country = $country)
WITH a, g, collect(DISTINCT rid) AS reports
WITH g, collect({agency: a, reports: reports}) AS holders
WHERE size(holders) > 1
UNWIND holders AS x
UNWIND holders AS y
WITH g, x, y WHERE x.agency.id < y.agency.id
  AND ($agency IS NULL OR x.agency.id = $agency OR y.agency.id = $agency)
WITH x.agency AS a, y.agency AS b, g,
     x.reports + [r IN y.reports WHERE NOT r IN x.reports] AS reports
WITH a, b, collect({gap: g.gapId, reports: reports}) AS shared
WHERE size(shared) >= $minShared
WITH a, b, shared,
     reduce(acc = [], s IN shared | acc + [r IN s.reports WHERE NOT r IN acc]) AS allReports
RETURN a.name AS agency_a, b.name AS agency_b, size(shared) AS shared,
       [s IN shared | s.gap] AS gaps,
       [s IN shared | s.gap + ' (' + toString(size(s.reports)) + ')'] AS gap_reports,
       size(allReports) AS reports,
       a.id AS agency_a_id, b.id AS agency_b_id
ORDER BY shared DESC, reports DESC, agency_a, agency_b
LIMIT $limit
