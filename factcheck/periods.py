"""Periods: which year, month, quarter or span a claim is about, from the words of its sentence.

Input: an ASCII-lowercased sentence and a `Clock` (publication date, or an estimate of its year).
Output: period labels ("2024", "2025-03", "2025-Q3", "2025-01..2025-08", "2026..2036"). Owns the
period vocabulary and rules (years, months, last/this/that year, fiscal years, quarters, first N
months, next N years, "by YYYY") and the start-word scans context's keyword patterns also use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import regex

from factcheck.records import Article

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
# How "last year" / "this year" move from the publication year.
RELATIVE_OFFSETS = {"this": 0, "last": -1, "past": -1}

_YEAR = r"(?:19|20)\d\d"
_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|march|mar\.|april|apr\.|may|june|july"
    r"|aug(?:ust|\.)?|sep(?:tember|t?\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_PERIODS = regex.compile(
    rf"""
    \b  # every period starts a word; anchoring here makes the scan several times faster
    (?:
    (?P<fiscal>                                 # "fiscal 2024-25", "the 2024-25 fiscal year"
        fiscal\s+(?:year\s+)?(?P<fy_start>{_YEAR})[-\u2013/](?P<fy_end>\d\d(?:\d\d)?)
      | (?P<fy_start2>{_YEAR})[-\u2013/](?P<fy_end2>\d\d(?:\d\d)?)\s+fiscal\s+year
    )
  | (?P<span>                                   # "first eight months of this year"
        first\s+(?P<span_months>\w+)\s+months\s+of\s+
        (?:(?P<span_rel>this|last)\s+year|(?P<span_year>{_YEAR}))
    )
  | (?P<next>                                   # "over the next 10 years"
        (?:over|in|within)\s+the\s+next\s+(?P<next_years>\w+)\s+years
    )
  | (?P<by>\bby\s+(?P<by_year>{_YEAR})\b)      # "by 2035": a horizon
  | (?P<quarter>                                # "third quarter (of 2025)", "Q3 2025"
        (?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter
        (?:\s+of\s+(?P<quarter_year>{_YEAR}))?
      | \bq(?P<quarter_number>[1-4])\s+(?P<quarter_year2>{_YEAR})
    )
  | (?P<month>                                  # "in March", "October 2025"
        (?:(?P<month_prep>\b(?:in|since|during|from|until|through|last|this|early|late|mid-?))\s+)?
        (?P<month_name>\b{_MONTH})(?![\w.]\w)
        (?:,?\s+(?P<month_year>{_YEAR}))?
    )
  | (?P<relative>                               # "last year", "that year", "the same year"
        \b(?P<relative_word>last|this|that|the\s+same|past)\s+year(?:['\u2019]s)?\b
    )
  | (?P<year>                                   # "in 2024", "2024's" (never a money amount)
        (?<![\d$.,])(?P<year_value>{_YEAR})(?:['\u2019]s)?(?![\d%.,]\d|\d|%)
    )
    )
    """,
    flags=regex.VERBOSE,  # lowercased text
)
# Every `_PERIODS` alternative starts a word with one of these (a year with 19 or 20), so only
# their occurrences are tried; a property test in tests/test_periods.py keeps them in step.
PERIOD_START_WORDS = (
    "19", "20", "fiscal", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "q",
    "over", "in", "within", "by", "since", "during", "from", "until", "through", "early", "late",
    "mid", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "last", "this", "that", "the", "past",
)  # fmt: skip
_MONTH_STARTS = tuple(MONTHS)
# Characters of news text outside ASCII that are never word characters: quotes, dashes, spaces,
# ellipsis, bullets, currency signs.
NON_WORD_CHARACTERS = (
    "\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2026", "\u00a0", "\u00ab",
    "\u00bb", "\u2022", "\u20ac", "\u00a3", "\u00b7", "\u2009", "\u202f",
)  # fmt: skip
# What each start word needs elsewhere in the sentence before a cue can start there: "in" only
# starts "in March" or "in the next ...", "the" only "the same year". Common words are most of
# the start words a sentence holds, and most of them are spared a match this way.
PERIOD_START_NEEDS = {
    "first": ("quarter", "months"),
    **dict.fromkeys(("second", "third", "fourth", "1st", "2nd", "3rd", "4th"), ("quarter",)),
    "q": ("q1", "q2", "q3", "q4"),
    "over": ("next",),
    "within": ("next",),
    "in": ("next", *_MONTH_STARTS),
    "by": ("19", "20"),
    **dict.fromkeys(
        ("since", "during", "from", "until", "through", "early", "late", "mid"), _MONTH_STARTS
    ),
    **dict.fromkeys(("last", "this"), ("year", *_MONTH_STARTS)),
    **dict.fromkeys(("that", "the", "past"), ("year",)),
}
# Start words that begin a cue only as a whole word followed by a word starting so: "in" only
# starts "in March" and "in the next ...", "the" only "the same year", "by" only "by 2035".
PERIOD_START_FOLLOWS = {
    "in": ("the", *_MONTH_STARTS),
    "over": ("the",),
    "within": ("the",),
    "by": ("19", "20"),
    **dict.fromkeys(
        ("since", "during", "from", "until", "through", "early", "late", "mid"), _MONTH_STARTS
    ),
    **dict.fromkeys(("last", "this"), ("year", *_MONTH_STARTS)),
    **dict.fromkeys(("that", "past"), ("year",)),
    "the": ("same",),
    **dict.fromkeys(("second", "third", "fourth", "1st", "2nd", "3rd", "4th"), ("quarter",)),
    "fiscal": ("year", "19", "20"),
}
_BARE_YEAR = regex.compile(r"(?<![\d$.,])(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class Clock:
    """What relative dates are resolved against: the publication date, or an estimate of it."""

    today: date | None
    estimated_year: int | None = None  # undated article: the latest year its body names

    @property
    def year(self) -> int | None:
        """The article's present year. `Clock(date(2026, 1, 16)).year` → 2026."""
        return self.today.year if self.today is not None else self.estimated_year


def article_clock(article: Article) -> Clock:
    """The publication date, else the latest year the body names.

    Example: an undated article whose body says "in 2024 ... in 2025" → `Clock(None, 2025)`.
    """
    if article.published is not None:
        return Clock(article.published)
    # Undated: a story naming 2025 was written in 2025 or later, so a bare month it tells
    # in the past most likely falls in the latest year it names.
    years = [int(m[0]) for m in _BARE_YEAR.finditer(article.text) if article.in_body(m.start())]
    return Clock(None, max(years, default=None))


def find_periods(lower: str, words: WordStarts | None = None) -> list[regex.Match[str]]:
    """Every period cue of an ASCII-lowercased sentence, in order (`words`: its word starts).

    Example: `[m[0] for m in find_periods("exports rose 3% in october 2025.")]` →
    `["in october 2025"]`.
    """
    return match_at_starts(_PERIODS, _PERIOD_STARTS, lower, words)


class WordStarts:
    """The words of a text in order, with their offsets, found once with `str` methods.

    A word here is a run of ASCII letters, digits and underscores, which is what `\\b` delimits
    in ASCII text. A text whose punctuation leaves other characters has `words = None` (and no
    tokens), and its scans find their start words with `str.find`.
    Example: `WordStarts("u.s. trade, trade").starts` → `[0, 2, 5, 12]`.
    """

    __slots__ = ("index", "spaced", "starts", "tokens", "words")

    def __init__(self, text: str) -> None:
        self.spaced = spaced = space_out(text)
        self.tokens: list[str] = []
        self.starts: list[int] = []
        self.index: dict[str, list[int]] = {}  # word -> its positions in `tokens`
        self.words: set[str] | None = None
        if spaced.isascii():
            self.tokens = spaced.split()
            at = 0
            for number, token in enumerate(self.tokens):
                at = spaced.find(token, at)
                self.starts.append(at)
                self.index.setdefault(token, []).append(number)
                at += len(token)
            self.words = set(self.index)


def space_out(text: str) -> str:
    """`text` with every character that is never a word character (`\\w`) as a space.

    Offsets are kept, so a word's offset in the result is its offset in `text`. Example:
    `space_out("U.S.-China trade, 2025")` → `"U S  China trade  2025"`.
    """
    if not text.isascii():
        for char in NON_WORD_CHARACTERS:
            if char in text:
                text = text.replace(char, " ")
        if not text.isascii():  # letters of other scripts: the slow, general way
            return text.translate(_NON_WORD_TO_SPACE)
    # `bytes.translate` is about ten times faster than `str.translate` on ASCII text.
    return text.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii")


class StartWords:
    """The words a keyword pattern can start with, and what a start there needs.

    A start word is tried only in a text containing one of its needs (no needs: always); one
    with `follows` only as a whole word followed by a word starting with one of them.
    """

    __slots__ = ("_begins", "_leading", "_never", "needs", "words")

    def __init__(
        self,
        words: Sequence[str],
        needs: Mapping[str, tuple[str, ...]],
        follows: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.words = tuple(dict.fromkeys(words))
        self.needs = {word: tuple(needs.get(word, ())) for word in self.words}
        # A start word's leading letters: "two-way" starts at the word "two".
        self._leading = tuple(
            (_leading_word(word), self.needs[word], follows.get(word)) for word in self.words
        )
        # Words of texts seen so far that begin a start word (-> what a start there needs, for
        # all the start words it begins together), and those that begin none. Bounded by the
        # vocabulary of the texts.
        self._begins: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {}
        self._never: set[str] = set()

    def among(self, words: set[str]) -> list[tuple[str, tuple[str, ...], tuple[str, ...] | None]]:
        """(word, needs, follows) for the `words` that begin a start word."""
        unknown = words.difference(self._begins, self._never)
        if unknown:
            if len(self._never) > _MEMO_LIMIT:
                self._begins.clear()
                self._never.clear()
            for word in unknown:
                self._learn(word)
        return [(word, *self._begins[word]) for word in words.intersection(self._begins)]

    def _learn(self, word: str) -> None:
        begun = [
            (need, follow)
            for lead, need, follow in self._leading
            if (word == lead if follow is not None else word.startswith(lead))
        ]
        if not begun:
            self._never.add(word)
            return
        needs = [need for need, _ in begun]
        follows = [follow for _, follow in begun]
        self._begins[word] = (
            () if () in needs else tuple(n for need in needs for n in need),
            None if None in follows else tuple(f for follow in follows if follow for f in follow),
        )


def word_starts(
    words: Sequence[str],
    needs: Mapping[str, tuple[str, ...]] | None = None,
    follows: Mapping[str, tuple[str, ...]] | None = None,
) -> StartWords:
    """Start words for `match_at_starts`: the substrings one of which each needs in the text,
    and the starts of the word that must follow it.

    Example: `word_starts(["in", "by"], {"by": ("20",)}, {"in": ("mar",)})` tries "by" only in
    a text holding "20", and "in" only before a word starting "mar".
    """
    return StartWords(words, needs or {}, follows or {})


def match_at_starts(
    pattern: regex.Pattern[str],
    starts: StartWords,
    text: str,
    words: WordStarts | None = None,
) -> list[regex.Match[str]]:
    """`list(pattern.finditer(text))`, trying `pattern` only where one of `starts` begins a word.

    `pattern` starts with `\\b` and every match begins with a start word, and a start word's
    needs are substrings of every match starting with it (property tests keep each pattern in
    step). The `regex` module costs about 0.1 µs a character to scan a sentence with any
    pattern, so the words are found with `str` methods (once per text: pass `words`) and the
    pattern only matched at their starts.
    Example: `match_at_starts(regex.compile(r"\\bby \\d+"), word_starts(["by"]), "by 2035")`
    → one match, "by 2035".
    """
    if words is None:
        words = WordStarts(text)
    found: list[regex.Match[str]] = []
    end = 0
    for at in sorted(_starts(starts, text, words)):
        if at >= end and (match := pattern.match(text, at)) is not None:
            found.append(match)
            end = match.end()
    return found


def _starts(starts: StartWords, text: str, words: WordStarts) -> set[int] | list[int]:
    if words.words is None:
        return _found_starts(starts, text)
    found: list[int] = []
    tokens, offsets = words.tokens, words.starts
    for word, needs, follows in starts.among(words.words):
        if needs and not any(need in text for need in needs):
            continue
        found.extend(
            offsets[number]
            for number in words.index[word]
            if follows is None
            or (number + 1 < len(tokens) and tokens[number + 1].startswith(follows))
        )
    return found


def _found_starts(starts: StartWords, text: str) -> set[int]:
    """Start-word offsets in any text, found with `str.find`."""
    found = set()
    for word, needs in starts.needs.items():
        if needs and not any(need in text for need in needs):
            continue
        at = text.find(word)
        while at >= 0:
            # A letter, digit or underscore before it is a word character: no `\b` there.
            if at == 0 or not _is_word_character(text[at - 1]):
                found.add(at)
            at = text.find(word, at + 1)
    return found


def _is_word_character(char: str) -> bool:
    # Letters and decimal digits are `\w` for the `regex` module whatever the script; other
    # characters may be either, so they never rule a start out.
    return char.isalpha() or char.isdecimal() or char == "_"


def _leading_word(word: str) -> str:
    end = 0
    while end < len(word) and (word[end].isalnum() or word[end] == "_"):
        end += 1
    return word[:end]


def is_horizon(cue: regex.Match[str]) -> bool:
    """True for a goal's end ("over the next 10 years", "by 2035"), which dates no fact."""
    return bool(cue["next"] or cue["by"])


def period_label(
    cue: regex.Match[str], clock: Clock, year_before: Callable[[], int | None] | None = None
) -> str | None:
    """The label of one cue of `find_periods`; `year_before` gives the year "that year" means.

    Example: the cue "in the third quarter" with `Clock(date(2026, 1, 16))` → "2025-Q3".
    """
    if cue["year_value"]:
        return cue["year_value"]
    if cue["fiscal"]:
        first = int(cue["fy_start"] or cue["fy_start2"])
        # Canada's fiscal year runs April to March.
        return f"{first}-04..{first + 1}-03"
    if cue["span"]:
        months = _count(cue["span_months"])
        year = int(cue["span_year"]) if cue["span_year"] else _relative_year(cue["span_rel"], clock)
        return None if months is None or year is None else f"{year}-01..{year}-{months:02d}"
    if cue["quarter"]:
        quarter = ORDINALS.get((cue["ordinal"] or "").lower()) or int(cue["quarter_number"])
        year_text = cue["quarter_year"] or cue["quarter_year2"]
        year = int(year_text) if year_text else _past_year(quarter * 3 - 2, clock)
        return None if year is None else f"{year}-Q{quarter}"
    if cue["month"]:
        return _month_label(cue, clock)
    if cue["relative"]:
        word = " ".join(cue["relative_word"].lower().split())
        if word in ("that", "the same"):
            year = year_before() if year_before else None
        else:
            year = _relative_year(word, clock)
        return None if year is None else str(year)
    return None


def last_year_named(cues: Sequence[regex.Match[str]], clock: Clock) -> int | None:
    """The year of the last dated cue of a sentence, for a later "that year".

    Example: the cues of "exports grew in 2023 and fell in 2024." → 2024.
    """
    years = [
        year
        for cue in cues
        if not is_horizon(cue) and (year := label_year(period_label(cue, clock))) is not None
    ]
    return years[-1] if years else None


def resolve_period(
    cues: Sequence[regex.Match[str]],
    *,
    clock: Clock,
    distance: Callable[[regex.Match[str]], int],
    goal: bool,
    year_before: Callable[[], int | None] | None = None,
) -> tuple[str | None, regex.Match[str] | None]:
    """A claim's period from its sentence's cues, and the cue that decided it (for evidence).

    A goal runs from when it was set to its horizon; anything else takes the dated cue nearest
    to the number (`distance`). Example: the cues of "canada plans to double its exports by
    2035." with `goal=True`, published 2026-01-16 → `("2026..2035", <the "by 2035" cue>)`.
    """
    horizons = [cue for cue in cues if is_horizon(cue)]
    said = [cue for cue in cues if not is_horizon(cue)]
    if goal and horizons:
        return _horizon_label(horizons[0], said, clock, year_before), horizons[0]
    plain = said or horizons
    if not plain:
        return None, None
    nearest = min(plain, key=distance)
    label = period_label(nearest, clock, year_before)
    return label, (nearest if label is not None else None)


def label_year(label: str | None) -> int | None:
    """The first year of a label. `label_year("2024-04..2025-03")` → 2024."""
    return int(label[:4]) if label and label[:4].isdigit() else None


def _horizon_label(
    horizon: regex.Match[str],
    said: list[regex.Match[str]],
    clock: Clock,
    year_before: Callable[[], int | None] | None,
) -> str | None:
    start = next(
        (
            year
            for cue in said
            if (year := label_year(period_label(cue, clock, year_before))) is not None
        ),
        clock.year,
    )
    if horizon["by"]:
        return f"{start}..{horizon['by_year']}" if start else horizon["by_year"]
    years = _count(horizon["next_years"])
    if start is None or years is None:
        return None
    return f"{start}..{start + years}"


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


def _month_label(cue: regex.Match[str], clock: Clock) -> str | None:
    month = MONTHS[cue["month_name"][:3].lower()]
    if cue["month_year"]:
        return f"{cue['month_year']}-{month:02d}"
    # "May" alone is as often a verb as a month: only a preposition makes it a date.
    if not cue["month_prep"]:
        return None
    year = _past_year(month, clock)
    return None if year is None else f"{year}-{month:02d}"


def _relative_year(word: str | None, clock: Clock) -> int | None:
    """ "last year" / "this year" from the publication date; undated, it stays open."""
    # One year off is the whole claim, so an estimated year is not good enough here.
    if word is None or clock.today is None:
        return None
    offset = RELATIVE_OFFSETS.get(word.lower())
    return None if offset is None else clock.today.year + offset


def _past_year(month: int, clock: Clock) -> int | None:
    """The year of the latest such month by publication ("in March" in January: last year)."""
    if clock.today is not None:
        return clock.today.year if month <= clock.today.month else clock.today.year - 1
    return clock.estimated_year


# Characters that are never `\w`, as spaces: ASCII punctuation and controls, and the quotes,
# dashes and spaces of news text. What remains of a text is then its words and whitespace.
_ASCII_NON_WORD = [chr(c) for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")]
_ASCII_NON_WORD_TO_SPACE = bytes(ord(" ") if chr(c) in _ASCII_NON_WORD else c for c in range(256))
_NON_WORD_TO_SPACE = str.maketrans(dict.fromkeys(_ASCII_NON_WORD + list(NON_WORD_CHARACTERS), " "))
_MEMO_LIMIT = 50_000
# Compiled once at import, below the helpers that build it.
_PERIOD_STARTS = word_starts(PERIOD_START_WORDS, PERIOD_START_NEEDS, PERIOD_START_FOLLOWS)
