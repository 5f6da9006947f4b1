"""`tipgraph query shared-gaps`: pairs of agencies that share implementation gaps, ranked.

The Cypher (``shared-gaps.cypher``) reads each agency's gap claims once, with their reports;
pairing and ranking happen here, because in Cypher they cost the square of the agencies per gap
(every pair of holders of every gap enumerated as rows) and the distinct reports of a pair were
de-duplicated lists of report ids (thousands on a hub agency). Here an agency's gaps are a bit
set over the gap ids and the reports of each of its gaps a set, so a pair's shared gaps are an
``&`` and a bit count, and its distinct reports a set union.

The rows are those the earlier all-Cypher query returned, in its order: ``shared`` DESC,
``reports`` DESC, ``agency_a``, ``agency_b`` (then the ids, should two agencies have one
name), at most ``limit``; ``agency_a`` is the agency with the smaller id. Nothing is counted for
a pair that cannot be a row:

1. *shared*: agencies with the same gaps are taken together (on a large graph most hold every
   gap), and groups are visited by their number of gaps, most first: a pair of groups is
   skipped as soon as it cannot reach the shared count of the ``limit``-th pair found so far.
   That gives the *cut*, the shared count of the last row; fewer than ``limit`` pairs share
   more, and all of them are rows;
2. *reports*: the pairs tied at the cut are visited best-first by an upper bound of their
   reports, ``|reports of a| + |reports of b|`` (each group's agencies sorted by their reports,
   so the bound only falls from a pair to its successors), and counted exactly until the bound
   falls below the last row kept.
"""

from __future__ import annotations

import heapq
from typing import Any

__all__ = ["shared_gap_pairs", "shared_gap_groups", "holdings", "rank_pairs", "gap_groups"]


class _Agency:
    __slots__ = ("id", "name", "reports", "all_reports", "count", "gap_bits", "sort_key")

    def __init__(self, agency_id: str, name: str | None, reports: dict[str, frozenset], gap_bits: int) -> None:
        self.id = agency_id
        self.name = name
        self.reports = reports  # gap id -> the reports stating it
        self.all_reports = frozenset().union(*reports.values())
        self.count = len(self.all_reports)
        self.gap_bits = gap_bits  # the gaps held, one bit per gap id
        self.sort_key = (name is None, name or "")  # Cypher sorts null names last


def holdings(records) -> dict[str, _Agency]:
    """Agencies by id, from the records of ``shared-gaps.cypher`` (one per agency: its gaps
    and the reports stating each)."""
    gap_index: dict[str, int] = {}
    agencies: dict[str, _Agency] = {}
    for record in records:
        reports: dict[str, frozenset] = {}
        bits = 0
        for gap, sources in zip(record["gaps"], record["sources"]):
            # a broad gap comes once per narrow gap of the agency's under it
            reports[gap] = reports[gap] | frozenset(sources) if gap in reports else frozenset(sources)
            index = gap_index.get(gap)
            if index is None:
                index = gap_index[gap] = len(gap_index)
            bits |= 1 << index
        agencies[record["id"]] = _Agency(record["id"], record["name"], reports, bits)
    return agencies


def _shared(a: _Agency, b: _Agency) -> tuple[list[str], int]:
    """The gaps ``a`` and ``b`` share and the distinct reports behind them."""
    gaps = sorted(g for g in a.reports if g in b.reports)
    if a.gap_bits == b.gap_bits:  # every gap of each is shared
        return gaps, a.count + b.count - len(a.all_reports & b.all_reports)
    union: set = set()
    for gap in gaps:
        union |= a.reports[gap]
        union |= b.reports[gap]
    return gaps, len(union)


def _row(a: _Agency, b: _Agency, gaps: list[str], reports: int) -> dict[str, Any]:
    per_gap = [len(a.reports[g]) + len(b.reports[g]) - len(a.reports[g] & b.reports[g]) for g in gaps]
    return {"agency_a": a.name, "agency_b": b.name, "shared": len(gaps), "gaps": gaps,
            "gap_reports": [f"{g} ({n})" for g, n in zip(gaps, per_gap)],
            "reports": reports, "agency_a_id": a.id, "agency_b_id": b.id}


