"""Reference figures: what the tables say, and what follows from them, per lookup key.

Input: a `ReferenceData` and lookup `Key`s. Output: `Figure`s (published or derived) with the
interval their rounding allows, in any currency the exchange rates reach. This module owns the
`FigureIndex` (the tables as plain dicts, built once per `ReferenceData`, figures memoized per
key), the derivations (shares, changes, two-way totals, balances) and the period arithmetic.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import regex

from factcheck.records import Metric, Source
from factcheck.units import convert_currency, currencies

if TYPE_CHECKING:
    from factcheck.reference import ReferenceData

CURRENCY_SIGNS = {"CAD": "C$", "USD": "US$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "JP¥"}
FLOW_WORDS = {
    "exports": "exports",
    "imports": "imports",
    "two_way": "two-way trade",
    "balance": "trade balance",
}
# The other reporter's view of the same trade: Canada's exports to China are China's imports
# from Canada. Balances are left out on purpose: their sign flips and their coverage differs.
MIRROR_FLOWS = {"exports": "imports", "imports": "exports", "two_way": "two_way"}
# Primary publishers first when several sources back a figure.
DIRECTNESS_ORDER = ("primary", "secondary", "media", "")
# The columns each table is looked up by; a None key field matches a blank cell.
TABLE_KEYS = {
    "trade_flows": ("reporter", "partner", "flow", "product", "period"),
    "trade_shares": ("reporter", "partner", "flow", "product", "period"),
    "trade_changes": ("reporter", "partner", "flow", "product", "period"),
    # Tariffs and targets meet a claim's period by overlap, so the period is not in their key.
    "tariffs": ("reporter", "partner"),
    "targets": ("reporter", "partner", "flow"),
}
# Tables whose periods form a series between two countries (for the wrong-period search).
SERIES_TABLES = ("trade_flows", "trade_shares", "trade_changes")

YEAR = regex.compile(
    r"""
    (?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?![0-9])  # a four-digit year inside any period label
    """,
    flags=regex.VERBOSE,
)
PERIOD_SIDE = regex.compile(
    r"""
    ^(?P<year>[0-9]{4})
    (?:
        -Q(?P<quarter>[1-4])      # a quarter: 2025-Q1
      | -(?P<month>[0-9]{2})      # a month: 2025-03
    )?$                           # or a bare year: 2024
    """,
    flags=regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Key:
    """What a figure is about: the lookup key of every reference table."""

    metric: Metric
    reporter: str
    partner: str
    flow: str | None
    product: str | None
    period: str | None

    def mirror(self) -> Key | None:
        """The same trade as the partner reports it, when such a series exists."""
        flow = MIRROR_FLOWS.get(self.flow or "")
        if flow is None or self.metric not in (Metric.TRADE_VALUE, Metric.TRADE_CHANGE):
            return None
        return replace(self, reporter=self.partner, partner=self.reporter, flow=flow)


@dataclass(frozen=True, slots=True)
class Figure:
    """One reference figure (published or derived) with the interval its rounding allows."""

    value: float
    low: float
    high: float
    unit: str  # ISO currency, "percent" or "factor"
    key: Key
    what: str  # "Canada-China two-way merchandise trade"
    basis: str  # who published it, or how it was derived
    sources: tuple[Source, ...]
    basis_kind: str = ""  # the table's `basis`: customs, balance_of_payments, ...
    derived: bool = False
    mirror: bool = False
    converted: bool = False

    def overlaps(self, low: float, high: float) -> bool:
        """True when the figure's interval meets [low, high]."""
        return self.high >= low and self.low <= high

    def rank(self) -> tuple[bool, bool, int]:
        """Stated before converted, direct before derived, primary before media."""
        order = [directness(source) for source in self.sources] or [len(DIRECTNESS_ORDER)]
        return self.converted, self.derived, max(order)


@dataclass(frozen=True, slots=True)
class Row:
    """One reference table row as plain Python values, with its source."""

    index: int  # the DataFrame index, which `ReferenceData.source` takes
    cells: Mapping[str, Any]
    source: Source


