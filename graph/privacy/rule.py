"""The one rule for who is private, for records and subgraphs alike.

A person is private when marked with one of the ``private_roles`` of ``schemas/model.yaml``
(*victim*, *witness*: an actor's ``roles``, a case's role columns, or roles read from a
report's words: :mod:`graph.privacy.roles`). With scope
``"private"`` (what `extract --redact` and `export --redact private` protect), so is every
person who holds no post and is not flagged public: public officials and organisation
representatives stay. With scope ``"victims"`` (what every export protects by default), only
the marked ones.

Examples:
    >>> is_private(roles=["victim"], holds_post=True)
    True
    >>> is_private(roles=[], holds_post=False)
    True
    >>> is_private(roles=[], holds_post=False, scope="victims")
    False
    >>> is_private(roles=[], holds_post=True)
    False
"""

from __future__ import annotations

import re
from typing import Iterable

from ..schema.vocabulary import vocabulary

__all__ = ["PRIVATE_ROLES", "SCOPES", "is_private", "marked_private", "name_pattern"]

PRIVATE_ROLES = vocabulary().private_roles
SCOPES = ("private", "victims")


def marked_private(roles: Iterable[str]) -> bool:
    """Whether any of ``roles`` makes its holder private whatever the scope."""
    return any(str(role).lower() in PRIVATE_ROLES for role in roles if role)


def is_private(*, roles: Iterable[str], holds_post: bool, public: bool = False,
               scope: str = "private") -> bool:
    """Whether a person with these ``roles`` is to be protected (see the module docstring)."""
    if marked_private(roles):
        return True
    return scope == "private" and not (public or holds_post)


def name_pattern(name: str) -> str:
    """A regular expression for ``name`` in text: whole words for Latin-script names ("Sok"
    must not eat "Sokha"); Khmer and Thai write words without spaces, so there a name is
    matched wherever it occurs (better an odd sentence than a leaked name).

    >>> bool(re.search(name_pattern("Sok"), "Sokha spoke"))
    False
    """
    before = r"(?<!\w)" if _latin(name[0]) else ""
    after = r"(?!\w)" if _latin(name[-1]) else ""
    return before + re.escape(name) + after


def _latin(char: str) -> bool:
    return ord(char) < 0x250
