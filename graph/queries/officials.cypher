// Who holds which post in which agency, with the reports that say so and their dates.
MATCH (p:Person)-[r:HOLDS_POSITION]->(a:Agency)
WHERE ($agency IS NULL OR a.id = $agency) AND ($person IS NULL OR p.id = $person)
  AND ($country IS NULL OR a.country = $country)
  AND ($title IS NULL OR toLower(r.title) CONTAINS toLower($title))
UNWIND r.sources AS rid
OPTIONAL MATCH (rep:Report {reportId: rid})
WITH p, r, a, collect(DISTINCT rid) AS reports,
     min(rep.date) AS firstDate, max(rep.date) AS lastDate, min(rep.year) AS firstYear, max(rep.year) AS lastYear
RETURN p.name AS person, r.title AS title, a.name AS agency,
       coalesce(toString(firstDate), toString(firstYear)) AS first_reported,
       coalesce(toString(lastDate), toString(lastYear)) AS last_reported,
       reports, p.id AS person_id, a.id AS agency_id
ORDER BY agency, person, title
LIMIT $limit