@dataclass(frozen=True, eq=False)
class FigureIndex:
    """The reference tables as dicts by lookup key, plus memos of what was derived from them.

    Built once per `ReferenceData` by `index_reference`; lookups are dict reads, no pandas.
    """

    reference: ReferenceData
    names: dict[str, str]
    rows: dict[str, dict[tuple[str | None, ...], tuple[Row, ...]]]
    series: tuple[tuple[str, str, str], ...]  # (reporter, partner, period) of SERIES_TABLES
    # Memos, filled on first use: the keys claims name are few, the claims many.
    figures: dict[Key, tuple[Figure, ...]] = field(default_factory=dict)
    conversions: dict[tuple[Figure, str], Figure | str | None] = field(default_factory=dict)
    rates: dict[tuple[str, str, str], tuple[float, Source] | None] = field(default_factory=dict)
    periods: dict[tuple[str, str, str | None], tuple[str, ...]] = field(default_factory=dict)

    def name(self, code: str) -> str:
        """A country's name. Example: `index.name("CAN")` → "Canada"."""
        return self.names.get(code, code)

    def owner(self, code: str) -> str:
        """The possessive. Example: `index.owner("USA")` → "United States'"."""
        name = self.name(code)
        return f"{name}'" if name.endswith("s") else f"{name}'s"

    def lookup(self, table: str, key: Key) -> tuple[Row, ...]:
        """Rows of `table` equal to `key` on the table's key columns."""
        wanted = tuple(_cell(getattr(key, column)) for column in TABLE_KEYS[table])
        return self.rows[table].get(wanted, ())

    def fx_rate(self, base: str, quote: str, period: str) -> tuple[float, Source] | None:
        """`ReferenceData.fx_rate`, memoized. Example: `("USD", "CAD", "2024")` → (1.3698, …)."""
        return _memo(self.rates, (base, quote, period), self.reference.fx_rate, base, quote, period)


def _memo(memo: dict[Any, Any], key: Any, compute: Callable[..., Any], *args: Any) -> Any:
    try:
        return memo[key]
    except KeyError:
        found = memo[key] = compute(*args)
        return found


def _cell(value: Any) -> str | None:
    """A key value as the index stores it: blank cells (empty or missing) are None."""
    blank = value is None or value == "" or (isinstance(value, float) and math.isnan(value))
    return None if blank else str(value)


@functools.lru_cache(maxsize=4)
def index_reference(reference: ReferenceData) -> FigureIndex:
    """The index of `reference`, built on first use (`ReferenceData` hashes by identity).

    Example: `index_reference(load_reference()).lookup("trade_flows", key)` → rows for `key`.
    """
    rows: dict[str, dict[tuple[str | None, ...], tuple[Row, ...]]] = {}
    for table, columns in TABLE_KEYS.items():
        grouped: dict[tuple[str | None, ...], list[Row]] = {}
        for index, cells in reference.tables[table].to_dict("index").items():
            row = Row(index=index, cells=cells, source=reference.source(table, index))
            grouped.setdefault(tuple(_cell(cells[c]) for c in columns), []).append(row)
        rows[table] = {key: tuple(found) for key, found in grouped.items()}
    series = tuple(
        (str(cells["reporter"]), str(cells["partner"]), str(cells["period"]))
        for table in SERIES_TABLES
        for cells in reference.tables[table].to_dict("records")
    )
    return FigureIndex(reference, _country_names(reference), rows, series)


def _country_names(reference: ReferenceData) -> dict[str, str]:
    countries = reference.countries
    names = countries[countries["kind"] == "name"].drop_duplicates("code")
    return dict(zip(names["code"], names["alias"], strict=True))


def figures_for(index: FigureIndex, key: Key) -> tuple[Figure, ...]:
    """Every reference figure for `key`, published or derived (memoized per key).

    Example: `figures_for(index, Key(Metric.TRADE_SHARE, "CAN", "CHN", "exports", None,
    "2024"))` holds 3.8% (published) and 29.9/721.1 = 4.15% (derived).
    """
    derive = FIGURES_BY_METRIC.get(key.metric)
    if derive is None:
        return ()
    return _memo(index.figures, key, lambda: tuple(derive(index, key)))


def half_step(value: float) -> float:
    """Half the unit of the last digit a published figure shows. Example: 118.7 → 0.05."""
    digits = f"{abs(value):.12g}"
    if "e" in digits:  # far beyond any published trade figure's precision
        return 0.0
    return 0.5 * 10.0 ** -len(digits.partition(".")[2])


