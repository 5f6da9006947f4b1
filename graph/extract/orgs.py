"""Organisation mentions in a sentence: gazetteer names, institution-shaped names ("Ministry of
…", "… National Police"), acronyms a report defines in parentheses, listed ministries
("the ministries of labour and justice"), and the state itself ("the government", "Thai
authorities", a country name used as a subject)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import ActorTable, Mention
from .gazetteer import Gazetteer, capitalised_word_regex, norm
from .lexicon import load_lexicon

__all__ = ["OrgContext", "find_orgs", "government_key", "subject_country_regex"]

_CAP = r"[A-Z][\w'&.-]*[\w']|[A-Z]"
_LINK = r"(?:,? and |, (?=[A-Z])| of | for | on | in | against | Against | and the | of the | on the | for the | to | the |-| & | )"
_LEX = load_lexicon()
# schemas/lexicon.yaml, order kept; a plural opens a name too ("Provincial Task Forces for …")
_HEAD_FIRST = "|".join(h if h.endswith("y") else f"{h}s?" for h in _LEX.org_heads_first)
_HEADS_LAST = "|".join(_LEX.org_heads_last)
_HEAD_FIRST_RE = re.compile(
    rf"\b(?:The )?(?:(?:{_CAP}) ){{0,3}}(?:{_HEAD_FIRST}) (?:of|for|on|to|against|Against|in) (?:the )?(?:{_CAP})"
    rf"(?:{_LINK}(?:{_CAP}))*")
_HEAD_LAST_RE = re.compile(rf"\b(?:(?:{_CAP})(?: of| for| and| on| in| the)* )+(?:{_HEADS_LAST})\b")
_AND_SPLIT = re.compile(r",? and (?:the )?(?=[A-Z])")
_STARTS_WITH_HEAD = re.compile(rf"(?:The )?(?:[A-Z][\w'-]* )?(?:{_HEAD_FIRST}) (?:of|for|on|to|against|in) (?:the )?[A-Z]")
# "Bureau of X and Y and Bureau of Z", "Ministry of A and the Office of B": a second head-first name
_AND_NEXT_BODY = re.compile(rf",? and (?:the )?(?=(?:[A-Z][\w'-]* )?(?:{_HEAD_FIRST})s? (?:of|for|on|to)\b)")
# a head-first match opening on a modifier, after "<Word> in|of|for ": the name began earlier
_NAME_GOES_BACK = re.compile(r"\b[A-Z][\w'-]* (?:in|of|for) $")
_PAIRED_MODIFIER = re.compile(r"\b([A-Z][\w'-]*) and $")
_STARTS_WITH_BARE_HEAD = re.compile(rf"(?:The )?(?:{_HEAD_FIRST})\b")
_POSSESSIVE = re.compile(r"['’]s ")
# (a provincial or district head names a set of local bodies: "Provincial Task Forces" stays)
_BARE_HEAD = re.compile(r"^(?:The )?(?:(?:National|Central|Special|Joint|Inter-Agency|Interagency) )?(?:Task ?[Ff]orces?|Councils?|Commissions?|Committees?|Cent(?:er|re)s?|Divisions?"
                        r"|Units?|Offices?|Bureaus?|Departments?|Directorates?|Secretariats?|Agency|Agencies|Authority"
                        r"|Networks?|Body|Bodies)$")
# "X Department of the Ministry of Y": a unit's name ends where a second head-first name begins
_OF_NEXT_BODY = re.compile(rf" (?:of|under|within) (?:the )?(?=(?:[A-Z][\w'-]* )?(?:{_HEAD_FIRST}) (?:of|for|on|to)\b)")
_ROLE_VERBS = _LEX.role_verbs   # schemas/lexicon.yaml
_LAW_AFTER = re.compile(r" (?:CRC|Convention|Protocol|Optional Protocol|Declaration|Charter|Guiding Principles)\b")
_LONGER_NAME = re.compile(r" (?:[A-Z][\w&'-]* ){0,2}(?:Network|Foundation|Association|Coalition|Alliance|Federation"
                          r"|Union|Institute|Centre|Center|Group|Project|Trust|Society|Department|Division|Unit)\b")
_ENDS_IN_HEAD = re.compile(rf"\b(?:{_HEADS_LAST})$")
_ANY_HEAD = capitalised_word_regex(sorted({h.removesuffix("s?") for h in (*_LEX.org_heads_first, *_LEX.org_heads_last)}),
                                   not_after=r"\w", end="")
_CUED_NGO = re.compile(r"\b(?:NGO|non-governmental organi[sz]ation|rights group|charity|advocacy group)\s"
                       r"(?P<name>[A-Z][\w&'-]*(?:\s(?:for\s|of\s|and\s)?[A-Z][\w&'-]*){0,5})")
_CUE_WORDS = re.compile(r"NGO|non-governmental|rights group|charity|advocacy group")
_ACRONYM_DEF = re.compile(r"\s?\(([A-Z][A-Za-z]{1,9}s?)\)")
_NOT_ORG_WORDS = frozenset("""plan policy law act survey program programme project convention protocol strategy
decree code order framework guidelines guideline day report index regulation regulations article articles
standards standard initiative campaign agenda declaration week month year hotline fund system database
memorandum circular resolution budget summit meeting forum conference""".split())
_BAD_FIRST = _LEX.name_stop_words   # schemas/lexicon.yaml
_MODIFIER_SUFFIXES = _LEX.name_modifier_suffixes
_MINISTRIES_LIST = re.compile(
    r"\b[Mm]inistries of ([A-Za-z']+(?: (?!and\b)[A-Za-z']+){0,2}(?:(?:, and |, | and )[A-Za-z']+(?: (?!and\b)[A-Za-z']+){0,2})+)")
_X_MINISTRY = re.compile(r"\b(?:[Tt]he )?([A-Z][a-z']+(?: [A-Z][a-z']+)?|[a-z]+(?: affairs)?) [Mm]inistry\b")
_GOV = re.compile(
    r"\b(?:(?P<pre>[A-Z][\w.]*(?:'s)?|local|provincial|municipal|district|commune|village|state|immigration|labou?r|"
    r"military|[a-z]+-level|civilian) )?(?P<head>[Gg]overnment|[Aa]uthorities|[Aa]dministration)\b(?! of\b)")
_FORCE_WORDS = re.compile(r"olice|avy|rmed [Ff]orces|ilitary")
_GOV_WORDS = re.compile(r"overnment|uthorities|dministration")
_GOV_OF = re.compile(r"\b(?:Royal )?Government of (?:the )?([A-Z][\w-]+(?: [A-Z][\w-]+)?)")
_POLICE = re.compile(
    r"\b(?:(?P<pre>[A-Z][\w.]+(?:'s)?|the|local|provincial|[Pp]rovincial) )?(?P<head>[Pp]olice|[Nn]avy|[Aa]rmed [Ff]orces"
    r"|(?<=the )[Mm]ilitary(?= (?:and|has|have|had|is|was|were|overthrew|said|says|continued|took|seized|killed|committed"
    r"|used|uses|conscripted|recruited)\b|[,.;:)])|(?<='s )[Mm]ilitary(?! (?:junta|court|officials?|officers?|units?)\b))"
    r"\b(?! (?:academ|officers?\b|officials?\b|station|of\b))")
_SUBJECT_VERBS = (r"has|have|had|is|was|says|said|say|denies|denied|believes|warns|warned|insists|insisted|began|begun|begins|confirms|confirmed|hosts|hosted|agreed|agrees"
                  r"|refused|pledged|will|would|must|should|could|made|makes|adopted|ratified|established|announced"
                  r"|urged|urges|sent|sends|deported|signed|launched|reported|denied|does|did|took|takes|continued"
                  r"|continues|failed|needs|plans|promised|vowed|rejected|accepted|allowed|called|offered"
                  r"|acknowledged|insisted|claimed|arrested|rescued|prosecuted|convicted|increased|decreased"
                  r"|demonstrated|maintained|also|remains|remained|passed|enacted|amended|funded|provided")
_LOWER_PORTFOLIOS = frozenset("""labour labor interior justice health education foreign home defence defense finance
information tourism planning commerce trade agriculture manpower security transport fisheries environment women's
welfare immigration""".split())
_PORTFOLIO_FIX = {"foreign": "Foreign Affairs", "home": "Home Affairs", "labor": "Labor", "labour": "Labour"}


@dataclass
class OrgContext:
    gaz: Gazetteer
    table: ActorTable
    country: str | None
    acronyms: dict[str, str] = field(default_factory=dict)   # acronym -> key, defined in this report
    last_of_type: dict[str, str] = field(default_factory=dict)
    subject_country_re: re.Pattern | None = None
    acronym_re: tuple[int, re.Pattern] | None = None
    defined_acronyms: frozenset[str] = frozenset()   # every "(ACR)" the report defines, anywhere


def government_key(ctx: OrgContext, country: str | None) -> str | None:
    c = ctx.gaz.countries.get(country or "")
    if not c:
        return None
    aliases = [*c.government_aliases, *(f"{d} government" for d in c.demonyms),
               *(f"{d} authorities" for d in c.demonyms), f"{c.name}'s government"]
    return ctx.table.add(c.government, "GovernmentBody", aliases, country=c.name)


class _Found:
    """The mentions found so far in one sentence, and the characters they cover: a later pass
    claims only what no earlier one has."""

    def __init__(self, sentence: str, ctx: OrgContext) -> None:
        self.sentence = sentence
        self.ctx = ctx
        self.mentions: list[Mention] = []
        self.taken = bytearray(len(sentence))

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0

    def cover(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def claim(self, start: int, end: int, key: str | None, text: str) -> None:
        if key is None or not self.free(start, end):
            return
        self.cover(start, end)
        self.mentions.append(Mention(start, end, key, self.ctx.table.type_of(key) or "GovernmentBody", text))

    def claim_pattern(self, start: int, text: str) -> str | None:
        """Claim ``text`` at ``start`` as an institution-shaped name; its key, if it is one."""
        key = _pattern_org(self.ctx, text, self.sentence, start)
        self.claim(start, start + len(text), key, text)
        return key


def find_orgs(sentence: str, ctx: OrgContext) -> list[Mention]:
    """Organisation mentions in ``sentence``, longest first, without overlaps: each pass below
    claims what the passes before it left free, most certain first."""
    found = _Found(sentence, ctx)
    for find in _PASSES:
        find(found)
    found.mentions.sort(key=lambda x: x.start)
    for f in found.mentions:
        ctx.last_of_type[f.type] = f.key
    return found.mentions


def _governments_of(found: _Found) -> None:
    """ "Government of Thailand" """
    if "overnment of" not in found.sentence:
        return
    for m in _GOV_OF.finditer(found.sentence):
        country = found.ctx.gaz.country_name(m.group(1))
        if country:
            found.claim(m.start(), m.end(), government_key(found.ctx, country), m.group(0))


def _gazetteer_names(found: _Found) -> None:
    sentence, ctx = found.sentence, found.ctx
    for start, end, text in ctx.gaz.org_names(sentence):
        if _inside_law_title(sentence, start) or _LONGER_NAME.match(sentence, end) \
                or _LAW_AFTER.match(sentence, end):  # "UN CRC Optional Protocol" is a treaty
            continue  # "Migrant Care Network" is not the gazetteer's "Migrant Care"
        key = _from_gazetteer(ctx, text, _country_before(sentence, start, ctx))
        if key:
            found.claim(start, end, key, text)


def _ministries_lists(found: _Found) -> None:
    """ "the ministries of labour and justice": one mention per ministry, over the whole list"""
    if "inistries" not in found.sentence:
        return
    for m in _MINISTRIES_LIST.finditer(found.sentence):
        for item in re.split(r",? and |, ", m.group(1)):
            if item.startswith("the ") and len(item.split()) > 2:
                break  # "…, and Labor, and the Royal Thai Police": the list has ended ("the Environment" has not)
            item = " ".join(_cut_at_stopword(item.split()))
            if item:
                key = _ministry(found.ctx, "Ministry of " + _title(item))
                found.mentions.append(Mention(m.start(), m.end(), key, "Ministry", item))
        found.cover(m.start(), m.end())


def _shaped_names(found: _Found) -> None:
    """Names shaped like an institution's: "Ministry of …" (head first), "… Police" (head last)."""
    if _ANY_HEAD.search(found.sentence) is None:
        return
    for rx in (_HEAD_FIRST_RE, _HEAD_LAST_RE):
        for m in rx.finditer(found.sentence):
            span = _shaped_span(found, m, head_first=rx is _HEAD_FIRST_RE)
            if span:
                _claim_shaped(found, *span, head_first=rx is _HEAD_FIRST_RE)


