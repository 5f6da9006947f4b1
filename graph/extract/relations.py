"""Relations between actors: part_of (a unit of a body, a member of a committee), criticisms
(one actor faulting another) and specific cases (raids, arrests, rescues, trials)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record import Case, Criticism, PartOf
from ..schema.vocabulary import vocabulary
from .actors import Mention
from .lexicon import load_lexicon
from .literals import Prefiltered
from .orgs import OrgContext, government_key

__all__ = ["find_part_of", "find_criticisms", "find_cases"]

_STATE = vocabulary().state_types   # schemas/model.yaml
_MEMBER_KINDS = frozenset(vocabulary().actor_types) - vocabulary().person_types
_PART_VERBS = re.compile(r"\b(?:reports? to|report(?:ing|ed) to|commanded by|under the (?:authority|supervision|command|direction) of"
                         r"|(?:is|are) (?:\w+ly )?(?:a |an )?(?:unit|department|division|part|member)s? of|within the|answerable to"
                         r"|(?:falls?|operates?|placed|is|are) under"
                         r"|subordinate to|overseen by)\s(?:the\s)?$", re.I)
# "The armed forces, under the Ministry of Defense, …": a unit in apposition
_UNDER_APPOSITIVE = re.compile(r",\s(?:which (?:is|are) |that (?:is|are) )?(?:\w+ly )?under (?:the )?")
# "the ministry oversees local, traffic, and security police": the overseen body is the part
_OVERSEES = re.compile(r"\s(?:also )?(?:oversees|supervises|commands|controls)\s(?:the\s)?(?:[\w-]+,?\s(?:and\s)?){0,8}")
_OVERSEES_END = re.compile(rf"(?:{_OVERSEES.pattern})$")
_OVERSEE_WORDS = re.compile(r"oversees|supervises|commands|controls")
_DEFINITE_MINISTRY = re.compile(r"\b[Tt]he ministry$")
# "Both fall under the Ministry of Home Affairs": the bodies of the sentence before
_BOTH_UNDER = re.compile(r"^(?:Both|They|Both forces|Both agencies|All three) (?:fall|are|operate|remain|come) under (?:the )?")
_MEMBERS = Prefiltered.compile(r"\b(?:includes?|including|comprises?|composed of|members? (?:include|are)|its members are|chaired by|led by"
                      r"|co-chaired by)\b", re.I)
_LEAD_MEMBERS = re.compile(r"^(?:(?:Its |Other |Additional )?[Mm]embers (?:also )?(?:include|are)|(?:It is )?(?:[Cc]o-)?[Cc]haired by"
                           r"|[Ii]t (?:comprises|includes)|(?:[Ii]t )?[Ii]ncludes the participation of|Led by)\b")
_GROUP = re.compile(r"\b(?:Committee|Commission|Council|Task ?Force|Working Group|Network|Board|Mechanism|Secretariat)s?\b")
_ROW_REACH = 8   # sentences a table row's label governs its subjectless member cells
_LEAD_PART = re.compile(r"^(?:Commanded by|Reports? to|Under the (?:authority|supervision|command|direction) of|Overseen by"
                        r"|Answerable to|Subordinate to|Part of|A unit of|A department of)\s(?:the\s)?")
_UNIT_AFTER_BODY = re.compile(r"\s\([A-Z][A-Za-z]{1,9}\)\s|['’]s\s|,\s(?:including|and its|with its)\s(?:the\s|its\s)?")
_UNIT_NAME = re.compile(r"\b(?:Directorate|Department|Division|Bureau|Office|Unit|Inspectorate|Section|Desk|Command)\b")
_UNIT_FIRST = re.compile(r"(?:Department|Bureau|Office|Division|Unit|General Department)\b")
_UNIT = re.compile(r"\b(?:Department|Division|Bureau|Office|Unit|Directorate|Inspectorate|Police|Command|Agency)\b")
_CRITIC_VERB = re.compile(r"\b(?:criticized|criticised|condemned|accused|blamed|faulted|slammed|rebuked|chided)\b")
_CRITIC_NOUN = re.compile(r"\b(?:admonishment|criticism|condemnation|pressure|complaints?)\s(?:by|from)\s", re.I)
_CASE_VERB = re.compile(
    r"\b(?P<v>raided|raid|arrested|detained|rescued|intercepted|charged|indicted|prosecuted|convicted|sentenced|acquitted"
    r"|found|discovered|uncovered|busted|investigated|visited|seized|dismantled)\b")
# one case named as such: "the case against a district administrator", "a case involving a 16-year-old girl"
_CASE_NOUN = Prefiltered.compile(r"\b(?:[Tt]he|[Aa]n?|[Oo]ne) (?:(?:international|domestic|criminal|civil|(?P<y>(?:19|20)\d\d)) )?"
                        r"(?P<v>case) (?:against|involving|of a)\b")
_MONTH = "|".join(load_lexicon().months)   # schemas/lexicon.yaml
_EVENT_TIME = re.compile(
    r"\b(?:(?:(?i:on) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|over the weekend|on the weekend|yesterday"
    rf"|last week|earlier this (?:month|week)|this week|[Oo]n \d{{1,2}} (?:{_MONTH})|[Ii]n (?:{_MONTH})|(?:{_MONTH}) \d{{1,2}}"
    r"|during (?:the|their) investigation)\b")
# a yearly or period total, a count of cases, a law's dates, a country's tier: no single case
_AGGREGATE = re.compile(
    r"\b(?:a total of|in total|per year|each year|annually|number of|first \w+ months|during the reporting period"
    r"|(?:during|over|in) the same (?:time )?period"
    rf"|tier rating|(?:from|between) (?:{_MONTH}|\d{{4}})\b[^.]{{0,25}}?\b(?:through|to|and|until) (?:{_MONTH}|\d{{4}})"
    r"|\d[\d,]* (?:\w+ )?cases\b|the government (?:also )?(?:convicted|prosecuted|investigated|identified|rescued|arrested)"
    r"|(?:Act|Law|Decree|Code)\b[^.]{0,40}\b(?:enacted|adopted|amended|passed))\b"
    r"|^In (?:19|20)\d\d,", re.I)
_STATUS = (("convicted", "convicted"), ("sentenced", "convicted"), ("acquitted", "acquitted"), ("prosecuted", "prosecuted"),
           ("charged", "prosecuted"), ("indicted", "prosecuted"), ("arrested", "arrested"), ("detained", "arrested"),
           ("rescued", "rescued"), ("intercepted", "rescued"))
_EXPLOIT = (("sex", "sexual"), ("prostitut", "sexual"), ("brides", "forced marriage"), ("forced marriage", "forced marriage"),
            ("forced labo", "labour"), ("labour", "labour"), ("labor", "labour"), ("fishing", "labour"), ("fishermen", "labour"),
            ("trawler", "labour"), ("factory", "labour"), ("without pay", "labour"), ("begging", "labour"))


@dataclass
class _PartState:
    """What the part_of rules remember across sentences."""

    ctx: OrgContext
    out: dict[tuple[str, str], PartOf] = field(default_factory=dict)
    row: Mention | None = None                 # the body a table row names, for its subjectless cells
    row_at: int = 0
    last_ministry: Mention | None = None       # "the ministry oversees …" refers to it
    recent_committee: list[tuple[int, str]] = field(default_factory=list)

    def link(self, part: str, whole: str, evidence: str | None) -> None:
        if part != whole:
            self.out.setdefault((part, whole), PartOf(part, whole, evidence))


def find_part_of(analysed, ctx: OrgContext) -> list[PartOf]:
    """Units and members from the phrasings reports use, sentence by sentence (each rule a
    function below), then the gazetteer's own links between bodies the report names."""
    state = _PartState(ctx)
    for idx, (sent, orgs, _people) in enumerate(analysed):
        s = sent.text
        if orgs and _names_only(s, orgs):
            state.row, state.row_at = orgs[0], idx
        ministries = [o for o in orgs if o.type == "Ministry"]
        state.last_ministry = ministries[-1] if ministries else state.last_ministry
        prev_orgs = analysed[idx - 1][1] if idx else []
        for rule in (_row_lead_rule, _both_under_rule, _oversees_rule, _pair_rule):
            rule(state, s, orgs, prev_orgs)
        _members_rule(state, idx, s, orgs)
        state.recent_committee += [(idx, o.key) for o in orgs if o.type == "Committee"]
    _gazetteer_links(state, analysed)
    return list(state.out.values())


