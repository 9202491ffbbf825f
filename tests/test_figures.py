"""figures: published and derived reference figures, periods, conversions and the index.

The reference rows are test_verify's (real figures from ../shared/reference/figures.csv);
the index is checked against plain pandas filtering of the same tables.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_verify import B, load_only, write_tables

from factcheck.figures import (
    TABLE_KEYS,
    Figure,
    Key,
    convert,
    figures_for,
    half_step,
    index_reference,
    money,
    months,
    other_periods,
    previous_period,
    quantity,
)
from factcheck.records import Metric
from factcheck.reference import ReferenceData


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> ReferenceData:
    return load_only(write_tables(tmp_path_factory.mktemp("reference")))


# Derived figures, with interval arithmetic on the rounded inputs.


def derived(reference, key: Key):
    return [figure for figure in figures_for(index_reference(reference), key) if figure.derived]


@pytest.mark.parametrize(
    "key, value, low, high",
    [
        (Key(Metric.TRADE_SHARE, "CAN", "CHN", "exports", None, "2024"),
         100 * 29.9 / 721.1, 100 * 29.85 / 721.15, 100 * 29.95 / 721.05),
        (Key(Metric.TRADE_CHANGE, "CHN", "CAN", "imports", None, "2025"),
         100 * (41.7 / 46.6 - 1), 100 * (41.65 / 46.65 - 1), 100 * (41.75 / 46.55 - 1)),
        (Key(Metric.TRADE_VALUE, "CAN", "CHN", "two_way", None, "2024"),
         118.7 * B, 118.6 * B, 118.8 * B),
        (Key(Metric.TRADE_BALANCE, "CAN", "CHN", "balance", None, "2024"),
         -58.9 * B, -59.0 * B, -58.8 * B),
    ],
    ids=["share", "change", "two-way", "balance"],
)  # fmt: skip
def test_derived_figures_carry_intervals(reference, key, value, low, high):
    [figure] = derived(reference, key)
    assert math.isclose(figure.value, value, rel_tol=1e-9)
    assert math.isclose(figure.low, low, rel_tol=1e-9)
    assert math.isclose(figure.high, high, rel_tol=1e-9)
    assert figure.basis.startswith("derived: ")
    assert len(figure.sources) == 2


def test_derived_change_from_rounded_levels_agrees_with_the_stated_change(reference):
    [change] = derived(reference, Key(Metric.TRADE_CHANGE, "CHN", "CAN", "imports", None, "2025"))
    assert round(change.value, 1) == -10.5
    assert change.overlaps(-10.45, -10.35)


def test_balance_of_payments_levels_never_mix_with_customs_ones(reference):
    # 590 (balance of payments) / 721.1 (domestic exports) would be a meaningless 81.8%.
    assert derived(reference, Key(Metric.TRADE_SHARE, "CAN", "USA", "exports", None, "2024")) == []


# Helpers and their properties.


@pytest.mark.parametrize(
    "period, expected",
    [("2024", (24288, 24299)), ("2025-03", (24302, 24302)), ("2025-Q1", (24300, 24302)),
     ("2025-01..2025-08", (24300, 24307)), ("2025..2035", (24300, 24431)), ("soon", None)],
    ids=["year", "month", "quarter", "month-range", "year-range", "unreadable"],
)  # fmt: skip
def test_months(period, expected):
    assert months(period) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(118.7, 0.05), (30.0, 0.5), (100.027968, 5e-7), (3327.0, 0.5), (-10.4, 0.05)],
    ids=["one-decimal", "integer", "six-decimals", "thousands", "negative"],
)
def test_half_step(value, expected):
    assert math.isclose(half_step(value), expected)


@pytest.mark.parametrize(
    "value, currency, expected",
    [(118.7 * B, "CAD", "C$118.7B"), (-57 * B, "CAD", "-C$57B"), (469e6, "CAD", "C$469M"),
     (2.6 * B, "USD", "US$2.6B"), (5_000, "XYZ", "XYZ 5,000")],
    ids=["billions", "negative", "millions", "usd", "unknown-currency"],
)  # fmt: skip
def test_money(value, currency, expected):
    assert money(value, currency) == expected


periods = st.builds(
    lambda year, month: f"{year}" if month is None else f"{year}-{month:02d}",
    st.integers(1990, 2099),
    st.none() | st.integers(1, 12),
)


@given(periods)
def test_previous_period_is_twelve_months_earlier(period):
    first, last = months(period)
    assert months(previous_period(period)) == (first - 12, last - 12)
    assert first <= last


@given(st.integers(0, 10**6), st.integers(1, 4))
def test_half_step_matches_the_written_decimals(units, decimals):
    written = f"{units}.{'0' * (decimals - 1)}1"
    assert math.isclose(half_step(float(written)), 0.5 * 10.0**-decimals)


# The index: dict lookups that agree with filtering the tables, built once, memoized.


def filtered(reference: ReferenceData, table: str, key: Key) -> list[int]:
    """The rows pandas filtering selects: a None key field matches a blank cell."""
    frame = reference.tables[table]
    mask = frame.index == frame.index
    for column in TABLE_KEYS[table]:
        wanted, cells = getattr(key, column), frame[column]
        mask &= (cells.isna() | (cells == "")) if wanted is None else (cells == wanted)
    return list(frame.index[mask])


codes = st.sampled_from(["CAN", "CHN", "USA", "WLD", "WXU", "MEX"])
keys = st.builds(
    Key,
    st.sampled_from(Metric),
    codes,
    codes,
    st.none() | st.sampled_from(["exports", "imports", "two_way", "balance"]),
    st.none() | st.sampled_from(["canola", ""]),
    st.none() | st.sampled_from(["2021", "2022", "2024", "2025", "2025-03", "2025..2035"]),
)


@settings(max_examples=200, deadline=None)
@given(key=keys, table=st.sampled_from(sorted(TABLE_KEYS)))
def test_index_lookup_selects_the_rows_pandas_filtering_selects(reference, key, table):
    rows = index_reference(reference).lookup(table, key)
    assert [row.index for row in rows] == filtered(reference, table, key)
    assert all(row.source == reference.source(table, row.index) for row in rows)


def test_index_is_built_once_per_reference(reference, tmp_path):
    assert index_reference(reference) is index_reference(reference)
    other = load_only(write_tables(tmp_path))
    assert index_reference(other) is not index_reference(reference)


def test_figures_are_memoized_per_key(reference):
    index = index_reference(reference)
    key = Key(Metric.TRADE_VALUE, "CAN", "CHN", "two_way", None, "2024")
    first = figures_for(index, key)
    assert figures_for(index, key) is first
    assert index.figures[key] is first
    assert [figure.derived for figure in first] == [False, True]


@pytest.mark.parametrize(
    "key, expected",
    [
        (Key(Metric.TRADE_VALUE, "CAN", "CHN", "imports", None, "2021"), ["2022", "2024", "2025"]),
        (Key(Metric.TRADE_CHANGE, "CHN", "CAN", "imports", None, "2025"), ["2024", "2022", "2021"]),
        (Key(Metric.TRADE_VALUE, "CAN", "MEX", "exports", None, "2024"), []),
    ],
    ids=["nearest-first", "either-reporter", "no-series"],
)
def test_other_periods_are_the_pairs_periods_nearest_first(reference, key, expected):
    assert other_periods(index_reference(reference), key) == expected


def level(value: float, unit: str, period: str = "2024") -> Figure:
    key = Key(Metric.TRADE_VALUE, "CAN", "CHN", "exports", None, period)
    return Figure(value=value, low=value - 1, high=value + 1, unit=unit, key=key, what="w",
                  basis="b", sources=())  # fmt: skip


@pytest.mark.parametrize(
    "figure, unit, expected",
    [
        (level(2, "factor"), "percent", (100.0, 0.0, 200.0)),
        (level(50, "percent"), "factor", (1.5, 1.49, 1.51)),
        (level(136.98 * B, "CAD"), "USD",
         (100 * B, (136.98 * B - 1) / 1.3698, (136.98 * B + 1) / 1.3698)),
    ],
    ids=["factor-to-percent", "percent-to-factor", "cad-to-usd"],
)  # fmt: skip
def test_convert(reference, figure, unit, expected):
    converted = convert(index_reference(reference), figure, unit)
    assert converted.unit == unit and converted.converted
    for got, wanted in zip((converted.value, converted.low, converted.high), expected, strict=True):
        assert math.isclose(got, wanted, rel_tol=1e-9)


@pytest.mark.parametrize(
    "figure, unit, expected",
    [
        (level(1, "CAD", period="2019"), "USD", "no CAD→USD rate for 2019"),
        (level(1, "CAD"), "percent", None),
    ],
    ids=["missing-rate", "incomparable"],
)
def test_convert_says_why_it_cannot(reference, figure, unit, expected):
    assert convert(index_reference(reference), figure, unit) == expected


def test_a_converted_figure_cites_the_rate_it_used(reference):
    converted = convert(index_reference(reference), level(29.9 * B, "CAD"), "USD")
    assert converted.basis == "b; C$29.9B at 0.730034 USD per CAD"
    assert converted.sources[-1].file.endswith("exchange_rates.csv")


@pytest.mark.parametrize(
    "value, unit, expected",
    [(3.8, "percent", "3.8%"), (2, "factor", "2 times"), (29.9 * B, "CAD", "C$29.9B")],
    ids=["percent", "factor", "money"],
)
def test_quantity(value, unit, expected):
    assert quantity(level(value, unit)) == expected
