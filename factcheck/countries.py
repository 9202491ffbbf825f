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

from factcheck.periods import literal_trie
from factcheck.records import Article, CountryName

# Codes that name a group of partners, never a reporter.
AGGREGATE_CODES = ("WLD", "WXU")
# Characters of news text outside ASCII that are never word characters (quotes, dashes,
# spaces, ellipsis, bullets, currency signs): in a body they part words like ASCII punctuation.
NON_WORD_CHARACTERS = (
    "\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2026", "\u00a0", "\u00ab",
    "\u00bb", "\u2022", "\u20ac", "\u00a3", "\u00b7", "\u2009", "\u202f",
)  # fmt: skip
_ASCII_NON_WORD = [chr(c) for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")]
_ASCII_NON_WORD_TO_SPACE = bytes(ord(" ") if chr(c) in _ASCII_NON_WORD else c for c in range(256))
_NON_WORD_TO_SPACE = str.maketrans(dict.fromkeys(_ASCII_NON_WORD + list(NON_WORD_CHARACTERS), " "))
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
    # All aliases in one alternation (a trie: one branch to follow per character instead of
    # 150 alternatives), and each form's (code, kind); for the scan of a sentence.
    pattern: regex.Pattern[str] | None
    lookup: dict[str, tuple[str, str]]
    # The longest word of every alias form ("PRC" for "the PRC"): one set intersection tells
    # which aliases a text may hold.
    key_words: frozenset[str]
    key_bytes: frozenset[bytes]  # the same, encoded, for the words of a long text
    single: dict[str, str]  # one-word alias form -> code
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
    aliases = _aliases_for(countries)
    if aliases.pattern is None:
        return []
    return [
        CountryHit(offset + m.start(), offset + m.end(), *aliases.lookup[m[0]])
        for m in aliases.pattern.finditer(text)
    ]


def main_pair(article: Article, countries: Sequence[CountryName]) -> tuple[str, ...]:
    """The two countries the body names most (ties: first named first), groups left out.

    Example: a body naming Canada five times, China four times and the US once → ("CAN", "CHN").
    """
    aliases = _aliases_for(countries)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for number, (start, end) in enumerate(article.body):
        for code, count, at in _code_counts(article.text[start:end], aliases):
            counts[code] += count
            first[code] = min(first.get(code, (number, at)), (number, at))
    named = [code for code in counts if counts[code] > 0 and code not in AGGREGATE_CODES]
    return tuple(sorted(named, key=lambda code: (-counts[code], first[code]))[:2])


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


def _code_counts(text: str, aliases: _Aliases) -> list[tuple[str, int, int]]:
    """(code, count, first offset) of the aliases `find_countries` finds, counted without it.

    A body is long and only counts matter, so one-word aliases are counted among its words
    (bytes, counted by C code) and only aliases of several words are found one by one,
    with every non-word character as a space ("U.S.-China" → "U S  China"). A property test
    keeps the counts and first offsets equal to those of `find_countries`.
    """
    spaced = _space_out(text)
    # Only the key words are counted, in one pass of C code (`filter`, `Counter`).
    occurrences = Counter(filter(aliases.key_bytes.__contains__, spaced.encode().split()))
    counts: Counter[str] = Counter()
    single, several = [], []
    for key in occurrences:
        for form, code, _ in aliases.forms[key.decode()]:
            if form == key.decode():
                counts[code] += occurrences[key]
                single.append((form, code))
            else:
                several.extend(
                    (at, at + len(form), code, form) for at in _whole_words(spaced, form)
                )
    first: dict[str, int] = {}
    kept = []
    for start, stop, code, form in sorted(several, key=lambda hit: (hit[0], -hit[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, stop))
            counts[code] += 1
            first[code] = min(first.get(code, start), start)
            # Its words were counted as one-word aliases too ("US" in "the US", "non-US").
            for word in form.split():
                if word in aliases.single:
                    counts[aliases.single[word]] -= 1
    for form, code in single:
        # The first time the word stands alone, not inside a longer alias ("non-US").
        at = _whole_words(spaced, form, 1)[0]
        if _inside(at, kept):
            at = next((p for p in _whole_words(spaced, form) if not _inside(p, kept)), len(spaced))
        first[code] = min(first.get(code, at), at)
    return [(code, counts[code], first[code]) for code in counts]


def _space_out(text: str) -> str:
    """`text` with every character that is never a word character as a space, offsets kept:
    "U.S.-China trade" → "U S  China trade"."""
    if not text.isascii():
        for char in NON_WORD_CHARACTERS:
            if char in text:
                text = text.replace(char, " ")
        if not text.isascii():  # letters of other scripts: the slow, general way
            return text.translate(_NON_WORD_TO_SPACE)
    # `bytes.translate` is about ten times faster than `str.translate` on ASCII text.
    return text.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii")


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < stop for start, stop in spans)


def _whole_words(spaced: str, form: str, most: int = 0) -> list[int]:
    """Where `form` occurs in `spaced` with no word character on either side."""
    found: list[int] = []
    at = spaced.find(form)
    while at >= 0 and not (most and len(found) >= most):
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
            lookup.setdefault(form, (name.code, name.kind))
    pattern = regex.compile(r"\b" + literal_trie(sorted(lookup)) + r"(?!\w)") if lookup else None
    spaced: dict[str, tuple[str, str]] = {}
    for form, sides in lookup.items():
        # A full stop ending an alias ("U.S.") stays part of it, as a space.
        spaced.setdefault(_space_out(form), sides)
    forms: dict[str, list[tuple[str, str, str]]] = {}
    for form, (code, kind) in spaced.items():
        if form.split():
            # Keyed by a capitalized word if it has one, its longest: "PRC" for "the PRC".
            key = max(form.split(), key=lambda word: (word[:1].isupper(), len(word)))
            forms.setdefault(key, []).append((form, code, kind))
    return _Aliases(
        pattern,
        lookup,
        frozenset(forms),
        frozenset(word.encode() for word in forms),
        {form: code for form, (code, _) in spaced.items() if " " not in form},
        {word: tuple(sorted(group, key=lambda f: -len(f[0]))) for word, group in forms.items()},
    )


def _capitalized(name: CountryName) -> str:
    return name.alias[:1].upper() + name.alias[1:]
