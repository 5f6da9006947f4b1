// Recorded cases, filtered by agency (any role), year, status, exploitation and place (both
// case-insensitive substrings). People exclude victims (role or VICTIM relationship): private
// people never appear in this list.
MATCH (rep:Report)-[:REPORTED]->(c:Case)
WHERE ($year IS NULL OR c.year = $year) AND ($status IS NULL OR c.status = $status)
  AND ($exploitation IS NULL OR toLower(c.exploitation) CONTAINS toLower($exploitation))
  AND ($place IS NULL OR toLower(c.place) CONTAINS toLower($place))
  AND ($country IS NULL OR c.country = $country)
  AND ($agency IS NULL OR EXISTS { MATCH (c)-->(:Actor {id: $agency}) })
OPTIONAL MATCH (c)-[role]->(x:Actor)
WHERE type(role) <> 'VICTIM' AND NOT 'victim' IN coalesce(x.roles, [])
WITH rep, c, x, collect(type(role)) AS roles
ORDER BY x.name
WITH rep, c,
     [m IN collect({x: x, roles: roles}) WHERE m.x:Agency] AS agencies,
     [m IN collect({x: x, roles: roles}) WHERE m.x:Person] AS people
RETURN c.summary AS summary, c.year AS year, c.place AS place, c.status AS status,
       c.exploitation AS exploitation,
       [m IN agencies | m.x.name] AS agencies, [m IN people | m.x.name] AS people,
       rep.reportId AS report,
       reduce(acc = [], m IN agencies + people |
              acc + [r IN m.roles WHERE r <> 'INVOLVES' | m.x.name + ': ' + toLower(r)]) AS roles,
       c.victimCount AS victims, c.suspectCount AS suspects, c.id AS case_id
ORDER BY year DESC, summary
LIMIT $limit
