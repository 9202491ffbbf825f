"""Reference tables: the bundled data, validation errors naming file:line, merging, lookups."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import ReferenceDataError
from factcheck.reference import (
    PERIOD_PATTERN,
    SCHEMAS,
    SOURCE_COLUMNS,
    bundled_directory,
    coverage,
    load_countries,
    load_publishers,
    load_reference,
    validate_reference,
)

FLOW = {
    "id": "TEST-1",
    "reporter": "CAN",
    "partner": "CHN",
    "flow": "exports",
    "product": "",
    "period": "2024",
    "value": "29.9",
    "scale": "billion",
    "currency": "CAD",
    "basis": "customs",
    "vintage": "",
    "source_publisher": "Test Agency",
    "source_title": "Test release",
    "source_url": "https://example.org/release",
    "source_date": "2025-02-05",
    "source_kind": "primary",
    "quote": "Exports to China were $29.9 billion.",
    "note": "",
}
TARIFF = {
    "id": "TEST-T",
    "reporter": "CHN",
    "partner": "CAN",
    "measure": "test measure",
    "products": "peas",
    "rate": "100",
    "coverage_value": "",
    "coverage_scale": "",
    "coverage_currency": "",
    "coverage_unit": "",
    "announced": "2025-03-08",
    "effective": "2025-03-20",
    "period": "2025-03",
} | {column: FLOW[column] for column in SOURCE_COLUMNS}
COUNTRY = {"id": "TEST-C", "alias": "Canuckistan", "code": "CAN", "kind": "alias"} | {
    column: FLOW[column] for column in SOURCE_COLUMNS
}


def write_table(directory: Path, name: str, rows: list[dict[str, str]]) -> Path:
    path = directory / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        # QUOTE_ALL: the csv writer leaves a lone "\r" unquoted, which no reader can tell from a
        # line break.
        writer = csv.DictWriter(
            handle, fieldnames=list(rows[0]), lineterminator="\n", quoting=csv.QUOTE_ALL
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def drop(row: dict[str, str], column: str) -> dict[str, str]:
    return {key: value for key, value in row.items() if key != column}


# (name, table, rows, line of the error, words the message must hold)
MALFORMED = [
    ("missing-column", "trade_flows", [drop(FLOW, "value")], 1, "missing column(s) value"),
    ("non-numeric", "trade_flows", [FLOW | {"value": "29,9"}], 2, "value '29,9' is not a number"),
    ("unknown-currency", "trade_flows", [FLOW | {"currency": "XYZ"}], 2, "currency 'XYZ'"),
    ("unknown-country", "trade_flows", [FLOW | {"partner": "ZZZ"}], 2, "partner 'ZZZ'"),
    ("bad-period", "trade_flows", [FLOW | {"period": "2024-13"}], 2, "period '2024-13'"),
    ("backwards-range", "trade_flows", [FLOW | {"period": "2025..2024"}], 2, "period '2025..2024'"),
    ("empty-source-url", "trade_flows", [FLOW | {"source_url": ""}], 2, "empty source_url"),
    ("url-with-remarks", "trade_flows", [FLOW | {"source_url": "n/a"}], 2, "source_url 'n/a'"),
    ("bad-source-kind", "trade_flows", [FLOW | {"source_kind": "blog"}], 2, "source_kind 'blog'"),
    ("bad-flow", "trade_flows", [FLOW | {"flow": "exprots"}], 2, "flow 'exprots'"),
    (
        "duplicate-conflicting-key",
        "trade_flows",
        [FLOW, FLOW | {"id": "TEST-2", "value": "30.0"}],
        3,
        "duplicate key (CAN, CHN, exports, 2024, customs) from the same source "
        "with different values 29.9 billion CAD vs 30.0 billion CAD",
    ),
    ("duplicate-id", "trade_flows", [FLOW, FLOW | {"period": "2023"}], 3, "duplicate id 'TEST-1'"),
    ("bad-iso-date", "tariffs", [TARIFF | {"effective": "20 March 2025"}], 2, "effective"),
    ("tariff-without-figure", "tariffs", [TARIFF | {"rate": ""}], 2, "needs a rate"),
    (
        "coverage-without-currency",
        "tariffs",
        [TARIFF | {"coverage_value": "2.6", "coverage_scale": "billion"}],
        2,
        "exactly one of coverage_currency or coverage_unit",
    ),
    (
        "negative-rate",
        "exchange_rates",
        [
            {
                "id": "FX",
                "base": "USD",
                "quote_currency": "CAD",
                "period": "2024",
                "rate": "-1.3698",
            }
            | {c: FLOW[c] for c in SOURCE_COLUMNS}
        ],
        2,
        "positive",
    ),
    (
        "alias-two-countries",
        "countries",
        [COUNTRY, COUNTRY | {"id": "TEST-D", "code": "USA"}],
        3,
        "duplicate key (Canuckistan) with different values CAN vs USA",
    ),
    (
        "alias-two-countries-ignoring-case",
        "countries",
        [COUNTRY, COUNTRY | {"id": "TEST-D", "alias": "CANUCKISTAN", "code": "USA"}],
        3,
        "duplicate key (CANUCKISTAN) with different values CAN vs USA",
    ),
    ("bad-country-code", "countries", [COUNTRY | {"code": "Ca"}], 2, "code 'Ca'"),
]


@pytest.mark.parametrize(
    ("table", "rows", "line", "words"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_table_is_reported_at_its_line(
    tmp_path: Path, table: str, rows: list[dict[str, str]], line: int, words: str
) -> None:
    path = write_table(tmp_path, table, rows)
    problems = validate_reference([tmp_path])
    assert [str(problem) for problem in problems if f"{path}:{line}:" in str(problem)], problems
    assert any(words in str(problem) for problem in problems), [str(p) for p in problems]
    with pytest.raises(ReferenceDataError) as caught:
        load_reference([tmp_path])
    assert f"{table}.csv:" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_wrong_delimiter_is_named(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "trade_flows.csv"
    path.write_text(
        delimiter.join(FLOW) + "\n" + delimiter.join(FLOW.values()) + "\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError) as caught:
        load_reference([tmp_path])
    message = str(caught.value)
    assert message.startswith(f"{path}:1: ")
    assert f"{delimiter!r}-separated" in message


HEADER = ",".join(FLOW).encode()
ROW = ",".join(FLOW.values()).encode()
# (name, file bytes, line of the error, words the message must hold)
UNREADABLE = [
    (
        "latin-1",
        HEADER + b"\n" + ROW.replace(b"Test", b"T\xe9st") + b"\n",
        2,
        "not UTF-8 text (byte 0xe9)",
    ),
    ("utf-16", (",".join(FLOW) + "\n").encode("utf-16"), 1, "not UTF-8 text"),
    (
        "nul-byte",
        HEADER + b"\n" + ROW + b"\n" + ROW.replace(b"TEST", b"T\x00") + b"\n",
        3,
        "NUL byte",
    ),
    ("huge-field", HEADER + b"\n" + ROW + b"\n" + b'"' + b"x" * 200_000 + b'"\n', 3, "field limit"),
    ("empty", b"", 1, "empty file"),
]


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [case[1:] for case in UNREADABLE],
    ids=[case[0] for case in UNREADABLE],
)
def test_unreadable_file_is_reported_at_its_line(
    tmp_path: Path, data: bytes, line: int, words: str
) -> None:
    path = tmp_path / "trade_flows.csv"
    path.write_bytes(data)
    problems = [str(problem) for problem in validate_reference([tmp_path])]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: ")
    assert words in problems[0]


def test_byte_order_mark_and_crlf_are_fine(tmp_path: Path) -> None:
    (tmp_path / "trade_flows.csv").write_bytes(b"\xef\xbb\xbf" + HEADER + b"\r\n" + ROW + b"\r\n")
    flows = load_reference([tmp_path]).flows
    assert flows.set_index("id").loc["TEST-1", "row"] == 2


def test_ragged_row_is_reported(tmp_path: Path) -> None:
    path = write_table(tmp_path, "trade_flows", [FLOW])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("TEST-2,CAN,CHN\n")
    problems = [str(problem) for problem in validate_reference([tmp_path])]
    assert problems == [f"{path}:3: expected {len(FLOW)} fields, found 3"]


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    """A quote spanning two lines shifts the next row's line, as an editor shows it."""
    path = write_table(
        tmp_path,
        "trade_flows",
        [FLOW | {"quote": "line one\nline two"}, FLOW | {"id": "TEST-2", "currency": "XYZ"}],
    )
    problems = [str(problem) for problem in validate_reference([tmp_path])]
    assert problems[0].startswith(f"{path}:4: currency 'XYZ'")


