"""Reference tables: sourced CSVs in, validated lookups out.

Input: the bundled `reference/` directory (the repository's own in a checkout,
`factcheck/_reference` in a wheel) plus user directories, whose rows win by `id`. Output:
`ReferenceData` (one pandas DataFrame per table, FX lookups, sources) for verification, and plain
`CountryName` / `Publisher` tuples, read with the stdlib `csv` module so extraction starts fast.
This module owns the table schemas and every check on them; problems are `ReferenceDataError`s.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from factcheck.errors import ReferenceDataError
from factcheck.records import CountryName, Location, Publisher, Source
from factcheck.units import currencies

if TYPE_CHECKING:
    import pandas as pd

# Vocabularies of the coded columns (docs/design.md, "Reference tables").
FLOWS = ("exports", "imports", "two_way", "balance")
SHARE_FLOWS = ("exports", "imports", "two_way")
SCALES = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
BASES = ("customs", "balance_of_payments", "domestic_exports", "unknown")
VINTAGES = ("first_published", "revised")
SOURCE_KINDS = ("primary", "secondary", "media")
COUNTRY_KINDS = ("name", "adjective", "demonym", "capital", "alias")
COUNT_UNITS = ("vehicle", "unit", "tonne")
TARGET_UNITS = ("percent", "factor")
# Preferred source when several rows give the same rate: the most direct one.
SOURCE_RANK = {kind: rank for rank, kind in enumerate(SOURCE_KINDS)}

PERIOD_PATTERN = regex.compile(
    r"""
    ^
    (?P<start> \d{4} (?: -(?:0[1-9]|1[0-2])   # a month: 2025-03
                       | -Q[1-4]              # a quarter: 2025-Q1
                     )? )                     # or a bare year: 2024
    (?: \.\.                                  # a range: 2025-01..2025-08, 2025..2035
        (?P<end> \d{4} (?: -(?:0[1-9]|1[0-2]) | -Q[1-4] )? )
    )?
    $
    """,
    flags=regex.VERBOSE,
)
SOURCE_DATE_PATTERN = regex.compile(
    r"""
    ^ (?: \d{4} (?: -\d{2} ){0,2}   # an ISO date or its prefix: "2026-01 (approx.)"
        | n\.d\.                    # undated pages: "n.d." or "n.d. (2025)"
      ) (?: \s | $ )
    """,
    flags=regex.VERBOSE,
)
URL_PATTERN = regex.compile(r"^https?://\S+$", flags=regex.VERBOSE)
COUNTRY_CODE_PATTERN = regex.compile(r"^[A-Z]{3}$", flags=regex.VERBOSE)
DELIMITERS = (";", "\t", "|")

# A check reads one cell (never empty: emptiness is handled by `Column.optional`) with the
# country codes known from countries.csv, and returns what is wrong with it, or None.
Check = Callable[[str, frozenset[str]], str | None]


@dataclass(frozen=True, slots=True)
class Column:
    check: Check | None = None
    optional: bool = False  # may be empty
    may_be_absent: bool = False  # may be missing from the header (columns added after v1)


@dataclass(frozen=True, slots=True)
class Schema:
    columns: dict[str, Column]
    # Two rows with the same key from the same source (`source_url`) must agree on `values`.
    # The source is part of the key on purpose: C$29.9B (PMO) and C$30B (Conference Board) are
    # the same statistic rounded differently by two publishers, not a conflict. A conflict is
    # one source saying two different things, e.g. a typo in a copied row.
    key: tuple[str, ...]
    values: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    scaled: tuple[str, str] | None = None  # (value column, scale column) giving `amount`
    fold_case: bool = False  # keys compare case-insensitively, as text matching will


def _number(value: str, _codes: frozenset[str]) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return f"{value!r} is not a number"
    return None if math.isfinite(number) else f"{value!r} is not a finite number"


def _positive(value: str, codes: frozenset[str]) -> str | None:
    problem = _number(value, codes)
    if problem is None and float(value) <= 0:
        return f"{value!r} must be positive"
    return problem


def _one_of(vocabulary: Iterable[str]) -> Check:
    allowed = tuple(vocabulary)

    def check(value: str, _codes: frozenset[str]) -> str | None:
        return None if value in allowed else f"{value!r} is not one of {', '.join(allowed)}"

    return check


def _country(value: str, codes: frozenset[str]) -> str | None:
    return None if value in codes else f"{value!r} is not a country code in countries.csv"


def _country_code(value: str, _codes: frozenset[str]) -> str | None:
    if COUNTRY_CODE_PATTERN.match(value):
        return None
    return f"{value!r} is not a three-letter code (ISO 3166 alpha-3, WLD or WXU)"


def _currency(value: str, _codes: frozenset[str]) -> str | None:
    if value in currencies():
        return None
    return f"{value!r} is not a known currency ({', '.join(sorted(currencies()))})"


def _target_unit(value: str, codes: frozenset[str]) -> str | None:
    if value in TARGET_UNITS or _currency(value, codes) is None:
        return None
    return f"{value!r} is not percent, factor or a known currency"


def _period(value: str, _codes: frozenset[str]) -> str | None:
    match = PERIOD_PATTERN.match(value)
    if match and (match["end"] is None or match["start"] <= match["end"]):
        return None
    return f"{value!r} is not a period like 2024, 2025-03, 2025-Q1 or 2025-01..2025-08"


def _date(value: str, _codes: frozenset[str]) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not an ISO date (YYYY-MM-DD)"
    return None


def _url(value: str, _codes: frozenset[str]) -> str | None:
    if URL_PATTERN.match(value):
        return None
    return f"{value!r} is not an http(s) URL (remarks about a source go in `note`)"


def _source_date(value: str, _codes: frozenset[str]) -> str | None:
    if SOURCE_DATE_PATTERN.match(value):
        return None
    return f"{value!r} does not start with an ISO date (2025, 2025-02, 2025-02-05) or n.d."


SOURCE_COLUMNS = {
    "source_publisher": Column(),
    "source_title": Column(optional=True),
    "source_url": Column(_url),
    "source_date": Column(_source_date),
    "source_kind": Column(_one_of(SOURCE_KINDS)),
    "quote": Column(optional=True),
    "note": Column(optional=True),
}
REPORTER_PARTNER = {"reporter": Column(_country), "partner": Column(_country)}


def _percent_table(flows: tuple[str, ...]) -> Schema:
    """Shares and changes: a percent per reporter, partner, flow, product, period and basis."""
    return Schema(
        columns={
            **REPORTER_PARTNER,
            "flow": Column(_one_of(flows)),
            "product": Column(optional=True),
            "period": Column(_period),
            "value": Column(_number),
            "basis": Column(_one_of(BASES)),
        },
        key=("reporter", "partner", "flow", "product", "period", "basis"),
        values=("value",),
        numbers=("value",),
    )


SCHEMAS: dict[str, Schema] = {
    "trade_flows": Schema(
        columns={
            **REPORTER_PARTNER,
            "flow": Column(_one_of(FLOWS)),
            "product": Column(optional=True),
            "period": Column(_period),
            "value": Column(_number),
            "scale": Column(_one_of(SCALES)),
            "currency": Column(_currency),
            "basis": Column(_one_of(BASES)),
            "vintage": Column(_one_of(VINTAGES), optional=True),
        },
        key=("reporter", "partner", "flow", "product", "period", "basis", "vintage"),
        values=("value", "scale", "currency"),
        numbers=("value",),
        scaled=("value", "scale"),
    ),
    "trade_shares": _percent_table(SHARE_FLOWS),
    "trade_changes": _percent_table(FLOWS),
    "tariffs": Schema(
        columns={
            **REPORTER_PARTNER,
            "measure": Column(),
            "products": Column(optional=True),
            "rate": Column(_number, optional=True),
            "coverage_value": Column(_positive, optional=True),
            "coverage_scale": Column(_one_of(SCALES), optional=True),
            "coverage_currency": Column(_currency, optional=True),
            "coverage_unit": Column(_one_of(COUNT_UNITS), optional=True, may_be_absent=True),
            "announced": Column(_date, optional=True),
            "effective": Column(_date, optional=True),
            "period": Column(_period),
        },
        key=("reporter", "partner", "measure", "period"),
        values=("rate", "coverage_value", "coverage_scale", "coverage_currency"),
        numbers=("rate", "coverage_value"),
        scaled=("coverage_value", "coverage_scale"),
    ),
    "exchange_rates": Schema(
        columns={
            # `quote_currency`, not design.md's `quote`: in every table `quote` is the source's
            # sentence carrying the figure.
            "base": Column(_currency),
            "quote_currency": Column(_currency),
            "period": Column(_period),
            "rate": Column(_positive),
        },
        key=("base", "quote_currency", "period"),
        values=("rate",),
        numbers=("rate",),
    ),
    "targets": Schema(
        columns={
            **REPORTER_PARTNER,
            "flow": Column(_one_of(FLOWS)),
            "description": Column(),
            "value": Column(_number),
            "unit": Column(_target_unit),
            "scale": Column(_one_of(SCALES)),
            "period": Column(_period),
        },
        key=("reporter", "partner", "flow", "unit", "period"),
        values=("value", "scale"),
        numbers=("value",),
        scaled=("value", "scale"),
    ),
    "countries": Schema(
        columns={
            "alias": Column(),
            "code": Column(_country_code),
            "kind": Column(_one_of(COUNTRY_KINDS)),
        },
        # An alias means one country whoever says so: the source is not part of this key.
        key=("alias",),
        values=("code",),
        fold_case=True,
    ),
    "publishers": Schema(
        columns={
            "publisher": Column(),
            "aliases": Column(optional=True),
            "country": Column(_country),
            "currency": Column(_currency),
        },
        key=("publisher",),
        values=("country", "currency"),
    ),
}
SOURCE_KEYED = frozenset(SCHEMAS) - {"countries", "publishers"}
# Short names of the tables on `ReferenceData` (design.md), by file stem.
ATTRIBUTES = {
    "flows": "trade_flows",
    "shares": "trade_shares",
    "changes": "trade_changes",
    "tariffs": "tariffs",
    "exchange_rates": "exchange_rates",
    "targets": "targets",
    "countries": "countries",
    "publishers": "publishers",
}


@dataclass(frozen=True, slots=True)
class Row:
    location: Location
    cells: dict[str, str]


@dataclass(slots=True)
class Collected:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    problems: list[ReferenceDataError] = field(default_factory=list)


def bundled_directory() -> Path:
    """The reference tables shipped with factcheck. `bundled_directory().name` → "reference"."""
    package = Path(__file__).resolve().parent
    wheel = package / "_reference"
    return wheel if wheel.is_dir() else package.parent / "reference"


def load_countries(dirs: Sequence[str | Path] = ()) -> tuple[CountryName, ...]:
    """Every country alias, validated (stdlib only, cached).

    `{c.alias: c.code for c in load_countries()}["Ottawa"]` → "CAN".
    """
    return _load_countries(tuple(str(directory) for directory in dirs))


@functools.cache
def _load_countries(dirs: tuple[str, ...]) -> tuple[CountryName, ...]:
    collected = _collect(dirs, ("countries",))
    _raise_first(collected.problems)
    return tuple(
        CountryName(alias=row.cells["alias"], code=row.cells["code"], kind=row.cells["kind"])
        for row in collected.rows["countries"]
    )


def load_publishers(dirs: Sequence[str | Path] = ()) -> tuple[Publisher, ...]:
    """Every known news outlet with its country and bare-`$` currency (stdlib only, cached).

    `{p.name: p.currency for p in load_publishers()}["Reuters"]` → "USD".
    """
    return _load_publishers(tuple(str(directory) for directory in dirs))


@functools.cache
def _load_publishers(dirs: tuple[str, ...]) -> tuple[Publisher, ...]:
    collected = _collect(dirs, ("countries", "publishers"))
    _raise_first(collected.problems)
    return tuple(
        Publisher(
            name=row.cells["publisher"],
            aliases=tuple(
                alias.strip() for alias in row.cells["aliases"].split(";") if alias.strip()
            ),
            country=row.cells["country"],
            currency=row.cells["currency"],
        )
        for row in collected.rows["publishers"]
    )


def validate_reference(dirs: Sequence[str | Path] = ()) -> list[ReferenceDataError]:
    """Every problem in the bundled and user tables, sorted by file and line; empty when clean.

    `validate_reference()` → `[]`.
    """
    return _collect(tuple(str(directory) for directory in dirs), tuple(SCHEMAS)).problems


def load_reference(dirs: Sequence[str | Path] = ()) -> ReferenceData:
    """Load, merge and validate every reference table; raise the first problem found.

    `load_reference().fx_rate("USD", "CAD", "2024")[0]` → 1.3698.
    """
    import pandas as pd

    collected = _collect(tuple(str(directory) for directory in dirs), tuple(SCHEMAS))
    _raise_first(collected.problems)
    tables = {}
    for name, schema in SCHEMAS.items():
        frame = pd.DataFrame(
            [
                row.cells | {"file": row.location.path, "row": row.location.line}
                for row in collected.rows[name]
            ],
            columns=[*_columns(schema), "file", "row"],
        )
        for column in schema.numbers:
            frame[column] = pd.to_numeric(frame[column].mask(frame[column] == "")).astype(float)
        if schema.scaled:
            value, scale = schema.scaled
            frame["amount"] = frame[value] * frame[scale].map(SCALES)
        tables[name] = frame
    return ReferenceData(tables=tables, files=tuple(collected.files))


def coverage(reference: ReferenceData) -> pd.DataFrame:
    """One line per table: rows, the periods covered, distinct sources and the files used.

    `coverage(load_reference()).set_index("table").loc["exchange_rates", "periods"]` → "2018..2025".
    """
    import pandas as pd

    lines = []
    for name, frame in reference.tables.items():
        bounds = [_bounds(period) for period in frame["period"]] if "period" in frame else []
        lines.append(
            {
                "table": name,
                "rows": len(frame),
                "periods": (
                    f"{min(b[0] for b in bounds)}..{max(b[1] for b in bounds)}" if bounds else ""
                ),
                "sources": frame["source_url"].nunique(),
                "files": ", ".join(sorted(set(frame["file"]))),
            }
        )
    return pd.DataFrame(lines, columns=["table", "rows", "periods", "sources", "files"])


@dataclass(frozen=True, eq=False)
class ReferenceData:
    """The validated reference tables, one DataFrame per CSV file stem, plus the files used."""

    tables: dict[str, pd.DataFrame]
    files: tuple[str, ...] = ()

    @property
    def tables_used(self) -> tuple[str, ...]:
        """The CSV files the tables came from, bundled first (the report says which were used)."""
        return self.files

    def __getattr__(self, name: str) -> pd.DataFrame:
        # flows, shares, changes, tariffs, exchange_rates, targets, countries, publishers
        if name in ATTRIBUTES:
            return self.tables[ATTRIBUTES[name]]
        raise AttributeError(name)

    def source(self, table: str, index: int) -> Source:
        """The source of one row (by DataFrame index).

        `load_reference().source("exchange_rates", 6).file` → "reference/exchange_rates.csv".
        """
        row = self.tables[table].loc[index]
        return Source(
            publisher=row["source_publisher"],
            url=row["source_url"],
            date=row["source_date"],
            file=row["file"],
            row=int(row["row"]),
            title=row["source_title"],
            directness=row["source_kind"],
        )

    def fx_rate(self, base: str, quote: str, period: str) -> tuple[float, Source] | None:
        """Units of `quote` per 1 `base` for `period` (a month or quarter uses its year's rate).

        A stored pair the other way round is inverted; None when no rate covers the period.
        `load_reference().fx_rate("CAD", "USD", "2024-03")[0]` → 0.7300 (1 / 1.3698).
        """
        rates = self.tables["exchange_rates"]
        for label in _rate_periods(period):
            for inverted, (stored_base, stored_quote) in enumerate(((base, quote), (quote, base))):
                found = rates[
                    (rates["base"] == stored_base)
                    & (rates["quote_currency"] == stored_quote)
                    & (rates["period"] == label)
                ]
                if not found.empty:
                    index = min(found.index, key=lambda i: SOURCE_RANK[found.at[i, "source_kind"]])
                    rate = float(found.at[index, "rate"])
                    return (1 / rate if inverted else rate), self.source("exchange_rates", index)
        return None


def _bounds(period: str) -> tuple[str, str]:
    start, _, end = period.partition("..")
    return start, end or start


def _rate_periods(period: str) -> tuple[str, ...]:
    """The period itself, then its year when the period lies within one year."""
    match = PERIOD_PATTERN.match(period)
    if match is None:
        return ()
    years = {match["start"][:4], (match["end"] or match["start"])[:4]}
    return (period, *years) if len(years) == 1 and period not in years else (period,)


def _columns(schema: Schema) -> list[str]:
    return ["id", *schema.columns, *SOURCE_COLUMNS]


def _raise_first(problems: list[ReferenceDataError]) -> None:
    if not problems:
        return
    first = problems[0]
    if len(problems) > 1:
        more = f"(and {len(problems) - 1} more: `factcheck reference` lists them all)"
        raise ReferenceDataError(f"{first.message} {more}", first.location)
    raise first


def _collect(dirs: tuple[str, ...], tables: tuple[str, ...]) -> Collected:
    """Read `tables` from the bundled directory then each user directory, merge, check."""
    collected = Collected(rows={name: [] for name in tables})
    sources = [(bundled_directory(), "reference")]
    for directory in dirs:
        path = Path(directory)
        if not path.is_dir():
            collected.problems.append(
                ReferenceDataError("not a directory", Location(path=directory))
            )
            continue
        sources.append((path, directory))
        if tables == tuple(SCHEMAS):  # a full load: any other CSV is a misnamed table
            collected.problems.extend(_unknown_tables(path, directory))
    for path, label in sources:
        for name in tables:
            file = path / f"{name}.csv"
            if file.is_file():
                shown = f"{label.rstrip('/')}/{file.name}"
                collected.files.append(shown)
                rows = _read_table(file, shown, SCHEMAS[name], collected.problems)
                collected.rows[name] = _merge(collected.rows[name], rows)
    codes = frozenset(row.cells["code"] for row in collected.rows.get("countries", ()))
    for name in tables:
        collected.rows[name] = _checked(name, collected.rows[name], codes, collected.problems)
    collected.problems.sort(key=_problem_order)
    return collected


def _problem_order(problem: ReferenceDataError) -> tuple[str, int, str]:
    location = problem.location or Location(path="")
    return location.path, location.line or 0, problem.message


def _unknown_tables(path: Path, label: str) -> list[ReferenceDataError]:
    return [
        ReferenceDataError(
            f"unknown reference table; expected one of {', '.join(f'{n}.csv' for n in SCHEMAS)}",
            Location(path=f"{label.rstrip('/')}/{file.name}"),
        )
        for file in sorted(path.glob("*.csv"))
        if file.stem not in SCHEMAS
    ]


def _read_table(
    file: Path, shown: str, schema: Schema, problems: list[ReferenceDataError]
) -> list[Row]:
    """The rows of one CSV with their line numbers (header = line 1); structural problems noted."""
    try:
        lines = _records(file, shown)
    except ReferenceDataError as error:
        problems.append(error)
        return []
    if not lines:
        problems.append(
            ReferenceDataError("empty file: expected a header line", Location(path=shown, line=1))
        )
        return []
    (_, raw_header), records = lines[0], lines[1:]
    header = [name.strip() for name in raw_header]
    header_problem = _header_problem(header, schema)
    if header_problem:
        problems.append(ReferenceDataError(header_problem, Location(path=shown, line=1)))
        return []
    rows: list[Row] = []
    first_line: dict[str, int] = {}
    for line, record in records:
        location = Location(path=shown, line=line)
        if len(record) != len(header):
            problems.append(
                ReferenceDataError(f"expected {len(header)} fields, found {len(record)}", location)
            )
            continue
        cells = dict(zip(header, (cell.strip() for cell in record), strict=True))
        for column in _absent(schema, header):
            cells[column] = ""
        row_id = cells["id"]
        if row_id in first_line:
            problems.append(
                ReferenceDataError(
                    f"duplicate id {row_id!r} (first at line {first_line[row_id]})", location
                )
            )
            continue
        first_line[row_id] = line
        rows.append(Row(location=location, cells=cells))
    return rows


def _records(file: Path, shown: str) -> list[tuple[int, list[str]]]:
    """CSV records with the line each starts on (header = line 1); blank lines skipped."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise ReferenceDataError(f"cannot read: {error.strerror}", Location(path=shown)) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ReferenceDataError(
            f"not UTF-8 text (byte {raw[error.start]:#04x}): save the file as UTF-8",
            Location(path=shown, line=line),
        ) from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ReferenceDataError("NUL byte: not a text CSV file", Location(path=shown, line=line))
    reader = csv.reader(io.StringIO(text, newline=""))
    records, start = [], 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        location = Location(path=shown, line=reader.line_num)
        raise ReferenceDataError(f"malformed CSV: {error}", location) from error
    return records