def _published(row: Row, key: Key, what: str, **values: Any) -> Figure:
    """A figure as a table row states it, ± half its last digit (scaled like its amount)."""
    cells = row.cells
    value, unit = values.get("amount", float(cells[values["column"]])), values["unit"]
    written = float(cells[values["column"]])
    spread = half_step(written) * (value / written if written else 1.0)
    basis = _cell(cells.get("basis"))
    basis_kind = "" if basis is None or basis == "unknown" else basis
    named = f", {basis_kind.replace('_', ' ')} basis" if basis_kind else ""
    return Figure(
        value=value,
        low=value - spread,
        high=value + spread,
        unit=unit,
        key=replace(key, period=str(cells["period"])),
        what=what,
        basis=f"{cells['source_publisher']}{named}",
        basis_kind=basis_kind,
        sources=(row.source,),
    )


def _level_what(index: FigureIndex, key: Key) -> str:
    reporter, partner = index.owner(key.reporter), index.name(key.partner)
    goods = f"{key.product} " if key.product else "merchandise "
    if key.flow == "two_way":
        return f"{index.name(key.reporter)}-{partner} two-way {goods}trade"
    if key.flow == "balance":
        return f"{reporter} {goods}trade balance with {partner}"
    return f"{reporter} {goods}{key.flow} {'from' if key.flow == 'imports' else 'to'} {partner}"


def _levels(index: FigureIndex, key: Key) -> Iterator[Figure]:
    """Published levels for the key, then two-way totals and balances derived from flows."""
    what = _level_what(index, key)
    for row in index.lookup("trade_flows", key):
        yield _published(
            row, key, what,
            column="value", amount=float(row.cells["amount"]), unit=row.cells["currency"],
        )  # fmt: skip
    if key.flow in ("two_way", "balance"):
        exports = figures_for(index, replace(key, flow="exports", metric=Metric.TRADE_VALUE))
        imports = figures_for(index, replace(key, flow="imports", metric=Metric.TRADE_VALUE))
        for out, into in itertools.product(exports, imports):
            # One release's exports and imports: mixing publishers mixes vintages and bases.
            if _compatible(out, into) and out.basis == into.basis:
                yield _combine(out, into, key, what)


def _compatible(first: Figure, second: Figure) -> bool:
    """Same currency, and never a balance-of-payments level mixed with a customs-basis one."""
    bases = {first.basis_kind, second.basis_kind} - {""}
    return first.unit == second.unit and (len(bases) < 2 or "balance_of_payments" not in bases)


def _combine(out: Figure, into: Figure, key: Key, what: str) -> Figure:
    """exports + imports (two-way) or exports - imports (balance), interval arithmetic."""
    if key.flow == "balance":
        value, low, high = out.value - into.value, out.low - into.high, out.high - into.low
    else:
        value, low, high = out.value + into.value, out.low + into.low, out.high + into.high
    sign = "-" if key.flow == "balance" else "+"
    return Figure(
        value=value,
        low=low,
        high=high,
        unit=out.unit,
        key=key,
        what=what,
        basis=f"derived: exports {quantity(out)} {sign} imports {quantity(into)}",
        sources=out.sources + into.sources,
        derived=True,
    )


def _ratio(part: Figure, whole: Figure, key: Key, what: str, change: bool) -> Figure | None:
    """part / whole in percent (a share), or minus 100 (a change), from rounded levels."""
    if not _compatible(part, whole) or whole.low <= 0:
        return None
    offset = 100.0 if change else 0.0
    return Figure(
        value=100 * part.value / whole.value - offset,
        low=100 * part.low / whole.high - offset,
        high=100 * part.high / whole.low - offset,
        unit="percent",
        key=key,
        what=what,
        basis=(
            f"derived: {quantity(part)} ({part.key.period}) over "
            f"{quantity(whole)} ({whole.key.period})"
            if change
            else f"derived: {quantity(part)} / {quantity(whole)}"
        ),
        sources=part.sources + whole.sources,
        derived=True,
    )


def _ratios(
    parts: tuple[Figure, ...], wholes: tuple[Figure, ...], key: Key, what: str, change: bool
) -> Iterator[Figure]:
    for part, whole in itertools.product(parts, wholes):
        ratio = _ratio(part, whole, key, what, change)
        if ratio is not None:
            yield ratio


