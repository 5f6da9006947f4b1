// Agencies that handle cases together: the agency–case projection, one row per pair of
// agencies weighted by the cases they share, with referrals between them by direction
// (REFERRED_FROM one, REFERRED_TO the other on the same case).
MATCH (c:Case)-[role]->(a:Agency)
WHERE ($year IS NULL OR c.year = $year)
WITH c, a, collect(type(role)) AS roles
WITH c, collect({agency: a, roles: roles}) AS members
WHERE size(members) > 1 AND ($agency IS NULL OR any(m IN members WHERE m.agency.id = $agency))
UNWIND range(0, size(members) - 2) AS i
UNWIND range(i + 1, size(members) - 1) AS j
WITH c, members[i] AS x, members[j] AS y
WHERE $agency IS NULL OR x.agency.id = $agency OR y.agency.id = $agency
WITH c, CASE WHEN x.agency.id < y.agency.id THEN x ELSE y END AS x,
        CASE WHEN x.agency.id < y.agency.id THEN y ELSE x END AS y
WITH x.agency AS a, y.agency AS b, collect(c.name) AS cases,
     sum(CASE WHEN 'REFERRED_FROM' IN x.roles AND 'REFERRED_TO' IN y.roles THEN 1 ELSE 0 END) AS aToB,
     sum(CASE WHEN 'REFERRED_FROM' IN y.roles AND 'REFERRED_TO' IN x.roles THEN 1 ELSE 0 END) AS bToA
WHERE size(cases) >= $minCases AND ($country IS NULL OR a.country = $country OR b.country = $country)
RETURN a.name AS agency_a, b.name AS agency_b, size(cases) AS shared_cases,
       aToB AS referrals_a_to_b, bToA AS referrals_b_to_a, cases,
       a.id AS agency_a_id, b.id AS agency_b_id
ORDER BY shared_cases DESC, aToB + bToA DESC, agency_a, agency_b
LIMIT $limit
