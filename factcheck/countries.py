"""Countries in text: which aliases name which country, and the role each one plays.

Input: a text (a claim's sentence, an article's body, an attribution) and the aliases of
`reference/countries.csv`. Output: `CountryHit`s (span, ISO code, alias kind), an article's main
pair, and a hit's role in its sentence. Owns alias matching (case rules, longest alias first) and
the role vocabulary (owner of a flow, its counterpart, the origin of goods).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import regex

from factcheck.periods import space_out
from factcheck.records import Article, CountryName

# Codes that name a group of partners, never a reporter.
AGGREGATE_CODES = ("WLD", "WXU")
# Words before a country that make it the owner of the flow: "trading partner to Canada".
OWNER_BEFORE = ("between",)
OWNER_PARTNER_PREPOSITIONS = ("to", "of", "for")
# Words before a country that make it the counterpart: "exports to China", "tariffs on Canada".
COUNTERPART_BEFORE = ("from", "to", "with", "into", "on", "against", "and")

# Roles a country plays next to its alias: owner of a flow, or its counterpart.
_OWNER_AFTER = regex.compile(
    r"""
    ['\u2019]s\s+(?:[\w-]+\s+){0,2}?           # "China's imports", "Canada's biggest market"
        (?:exports?|imports?|trade|shipments|market|trading\s+partner|partner|customs|data)\b
  | \s+(?:[\w-]+\s+)?(?:exports?|imports?|customs|trade\s+data)\b
                                                # "Canadian exports", "Chinese customs"
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)
_ORIGIN_AFTER = regex.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:goods|products|vehicles|cars|agricultural|exports)\b",
    flags=regex.IGNORECASE,
)  # "Canadian goods", "Canadian agricultural and food products"
# How far back the words deciding a role may start.
_OWNER_REACH = 40
_COUNTERPART_REACH = 20


class CountryHit(NamedTuple):
    """An alias found in a text: where (offsets into that text, plus any offset given), which
    country, and the alias kind (name / adjective / demonym / capital / alias)."""

    start: int
    end: int
    code: str
    kind: str


class _Aliases(NamedTuple):
    # The longest word of every alias form ("PRC" for "the PRC"): one set intersection tells
    # which aliases a text may hold.
    key_words: frozenset[str]
    # key word -> (form with non-word characters as spaces, code, kind), longest first
    forms: dict[str, tuple[tuple[str, str, str], ...]]


def find_countries(
    text: str, countries: Sequence[CountryName], offset: int = 0
) -> list[CountryHit]:
    """Every country alias in `text`, in order, the longest alias where several overlap.

    Acronyms keep their case exactly, so "US" never matches the pronoun "us"; names also match
    capitalized ("The world") and in capitals (the "OTTAWA —" of a dateline), never lowercased.
    Example: `find_countries("Canada's exports to non-U.S. markets", COUNTRIES)` →
    `[CountryHit(0, 6, "CAN", "name"), CountryHit(20, 28, "WXU", "alias")]`.
    """
    return [
        CountryHit(offset + start, offset + end, code, kind)
        for start, end, code, kind in _alias_spans(text, _aliases_for(countries))
    ]


def main_pair(article: Article, countries: Sequence[CountryName]) -> tuple[str, ...]:
    """The two countries the body names most (ties: first named first), groups left out.

    Example: a body naming Canada five times, China four times and the US once → ("CAN", "CHN").
    """
    aliases = _aliases_for(countries)
    counts = Counter(
        hit[2]
        for start, end in article.body
        for hit in _alias_spans(article.text[start:end], aliases)
        if hit[2] not in AGGREGATE_CODES
    )
    return tuple(code for code, _ in counts.most_common(2))


def country_role(hit: CountryHit, before: str, after: str) -> str:
    """owner (whose flow), counterpart (to/from whom), origin (whose goods) or neutral.

    `before` and `after` are the sentence's text before and after the alias.
    Example: `country_role(CountryHit(11, 16, "CHN", "name"), "Exports to ", " rose")` →
    "counterpart".
    """
    if hit.code in AGGREGATE_CODES:
        return "counterpart"
    if _after_words(before[-_OWNER_REACH:], _is_owner_before):
        return "owner"
    possessive = after.startswith(("'s", "\u2019s"))
    if (possessive or hit.kind == "adjective") and _OWNER_AFTER.match(after):
        return "owner"
    if _after_words(before[-_COUNTERPART_REACH:], _is_counterpart_before):
        return "counterpart"
    if hit.kind == "adjective" and _ORIGIN_AFTER.match(after):
        return "origin"
    return "neutral"