def _shaped_span(found: _Found, m: re.Match, head_first: bool) -> tuple[int, str] | None:
    """Where a shaped name starts and its text, trimmed, cut before a name already found; or
    None when what is left is no name."""
    sentence = found.sentence
    text = _trim(m.group(0))
    if not text or _inside_law_title(sentence, m.start()):
        return None
    if head_first and not _STARTS_WITH_BARE_HEAD.match(text) \
            and _NAME_GOES_BACK.search(sentence, max(0, m.start() - 40), m.start()):
        return None  # "Anti-Trafficking in [Persons Division of …]": the head-last pass has it whole
    start = m.start() + m.group(0).find(text)
    end = start + len(text)
    if head_first and (pair := _PAIRED_MODIFIER.search(sentence, max(0, start - 40), start)) \
            and not _STARTS_WITH_BARE_HEAD.match(text) and not found.ctx.gaz.country_name(pair.group(1)) \
            and pair.group(1).lower() not in _BAD_FIRST \
            and not re.search(r"\b(?!The\s$)[A-Z][\w'-]*\s$", sentence[max(0, pair.start() - 40):pair.start()]):
        start, text = pair.start(), sentence[pair.start():end]  # "[Provincial and] District Task Forces for …"
    if found.free(start, end):
        return start, text
    # "Anti-Trafficking Police Department of the [Ministry of Public Security]": keep the part
    # before a name already found, when it still ends with an institution word
    cut = found.taken.find(1, start, end)
    # "[Ministry of Women Affairs] and the [Ministry of Justice]": the part before "and"
    text = _trim(re.sub(r"(?:,|\s(?:and|or)(?:\sthe)?)$", "", sentence[start:cut].rstrip()))
    end = start + len(text)
    whole = _ENDS_IN_HEAD.search(text) or (_STARTS_WITH_HEAD.match(text) and cut - end <= 9)
    if not text or not whole or not found.free(start, end) \
            or re.search(r"\b(?!The\s$)[A-Z][\w'-]*\s$", sentence[max(0, start - 40):start]):
        return None  # a capitalised word before it (not "The"): the name starts earlier
    return start, text