def test_unknown_table_and_missing_directory_are_reported(tmp_path: Path) -> None:
    write_table(tmp_path, "trade_flow", [FLOW])
    problems = [str(problem) for problem in validate_reference([tmp_path, tmp_path / "nope"])]
    assert f"{tmp_path / 'nope'}: not a directory" in problems
    assert any(
        p.startswith(f"{tmp_path}/trade_flow.csv: unknown reference table") for p in problems
    )


def test_every_problem_is_collected(tmp_path: Path) -> None:
    write_table(
        tmp_path,
        "trade_flows",
        [FLOW | {"value": "x"}, FLOW | {"id": "TEST-2", "currency": "XYZ", "partner": "ZZZ"}],
    )
    assert len(validate_reference([tmp_path])) == 3


def test_problems_come_in_line_order(tmp_path: Path) -> None:
    rows = [FLOW | {"id": f"TEST-{n}", "period": str(2000 + n)} for n in range(12)]
    rows[0]["value"] = rows[10]["value"] = "x"
    path = write_table(tmp_path, "trade_flows", rows)
    lines = [str(problem).split(": ")[0] for problem in validate_reference([tmp_path])]
    assert lines == [f"{path}:2", f"{path}:12"]


def test_bundled_reference_loads_and_validates_clean() -> None:
    assert validate_reference() == []
    reference = load_reference()
    assert set(reference.tables) == set(SCHEMAS)
    assert reference.tables_used[0] == "reference/trade_flows.csv"
    for frame in reference.tables.values():
        assert not frame.empty
        assert (frame["source_publisher"] != "").all()


