"""The pint registry, value strings and currency conversion (factcheck/units.py, units.txt)."""

from importlib.resources import files

import pint
import pint.testing
import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from factcheck.errors import QuantityError
from factcheck.records import Location
from factcheck.units import convert_currency, currencies, parse_quantity, registry

PARSE_CASES = [
    ("118.7 billion CAD", 118.7e9, "CAD"),
    ("75.9 percent", 75.9, "percent"),
    ("75.9%", 75.9, "percent"),
    ("50 per cent", 50.0, "percent"),
    ("3 pp", 3.0, "percentage_point"),
    ("-0.5 percentage_point", -0.5, "percentage_point"),
    ("2.6 bn USD", 2.6e9, "USD"),
    ("920 million CAD", 920e6, "CAD"),
    ("3327 mn CAD", 3327e6, "CAD"),
    ("1.5 mln EUR", 1.5e6, "EUR"),
    ("1.2 trillion CNY", 1.2e12, "CNY"),
    ("1.2 tn CNY", 1.2e12, "CNY"),
    ("15 thousand tonnes", 15e3, "metric_ton"),
    ("5 billion yuan", 5e9, "CNY"),
    ("5 billion RMB", 5e9, "CNY"),
    ("100,027,968,000 CAD", 100_027_968_000.0, "CAD"),
    ("1.187e11 CAD", 1.187e11, "CAD"),
    ("49,000 vehicles", 49_000.0, "vehicle"),
    # trade "tons" are metric tonnes, not pint's 907 kg short ton
    ("2 million tons", 2e6, "metric_ton"),
    ("1.3698 CAD/USD", 1.3698, "CAD / USD"),
    ("2", 2.0, "dimensionless"),
]


@pytest.mark.parametrize(
    ("text", "magnitude", "unit"), PARSE_CASES, ids=[case[0] for case in PARSE_CASES]
)
def test_parse_quantity(text: str, magnitude: float, unit: str) -> None:
    parsed_magnitude, parsed_unit = parse_quantity(text)
    assert parsed_unit == unit
    assert parsed_magnitude == pytest.approx(magnitude, rel=1e-12)


BAD_VALUES = [
    ("118.7 billion XYZ", "'XYZ'"),
    ("118.7 billion dollars", "'dollars'"),
    ("abc", "'abc'"),
    ("", "''"),
    ("1 CAD**10**10", "CAD**10**10"),
    ("1 CAD 2", "'1 CAD 2'"),
    ("0 A/", "'0 A/'"),  # a dangling operator, which pint itself trips over
    ("1e300 billion billion CAD", "too large"),
    ("$118.7 billion", "$118.7 billion"),
]


@pytest.mark.parametrize(
    ("text", "named"), BAD_VALUES, ids=[case[0] or "empty" for case in BAD_VALUES]
)
def test_parse_quantity_rejects_with_one_line_naming_it(text: str, named: str) -> None:
    location = Location(path="claims.yaml", line=7)
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, location)
    message = str(caught.value)
    assert message.startswith("claims.yaml:7: ")
    assert named in message
    assert "\n" not in message


def test_unknown_unit_wraps_pints_error() -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity("3 billion XYZ")
    assert isinstance(caught.value.__cause__, pint.UndefinedUnitError)


def test_percentage_points_never_convert_to_percent() -> None:
    units = registry()
    with pytest.raises(pint.DimensionalityError):
        units.Quantity(3, "pp").to("percent")


def test_two_currencies_do_not_add() -> None:
    units = registry()
    with pytest.raises(pint.DimensionalityError):
        units.Quantity(1, "CAD") + units.Quantity(1, "USD")


@pytest.mark.parametrize(
    ("alias", "code"), [("yuan", "CNY"), ("RMB", "CNY"), ("renminbi", "CNY"), ("euro", "EUR")]
)
def test_currency_aliases(alias: str, code: str) -> None:
    assert registry().get_name(alias) == code


def test_scale_words_are_dimensionless_multipliers() -> None:
    units = registry()
    pint.testing.assert_allclose(
        units.Quantity(1, "billion").to("million"), units.Quantity(1e3, "million")
    )
    pint.testing.assert_allclose(
        units.Quantity(2, "tn").to("dimensionless"), units.Quantity(2e12, "")
    )


def test_registry_is_built_once() -> None:
    assert registry() is registry()


def test_units_txt_redefines_only_pp() -> None:
    """Every other name in units.txt must be new, so the registry's "ignore" hides nothing."""
    defaults = pint.UnitRegistry()
    text = (files("factcheck") / "units.txt").read_text(encoding="utf-8")
    names = {
        name.strip()
        for line in text.splitlines()
        if line and not line.startswith("#")
        for position, name in enumerate(line.split("="))
        if position != 1 and name.strip() not in ("_", "") and not name.strip().startswith("[")
    }
    assert {name for name in names if name in defaults._units} == {"pp"}


def test_currencies_match_the_registry() -> None:
    units = registry()
    assert {"CAD", "USD", "CNY", "EUR"} <= currencies()
    for code in currencies():
        assert units.get_dimensionality(code) == {f"[currency_{code}]": 1}


def test_convert_cad_to_usd_at_the_2024_annual_average() -> None:
    # C$118.7B at 1.3698 CAD per USD, the 2024 annual average in reference/exchange_rates.csv
    assert convert_currency(118.7e9, "CAD", "USD", 1 / 1.3698) == pytest.approx(86.65e9, rel=1e-3)
    in_units = convert_currency(118.7e9, "CAD", "USD", f"{1 / 1.3698} USD/CAD")
    assert in_units == pytest.approx(86.65e9, rel=1e-3)


def test_convert_usd_to_cad_with_a_rate_in_units() -> None:
    assert convert_currency(1e9, "USD", "CAD", "1.3698 CAD/USD") == pytest.approx(1.3698e9)


@pytest.mark.parametrize(
    ("source", "target", "rate"),
    [
        ("CAD", "USD", "1.3698 CAD/USD"),  # the rate the wrong way round
        ("CAD", "USD", "7.1875 CNY/USD"),  # a rate for another pair
        ("CAD", "USD", "1.3698 percent"),  # not a rate at all
    ],
    ids=["inverted", "other-pair", "dimensionless"],
)
def test_convert_rejects_a_rate_in_the_wrong_units(source: str, target: str, rate: str) -> None:
    with pytest.raises(QuantityError, match=f"{target} per 1 {source}"):
        convert_currency(1.0, source, target, rate)


def test_convert_rejects_unknown_currency() -> None:
    with pytest.raises(QuantityError, match="'XYZ'"):
        convert_currency(1.0, "XYZ", "USD", 1.0)


@given(st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False))
def test_billion_cad_parses_to_value_times_1e9(number: object) -> None:
    magnitude, unit = parse_quantity(f"{number} billion CAD")
    assert unit == "CAD"
    assert magnitude == pytest.approx(float(f"{number}") * 1e9, rel=1e-12)


@given(st.text(max_size=40))
def test_parse_quantity_raises_only_quantity_error(text: str) -> None:
    try:
        magnitude, unit = parse_quantity(text)
    except QuantityError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(magnitude, float)
        assert regex.fullmatch(r"[\w /*]+", unit)