def _claim_shaped(found: _Found, start: int, text: str, head_first: bool) -> None:
    """Claim a shaped name, split where it holds two bodies: a body and its unit ("the Coast
    Guard's Investigation Division"), a unit of a body ("X Department of the Ministry of Y"), or
    a pair ("the A Division and the B Division")."""
    poss = _POSSESSIVE.search(text)
    if poss and _ENDS_IN_HEAD.search(text[:poss.start()]) and _ANY_HEAD.search(text, poss.end()):
        found.claim_pattern(start, text[:poss.start()])
        found.claim_pattern(start + poss.end(), text[poss.end():])
        return
    unit_of = _OF_NEXT_BODY.search(text) or (None if head_first else _unit_of_body(text))
    if unit_of and _ENDS_IN_HEAD.search(text[:unit_of.start()]):
        # the unit's own name (its words before "Police") is the head-last pass's
        found.claim_pattern(start + unit_of.end(), text[unit_of.end():])
        if head_first:
            return
        text = text[:unit_of.start()]
    pair = _AND_SPLIT.search(text)
    if not (pair and _ENDS_IN_HEAD.search(text[:pair.start()])):
        pair = _AND_NEXT_BODY.search(text, 1) or _comma_next_body(text)
        if pair and not _ANY_HEAD.search(text, 0, pair.start()):
            pair = None  # "Provincial and District Task Forces for …": one set of bodies at two levels
    if pair:
        right = _trim(text[pair.end():])
        found.claim_pattern(start + text.rfind(right), right)
        text = text[:pair.start()]
    key = found.claim_pattern(start, text)
    if key and (a := _ACRONYM_DEF.match(found.sentence, start + len(text))):
        found.ctx.acronyms[a.group(1)] = key
        found.ctx.table.add_alias(key, a.group(1))