def _percent_rows(index: FigureIndex, table: str, key: Key, what: str) -> Iterator[Figure]:
    for row in index.lookup(table, key):
        yield _published(row, key, what, column="value", unit="percent")


def _shares(index: FigureIndex, key: Key) -> Iterator[Figure]:
    """Published shares, then shares derived as flow to partner / flow to the world."""
    flow = FLOW_WORDS.get(key.flow or "", "trade")
    what = f"{index.owner(key.partner)} share of {index.owner(key.reporter)} {flow}"
    yield from _percent_rows(index, "trade_shares", key, what)
    level = replace(key, metric=Metric.TRADE_VALUE)
    parts = figures_for(index, level)
    wholes = figures_for(index, replace(level, partner="WLD"))
    yield from _ratios(parts, wholes, key, what, change=False)


def previous_period(period: str) -> str:
    """The same span a year earlier, which is what trade changes compare with.

    Example: `previous_period("2025-01..2025-08")` → `"2024-01..2024-08"`.
    """
    return YEAR.sub(lambda found: str(int(found["year"]) - 1), period)


def _changes(index: FigureIndex, key: Key) -> Iterator[Figure]:
    """Published changes, then changes derived from this period's level over the previous one."""
    level = replace(key, metric=Metric.TRADE_VALUE)
    what = f"change in {_level_what(index, level)}"
    yield from _percent_rows(index, "trade_changes", key, what)
    now = figures_for(index, level)
    before = figures_for(index, replace(level, period=previous_period(key.period or "")))
    yield from _ratios(now, before, key, what, change=True)


def months(period: str) -> tuple[int, int] | None:
    """The first and last month (counted as year*12 + month-1) a period label covers.

    Example: `months("2025-Q1")` → `(24300, 24302)`; None for a label it cannot read.
    """
    spans = [_side_months(side.strip()) for side in period.split("..")]
    first, last = spans[0], spans[-1]
    if len(spans) > 2 or first is None or last is None:
        return None
    return first[0], last[1]


def _side_months(side: str) -> tuple[int, int] | None:
    found = PERIOD_SIDE.match(side)
    if found is None:
        return None
    first = int(found["year"]) * 12
    if found["quarter"]:
        first += 3 * (int(found["quarter"]) - 1)
        return first, first + 2
    if found["month"]:
        return first + int(found["month"]) - 1, first + int(found["month"]) - 1
    return first, first + 11


def _periods_meet(claimed: str | None, listed: Any) -> bool:
    """A policy or tariff period matches when the claim's period is unknown or meets it."""
    if claimed is None:
        return True
    mine, theirs = months(claimed), months(str(listed))
    if mine is None or theirs is None:
        return claimed == str(listed)
    return mine[0] <= theirs[1] and theirs[0] <= mine[1]


def other_periods(index: FigureIndex, key: Key) -> list[str]:
    """Periods with any series figure between the key's two countries, nearest first.

    Example: for CAN→CHN in 2021 → `["2022", "2024", …]` (2021 itself left out).
    """
    memo_key = (key.reporter, key.partner, key.period)
    return list(_memo(index.periods, memo_key, _other_periods, index, *memo_key))


def _other_periods(
    index: FigureIndex, one: str, other: str, claimed: str | None
) -> tuple[str, ...]:
    pair = (one, other)
    periods = {period for reporter, partner, period in index.series
               if reporter in pair and partner in pair}  # fmt: skip
    periods.discard(claimed or "")
    start = (months(claimed or "") or (0, 0))[0]
    return tuple(
        sorted(periods, key=lambda period: (abs((months(period) or (0, 0))[0] - start), period))
    )


def _tariffs(index: FigureIndex, key: Key) -> Iterator[Figure]:
    """Tariff rates (percent) or the value of trade they cover (money), imposer → target."""
    rate = key.metric is Metric.TARIFF_RATE
    column = "rate" if rate else "coverage_value"
    for row in index.lookup("tariffs", key):
        cells = row.cells
        if _cell(cells[column]) is None or not _periods_meet(key.period, cells["period"]):
            continue
        if key.product and key.product.lower() not in str(cells["products"]).lower():
            continue
        imposer, target = index.owner(key.reporter), index.name(key.partner)
        what = (
            f"{imposer} tariff rate on {target} ({cells['products']})"
            if rate
            else f"value of {cells['products']} hit by {imposer} tariffs on {target}"
        )
        money_fields = {} if rate else {"amount": float(cells["amount"])}
        unit = "percent" if rate else cells["coverage_currency"]
        yield _published(row, key, what, column=column, unit=unit, **money_fields)


