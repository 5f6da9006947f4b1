// An actor's network: the actors within $hops relationships, found breadth first. A hop is one
// relationship, as in `query path` and `export --actor --hops`: a post, part-of or criticism
// is one hop between two actors; a shared gap (actor → gap ← actor) or a shared case
// (actor ← case → actor) is two. $via (relationship types, or null for all of these) and
// $excludeKind (labels, e.g. ['Gap'] or ['Case']: never step onto such a node) choose the links
// to follow. Victims are never traversed or listed. `via` says how an actor was first reached
// and `from` the node it was reached from.
MATCH (start:Actor {id: $actor})
WITH start, reduce(st = {seen: [start.id], frontier: [start], found: []}, level IN range(1, $hops) |
  reduce(acc = {seen: st.seen, frontier: [], found: st.found},
         c IN reduce(cands = [], x IN st.frontier | cands
              + [(x)-[r:HOLDS_POSITION|PART_OF|CRITICISED|HAS_GAP|INVOLVES|INVESTIGATED_BY|PROSECUTED_BY|TRIED_BY|VICTIMS_ASSISTED_BY|REFERRED_FROM|REFERRED_TO|IMPLICATED_OFFICIAL|SUSPECT]-(y)
                 WHERE ($via IS NULL OR type(r) IN $via)
                   AND ($excludeKind IS NULL OR none(l IN labels(y) WHERE l IN $excludeKind))
                 | {node: y, via: type(r) + coalesce(' ' + r.title, ''), from: coalesce(x.gapId, x.name)}]) |
         CASE WHEN c.node.id IN acc.seen OR 'victim' IN coalesce(c.node.roles, []) THEN acc
              ELSE {seen: acc.seen + c.node.id, frontier: acc.frontier + c.node,
                    found: acc.found + {node: c.node, hops: level, via: c.via, from: c.from}} END)
  ) AS result
UNWIND result.found AS f
WITH f, f.node AS n
WHERE n:Actor AND ($type IS NULL OR $type IN labels(n))
RETURN n.name AS actor, head([l IN labels(n) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS type,
       f.hops AS hops, f.via AS via, f.from AS from, n.id AS actor_id
ORDER BY hops, actor
LIMIT $limit