def _absent(schema: Schema, header: list[str]) -> list[str]:
    return [
        name for name, spec in schema.columns.items() if spec.may_be_absent and name not in header
    ]


def _header_problem(names: list[str], schema: Schema) -> str | None:
    if len(names) == 1:
        for delimiter in DELIMITERS:
            if delimiter in names[0]:
                return (
                    f"the header is one column holding {delimiter!r}: the file looks "
                    f"{delimiter!r}-separated, but reference tables must be comma-separated"
                )
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        return f"duplicate column(s) {', '.join(duplicated)}"
    absent = set(_absent(schema, names))
    missing = [name for name in _columns(schema) if name not in names and name not in absent]
    return f"missing column(s) {', '.join(missing)}" if missing else None


def _merge(rows: list[Row], overrides: list[Row]) -> list[Row]:
    """Rows of a later directory replace earlier rows with the same id, in place."""
    replacing = {row.cells["id"]: row for row in overrides}
    merged = [replacing.pop(row.cells["id"], row) for row in rows]
    return merged + [row for row in overrides if row.cells["id"] in replacing]


def _checked(
    name: str, rows: list[Row], codes: frozenset[str], problems: list[ReferenceDataError]
) -> list[Row]:
    """The rows whose cells pass their column checks; problems noted, conflicting keys too."""
    schema = SCHEMAS[name]
    columns = {"id": Column(), **schema.columns, **SOURCE_COLUMNS}
    good: list[Row] = []
    for row in rows:
        row_problems = [
            problem
            for column, spec in columns.items()
            if (problem := _cell_problem(column, spec, row.cells[column], codes))
        ]
        row_problems += _row_problems(name, row.cells)
        problems.extend(ReferenceDataError(problem, row.location) for problem in row_problems)
        if not row_problems:
            good.append(row)
    problems.extend(_conflicts(name, schema, good))
    return good


