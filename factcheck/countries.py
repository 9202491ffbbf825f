"""Countries in text: which aliases name which country, and the role each one plays.

Input: a text (a claim's sentence, an article's body, an attribution) and the aliases of
`reference/countries.csv`. Output: `CountryHit`s (span, ISO code, alias kind), an article's main
pair, and a hit's role in its sentence. Owns alias matching (case rules, longest alias first) and
the role vocabulary (owner of a flow, its counterpart, the origin of goods).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

import regex

from factcheck.keywords import Keywords
from factcheck.records import Article, CountryName

# Codes that name a group of partners, never a reporter.
AGGREGATE_CODES = ("WLD", "WXU")
# Partners trade news names that have no code here (the brief's codes are ISO 3166 alpha-3,
# WLD and WXU): a sentence naming one leaves an open side open, never filled from the article's
# main pair, so "exports to the EU" is not read as exports to the United States.
UNCODED_PARTNERS = (
    "EU", "E.U.", "European Union", "Europe", "eurozone", "euro zone", "euro area", "ASEAN",
    "Mercosur", "Asia", "Africa", "Latin America", "Middle East",
)  # fmt: skip
# Words before a country that make it the owner of the flow: "trading partner to Canada".
OWNER_BEFORE = ("between",)
OWNER_PARTNER_PREPOSITIONS = ("to", "of", "for")
# Words before a country that make it the counterpart: "exports to China", "tariffs on Canada".
COUNTERPART_BEFORE = ("from", "to", "with", "into", "on", "against", "and")
# Words before a country that make it what a measure targets: "tariffs on Canadian canola".
TARGET_BEFORE = ("on", "against")

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


# What follows an alias that names a currency, not the country: "100 billion U.S. dollars",
# "1.37 Canadian dollars", "71 US cents", "Chinese yuan" (but not "the U.S. central bank").
CURRENCY_WORDS = ("dollar", "cent", "yuan", "yen", "renminbi", "euro", "peso", "rupee", "pound")
_CURRENCY_PREFIXES = tuple(f" {word}" for word in CURRENCY_WORDS)
_CURRENCY_AFTER = regex.compile(rf"\ (?:{'|'.join(CURRENCY_WORDS)})s?\b", flags=regex.VERBOSE)


class CountryHit(NamedTuple):
    """An alias found in a text: where (offsets into that text, plus any offset given), which
    country, and the alias kind (name / adjective / demonym / capital / alias)."""

    start: int
    end: int
    code: str
    kind: str


class _Aliases(NamedTuple):
    keywords: Keywords | None  # every form of every alias; None for an empty table
    sides: tuple[tuple[str, str], ...]  # (code, kind) of each form, in `keywords.words` order


def find_countries(
    text: str, countries: Sequence[CountryName], offset: int = 0
) -> list[CountryHit]:
    """Every country alias in `text`, in order, the longest alias where several overlap.

    Acronyms keep their case exactly, so "US" never matches the pronoun "us"; names also match
    capitalized ("The world") and in capitals (the "OTTAWA —" of a dateline), never lowercased.
    Example: `find_countries("Canada's exports to non-U.S. markets", COUNTRIES)` →
    `[CountryHit(0, 6, "CAN", "name"), CountryHit(20, 28, "WXU", "alias")]`.
    """
    aliases = _aliases_for(countries)
    if aliases.keywords is None:
        return []
    sides = aliases.sides
    return [
        CountryHit(offset + start, offset + end, *sides[form])
        for start, end, form in aliases.keywords.whole_words(text)
        if not _names_currency(text, end)
    ]


def uncoded_partner(text: str) -> str | None:
    """The first partner `text` names that has no code, as written; case kept, as for acronyms.

    Example: `uncoded_partner("Exports to the EU rose")` → "EU"; `("Europeans")` → None.
    """
    first = next(iter(_UNCODED_PARTNERS.whole_words(text)), None)
    return None if first is None else _UNCODED_PARTNERS.words[first[2]]


def main_pair(article: Article, countries: Sequence[CountryName]) -> tuple[str, ...]:
    """The two countries the body names most (ties: first named first), groups left out.

    Example: a body naming Canada five times, China four times and the US once → ("CAN", "CHN").
    """
    # One text for the whole body: its offsets keep the order of the spans, and a line break
    # between them parts words like any other non-word character.
    body = "\n".join(article.text[start:end] for start, end in article.body)
    aliases = _aliases_for(countries)
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    # `find_countries` without its records: a body names countries dozens of times.
    for start, end, form in aliases.keywords.whole_words(body) if aliases.keywords else ():
        code = aliases.sides[form][0]
        if code not in AGGREGATE_CODES and not _names_currency(body, end):
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, start)
    return tuple(sorted(counts, key=lambda code: (-counts[code], first[code]))[:2])


def _names_currency(text: str, end: int) -> bool:
    """Whether the alias ending at `end` names a currency ("US dollars"), not a country."""
    # The prefix test is cheap and nearly always false; the pattern checks the word ends.
    return text.startswith(_CURRENCY_PREFIXES, end) and _CURRENCY_AFTER.match(text, end) is not None


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


def named_as_target(before: str) -> bool:
    """Whether the words just before an alias name it as what a measure is "on" or "against".

    Example: `named_as_target("a 25% tariff on ")` → True; `("exports to ")` → False.
    """
    return _after_words(before[-_COUNTERPART_REACH:], lambda words: words[-1] in TARGET_BEFORE)


def complete_sides(
    reporter: str | None, partner: str | None, pair: tuple[str, ...], home: str | None
) -> tuple[str | None, str | None]:
    """Fill a side a sentence leaves open from the article's main pair and home country.

    Example: `complete_sides(None, "CHN", ("CAN", "CHN"), "CAN")` → `("CAN", "CHN")`.
    """
    if reporter is None and partner is None:
        reporter = home
    if reporter is None:
        reporter = _other(pair, partner) if partner in pair else home
    if partner is None:
        partner = _other(pair, reporter) if reporter in pair else home
    return reporter, partner


def _other(pair: tuple[str, ...], code: str | None) -> str | None:
    return next((c for c in pair if c != code), None)


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
        for form in sorted(_forms(name.alias)):
            lookup.setdefault(form, (name.code, name.kind))
    if not lookup:
        return _Aliases(None, ())
    keywords = Keywords(lookup)
    return _Aliases(keywords, tuple(lookup[form] for form in keywords.words))


def _forms(alias: str) -> set[str]:
    """How an alias is written: an acronym exactly, a name also capitalized and in capitals."""
    if "." in alias or any(word.isupper() for word in alias.split()):
        return {alias}
    return {alias, alias.upper(), alias[:1].upper() + alias[1:]}


_UNCODED_PARTNERS = Keywords(form for name in UNCODED_PARTNERS for form in _forms(name))
