"""Verify claims against the reference tables.

Input: `Claim`s (normalized amount + resolved context) and a `ReferenceData`. Output: one
`Finding` per claim, in order. This module owns the verdict rules of the brief, the derived
reference figures (shares, changes, two-way totals, balances, with interval arithmetic on
rounded inputs) and the diagnosis of classic errors (million/billion slip, wrong currency,
wrong year, mirror statistic). Cross-article clusters are `crosscheck`'s.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import regex

from factcheck.records import Claim, Direction, Finding, Kind, Metric, Source, Verdict
from factcheck.units import convert_currency

if TYPE_CHECKING:
    from factcheck.reference import ReferenceData

CURRENCY_SIGNS = {"CAD": "C$", "USD": "US$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "JP¥"}
CURRENCY_NAMES = {
    "CAD": "Canadian dollars",
    "USD": "US dollars",
    "CNY": "yuan",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "JPY": "yen",
}
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
# A claim a thousand times (or a thousandth of) a reference figure is a million/billion slip.
SLIP_FACTORS = (1e3, 1e-3)
PERCENT_METRICS = (Metric.TRADE_SHARE, Metric.TRADE_CHANGE, Metric.TARIFF_RATE)
# Metrics with a series over time, so another period's figure can explain a wrong year.
SERIES_METRICS = (Metric.TRADE_VALUE, Metric.TRADE_BALANCE, Metric.TRADE_SHARE, Metric.TRADE_CHANGE)

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
        order = [_directness(source) for source in self.sources] or [len(DIRECTNESS_ORDER)]
        return self.converted, self.derived, max(order)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The reference data plus the country names explanations use."""

    reference: ReferenceData
    names: dict[str, str]

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def owner(self, code: str) -> str:
        """The possessive: "Canada's", "United States'"."""
        name = self.name(code)
        return f"{name}'" if name.endswith("s") else f"{name}'s"


def verify_claims(claims: Sequence[Claim], reference: ReferenceData) -> list[Finding]:
    """Check each claim against the reference tables: one `Finding` per claim, same order.

    Example: `verify_claims([claim_118_7bn_two_way_2024], load_reference())[0].verdict`
    → `Verdict.AMBIGUOUS_CURRENCY` (right as CAD, 37% too high as USD).
    """
    lookup = Lookup(reference, _country_names(reference))
    return [_verify(claim, lookup) for claim in claims]


def _country_names(reference: ReferenceData) -> dict[str, str]:
    countries = reference.countries
    names = countries[countries["kind"] == "name"].drop_duplicates("code")
    return dict(zip(names["code"], names["alias"], strict=True))


def _verify(claim: Claim, lookup: Lookup) -> Finding:
    skipped = _out_of_scope(claim)
    if skipped is not None:
        return skipped
    context = claim.context
    readings = _readings(claim)
    if context.reporter is None or context.partner is None:
        return _finding(claim, Verdict.UNVERIFIABLE, "no reporter or partner resolved")
    if not readings:
        return _finding(
            claim, Verdict.UNVERIFIABLE, f"no currency resolved for {claim.mention.text}"
        )
    key = claim_key(claim)
    figures = _claim_figures(lookup, claim, key)
    converted, missing = _convert_all(lookup, figures, readings)
    low, high = signed_interval(claim)
    matches = {
        unit: [f for f in found if f.overlaps(low, high)] for unit, found in converted.items()
    }
    if any(matches.values()):
        return _matched(claim, lookup, converted, matches)
    if any(converted.values()):
        found = _wrong_period(claim, lookup, key, readings)
        return found or _contradicted(claim, lookup, figures, converted)
    if missing:
        return _finding(claim, Verdict.UNVERIFIABLE, missing[0])
    return _finding(claim, Verdict.UNVERIFIABLE, _missing_reference(key))


def _out_of_scope(claim: Claim) -> Finding | None:
    if not claim.mention.in_body:
        reason = "page chrome (related headline), not checked against the article's subject"
        return _finding(claim, Verdict.NOT_CHECKED, reason)
    if claim.context.metric is Metric.OTHER:
        about = claim.context.evidence or claim.mention.text
        return _finding(claim, Verdict.NOT_CHECKED, f"not a trade figure: {about}")
    if claim.mention.kind is Kind.PP_CHANGE:
        return _finding(claim, Verdict.UNVERIFIABLE, "no reference holds percentage-point changes")
    return None