def _row_lead_rule(state: _PartState, s: str, orgs, _prev) -> None:
    """A table cell with no subject ("Reports to the Ministry of …") is about its row's body."""
    lead = _LEAD_PART.match(s)
    if lead and state.row is not None and state.row.type in _STATE:
        whole = next((o for o in orgs if o.start >= lead.end() - 1 and o.key != state.row.key), None)
        if whole:
            state.link(state.row.key, whole.key, s)


def _both_under_rule(state: _PartState, s: str, orgs, prev_orgs) -> None:
    """"Both fall under the Ministry of Home Affairs": the bodies of the sentence before."""
    prev_state = [o for o in prev_orgs if o.type in _STATE]
    both = _BOTH_UNDER.match(s)
    if both and orgs and len(prev_state) >= 2:
        whole = next((o for o in orgs if o.start >= both.end() - 1), None)
        for o in prev_state if whole else ():
            state.link(o.key, whole.key, s)


def _oversees_rule(state: _PartState, s: str, orgs, _prev) -> None:
    """"The ministry oversees local, traffic, and security police": the overseen body is the part."""
    if not _OVERSEE_WORDS.search(s):
        return
    for o in orgs:
        head = s[:o.start]
        over = _OVERSEES_END.search(head)
        if not over or o.type not in {"LawEnforcement", "GovernmentBody"}:
            continue
        boss = next((b for b in reversed(orgs) if b.end <= over.start() and b.type == "Ministry"), None)
        if boss is None and _DEFINITE_MINISTRY.search(head[:over.start()]):
            boss = state.last_ministry
        if boss is not None:
            state.link(o.key, boss.key, s)


