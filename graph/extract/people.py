"""People and their posts. A capitalised run of two to four words is a person when the sentence
treats it as one: a title before it ("Minister of Labour X Y"), an appositive after it ("X Y,
deputy director of …", "X Y, 34,"), a speech verb ("X Y said"), or "according to X Y".
Posts come from the same patterns; a title alone can imply its body ("Interior Minister" →
the Ministry of Interior of the report's country)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import Position
from .actors import Mention
from .lexicon import load_lexicon
from .orgs import OrgContext, _ministry, government_key

__all__ = ["PersonHit", "find_people"]

_LEX = load_lexicon()
_TOKEN = r"[A-Z][a-z][a-z'-]*|[A-Z]\.?"
_HAS_RUN = re.compile(r"[A-Z][a-z]*\.?\s[A-Z]")
# a run of capitalised tokens; the first capital comes before the word-start test so that the
# regex engine skips straight to capitals
_RUN = re.compile(rf"[A-Z](?<![\w'-].)(?:[a-z][a-z'-]*|\.?)(?:\s(?:bin |binti |van |de |al-)?(?:{_TOKEN}))+(?![\w-])")
_PORTFOLIO = frozenset("""labour labor interior justice social affairs health education foreign home defence defense
women's information tourism planning commerce finance economy agriculture manpower human resources security
public rural development environment industry culture religion cults land post telecommunications transport works
energy mines water trade national immigration veterans youth rehabilitation vocational training sport sports
welfare solidarity family women children""".split())
_TITLE_WORDS = _LEX.person_titles   # schemas/lexicon.yaml
_STOP = frozenset("""the a an in on at by for from with to after before during under since as if when while
although however but and or of this that these those its their his her our there here it he she they we
addressing earlier later meanwhile according based asked despite since more most many some several each both
all any other others another such no not only also his thursday monday tuesday wednesday friday saturday
sunday january february march april may june july august september october november december""".split())
_SPEECH = (r"said|says|say|told|tells|added|adds|explained|warned|noted|stated|acknowledged|admitted|agreed|urged"
           r"|insisted|claimed|argued|announced|confirmed|stressed|emphasised|emphasized|reported|wrote|asked"
           r"|declined|denied|commented")
_ORG_HEADS = _LEX.org_head_nouns
# common nouns that end capitalised headings and programme names ("Protection of Trafficked
# Victims, headed by …", "the Hope Program, led by …"): no person's name ends in them
_NOT_NAME_END = frozenset("""victims workers vessels program programme programs project projects force forces
conflict conflicts work labor labour children women persons people rights trafficking protection development
services affairs security fund plan policy law act report survey campaign initiative strategy group groups""".split())
_AFTER_SPEECH = re.compile(rf"^,?\s(?:(?:also|later|then|previously|further) )?(?:{_SPEECH})\b")
_BEFORE_SPEECH = re.compile(rf"(?:\b(?:{_SPEECH})|according to|echoed by|shared by|chaired by|led by|headed by)\s$",
                            re.I)
_AGE = re.compile(r"^,\s\d{1,3},")
# the person a case is about: "police arrested farm owner X", "the court convicted X"
_CASE_OBJECT = re.compile(r"\b(?:arrested|detained|charged|convicted|sentenced|indicted|acquitted|prosecuted)"
                          r"\s(?:[a-z]+\s){0,2}$")
_ROLE = re.compile(r"\b(?:minister|director|head|chief|official|officer|spokes\w+|secretary|president|chair\w*"
                   r"|coordinator|manager|representative|founder|adviser|advisor|researcher|lawyer|commander"
                   r"|governor|ambassador|deputy|member|leader|reporter|correspondent|analyst|expert|specialist"
                   r"|consultant|activist|staff|executive|investigator|prosecutor|judge|professor)\b", re.I)
# ", deputy director of the Harbour Police" (not ", and Chairman of …": the next item of a list)
_APPOSITIVE = re.compile(r"^,\s(?!and\s|or\s)(?:the |a |an )?(?P<title>[^,;]{2,70}?)\s(?:of|at|for|with|from|in)\s(?:the\s)?")
_OF_ORG = re.compile(r"^,\s(?:of|from|with)\s")
_PRE_TITLE = re.compile(
    r"(?:(?P<poss>[A-Z][a-z]+)'s\s)?(?P<title>(?:(?:[A-Z][a-z-]+|[a-z]+-?[a-z]*)\s){0,3}"
    r"(?:[Mm]inister|[Ss]ecretary|[Dd]irector(?:[- ][Gg]eneral)?|[Gg]overnor|[Ss]pokes(?:man|woman|person)"
    r"|[Cc]hief|[Cc]ommander(?:-in-[Cc]hief)?|[Cc]hair(?:man|woman)?|[Pp]resident|[Hh]ead|[Oo]fficial|[Oo]fficer|[Aa]mbassador"
    r"|[Jj]udge|[Pp]rosecutor|General|Gen\.|Colonel|Col\.|Captain|[Cc]oordinator|[Mm]anager|[Rr]epresentative)"
    r"(?:\sof\s(?:the\s)?(?P<port>[A-Z][a-z']+(?:(?:,?\sand\s|,\s|\s)[A-Z][a-z']+){0,4}))?)\s$")


# a head of state's or government's title in apposition: "the new prime minister, Ismail Sabri",
# "approved Phankham Viphavan as prime minister"
_HEAD_TITLES = r"(?:prime minister|president|vice president|king|queen|foreign minister|interior minister|chancellor)"
_TITLE_THEN_NAME = re.compile(rf"\b(?:the |its |a )?(?:new |former |current |then |acting |interim )?(?P<title>{_HEAD_TITLES}),\s$",
                              re.I)
_AS_TITLE = re.compile(rf"^\s(?:as|to be) (?:the )?(?:new |acting |interim )?(?P<title>{_HEAD_TITLES})\b", re.I)

_TITLE_END = re.compile(r"(?:minister|secretary|director|general|governor|spokes\w+|chief|commander|chair\w*|president"
                        r"|head|official|officer|ambassador|judge|prosecutor|gen\.|colonel|col\.|captain|coordinator"
                        r"|manager|representative)\b", re.I)


@dataclass
class PersonHit:
    name: str
    start: int
    end: int
    positions: list[Position]
    short: bool = False


def find_people(sentence: str, orgs: list[Mention], ctx: OrgContext, known: dict[str, str]) -> list[PersonHit]:
    """People named in ``sentence``; ``known`` maps names and short names seen so far to the
    full name, and is updated."""
    taken = bytearray(len(sentence))
    for m in orgs:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    hits: list[PersonHit] = []
    for m in _RUN.finditer(sentence) if _HAS_RUN.search(sentence) else ():
        run = _name_in_run(m, sentence, ctx, taken)
        if run is None:
            continue
        start, name = run
        end = start + len(name)
        if taken.find(1, start, end) >= 0 or not _may_be_a_name(name, ctx):
            continue
        before, after = sentence[:start], sentence[end:]
        pre = _PRE_TITLE.search(before[-160:]) if _TITLE_END.search(before[-70:]) else None
        side = _TITLE_THEN_NAME.search(before[-60:]) or _AS_TITLE.match(after)
        if not (name in known or pre or side or _person_context(before, after)):
            continue
        full = known.get(name, name)
        positions = _positions(full, sentence, start, end, orgs, ctx, pre)
        if side and not positions:  # "the new prime minister, X"; "approved X as prime minister"
            positions = _implied_posts(full, side.group("title"), None, None, ctx, sentence)
        hits.append(PersonHit(full, start, end, positions))
        taken[start:end] = b"\x01" * (end - start)
    hits += _short_name_hits(sentence, known, taken)
    for h in hits:
        if not h.short:
            known.setdefault(h.name, h.name)
    hits.sort(key=lambda h: h.start)
    return hits


def _name_in_run(m: re.Match, sentence: str, ctx: OrgContext, taken: bytearray) -> tuple[int, str] | None:
    """Where the name in a capitalised run starts, and the name: the run without a body's name
    ("Marine Police Commander X"), the title, portfolio and function words it drags along; None
    unless two to four words are left."""
    words = m.group(0).split()
    start = m.start()
    while words and taken[start]:  # the words of a body already found
        start = sentence.index(words[0], start) + len(words[0])
        start += len(sentence[start:]) - len(sentence[start:].lstrip())
        words = words[1:]
    poss = [i for i, w in enumerate(words[:-1]) if w.endswith("'s")]
    if poss:  # "Al Jazeera's Step Vaessen": the name follows the possessive
        cut = poss[-1] + 1
        start = sentence.index(words[cut], start + len(" ".join(words[:cut])))
        words = words[cut:]
    while words and (words[0].lower().rstrip(".") in _TITLE_WORDS or words[0].lower() in _PORTFOLIO
                     or words[0].lower() in _STOP or _is_place(words[0], ctx)
                     or words[0].endswith("'s") or words[0] == "State"):  # "Secretary of State X"
        start = sentence.index(words[0], start) + len(words[0])
        start += len(sentence[start:]) - len(sentence[start:].lstrip())
        words = words[1:]
    while words and (words[-1].lower() in _STOP or words[-1].lower().rstrip(".") in _TITLE_WORDS):
        words = words[:-1]
    if len(words) < 2 or len(words) > 4:
        return None
    name = " ".join(words)
    return (start, name) if sentence[start:start + len(name)] == name else None


def _may_be_a_name(name: str, ctx: OrgContext) -> bool:
    """Not a place, a portfolio, a body's name or a publisher's."""
    words = name.split()
    if any(_is_place(w, ctx) or w.lower() in _PORTFOLIO for w in words) or _is_place(name, ctx) \
            or words[-1].lower() in _ORG_HEADS or words[-1].lower() in _NOT_NAME_END:
        return False
    gaz = ctx.gaz
    return not (gaz.lookup(name, ctx.country) or name in gaz.publishers or name in gaz.news_agencies)


def _person_context(before: str, after: str) -> bool:
    """Words around a name that only a person takes: speech, an age, a case, an appositive role,
    "of <body>"."""
    appositive = _APPOSITIVE.match(after)
    return bool(_AFTER_SPEECH.match(after) or _BEFORE_SPEECH.search(before[-30:]) or _AGE.match(after)
                or _CASE_OBJECT.search(before[-40:])
                or (appositive and _ROLE.search(appositive.group("title")))
                or _OF_ORG.match(after))


def _short_name_hits(sentence: str, known: dict[str, str], taken: bytearray) -> list[PersonHit]:
    """Short names ("Kheng") of people already known."""
    hits = []
    for short, full in list(known.items()):
        if " " in short or short not in sentence:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", sentence):
            if taken.find(1, m.start(), m.end()) < 0:
                hits.append(PersonHit(full, m.start(), m.end(), [], short=True))
    return hits


def register_short_names(full: str, known: dict[str, str], text: str) -> None:
    """A person's single name is an alias when the report uses it on its own and no one else
    known shares it."""
    for w in full.split():
        if len(w) < 3 or w.lower() in _STOP:
            continue
        if w in known and known[w] != full:
            known[w] = ""  # ambiguous
            continue
        if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w -])|(?<![\w-]){re.escape(w)}(?= (?:said|says|told|added|acknowledged|visited|was|is|has|had|who))", text):
            known.setdefault(w, full)


def _is_place(word: str, ctx: OrgContext) -> bool:
    return word in ctx.gaz.places or ctx.gaz.country_name(word) is not None


def _positions(person: str, sentence: str, start: int, end: int, orgs: list[Mention], ctx: OrgContext,
               pre: re.Match | None) -> list[Position]:
    out: list[Position] = []
    if pre:
        out.extend(_pre_title_posts(person, sentence, start, orgs, ctx))
    led = _led_by_post(person, sentence, start, orgs)
    if led and led.org not in {p.org for p in out}:
        out = [p for p in out if not p.title.lower().startswith(("led by", "headed by", "chaired by"))] + [led]
    after = sentence[end:]
    app = _APPOSITIVE.match(after)
    if app and _ROLE.search(app.group("title")):
        seg_end = end + len(after.split(";")[0])
        nxt = sentence.find(",", end + app.end())
        org = next((o for o in orgs if end + app.start("title") <= o.start < (nxt if nxt > 0 else seg_end)), None)
        if org:
            out.append(Position(person, org.key, _clean_title(app.group("title")), sentence))
    elif (of := _OF_ORG.match(after)):
        nxt = sentence.find(",", end + of.end())
        org = next((o for o in orgs if end < o.start < (nxt if nxt > 0 else len(sentence))), None)
        if org:
            out.append(Position(person, org.key, "Representative", sentence))
    return out


# "the Council, an administrative body led by Commander-in-Chief X": X heads the body named before
_LED_BY = re.compile(r"\b(?P<verb>led|headed|chaired|co-chaired|directed|commanded) by (?:the )?(?P<title>[^,;()]{0,60}?)\s?$")
_LED_BY_TITLE = {"led": "Head", "headed": "Head", "directed": "Director", "chaired": "Chair", "co-chaired": "Co-chair",
                 "commanded": "Commander"}


def _led_by_post(person: str, sentence: str, start: int, orgs: list[Mention]) -> Position | None:
    """The post of a person after "led by", "headed by", "chaired by" …: at the nearest body
    named before the verb in the same clause, with the title between (else the verb's)."""
    m = _LED_BY.search(sentence, max(0, start - 80), start)
    if not m:
        return None
    org = next((o for o in reversed(orgs) if o.end <= m.start() and m.start() - o.end <= 120
                and not re.search(r"[;:]|\.\s", sentence[o.end:m.start()])), None)
    if org is None:
        return None
    title = _clean_title(m.group("title")) if m.group("title").strip() else ""
    if any(m.start("title") <= o.start < start for o in orgs):
        title = ""  # "led by armed forces Commander-in-Chief X": that title is the armed forces' post
    return Position(person, org.key, title or _LED_BY_TITLE[m.group("verb")], sentence)


def _pre_title_posts(person: str, sentence: str, start: int, orgs: list[Mention], ctx: OrgContext) -> list[Position]:
    out: list[Position] = []
    cursor = start
    for _ in range(3):  # "Interior Minister and National Committee … head X": a chain of posts
        before = sentence[:cursor]
        m = _PRE_TITLE.search(before[-160:])
        if not m:
            break
        offset = len(before) - len(before[-160:])
        t_start = offset + m.start("title")
        org = next((o for o in orgs if o.start < cursor and o.end > t_start - 2), None)
        if org and org.end > t_start:
            t_start = org.end + 1
        title = sentence[t_start:offset + m.end("title")].strip()
        if not title and org:  # "Chairman of the National Assembly X": the title stands before the body
            title = re.sub(r"\s(?:of|at|for|in)(?:\sthe)?$", "", sentence[offset + m.start("title"):org.start].strip())
        org_before = org or next((o for o in orgs if 0 <= t_start - o.end <= 3), None)
        poss = m.group("poss") if m.start("poss") >= 0 and offset + m.start("poss") >= (org_before.end if org_before else 0) else None
        country = ctx.gaz.country_name(poss) if poss else None
        if country is None and (prev := sentence[:t_start].split()[-1:]):
            country = ctx.gaz.country_name(prev[0])  # "US Deputy Secretary of State X", "Thai Prime Minister Y"
        if org_before:
            out.append(Position(person, org_before.key, _clean_title(title), sentence))
            t_start = org_before.start
        else:
            out.extend(_implied_posts(person, title, m.group("port"), country, ctx, sentence))
        rest = sentence[:t_start]
        if not re.search(r"\sand\s$", rest):
            break
        cursor = len(rest.rstrip()) - 3
        cursor = len(sentence[:cursor].rstrip()) + 1 if cursor > 0 else 0
    return out


def _implied_posts(person: str, title: str, port: str | None, country: str | None, ctx: OrgContext,
                   sentence: str) -> list[Position]:
    words = title.split()
    low = title.lower()
    country = country or next((ctx.gaz.country_name(w) for w in words if ctx.gaz.country_name(w)), None)
    home = country or ctx.country
    out = []
    if "prime minister" in low or low.endswith("president") and "vice" not in low:
        gk = government_key(ctx, home)
        return [Position(person, gk, _clean_title(title), sentence)] if gk else []
    if "minister" not in low and not port:
        return []
    portfolio = port or " ".join(w for w in words if w.lower() in _PORTFOLIO)
    if not portfolio:
        return []
    if portfolio.lower() == "state":  # "Secretary of State" heads a Department of State, never a "Ministry of State"
        entry = ctx.gaz.lookup("Department of State", home)
        if entry is None:
            return []
        key = ctx.table.add(entry.name, entry.type, entry.aliases, entry.country)
        return [Position(person, key, _clean_title(title), sentence)]
    fix = {"foreign": "Foreign Affairs", "home": "Home Affairs"}
    portfolio = fix.get(portfolio.lower(), portfolio[:1].upper() + portfolio[1:])
    saved = ctx.country
    ctx.country = home
    try:
        key = _ministry(ctx, f"Ministry of {portfolio}")
    finally:
        ctx.country = saved
    out.append(Position(person, key, _clean_title(title), sentence))
    if country:
        gk = government_key(ctx, country)
        if gk:
            out.append(Position(person, gk, _clean_title(title), sentence))
    return out


# words a title's run of lower-case words drags along from the clause before it
# ("apart from foreign minister X", "talks with deputy director Y")
_NOT_TITLE_WORDS = re.compile(r"^(?:(?:led|headed|chaired|co-chaired|directed|commanded|apart|from|by|with|to|of|and|the|a|an|as|for|including|between|said|told"
                              r"|according|met|meeting|like|whom|while|when|after|before)\s)+", re.I)


def _clean_title(title: str) -> str:
    t = _NOT_TITLE_WORDS.sub("", re.sub(r"\s+", " ", title).strip(" ,"))
    return t[:1].upper() + t[1:]
