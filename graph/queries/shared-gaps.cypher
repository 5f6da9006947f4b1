// Pairs of agencies that share implementation gaps.
// $level: 'narrow' (the taxonomy's ids as extracted) or 'broad' (their `broader` concepts).
// $agency: only pairs with an agency of this id (or null); $gap: only this gap id (or null);
// $country: only agencies of this country; $since / $until: report years; $minShared: least
// number of shared gaps. Reports are looked up only when $since or $until is given: without
// them a gap claim's `sources` already are its reports.
MATCH (a:Agency)-[r:HAS_GAP]->(g0:Gap)
WHERE $country IS NULL OR a.country = $country
OPTIONAL MATCH (g0)-[:BROADER]->(parent:Gap)
WITH a, r, CASE WHEN $level = 'broad' THEN coalesce(parent, g0) ELSE g0 END AS g
WHERE $gap IS NULL OR g.gapId = $gap
WITH a, g, CASE WHEN $since IS NULL AND $until IS NULL THEN r.sources
                ELSE [rid IN r.sources WHERE EXISTS {
                        MATCH (rep:Report {reportId: rid})
                        WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until) }]
           END AS sources
WHERE size(sources) > 0
// at the broad level several narrow claims of one agency fall on one concept: merge their reports
WITH a, g, collect(sources) AS lists
WITH a, g, CASE size(lists) WHEN 1 THEN lists[0]
                ELSE reduce(acc = [], l IN lists | acc + [x IN l WHERE NOT x IN acc]) END AS reports
WITH g, collect({agency: a, reports: reports}) AS holders
WHERE size(holders) > 1 AND ($agency IS NULL OR any(h IN holders WHERE h.agency.id = $agency))
UNWIND range(0, size(holders) - 2) AS i
UNWIND range(i + 1, size(holders) - 1) AS j
WITH g, holders[i] AS x, holders[j] AS y
WHERE $agency IS NULL OR x.agency.id = $agency OR y.agency.id = $agency
WITH CASE WHEN x.agency.id < y.agency.id THEN x ELSE y END AS x,
     CASE WHEN x.agency.id < y.agency.id THEN y ELSE x END AS y, g
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