def _ordered(a: _Agency, b: _Agency) -> tuple[_Agency, _Agency]:
    return (a, b) if a.id < b.id else (b, a)


class _Key:
    """A row's rank among rows with the same shared count: more reports first, then names and
    ids ascending; ``<`` means *ranks lower*, so a min-heap keeps the worst row on top."""

    __slots__ = ("reports", "names")

    def __init__(self, reports: int, a: _Agency, b: _Agency) -> None:
        self.reports = reports
        self.names = (a.sort_key, b.sort_key, a.id, b.id)

    def __lt__(self, other: "_Key") -> bool:
        if self.reports != other.reports:
            return self.reports < other.reports
        return self.names > other.names


def _groups(agencies, least: int, limit: int):
    """Agencies grouped by their gaps; returns the pairs of groups that can give rows, as
    (shared, group, group), and the cut."""
    by_gaps: dict[int, list[_Agency]] = {}
    for agency in agencies:
        by_gaps.setdefault(agency.gap_bits, []).append(agency)
    groups = sorted(by_gaps.items(), key=lambda item: (-item[0].bit_count(), item[0]))
    members = [sorted(m, key=lambda a: (-a.count, a.id)) for _, m in groups]
    held = [bits.bit_count() for bits, _ in groups]
    bound = least  # a pair sharing fewer gaps cannot be among the first ``limit``
    tally: dict[int, int] = {}  # shared count -> pairs kept with it
    above = 0  # pairs kept sharing more than ``bound``
    found: list[tuple[int, int, int]] = []
    for k, (bits, _) in enumerate(groups):
        if held[k] < bound:
            break
        for l in range(k, len(groups)):
            if held[l] < bound:
                break
            n = len(members[k]) * (len(members[k]) - 1) // 2 if k == l else len(members[k]) * len(members[l])
            shared = held[k] if k == l else (bits & groups[l][0]).bit_count()
            if n == 0 or shared < bound:
                continue
            found.append((shared, k, l))
            tally[shared] = tally.get(shared, 0) + n
            if shared > bound:
                above += n
                while above >= limit:  # the first ``limit`` pairs all share more than ``bound``
                    bound += 1
                    above -= tally.get(bound, 0)
    return [f for f in found if f[0] >= bound], members, bound


def _pairs_of(members: list[list[_Agency]], k: int, l: int):
    if k == l:
        group = members[k]
        return ((group[i], group[j]) for i in range(len(group)) for j in range(i + 1, len(group)))
    return ((a, b) for a in members[k] for b in members[l])


def _best_tied(members: list[list[_Agency]], tied: list[tuple[int, int]], need: int) -> list:
    """The ``need`` best pairs of the group pairs ``tied`` (all at the cut), best-first by the
    bound |reports of a| + |reports of b|, as (key, a, b, gaps)."""
    frontier: list = []
    seen: set = set()

    def push(t: int, i: int, j: int) -> None:
        k, l = tied[t]
        if i >= len(members[k]) or j >= len(members[l]) or (k == l and i >= j) or (t, i, j) in seen:
            return
        seen.add((t, i, j))
        heapq.heappush(frontier, (-(members[k][i].count + members[l][j].count), t, i, j))

    for t, (k, l) in enumerate(tied):
        push(t, 0, 1 if k == l else 0)
    best: list = []  # min-heap of the best ``need``, the worst on top
    while frontier:
        bound, t, i, j = heapq.heappop(frontier)
        if len(best) == need and -bound < best[0][0].reports:
            break  # no pair left can have as many reports as the worst one kept
        k, l = tied[t]
        a, b = _ordered(members[k][i], members[l][j])
        gaps, reports = _shared(a, b)
        entry = (_Key(reports, a, b), a.id, b.id, a, b, gaps)
        if len(best) < need:
            heapq.heappush(best, entry)
        elif best[0][0] < entry[0]:
            heapq.heapreplace(best, entry)
        push(t, i + 1, j)
        push(t, i, j + 1)
    return [(e[0], e[3], e[4], e[5]) for e in best]


