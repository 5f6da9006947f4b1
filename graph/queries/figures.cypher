// Figures over time per measure, with their sources. Figures are grouped by measure (case
// and spacing ignored), year, the reporting country and kind (actual, recommended, target: a
// recommended number is never compared with an actual one); one row per distinct value.
// `conflict`: another report gives a different value for the same measure, year, country and kind.
// `recorded_cases` / `cases_disagree`: for a measure about cases, the number of Case nodes of
// that year (and country, when both are known) and whether the reported total differs.
MATCH (rep:Report)-[:REPORTED]->(s:Statistic)
WHERE ($measure IS NULL OR toLower(s.measure) CONTAINS toLower($measure))
  AND ($since IS NULL OR s.year >= $since) AND ($until IS NULL OR s.year <= $until)
  AND ($country IS NULL OR rep.country = $country)
OPTIONAL MATCH (s)-[:SAID_BY|CREDITED_TO]->(src:Actor)
WITH s, rep, collect(DISTINCT src.name) AS sourcesOfOne
WITH toLower(trim(coalesce(s.measure, 'figure'))) AS measure, s.year AS year, rep.country AS country,
     coalesce(s.kind, 'actual') AS kind,
     s.value AS value, collect(DISTINCT rep.reportId) AS reports,
     reduce(acc = [], l IN collect(sourcesOfOne) | acc + [x IN l WHERE NOT x IN acc]) AS sources
WITH measure, year, country, kind, collect({value: value, reports: reports, sources: sources}) AS values
UNWIND values AS v
WITH measure, year, country, kind, v,
     CASE WHEN year IS NULL THEN [] ELSE [o IN values WHERE o.value <> v.value] END AS others
WITH measure, year, country, kind, v, others,
     CASE WHEN kind = 'actual' AND measure CONTAINS 'case' AND year IS NOT NULL
          THEN COUNT { MATCH (c:Case) WHERE c.year = year
                       AND (country IS NULL OR c.country IS NULL OR c.country = country) }
     END AS recordedCases
WITH measure, year, country, kind, v, others, recordedCases,
     recordedCases IS NOT NULL AND recordedCases > 0 AND recordedCases <> v.value AS casesDisagree
WHERE NOT $conflictsOnly OR size(others) > 0 OR casesDisagree
RETURN measure, year, country, kind, v.value AS value, v.reports AS reports, v.sources AS sources,
       size(others) > 0 AS conflict,
       [o IN others | toString(o.value) + ' (' + reduce(t = '', r IN o.reports | t + CASE t WHEN '' THEN '' ELSE ', ' END + r) + ')'] AS other_values,
       recordedCases AS recorded_cases, casesDisagree AS cases_disagree
ORDER BY measure, year, country, value
LIMIT $limit
