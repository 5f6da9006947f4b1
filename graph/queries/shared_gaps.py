"""`tipgraph query shared-gaps`: pairs of agencies that share implementation gaps, ranked.

The Cypher (``shared-gaps.cypher``) reads each agency's gap claims once, with their reports;
pairing and ranking happen here, because in Cypher they cost the square of the agencies per gap
(every pair of holders of every gap enumerated as rows) and the distinct reports of a pair were
de-duplicated lists of report ids (thousands on a hub agency). Here an agency's gaps are a bit
set over the gap ids and the reports of one of its gaps a bit set over the report ids, so a
pair's shared gaps and its distinct reports are an ``&`` or ``|`` and a bit count.

The rows are those the earlier all-Cypher query returned, in its order: ``shared`` DESC,
``reports`` DESC, ``agency_a``, ``agency_b`` (then the ids, should two agencies have one
name), at most ``limit``. Two prunings keep the work small and change no row:

1. *shared*: a pair shares at most as many gaps as its agency with fewer holds, so agencies are
   visited by their number of gaps, most first, and a pair is skipped as soon as it cannot reach
   the shared count of the ``limit``-th pair found so far;
2. *reports*: among the pairs tied at that last shared count, a pair has at most
   ``|reports of a| + |reports of b|`` reports, so they are visited by that bound, highest
   first, and counted exactly only while the bound can still reach the last row kept.
"""

from __future__ import annotations

import heapq
from typing import Any

__all__ = ["shared_gap_pairs"]


class _Agency:
    __slots__ = ("id", "name", "gaps", "gap_bits", "reports", "all_reports", "count", "sort_name")

    def __init__(self, agency_id: str, name: str | None) -> None:
        self.id = agency_id
        self.name = name
        self.gaps: dict[str, list[int]] = {}  # gap id -> report indexes (then a bit set)
        self.gap_bits = 0  # the gaps held, one bit per gap id
        self.reports: dict[str, int] = {}  # gap id -> bit set of its reports
        self.all_reports = 0  # bit set of the reports of all its gaps
        self.count = 0  # number of distinct reports of all its gaps
        self.sort_name = (name is None, name or "")  # Cypher sorts null names last