def _portfolio_ministries(found: _Found) -> None:
    """ "the labour ministry", "the Thai Interior Ministry" """
    if "inistry" not in found.sentence:
        return
    for m in _X_MINISTRY.finditer(found.sentence):
        word = m.group(1)
        if not found.free(m.start(), m.end()) or word.lower() in {"the", "a", "this", "that", "each", "said"} \
                or (word.islower() and word.split()[0] not in _LOWER_PORTFOLIOS):  # "according to ministry figures"
            continue
        if found.ctx.gaz.country_name(word):
            continue
        portfolio = _PORTFOLIO_FIX.get(word.lower(), _title(word))
        found.claim(m.start(), m.end(), _ministry(found.ctx, f"Ministry of {portfolio}"), m.group(0))


def _report_acronyms(found: _Found) -> None:
    """The acronyms this report has defined so far ("… Committee (NCCT)", then "NCCT")."""
    ctx = found.ctx
    if not ctx.acronyms:
        return
    if ctx.acronym_re is None or ctx.acronym_re[0] != len(ctx.acronyms):
        alt = "|".join(re.escape(a) for a in sorted(ctx.acronyms, key=len, reverse=True))
        ctx.acronym_re = (len(ctx.acronyms), re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])"))
    for m in ctx.acronym_re[1].finditer(found.sentence):
        found.claim(m.start(), m.end(), ctx.acronyms[m.group(0)], m.group(0))