def test_bundled_tables_keep_figures_ids_and_sources() -> None:
    flows = load_reference().flows.set_index("id")
    two_way = flows.loc["CACN-2024-TWOWAY-PMO"]
    assert two_way["amount"] == pytest.approx(118.7e9)
    assert (two_way["reporter"], two_way["partner"], two_way["flow"]) == ("CAN", "CHN", "two_way")
    assert two_way["source_kind"] == "secondary"
    assert "118.7 billion" in two_way["quote"]


def test_figures_agreeing_within_rounding_from_two_sources_are_not_conflicts() -> None:
    flows = load_reference().flows
    exports = flows[(flows["reporter"] == "CAN") & (flows["partner"] == "CHN")]
    exports = exports[(exports["flow"] == "exports") & (exports["period"] == "2024")]
    assert {29.9, 30.0} <= set(exports[exports["product"] == ""]["value"])


def test_revised_figure_keeps_both_vintages() -> None:
    flows = load_reference().flows
    balance = flows[(flows["partner"] == "USA") & (flows["flow"] == "balance")]
    balance = balance[balance["period"] == "2024"]
    vintages = dict(zip(balance["vintage"], balance["value"], strict=True))
    assert vintages == {"first_published": pytest.approx(102.3), "revised": pytest.approx(101.3)}


def test_user_directory_overrides_a_bundled_row(tmp_path: Path) -> None:
    override = FLOW | {"id": "CACN-2024-EXP-PMO", "value": "31.5"}
    path = write_table(tmp_path, "trade_flows", [override, FLOW | {"period": "2023"}])
    reference = load_reference([tmp_path])
    flows = reference.flows
    rows = flows[flows["id"] == "CACN-2024-EXP-PMO"]
    assert list(rows["value"]) == [31.5]
    source = reference.source("trade_flows", rows.index[0])
    assert f"{source.file}:{source.row}" == f"{path}:2"
    assert str(path) in reference.tables_used
    assert len(flows) == len(load_reference().flows) + 1


@pytest.mark.parametrize(
    ("base", "quote", "period", "rate", "row"),
    [
        ("USD", "CAD", "2024", 1.3698, 8),
        ("USD", "CAD", "2024-03", 1.3698, 8),  # a month uses its year's annual average
        ("USD", "CAD", "2024-Q2", 1.3698, 8),
        ("CAD", "USD", "2024", 1 / 1.3698, 8),  # stored the other way round: inverted
        ("USD", "CNY", "2025", 7.1875, 10),
        ("CNY", "USD", "2020", 1 / 6.8974, 11),
        ("CAD", "USD", "2019-01..2019-11", 1 / 1.3269, 3),
    ],
    ids=["annual", "month", "quarter", "inverted", "cny", "cny-inverted", "range-within-year"],
)
def test_fx_rate(base: str, quote: str, period: str, rate: float, row: int) -> None:
    found = load_reference().fx_rate(base, quote, period)
    assert found is not None
    value, source = found
    assert value == pytest.approx(rate)
    assert (source.file, source.row) == ("reference/exchange_rates.csv", row)