def _bits(indexes: list[int], size: int) -> int:
    raw = bytearray((size + 7) // 8)
    for i in indexes:
        raw[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(raw, "little")


def _holdings(records, gap_index: dict[str, int]) -> dict[str, _Agency]:
    """Agencies with the reports of each gap they hold, as bit sets."""
    report_index: dict[str, int] = {}
    agencies: dict[str, _Agency] = {}
    for record in records:  # one per agency: its gaps and, for each, the reports stating it
        agency_id = record["id"]
        agency = agencies.get(agency_id)
        if agency is None:
            agency = agencies[agency_id] = _Agency(agency_id, record["name"])
        for gap, sources in zip(record["gaps"], record["sources"]):
            indexes = agency.gaps.setdefault(gap, [])
            for rid in sources:
                i = report_index.get(rid)
                if i is None:
                    i = report_index[rid] = len(report_index)
                indexes.append(i)
            if gap not in gap_index:
                gap_index[gap] = len(gap_index)
    size = len(report_index)
    for agency in agencies.values():
        everything = 0
        for gap, indexes in agency.gaps.items():
            bits = agency.reports[gap] = _bits(indexes, size)
            everything |= bits
            agency.gap_bits |= 1 << gap_index[gap]
        agency.all_reports = everything
        agency.count = everything.bit_count()
        agency.gaps = {}
    return agencies


def _candidates(agencies: list[_Agency], limit: int, least: int,
                only: _Agency | None) -> tuple[list[tuple[int, _Agency, _Agency]], int]:
    """Every pair that shares at least as many gaps as the ``limit``-th pair (and ``least``),
    and that count (the cut). ``only``: pairs with this agency alone."""
    ordered = sorted(agencies, key=lambda a: (-a.gap_bits.bit_count(), a.id))
    held = {a.id: a.gap_bits.bit_count() for a in ordered}
    bound = least  # a pair below it cannot be among the first ``limit``
    tally: dict[int, int] = {}  # shared count -> pairs kept with it
    above = 0  # pairs kept sharing more than ``bound``
    found: list[tuple[int, _Agency, _Agency]] = []
    if only is None:
        firsts = ((a, ordered[i + 1:]) for i, a in enumerate(ordered))
    else:
        firsts = [(only, [b for b in ordered if b is not only])]
    for a, partners in firsts:
        if held[a.id] < bound:
            break
        bits = a.gap_bits
        for b in partners:
            if held[b.id] < bound:
                break
            shared = (bits & b.gap_bits).bit_count()
            if shared < bound:
                continue
            found.append((shared, a, b))
            tally[shared] = tally.get(shared, 0) + 1
            if shared > bound:
                above += 1
                while above >= limit:  # the first ``limit`` pairs all share more than ``bound``
                    bound += 1
                    above -= tally.get(bound, 0)
    return [p for p in found if p[0] >= bound], bound


def _shared_reports(a: _Agency, b: _Agency, gaps: list[str]) -> int:
    """Distinct reports behind the gaps ``a`` and ``b`` share."""
    if len(gaps) == len(a.reports) == len(b.reports):
        return (a.all_reports | b.all_reports).bit_count()
    union = 0
    for gap in gaps:
        union |= a.reports[gap] | b.reports[gap]
    return union.bit_count()


def _row(shared: int, a: _Agency, b: _Agency, gaps: list[str], reports: int) -> dict[str, Any]:
    return {"agency_a": a.name, "agency_b": b.name, "shared": shared, "gaps": gaps,
            "gap_reports": [f"{g} ({(a.reports[g] | b.reports[g]).bit_count()})" for g in gaps],
            "reports": reports, "agency_a_id": a.id, "agency_b_id": b.id}


def _order(a: _Agency, b: _Agency) -> tuple[_Agency, _Agency]:
    return (a, b) if a.id < b.id else (b, a)


def rank_pairs(agencies: dict[str, _Agency], *, limit: int, min_shared: int,
               agency: str | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` pairs of ``agencies`` (see the module's docstring)."""
    if limit <= 0:
        return []
    only = None
    if agency is not None:
        only = agencies.get(agency)
        if only is None:
            return []
    found, cut = _candidates(list(agencies.values()), limit, max(min_shared, 1), only)

    def shared_gaps(a: _Agency, b: _Agency) -> list[str]:
        return sorted(set(a.reports) & set(b.reports))

    # pairs above the cut are fewer than ``limit``: all of them are rows
    scored = []
    tied = []
    for shared, x, y in found:
        a, b = _order(x, y)
        if shared > cut:
            gaps = shared_gaps(a, b)
            scored.append((-shared, -_shared_reports(a, b, gaps), a.sort_name, b.sort_name, a.id, b.id, a, b, gaps))
        else:
            tied.append((a.count + b.count, a, b))
    need = limit - len(scored)
    if len(tied) <= need:
        for _, a, b in tied:
            gaps = shared_gaps(a, b)
            scored.append((-cut, -_shared_reports(a, b, gaps), a.sort_name, b.sort_name, a.id, b.id, a, b, gaps))
    elif need > 0:
        tied.sort(key=lambda t: -t[0])
        best: list = []  # a heap of the ``need`` best tied pairs, the worst on top
        for bound, a, b in tied:
            if len(best) == need and bound < best[0][0]:
                break  # no pair from here on has as many reports as the worst one kept
            gaps = shared_gaps(a, b)
            reports = _shared_reports(a, b, gaps)
            entry = (reports, _Reverse((a.sort_name, b.sort_name, a.id, b.id)), a, b, gaps)
            if len(best) < need:
                heapq.heappush(best, entry)
            elif entry[:2] > best[0][:2]:
                heapq.heapreplace(best, entry)
        scored += [(-cut, -reports, a.sort_name, b.sort_name, a.id, b.id, a, b, gaps)
                   for reports, _, a, b, gaps in best]
    scored.sort(key=lambda s: s[:6])
    return [_row(-s[0], s[6], s[7], s[8], -s[1]) for s in scored[:limit]]


class _Reverse:
    """Reverses the order of a key (names ascending rank higher in a min-heap of the best)."""

    __slots__ = ("key",)

    def __init__(self, key) -> None:
        self.key = key

    def __lt__(self, other: "_Reverse") -> bool:
        return other.key < self.key

    def __gt__(self, other: "_Reverse") -> bool:
        return self.key < other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and self.key == other.key


def shared_gap_pairs(driver, database: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``shared-gaps`` rows for complete, resolved ``params``: ``cypher`` (the holdings
    query) runs in READ mode; pairs are ranked by :func:`rank_pairs`."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    agencies = _holdings(records, {})
    return rank_pairs(agencies, limit=int(params["limit"]), min_shared=int(params["minShared"] or 1),
                      agency=params.get("agency"))
