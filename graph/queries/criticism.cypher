// Who criticises whom, with the reports and the sentences that say so.
// $critic / $target: actor ids (or null); $actor: either side.
MATCH (c:Actor)-[r:CRITICISED]->(t:Actor)
WHERE ($critic IS NULL OR c.id = $critic) AND ($target IS NULL OR t.id = $target)
  AND ($actor IS NULL OR c.id = $actor OR t.id = $actor)
RETURN c.name AS critic, head([l IN labels(c) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS critic_type,
       t.name AS target, head([l IN labels(t) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS target_type,
       size(r.sources) AS report_count, r.sources AS reports,
       [i IN range(0, size(r.evidence) - 1) | r.evidence[i] + ' [' + r.evidenceSources[i] + ']'] AS evidence,
       c.id AS critic_id, t.id AS target_id
ORDER BY report_count DESC, critic, target
LIMIT $limit