@pytest.mark.parametrize(
    ("base", "quote", "period"),
    [("USD", "CAD", "2017"), ("CAD", "CNY", "2024"), ("USD", "CAD", "2024..2025")],
    ids=["no-year", "no-pair", "multi-year"],
)
def test_missing_fx_rate_is_none(base: str, quote: str, period: str) -> None:
    assert load_reference().fx_rate(base, quote, period) is None


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Canada", "CAN"),
        ("Ottawa", "CAN"),
        ("Canadian", "CAN"),
        ("Beijing", "CHN"),
        ("the PRC", "CHN"),
        ("Chinese", "CHN"),
        ("Washington", "USA"),
        ("the U.S.", "USA"),
        ("America", "USA"),
        ("non-U.S.", "WXU"),
        ("outside the United States", "WXU"),
        ("the world", "WLD"),
    ],
)
def test_country_aliases(alias: str, code: str) -> None:
    assert {country.alias: country.code for country in load_countries()}[alias] == code


@pytest.mark.parametrize(
    ("name", "country", "currency"),
    [
        ("The Canadian Press", "CAN", "CAD"),
        ("Global Times", "CHN", "USD"),
        ("Reuters", "GBR", "USD"),  # a bare "$" is USD whatever the country
        ("DD News", "IND", "USD"),
    ],
)
def test_publishers(name: str, country: str, currency: str) -> None:
    publisher = {publisher.name: publisher for publisher in load_publishers()}[name]
    assert (publisher.country, publisher.currency) == (country, currency)


def test_publisher_aliases_split_on_semicolons() -> None:
    darpan = {p.name: p for p in load_publishers()}["DD News"]
    assert "DD Staff" in darpan.aliases


def test_user_countries_merge_and_are_cached(tmp_path: Path) -> None:
    write_table(tmp_path, "countries", [COUNTRY])
    countries = load_countries([tmp_path])
    assert countries[-1].alias == "Canuckistan"
    assert load_countries((str(tmp_path),)) is countries


def test_user_countries_validate_on_the_fast_path(tmp_path: Path) -> None:
    path = write_table(tmp_path, "countries", [COUNTRY | {"kind": "nickname"}])
    with pytest.raises(ReferenceDataError, match=f"^{path}:2: kind 'nickname'"):
        load_countries([tmp_path])


def test_countries_and_publishers_load_without_pandas_or_pint() -> None:
    code = (
        "import sys; from factcheck.reference import load_countries, load_publishers;"
        "load_countries(); load_publishers();"
        "print(sorted(m for m in ('pandas', 'pint') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_coverage_lists_every_table() -> None:
    table = coverage(load_reference()).set_index("table")
    assert table.loc["exchange_rates", "periods"] == "2018..2025"
    assert table.loc["trade_flows", "rows"] == len(load_reference().flows)
    assert table.loc["trade_flows", "sources"] > 10


def test_bundled_directory_is_the_repository_reference() -> None:
    assert (bundled_directory() / "SOURCES.md").is_file()


QUOTE_TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=80
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(quote=QUOTE_TEXT, value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_any_quote_round_trips_and_rows_keep_their_physical_line(
    tmp_path_factory: pytest.TempPathFactory, quote: str, value: float
) -> None:
    directory = tmp_path_factory.mktemp("user")
    first = FLOW | {"quote": quote, "value": repr(value)}
    write_table(directory, "trade_flows", [first, FLOW | {"id": "TEST-2", "period": "2023"}])
    flows = load_reference([directory]).flows.set_index("id")
    assert flows.loc["TEST-1", "quote"] == quote.strip()
    assert flows.loc["TEST-1", "value"] == pytest.approx(value)
    line_breaks = quote.count("\n") + quote.replace("\r\n", "\n").count("\r")
    assert flows.loc["TEST-2", "row"] == 3 + line_breaks


PERIODS = st.one_of(
    st.integers(1900, 2100).map(str),
    st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
    st.tuples(st.integers(1900, 2100), st.integers(1, 4)).map(lambda p: f"{p[0]}-Q{p[1]}"),
)


@given(start=PERIODS, end=PERIODS)
def test_period_ranges_are_accepted_in_order_only(start: str, end: str) -> None:
    assert PERIOD_PATTERN.match(start)
    match = PERIOD_PATTERN.match(f"{start}..{end}")
    assert match is not None
    assert (match["start"], match["end"]) == (start, end)