def _pair_rule(state: _PartState, s: str, orgs, _prev) -> None:
    """Two bodies joined by what lies between them: "X, under the Ministry of Y,", "X reports to
    Y", "X Department, Ministry of Y", "the X Department of the Ministry of Y"."""
    for i, o in enumerate(orgs):
        nxt = next((n for n in orgs[i + 1:] if n.key != o.key), None)
        if nxt is None:
            continue
        gap = s[o.end:nxt.start]
        if _UNDER_APPOSITIVE.fullmatch(gap) and o.type in _STATE and nxt.type == "Ministry":
            state.link(o.key, nxt.key, s)
        elif _UNIT_AFTER_BODY.fullmatch(gap) and o.type in {"Ministry", "LawEnforcement", "GovernmentBody"} \
                and _UNIT_NAME.search(nxt.text):
            # "Ministry of Manpower (MOM) Directorate General of …", "the Police Force's Anti-Trafficking
            # Division", "National Police, including its Service Unit": the unit, and a unit joined to it
            state.link(nxt.key, o.key, s)
            for more in orgs[orgs.index(nxt) + 1:]:
                if re.fullmatch(r",?\s(?:and\s)?(?:the\s)?", s[nxt.end:more.start]) and _UNIT_NAME.search(more.text):
                    state.link(more.key, o.key, s)
                    nxt = more
                else:
                    break
        elif _PART_VERBS.search(gap) and len(gap) < 60 and not re.search(r"[,;]", gap):
            if o.type in _STATE:
                state.link(o.key, nxt.key, s)
        elif o.type in {"GovernmentBody", "LawEnforcement"} and (
                (re.fullmatch(r",\s", gap) and nxt.type == "Ministry" and _UNIT_FIRST.match(o.text))
                or (re.fullmatch(r"\s(?:of|under|within)\s(?:the\s)?", gap) and nxt.type in {"Ministry", "LawEnforcement"}
                    and _UNIT.search(o.text))):
            state.link(o.key, nxt.key, s)


def _members_rule(state: _PartState, idx: int, s: str, orgs) -> None:
    """Members and chairs of a committee: in the sentence that names it, or in a table row's
    cell ("Chaired by X. Other members include Y; Z") under the row's label."""
    m = _MEMBERS.search(s)
    if not m:
        return
    wholes = [o for o in orgs if o.end <= m.start() and o.type == "Committee"]
    lead_members = _LEAD_MEMBERS.match(s)
    if not wholes and lead_members:
        recent = state.recent_committee
        if recent and idx - recent[-1][0] <= 2:
            # "The Steering Committee is chaired by … . Members include the Ministry of …"
            wholes = [Mention(0, 0, recent[-1][1], "Committee", "")]
        elif state.row is not None and _GROUP.search(state.row.text) and idx - state.row_at <= _ROW_REACH:
            wholes = [state.row]  # the row's label, not a body its description names
    if not wholes:
        return
    whole = wholes[-1]
    # a table's member cell lists any kind of body; a running sentence's "including" is too
    # loose for more than ministries; "representatives from the government" is no member
    kinds = _MEMBER_KINDS if lead_members else {"Ministry"}
    governments = _governments(state.ctx)
    for o in orgs:
        if o.start >= m.end() and o.type in kinds and o.start - m.end() < 300 and o.key not in governments:
            state.link(o.key, whole.key, s)