def _targets(index: FigureIndex, key: Key) -> Iterator[Figure]:
    """Policy targets for the reporter's flow to the partner whose horizon meets the claim's."""
    for row in index.lookup("targets", key):
        cells = row.cells
        if not _periods_meet(key.period, cells["period"]):
            continue
        money_fields = {"amount": float(cells["amount"])} if cells["unit"] in currencies() else {}
        what = f"target: {cells['description']}"
        target = _published(row, key, what, column="value", unit=cells["unit"], **money_fields)
        yield replace(target, low=target.value, high=target.value)  # a goal is exact as stated


FIGURES_BY_METRIC: dict[Metric, Callable[[FigureIndex, Key], Iterator[Figure]]] = {
    Metric.TRADE_VALUE: _levels,
    Metric.TRADE_BALANCE: _levels,
    Metric.TRADE_SHARE: _shares,
    Metric.TRADE_CHANGE: _changes,
    Metric.TARIFF_RATE: _tariffs,
    Metric.TARIFF_COVERAGE: _tariffs,
    Metric.TARGET: _targets,
}


def convert(index: FigureIndex, figure: Figure, unit: str) -> Figure | str | None:
    """`figure` in `unit`; a message when an exchange rate is missing; None if incomparable.

    Example: C$118.7B (2024) in "USD" → US$86.65B at 1.3698, with the rate's source added.
    """
    if figure.unit == unit:
        return figure
    return _memo(index.conversions, (figure, unit), _convert, index, figure, unit)


def _convert(index: FigureIndex, figure: Figure, unit: str) -> Figure | str | None:
    if {figure.unit, unit} == {"percent", "factor"}:
        # "double" is a factor of 2, that is growth of 100 percent.
        def change(x: float) -> float:
            return (x - 1) * 100 if unit == "percent" else 1 + x / 100
    elif figure.unit in currencies() and unit in currencies():
        period = figure.key.period or ""
        found = index.fx_rate(figure.unit, unit, period)
        if found is None:
            return f"no {figure.unit}→{unit} rate for {period}"
        rate, source = found
        factor = _currency_factor(figure.unit, unit, rate)

        def change(x: float) -> float:
            return x * factor

        figure = replace(figure, sources=(*figure.sources, source), basis=(
            f"{figure.basis}; {quantity(figure)} at {rate:g} {unit} per {figure.unit}"
        ))  # fmt: skip
    else:
        return None
    return replace(
        figure,
        value=change(figure.value),
        low=change(figure.low),
        high=change(figure.high),
        unit=unit,
        converted=True,
    )


@functools.cache
def _currency_factor(source: str, target: str, rate: float) -> float:
    """What one unit of `source` is worth in `target`: pint checks the units once per rate.

    Example: `_currency_factor("CAD", "USD", 0.73)` → 0.73.
    """
    return convert_currency(1.0, source, target, rate)


def money(value: float, currency: str) -> str:
    """A money amount the way a reader writes it. Example: `money(118.7e9, "CAD")` → "C$118.7B"."""
    sign = "-" if value < 0 else ""
    prefix = CURRENCY_SIGNS.get(currency, f"{currency} ")
    for size, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{sign}{prefix}{abs(value) / size:.4g}{letter}"
    return f"{sign}{prefix}{abs(value):,.0f}"


def quantity(figure: Figure) -> str:
    """A figure's value as a reader writes it. Example: a 3.8 percent share → "3.8%"."""
    if figure.unit == "percent":
        return f"{figure.value:.3g}%"
    if figure.unit == "factor":
        return f"{figure.value:g} times"
    return money(figure.value, figure.unit)


def directness(source: Source) -> int:
    """How direct a source is, most direct first. Example: a primary source → 0."""
    kind = source.directness
    return DIRECTNESS_ORDER.index(kind) if kind in DIRECTNESS_ORDER else len(DIRECTNESS_ORDER)
