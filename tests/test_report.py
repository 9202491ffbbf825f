"""Tests for `factcheck.report`: every output format, the JSON/CSV contract, SARIF against the
OASIS schema, fingerprints, GitHub annotations, exit codes, the table, streaming, determinism.

Findings are built by hand so each test controls exactly what the renderers see. The one
reference figure used is row CACN-2024-TWOWAY-PMO of ../shared/reference/figures.csv.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.errors import ExitCode
from factcheck.records import (
    Amount,
    Claim,
    Context,
    Finding,
    Flow,
    Kind,
    Location,
    Mention,
    Metric,
    Qualifier,
    Source,
    Verdict,
)
from factcheck.report import (
    COLUMNS,
    FORMATS,
    MACHINE_ORDER_FORMATS,
    Report,
    fingerprint,
    ordered,
    render,
    render_claims,
)

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# figures.csv row CACN-2024-TWOWAY-PMO: Canada-China two-way merchandise trade, 2024.
REFERENCE_VALUE = 118.7e9
REFERENCE_SOURCE = Source(
    publisher="ONEST Network (reporting Prime Minister's Office release)",
    title=(
        "Canada Moves From Reliance to Resilience as Prime Minister Carney Heads to China and Davos"
    ),
    url=(
        "https://www.onestnetwork.com/post/canada-moves-from-reliance-to-resilience"
        "-as-prime-minister-carney-heads-to-china-and-davos"
    ),
    date="2026-01-07",
    file="figures.csv",
    row=2,
    directness="secondary",
)
TWO_WAY_2024 = Context(
    metric=Metric.TRADE_VALUE,
    reporter="CAN",
    partner="CHN",
    flow=Flow.TWO_WAY,
    period="2024",
    attributed_to="Prime Minister of Canada's office",
)

# The brief's contract: every `check --format json/jsonl` row carries at least these.
CONTRACT_FIELDS = (
    *("article", "start", "end", "text", "kind", "value", "unit", "currency"),
    *("currency_candidates", "currency_evidence", "qualifier", "low", "high", "direction"),
    *("in_body", "metric", "reporter", "partner", "flow", "period", "attributed_to"),
    *("verdict", "reference_value", "reference_source", "difference", "explanation", "related"),
)
PROBLEMS = (
    Verdict.CONTRADICTED,
    Verdict.INCONSISTENT,
    Verdict.AMBIGUOUS_CURRENCY,
    Verdict.WRONG_PERIOD,
    Verdict.UNVERIFIABLE,
)
QUIET = (Verdict.SUPPORTED, Verdict.NOT_CHECKED)


def make_claim(
    text: str = "$118.7 billion",
    *,
    article: str = "seeds/globaltimes.txt",
    start: int = 120,
    line: int = 4,
    column: int = 7,
    value: float = 118.7e9,
    context: Context = TWO_WAY_2024,
    occurrence: int = 0,
) -> Claim:
    end = start + len(text)
    mention = Mention(
        article=article,
        start=start,
        end=end,
        text=text,
        number="118.7",
        scale="billion",
        currency_text="$",
        currency=None,
        kind=Kind.MONEY,
        unit=None,
        qualifier=Qualifier.EXACT,
        value=value,
        step=1e8,
    )
    amount = Amount(
        magnitude=value,
        unit="CAD",
        currency="CAD",
        currency_candidates=("CAD", "USD"),
        currency_evidence="attributed to the Prime Minister of Canada's office",
        low=value - 0.05e9,
        high=value + 0.05e9,
    )
    claim_id = f"{article}#{start}-{end}" + (f"~{occurrence}" if occurrence else "")
    location = Location(path=article, line=line, column=column, start=start, end=end)
    return Claim(id=claim_id, mention=mention, amount=amount, context=context, location=location)


def make_finding(
    verdict: Verdict,
    text: str = "$118.7 billion",
    *,
    explanation: str = "",
    **claim_fields: object,
) -> Finding:
    claim = make_claim(text, **claim_fields)  # type: ignore[arg-type]
    value = claim.mention.value
    return Finding(
        claim=claim,
        verdict=verdict,
        explanation=explanation or f"{verdict} against Canada-China two-way trade 2024",
        reference_value=REFERENCE_VALUE,
        reference_unit="CAD",
        sources=(REFERENCE_SOURCE,),
        difference=(value - REFERENCE_VALUE) / REFERENCE_VALUE,
        related=("seeds/xinhua.txt#40-54",) if verdict is Verdict.INCONSISTENT else (),
    )


def every_verdict() -> Report:
    """One finding per verdict, each with its own text, article and position."""
    findings = tuple(
        make_finding(
            verdict,
            f"${100 + index}.5bn",  # no space: rich keeps it on one line in a narrow column
            article=f"seeds/{'b' if index % 2 else 'a'}.txt",
            start=10 * (len(Verdict) - index),
            value=(100 + index + 0.5) * 1e9,
        )
        for index, verdict in enumerate(Verdict)
    )
    return Report(findings=findings)


def text_of(report: Report, verdict: Verdict) -> str:
    return next(f.claim.mention.text for f in report.findings if f.verdict is verdict)


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


# -- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_every_format_lists_the_contradiction(fmt: str) -> None:
    report = every_verdict()
    output = render(report, fmt)
    assert output.endswith("\n")
    assert text_of(report, Verdict.CONTRADICTED) in output


def test_render_rejects_an_unknown_format() -> None:
    with pytest.raises(KeyError):
        render(every_verdict(), "yaml")


# -- json / jsonl contract ------------------------------------------------------------------


def json_rows(output: str) -> list[dict[str, object]]:
    return json.loads(output)["findings"]


def jsonl_rows(output: str) -> list[dict[str, object]]:
    # Only "\n" ends a JSONL record; str.splitlines() would also split on U+2028 and friends.
    return [json.loads(line) for line in output.removesuffix("\n").split("\n")]


@pytest.mark.parametrize(
    "fmt, rows_of", [("json", json_rows), ("jsonl", jsonl_rows)], ids=["json", "jsonl"]
)
def test_machine_formats_carry_the_contract_for_every_finding(fmt: str, rows_of) -> None:
    report = every_verdict()
    rows = rows_of(render(report, fmt))
    # Machine formats list every finding, supported and not-checked included.
    assert sorted(row["verdict"] for row in rows) == sorted(str(v) for v in Verdict)
    for row in rows:
        assert set(CONTRACT_FIELDS) <= row.keys(), set(CONTRACT_FIELDS) - row.keys()


@pytest.mark.parametrize(
    "fmt, rows_of", [("json", json_rows), ("jsonl", jsonl_rows)], ids=["json", "jsonl"]
)
def test_machine_formats_round_trip_the_values(fmt: str, rows_of) -> None:
    finding = make_finding(Verdict.CONTRADICTED, "$128.7 billion", value=128.7e9)
    (row,) = rows_of(render(Report(findings=(finding,)), fmt))
    assert row["text"] == "$128.7 billion"
    assert (row["start"], row["end"]) == (finding.claim.mention.start, finding.claim.mention.end)
    assert row["kind"] == "money"
    assert row["value"] == 128.7e9
    assert row["currency"] == "CAD"
    assert row["currency_candidates"] == ["CAD", "USD"]
    assert row["qualifier"] == "exact"
    assert row["direction"] is None
    assert (row["metric"], row["reporter"], row["partner"]) == ("trade_value", "CAN", "CHN")
    assert (row["flow"], row["period"]) == ("two_way", "2024")
    assert row["verdict"] == "contradicted"
    assert row["reference_value"] == REFERENCE_VALUE
    assert row["reference_source"][0]["url"] == REFERENCE_SOURCE.url
    assert row["reference_source"][0]["row"] == 2
    assert row["difference"] == pytest.approx(10 / 118.7)
    assert row["related"] == []
    assert row["fingerprint"] == fingerprint(finding)


def test_json_document_has_a_summary() -> None:
    document = json.loads(render(every_verdict(), "json"))
    assert document["summary"]["claims"] == len(Verdict)
    assert document["summary"]["articles"] == 2
    assert document["summary"]["verdicts"] == {str(verdict): 1 for verdict in Verdict}


@given(text=st.text(st.characters(exclude_categories=("Cs",)), min_size=1))
def test_jsonl_round_trips_any_claim_text(text: str) -> None:
    (row,) = jsonl_rows(
        render(Report(findings=(make_finding(Verdict.CONTRADICTED, text),)), "jsonl")
    )
    assert row["text"] == text


# -- csv --------------------------------------------------------------------------------------


def csv_rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output, newline="")))


def test_csv_has_the_dataframe_columns() -> None:
    report = every_verdict()
    output = render(report, "csv")
    header = next(csv.reader(io.StringIO(output)))
    assert header == list(report.to_frame().columns) == COLUMNS
    assert len(csv_rows(output)) == len(report.to_frame()) == len(Verdict)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","$1 billion")', "@SUM(1)", "+1 billion", "-3%"],
    ids=["equals-hyperlink", "at-sum", "plus", "minus"],
)
def test_csv_neutralises_formula_cells(text: str) -> None:
    (row,) = csv_rows(render(Report(findings=(make_finding(Verdict.CONTRADICTED, text),)), "csv"))
    assert row["text"] == "'" + text


@pytest.mark.parametrize("text", ["$118.7 billion", "about 75%"], ids=["dollar", "about"])
def test_csv_leaves_ordinary_text_alone(text: str) -> None:
    (row,) = csv_rows(render(Report(findings=(make_finding(Verdict.SUPPORTED, text),)), "csv"))
    assert row["text"] == text


def test_csv_numeric_cells_stay_numbers() -> None:
    # A negative difference starts with "-" but is a number, not a formula.
    finding = make_finding(Verdict.CONTRADICTED, "$108.7 billion", value=108.7e9)
    (row,) = csv_rows(render(Report(findings=(finding,)), "csv"))
    assert float(row["difference"]) == pytest.approx(-10 / 118.7)
    assert float(row["value"]) == 108.7e9
    assert float(row["reference_value"]) == REFERENCE_VALUE
    assert int(row["start"]) == finding.claim.mention.start


@given(text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"), min_size=1))
def test_csv_cell_is_the_text_or_the_text_neutralised(text: str) -> None:
    (row,) = csv_rows(render(Report(findings=(make_finding(Verdict.CONTRADICTED, text),)), "csv"))
    dangerous = text.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert row["text"] == ("'" + text if dangerous else text)


@pytest.mark.parametrize("text", ["$1.5\rbillion", "\r=1+1"], ids=["inner-cr", "leading-cr"])
def test_csv_keeps_a_carriage_return_inside_its_cell(text: str) -> None:
    rows = csv_rows(render(Report(findings=(make_finding(Verdict.CONTRADICTED, text),)), "csv"))
    assert [row["text"] for row in rows] == [text if text[0] == "$" else "'" + text]


# -- markdown ---------------------------------------------------------------------------------


def test_markdown_escapes_pipes_in_cells() -> None:
    finding = make_finding(Verdict.CONTRADICTED, "$1|2 billion", explanation="a | b")
    lines = render(Report(findings=(finding,)), "markdown").splitlines()
    (row,) = [line for line in lines if "$1" in line]
    assert "$1\\|2 billion" in row
    assert row.replace("\\|", "").count("|") == 9  # eight cells, nine separators


# -- sarif ------------------------------------------------------------------------------------


def test_shipped_schema_is_the_oasis_sarif_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert "oasis-tcs/sarif-spec" in schema["$id"]
    assert schema["required"] == ["version", "runs"]


@pytest.mark.parametrize(
    "broken",
    [
        {"version": "2.1.0"},
        {"version": "2.0.0", "runs": []},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]},
    ],
    ids=["no-runs", "wrong-version", "driver-without-name", "result-without-message"],
)
def test_schema_rejects_broken_logs(sarif_validator, broken: dict[str, object]) -> None:
    # Guards against a schema that validates everything (one copy in the wild nests the root).
    assert not sarif_validator.is_valid(broken)


@pytest.mark.parametrize("show_all", [False, True], ids=["problems", "all"])
def test_sarif_validates_against_the_schema(sarif_validator, show_all: bool) -> None:
    document = json.loads(render(every_verdict(), "sarif", show_all=show_all))
    errors = [error.message for error in sarif_validator.iter_errors(document)]
    assert errors == []


def test_sarif_has_one_rule_per_verdict() -> None:
    (run,) = json.loads(render(every_verdict(), "sarif"))["runs"]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == sorted(str(verdict) for verdict in Verdict)


def test_sarif_results_carry_fingerprints_and_rules() -> None:
    report = every_verdict()
    (run,) = json.loads(render(report, "sarif"))["runs"]
    by_verdict = {str(finding.verdict): finding for finding in report.findings}
    assert sorted(result["ruleId"] for result in run["results"]) == sorted(map(str, PROBLEMS))
    for result in run["results"]:
        finding = by_verdict[result["ruleId"]]
        assert result["partialFingerprints"] == {"factcheck/v1": fingerprint(finding)}
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == finding.claim.location.line
        assert region["startColumn"] == finding.claim.location.column + 1  # SARIF is 1-based
        assert region["charOffset"] == finding.claim.mention.start
        assert region["charLength"] == len(finding.claim.mention.text)


@pytest.mark.parametrize(
    "verdict, level",
    [
        (Verdict.CONTRADICTED, "error"),
        (Verdict.INCONSISTENT, "error"),
        (Verdict.AMBIGUOUS_CURRENCY, "warning"),
        (Verdict.WRONG_PERIOD, "warning"),
        (Verdict.UNVERIFIABLE, "note"),
    ],
    ids=str,
)
def test_sarif_level_per_verdict(verdict: Verdict, level: str) -> None:
    (run,) = json.loads(render(Report(findings=(make_finding(verdict),)), "sarif"))["runs"]
    assert [result["level"] for result in run["results"]] == [level]


# -- fingerprints ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moved",
    [
        {"start": 4_000},
        {"line": 90},
        {"column": 0},
        {"start": 7, "line": 1, "column": 7},
    ],
    ids=["offset", "line", "column", "all-positions"],
)
def test_fingerprint_survives_an_edit_elsewhere(moved: dict[str, int]) -> None:
    before = make_finding(Verdict.CONTRADICTED)
    after = make_finding(Verdict.CONTRADICTED, **moved)
    if "start" in moved:
        assert after.claim.id != before.claim.id  # the offsets are in the id, not the hash
    assert fingerprint(after) == fingerprint(before)


@pytest.mark.parametrize(
    "changed",
    [
        {"context": dataclasses.replace(TWO_WAY_2024, period="2023")},
        {"context": dataclasses.replace(TWO_WAY_2024, partner="USA")},
        {"context": dataclasses.replace(TWO_WAY_2024, reporter="CHN")},
        {"context": dataclasses.replace(TWO_WAY_2024, flow=Flow.EXPORTS)},
        {"context": dataclasses.replace(TWO_WAY_2024, metric=Metric.TARGET)},
        {"article": "seeds/other.txt"},
        {"occurrence": 1},
    ],
    ids=["period", "partner", "reporter", "flow", "metric", "article", "second-occurrence"],
)
def test_fingerprint_changes_with_what_the_claim_says(changed: dict[str, object]) -> None:
    assert fingerprint(make_finding(Verdict.CONTRADICTED, **changed)) != fingerprint(
        make_finding(Verdict.CONTRADICTED)
    )


def test_fingerprint_changes_with_the_text() -> None:
    assert fingerprint(make_finding(Verdict.CONTRADICTED, "$118.8 billion")) != fingerprint(
        make_finding(Verdict.CONTRADICTED, "$118.7 billion")
    )


def test_fingerprint_survives_an_edit_when_the_path_has_a_tilde() -> None:
    before = make_finding(Verdict.CONTRADICTED, article="drafts/story~v2.txt", start=120)
    after = make_finding(Verdict.CONTRADICTED, article="drafts/story~v2.txt", start=480)
    assert fingerprint(after) == fingerprint(before)


# -- github annotations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "verdict, command",
    [
        (Verdict.CONTRADICTED, "::error "),
        (Verdict.INCONSISTENT, "::error "),
        (Verdict.AMBIGUOUS_CURRENCY, "::warning "),
        (Verdict.WRONG_PERIOD, "::warning "),
        (Verdict.UNVERIFIABLE, "::notice "),
    ],
    ids=str,
)
def test_github_annotation_per_verdict(verdict: Verdict, command: str) -> None:
    finding = make_finding(verdict, line=4, column=7)
    first = render(Report(findings=(finding,)), "github").splitlines()[0]
    assert first.startswith(
        f"{command}file=seeds/globaltimes.txt,line=4,col=8,title=factcheck {verdict}::"
    )
    assert first.endswith(f"::$118.7 billion: {finding.explanation}")


@pytest.mark.parametrize("verdict", QUIET, ids=str)
def test_github_skips_quiet_verdicts_even_with_show_all(verdict: Verdict) -> None:
    output = render(Report(findings=(make_finding(verdict),)), "github", show_all=True)
    assert "::" not in output


def test_github_escapes_properties_and_message() -> None:
    finding = make_finding(
        Verdict.CONTRADICTED,
        "100% more",
        article="news/a:b,c%.txt",
        explanation="first line\nsecond: 5%",
    )
    first = render(Report(findings=(finding,)), "github").splitlines()[0]
    assert first.startswith("::error file=news/a%3Ab%2Cc%25.txt,line=")
    # In the message only %, CR and LF are escaped; ':' and ',' stay readable.
    assert first.endswith("::100%25 more: first line%0Asecond: 5%25")


def test_github_caps_annotations_per_level_with_a_summary() -> None:
    findings = (
        *(
            make_finding(Verdict.CONTRADICTED, f"${index}.5 billion", start=100 * index)
            for index in range(1, 26)
        ),
        make_finding(Verdict.UNVERIFIABLE, "$7.5 billion", start=5),
    )
    lines = render(Report(findings=findings), "github").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::notice ") for line in lines) == 1
    assert "15 more error annotations not shown (GitHub shows 10 per step)" in lines
    # The first ten in report order are the ones shown.
    assert [line.rsplit("::", 1)[1].split(":")[0] for line in lines[:10]] == [
        f"${index}.5 billion" for index in range(1, 11)
    ]


# -- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verdicts, fail_on, expected",
    [
        ((Verdict.CONTRADICTED,), None, ExitCode.FINDINGS),
        ((Verdict.INCONSISTENT,), None, ExitCode.FINDINGS),
        ((Verdict.SUPPORTED, Verdict.SUPPORTED), None, ExitCode.OK),
        (
            (Verdict.AMBIGUOUS_CURRENCY, Verdict.WRONG_PERIOD, Verdict.UNVERIFIABLE),
            None,
            ExitCode.OK,
        ),
        ((), None, ExitCode.OK),
        ((Verdict.AMBIGUOUS_CURRENCY,), {Verdict.AMBIGUOUS_CURRENCY}, ExitCode.FINDINGS),
        ((Verdict.CONTRADICTED,), {Verdict.WRONG_PERIOD}, ExitCode.OK),
        ((Verdict.CONTRADICTED,), set(), ExitCode.OK),
    ],
    ids=[
        "contradicted",
        "inconsistent",
        "only-supported",
        "warnings-only",
        "empty",
        "custom-fail-on-hit",
        "custom-fail-on-miss",
        "fail-on-nothing",
    ],
)
def test_exit_code(verdicts: tuple[Verdict, ...], fail_on, expected: ExitCode) -> None:
    report = Report(findings=tuple(make_finding(v, start=20 * i) for i, v in enumerate(verdicts)))
    code = report.exit_code() if fail_on is None else report.exit_code(fail_on)
    assert code is expected


def test_baseline_accepted_findings_do_not_fail() -> None:
    accepted = make_finding(Verdict.CONTRADICTED, "$128.7 billion", value=128.7e9)
    report = Report(findings=(accepted,), accepted=frozenset({fingerprint(accepted)}))
    assert report.exit_code() is ExitCode.OK
    assert "1 accepted by the baseline" in render(report, "table")


def test_baseline_does_not_hide_a_new_finding() -> None:
    accepted = make_finding(Verdict.CONTRADICTED, "$128.7 billion", value=128.7e9)
    new = make_finding(Verdict.CONTRADICTED, "$98.7 billion", value=98.7e9, start=900)
    report = Report(findings=(accepted, new), accepted=frozenset({fingerprint(accepted)}))
    assert report.exit_code() is ExitCode.FINDINGS
    assert report.failing() == [new]


# -- table ------------------------------------------------------------------------------------


def test_table_lists_problems_first_and_hides_quiet_verdicts() -> None:
    report = every_verdict()
    output = render(report, "table", width=100)
    positions = [output.index(text_of(report, verdict)) for verdict in PROBLEMS]
    assert positions == sorted(positions)
    for verdict in QUIET:
        assert text_of(report, verdict) not in output
    assert "(2 supported or not checked not listed; --all lists them)" in output
    assert "\x1b[" not in output
    table_lines = [line for line in output.splitlines() if line[:1] in "┏┃┡│└"]
    assert table_lines
    assert max(len(line) for line in table_lines) <= 100


def test_table_show_all_lists_everything() -> None:
    report = every_verdict()
    output = render(report, "table", width=100, show_all=True)
    for verdict in Verdict:
        assert text_of(report, verdict) in output
    assert "not listed" not in output
    assert f"{len(Verdict)} claims in 2 articles" in output


def test_table_never_truncates_the_verdict() -> None:
    output = render(every_verdict(), "table", width=100)
    cells = {cell.strip() for line in output.splitlines() for cell in line.split("│")}
    assert {str(verdict) for verdict in PROBLEMS} <= cells


def test_table_of_nothing_is_a_summary_line() -> None:
    assert render(Report(findings=()), "table", width=100) == "0 claims in 0 articles: none.\n"


@pytest.mark.parametrize(
    "text, explanation",
    [("[bold]5%[/bold]", "plain"), ("5% [sic]", "see [/b] here")],
    ids=["markup-in-claim", "closing-tag-in-explanation"],
)
def test_table_shows_brackets_verbatim(text: str, explanation: str) -> None:
    finding = make_finding(Verdict.CONTRADICTED, text, explanation=explanation)
    output = render(Report(findings=(finding,)), "table", width=160)
    assert text in output
    assert explanation in output


# -- render_claims (extract output) -----------------------------------------------------------


def claims_then_failure(count: int) -> Iterator[Claim]:
    """`count` claims, then an error: proves a renderer consumed the input lazily."""
    for index in range(count):
        yield make_claim(f"${index + 1}.5 billion", start=100 * index)
    raise AssertionError("the renderer read past what it had yielded")


def test_render_claims_streams_jsonl_line_by_line() -> None:
    chunks = render_claims(claims_then_failure(2), "jsonl")
    first, second = next(chunks), next(chunks)
    assert json.loads(first)["text"] == "$1.5 billion"
    assert json.loads(second)["text"] == "$2.5 billion"
    with pytest.raises(AssertionError, match="read past"):
        next(chunks)


def test_render_claims_streams_csv_row_by_row() -> None:
    chunks = render_claims(claims_then_failure(2), "csv")
    first, second = next(chunks), next(chunks)
    assert first.splitlines()[0].split(",")[:3] == ["id", "article", "line"]
    assert len(first.splitlines()) == 2  # header and the first claim
    assert len(second.splitlines()) == 1
    with pytest.raises(AssertionError, match="read past"):
        next(chunks)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"], ids=str)
def test_render_claims_joined_output_lists_every_claim(fmt: str) -> None:
    claims = [make_claim(f"${index}.5 billion", start=100 * index) for index in range(1, 4)]
    output = "".join(render_claims(claims, fmt))
    for claim in claims:
        assert claim.mention.text in output


def test_render_claims_csv_neutralises_formulas() -> None:
    output = "".join(render_claims([make_claim("=1+1")], "csv"))
    assert csv_rows(output)[0]["text"] == "'=1+1"


# -- determinism and order --------------------------------------------------------------------


HUMAN_FORMATS = [fmt for fmt in FORMATS if fmt not in MACHINE_ORDER_FORMATS]


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_human_formats_are_deterministic_and_independent_of_input_order(fmt: str) -> None:
    report = every_verdict()
    shuffled = list(report.findings)
    random.Random(7).shuffle(shuffled)
    assert shuffled != list(report.findings)
    first = render(report, fmt, show_all=True)
    assert render(report, fmt, show_all=True) == first
    assert render(Report(findings=tuple(shuffled)), fmt, show_all=True) == first


@pytest.mark.parametrize("fmt", sorted(MACHINE_ORDER_FORMATS))
def test_machine_formats_keep_the_report_order(fmt: str) -> None:
    # Streams are written as articles are read, so machine formats list claims in input order.
    report = every_verdict()
    shuffled = list(report.findings)
    random.Random(7).shuffle(shuffled)
    output = render(Report(findings=tuple(shuffled)), fmt)
    positions = [output.index(finding.claim.id) for finding in shuffled]
    assert positions == sorted(positions)
    assert render(Report(findings=tuple(shuffled)), fmt) == output


def test_ordered_sorts_problems_then_article_then_start() -> None:
    findings = [
        make_finding(Verdict.SUPPORTED, article="a.txt", start=1),
        make_finding(Verdict.UNVERIFIABLE, article="a.txt", start=5),
        make_finding(Verdict.CONTRADICTED, article="b.txt", start=3),
        make_finding(Verdict.CONTRADICTED, article="a.txt", start=90),
        make_finding(Verdict.CONTRADICTED, article="a.txt", start=9),
        make_finding(Verdict.INCONSISTENT, article="a.txt", start=1),
    ]
    keys = [
        (str(f.verdict), f.claim.mention.article, f.claim.mention.start)
        for f in ordered(reversed(findings))
    ]
    assert keys == [
        ("contradicted", "a.txt", 9),
        ("contradicted", "a.txt", 90),
        ("contradicted", "b.txt", 3),
        ("inconsistent", "a.txt", 1),
        ("unverifiable", "a.txt", 5),
        ("supported", "a.txt", 1),
    ]
