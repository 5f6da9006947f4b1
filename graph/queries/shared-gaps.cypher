// The gap claims behind `query shared-gaps` (pairs of agencies that share implementation
// gaps, or with --min-agencies the gaps many agencies share): one row per agency, with its
// gaps and the reports that state each (one row per agency rather than per claim: the
// driver's cost is mostly per row). The pairs and groups are made in Python
// (graph/queries/shared_gaps.py): pairs grow with the square of the agencies per gap, and
// their distinct reports are unions of these lists.
// $level: 'narrow' (the taxonomy's ids as extracted) or 'broad' (their `broader` concepts).
// $agency: an agency id (or null): a whole government is listed when it is the one asked for;
// $gap: only this gap id (or null); $country: only agencies of this country; $type: only
// agencies with this label (Ministry, Committee …); whole governments ("Government of X") only
// with $includeGovernments or as $agency: they share nearly every gap and would crowd out the
// agencies; $since / $until: report years (a claim's reports outside them are left out, and a
// claim with none left is not held). $minShared, $minAgencies and $limit are applied in Python.
MATCH (a:Agency)
WHERE ($country IS NULL OR a.country = $country) AND ($type IS NULL OR $type IN labels(a))
  AND ($includeGovernments OR a.id = $agency
       OR NOT (a:GovernmentBody AND a.name =~ '(?i)(the )?(royal )?government( of .+)?'))
CALL (a) {
  MATCH (a)-[r:HAS_GAP]->(g0:Gap)
  OPTIONAL MATCH (g0)-[:BROADER]->(parent:Gap)
  WITH r, CASE WHEN $level = 'broad' THEN coalesce(parent, g0) ELSE g0 END AS g
  WHERE $gap IS NULL OR g.gapId = $gap
  WITH g, CASE WHEN $since IS NULL AND $until IS NULL THEN r.sources
                ELSE [rid IN r.sources WHERE EXISTS {
                        MATCH (rep:Report {reportId: rid})
                        WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until) }]
           END AS sources
  WHERE size(sources) > 0
  RETURN collect(g.gapId) AS gaps, collect(sources) AS sources
}
WITH a, gaps, sources WHERE size(gaps) > 0
RETURN a.id AS id, a.name AS name, gaps, sources