def _cued_ngos(found: _Found) -> None:
    """ "the rights group Harbour Watch": a name after a word that says what it is"""
    if not _CUE_WORDS.search(found.sentence):
        return
    ctx, gaz = found.ctx, found.ctx.gaz
    for m in _CUED_NGO.finditer(found.sentence):
        name = _trim(m.group("name"))
        if not name or name in gaz.places or gaz.country_name(name):
            continue
        entry = gaz.lookup(name, ctx.country, context=True)
        key = ctx.table.add(entry.name, entry.type, entry.aliases, entry.country) if entry else \
            ctx.table.add(name, "NGO", (), ctx.country)
        ctx.table.add_alias(key, name)
        start = m.start("name")
        found.claim(start, start + len(name), key, name)


def _generic_governments(found: _Found) -> None:
    """ "the government", "Thai authorities": the report country's or the named country's."""
    if not _GOV_WORDS.search(found.sentence):
        return
    ctx = found.ctx
    for m in _GOV.finditer(found.sentence):
        pre, head = m.group("pre"), m.group("head")
        country = ctx.country
        if pre and pre not in {"the", "The", "Royal", "National", "Central"}:
            country = ctx.gaz.country_name(pre.removesuffix("'s"))
            if country is None:
                continue
        elif head.lower() == "administration":
            continue
        gk = government_key(ctx, country)
        found.claim(m.start(), m.end(), gk, m.group(0))
        if gk and country == ctx.country:
            ctx.table.add_alias(gk, head.lower())


def _national_forces(found: _Found) -> None:
    """ "the police", "Thai navy", "the military" """
    if not _FORCE_WORDS.search(found.sentence):
        return
    ctx = found.ctx
    for m in _POLICE.finditer(found.sentence):
        if _inside_law_title(found.sentence, m.start()):
            continue  # "the Law on … Military Personnel of the Royal Cambodian Armed Forces"
        pre = m.group("pre")
        country = ctx.country
        if pre and pre not in {"the", "The", "local", "Local", "provincial", "Provincial"}:
            country = ctx.gaz.country_name(pre.removesuffix("'s"))
            if country is None:
                continue
        found.claim(m.start(), m.end(), _national_force(ctx, country, m.group("head").lower()), m.group(0))


