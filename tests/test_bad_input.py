"""Bad input through the real CLI: each case works and says what it did, or exits 2 with one
stderr line naming the file and line/row, no traceback, and no output file left behind.

Cases already in test_cli.py (missing file, binary file, empty directory, malformed YAML,
unknown metric, unparseable value, missing output directory) are not repeated here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_line_error, run

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Canada's exports to China fell 10.4% in 2025, according to Chinese customs data.\n"


def assert_nothing_written(directory: Path, *inputs: str) -> None:
    assert sorted(path.name for path in directory.iterdir()) == sorted(inputs)


# name → (file name, bytes, what stderr must name)
REFUSED_ARTICLES = {
    "empty file": ("empty.txt", b"", "empty.txt"),
    "nul bytes": ("nul.txt", ARTICLE.encode() + b"\x00\x00" + ARTICLE.encode(), "nul.txt"),
    "whitespace only": ("blank.txt", b" \n\t\n", "blank.txt"),
}


@pytest.mark.parametrize(
    "name, data, needle", REFUSED_ARTICLES.values(), ids=REFUSED_ARTICLES.keys()
)
@pytest.mark.parametrize("command", ["check", "extract"])
def test_unreadable_article_is_refused(
    tmp_path: Path, command: str, name: str, data: bytes, needle: str
) -> None:
    (tmp_path / name).write_bytes(data)
    output = tmp_path / "out.json"
    assert_one_line_error(run(command, str(tmp_path / name), "-o", str(output)), needle)
    assert_nothing_written(tmp_path, name)


def test_invalid_utf8_that_is_not_cp1252_is_refused_with_the_fix(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so no legacy decoding can be guessed either.
    article = tmp_path / "broken.txt"
    article.write_bytes(b"Exports fell 10.4% \x81\x81 in 2025.\n")
    result = run("extract", str(article))
    assert_one_line_error(result, "broken.txt", "UTF-8")


# name → (encoded article, the note stderr must carry, or None)
DECODED = {
    "cp1252": (
        "Exports to China fell 10.4% \u2014 \u201cworst\u201d in 2025.\n".encode("cp1252"),
        "decoded as cp1252",
    ),
    "utf-16 with bom": (ARTICLE.encode("utf-16"), None),
    "utf-8 with bom": (ARTICLE.encode("utf-8-sig"), None),
}


@pytest.mark.parametrize("data, note", DECODED.values(), ids=DECODED.keys())
def test_legacy_encodings_are_decoded_and_said(tmp_path: Path, data: bytes, note: str | None):
    article = tmp_path / "article.txt"
    article.write_bytes(data)
    result = run("extract", str(article))
    assert result.returncode == 0, result.stderr.decode()
    [row] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert (row["text"], row["value"], row["direction"]) == ("10.4%", 10.4, "down")
    assert "Traceback" not in result.stderr.decode()
    if note:
        assert note in result.stderr.decode()


def test_cp1252_note_reaches_the_json_report(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes("Canada\u2019s exports fell 10.4% in 2025.\n".encode("cp1252"))
    report = json.loads(run("check", str(article), "--format", "json").stdout)
    assert any("decoded as cp1252" in note for note in report["notes"])


@pytest.mark.slow
def test_a_2_mb_single_line_finishes(tmp_path: Path) -> None:
    # Larger files are run by hand (figures in the README); 2 MB keeps the suite fast. The one
    # line holds many sentences, like an article pasted without line breaks.
    article = tmp_path / "huge.txt"
    sentence = "Exports to China rose 3% to $1.2 billion and imports fell 2%. "
    article.write_text(sentence * (2_000_000 // len(sentence)))
    output = tmp_path / "claims.jsonl"
    result = run("extract", str(article), "--jobs", "1", "-o", str(output))
    assert result.returncode == 0, result.stderr.decode()
    with output.open(encoding="utf-8") as lines:
        first = json.loads(next(lines))
    assert first["text"] == "3%"


def test_a_megabyte_of_digits_and_commas_yields_nothing(tmp_path: Path) -> None:
    article = tmp_path / "digits.txt"
    article.write_text("1234567890," * 100_000 + "12345\n")
    result = run("extract", str(article), "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""


HTML_PAGE = """<!doctype html><html><head><title>Canola tariffs</title>
<script>var fake = "exports rose 99% to $999 billion";</script>
<style>.x:after { content: "77% share"; }</style></head>
<body><article><h1>Canola tariffs</h1>
<p>Canada&#8217;s exports to China fell 10.4% in 2025 &amp; imports rose 3&nbsp;per cent.</p>
<script>document.write("55% of exports")</script>
<p>Two-way trade was $118.7 billion in 2024, Ottawa&rsquo;s figures show.</p>
</article></body></html>
"""


def test_html_scripts_never_reach_the_claims_and_entities_are_decoded(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE)
    result = run("extract", str(page))
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    texts = [row["text"] for row in rows]
    assert "10.4%" in texts and "$118.7 billion" in texts
    assert not {"99%", "$999 billion", "77%", "55%"} & set(texts)
    assert any(row["text"].startswith("3") and "per cent" in row["text"] for row in rows)
    for row in rows:
        assert "&amp;" not in row["text"] and "&nbsp;" not in row["text"]


def _reference_table(name: str) -> list[list[str]]:
    with (ROOT / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write_table(directory: Path, name: str, rows: list[list[str]], delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    (directory / name).write_text(buffer.getvalue(), encoding="utf-8")


def _with_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    changed = [list(cells) for cells in rows]
    changed[row][rows[0].index(column)] = value
    return changed


def _flows_missing_column(rows: list[list[str]]) -> list[list[str]]:
    drop = rows[0].index("value")
    return [cells[:drop] + cells[drop + 1 :] for cells in rows]


def _flows_duplicate_conflict(rows: list[list[str]]) -> list[list[str]]:
    copy = _with_cell(rows[:2], 1, "value", str(float(rows[1][rows[0].index("value")]) + 5))
    return [*rows[:3], _with_cell(copy, 1, "id", rows[1][0] + "-copy")[1]]


# name → (table, change to its rows, delimiter, what stderr must name)
BAD_REFERENCE = {
    "missing column": ("trade_flows.csv", _flows_missing_column, ",", "value"),
    "non-numeric value": (
        "trade_flows.csv",
        lambda rows: _with_cell(rows, 2, "value", "lots"),
        ",",
        "trade_flows.csv:3",
    ),
    "unknown currency": (
        "trade_flows.csv",
        lambda rows: _with_cell(rows, 2, "currency", "XYZ"),
        ",",
        "trade_flows.csv:3",
    ),
    "unknown country": (
        "trade_flows.csv",
        lambda rows: _with_cell(rows, 2, "partner", "ATLANTIS"),
        ",",
        "trade_flows.csv:3",
    ),
    "duplicate conflicting key": (
        "trade_flows.csv",
        _flows_duplicate_conflict,
        ",",
        "trade_flows.csv:4",
    ),
    "wrong delimiter": ("trade_flows.csv", lambda rows: rows, ";", "trade_flows.csv"),
    "exchange rate not a number": (
        "exchange_rates.csv",
        lambda rows: _with_cell(rows, 1, "rate", "1,37"),
        ",",
        "exchange_rates.csv:2",
    ),
}


@pytest.mark.parametrize(
    "table, change, delimiter, needle", BAD_REFERENCE.values(), ids=BAD_REFERENCE.keys()
)
def test_bad_reference_table_is_one_line_naming_file_and_row(
    tmp_path: Path, table: str, change, delimiter: str, needle: str
) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    _write_table(tables, table, change(_reference_table(table)), delimiter)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    output = tmp_path / "out.json"
    result = run(
        "check", str(article), "--reference", str(tables), "--format", "json", "-o", str(output)
    )
    assert_one_line_error(result, table, needle)
    assert_nothing_written(tmp_path, "tables", "article.txt")


# name → (claims file, what stderr must name)
BAD_CLAIMS = {
    "claims not a list": ("claims:\n  id: a\n", "claims.yaml"),
    "claim not a mapping": ("claims:\n  - just a string\n", "claims.yaml:2"),
    "value of the wrong type": (
        "claims:\n  - id: a\n    metric: trade_value\n    value: [1, 2]\n",
        "claims.yaml:4",
    ),
    "id of the wrong type": (
        'claims:\n  - id: {x: 1}\n    metric: trade_value\n    value: "3 billion CAD"\n',
        "claims.yaml:2",
    ),
    "duplicate ids": (
        'claims:\n  - id: a\n    metric: trade_value\n    value: "3 billion CAD"\n'
        '  - id: a\n    metric: trade_value\n    value: "4 billion CAD"\n',
        "claims.yaml:5",
    ),
    "python object tag": (
        "claims: !!python/object/apply:os.system ['touch PWNED']\n",
        "claims.yaml:1",
    ),
    "no claims key": ("- id: a\n", "claims.yaml"),
}


@pytest.mark.parametrize("content, needle", BAD_CLAIMS.values(), ids=BAD_CLAIMS.keys())
def test_bad_claims_file_is_one_line_naming_file_and_line(
    tmp_path: Path, content: str, needle: str
) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(content)
    output = tmp_path / "out.json"
    result = run("gate", str(claims), "--format", "json", "-o", str(output), cwd=tmp_path)
    assert_one_line_error(result, needle)
    # Nothing ran: the !!python tag would have created PWNED in the working directory.
    assert_nothing_written(tmp_path, "claims.yaml")


def test_output_path_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    (tmp_path / "out").mkdir()
    result = run("check", str(article), "-o", str(tmp_path / "out"))
    assert_one_line_error(result, "out")
    assert_nothing_written(tmp_path, "article.txt", "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_output_in_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("check", str(article), "-o", str(locked / "out.json"))
        if os.access(locked, os.W_OK):  # root writes anywhere: then the write must work
            assert result.returncode == 0, result.stderr.decode()
        else:
            assert_one_line_error(result, "out.json")
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_skipped_files_are_listed_with_reasons_never_dropped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text(ARTICLE)
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (corpus / "empty.txt").write_bytes(b"")

    table = run("check", str(corpus), "--all", "--jobs", "1")
    assert table.returncode == 0, table.stderr.decode()
    shown = table.stdout.decode()
    assert "10.4%" in shown
    assert "image.png" in shown and "empty.txt" in shown

    report = json.loads(run("check", str(corpus), "--format", "json").stdout)
    skipped = {Path(item["path"]).name: item["reason"] for item in report["skipped"]}
    assert set(skipped) == {"image.png", "empty.txt"}
    assert all(skipped.values())
    assert any(f["text"] == "10.4%" for f in report["findings"])

    jsonl = run("check", str(corpus), "--format", "jsonl")
    assert [json.loads(line)["text"] for line in jsonl.stdout.decode().splitlines()] == ["10.4%"]
    stderr = jsonl.stderr.decode()
    assert "image.png" in stderr and "empty.txt" in stderr


SITECUSTOMIZE_NO_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""

REMOTE_PAGE = """<html><head><title>Trade</title>
<link rel="stylesheet" href="http://example.invalid/style.css">
<script src="http://example.invalid/app.js"></script></head>
<body><article><p>Canada's exports to China fell 10.4% in 2025.</p>
<img src="http://example.invalid/chart.png" alt="chart"></article></body></html>
"""


def test_html_is_checked_with_the_network_blocked(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(SITECUSTOMIZE_NO_NETWORK)
    page = tmp_path / "page.html"
    page.write_text(REMOTE_PAGE)
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(blocker)},
        check=False,
    )
    assert b"network access attempted" in probe.stderr  # the blocker is really in place
    result = run("check", str(page), "--all", "--format", "json", env={"PYTHONPATH": str(blocker)})
    assert result.returncode == 0, result.stderr.decode()
    texts = [f["text"] for f in json.loads(result.stdout)["findings"]]
    assert "10.4%" in texts


def test_csv_output_is_safe_from_formula_injection(tmp_path: Path) -> None:
    # The article's name is a formula too: the `article` column repeats the path as given.
    name = "=HYPERLINK(1).txt"
    (tmp_path / name).write_text(
        '=HYPERLINK("http://evil.invalid","click") Canada\'s exports to China fell 10.4% in'
        " 2025.\n@SUM(1+1) +cmd|' /C calc'!A0 -2+3 Imports rose 3% in 2024.\n"
    )
    result = run("check", name, "--all", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert len(rows) > 1
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)  # the formula text is there, defused
    for cell in cells:
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            float(cell)  # only a number may start like a formula


FAILING_RENDER = """
import sys
import factcheck.report as report

