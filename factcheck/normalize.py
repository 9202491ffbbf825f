"""Normalize: extracted `Mention`s plus their `Article` → comparable `Amount`s.

Owns three decisions: the pint unit string a mention is measured in, the ISO 4217 currency of
a money figure (with the evidence that decided it or left it open), and the interval a claim
allows from its stated precision and qualifier. Conversion between currencies happens in
verification; this module never imports pandas or builds the pint registry, so extract starts fast.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from factcheck.extraction import sentence_spans
from factcheck.keywords import Keywords, case_blind
from factcheck.records import Amount, Article, Kind, Mention, Publisher, Qualifier

# "about 75%" allows ±5% of the value (at least half a step): 75 → [71.25, 78.75].
ABOUT_TOLERANCE = 0.05
# "nearly $3 billion" may lie up to 10% below the value, and above it only by rounding.
NEARLY_TOLERANCE = 0.10
# One-sided bounds stop being honest past these factors: "more than $2.6 billion" for
# $4 billion, or "less than 4%" for 1%, mislead, so their intervals end there.
MORE_THAN_CAP = 1.5
LESS_THAN_FLOOR = 0.5

# A story is about the countries it names at least this often (a passing "Australia" is not
# enough to make AUD a reading of its "$"), plus any the figure's own sentence names.
ABOUT_COUNTRY_MENTIONS = 2

UNITS_BY_KIND: dict[Kind, str] = {
    Kind.PERCENT_CHANGE: "percent",
    Kind.SHARE: "percent",
    Kind.RATE: "percent",
    Kind.PERCENT: "percent",
    Kind.PP_CHANGE: "percentage_point",  # never silently percent: pp is its own dimension
    Kind.MULTIPLE: "dimensionless",  # "double" = 2, "four-fold" = 4: factors, not percents
}

# Which currency a bare "$" means to an outlet or desk in each country: Chinese outlets write
# dollar amounts in US dollars, so CHN maps to USD.
DOLLAR_BY_COUNTRY: dict[str, str] = {
    "CAN": "CAD",
    "USA": "USD",
    "CHN": "USD",
    "AUS": "AUD",
    "NZL": "NZD",
    "HKG": "HKD",
    "SGP": "SGD",
    "TWN": "TWD",
}
# "¥" is both the yuan and the yen.
YEN_BY_COUNTRY: dict[str, str] = {"CHN": "CNY", "JPN": "JPY"}

DATELINE_COUNTRIES: dict[str, str] = {
    "OTTAWA": "CAN",
    "TORONTO": "CAN",
    "VANCOUVER": "CAN",
    "MONTREAL": "CAN",
    "CALGARY": "CAN",
    "WASHINGTON": "USA",
    "NEW YORK": "USA",
    "BEIJING": "CHN",
    "SHANGHAI": "CHN",
    "TOKYO": "JPN",
}

# How an article names a currency in a note such as "all figures in U.S. dollars".
DOLLAR_NAMES: dict[str, str] = {
    "canadian": "CAD",
    "u.s.": "USD",
    "us": "USD",
    "american": "USD",
    "australian": "AUD",
    "hong kong": "HKD",
}

# Sources credited in a figure's sentence, grouped by the currency they publish in, which is
# what a bare "$" quoting them most likely means. Group names are ISO 4217 codes.
ATTRIBUTION_CUES = regex.compile(
    r"""
    \b(?:
    (?P<CAD>statistics\ canada | statcan)  # Canada's statistical agency
    | (?P<CAD>(?:the\ )?prime\ minister\ of\ canada(?:['\u2019]s\ office)?)  # the PMO, formally
    | (?P<CAD>canada['\u2019]s\ prime\ minister['\u2019]s\ office)  # the PMO, possessive
    | (?P<CAD>global\ affairs\ canada)  # the foreign and trade ministry
    | (?P<CAD>(?:the\ )?canadian\ government | (?:the\ )?government\ of\ canada)  # Ottawa
    | (?P<CAD>(?:the\ )?bank\ of\ canada)  # the central bank
    | (?P<USD>(?:chinese | china['\u2019]s)\ customs)  # China reports its trade in US dollars
    | (?P<USD>(?:the\ )?general\ administration\ of\ customs)  # China's customs, formally
    | (?P<USD>(?:the\ )?(?:u\.?s\.?\ )?census\ bureau)  # US trade statistics
    | (?P<USD>ustr | (?:the\ )?(?:u\.?s\.?\ )?trade\ representative)  # US trade policy office
    )\b  # whole words: "ustr" in "industry" credits no one
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)

# Every attribution cue above holds one of these words. They are found in one pass, while the
# cues' alternation is tried at every position, so a sentence is searched for cues only when
# it holds one of them.
ATTRIBUTION_WORDS = Keywords(
    (
        "statistics canada", "statcan", "minister", "global affairs canada", "government",
        "bank of canada", "customs", "census bureau", "ustr", "trade representative",
    )
)  # fmt: skip

# A note stating the article's currency for all its dollar amounts.
CURRENCY_STATEMENT = regex.compile(
    r"""
    (?:
        (?:all\ )?(?:dollar\ )?(?:figures|amounts|values|numbers)  # "all figures ..."
        (?:\ (?:are|given|quoted|expressed|reported))*\ in  # "... are given in"
      | \(\ ?in  # "(in Canadian dollars)"
    )
    \ (?P<name>canadian|u\.s\.|us|american|australian|hong\ kong)\ dollars
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)

# What may stand between a figure and its conversion in parentheses: "C$2.76 billion ($2.08".
CONVERSION_GAP = regex.compile(
    r"""
    \s* [(\[] \s*  # the opening parenthesis
    (?:(?:or|about|around|roughly|approximately|some)\s+)?  # a word the extractor left out
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)

# Words of a publisher name, compared case- and punctuation-blind ("Reuters" in "(Reuters)").
WORD = regex.compile(r"\w+", flags=regex.VERBOSE)

# Countries whose currency a "$" or "¥" in the story could be in, by the words naming them;
# "U.S." is not needed because USD is always a candidate for "$".
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "CAN": ("canada", "canadian", "canadians"),
    "CHN": ("china", "chinese"),
    "JPN": ("japan", "japanese"),
    "AUS": ("australia", "australian", "australians"),
    "NZL": ("new zealand",),
    "HKG": ("hong kong",),
    "SGP": ("singapore",),
    "TWN": ("taiwan", "taiwanese"),
}
_COUNTRY_NAMES = Keywords(word for words in COUNTRY_WORDS.values() for word in words)
_COUNTRY_OF_NAME = [
    next(code for code, words in COUNTRY_WORDS.items() if word in words)
    for word in _COUNTRY_NAMES.words
]
# Every currency statement names "... dollars": a story without the word is not searched for one.
DOLLARS_WORD = regex.compile(r"dollars", flags=regex.VERBOSE | regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Resolution:
    currency: str | None
    candidates: tuple[str, ...]
    evidence: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Family:
    """How a currency symbol family is read: "$" (many dollars) or "¥" (yuan or yen)."""

    symbol: str
    by_country: dict[str, str]
    always: frozenset[str]  # candidates whatever the story is about


DOLLAR = _Family("$", DOLLAR_BY_COUNTRY, frozenset({"USD"}))
YEN = _Family("¥", YEN_BY_COUNTRY, frozenset())


# Not slots: the cached properties below store their values in the instance's __dict__.
@dataclass(frozen=True)
class _Facts:
    """What the whole article says about currency, each computed once per article when needed."""

    article: Article
    mentions: Sequence[Mention]
    publisher: Publisher | None
    dateline: str | None  # as `read` detected it, upper-cased: "OTTAWA", "NEW YORK"
    # The sentences of each line that holds a figure, by the line's start offset.
    line_sentences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @functools.cached_property
    def countries(self) -> frozenset[str]:
        """ISO 3166 codes named at least twice in the story's body."""
        lower = self.lower
        named = Counter(
            _COUNTRY_OF_NAME[word]
            for start, end in self.article.body
            for _, _, word in _COUNTRY_NAMES.whole_words(lower[start:end])
        )
        return frozenset(code for code, count in named.items() if count >= ABOUT_COUNTRY_MENTIONS)

    @functools.cached_property
    def lower(self) -> str:
        """The article's text as the case-blind word lists read it."""
        return case_blind(self.article.text)

    @functools.cached_property
    def statement(self) -> regex.Match[str] | None:
        """The first note in the body stating the currency of all dollar amounts."""
        text = self.article.text
        if DOLLARS_WORD.search(text) is None:
            return None
        matches = (CURRENCY_STATEMENT.search(text, start, end) for start, end in self.article.body)
        return next(filter(None, matches), None)

    @functools.cached_property
    def marked_dollars(self) -> dict[str, str | None]:
        """Currencies the body writes with a marked dollar ("US$", "C$"), by currency: once per
        article, since rebuilding it for every bare "$" made normalization quadratic."""
        return {
            other.currency: other.currency_text
            for other in self.mentions
            if other.in_body and other.currency and "$" in (other.currency_text or "")
        }

    def sentences(self, offset: int) -> list[tuple[int, int]]:
        """The sentences of the line holding `offset`: a line break always ends a sentence, so
        these are the article's own sentences there, without splitting the whole article."""
        text = self.article.text
        start = text.rfind("\n", 0, offset) + 1
        if start not in self.line_sentences:
            end = text.find("\n", start)
            line = text[start:] if end < 0 else text[start:end]
            self.line_sentences[start] = [
                (start + first, start + last) for first, last in sentence_spans(line)
            ]
        return self.line_sentences[start]


def normalize_mentions(
    mentions: Sequence[Mention], article: Article, publishers: Sequence[Publisher]
) -> list[Amount]:
    """One `Amount` per mention, in the same order.

    Example: "$118.7 billion" credited to the Prime Minister of Canada's office in the Global
    Times → `Amount(magnitude=1.187e11, unit=None, currency=None,
    currency_candidates=("CAD", "USD"), low=1.1865e11, high=1.1875e11, ...)`.
    """
    facts = _Facts(
        article=article,
        mentions=mentions,
        publisher=_match_publisher(article.publisher, tuple(publishers)),
        dateline=(article.dateline or "").upper() or None,
    )
    return [_normalize(index, facts) for index in range(len(mentions))]


def interval(
    value: float, step: float, qualifier: Qualifier, value_high: float | None = None
) -> tuple[float, float]:
    """The closed interval [low, high] a claim allows; `low <= value <= high` always.

    `step` is the unit of the last stated digit (118.7 → 0.1; 0 for number words like
    "double", which are exact). `tolerance(t)` below means max(step/2, t * |value|).

    | qualifier            | low                          | high                          |
    |----------------------|------------------------------|-------------------------------|
    | exact                | value - step/2               | value + step/2                |
    | about                | value - tolerance(5%)        | value + tolerance(5%)         |
    | nearly               | value - tolerance(10%)       | value + step/2                |
    | more_than, at_least  | value - step/2               | value + tolerance(50%)        |
    | less_than, at_most   | value - tolerance(50%)       | value                         |
    | range                | lower end - step/2           | upper end + step/2            |

    One-sided bounds: "more than $2.6 billion" keeps half a step below its bound because a
    reference figure rounded to the same digit (2.6) must not contradict it; "less than 4%"
    ends at the bound itself (the issue's contract: high 4). Both are capped at a factor of
    1.5 / 0.5 of the bound, beyond which the claim misleads. A range without its upper end is
    read as exact.

    Example: `interval(10.4, 0.1, Qualifier.EXACT)` → (10.35, 10.45).
    """
    half = abs(step) / 2

    def tolerance(relative: float) -> float:
        return max(half, relative * abs(value))

    match qualifier:
        case Qualifier.ABOUT:
            return value - tolerance(ABOUT_TOLERANCE), value + tolerance(ABOUT_TOLERANCE)
        case Qualifier.NEARLY:
            return value - tolerance(NEARLY_TOLERANCE), value + half
        case Qualifier.MORE_THAN | Qualifier.AT_LEAST:
            return value - half, value + tolerance(MORE_THAN_CAP - 1)
        case Qualifier.LESS_THAN | Qualifier.AT_MOST:
            return value - tolerance(1 - LESS_THAN_FLOOR), value
        case Qualifier.RANGE if value_high is not None:
            return min(value, value_high) - half, max(value, value_high) + half
        case _:
            return value - half, value + half


def _normalize(index: int, facts: _Facts) -> Amount:
    mention = facts.mentions[index]
    low, high = interval(mention.value, mention.step, mention.qualifier, mention.value_high)
    if mention.kind is not Kind.MONEY:
        unit = UNITS_BY_KIND.get(mention.kind, mention.unit)
        return Amount(magnitude=mention.value, unit=unit, low=low, high=high)
    resolution = _resolve_currency(index, facts)
    return Amount(
        magnitude=mention.value,
        unit=resolution.currency,
        currency=resolution.currency,
        currency_candidates=resolution.candidates,
        currency_evidence=resolution.evidence,
        currency_confidence=resolution.confidence,
        low=low,
        high=high,
    )


def _resolve_currency(index: int, facts: _Facts) -> _Resolution:
    mention = facts.mentions[index]
    if mention.currency is not None:
        return _resolved(mention.currency, f"written {mention.currency_text} on the figure", 1.0)
    family = _family(mention.currency_text)
    if family is None:
        return _Resolution(None, (), "no currency written with the figure", 0.0)
    rules: tuple[Callable[[int, _Facts, _Family], _Resolution | None], ...] = (
        _from_conversion,
        _from_statement,
        _from_marked_elsewhere,
    )
    for rule in rules:
        resolution = rule(index, facts, family)
        if resolution is not None:
            return resolution
    return _from_context(index, facts, family)


def _family(currency_text: str | None) -> _Family | None:
    text = (currency_text or "").casefold()
    if "$" in text or "dollar" in text:
        return DOLLAR
    if "¥" in text or "￥" in text:
        return YEN
    return None


def _resolved(currency: str, evidence: str, confidence: float) -> _Resolution:
    return _Resolution(currency, (currency,), evidence, confidence)


def _from_conversion(index: int, facts: _Facts, family: _Family) -> _Resolution | None:
    """A bare figure next to an explicit one in parentheses is its conversion."""
    mentions, text = facts.mentions, facts.article.text
    neighbours = (
        (index - 1, index),  # "C$2.76 billion ($2.08 billion)": this is the conversion
        (index, index + 1),  # "$2.76 billion (US$2.08 billion)": this is the original
    )
    for first, second in neighbours:
        if first < 0 or second >= len(mentions):
            continue
        other = mentions[first if second == index else second]
        gap = text[mentions[first].end : mentions[second].start]
        if other.kind is Kind.MONEY and other.currency and CONVERSION_GAP.fullmatch(gap):
            counterpart = _counterpart(other.currency, index, facts, family)
            if counterpart is not None:
                evidence = f"paired in parentheses with {other.text.strip()} ({other.currency})"
                return _resolved(counterpart, evidence, 0.95)
    return None


def _counterpart(currency: str, index: int, facts: _Facts, family: _Family) -> str | None:
    # Conversions are almost always to or from US dollars: a bare figure paired with a
    # non-USD one is in USD; paired with a USD one, it is the story's only other currency.
    # A bare "¥" is never USD, so only a USD partner can settle it.
    if currency != "USD":
        return "USD" if family is DOLLAR else None
    others = _candidates(index, facts, family) - {"USD"}
    return next(iter(others)) if len(others) == 1 else None


def _from_statement(index: int, facts: _Facts, family: _Family) -> _Resolution | None:
    if family is not DOLLAR:
        return None
    match = facts.statement
    if match is None:
        return None
    currency = DOLLAR_NAMES[match["name"].casefold()]
    return _resolved(currency, f'the article states "{match.group().strip("( ")}"', 0.95)


def _from_marked_elsewhere(index: int, facts: _Facts, family: _Family) -> _Resolution | None:
    """An article that writes some amounts "US$" writes its bare "$" in the other dollar."""
    if family is not DOLLAR:
        return None
    marked = facts.marked_dollars
    remaining = _candidates(index, facts, family) - marked.keys()
    if not marked or len(remaining) != 1:
        return None
    currency = remaining.pop()
    written = ", ".join(sorted(filter(None, marked.values())))
    return _resolved(
        currency, f"the article writes {written} elsewhere, so bare $ is {currency}", 0.85
    )


def _from_context(index: int, facts: _Facts, family: _Family) -> _Resolution:
    """Weigh the writer's convention (publisher, else dateline) against the figure's source."""
    mention = facts.mentions[index]
    convention = _convention(facts, family)
    source = _attribution(mention, facts) if family is DOLLAR else None
    if convention and source and convention[0] != source[0]:
        candidates = tuple(sorted({convention[0], source[0]}))
        return _Resolution(None, candidates, f"{source[1]}, but {convention[1]}", 0.0)
    if convention and source:
        return _resolved(convention[0], f"{source[1]}, and {convention[1]}", 0.9)
    if convention:
        return _resolved(*convention)
    fallback = _candidates(index, facts, family)
    if source:
        candidates = tuple(sorted(fallback | {source[0]}))
        evidence = f"{source[1]}, but the outlet's convention for a bare {family.symbol} is unknown"
        return _Resolution(None, candidates, evidence, 0.0)
    evidence = f"bare {mention.currency_text} with no currency stated"
    if len(fallback) == 1:
        return _resolved(next(iter(fallback)), f"{evidence}; the only candidate in the story", 0.5)
    return _Resolution(None, tuple(sorted(fallback)), evidence, 0.0)


def _candidates(index: int, facts: _Facts, family: _Family) -> set[str]:
    """The family's currencies of the countries the story is about or the sentence names."""
    start, end = _sentence(facts.mentions[index], facts)
    in_sentence = {
        _COUNTRY_OF_NAME[word] for _, _, word in _COUNTRY_NAMES.whole_words(facts.lower[start:end])
    }
    codes = facts.countries | in_sentence
    named = {family.by_country[code] for code in codes if code in family.by_country}
    return named | family.always


def _convention(facts: _Facts, family: _Family) -> tuple[str, str, float] | None:
    """How the writer reads the symbol: (currency, evidence, confidence), publisher first."""
    publisher = facts.publisher
    if publisher is not None:
        currency = publisher.currency if family is DOLLAR else YEN_BY_COUNTRY.get(publisher.country)
        if currency:
            return currency, f"{publisher.name} writes a bare {family.symbol} as {currency}", 0.8
    country = DATELINE_COUNTRIES.get(facts.dateline or "")
    if country in family.by_country:
        currency = family.by_country[country]
        return (
            currency,
            f"datelined {facts.dateline}, where a bare {family.symbol} is {currency}",
            0.6,
        )
    return None


def _attribution(mention: Mention, facts: _Facts) -> tuple[str, str] | None:
    """The source credited in the mention's sentence closest to it: (currency, evidence)."""
    start, end = _sentence(mention, facts)
    text = facts.article.text
    if not ATTRIBUTION_WORDS.occur_in(facts.lower[start:end]):
        return None
    cues = list(ATTRIBUTION_CUES.finditer(text, start, end))
    if not cues:
        return None
    cue = min(
        cues,
        key=lambda match: min(abs(match.start() - mention.start), abs(match.end() - mention.end)),
    )
    return cue.lastgroup, f"attributed to {cue.group()} ({cue.lastgroup})"


def _sentence(mention: Mention, facts: _Facts) -> tuple[int, int]:
    """The span of the sentence holding the mention (the mention itself if none does)."""
    sentences = facts.sentences(mention.start)
    position = bisect.bisect_right(sentences, (mention.start, float("inf"))) - 1
    if position >= 0 and mention.start < sentences[position][1]:
        return sentences[position]
    return mention.start, mention.end


# Cached: a corpus names few outlets, and comparing a name with every alias costs more than
# the rest of normalizing an article.
@functools.lru_cache(maxsize=1024)
def _match_publisher(name: str | None, publishers: tuple[Publisher, ...]) -> Publisher | None:
    """The publisher whose name or alias is, or is a whole-word part of, `name` (longest wins)."""
    if not name:
        return None
    wanted = _words(name)
    matches = [
        (len(known), publisher)
        for publisher in publishers
        for known in map(_words, (publisher.name, *publisher.aliases))
        if known and f" {known} " in f" {wanted} "
    ]
    return max(matches, key=lambda pair: pair[0])[1] if matches else None


def _words(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))