def _subject_countries(found: _Found) -> None:
    """A country named as the subject of a verb ("Laos denies …"): its government."""
    ctx, gaz = found.ctx, found.ctx.gaz
    first = gaz.country_regex.search(found.sentence) if ctx.subject_country_re is not None else None
    if first is None:
        return
    # no match starts more than a few characters ("which ") before the first country named
    for m in ctx.subject_country_re.finditer(found.sentence, max(0, first.start() - _SUBJECT_LEAD)):
        for g in (1, 2):
            country = gaz.country_name(m.group(g)) if m.group(g) else None
            if country:
                gk = government_key(ctx, country)
                found.claim(m.start(g), m.end(g), gk, m.group(g))
                ctx.table.add_alias(gk, gaz.countries[country].name)


_PASSES = (_governments_of, _gazetteer_names, _ministries_lists, _shaped_names, _portfolio_ministries,
           _report_acronyms, _cued_ngos, _generic_governments, _national_forces, _subject_countries)


def subject_country_regex(gaz: Gazetteer) -> re.Pattern:
    names = sorted({w for c in gaz.countries.values() for w in (c.name, *c.aliases) if w[:1].isupper()},
                   key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?:^|[.;:]\s|, and |\band |\bthat |\bwhich |\bafter |\bwhile |\bas |\b[Bb]ut |, )"
                      rf"({alt})(?: and ({alt}))?(?:'s government)?{_SUBJECT_INSERT} (?:{_SUBJECT_VERBS})\b")


_SUBJECT_LEAD = 8   # the longest opening of subject_country_regex (", and ", "which ") and a spare

# what may stand between a country as subject and its verb: "Vietnam, which is a transit country,
# says …", "Malaysia and Indonesia on Wednesday said …"
_SUBJECT_INSERT = r"(?:,\s(?:which|a|an|the)\b[^,;\"“]{1,90},| (?:on|last|this) \w+)?"


def _from_gazetteer(ctx: OrgContext, text: str, country: str | None) -> str | None:
    gaz = ctx.gaz
    if text in gaz.news_agencies or text in gaz.publishers:
        return None
    entry = gaz.lookup(text, country or ctx.country, foreign_acronyms=text not in ctx.defined_acronyms)
    if entry is None:
        if norm(text) in gaz.generic_aliases:
            return _ministry(ctx, text) if text.lower().startswith("ministry") else None
        return None
    key = ctx.table.add(entry.name, entry.type, entry.aliases, entry.country)
    ctx.table.add_alias(key, text)
    return key


def _unit_of_body(text: str) -> re.Match | None:
    """The "of" between a unit and the body it belongs to, in one head-last run ("Anti-Smuggling
    Division of the Harbour Police"): the unit's name has two words or more and ends in a head."""
    for m in _OF_THE.finditer(text):
        left = text[:m.start()]
        if " " in left and _ENDS_IN_HEAD.search(left) and not _BARE_HEAD.match(left):
            return m
    return None


_OF_THE = re.compile(r" of (?:the )?(?=[A-Z])")


def _comma_next_body(text: str) -> re.Match | None:
    """The comma (or "&", ", and", "and the") between two bodies listed in one name-shaped run
    ("Office of Cybercrime, Philippines Internet Crimes Against Children Center"), not one
    inside a name ("Ministry of Labour, Invalids and Social Affairs"): each side has its own
    head word."""
    for m in _COMMA.finditer(text):
        if _ANY_HEAD.search(text, 0, m.start()) and _ANY_HEAD.search(text, m.end()):
            return m
    return None


_COMMA = re.compile(r"(?:,(?: and)?| &| and the) (?=[A-Z])")


def _ministry(ctx: OrgContext, name: str) -> str:
    entry = ctx.gaz.lookup(name, ctx.country)
    if entry:
        return ctx.table.add(entry.name, entry.type, entry.aliases, entry.country)
    alt = name.replace("Labour", "Labor") if "Labour" in name else name.replace("Labor", "Labour")
    return ctx.table.add(name, "Ministry", (alt,) if alt != name else (), ctx.country)


