// Pairs of agencies that share implementation gaps.
// $level: 'narrow' (the taxonomy's ids as extracted) or 'broad' (their `broader` concepts).
// $agency: only pairs with an agency of this id (or null); $gap: only this gap id (or null);
// $country: only agencies of this country; $type: only agencies with this label (Ministry,
// Committee …); whole governments ("Government of X") only with $includeGovernments or as
// $agency: they share nearly every gap and would crowd out the agencies; $since / $until: report years; $minShared: least number of shared gaps;
// $limit: most pairs.
//
// Two phases, because pairs grow with the square of the agencies per gap: (1) count the
// shared gaps of every pair, using ids only, and keep the pairs that can make the first
// $limit rows (shared >= the shared count of the $limit-th pair); (2) for those candidates
// only, collect the gaps and the reports behind them. Reports are looked up only when
// $since or $until is given: without them a gap claim's `sources` already are its reports.
// Phase 2 re-reads the claims of the two agencies of a pair with the same rules as phase 1.
MATCH (a:Agency)-[r:HAS_GAP]->(g0:Gap)
WHERE ($country IS NULL OR a.country = $country) AND ($type IS NULL OR $type IN labels(a))
  AND ($includeGovernments OR a.id = $agency
       OR NOT (a:GovernmentBody AND a.name =~ '(?i)(the )?(royal )?government( of .+)?'))
OPTIONAL MATCH (g0)-[:BROADER]->(parent:Gap)
WITH a, r, CASE WHEN $level = 'broad' THEN coalesce(parent, g0) ELSE g0 END AS g
WHERE $gap IS NULL OR g.gapId = $gap
WITH a, g, r
WHERE ($since IS NULL AND $until IS NULL) OR any(rid IN r.sources WHERE EXISTS {
        MATCH (rep:Report {reportId: rid})
        WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until) })
WITH g, collect(DISTINCT a.id) AS holders
WHERE size(holders) > 1 AND ($agency IS NULL OR $agency IN holders)
UNWIND range(0, size(holders) - 2) AS i
UNWIND range(i + 1, size(holders) - 1) AS j
WITH holders[i] AS x, holders[j] AS y
WHERE $agency IS NULL OR x = $agency OR y = $agency
WITH CASE WHEN x < y THEN x ELSE y END AS a, CASE WHEN x < y THEN y ELSE x END AS b
WITH a, b, count(*) AS shared
WHERE shared >= $minShared
WITH a, b, shared ORDER BY shared DESC
WITH collect([a, b, shared]) AS pairs
WITH pairs, pairs[CASE WHEN size(pairs) < $limit THEN size(pairs) ELSE $limit END - 1][2] AS cut
WITH [p IN pairs WHERE p[2] >= cut] AS candidates
UNWIND candidates AS p
MATCH (a:Actor {id: p[0]})-[r1:HAS_GAP]->(ga:Gap)
OPTIONAL MATCH (ga)-[:BROADER]->(pa:Gap)
WITH p, a, r1, CASE WHEN $level = 'broad' THEN coalesce(pa, ga) ELSE ga END AS g
WHERE $gap IS NULL OR g.gapId = $gap
MATCH (b:Actor {id: p[1]})-[r2:HAS_GAP]->(gb:Gap)
OPTIONAL MATCH (gb)-[:BROADER]->(pb:Gap)
WITH a, b, r1, r2, g, CASE WHEN $level = 'broad' THEN coalesce(pb, gb) ELSE gb END AS g2
WHERE g = g2
WITH a, b, g, [s IN [r1.sources, r2.sources] |
       CASE WHEN $since IS NULL AND $until IS NULL THEN s
            ELSE [rid IN s WHERE EXISTS {
                    MATCH (rep:Report {reportId: rid})
                    WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until) }] END] AS kept
WHERE size(kept[0]) > 0 AND size(kept[1]) > 0
WITH a, b, g, reduce(acc = [], l IN collect(kept[0]) + collect(kept[1]) | acc + [x IN l WHERE NOT x IN acc]) AS reports
ORDER BY g.gapId
WITH a, b, collect({gap: g.gapId, reports: reports}) AS shared
WITH a, b, shared, reduce(acc = [], s IN shared | acc + [x IN s.reports WHERE NOT x IN acc]) AS allReports
RETURN a.name AS agency_a, b.name AS agency_b, size(shared) AS shared,
       [s IN shared | s.gap] AS gaps,
       [s IN shared | s.gap + ' (' + toString(size(s.reports)) + ')'] AS gap_reports,
       size(allReports) AS reports,
       a.id AS agency_a_id, b.id AS agency_b_id
ORDER BY shared DESC, reports DESC, agency_a, agency_b
LIMIT $limit