def _finding(claim: Claim, verdict: Verdict, explanation: str, **fields: Any) -> Finding:
    return Finding(claim=claim, verdict=verdict, explanation=explanation, **fields)


def claim_key(claim: Claim) -> Key:
    """The lookup key a claim's context names. Example: "fell 10.4%" (CHN imports from CAN)
    → `Key(Metric.TRADE_CHANGE, "CHN", "CAN", "imports", None, "2025")`."""
    context = claim.context
    flow = "balance" if context.metric is Metric.TRADE_BALANCE else context.flow
    return Key(
        metric=context.metric,
        reporter=context.reporter or "",
        partner=context.partner or "",
        flow=None if flow is None else str(flow),
        product=context.product,
        period=context.period,
    )


def signed_interval(claim: Claim) -> tuple[float, float]:
    """The claim's interval with its direction applied.

    Example: 10.4 (10.35..10.45) with `Direction.DOWN` → `(-10.45, -10.35)`.
    """
    amount = claim.amount
    if _falls(claim):
        return -amount.high, -amount.low
    return amount.low, amount.high


def signed_magnitude(claim: Claim) -> float:
    """The claim's value with its direction applied. Example: "fell 10.4%" → -10.4."""
    return -claim.amount.magnitude if _falls(claim) else claim.amount.magnitude


def _falls(claim: Claim) -> bool:
    # A written minus sign already made the value negative; only an unsigned "fell" flips it.
    return claim.mention.direction is Direction.DOWN and claim.amount.magnitude >= 0


def _readings(claim: Claim) -> tuple[str, ...]:
    """The units the claim may be read in: its currency, each plausible one, or its unit."""
    amount = claim.amount
    if claim.mention.kind is Kind.MULTIPLE:
        return ("factor",)
    if claim.context.metric in PERCENT_METRICS or claim.mention.kind is not Kind.MONEY:
        return (amount.unit or "percent",)
    return (amount.currency,) if amount.currency else amount.currency_candidates


# Looking up reference figures.


def _claim_figures(lookup: Lookup, claim: Claim, key: Key) -> list[Figure]:
    """Figures for the claim's own key; an unattributed claim also meets the mirror series."""
    figures = list(figures_for(lookup, key))
    mirror = key.mirror()
    if claim.context.attributed_to is None and mirror is not None:
        figures += [replace(figure, mirror=True) for figure in figures_for(lookup, mirror)]
    # "a deficit of $57 billion" states a size: without a sign, compare it with the size.
    unsigned = claim.mention.direction is None and claim.amount.magnitude >= 0
    if key.metric is Metric.TRADE_BALANCE and unsigned:
        figures = [_size(figure) if figure.value < 0 else figure for figure in figures]
    return figures


def _size(balance: Figure) -> Figure:
    return replace(
        balance,
        value=-balance.value,
        low=-balance.high,
        high=-balance.low,
        what=f"{balance.what} (a deficit)",
    )