def _pattern_org(ctx: OrgContext, text: str, sentence: str, start: int) -> str | None:
    gaz = ctx.gaz
    country = None
    owner, _, rest = text.partition(" ")
    if owner.endswith(("'s", "’s")) and rest and gaz.country_name(owner[:-2]):
        country = gaz.country_name(owner[:-2])  # "Cambodia's National Institute of Statistics"
        text = rest
    words = text.split()
    if len(words) < 2 or words[-1].lower() in _NOT_ORG_WORDS or words[0].lower() in _NOT_ORG_WORDS:
        return None
    if any(w.lower().strip(",") in _NOT_ORG_WORDS for w in words):
        return None
    if text in gaz.publishers or text in gaz.places:
        return None
    for w in words:
        country = country or gaz.country_name(w)
    entry = gaz.lookup(text, country or ctx.country)
    if entry:
        key = ctx.table.add(entry.name, entry.type, entry.aliases, entry.country)
        ctx.table.add_alias(key, text)
        return key
    if text.startswith("Ministry") and norm(text) in gaz.generic_aliases and country in (None, ctx.country):
        return _ministry(ctx, text)
    if _DANGLING_END.search(text) or _HEADING.search(text) \
            or (len(words) > 2 and words[0].endswith("ing") and words[1] in {"the", "a", "an"}):
        return None  # "Building the Capacity of …", a table heading
    entry = _fragment_of(gaz, text, country or ctx.country)
    if entry:  # a name cut by a line break in a table: "National Committee on Child"
        return ctx.table.add(entry.name, entry.type, entry.aliases, entry.country)
    if _BARE_HEAD.match(text):
        return None  # "the Task Force", "a National Council": a reference to a body, not its name
    return ctx.table.add(text, _type_of(text), (), country or ctx.country)


_DANGLING_END = re.compile(r"\b(?:of|for|on|and|the|to|in|against|&)$", re.I)
_HEADING = re.compile(r"\b[A-Z][a-z]+ing (?:Body|Bodies|Mechanisms?)$")


def _fragment_of(gaz: Gazetteer, text: str, country: str | None):
    """The gazetteer body whose name (or alias) begins or ends with ``text`` (two words or more),
    when only one body of the country (or an international one) fits."""
    words = norm(text).split()
    if len(words) < 2:
        return None
    index = _fragment_index(id(gaz), gaz)
    cands = [e for e in index.get(" ".join(words), ()) if e.country in (country, None)]
    if not cands:
        return None
    # several bodies fit: the one whose name the fragment leaves fewest words of, if only one
    short = min(len(e.name.split()) for e in cands)
    best = {e.name: e for e in cands if len(e.name.split()) == short}
    return next(iter(best.values())) if len(best) == 1 else None


_FRAGMENTS: dict[int, dict[str, list]] = {}


def _fragment_index(key: int, gaz: Gazetteer) -> dict[str, list]:
    index = _FRAGMENTS.get(key)
    if index is None:
        index = {}
        for e in gaz.orgs:
            for a in {norm(x) for x in (e.name, *e.aliases)}:
                w = a.split()
                for i in range(2, len(w)):
                    for frag in (" ".join(w[:i]), " ".join(w[len(w) - i:])):
                        if frag not in gaz.by_alias:
                            index.setdefault(frag, []).append(e)
        _FRAGMENTS.clear()
        _FRAGMENTS[key] = index
    return index


def _type_of(name: str) -> str:
    low = name.lower()
    if "police" in low or "navy" in low or "coast guard" in low or "bureau of investigation" in low \
            or "enforcement" in low:
        return "LawEnforcement"
    if low.startswith("ministry") or low.endswith("ministry") or re.search(r"^\w+ ministry of\b", low):
        return "Ministry"  # "Orlandian Ministry of Labour": a demonym before the head
    if re.search(r"\b(committee|council|commission|task ?force|body)\b", low):
        return "Committee"
    if re.search(r"\b(court|tribunal)\b", low):
        return "Court"
    if re.search(r"\b(foundation|institute|association|network|coalition|center|centre|alliance|federation|union"
                 r"|confederation)\b",
                 low):
        return "NGO"
    return "GovernmentBody"


