// Gap profile: which gaps each agency (or one, $agency) has, in how many reports, and when
// they were first and last reported (report dates, or years when a report has no date).
// $since / $until keep the reports of those years: a gap claim's `years` (its reports' years)
// rules out most claims before any report is looked up.
MATCH (a:Agency)-[r:HAS_GAP]->(g:Gap)
WHERE ($agency IS NULL OR a.id = $agency) AND ($gap IS NULL OR g.gapId = $gap)
  AND ($country IS NULL OR a.country = $country) AND ($type IS NULL OR $type IN labels(a))
  AND ($since IS NULL OR r.lastYear >= $since) AND ($until IS NULL OR r.firstYear <= $until)
OPTIONAL MATCH (g)-[:BROADER]->(parent:Gap)
UNWIND r.sources AS rid
OPTIONAL MATCH (rep:Report {reportId: rid})
WITH a, g, parent, r, rid, rep
WHERE ($since IS NULL OR rep.year >= $since) AND ($until IS NULL OR rep.year <= $until)
WITH a, g, parent, r, collect(DISTINCT rid) AS reports,
     min(rep.date) AS firstDate, max(rep.date) AS lastDate, min(rep.year) AS firstYear, max(rep.year) AS lastYear
WHERE size(reports) >= $minReports
RETURN a.name AS agency, g.gapId AS gap, g.name AS gap_name, parent.gapId AS broader,
       size(reports) AS reports,
       coalesce(toString(firstDate), toString(firstYear)) AS first_reported,
       coalesce(toString(lastDate), toString(lastYear)) AS last_reported,
       reports AS report_ids,
       reduce(acc = [], x IN coalesce(r.saidBy, []) | CASE WHEN x IN acc THEN acc ELSE acc + x END) AS said_by,
       a.id AS agency_id
ORDER BY agency, reports DESC, gap
LIMIT $limit