def _gazetteer_links(state: _PartState, analysed) -> None:
    ctx = state.ctx
    present = {o.key for _sent, orgs, _people in analysed for o in orgs}
    for key in sorted(present):
        entry = ctx.gaz.by_name.get(key.lower())
        if entry and entry.part_of and ctx.table.resolve(entry.part_of) in present:
            state.link(key, ctx.table.resolve(entry.part_of), None)


def find_criticisms(s: str, orgs: list[Mention], ctx: OrgContext) -> list[Criticism]:
    out: list[Criticism] = []
    if len(orgs) < 2:
        return out
    m = _CRITIC_NOUN.search(s)
    if m:
        critics = [o for o in orgs if o.start >= m.end() and o.type in {"NGO", "InternationalOrganization"}
                   and not re.search(r"[,;]\s", s[m.end():o.start])]
        targets = [o for o in orgs if o.type == "GovernmentBody" and o.start > m.end() and o not in critics]
        for c in critics[:1]:
            for t in targets:
                out.append(Criticism(c.key, t.key, s))
    m = _CRITIC_VERB.search(s)
    if m:
        critics = [o for o in orgs if o.end <= m.start() and o.type in {"NGO", "InternationalOrganization"}]
        targets = [o for o in orgs if o.start >= m.end() and o.type in _STATE]
        if critics and targets:
            out.append(Criticism(critics[-1].key, targets[0].key, s))
    return out


_COUNT = r"(?P<n>\d{1,3}(?:,\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|a dozen)"
_VICTIMS = re.compile(rf"\b(?:rescued|freed|intercepted|found|removed|repatriated|saved|trafficking|sending) {_COUNT} (?:\w+ ){{0,2}}"
                      r"(?:workers|victims|women|girls|children|boys|men|fishermen|migrants|people|persons|teenagers|minors"
                      r"|labou?rers|crew)\b")
_SUSPECTS = re.compile(rf"\b(?:arrested|detained|charged|convicted|sentenced|indicted|held) {_COUNT} (?:\w+ ){{0,2}}"
                       r"(?:suspects|traffickers|brokers|recruiters|people|persons|men|women|captains|agents|officials|employers"
                       r"|owners|managers|smugglers)\b")
_NUMWORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "a dozen": 12}
_SUBJECT_GAP = re.compile(r"^(?:\s+(?:in|of|from|at)\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)*(?:\s(?:province|district|city|state))?)?"
                          r"(?:,[^,]{1,60},)?\s+(?:\w+\s){0,2}$")
_FOLLOW_UP = re.compile(r"\b(?:the|those|these) (?:workers|victims|women|girls|children|men|fishermen|migrants|suspects|crew"
                        r"|couple|defendants?|raid|operation)\b|\bthe (?:\w+ )?(?:compound|factory|brothel|boat|vessel)s?\b")


def find_cases(analysed, ctx: OrgContext, year: int | None) -> list[Case]:
    """Specific cases: a sentence with a raid/rescue/arrest/trial verb that is an event (a day,
    a month, or an agency as the verb's subject with a count of victims or suspects), not a
    yearly total. The next sentence adds its agencies when it talks about the same event."""
    cases: list[Case] = []
    last: Case | None = None
    for idx, (sent, orgs, people) in enumerate(analysed):
        s = sent.text
        verb = _CASE_VERB.search(s) or _CASE_NOUN.search(s)
        if last is not None and (not verb or not _is_event(s, verb, orgs)):
            _follow_up(last, s, orgs, people, analysed, idx)
            last = None
            continue
        last = None
        if not verb or not _one_event(s, verb, orgs):
            continue
        agencies = _case_agencies(verb, orgs, ctx)
        if not agencies and not (people and verb.group("v") in {"convicted", "sentenced", "charged", "arrested"}):
            continue  # a case with only people: an employer convicted, a broker arrested
        case = _new_case(s, verb, agencies, people, ctx, year)
        merged = next((c for c in cases if set(c.agencies) & set(agencies) and c.year == case.year), None)
        if merged:
            _merge_case(merged, case, [p.name for p in people])
            last = merged
            continue
        cases.append(case)
        last = case
    return cases


def _one_event(s: str, verb: re.Match, orgs) -> bool:
    """The sentence tells one event, not a yearly total or a visit that found nothing."""
    one_case = verb.group("v") == "case"
    aggregate = _AGGREGATE.search(s)
    if aggregate and one_case and re.match(r"In (?:19|20)\d\d,", aggregate.group(0)):
        aggregate = None  # "In 2020, the VPU handled one case involving …": one case, dated
    if aggregate or not _is_event(s, verb, orgs):
        return False
    return verb.group("v") not in {"found", "discovered", "uncovered", "visited"} or bool(re.search(
        r"\b(?:camps?|graves?|bodies|victims|brothels?|factories|workers|children|violations)\b", s))


