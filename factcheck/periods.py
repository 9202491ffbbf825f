"""Periods: which year, month, quarter or span a claim is about, from the words of its sentence.

Input: an ASCII-lowercased sentence and a `Clock` (publication date, or an estimate of its year).
Output: period labels ("2024", "2025-03", "2025-Q3", "2025-01..2025-08", "2026..2036"). Owns the
period vocabulary and rules (years, months, last/this/that year, fiscal years written out or
relative ("this fiscal year", April to March), quarters, the first N months, quarters or half of
a year, next N years, "by YYYY", "since YYYY", "five years ago", "a year earlier") and
`CuePattern`, the start-word scan context's keyword patterns also use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

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
# How "this fiscal year" / "last fiscal year" move from the one running at publication.
FISCAL_OFFSETS = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1}

_YEAR = r"(?:19|20)\d\d"
_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|march|mar\.|april|apr\.|may|june|july"
    r"|aug(?:ust|\.)?|sep(?:tember|t?\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
# Each kind of period cue: its pattern (a named group of the whole) and the words it can open
# with at a word start (a year with 19 or 20); a property test in tests/test_periods.py keeps
# the two in step.
_MONTH_PREPOSITIONS = (
    "in", "since", "during", "from", "until", "through", "last", "this", "early", "late", "mid",
)  # fmt: skip
_PERIOD_KINDS = {
    "fiscal": (  # "fiscal 2024-25", "the 2024-25 fiscal year", "this fiscal year"
        rf"""fiscal\s+(?:year\s+)?(?P<fy_start>{_YEAR})[-\u2013/](?P<fy_end>\d\d(?:\d\d)?)
           | (?P<fy_start2>{_YEAR})[-\u2013/](?P<fy_end2>\d\d(?:\d\d)?)\s+fiscal\s+year
           | (?P<fy_relative>{"|".join(FISCAL_OFFSETS)})\s+fiscal\s+year\b""",
        ("fiscal", "19", "20", *FISCAL_OFFSETS),
    ),
    "span": (  # "first eight months of this year", "first three quarters of 2025", "first half"
        rf"""first\s+(?:(?P<span_months>\w+)\s+months
                      |(?P<span_quarters>\w+)\s+quarters
                      |(?P<span_half>half))\s+of\s+
            (?:(?P<span_rel>this|last)\s+year|(?P<span_year>{_YEAR}))""",
        ("first",),
    ),
    "next": (  # "over the next 10 years", "within 10 years"
        r"""(?:over|in|within)\s+the\s+next\s+(?P<next_years>\w+)\s+years
          | within\s+(?P<within_years>\w+)\s+years""",
        ("over", "in", "within"),
    ),
    "by": (rf"\bby\s+(?P<by_year>{_YEAR})\b", ("by",)),  # "by 2035": a horizon
    "since": (  # "since 2015": from then to publication
        rf"since\s+(?P<since_year>{_YEAR})\b(?![-\u2013/]\d)",
        ("since",),
    ),
    "quarter": (  # "third quarter (of 2025)", "Q3 2025"
        rf"""(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter
            (?:\s+of\s+(?P<quarter_year>{_YEAR}))?
          | \bq(?P<quarter_number>[1-4])\s+(?P<quarter_year2>{_YEAR})""",
        ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "q1", "q2", "q3", "q4"),
    ),
    "month": (  # "in March", "in mid-March", "October 2025", "Oct. 1, 2024"
        rf"""(?:(?P<month_prep>\b(?:in|since|during|from|until|through|last|this|early|late))
               \s+(?:mid-?\s*)?
             | (?P<month_mid>\bmid)-?\s*
             | (?<=\b(?P<month_on>on)\s+))?      # "on June 4": "on" is in too many words to seek
            (?P<month_name>\b{_MONTH})(?![\w.]\w)
            (?:\s+[1-3]?\d(?:st|nd|rd|th)?(?=,?\s+{_YEAR}))?   # the day, when a year follows
            (?:,?\s+(?P<month_year>{_YEAR}))?""",
        (*_MONTH_PREPOSITIONS, *MONTHS),
    ),
    "relative": (  # "last year", "that year", "the same year"
        r"\b(?P<relative_word>last|this|that|the\s+same|past)\s+year(?:['\u2019]s)?\b",
        ("last", "this", "that", "the", "past"),
    ),
    "ago": (  # "five years ago", "a year earlier"; "from a year earlier" is a change's base
        r"""(?<=\b(?P<ago_count>\w+)\s+)
            (?<!\b(?:from|than|since|versus|vs\.?|compared\s+(?:with|to))\s+\w+\s+)
            years?\s+(?P<ago_word>ago|earlier)\b""",
        ("year", "years"),
    ),
    "year": (  # "in 2024", "2024's" (never a money amount)
        rf"(?<![\d$.,])(?P<year_value>{_YEAR})(?:['\u2019]s)?(?![\d%.,]\d|\d|%)",
        ("19", "20"),
    ),
}
# Start words that begin a period cue only before whitespace and a word starting so: "in" only
# starts "in March" and "in the next ...", "the" only "the same year", "by" only "by 2035".
PERIOD_FOLLOWS = {
    "in": ("the", "mid", *MONTHS),
    "over": ("the",),
    "by": ("19", "20"),
    **dict.fromkeys(("during", "from", "until", "through", "early", "late"), ("mid", *MONTHS)),
    "since": ("mid", "19", "20", *MONTHS),
    **dict.fromkeys(("last", "this"), ("year", "fiscal", "mid", *MONTHS)),
    "past": ("year", "fiscal"),
    "that": ("year",),
    **dict.fromkeys(("current", "previous", "next"), ("fiscal",)),
    "the": ("same",),
    **dict.fromkeys(("second", "third", "fourth", "1st", "2nd", "3rd", "4th"), ("quarter",)),
    "fiscal": ("year", "19", "20"),
    **dict.fromkeys(("year", "years"), ("ago", "earlier")),
}


class CuePattern:
    """Kinds of cue wording found as one pattern's `finditer` would find them, faster.

    Each kind is a named group of the whole pattern, `\\b(?:(?P<kind>...)|...)`, with the words
    it can open with at a word start. Scanning a sentence with a pattern of many alternatives
    costs the `regex` module about 0.5 µs a character: here an automaton finds the start words,
    and at each only the kinds that word can open are tried, which halves a match's cost too.
    `follows` names start words that open a cue only before whitespace and a word starting with
    one of its strings ("in" → "in March"): elsewhere nothing is tried. Example:
    `CuePattern({"by": (r"by\\s+\\d+", ("by",))}).find("by 2035")` → one match, "by 2035".
    """

    def __init__(
        self,
        kinds: Mapping[str, tuple[str, tuple[str, ...]]],
        follows: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._kinds = kinds
        self.starts = Keywords(word for _, words in kinds.values() for word in words)
        self.follows = follows or {}
        # The automaton names the longest start word at a place, so a kind opening with a
        # shorter one that it begins ("in" of "inter") is tried there too.
        self._names = {
            start: tuple(name for name, (_, words) in kinds.items() if start.startswith(words))
            for start in self.starts.words
        }
        # Compiled when a start word is first met: compiling them all cost 70 ms at start-up.
        self._patterns: dict[str, regex.Pattern[str]] = {}
        self._by_names: dict[tuple[str, ...], regex.Pattern[str]] = {}

    @functools.cached_property
    def pattern(self) -> regex.Pattern[str]:
        """The whole pattern, every kind tried in order: what `find` finds, the slow way."""
        return _alternatives(self._kinds, list(self._kinds))

    def find(self, text: str) -> list[regex.Match[str]]:
        """`list(self.pattern.finditer(text))`; a match's `lastgroup` is its kind."""
        found: list[regex.Match[str]] = []
        end = 0
        follows, patterns = self.follows, self._patterns
        for at, stop in self.starts.starts(text):
            if at < end:
                continue
            word = text[at:stop]
            if (after := follows.get(word)) and not _followed(text, stop, after):
                continue
            pattern = patterns.get(word) or self._compile(word)
            if (match := pattern.match(text, at)) is not None:
                found.append(match)
                end = match.end()
        return found

    def _compile(self, word: str) -> regex.Pattern[str]:
        names = self._names[word]
        if names not in self._by_names:
            self._by_names[names] = _alternatives(self._kinds, names)
        self._patterns[word] = self._by_names[names]
        return self._patterns[word]


def _alternatives(
    kinds: Mapping[str, tuple[str, tuple[str, ...]]], names: Sequence[str]
) -> regex.Pattern[str]:
    # A kind's pattern may end in a comment, which a line break closes.
    groups = "|".join(f"(?P<{name}>{kinds[name][0]}\n)" for name in names)
    # Lowercased text; a case-sensitive scan of it is much faster than an IGNORECASE one.
    return regex.compile(rf"\b(?:{groups})", flags=regex.VERBOSE)


PERIOD_CUES = CuePattern(_PERIOD_KINDS, PERIOD_FOLLOWS)


_FOLLOW_WINDOW = 40
_HORIZONS = ("next", "by")
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


class PeriodCue(NamedTuple):
    """A period named in a sentence, read once: where (offsets into the text searched), what
    kind of cue, and its parts; `period_label` turns it into a label."""

    start: int
    end: int
    kind: str  # a key of _PERIOD_KINDS: year, fiscal, span, quarter, month, relative, ago, ...
    year: int | None = None  # the year written in the cue: "in 2024", "by 2035", "q3 2025"
    count: int | None = None  # a span's months, the quarter, the month, the N of "N years ..."
    word: str | None = None  # "last", "that", "this" (fiscal), "ago"; a month's preposition


def find_periods(lower: str) -> list[PeriodCue]:
    """Every period cue of an ASCII-lowercased sentence, in order.

    Example: `[(c.start, c.end, c.kind) for c in find_periods("exports rose 3% in october 2025.")]`
    → `[(16, 31, "month")]`.
    """
    return [_cue(match) for match in PERIOD_CUES.find(lower)]


def _cue(match: regex.Match[str]) -> PeriodCue:
    """A match of `PERIOD_CUES` as a `PeriodCue`: its groups are read here, once."""
    kind = match.lastgroup or ""
    start, end = match.span()
    if kind == "year":
        return PeriodCue(start, end, kind, int(match["year_value"]))
    if kind == "fiscal":
        first, relative = match["fy_start"] or match["fy_start2"], match["fy_relative"]
        return PeriodCue(start, end, kind, _int(first), word=relative)
    if kind == "span":
        year, relative = match.group("span_year", "span_rel")
        return PeriodCue(start, end, kind, _int(year), _span_months(match), relative)
    if kind == "quarter":
        ordinal, number = match.group("ordinal", "quarter_number")
        quarter = ORDINALS[ordinal] if ordinal else int(number)
        year = match["quarter_year"] or match["quarter_year2"]
        return PeriodCue(start, end, kind, _int(year), quarter)
    if kind == "month":
        name, year, preposition, mid, on = match.group(
            "month_name", "month_year", "month_prep", "month_mid", "month_on"
        )
        preposition = preposition or mid or on
        return PeriodCue(start, end, kind, _int(year), MONTHS[name[:3]], preposition or None)
    if kind == "relative":
        return PeriodCue(start, end, kind, word=" ".join(match["relative_word"].split()))
    if kind == "next":
        years = match["next_years"] or match["within_years"]
        return PeriodCue(start, end, kind, count=_count(years))
    if kind == "since":
        return PeriodCue(start, end, kind, int(match["since_year"]))
    if kind == "ago":
        count, word = match.group("ago_count", "ago_word")
        years = 1 if count in ("a", "an", "one") else _count(count)
        return PeriodCue(
            start, end, kind, count=years if years and years <= 50 else None, word=word
        )
    return PeriodCue(start, end, kind, int(match["by_year"]))


def _int(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


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


def _followed(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Whether whitespace and then a word starting with one of `words` come at `at`."""
    if not text[at : at + 1].isspace():
        return False
    # Every character `\s` matches is one `str.isspace` accepts, so this never rules out a
    # match; a window keeps the test small, and whitespace filling it is given the benefit.
    window = text[at : at + _FOLLOW_WINDOW]
    rest = window.lstrip()
    return rest.startswith(words) or (not rest and len(window) == _FOLLOW_WINDOW)


def is_horizon(cue: PeriodCue) -> bool:
    """True for a goal's end ("over the next 10 years", "by 2035"), which dates no fact."""
    return cue.kind in _HORIZONS


def period_label(
    cue: PeriodCue, clock: Clock, year_before: Callable[[], int | None] | None = None
) -> str | None:
    """The label of one cue of `find_periods`; `year_before` gives the year "that year" means.

    Example: the cue "in the third quarter" with `Clock(date(2026, 1, 16))` → "2025-Q3".
    """
    kind, year = cue.kind, cue.year
    if kind == "year":
        return str(year)
    if kind == "fiscal":
        if year is None:
            year = _fiscal_year(cue.word, clock)
        # Canada's fiscal year runs April to March.
        return None if year is None else f"{year}-04..{year + 1}-03"
    if kind == "span":
        if year is None:
            year = _relative_year(cue.word, clock)
        return None if cue.count is None or year is None else f"{year}-01..{year}-{cue.count:02d}"
    if kind == "quarter":
        if year is None:
            year = _past_year(cue.count * 3 - 2, clock)
        return None if year is None else f"{year}-Q{cue.count}"
    if kind == "month":
        return _month_label(cue, clock)
    if kind == "since":
        now = clock.year
        return None if now is None or now < year else f"{year}..{now}"
    if kind == "ago":
        # "ago" counts back from publication, "earlier" from the year told before it.
        if cue.word == "ago":
            year = clock.today.year if clock.today is not None else None
        else:
            year = year_before() if year_before else None
        return None if year is None or cue.count is None else str(year - cue.count)
    if kind == "relative":
        if cue.word in ("that", "the same"):
            year = year_before() if year_before else None
        else:
            year = _relative_year(cue.word, clock)
        return None if year is None else str(year)
    return None


def last_year_named(cues: Sequence[PeriodCue], clock: Clock) -> int | None:
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
    cues: Sequence[PeriodCue],
    *,
    clock: Clock,
    distance: Callable[[PeriodCue], int],
    goal: bool,
    year_before: Callable[[], int | None] | None = None,
) -> tuple[str | None, PeriodCue | None]:
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
    if nearest.kind == "ago":
        year_before = _told_before(said[: said.index(nearest)], clock, year_before)
    label = period_label(nearest, clock, year_before)
    return label, (nearest if label is not None else None)


def _told_before(
    cues: Sequence[PeriodCue], clock: Clock, year_before: Callable[[], int | None] | None
) -> Callable[[], int | None]:
    """The year "N years earlier" counts from: the last one its sentence names before it,
    else the one an earlier sentence names."""

    def year() -> int | None:
        named = last_year_named(cues, clock)
        if named is None and year_before is not None:
            return year_before()
        return named

    return year


def label_year(label: str | None) -> int | None:
    """The first year of a label. `label_year("2024-04..2025-03")` → 2024."""
    return int(label[:4]) if label and label[:4].isdigit() else None


def _horizon_label(
    horizon: PeriodCue,
    said: list[PeriodCue],
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
    if horizon.kind == "by":
        return f"{start}..{horizon.year}" if start else str(horizon.year)
    if start is None or horizon.count is None:
        return None
    return f"{start}..{start + horizon.count}"


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
    return int(word) if word.isdecimal() else NUMBER_WORDS.get(word.lower())


def _month_label(cue: PeriodCue, clock: Clock) -> str | None:
    month = cue.count or 0
    if cue.year is not None:
        return f"{cue.year}-{month:02d}"
    # "May" alone is as often a verb as a month: only a preposition makes it a date.
    if cue.word is None:
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


def _fiscal_year(word: str | None, clock: Clock) -> int | None:
    """The first year of "this/last/next fiscal year" (April to March) from the publication date."""
    if word is None or clock.today is None:  # undated, as for "last year"
        return None
    running = clock.today.year if clock.today.month >= 4 else clock.today.year - 1
    return running + FISCAL_OFFSETS[word]


def _past_year(month: int, clock: Clock) -> int | None:
    """The year of the latest such month by publication ("in March" in January: last year)."""
    if clock.today is not None:
        return clock.today.year if month <= clock.today.month else clock.today.year - 1
    return clock.estimated_year