def figures_for(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Every reference figure for `key`, published or derived.

    Example: `figures_for(lookup, Key(Metric.TRADE_SHARE, "CAN", "CHN", "exports", None,
    "2024"))` yields 3.8% (published) and 29.9/721.1 = 4.15% (derived).
    """
    if key.metric in (Metric.TRADE_VALUE, Metric.TRADE_BALANCE):
        return _levels(lookup, key)
    if key.metric is Metric.TRADE_SHARE:
        return _shares(lookup, key)
    if key.metric is Metric.TRADE_CHANGE:
        return _changes(lookup, key)
    if key.metric in (Metric.TARIFF_RATE, Metric.TARIFF_COVERAGE):
        return _tariffs(lookup, key)
    if key.metric is Metric.TARGET:
        return _targets(lookup, key)
    return iter(())


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _rows(table: Any, key: Key, *columns: str) -> Any:
    """Rows of `table` equal to `key` on `columns` (a None key field matches a blank cell)."""
    mask = table.index == table.index
    for column in columns:
        wanted, cells = getattr(key, column), table[column]
        mask &= (cells.isna() | (cells == "")) if wanted is None else (cells == wanted)
    return table[mask]


def half_step(value: float) -> float:
    """Half the unit of the last digit a published figure shows. Example: 118.7 → 0.05."""
    digits = f"{abs(value):.12g}"
    if "e" in digits:  # far beyond any published trade figure's precision
        return 0.0
    return 0.5 * 10.0 ** -len(digits.partition(".")[2])


def _published(
    lookup: Lookup, table: str, index: Any, row: Any, key: Key, what: str, **values: Any
) -> Figure:
    """A figure as a table row states it, ± half its last digit (scaled like its amount)."""
    value, unit = values.get("amount", float(row[values["column"]])), values["unit"]
    written = float(row[values["column"]])
    spread = half_step(written) * (value / written if written else 1.0)
    basis_kind = "" if _blank(row.get("basis")) or row["basis"] == "unknown" else str(row["basis"])
    named = f", {basis_kind.replace('_', ' ')} basis" if basis_kind else ""
    return Figure(
        value=value,
        low=value - spread,
        high=value + spread,
        unit=unit,
        key=replace(key, period=str(row["period"])),
        what=what,
        basis=f"{row['source_publisher']}{named}",
        basis_kind=basis_kind,
        sources=(lookup.reference.source(table, index),),
    )


def _level_what(lookup: Lookup, key: Key) -> str:
    reporter, partner = lookup.owner(key.reporter), lookup.name(key.partner)
    goods = f"{key.product} " if key.product else "merchandise "
    if key.flow == "two_way":
        return f"{lookup.name(key.reporter)}-{partner} two-way {goods}trade"
    if key.flow == "balance":
        return f"{reporter} {goods}trade balance with {partner}"
    return f"{reporter} {goods}{key.flow} {'from' if key.flow == 'imports' else 'to'} {partner}"


def _levels(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Published levels for the key, then two-way totals and balances derived from flows."""
    what = _level_what(lookup, key)
    rows = _rows(lookup.reference.flows, key, "reporter", "partner", "flow", "product", "period")
    for index, row in rows.iterrows():
        yield _published(
            lookup, "trade_flows", index, row, key, what,
            column="value", amount=float(row["amount"]), unit=row["currency"],
        )  # fmt: skip
    if key.flow in ("two_way", "balance"):
        exports = list(_levels(lookup, replace(key, flow="exports", metric=Metric.TRADE_VALUE)))
        imports = list(_levels(lookup, replace(key, flow="imports", metric=Metric.TRADE_VALUE)))
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
        basis=f"derived: exports {_quantity(out)} {sign} imports {_quantity(into)}",
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
            f"derived: {_quantity(part)} ({part.key.period}) over "
            f"{_quantity(whole)} ({whole.key.period})"
            if change
            else f"derived: {_quantity(part)} / {_quantity(whole)}"
        ),
        sources=part.sources + whole.sources,
        derived=True,
    )


def _percent_rows(lookup: Lookup, table: str, key: Key, what: str) -> Iterator[Figure]:
    frame = getattr(lookup.reference, table.removeprefix("trade_"))
    rows = _rows(frame, key, "reporter", "partner", "flow", "product", "period")
    for index, row in rows.iterrows():
        yield _published(lookup, table, index, row, key, what, column="value", unit="percent")


