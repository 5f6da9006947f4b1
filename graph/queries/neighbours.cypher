// An actor's network: the actors within $hops steps, found breadth first. One step is an
// actor–actor relationship (post, part-of, criticism), a gap both actors have, or a case both
// take part in (victims are never traversed or listed). `via` says how an actor was first
// reached and `from` the actor it was reached from.
MATCH (start:Actor {id: $actor})
WITH start, reduce(st = {seen: [start.id], frontier: [start], found: []}, level IN range(1, $hops) |
  reduce(acc = {seen: st.seen, frontier: [], found: st.found},
         c IN reduce(cands = [], x IN st.frontier | cands
              + [(x)-[r:HOLDS_POSITION|PART_OF|CRITICISED]-(y:Actor)
                 | {node: y, via: type(r) + coalesce(' ' + r.title, ''), from: x.name}]
              + [(x)-[:HAS_GAP]->(g:Gap)<-[:HAS_GAP]-(y:Actor) | {node: y, via: 'shared gap ' + g.gapId, from: x.name}]
              + [(x)<-[r1]-(k:Case)-[r2]->(y:Actor)
                 WHERE y <> x AND type(r1) <> 'VICTIM' AND type(r2) <> 'VICTIM'
                 | {node: y, via: 'case: ' + k.name, from: x.name}]) |
         CASE WHEN c.node.id IN acc.seen OR 'victim' IN coalesce(c.node.roles, []) THEN acc
              ELSE {seen: acc.seen + c.node.id, frontier: acc.frontier + c.node,
                    found: acc.found + {node: c.node, hops: level, via: c.via, from: c.from}} END)
  ) AS result
UNWIND result.found AS f
WITH f, f.node AS n
WHERE $type IS NULL OR $type IN labels(n)
RETURN n.name AS actor, head([l IN labels(n) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS type,
       f.hops AS hops, f.via AS via, f.from AS from, n.id AS actor_id
ORDER BY hops, actor
LIMIT $limit