def _case_agencies(verb: re.Match, orgs, ctx: OrgContext) -> list[str]:
    agencies = list(dict.fromkeys(o.key for o in orgs if o.type in _STATE))
    if not agencies and verb.group("v") == "case":
        # "the case against a district administrator … remained under investigation": the
        # state that handles it, when the sentence names no body
        gk = government_key(ctx, ctx.country)
        agencies = [gk] if gk else []
    return agencies


def _new_case(s: str, verb: re.Match, agencies: list[str], people, ctx: OrgContext, year: int | None) -> Case:
    status = next((st for w, st in _STATUS if re.search(rf"\b{w}\b", s)), "investigated")
    low = s.lower()
    exploitation = next((e for w, e in _EXPLOIT if w in low), None)
    one_case = verb.group("v") == "case"
    y = int(verb.group("y")) if one_case and verb.group("y") else _case_year(s, year)
    return Case(summary=s[:120], year=y, place=_place(s, ctx), status=status, exploitation=exploitation,
                agencies=agencies, people=sorted({p.name for p in people}), victims=_count(_VICTIMS, s),
                suspects=_count(_SUSPECTS, s), evidence=s)


def _merge_case(merged: Case, case: Case, people: list[str]) -> None:
    """A second sentence about the same agencies' case of the same year adds to the first
    (``people`` in the order the sentence names them)."""
    for a in case.agencies:
        if a not in merged.agencies:
            merged.agencies.append(a)
    for p in people:
        if p not in merged.people:
            merged.people.append(p)
    if _rank(case.status) > _rank(merged.status):
        merged.status = case.status
    merged.victims = merged.victims or case.victims
    merged.suspects = merged.suspects or case.suspects


def _is_event(s: str, verb: re.Match, orgs) -> bool:
    if verb.group("v") == "case" or _EVENT_TIME.search(s):
        return True
    # "Police in X province rescued 23 workers": an agency is the verb's subject and it names a count
    subject = any(o.type in _STATE and o.end <= verb.start() and _SUBJECT_GAP.match(s[o.end:verb.start()])
                  for o in orgs)
    return subject and bool(_VICTIMS.search(s) or _SUSPECTS.search(s))


def _follow_up(case: Case, s: str, orgs, people, analysed, idx: int) -> None:
    if not _FOLLOW_UP.search(s):
        return
    for o in orgs:
        if o.type in _STATE and o.key not in case.agencies:
            case.agencies.append(o.key)
    for p in people:
        if p.name not in case.people and not p.short:
            case.people.append(p.name)
    if case.exploitation is None:
        low = s.lower()
        case.exploitation = next((e for w, e in _EXPLOIT if w in low), None)


def _count(rx: re.Pattern, s: str) -> int | None:
    m = rx.search(s)
    if not m:
        return None
    n = m.group("n").lower()
    if n in _NUMWORD:
        return _NUMWORD[n]
    return int(n.replace(",", "")) if n[0].isdigit() else None


def _place(s: str, ctx: OrgContext) -> str | None:
    found = [m for m in ctx.gaz.place_regex.finditer(s)]
    if not found:
        return None
    near = [m for m in found if re.search(r"\b(?:in|at|near|from|off)\s(?:the\s)?(?:\w+\s)?$", s[max(0, m.start() - 25):m.start()])]
    return (near or found)[0].group(0)


def _rank(status: str | None) -> int:
    order = ["reported", "investigated", "rescued", "arrested", "prosecuted", "dropped", "acquitted", "convicted"]
    return order.index(status) if status in order else -1


def _case_year(s: str, year: int | None) -> int | None:
    m = re.search(r"\b(?:in|In) (?:(?:January|February|March|April|May|June|July|August|September|October|November"
                  r"|December) )?(19[89]\d|20[0-4]\d)\b", s)
    return int(m.group(1)) if m else year


def _governments(ctx: OrgContext) -> frozenset[str]:
    return frozenset(c.government for c in ctx.gaz.countries.values())


def _names_only(s: str, orgs) -> bool:
    """A sentence that is nothing but an organisation's name (a table row's first cell)."""
    return sum(o.end - o.start for o in orgs) >= 0.75 * len(s.strip(" .;:"))
