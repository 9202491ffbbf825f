"""End-to-end CLI tests through a real subprocess: exit codes, formats, bad input, atomic output."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import assert_one_line_error, run

from factcheck.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLAIMS = ROOT / "examples" / "claims.yaml"
ANSI_ESCAPE = "\x1b["


@pytest.mark.parametrize("command", ["check", "extract", "gate", "reference"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("command", ["check", "extract", "gate", "reference"])
def test_readme_documents_every_command(command: str) -> None:
    assert f"factcheck {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert b"factcheck" in result.stdout


def test_extract_seeds_writes_the_claims_contract() -> None:
    result = run("extract", "seeds/", "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert rows
    required = {"article", "start", "end", "text", "kind", "value", "unit", "currency", "qualifier"}
    required |= {"low", "high", "direction", "in_body", "metric", "reporter", "partner", "flow"}
    required |= {"period", "attributed_to", "currency_candidates", "currency_evidence"}
    for row in rows:
        assert required <= row.keys()
        text = (ROOT / row["article"]).read_text(encoding="utf-8")
        assert text[row["start"] : row["end"]] == row["text"]


def test_extract_reads_stdin() -> None:
    result = run("extract", "-", stdin=b"Canada's exports to China fell 10.4% in 2025.\n")
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(row["article"], row["text"], row["direction"]) for row in rows] == [
        ("<stdin>", "10.4%", "down")
    ]


def test_check_seeds_prints_the_discrepancy_table_without_colour_in_a_pipe() -> None:
    result = run("check", "seeds/", "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    output = result.stdout.decode()
    assert "ambiguous_currency" in output
    assert "$118.7 billion" in output
    assert ANSI_ESCAPE not in output


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "sarif", "markdown", "github", "table"])
def test_check_formats_are_deterministic(fmt: str) -> None:
    first = run("check", "seeds/", "--format", fmt, "--jobs", "1")
    second = run("check", "seeds/", "--format", fmt, "--jobs", "2")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout


def test_check_machine_formats_parse() -> None:
    as_json = json.loads(run("check", "seeds/", "--format", "json").stdout)
    lines = run("check", "seeds/", "--format", "jsonl").stdout.decode().splitlines()
    table = list(
        csv.DictReader(io.StringIO(run("check", "seeds/", "--format", "csv").stdout.decode()))
    )
    sarif = json.loads(run("check", "seeds/", "--format", "sarif").stdout)
    assert len(as_json["findings"]) == len(lines) == len(table)
    assert sarif["version"] == "2.1.0"


def test_cli_json_equals_the_library_report(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck
    from factcheck.report import render

    monkeypatch.chdir(ROOT)  # the same relative paths, so the same ids and fingerprints
    cli_output = run("check", "seeds/", "--format", "json", "--jobs", "1").stdout.decode()
    library_output = render(factcheck.check(["seeds/"], jobs=1), "json")
    assert json.loads(cli_output) == json.loads(library_output)


def test_fail_on_turns_a_verdict_into_exit_1() -> None:
    result = run("check", "seeds/", "--fail-on", "ambiguous_currency")
    assert result.returncode == 1
    assert run("check", "seeds/", "--fail-on", "ambiguous_currency", "--exit-zero").returncode == 0


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "findings.jsonl"
    result = run("check", "seeds/", "--format", "jsonl", "-o", str(target))
    assert result.returncode == 0
    assert result.stdout == b""
    assert all(json.loads(line) for line in target.read_text().splitlines())
    assert [path.name for path in tmp_path.iterdir()] == ["findings.jsonl"]


def test_gate_passes_on_the_example_claims() -> None:
    result = run("gate", str(CLAIMS), "--format", "json")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


CONTRADICTED_CLAIM = """claims:
  - id: wrong-two-way
    metric: trade_value
    reporter: CAN
    partner: CHN
    flow: two_way
    period: "2024"
    value: "150.2 billion CAD"