def _after_words(before: str, rule: Callable[[list[str]], bool]) -> bool:
    """`rule(words)` for the words just before an alias, a "the" between them skipped."""
    # The alias must follow a space: "(China" or "x-China" has no preposition before it.
    if not before[-1:].isspace():
        return False
    words = before.lower().split()
    if words[-1:] == ["the"]:
        words.pop()
    return bool(words) and rule(words)


def _is_owner_before(words: list[str]) -> bool:
    # "trading partner to Canada", "between the US"
    last = words[-1]
    if last.endswith(OWNER_BEFORE):
        return True
    return len(words) > 1 and last in OWNER_PARTNER_PREPOSITIONS and words[-2].endswith("partner")


def _is_counterpart_before(words: list[str]) -> bool:
    # "exports to China", but not "according to China's customs"
    last = words[-1].lstrip("([\"'\u201c\u2018")
    return last in COUNTERPART_BEFORE and not (len(words) > 1 and words[-2] == "according")


def _alias_spans(text: str, aliases: _Aliases) -> list[tuple[int, int, str, str]]:
    """(start, end, code, kind) of every alias, leftmost first, the longest where they overlap."""
    # Punctuation parts words inside an alias as between aliases ("U.S.-China", "China's",
    # "non-U.S."), so aliases and text are compared with every non-word character as a space.
    spaced = space_out(text)
    found = []
    for word in aliases.key_words.intersection(spaced.split()):
        for form, code, kind in aliases.forms[word]:
            found.extend((at, at + len(form), code, kind) for at in _whole_words(spaced, form))
    found.sort(key=lambda hit: (hit[0], -hit[1]))
    spans = []
    end = 0
    for hit in found:
        if hit[0] >= end:
            spans.append(hit)
            end = hit[1]
    return spans


def _whole_words(spaced: str, form: str) -> list[int]:
    """Where `form` occurs in `spaced` with no word character on either side."""
    found = []
    at = spaced.find(form)
    while at >= 0:
        before, after = spaced[at - 1 : at], spaced[at + len(form) : at + len(form) + 1]
        if not (before.isalnum() or after.isalnum() or "_" in (before, after)):
            found.append(at)
        at = spaced.find(form, at + 1)
    return found


# The last table seen, by identity: hashing its hundred records costs more than a sentence.
_LAST_ALIASES: dict[int, tuple[Sequence[CountryName], _Aliases]] = {}


def _aliases_for(countries: Sequence[CountryName]) -> _Aliases:
    last = _LAST_ALIASES.get(id(countries))
    if last is not None and last[0] is countries:
        return last[1]
    aliases = _aliases(tuple(countries))
    if isinstance(countries, tuple):  # immutable, so while it is held its identity is its value
        _LAST_ALIASES.clear()
        _LAST_ALIASES[id(countries)] = (countries, aliases)
    return aliases


@functools.cache
def _aliases(countries: tuple[CountryName, ...]) -> _Aliases:
    lookup: dict[str, tuple[str, str]] = {}
    for name in countries:
        acronym = "." in name.alias or any(w.isupper() for w in name.alias.split())
        forms = {name.alias} if acronym else {name.alias, name.alias.upper(), _capitalized(name)}
        for form in sorted(forms):
            # A full stop ending an alias ("U.S.") stays part of it, as a space.
            lookup.setdefault(space_out(form), (name.code, name.kind))
    forms: dict[str, list[tuple[str, str, str]]] = {}
    for form, (code, kind) in lookup.items():
        if form.split():
            forms.setdefault(max(form.split(), key=len), []).append((form, code, kind))
    return _Aliases(
        frozenset(forms),
        {word: tuple(sorted(group, key=lambda f: -len(f[0]))) for word, group in forms.items()},
    )


def _capitalized(name: CountryName) -> str:
    return name.alias[:1].upper() + name.alias[1:]