def rank_pairs(agencies: dict[str, _Agency], *, limit: int, min_shared: int,
               agency: str | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` pairs of ``agencies`` (see the module's docstring); ``agency``: only
    pairs with this agency id."""
    if limit <= 0:
        return []
    least = max(min_shared, 1)
    if agency is not None:  # one agency's pairs: at most one per other agency, all counted
        only = agencies.get(agency)
        if only is None:
            return []
        candidates = [_ordered(only, b) for b in agencies.values()
                      if b is not only and (only.gap_bits & b.gap_bits).bit_count() >= least]
        scored = [(gaps, reports, a, b) for a, b in candidates for gaps, reports in [_shared(a, b)]]
        scored.sort(key=lambda s: (-len(s[0]), -s[1], s[2].sort_key, s[3].sort_key, s[2].id, s[3].id))
        return [_row(a, b, gaps, reports) for gaps, reports, a, b in scored[:limit]]
    found, members, cut = _groups(agencies.values(), least, limit)
    rows = []
    for shared, k, l in found:  # fewer than ``limit`` pairs share more than the cut
        if shared > cut:
            for x, y in _pairs_of(members, k, l):
                a, b = _ordered(x, y)
                gaps, reports = _shared(a, b)
                rows.append((-shared, -reports, (a.sort_key, b.sort_key, a.id, b.id), a, b, gaps))
    tied = [(k, l) for shared, k, l in found if shared == cut]
    for key, a, b, gaps in _best_tied(members, tied, limit - len(rows)) if limit > len(rows) else ():
        rows.append((-cut, -key.reports, key.names, a, b, gaps))
    rows.sort(key=lambda r: r[:3])
    return [_row(a, b, gaps, -reports) for _, reports, _, a, b, gaps in rows[:limit]]


def shared_gap_pairs(driver, database: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``shared-gaps`` rows for complete, resolved ``params``: ``cypher`` (the holdings
    query) runs in READ mode; pairs are ranked by :func:`rank_pairs`."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    agencies = holdings(records)
    return rank_pairs(agencies, limit=int(params["limit"]), min_shared=int(params["minShared"] or 1),
                      agency=params.get("agency"))


def gap_groups(agencies: dict[str, _Agency], gap_names: dict[str, str], *, limit: int, min_agencies: int,
               agency: str | None = None) -> list[dict[str, Any]]:
    """The group view (``--min-agencies``): each gap held by at least ``min_agencies`` of
    ``agencies`` (and by ``agency`` when given), with its agencies by name (agencies of one
    name, e.g. three countries' Ministry of Education, by id: the all-Cypher query left their
    order to the database) and its distinct reports; ordered by agency_count DESC, reports
    DESC, gap."""
    if limit <= 0:
        return []
    holders: dict[str, list[_Agency]] = {}
    for holder in agencies.values():
        for gap in holder.reports:
            holders.setdefault(gap, []).append(holder)
    rows = []
    for gap, members in holders.items():
        if len(members) < min_agencies or (agency is not None and all(m.id != agency for m in members)):
            continue
        members.sort(key=lambda m: (m.sort_key, m.id))
        reports = len(frozenset().union(*(m.reports[gap] for m in members)))
        rows.append({"gap": gap, "gap_name": gap_names.get(gap), "agency_count": len(members),
                     "agencies": [m.name for m in members], "reports": reports,
                     "agency_ids": [m.id for m in members]})
    rows.sort(key=lambda r: (-r["agency_count"], -r["reports"], r["gap"]))
    return rows[:limit]


_GAP_NAMES = "MATCH (g:Gap) RETURN g.gapId AS gap, g.name AS name"


def shared_gap_groups(driver, database: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``shared-gaps --min-agencies`` rows for complete, resolved ``params``: ``cypher`` is
    the same holdings query as the pairs'; groups are made by :func:`gap_groups`."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    names, _, _ = driver.execute_query(_GAP_NAMES, database_=database, routing_=RoutingControl.READ)
    return gap_groups(holdings(records), {r["gap"]: r["name"] for r in names}, limit=int(params["limit"]),
                      min_agencies=int(params["minAgencies"]), agency=params.get("agency"))
