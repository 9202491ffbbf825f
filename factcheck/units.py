"""The one pint registry, and the quantity strings factcheck reads with it.

Input: value strings such as "118.7 billion CAD", "75.9 percent" or "3 pp" (claims files,
reference figures), and amounts to convert between currencies at a given rate. Output: plain
`(magnitude, unit)` pairs and floats, never pint objects, so records stay plain. This module
owns `units.txt` (scale words, percentage points, one dimension per currency, trade units).
"""

from __future__ import annotations

import functools
import math
import tokenize
from importlib.resources import files
from typing import TYPE_CHECKING

import regex

from factcheck.errors import QuantityError
from factcheck.records import Location

if TYPE_CHECKING:
    import pint

# Dimensionless multipliers from units.txt, dropped from a parsed unit once applied.
SCALE_WORDS = ("thousand", "million", "billion", "trillion")

# Words that mean something else in trade statistics than in pint's defaults.
TRADE_UNIT_WORDS = {
    # pint's `ton` is the 907 kg short ton; trade data (StatCan, China's customs) counts metric
    # tonnes, so "2 million tons" of canola meal is read as tonnes.
    "ton": "tonne",
    "tons": "tonne",
    # pint reads "%" fine in expressions, but spelled out it is unambiguous in messages.
    "%": "percent",
    "per cent": "percent",
}

# A value string: one number, then unit words. Checked before pint sees anything, because pint
# evaluates expressions (a "10**10**10" would never finish) and value strings need none.
QUANTITY_PATTERN = regex.compile(
    r"""
    ^\s*
    (?P<number>
        [-+]?
        (?: \d{1,3} (?: ,\d{3} )+   # thousands separators: 100,027,968,000
          | \d+                     # plain digits: 118
        )
        (?: \.\d+ )?                # decimals: .7
        (?: [eE][-+]?\d+ )?         # exponent: 1.187e11
    )
    \s*
    (?P<unit>
        [^\W\d]\w*                   # unit words: "billion CAD", "per cent", "CAD/USD"
        (?: (?: \s+ | \s*/\s* ) [^\W\d]\w* )*   # no "**" (no powers), nothing dangling
      | %                           # a bare percent sign
    )?
    \s*$
    """,
    flags=regex.VERBOSE,
)

TRADE_UNIT_PATTERN = regex.compile(
    r"""
    (?P<word>
        (?<!\w) (?: tons | ton | per\ cent ) (?!\w)   # whole words only: "tonne" stays
      | %                                            # the percent sign
    )
    """,
    flags=regex.VERBOSE,
)

# A currency line of units.txt: "CAD = [currency_CAD]", aliases may follow.
CURRENCY_DEFINITION = regex.compile(
    r"^ (?P<code> [A-Z]{3} ) \s = \s \[currency_(?P=code)\]",
    flags=regex.MULTILINE | regex.VERBOSE,
)

PINT_PARSE_ERRORS = (
    ArithmeticError,
    AttributeError,
    SyntaxError,
    TypeError,
    ValueError,
    tokenize.TokenError,
)


@functools.cache
def registry() -> pint.UnitRegistry:
    """The one pint registry: pint's defaults plus `units.txt`.

    `registry().Quantity(3, "pp").units` → `percentage_point`.
    """
    import pint

    # units.txt redefines exactly one default on purpose: pint's `pp` (printer's point) becomes
    # the percentage point. "ignore" lets that through without pint logging a warning;
    # tests/test_units.py checks that no other name in units.txt collides with a default.
    units = pint.UnitRegistry(on_redefinition="ignore")
    with (files("factcheck") / "units.txt").open(encoding="utf-8") as definitions:
        units.load_definitions(definitions.read().splitlines())
    return units


@functools.cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes defined in `units.txt`, read without building pint (fast).

    `"CAD" in currencies()` → True.
    """
    text = (files("factcheck") / "units.txt").read_text(encoding="utf-8")
    return frozenset(match["code"] for match in CURRENCY_DEFINITION.finditer(text))


def parse_quantity(text: str, location: Location | None = None) -> tuple[float, str]:
    """Parse a value string into a magnitude with scale words applied, and its unit name.

    `parse_quantity("118.7 billion CAD")` → `(118700000000.0, "CAD")`.
    """
    match = QUANTITY_PATTERN.match(text)
    if match is None:
        raise QuantityError(f"cannot read {text!r} as a number followed by a unit", location)
    number = float(match["number"].replace(",", ""))
    if not math.isfinite(number):
        raise QuantityError(f"{text!r} is not a finite number", location)
    unit_text = TRADE_UNIT_PATTERN.sub(_trade_unit, match["unit"] or "").strip()
    magnitude, unit = _apply_scale(number, unit_text, text, location)
    if not math.isfinite(magnitude):
        raise QuantityError(f"{text!r} is too large a number", location)
    return magnitude, unit


def _trade_unit(match: regex.Match[str]) -> str:
    return f" {TRADE_UNIT_WORDS[match['word']]} "


def _apply_scale(
    number: float, unit_text: str, text: str, location: Location | None
) -> tuple[float, str]:
    """`number` in the units of `unit_text` with its scale words multiplied in."""
    import pint

    units = registry()
    try:
        quantity = units.Quantity(number, units.parse_units(unit_text or "dimensionless"))
        kept = units.Unit("dimensionless")
        for name, power in quantity.unit_items():
            if name not in SCALE_WORDS:
                kept *= units.Unit(name) ** power
        return float(quantity.to(kept).magnitude), f"{kept}"
    except pint.UndefinedUnitError as error:
        names = ", ".join(repr(name) for name in error.unit_names)
        raise QuantityError(f"unknown unit or currency {names} in {text!r}", location) from error
    except (pint.PintError, *PINT_PARSE_ERRORS) as error:
        raise QuantityError(f"cannot read the unit {unit_text!r} in {text!r}", location) from error


def convert_currency(magnitude: float, source: str, target: str, rate: float | str) -> float:
    """Convert `magnitude` of `source` into `target` at `rate` units of target per 1 source.

    The rate is a number (taken as target per source) or a value string carrying its own units,
    which pint checks: a rate in the wrong direction raises `QuantityError` instead of giving a
    number. `convert_currency(118.7e9, "CAD", "USD", "0.73 USD/CAD")` → 86651000000.0.
    """
    import pint

    units = registry()
    for code in (source, target):
        if code not in currencies():
            raise QuantityError(f"unknown currency {code!r}")
    amount = units.Quantity(magnitude, source)
    if isinstance(rate, str):
        value, unit = parse_quantity(rate)
        per = units.Quantity(value, unit)
    else:
        per = units.Quantity(rate, units.Unit(target) / units.Unit(source))
    try:
        return float((amount * per).to(target).magnitude)
    except pint.DimensionalityError as error:
        raise QuantityError(
            f"a rate in {per.units} cannot convert {source} to {target}: "
            f"it must be {target} per 1 {source}"
        ) from error
