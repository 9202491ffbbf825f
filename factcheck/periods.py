"""Periods: which year, month, quarter or span a claim is about, from the words of its sentence.

Input: an ASCII-lowercased sentence and a `Clock` (publication date, or an estimate of its year).
Output: period labels ("2024", "2025-03", "2025-Q3", "2025-01..2025-08", "2026..2036"). Owns the
period vocabulary and rules (years, months, last/this/that year, fiscal years, quarters, the first
N months, quarters or half of a year, next N years, "by YYYY") and `match_at_starts`, the
start-word scan context's keyword patterns also use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import regex

from factcheck.keywords import Keywords
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
  | (?P<span>                                   # "first eight months of this year",
        first\s+(?:(?P<span_months>\w+)\s+months    # "first three quarters of 2025",
                  |(?P<span_quarters>\w+)\s+quarters # "first half of last year"
                  |(?P<span_half>half))\s+of\s+
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
_PERIOD_STARTS = Keywords(PERIOD_START_WORDS)
# Start words that begin a period cue only before whitespace and a word starting so: "in" only
# starts "in March" and "in the next ...", "the" only "the same year", "by" only "by 2035".
PERIOD_FOLLOWS = {
    "in": ("the", *MONTHS),
    "over": ("the",),
    "within": ("the",),
    "by": ("19", "20"),
    **dict.fromkeys(
        ("since", "during", "from", "until", "through", "early", "late"), tuple(MONTHS)
    ),
    **dict.fromkeys(("last", "this"), ("year", *MONTHS)),
    **dict.fromkeys(("that", "past"), ("year",)),
    "the": ("same",),
    **dict.fromkeys(("second", "third", "fourth", "1st", "2nd", "3rd", "4th"), ("quarter",)),
    "fiscal": ("year", "19", "20"),
}
_FOLLOW_WINDOW = 40
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
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
    years = [
        int(m[0])
        for start, end in article.body
        for m in _BARE_YEAR.finditer(article.text, start, end)
    ]
    return Clock(None, max(years, default=None))


def find_periods(lower: str) -> list[regex.Match[str]]:
    """Every period cue of an ASCII-lowercased sentence, in order.

    Example: `[m[0] for m in find_periods("exports rose 3% in october 2025.")]` →
    `["in october 2025"]`.
    """
    return match_at_starts(_PERIODS, _PERIOD_STARTS, lower, PERIOD_FOLLOWS)


def keyword_lower(text: str) -> str:
    """`text` for keyword scans: ASCII letters lowercased, every offset kept.

    Example: `keyword_lower("Exports to CHINA")` → `"exports to china"`.
    """
    # Keywords are ASCII, and a case-sensitive scan of lowercased text is much faster than an
    # IGNORECASE one. `str.lower` is several times faster than an ASCII-only translation and
    # differs from it only on non-ASCII letters, which stay non-ASCII letters, save two:
    # "İ" lowercases to two characters and the Kelvin sign to an ASCII "k".
    if "\u0130" in text or "\u212a" in text:
        return text.translate(_ASCII_LOWER)
    return text.lower()


def match_at_starts(
    pattern: regex.Pattern[str],
    starts: Keywords,
    text: str,
    follows: Mapping[str, tuple[str, ...]] | None = None,
) -> list[regex.Match[str]]:
    """`list(pattern.finditer(text))`, trying `pattern` only where `starts` finds a start word.

    Every match of `pattern` must open with one of the start words at a word start, and
    `pattern` never matches the empty string. Scanning a sentence with a pattern of many
    alternatives costs the `regex` module about 0.5 µs a character; finding the start words,
    a fraction of that. `follows` names start words that begin a match only before whitespace
    and a word starting with one of its strings ("in" → "in March"): elsewhere the match,
    which costs several microseconds, is not tried. Example:
    `match_at_starts(regex.compile(r"\\bby \\d+"), Keywords(["by"]), "by 2035")`
    → one match, "by 2035".
    """
    found: list[regex.Match[str]] = []
    end = 0
    for at, stop in starts.starts(text):
        if at < end:
            continue
        if follows and (after := follows.get(text[at:stop])) and not _followed(text, stop, after):
            continue
        if (match := pattern.match(text, at)) is not None:
            found.append(match)
            end = match.end()
    return found


def _followed(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Whether whitespace and then a word starting with one of `words` come at `at`."""
    if not text[at : at + 1].isspace():
        return False
    # Every character `\s` matches is one `str.isspace` accepts, so this never rules out a
    # match; a window keeps the test small, and whitespace filling it is given the benefit.
    window = text[at : at + _FOLLOW_WINDOW]
    rest = window.lstrip()
    return rest.startswith(words) or (not rest and len(window) == _FOLLOW_WINDOW)


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
        months = _span_months(cue)
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


def _span_months(cue: regex.Match[str]) -> int | None:
    """How many months "the first ..." of a year covers: six for a half, three a quarter."""
    if cue["span_half"]:
        return 6
    if cue["span_quarters"]:
        quarters = _count(cue["span_quarters"])
        return None if quarters is None or not 1 <= quarters <= 4 else quarters * 3
    months = _count(cue["span_months"])
    return None if months is None or not 1 <= months <= 12 else months


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
