// Shortest paths between two actors over actor relationships, gap claims and case roles
// (a shared gap or case is two steps: actor → gap/case → actor; victims are never crossed),
// at most $maxLength relationships long (10 at most). One row per step, with the sentences
// and reports behind it: a relationship's own evidence, or for a case role the case's.
// $via (relationship types) and $excludeKind (labels no step may land on, e.g. ['Gap']) keep
// the search to the links asked for: they are checked at every step of the search (a
// quantified path pattern), so a longer path through posts is found when the shortest one runs
// through a shared gap, and a search with no path left ends quickly.
MATCH (a:Actor {id: $source}), (b:Actor {id: $target})
WHERE a <> b
MATCH p = ALL SHORTEST (a)((x)-[r:HOLDS_POSITION|PART_OF|CRITICISED|HAS_GAP|INVOLVES|INVESTIGATED_BY|PROSECUTED_BY|TRIED_BY|VICTIMS_ASSISTED_BY|REFERRED_FROM|REFERRED_TO|IMPLICATED_OFFICIAL|SUSPECT]-(y)
      WHERE ($via IS NULL OR type(r) IN $via)
        AND ($excludeKind IS NULL OR y = b OR none(l IN labels(y) WHERE l IN $excludeKind))
        AND NOT 'victim' IN coalesce(y.roles, [])){1,10}(b)
WHERE length(p) <= $maxLength
WITH p LIMIT $limit
WITH collect(p) AS paths
UNWIND range(0, size(paths) - 1) AS i
WITH i, paths[i] AS p
UNWIND range(0, length(p) - 1) AS step
WITH i, step, relationships(p)[step] AS r, nodes(p)[step] AS x, nodes(p)[step + 1] AS y
WITH i, step, r, x, y, startNode(r) AS s
RETURN i + 1 AS path, step + 1 AS step, x.name AS from,
       CASE WHEN s = x THEN type(r) + ' →' ELSE '← ' + type(r) END AS relationship,
       y.name AS to,
       CASE WHEN r.evidence IS NOT NULL
            THEN [k IN range(0, size(r.evidence) - 1) | r.evidence[k] + ' [' + r.evidenceSources[k] + ']']
            WHEN s:Case THEN [e IN coalesce(s.evidence, []) | e + ' [' + s.report + ']']
            ELSE [] END AS evidence,
       r.sources AS reports, x.id AS from_id, y.id AS to_id
ORDER BY path, step