original = report.render

def render(*args, **kwargs):
    original(*args, **kwargs)
    raise RuntimeError("renderer failed half way")

report.render = render
from factcheck.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_failing_renderer_leaves_no_output_file(tmp_path: Path, fmt: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    output = tmp_path / "out.txt"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FAILING_RENDER,
            "check",
            str(article),
            "--format",
            fmt,
            "-o",
            str(output),
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert "Traceback" not in stderr and "renderer failed half way" in stderr
    assert_nothing_written(tmp_path, "article.txt")


def test_a_failing_stream_leaves_no_output_file(tmp_path: Path) -> None:
    # jsonl streams chunk by chunk into the temp file: a failure after the first chunk
    # must still leave neither the target nor the temp file.
    script = FAILING_RENDER.replace("render", "render_stream").replace(
        "    original(*args, **kwargs)\n", "    yield from original(*args, **kwargs)\n"
    )
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    output = tmp_path / "out.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "check",
            str(article),
            "--format",
            "jsonl",
            "-o",
            str(output),
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 3, result.stderr.decode()
    assert_nothing_written(tmp_path, "article.txt")


def test_a_100_mb_single_line_file_is_refused_at_once_naming_it(tmp_path: Path) -> None:
    # A dump, not an article: checking it would take minutes and gigabytes, so it is refused
    # before it is read, with the reason and the fix.
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:
        handle.truncate(100_000_000)  # sparse: the size is what is checked, not the bytes
    output = tmp_path / "out.jsonl"
    result = run("extract", str(huge), "-o", str(output))
    assert_one_line_error(result, "dump.txt", "100.0 MB", "split the file")
    assert not output.exists()


def test_a_100_mb_file_in_a_directory_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Canada's exports to China fell 10.4% in 2025.\n")
    with (tmp_path / "dump.txt").open("wb") as handle:
        handle.truncate(100_000_000)
    result = run("check", str(tmp_path), "--format", "json", "--all")
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert [finding["text"] for finding in report["findings"]] == ["10.4%"]
    assert any(
        skip["path"].endswith("dump.txt") and "MB" in skip["reason"] for skip in report["skipped"]
    )
