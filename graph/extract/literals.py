"""What text a regular expression needs before it can match: a cheap test that lets rules kept
as data (gap cues, boilerplate lines …) skip most sentences without running the regex.

``required_literals(pattern)`` reads the pattern with Python's own regex parser and returns a
set of lower-case strings, one of which occurs (case-insensitively) in every match, or None when
no such set can be told. :class:`Prefiltered` wraps a compiled pattern with that test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the parser the re module itself uses (Python 3.11+; sre_parse before)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["required_literals", "Prefiltered"]

_LITERAL = _sre_constants.LITERAL
_IN = _sre_constants.IN
_BRANCH = _sre_constants.BRANCH
_SUBPATTERN = _sre_constants.SUBPATTERN
_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT)
_ATOMIC = getattr(_sre_constants, "ATOMIC_GROUP", None)
_POSSESSIVE = getattr(_sre_constants, "POSSESSIVE_REPEAT", None)
_ZERO_WIDTH = (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)

Needs = frozenset[str]   # one of these strings occurs in every match
_MOST_SUBSTRING_TESTS = 12   # more needed strings than this are tested as one regex (measured)


def required_literals(pattern: str, flags: int = 0) -> Needs | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None.

    >>> sorted(required_literals(r"\\b(?:lack|shortage) of (?:funds|money)"))
    ['funds', 'money']
    >>> sorted(required_literals(r"copyright|all rights reserved"))
    ['all rights reserved', 'copyright']
    >>> required_literals(r"\\d+(?:people|cases)?") is None
    True
    """
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return _of_sequence(list(tree))


def _char(item) -> str | None:
    """The one character (lower case) an item matches, if it matches one fixed letter."""
    op, arg = item
    if op is _LITERAL:
        return chr(arg).lower()
    if op is _IN and arg and all(o is _LITERAL for o, _ in arg):
        letters = {chr(a).lower() for _, a in arg}
        return letters.pop() if len(letters) == 1 else None   # "[Mm]" is "m"
    return None


def _of_sequence(items: list) -> Needs | None:
    candidates: list[Needs] = []
    run = ""
    for item in items:
        ch = _char(item)
        if ch is not None:
            run += ch
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        op, arg = item
        if op in _ZERO_WIDTH:
            continue
        needs = _of_item(op, arg)
        if needs:
            candidates.append(needs)
    if run:
        candidates.append(frozenset({run}))
    return max(candidates, key=_strength, default=None)


def _of_item(op, arg) -> Needs | None:
    if op is _SUBPATTERN:
        return _of_sequence(list(arg[-1]))
    if _ATOMIC is not None and op is _ATOMIC:
        return _of_sequence(list(arg))
    if op in _REPEATS or (_POSSESSIVE is not None and op is _POSSESSIVE):
        low, _high, body = arg
        return _of_sequence(list(body)) if low >= 1 else None
    if op is _BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            needs = _of_sequence(list(alternative))
            if not needs:
                return None   # one alternative needs nothing: the branch needs nothing
            union |= needs
        return frozenset(union)
    return None


def _strength(needs: Needs) -> tuple[int, int]:
    # a set is as selective as its shortest string; fewer strings is cheaper to test
    return min(len(s) for s in needs), -len(needs)


@dataclass(frozen=True)
class Prefiltered:
    """A compiled pattern and what it needs; ``search`` runs the regex only when one of the
    needed strings occurs in ``lower`` (the text in lower case, computed once by the caller)."""

    regex: re.Pattern
    needs: Needs | None
    _probe: re.Pattern | tuple[str, ...] | None = None   # the needed strings, or an alternation of them
    _caseless: bool = False                  # no needed string has a letter: no need to lower

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> "Prefiltered":
        return cls.of(re.compile(pattern, flags))

    @classmethod
    def of(cls, regex: re.Pattern) -> "Prefiltered":
        needs = required_literals(regex.pattern, regex.flags)
        probe: re.Pattern | tuple[str, ...] | None = None
        if needs and len(needs) <= _MOST_SUBSTRING_TESTS:  # `in` is a fast C search each
            probe = tuple(sorted(needs, key=len, reverse=True))
        elif needs:  # an alternation of plain strings is scanned in C, skipping to their first letters
            probe = re.compile("|".join(re.escape(s) for s in sorted(needs, key=len, reverse=True)))
        return cls(regex, needs, probe, bool(needs) and all(s.upper() == s for s in needs))

    def may_match(self, lower: str) -> bool:
        probe = self._probe
        if probe is None:
            return True
        if isinstance(probe, tuple):
            for needed in probe:
                if needed in lower:
                    return True
            return False
        return probe.search(lower) is not None

    def _lower(self, text: str, lower: str | None) -> str:
        return lower if lower is not None else text if self._caseless else text.lower()

    def search(self, text: str, lower: str | None = None) -> re.Match | None:
        return self.regex.search(text) if self.may_match(self._lower(text, lower)) else None

    def sub(self, replacement: str, text: str) -> str:
        return self.regex.sub(replacement, text) if self.may_match(self._lower(text, None)) else text