"""


def test_gate_fails_on_a_contradiction_and_baseline_accepts_it(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(CONTRADICTED_CLAIM)
    failing = run("gate", str(claims), "--format", "github")
    assert failing.returncode == 1, failing.stderr.decode()
    assert "::error" in failing.stdout.decode()
    report = tmp_path / "baseline.json"
    run("gate", str(claims), "--format", "json", "-o", str(report))
    accepted = run("gate", str(claims), "--baseline", str(report))
    assert accepted.returncode == 0
    assert "1 accepted by the baseline" in accepted.stdout.decode()


BAD_CLAIMS = {
    "malformed-yaml": ("claims:\n  - id: a\n    value: [unclosed\n", ":3"),
    "neither-value-nor-text": ("claims:\n  - id: a\n    metric: trade_value\n", ":2"),
    "unknown-metric": ('claims:\n  - id: a\n    metric: gdp\n    value: "3 percent"\n', ":2"),
    "unparseable-value": (
        'claims:\n  - id: a\n    metric: trade_value\n    value: "118.7 billion XYZ"\n',
        ":2",
    ),
}


@pytest.mark.parametrize("content, line", BAD_CLAIMS.values(), ids=BAD_CLAIMS.keys())
def test_bad_claims_file_is_one_line_with_file_and_line(
    tmp_path: Path, content: str, line: str
) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(content)
    output = tmp_path / "out.json"
    result = run("gate", str(claims), "--format", "json", "-o", str(output))
    assert_one_line_error(result, "claims.yaml" + line)
    assert not output.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["claims.yaml"]


def test_missing_path_is_exit_2_naming_it(tmp_path: Path) -> None:
    assert_one_line_error(run("check", str(tmp_path / "nope.txt")), "nope.txt")


def test_binary_file_is_exit_2_naming_it(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    assert_one_line_error(run("extract", str(binary)), "image.txt")


def test_directory_with_nothing_readable_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run("check", str(tmp_path / "empty")), "empty")


def test_unwritable_output_is_exit_2_before_any_work(tmp_path: Path) -> None:
    result = run("check", "seeds/", "-o", str(tmp_path / "missing-dir" / "out.json"))
    assert_one_line_error(result, "out.json")


def test_unknown_option_is_a_usage_error_with_exit_2() -> None:
    assert_one_line_error(run("check", "seeds/", "--fail-on", "wrong"), "wrong")


def test_internal_error_is_one_line_and_exit_3() -> None:
    code = (
        "import sys, factcheck.pipeline as p\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "p.check_stream = boom\n"
        "from factcheck.cli import main\n"
        "main(['check', 'seeds/'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=False
    )
    stderr = result.stderr.decode()
    assert result.returncode == 3
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1
    assert "internal error" in stderr and "--debug" in stderr


def test_reference_command_validates_and_prints_coverage() -> None:
    result = run("reference")
    assert result.returncode == 0, result.stderr.decode()
    assert "trade_flows" in result.stdout.decode()


def test_reference_command_reports_every_problem_with_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "trade_flows.csv"
    good_header = (
        (ROOT / "reference" / "trade_flows.csv").read_text(encoding="utf-8").splitlines()[0]
    )
    bad.write_text(good_header + "\n" + ",".join(["x"] * len(good_header.split(","))) + "\n")
    result = run("reference", str(tmp_path))
    assert result.returncode == 2
    assert "trade_flows.csv:2" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_reference_option_is_the_same_as_a_directory_argument(tmp_path: Path) -> None:
    as_argument = run("reference", str(tmp_path))
    as_option = run("reference", "--reference", str(tmp_path))
    assert as_argument.returncode == as_option.returncode == 0
    assert as_argument.stdout == as_option.stdout


def test_check_reads_saved_html_pages() -> None:
    result = run("check", "tests/data/html/", "--format", "jsonl", "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert rows
    assert all(row["article"].endswith(".html") for row in rows)
    assert not any("<" in row["text"] or "&amp;" in row["text"] for row in rows)


def test_check_sarif_validates_against_the_sarif_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    document = json.loads(run("check", "seeds/", "--format", "sarif", "--all").stdout)
    jsonschema.Draft7Validator(schema).validate(document)
    assert document["runs"][0]["results"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_an_interactive_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import cli as cli_module

    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.delenv("CI", raising=False)
    with cli_module._progress("checking") as advance:
        assert advance is not None
        advance("seeds/a.txt")
    monkeypatch.setenv("CI", "true")
    with cli_module._progress("checking") as advance:
        assert advance is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delenv("CI")
    with cli_module._progress("checking") as advance:
        assert advance is None


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import cli as cli_module

    monkeypatch.setattr(sys, "stdout", _Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_module._use_color(None) is True
    assert cli_module._use_color("out.txt") is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module._use_color(None) is False


def test_coloured_table_marks_verdicts_and_plain_table_does_not() -> None:
    import factcheck
    from factcheck.report import render

    report = factcheck.check([str(SEEDS)], jobs=1)
    assert ANSI_ESCAPE in render(report, "table", color=True)
    assert ANSI_ESCAPE not in render(report, "table", color=False)
