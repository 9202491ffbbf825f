"""Verify claims against the reference tables.

Input: `Claim`s (normalized amount + resolved context) and a `ReferenceData`. Output: one
`Finding` per claim, in order. This module owns the verdict rules of the brief and the
diagnosis of classic errors (million/billion slip, wrong currency, wrong year, mirror
statistic); the figures it compares with are `figures`'s, cross-article clusters `crosscheck`'s.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from factcheck.figures import (
    FLOW_WORDS,
    Figure,
    FigureIndex,
    Key,
    convert,
    directness,
    figures_for,
    index_reference,
    other_periods,
    quantity,
)
from factcheck.records import Claim, Direction, Finding, Kind, Metric, Verdict

if TYPE_CHECKING:
    from factcheck.reference import ReferenceData

CURRENCY_NAMES = {
    "CAD": "Canadian dollars",
    "USD": "US dollars",
    "CNY": "yuan",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "JPY": "yen",
}
# A claim a thousand times (or a thousandth of) a reference figure is a million/billion slip.
SLIP_FACTORS = (1e3, 1e-3)
PERCENT_METRICS = (Metric.TRADE_SHARE, Metric.TRADE_CHANGE, Metric.TARIFF_RATE)
# Metrics with a series over time, so another period's figure can explain a wrong year.
SERIES_METRICS = (Metric.TRADE_VALUE, Metric.TRADE_BALANCE, Metric.TRADE_SHARE, Metric.TRADE_CHANGE)


def verify_claims(claims: Sequence[Claim], reference: ReferenceData) -> list[Finding]:
    """Check each claim against the reference tables: one `Finding` per claim, same order.

    Example: `verify_claims([claim_118_7bn_two_way_2024], load_reference())[0].verdict`
    → `Verdict.AMBIGUOUS_CURRENCY` (right as CAD, 37% too high as USD).
    """
    index = index_reference(reference)
    return [_verify(claim, index) for claim in claims]


def _verify(claim: Claim, index: FigureIndex) -> Finding:
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
    figures = _claim_figures(index, claim, key)
    converted, missing = _convert_all(index, figures, readings)
    low, high = signed_interval(claim)
    matches = {
        unit: [f for f in found if f.overlaps(low, high)] for unit, found in converted.items()
    }
    if any(matches.values()):
        return _matched(claim, index, converted, matches)
    if any(converted.values()):
        found = _wrong_period(claim, index, key, readings)
        return found or _contradicted(claim, index, figures, converted)
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


def _claim_figures(index: FigureIndex, claim: Claim, key: Key) -> list[Figure]:
    """Figures for the claim's own key; an unattributed claim also meets the mirror series."""
    figures = list(figures_for(index, key))
    mirror = key.mirror()
    if claim.context.attributed_to is None and mirror is not None:
        figures += [replace(figure, mirror=True) for figure in figures_for(index, mirror)]
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


# Units and currencies.


def _convert_all(
    index: FigureIndex, figures: list[Figure], readings: tuple[str, ...]
) -> tuple[dict[str, list[Figure]], list[str]]:
    """Each figure in each reading's unit; the missing exchange rates, in words."""
    converted: dict[str, list[Figure]] = {unit: [] for unit in readings}
    missing: list[str] = []
    for unit, figure in itertools.product(readings, figures):
        result = convert(index, figure, unit)
        if isinstance(result, Figure):
            converted[unit].append(result)
        elif result and result not in missing:
            missing.append(result)
    return converted, missing


def _describe(index: FigureIndex, figure: Figure) -> str:
    key = figure.key
    mirror = f"; as {index.name(key.reporter)} reports it" if figure.mirror else ""
    return f"{quantity(figure)} ({figure.what}, {key.period}; {figure.basis}{mirror})"


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
        "sources": tuple(sorted(sources, key=directness)),
        "difference": _difference(claim, figure),
    }


# Verdicts.


def _matched(
    claim: Claim,
    index: FigureIndex,
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
            f"Matches {_describe(index, figure)} if read as {_currency_name(unit)}; "
            f"as {_currency_name(failed[0])} it would be "
            f"{_percent(_difference(claim, other) or 0.0)} the {quantity(other)} equivalent."
        )
        return _finding(claim, Verdict.AMBIGUOUS_CURRENCY, explanation, **fields)
    explanation = f"Matches {_describe(index, figure)}"
    if len(converted) > 1:
        explanation += f" read as {_currency_name(unit)}"
        for also in matched[1:]:
            also_figure = quantity(best[also])
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
        f"; {other.basis.removeprefix('derived: ')} gives {quantity(other)} "
        f"({quantity(low)} to {quantity(high)}), which agrees within rounding"
    )


def _basis_note(figures: list[Figure], matches: list[Figure]) -> str:
    """Names a basis that disagrees: a claim true on one basis and false on another."""
    misses = [figure for figure in figures if figure not in matches]
    if not misses:
        return ""
    miss = min(misses, key=Figure.rank)
    return (
        f", but not on another basis ({quantity(miss)}, {miss.basis}), so it depends on the basis"
    )


def _contradicted(
    claim: Claim, index: FigureIndex, figures: list[Figure], converted: dict[str, list[Figure]]
) -> Finding:
    """The nearest figure with the signed difference, and the likeliest slip behind it."""
    candidates = [figure for found in converted.values() for figure in found]
    nearest = min(candidates, key=lambda figure: (_distance(claim, figure), figure.rank()))
    difference = _difference(claim, nearest) or 0.0
    diagnosis = _diagnosis(claim, index, figures, candidates)
    explanation = f"{_percent(difference)} {_describe(index, nearest)}{diagnosis}."
    fields = _fields(claim, nearest, [nearest])
    return _finding(claim, Verdict.CONTRADICTED, explanation[0].upper() + explanation[1:], **fields)


def _diagnosis(
    claim: Claim, index: FigureIndex, figures: list[Figure], candidates: list[Figure]
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
                    f"; it matches {_describe(index, figure)} "
                    f"in {_currency_name(figure.unit)}: the wrong currency?"
                )
    mirror = claim_key(claim).mirror()
    if claim.context.attributed_to is not None and mirror is not None:
        mirrors = [replace(f, mirror=True) for f in figures_for(index, mirror)]
        converted, _ = _convert_all(index, mirrors, _readings(claim))
        for figure in itertools.chain.from_iterable(converted.values()):
            if figure.overlaps(low, high):
                reporter = index.owner(claim.context.reporter or "")
                return (
                    f"; it matches the mirror statistic {_describe(index, figure)}, "
                    f"not {reporter} own series"
                )
    return ""


def _wrong_period(
    claim: Claim, index: FigureIndex, key: Key, readings: tuple[str, ...]
) -> Finding | None:
    """wrong_period when the claim matches the same key in another period than it states."""
    if key.metric not in SERIES_METRICS or key.period is None:
        return None
    low, high = signed_interval(claim)
    for period in other_periods(index, key):
        converted, _ = _convert_all(
            index, _claim_figures(index, claim, replace(key, period=period)), readings
        )
        found = [
            f for f in itertools.chain.from_iterable(converted.values()) if f.overlaps(low, high)
        ]
        if found:
            figure = min(found, key=Figure.rank)
            explanation = (
                f"Matches {_describe(index, figure)}, which is for {period}, not {key.period}."
            )
            return _finding(
                claim, Verdict.WRONG_PERIOD, explanation, **_fields(claim, figure, found)
            )
    return None


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
