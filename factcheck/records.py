"""Records passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses: read → `Article`, extract → `Mention`,
normalize → `Amount`, resolve context → `Context`, verify → `Finding`. They hold plain values
only (no pint objects, no DataFrames), so they stay hashable, picklable and trivially JSON-able.
Enum values are exactly the strings of the JSON contract in the product brief.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    MONEY = "money"
    PERCENT_CHANGE = "percent_change"
    PP_CHANGE = "pp_change"
    SHARE = "share"
    RATE = "rate"
    PERCENT = "percent"
    MULTIPLE = "multiple"
    QUANTITY = "quantity"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    NEARLY = "nearly"
    RANGE = "range"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Metric(StrEnum):
    TRADE_VALUE = "trade_value"
    TRADE_SHARE = "trade_share"
    TRADE_CHANGE = "trade_change"
    TRADE_BALANCE = "trade_balance"
    TARIFF_RATE = "tariff_rate"
    TARIFF_COVERAGE = "tariff_coverage"
    FX_RATE = "fx_rate"
    TARGET = "target"
    OTHER = "other"


class Flow(StrEnum):
    EXPORTS = "exports"
    IMPORTS = "imports"
    TWO_WAY = "two_way"


class Verdict(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    AMBIGUOUS_CURRENCY = "ambiguous_currency"
    WRONG_PERIOD = "wrong_period"
    UNVERIFIABLE = "unverifiable"
    INCONSISTENT = "inconsistent"
    # Page chrome and out-of-scope figures (metric `other`): reported with the reason, never
    # compared with trade data.
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where something is: an article span, a claims-file line or a reference CSV row."""

    path: str
    line: int | None = None
    column: int | None = None
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One decoded article: the text every offset refers to, plus what is known about it."""

    id: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    dateline: str | None = None
    # Half-open (start, end) spans of story text; everything outside is page chrome
    # (related-headline lists, navigation, captions of other stories). Sorted, disjoint.
    body: tuple[tuple[int, int], ...] = ()
    # What reading had to do that a user should know about ("decoded as cp1252").
    notes: tuple[str, ...] = ()

    def in_body(self, offset: int) -> bool:
        """True when `offset` lies in story text.

        Example: `Article(id="a", text="x", body=((0, 1),)).in_body(0)` → True.
        """
        index = bisect.bisect_right(self.body, (offset, float("inf"))) - 1
        return index >= 0 and self.body[index][0] <= offset < self.body[index][1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A number as the article writes it, with the words that qualify it."""

    article: str
    start: int
    end: int
    text: str
    number: str  # as written: "118.7", "2,600", "three-quarters", "double"
    scale: str | None  # as written: "billion", "bn", "m"; None when there is none
    currency_text: str | None  # as written: "$", "US$", "C$", "yuan", "Canadian dollars"
    currency: str | None  # ISO 4217 only when the text itself makes it explicit
    kind: Kind
    unit: str | None  # "percent", "percentage_point", a pint unit name; None for money
    qualifier: Qualifier
    value: float  # scale applied, sign as written; a range's low end
    value_high: float | None = None  # a range's high end
    step: float = 0.0  # the unit of the last stated digit, scale applied (118.7 billion → 1e8)
    direction: Direction | None = None
    in_body: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Amount:
    """A mention made comparable: resolved currency with its evidence and an honest interval."""

    magnitude: float
    # pint-parsable: "CAD", "percent", "percentage_point", "tonne"; None if unresolved
    unit: str | None
    currency: str | None = None
    currency_candidates: tuple[str, ...] = ()  # more than one means ambiguous
    currency_evidence: str = ""
    currency_confidence: float = 0.0
    low: float
    high: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What a number measures, whose statistic it is, about whom, when, and on whose word."""

    metric: Metric
    reporter: str | None = None  # ISO 3166 alpha-3, or WLD / WXU
    partner: str | None = None
    flow: Flow | None = None
    period: str | None = None  # "2024", "2025-03", "2025-Q1", "2025-01..2025-08"
    attributed_to: str | None = None
    product: str | None = None  # None means all merchandise
    evidence: str = ""  # the words that decided the fields above, for explanations


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A mention with its normalized amount and resolved context: what verification checks."""

    id: str  # "<article>#<start>-<end>" for articles, the claims-file id for structured claims
    mention: Mention
    amount: Amount
    context: Context
    # Where a reader finds it: the article line/column, or the claims-file line for the gate.
    location: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSpec:
    """One claims-file entry exactly as written (strings), before any parsing."""

    location: Location
    id: str
    text: str | None = None
    metric: str | None = None
    reporter: str | None = None
    partner: str | None = None
    flow: str | None = None
    period: str | None = None
    value: str | None = None
    qualifier: str | None = None
    published: str | None = None
    publisher: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a reference figure comes from: its publisher and the reference file row holding it."""

    publisher: str
    url: str
    date: str
    file: str
    row: int
    title: str = ""
    directness: str = ""  # primary / secondary / media


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryName:
    """One way of naming a country ("Canada", "Canadian", "Ottawa", "non-U.S.") and its code."""

    alias: str
    code: str  # ISO 3166 alpha-3, or WLD / WXU
    kind: str  # name / adjective / demonym / capital / alias


@dataclass(frozen=True, slots=True, kw_only=True)
class Publisher:
    """A news outlet: where it is based and which currency a bare `$` in it usually means."""

    name: str
    aliases: tuple[str, ...]
    country: str  # ISO 3166 alpha-3
    currency: str  # ISO 4217 convention for a bare "$" (Reuters → USD, The Canadian Press → CAD)


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """The verdict on one claim, with the evidence a reader can check."""

    claim: Claim
    verdict: Verdict
    explanation: str
    reference_value: float | None = None  # in the claim's unit and currency
    reference_unit: str | None = None
    sources: tuple[Source, ...] = ()
    difference: float | None = None  # relative and signed: (claim - reference) / reference
    related: tuple[str, ...] = field(default=())  # ids of claims in other articles compared with


@dataclass(frozen=True, slots=True, kw_only=True)
class Skip:
    """Something that was not checked, and why: nothing is dropped silently."""

    location: Location
    reason: str