def _trim(text: str) -> str:
    words = text.split(" ")
    # "the NGO Legal Aid Network": a category word before a name is not part of it; nor is the verb
    # a table's role cell starts with ("Oversees the Anti-Human Trafficking Division")
    while words and (words[0].lower() in _BAD_FIRST or words[0] in {"The", "the", "NGO", "NGOs"}
                     or (len(words) > 2 and words[0] == words[1])  # "the National ⏎ National Committee …"
                     or words[0].lower() in _ROLE_VERBS or words[0].endswith(_MODIFIER_SUFFIXES)
                     # "Replaced the …": a verb in the past before "the"
                     or (len(words) > 2 and words[1] == "the" and words[0].endswith("ed") and words[0] != "United")
                     # "Function of the … Division", "President on the Task Force": a word that heads
                     # no body, then "of the": the name starts after it
                     or (len(words) > 3 and words[1] in {"of", "on", "for", "in"} and words[2] == "the"
                         and not _ANY_HEAD.match(words[0]))
                     or (len(words) > 2 and words[0].endswith(("'s", "’s"))  # "MoM's Directorate General …",
                         and sum(c.isupper() for c in words[0]) >= 2)):        # not "Children's Legal Rights …"
        words = words[1:]
    while words and words[-1].lower() in {"and", "of", "for", "the", "on", "in", "to", "against", "&"}:
        words = words[:-1]
    out = " ".join(words).rstrip(",")
    if out.endswith("'s") and (_ENDS_IN_HEAD.search(out[:-2]) or _STARTS_WITH_HEAD.match(out)):
        out = out[:-2]  # "the Department of Education's programme", "the Ministry of Health's staff"
    return out


def _title(item: str) -> str:
    small = {"of", "and", "for", "the", "on"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in item.split())


_LAW_TITLE = re.compile(r"\b(?:Law|Act|Statutes?|Code|Decree|Convention|Protocol|Regulation|Prakas) (?:on|of|for|to)\b"
                        r"[^.;()]*$")


def _inside_law_title(sentence: str, start: int) -> bool:
    return bool(_LAW_TITLE.search(sentence, max(0, start - 120), start))


def _country_before(sentence: str, start: int, ctx: OrgContext) -> str | None:
    prev = sentence[max(0, start - 25):start].split()
    if prev:
        return ctx.gaz.country_name(prev[-1].removesuffix("'s"))
    return None


def _national_force(ctx: OrgContext, country: str | None, head: str) -> str | None:
    """The country's police, navy, armed forces or military: the gazetteer's body whose alias is
    "<demonym> <head>" ("Thai police", "Burmese military"), else that name itself, as the gold
    conventions read a generic state body ("the police" of a Lao report is the Lao police)."""
    c = ctx.gaz.countries.get(country or "")
    if not c:
        return None
    word = " ".join(head.lower().split())
    names = {f"{d.lower()} {w}" for d in c.demonyms for w in _FORCE_SYNONYMS.get(word, (word,))}
    national = [e for e in ctx.gaz.orgs if e.country == c.name and any(a.lower() in names for a in e.aliases)]
    if not national:  # the country's one top-level body of that kind ("National Police of Timor-Leste")
        kind = _FORCE_NAME.get(word, re.compile(re.escape(word), re.I))
        national = [e for e in ctx.gaz.orgs if e.country == c.name and not e.part_of and kind.search(e.name)
                    and not _UNIT_NAME.search(e.name)]
    if len(national) == 1:
        e = national[0]
        key = ctx.table.add(e.name, e.type, e.aliases, e.country)
        ctx.table.add_alias(key, word)
        return key
    name = f"{c.demonyms[0]} {word}" if c.demonyms else f"{c.name} {word}"
    key = ctx.table.add(name, "LawEnforcement" if word in {"police", "navy"} else "GovernmentBody", (), c.name)
    ctx.table.add_alias(key, word)
    return key


_FORCE_NAME = {"police": re.compile(r"\bPolice\b"), "armed forces": re.compile(r"\bArmed Forces\b|\bmilitary\b", re.I),
               "military": re.compile(r"\bArmed Forces\b|\bmilitary\b", re.I), "navy": re.compile(r"\bNavy\b")}
_UNIT_NAME = re.compile(r"\b(?:Unit|Division|Department|Bureau|Office|Academy|Command)\b")
# "armed forces" and "military" name one body
_FORCE_SYNONYMS = {"armed forces": ("armed forces", "military"), "military": ("military", "armed forces")}


def _cut_at_stopword(words: list[str]) -> list[str]:
    out = []
    for w in words:
        if w.lower() in _BAD_FIRST:
            break
        out.append(w)
    return out