def _shares(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Published shares, then shares derived as flow to partner / flow to the world."""
    flow = FLOW_WORDS.get(key.flow or "", "trade")
    what = f"{lookup.owner(key.partner)} share of {lookup.owner(key.reporter)} {flow}"
    yield from _percent_rows(lookup, "trade_shares", key, what)
    level = replace(key, metric=Metric.TRADE_VALUE)
    parts = list(_levels(lookup, level))
    wholes = list(_levels(lookup, replace(level, partner="WLD")))
    for part, whole in itertools.product(parts, wholes):
        share = _ratio(part, whole, key, what, change=False)
        if share is not None:
            yield share


def previous_period(period: str) -> str:
    """The same span a year earlier, which is what trade changes compare with.

    Example: `previous_period("2025-01..2025-08")` → `"2024-01..2024-08"`.
    """
    return YEAR.sub(lambda found: str(int(found["year"]) - 1), period)


def _changes(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Published changes, then changes derived from this period's level over the previous one."""
    level = replace(key, metric=Metric.TRADE_VALUE)
    what = f"change in {_level_what(lookup, level)}"
    yield from _percent_rows(lookup, "trade_changes", key, what)
    now = list(_levels(lookup, level))
    before = list(_levels(lookup, replace(level, period=previous_period(key.period or ""))))
    for current, earlier in itertools.product(now, before):
        change = _ratio(current, earlier, key, what, change=True)
        if change is not None:
            yield change


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


def _tariffs(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Tariff rates (percent) or the value of trade they cover (money), imposer → target."""
    rate = key.metric is Metric.TARIFF_RATE
    column = "rate" if rate else "coverage_value"
    rows = _rows(lookup.reference.tariffs, key, "reporter", "partner")
    for index, row in rows.iterrows():
        if _blank(row[column]) or not _periods_meet(key.period, row["period"]):
            continue
        if key.product and key.product.lower() not in str(row["products"]).lower():
            continue
        imposer, target = lookup.owner(key.reporter), lookup.name(key.partner)
        what = (
            f"{imposer} tariff rate on {target} ({row['products']})"
            if rate
            else f"value of {row['products']} hit by {imposer} tariffs on {target}"
        )
        money = {} if rate else {"amount": float(row["amount"])}
        unit = "percent" if rate else row["coverage_currency"]
        yield _published(
            lookup, "tariffs", index, row, key, what, column=column, unit=unit, **money
        )


def _targets(lookup: Lookup, key: Key) -> Iterator[Figure]:
    """Policy targets for the reporter's flow to the partner whose horizon meets the claim's."""
    rows = _rows(lookup.reference.targets, key, "reporter", "partner", "flow")
    for index, row in rows.iterrows():
        if not _periods_meet(key.period, row["period"]):
            continue
        money = {"amount": float(row["amount"])} if row["unit"] in CURRENCY_SIGNS else {}
        what = f"target: {row['description']}"
        target = _published(
            lookup, "targets", index, row, key, what, column="value", unit=row["unit"], **money
        )
        yield replace(target, low=target.value, high=target.value)  # a goal is exact as stated


# Units and currencies.


def _convert_all(
    lookup: Lookup, figures: list[Figure], readings: tuple[str, ...]
) -> tuple[dict[str, list[Figure]], list[str]]:
    """Each figure in each reading's unit; the missing exchange rates, in words."""
    converted: dict[str, list[Figure]] = {unit: [] for unit in readings}
    missing: list[str] = []
    for unit, figure in itertools.product(readings, figures):
        result = _convert(lookup, figure, unit)
        if isinstance(result, Figure):
            converted[unit].append(result)
        elif result and result not in missing:
            missing.append(result)
    return converted, missing


def _convert(lookup: Lookup, figure: Figure, unit: str) -> Figure | str | None:
    """`figure` in `unit`; a message when an exchange rate is missing; None if incomparable."""
    if figure.unit == unit:
        return figure
    if {figure.unit, unit} == {"percent", "factor"}:
        # "double" is a factor of 2, that is growth of 100 percent.
        def change(x: float) -> float:
            return (x - 1) * 100 if unit == "percent" else 1 + x / 100
    elif figure.unit in CURRENCY_SIGNS and unit in CURRENCY_SIGNS:
        period = figure.key.period or ""
        found = lookup.reference.fx_rate(figure.unit, unit, period)
        if found is None:
            return f"no {figure.unit}→{unit} rate for {period}"
        rate, source = found

        def change(x: float) -> float:
            return convert_currency(x, figure.unit, unit, rate)

        figure = replace(figure, sources=(*figure.sources, source), basis=(
            f"{figure.basis}; {_quantity(figure)} at {rate:g} {unit} per {figure.unit}"
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


def money(value: float, currency: str) -> str:
    """A money amount the way a reader writes it. Example: `money(118.7e9, "CAD")` → "C$118.7B"."""
    sign = "-" if value < 0 else ""
    prefix = CURRENCY_SIGNS.get(currency, f"{currency} ")
    for size, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{sign}{prefix}{abs(value) / size:.4g}{letter}"
    return f"{sign}{prefix}{abs(value):,.0f}"


def _quantity(figure: Figure) -> str:
    if figure.unit == "percent":
        return f"{figure.value:.3g}%"
    if figure.unit == "factor":
        return f"{figure.value:g} times"
    return money(figure.value, figure.unit)


def _directness(source: Source) -> int:
    kind = source.directness
    return DIRECTNESS_ORDER.index(kind) if kind in DIRECTNESS_ORDER else len(DIRECTNESS_ORDER)


def _describe(lookup: Lookup, figure: Figure) -> str:
    key = figure.key
    mirror = f"; as {lookup.name(key.reporter)} reports it" if figure.mirror else ""
    return f"{_quantity(figure)} ({figure.what}, {key.period}; {figure.basis}{mirror})"


def _difference(claim: Claim, figure: Figure) -> float | None:
    return None if figure.value == 0 else (signed_magnitude(claim) - figure.value) / figure.value


def _distance(claim: Claim, figure: Figure) -> float:
    return abs(_difference(claim, figure) or 0.0)


def _percent(difference: float) -> str:
    return f"{abs(difference) * 100:.0f}% {'above' if difference > 0 else 'below'}"


def _currency_name(unit: str) -> str:
    return CURRENCY_NAMES.get(unit, unit)


def _fields(claim: Claim, figure: Figure, figures: list[Figure]) -> dict[str, Any]:
    sources = dict.fromkeys(source for found in (figure, *figures) for source in found.sources)
    return {
        "reference_value": figure.value,
        "reference_unit": figure.unit,
        "sources": tuple(sorted(sources, key=_directness)),
        "difference": _difference(claim, figure),
    }


# Verdicts.


def _matched(
    claim: Claim,
    lookup: Lookup,
    converted: dict[str, list[Figure]],
    matches: dict[str, list[Figure]],
) -> Finding:
    """Supported, or ambiguous_currency when another plausible currency reading fails."""
    best = {unit: min(found, key=Figure.rank) for unit, found in matches.items() if found}
    # The reading that needs no conversion comes first: it is the one the source states.
    matched = sorted(best, key=lambda unit: best[unit].rank())
    failed = [unit for unit, found in converted.items() if found and not matches[unit]]
    unit, figure = matched[0], best[matched[0]]
    fields = _fields(claim, figure, matches[unit])
    if failed:
        # The same published figure converted, so the reader sees one figure in two currencies.
        other = min(converted[failed[0]], key=Figure.rank)
        explanation = (
            f"Matches {_describe(lookup, figure)} if read as {_currency_name(unit)}; "
            f"as {_currency_name(failed[0])} it would be "
            f"{_percent(_difference(claim, other) or 0.0)} the {_quantity(other)} equivalent."
        )
        return _finding(claim, Verdict.AMBIGUOUS_CURRENCY, explanation, **fields)
    explanation = f"Matches {_describe(lookup, figure)}"
    if len(converted) > 1:
        explanation += f" read as {_currency_name(unit)}"
        for also in matched[1:]:
            also_figure = _quantity(best[also])
            explanation += f"; read as {_currency_name(also)} ({also_figure}) it also holds"
    explanation += _rounding_note(figure, matches[unit])
    if claim.context.metric in SERIES_METRICS:
        explanation += _basis_note(converted[unit], matches[unit])
    return _finding(claim, Verdict.SUPPORTED, explanation + ".", **fields)


def _rounding_note(figure: Figure, matches: list[Figure]) -> str:
    """A published figure that derived levels confirm: say so, with the derived interval."""
    derived = [found for found in matches if found.derived]
    if figure.derived or not derived:
        return ""
    other = min(derived, key=Figure.rank)
    low, high = replace(other, value=other.low), replace(other, value=other.high)
    return (
        f"; {other.basis.removeprefix('derived: ')} gives {_quantity(other)} "
        f"({_quantity(low)} to {_quantity(high)}), which agrees within rounding"
    )


def _basis_note(figures: list[Figure], matches: list[Figure]) -> str:
    """Names a basis that disagrees: a claim true on one basis and false on another."""
    misses = [figure for figure in figures if figure not in matches]
    if not misses:
        return ""
    miss = min(misses, key=Figure.rank)
    return (
        f", but not on another basis ({_quantity(miss)}, {miss.basis}), so it depends on the basis"
    )


def _contradicted(
    claim: Claim, lookup: Lookup, figures: list[Figure], converted: dict[str, list[Figure]]
) -> Finding:
    """The nearest figure with the signed difference, and the likeliest slip behind it."""
    candidates = [figure for found in converted.values() for figure in found]
    nearest = min(candidates, key=lambda figure: (_distance(claim, figure), figure.rank()))
    difference = _difference(claim, nearest) or 0.0
    diagnosis = _diagnosis(claim, lookup, figures, candidates)
    explanation = f"{_percent(difference)} {_describe(lookup, nearest)}{diagnosis}."
    fields = _fields(claim, nearest, [nearest])
    return _finding(claim, Verdict.CONTRADICTED, explanation[0].upper() + explanation[1:], **fields)


def _diagnosis(
    claim: Claim, lookup: Lookup, figures: list[Figure], candidates: list[Figure]
) -> str:
    """Why the figure is off, when a classic error explains it; empty when none does."""
    low, high = signed_interval(claim)
    if claim.mention.kind is Kind.MONEY:
        for factor, figure in itertools.product(SLIP_FACTORS, candidates):
            if figure.overlaps(low * factor, high * factor):
                return "; off by a factor of 1,000: a million/billion slip?"
        for figure in figures:
            if figure.unit != claim.amount.currency and figure.overlaps(low, high):
                return (
                    f"; it matches {_describe(lookup, figure)} "
                    f"in {_currency_name(figure.unit)}: the wrong currency?"
                )
    mirror = claim_key(claim).mirror()
    if claim.context.attributed_to is not None and mirror is not None:
        mirrors = [replace(f, mirror=True) for f in figures_for(lookup, mirror)]
        converted, _ = _convert_all(lookup, mirrors, _readings(claim))
        for figure in itertools.chain.from_iterable(converted.values()):
            if figure.overlaps(low, high):
                reporter = lookup.owner(claim.context.reporter or "")
                return (
                    f"; it matches the mirror statistic {_describe(lookup, figure)}, "
                    f"not {reporter} own series"
                )
    return ""


def _wrong_period(
    claim: Claim, lookup: Lookup, key: Key, readings: tuple[str, ...]
) -> Finding | None:
    """wrong_period when the claim matches the same key in another period than it states."""
    if key.metric not in SERIES_METRICS or key.period is None:
        return None
    low, high = signed_interval(claim)
    for period in _other_periods(lookup, key):
        converted, _ = _convert_all(
            lookup, _claim_figures(lookup, claim, replace(key, period=period)), readings
        )
        found = [
            f for f in itertools.chain.from_iterable(converted.values()) if f.overlaps(low, high)
        ]
        if found:
            figure = min(found, key=Figure.rank)
            explanation = (
                f"Matches {_describe(lookup, figure)}, which is for {period}, not {key.period}."
            )
            return _finding(
                claim, Verdict.WRONG_PERIOD, explanation, **_fields(claim, figure, found)
            )
    return None


def _other_periods(lookup: Lookup, key: Key) -> list[str]:
    """Periods with any figure between the claim's two countries, nearest first."""
    reference, pair = lookup.reference, [key.reporter, key.partner]
    periods: set[str] = set()
    for table in (reference.flows, reference.shares, reference.changes):
        between = table["reporter"].isin(pair) & table["partner"].isin(pair)
        periods.update(str(period) for period in table.loc[between, "period"])
    periods.discard(key.period or "")
    claimed = (months(key.period or "") or (0, 0))[0]
    return sorted(
        periods, key=lambda period: (abs((months(period) or (0, 0))[0] - claimed), period)
    )


def _missing_reference(key: Key) -> str:
    """What the reference lacks: "no reference for CAN→CHN two-way trade in 2025"."""
    pair = f"{key.reporter}→{key.partner}"
    flow = FLOW_WORDS.get(key.flow or "", "trade")
    goods = f"{key.product} " if key.product else ""
    when = f"in {key.period}" if key.period else "(no period resolved)"
    texts = {
        Metric.TRADE_VALUE: f"{pair} {goods}{flow}",
        Metric.TRADE_BALANCE: f"the {pair} {goods}trade balance",
        Metric.TRADE_SHARE: f"{key.partner}'s share of {key.reporter}'s {goods}{flow}",
        Metric.TRADE_CHANGE: f"the change in {pair} {goods}{flow}",
        Metric.TARIFF_RATE: f"{key.reporter}'s tariff rates on {key.partner}",
        Metric.TARIFF_COVERAGE: f"the trade {key.reporter}'s tariffs on {key.partner} cover",
        Metric.TARGET: f"a {pair} {flow} target",
    }
    return f"no reference for {texts.get(key.metric, f'{key.metric} figures')} {when}"
