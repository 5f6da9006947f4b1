// Gaps shared by at least $minAgencies agencies, with the agencies: the group view of
// shared-gaps (chosen when --min-agencies is given). Same filters as the pair view; with
// $agency only gaps that agency shares; $minShared does not apply (one gap per row).
MATCH (a:Agency)-[r:HAS_GAP]->(g0:Gap)
WHERE ($country IS NULL OR a.country = $country) AND ($type IS NULL OR $type IN labels(a))
  AND ($includeGovernments OR a.id = $agency
       OR NOT (a:GovernmentBody AND a.name =~ '(?i)(the )?(royal )?government( of .+)?'))
OPTIONAL MATCH (g0)-[:BROADER]->(parent:Gap)
WITH a, r, CASE WHEN $level = 'broad' THEN coalesce(parent, g0) ELSE g0 END AS g
WHERE $gap IS NULL OR g.gapId = $gap
WITH a, g, CASE WHEN $since IS NULL AND $until IS NULL THEN r.sources
                ELSE [rid IN r.sources WHERE EXISTS {
                        MATCH (rep:Report {reportId: rid})
                        WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until) }]
           END AS sources
WHERE size(sources) > 0
WITH g, a, reduce(acc = [], l IN collect(sources) | acc + [x IN l WHERE NOT x IN acc]) AS reports
ORDER BY a.name
WITH g, collect(a) AS agencies, reduce(acc = [], l IN collect(reports) | acc + [x IN l WHERE NOT x IN acc]) AS reports
WHERE size(agencies) >= $minAgencies AND ($agency IS NULL OR any(x IN agencies WHERE x.id = $agency))
RETURN g.gapId AS gap, g.name AS gap_name, size(agencies) AS agency_count,
       [x IN agencies | x.name] AS agencies, size(reports) AS reports,
       [x IN agencies | x.id] AS agency_ids
ORDER BY agency_count DESC, reports DESC, gap
LIMIT $limit