def _cell_problem(column: str, spec: Column, value: str, codes: frozenset[str]) -> str | None:
    if not value:
        return None if spec.optional else f"empty {column}"
    problem = spec.check(value, codes) if spec.check else None
    return f"{column} {problem}" if problem else None


def _row_problems(name: str, cells: dict[str, str]) -> list[str]:
    """Checks across cells of one row."""
    if name != "tariffs":
        return []
    problems = []
    if not cells["rate"] and not cells["coverage_value"]:
        problems.append("a tariff row needs a rate, a coverage_value or both")
    if cells["coverage_value"] and not cells["coverage_scale"]:
        problems.append("coverage_value needs a coverage_scale")
    if cells["coverage_value"] and bool(cells["coverage_currency"]) == bool(cells["coverage_unit"]):
        problems.append("coverage_value needs exactly one of coverage_currency or coverage_unit")
    return problems


def _conflicts(name: str, schema: Schema, rows: list[Row]) -> list[ReferenceDataError]:
    problems = []
    seen: dict[tuple[str, ...], Row] = {}
    for row in rows:
        key = tuple(
            row.cells[column].casefold() if schema.fold_case else row.cells[column]
            for column in schema.key
        )
        if name in SOURCE_KEYED:
            key += (row.cells["source_url"],)
        first = seen.setdefault(key, row)
        if _values(schema, first) != _values(schema, row):
            shown = ", ".join(row.cells[column] for column in schema.key if row.cells[column])
            same = " from the same source" if name in SOURCE_KEYED else ""
            problems.append(
                ReferenceDataError(
                    f"duplicate key ({shown}){same} with different values "
                    f"{_shown_values(schema, first)} vs {_shown_values(schema, row)} "
                    f"(first at {first.location})",
                    row.location,
                )
            )
    return problems


def _values(schema: Schema, row: Row) -> tuple[object, ...]:
    # Numbers compare as numbers, so "30" and "30.0" agree.
    return tuple(
        float(row.cells[column])
        if column in schema.numbers and row.cells[column]
        else row.cells[column]
        for column in schema.values
    )


def _shown_values(schema: Schema, row: Row) -> str:
    return " ".join(row.cells[column] for column in schema.values if row.cells[column])
