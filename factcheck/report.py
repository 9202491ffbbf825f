"""Reports: the findings of a run, their serialisation and every output format.

Input: `Finding`s, `Skip`s and notes from the pipeline. Output: a `Report` record whose
`exit_code` is a function of its findings (never of printing), `to_frame()` for notebooks, and
`render(report, fmt)` returning the whole output as one string (table, json, jsonl, csv,
markdown, sarif, github). All serialisation goes through `claim_row`/`finding_row`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcheck.errors import ExitCode
from factcheck.records import Claim, Finding, Skip, Verdict

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "json", "jsonl", "csv", "markdown", "sarif", "github")
# Streamed as articles are read, so they list claims in input order; the others sort.
MACHINE_ORDER_FORMATS = frozenset({"json", "jsonl", "csv"})
# Written finding by finding, never holding a whole report (`check` over an archive).
STREAM_FORMATS = frozenset({"jsonl", "csv"})
DEFAULT_FAIL_ON = frozenset({Verdict.CONTRADICTED, Verdict.INCONSISTENT})

# Problems first, in the order a fact-checker wants to read them.
VERDICT_ORDER = {
    verdict: rank
    for rank, verdict in enumerate(
        (
            Verdict.CONTRADICTED,
            Verdict.INCONSISTENT,
            Verdict.AMBIGUOUS_CURRENCY,
            Verdict.WRONG_PERIOD,
            Verdict.UNVERIFIABLE,
            Verdict.SUPPORTED,
            Verdict.NOT_CHECKED,
        )
    )
}
# Listed by default; `--all` adds supported and not-checked claims.
PROBLEM_VERDICTS = frozenset(VERDICT_ORDER) - {Verdict.SUPPORTED, Verdict.NOT_CHECKED}

SARIF_LEVEL = {
    Verdict.CONTRADICTED: "error",
    Verdict.INCONSISTENT: "error",
    Verdict.AMBIGUOUS_CURRENCY: "warning",
    Verdict.WRONG_PERIOD: "warning",
    Verdict.UNVERIFIABLE: "note",
    Verdict.SUPPORTED: "none",
    Verdict.NOT_CHECKED: "none",
}
RULE_HELP = {
    Verdict.CONTRADICTED: "The reference figure lies outside the interval the claim allows.",
    Verdict.INCONSISTENT: "Articles state the same figure differently, beyond their precision.",
    Verdict.AMBIGUOUS_CURRENCY: "Right in one plausible currency and wrong in another.",
    Verdict.WRONG_PERIOD: "Matches the reference for another period than the one claimed.",
    Verdict.UNVERIFIABLE: "No reference figure covers the claim.",
    Verdict.SUPPORTED: "A reference figure lies inside the claim's interval.",
    Verdict.NOT_CHECKED: "Page chrome or not a trade figure; not compared with trade data.",
}
# GitHub shows at most 10 annotations of each level per step; the rest go in a summary line.
GITHUB_CAP = 10
GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}
# Spreadsheets execute cells starting with these; prefix them so a CSV opens as data.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """What a run found: findings, what was skipped and why, and notes on what was done."""

    findings: tuple[Finding, ...]
    skips: tuple[Skip, ...] = ()
    notes: tuple[str, ...] = ()
    # Fingerprints of findings a baseline file accepted: listed, but they never fail the run.
    accepted: frozenset[str] = frozenset()
    # Articles read, those without any claim included; None counts the articles of findings.
    articles: int | None = None

    def failing(self, fail_on: Collection[Verdict] = DEFAULT_FAIL_ON) -> list[Finding]:
        """Findings whose verdict is in `fail_on` and not accepted by the baseline."""
        return [
            finding
            for finding in self.findings
            if finding.verdict in fail_on and fingerprint(finding) not in self.accepted
        ]

    def exit_code(self, fail_on: Collection[Verdict] = DEFAULT_FAIL_ON) -> ExitCode:
        """`ExitCode.FINDINGS` when a finding fails the run, else `ExitCode.OK`.

        Example: `Report(findings=()).exit_code()` → `ExitCode.OK`.
        """
        return exit_code_for((finding.verdict for finding in self.failing(fail_on)), fail_on)

    def to_frame(self) -> pd.DataFrame:
        """One row per finding, with the same columns as the CSV output.

        Example: `factcheck.check(["seeds/"]).to_frame().groupby("verdict").size()`.
        """
        import pandas as pd

        return pd.DataFrame([flat_row(finding) for finding in self.findings], columns=COLUMNS)


def exit_code_for(verdicts: Iterable[Verdict], fail_on: Collection[Verdict]) -> ExitCode:
    """`ExitCode.FINDINGS` when any verdict is in `fail_on`: the exit policy, in one place.

    Example: `exit_code_for([Verdict.SUPPORTED], DEFAULT_FAIL_ON)` → `ExitCode.OK`.
    """
    return ExitCode.FINDINGS if any(verdict in fail_on for verdict in verdicts) else ExitCode.OK


def fingerprint(finding: Finding) -> str:
    """A stable id for a finding: unchanged when unrelated text around the claim changes.

    It hashes what the claim says and what it was read as (not its offsets), plus the
    occurrence number the pipeline put in the claim id when the same text repeats.
    """
    claim = finding.claim
    context = claim.context
    mention = claim.mention
    span_id = f"{mention.article}#{mention.start}-{mention.end}"
    if claim.id.startswith(span_id):
        occurrence = claim.id.removeprefix(span_id).removeprefix("~") or "0"
    else:  # claims-file ids are chosen by people and stable as they are
        occurrence = claim.id
    parts = (
        claim.mention.article,
        claim.mention.text,
        claim.mention.kind,
        context.metric,
        context.reporter or "",
        context.partner or "",
        context.flow or "",
        context.period or "",
        occurrence,
    )
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def claim_row(claim: Claim) -> dict[str, Any]:
    """The brief's extracted-claim contract for one claim (the `extract --format jsonl` line)."""
    mention, amount, context = claim.mention, claim.amount, claim.context
    location = claim.location
    return {
        "id": claim.id,
        "article": mention.article,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "kind": str(mention.kind),
        "value": mention.value,
        "value_high": mention.value_high,
        "unit": mention.unit,
        "currency": amount.currency,
        "currency_candidates": list(amount.currency_candidates),
        "currency_evidence": amount.currency_evidence,
        "qualifier": str(mention.qualifier),
        "low": amount.low,
        "high": amount.high,
        "direction": str(mention.direction) if mention.direction else None,
        "in_body": mention.in_body,
        "metric": str(context.metric),
        "reporter": context.reporter,
        "partner": context.partner,
        "flow": str(context.flow) if context.flow else None,
        "period": context.period,
        "attributed_to": context.attributed_to,
        "product": context.product,
    }


def finding_row(finding: Finding) -> dict[str, Any]:
    """The brief's verification contract for one finding (the `check --format jsonl` line)."""
    return {
        **claim_row(finding.claim),
        "verdict": str(finding.verdict),
        "reference_value": finding.reference_value,
        "reference_unit": finding.reference_unit,
        "reference_source": [
            {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url,
                "date": source.date,
                "file": source.file,
                "row": source.row,
                "directness": source.directness,
            }
            for source in finding.sources
        ],
        "difference": finding.difference,
        "explanation": finding.explanation,
        "related": list(finding.related),
        "fingerprint": fingerprint(finding),
    }


def flat_row(finding: Finding) -> dict[str, Any]:
    """`finding_row` with lists flattened to `;`-joined text, for CSV and DataFrames."""
    row = finding_row(finding)
    row["reference_source"] = [
        f"{source['publisher']} <{source['url']}> ({source['file']}:{source['row']})"
        for source in row["reference_source"]
    ]
    return _flatten_lists(row)


CLAIM_COLUMNS = [
    *("id", "article", "line", "column", "start", "end", "text", "kind", "value", "value_high"),
    *("unit", "currency", "currency_candidates", "currency_evidence", "qualifier", "low", "high"),
    *("direction", "in_body", "metric", "reporter", "partner", "flow", "period", "attributed_to"),
    "product",
]
COLUMNS = [
    *CLAIM_COLUMNS,
    *("verdict", "reference_value", "reference_unit", "reference_source", "difference"),
    *("explanation", "related", "fingerprint"),
]


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: problems first, then by article and position (deterministic)."""
    return sorted(
        findings,
        key=lambda f: (VERDICT_ORDER[f.verdict], f.claim.mention.article, f.claim.mention.start),
    )


def summary(report: Report) -> dict[str, Any]:
    """Counts a reader (or a program) wants before the details."""
    verdicts = Counter(str(finding.verdict) for finding in report.findings)
    return {
        "claims": len(report.findings),
        "articles": (
            report.articles
            if report.articles is not None
            else len({finding.claim.mention.article for finding in report.findings})
        ),
        "verdicts": dict(sorted(verdicts.items())),
        "skipped": len(report.skips),
        "accepted_by_baseline": sum(
            fingerprint(finding) in report.accepted for finding in report.findings
        ),
    }


def render(
    report: Report,
    fmt: str,
    *,
    show_all: bool = False,
    width: int | None = None,
    color: bool = False,
) -> str:
    """The whole output of `report` in format `fmt`, as one string (written atomically later).

    Example: `render(factcheck.check(["seeds/"]), "jsonl")`.
    """
    if fmt in MACHINE_ORDER_FORMATS:
        shown: Sequence[Finding] = report.findings
    else:
        shown = ordered(f for f in report.findings if show_all or f.verdict in PROBLEM_VERDICTS)
    if fmt == "table":
        return _render_table(report, shown, width, color=color)
    renderer = {
        "json": _render_json,
        "jsonl": _render_jsonl,
        "csv": _render_csv,
        "markdown": _render_markdown,
        "sarif": _render_sarif,
        "github": _render_github,
    }[fmt]
    return renderer(report, shown, width)


def _csv_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """A CSV header, then one chunk per row, each cell safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    return (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _flatten_lists(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ";".join(value) if isinstance(value, list) else value for key, value in row.items()
    }


def render_claims(claims: Iterable[Claim], fmt: str, *, width: int | None = None) -> Iterator[str]:
    """The `extract` output, chunk by chunk: jsonl and csv stream, json and table come whole.

    Example: `"".join(render_claims(factcheck.extract("Exports fell 3%."), "jsonl"))`.
    """
    rows = (claim_row(claim) for claim in claims)
    if fmt == "jsonl":
        yield from _jsonl_chunks(rows)
    elif fmt == "csv":
        yield from _csv_chunks(map(_flatten_lists, rows), CLAIM_COLUMNS)
    elif fmt == "json":
        yield json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    else:
        yield _render_claims_table(list(claims), width)


def render_stream(findings: Iterable[Finding], fmt: str) -> Iterator[str]:
    """`check` output in a streaming format (jsonl, csv), chunk by chunk, in input order.

    Example: `for chunk in render_stream(run.findings(), "jsonl"): sys.stdout.write(chunk)`.
    """
    if fmt == "jsonl":
        return _jsonl_chunks(map(finding_row, findings))
    return _csv_chunks(map(flat_row, findings), COLUMNS)


def _render_claims_table(claims: Sequence[Claim], width: int | None) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table("Article", "Claim", "Kind", "Value", "Qualifier", "Read as", "In body")
    for claim in claims:
        amount = claim.amount
        _add_plain_row(
            table,
            f"{claim.mention.article}:{claim.location.line if claim.location else ''}",
            claim.mention.text,
            str(claim.mention.kind),
            _format_number(
                amount.magnitude, amount.unit or "/".join(amount.currency_candidates) or None
            ),
            str(claim.mention.qualifier),
            _read_as_context(claim),
            "yes" if claim.mention.in_body else "no",
        )
    buffer = io.StringIO()
    Console(file=buffer, width=width or 160, color_system=None, highlight=False).print(table)
    return buffer.getvalue()


def _render_jsonl(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    return "".join(render_stream(shown, "jsonl"))


def _render_json(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    document = {
        "summary": summary(report),
        "findings": [finding_row(finding) for finding in shown],
        "skipped": [{"path": str(skip.location), "reason": skip.reason} for skip in report.skips],
        "notes": list(report.notes),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _render_csv(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    return "".join(render_stream(shown, "csv"))


def _format_number(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    magnitude = abs(value)
    for threshold, word in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if magnitude >= threshold:
            text = f"{value / threshold:,.4g}{word}"
            break
    else:
        text = f"{value:,.4g}"
    if unit in ("percent", None):
        return text + ("%" if unit == "percent" else "")
    if unit == "percentage_point":
        return text + " pp"
    if unit in ("dimensionless", "factor"):
        return "x" + text
    return f"{unit} {text}" if len(unit) == 3 and unit.isupper() else f"{text} {unit}"


def _read_as(finding: Finding) -> str:
    return _read_as_context(finding.claim)


def _read_as_context(claim: Claim) -> str:
    context = claim.context
    who = "→".join(code for code in (context.reporter, context.partner) if code)
    parts = [str(context.metric), who, str(context.flow or ""), context.period or ""]
    return " · ".join(part for part in parts if part)


def _claim_value(finding: Finding) -> str:
    amount = finding.claim.amount
    unit = amount.unit or "/".join(amount.currency_candidates) or None
    return _format_number(amount.magnitude, unit)


def _reference(finding: Finding) -> str:
    if finding.reference_value is None:
        return ""
    value = _format_number(finding.reference_value, finding.reference_unit)
    source = finding.sources[0].publisher if finding.sources else ""
    return f"{value} ({source})" if source else value


def _difference(finding: Finding) -> str:
    return "" if finding.difference is None else f"{finding.difference:+.1%}"


def _table_cells(finding: Finding) -> tuple[str, ...]:
    mention = finding.claim.mention
    return (
        f"{mention.article}:{finding.claim.location.line if finding.claim.location else ''}",
        mention.text,
        _read_as(finding),
        _claim_value(finding),
        _reference(finding),
        _difference(finding),
        str(finding.verdict),
        finding.explanation,
    )


TABLE_HEADERS = ("Article", "Claim", "Read as", "Value", "Reference", "Diff", "Verdict", "Why")
VERDICT_STYLE = {
    Verdict.CONTRADICTED: "bold red",
    Verdict.INCONSISTENT: "bold red",
    Verdict.AMBIGUOUS_CURRENCY: "yellow",
    Verdict.WRONG_PERIOD: "yellow",
    Verdict.UNVERIFIABLE: "cyan",
    Verdict.SUPPORTED: "green",
    Verdict.NOT_CHECKED: "dim",
}


def _add_plain_row(table: Any, *cells: str, styles: dict[int, str] | None = None) -> None:
    """Add cells as plain text: article words like "[sic]" must never be read as rich markup."""
    from rich.text import Text

    styles = styles or {}
    table.add_row(*(Text(cell, style=styles.get(index, "")) for index, cell in enumerate(cells)))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _summary_line(report: Report, shown: Sequence[Finding]) -> str:
    counts = summary(report)
    verdicts = ", ".join(f"{count} {verdict}" for verdict, count in counts["verdicts"].items())
    claims = _plural(counts["claims"], "claim")
    line = f"{claims} in {_plural(counts['articles'], 'article')}: {verdicts or 'none'}"
    hidden = counts["claims"] - len(shown)
    if hidden:
        line += f" ({hidden} supported or not checked not listed; --all lists them)"
    if counts["accepted_by_baseline"]:
        line += f"; {counts['accepted_by_baseline']} accepted by the baseline"
    return line + "."


def _trailer(report: Report) -> list[str]:
    lines = [f"skipped {skip.location}: {skip.reason}" for skip in report.skips]
    return lines + [f"note: {note}" for note in report.notes]


def _render_table(
    report: Report, shown: Sequence[Finding], width: int | None, *, color: bool = False
) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="factcheck")
    table.add_column("#", justify="right")
    for header in TABLE_HEADERS[:-1]:
        # Verdicts and numbers are read at a glance: never wrap them mid-word.
        keep_whole = header in ("Verdict", "Value", "Diff")
        table.add_column(
            header,
            no_wrap=keep_whole,
            min_width=18 if header == "Verdict" else None,
            overflow="fold",  # a long path or metric wraps rather than losing its end to "…"
        )
    for number, finding in enumerate(shown, start=1):
        article, *rest, _ = _table_cells(finding)
        # The path's last part is enough on screen; machine formats carry the whole path.
        short_article = article.rsplit("/", 1)[-1]
        _add_plain_row(
            table, str(number), short_article, *rest, styles={7: VERDICT_STYLE[finding.verdict]}
        )
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 160,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
    )
    if shown:
        console.print(table)
    # Explanations are sentences: below the table they read as prose instead of a thin column.
    for number, finding in enumerate(shown, start=1):
        console.print(Text(f"{number:>3}. {finding.explanation}"))
    console.print(_summary_line(report, shown), soft_wrap=True)
    for line in _trailer(report):
        console.print(line, soft_wrap=True, markup=False)
    return buffer.getvalue()


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _render_markdown(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    lines = ["| " + " | ".join(TABLE_HEADERS) + " |", "|" + "---|" * len(TABLE_HEADERS)]
    lines += [
        "| " + " | ".join(_markdown_cell(cell) for cell in _table_cells(finding)) + " |"
        for finding in shown
    ]
    lines += ["", _summary_line(report, shown)]
    lines += [f"- {line}" for line in _trailer(report)]
    return "\n".join(lines) + "\n"


def _sarif_result(finding: Finding) -> dict[str, Any]:
    claim = finding.claim
    location = claim.location
    region: dict[str, Any] = {"snippet": {"text": claim.mention.text}}
    if location and location.line is not None:
        region["startLine"] = location.line
        region["startColumn"] = (location.column or 0) + 1
    if location and location.start is not None and location.end is not None:
        region["charOffset"] = location.start
        region["charLength"] = location.end - location.start
    path = location.path if location else claim.mention.article
    return {
        "ruleId": str(finding.verdict),
        "level": SARIF_LEVEL[finding.verdict],
        "message": {"text": finding.explanation},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}, "region": region}}],
        "partialFingerprints": {"factcheck/v1": fingerprint(finding)},
        "properties": {
            key: value
            for key, value in finding_row(finding).items()
            if key in ("metric", "reporter", "partner", "flow", "period", "difference")
        },
    }


def _render_sarif(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    from factcheck import __version__

    rules = [
        {
            "id": str(verdict),
            "name": "".join(word.title() for word in str(verdict).split("_")),
            "shortDescription": {"text": RULE_HELP[verdict]},
            "defaultConfiguration": {"level": SARIF_LEVEL[verdict]},
        }
        for verdict in VERDICT_ORDER
    ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": [_sarif_result(finding) for finding in shown],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _render_github(report: Report, shown: Sequence[Finding], width: int | None) -> str:
    lines: list[str] = []
    emitted: Counter[str] = Counter()
    held_back: Counter[str] = Counter()
    for finding in shown:
        level = GITHUB_LEVEL.get(SARIF_LEVEL[finding.verdict])
        if level is None:
            continue
        if emitted[level] >= GITHUB_CAP:
            held_back[level] += 1
            continue
        emitted[level] += 1
        location = finding.claim.location
        properties = [
            f"file={_github_escape(location.path if location else '', property_value=True)}"
        ]
        if location and location.line is not None:
            properties.append(f"line={location.line}")
            properties.append(f"col={(location.column or 0) + 1}")
        title = _github_escape(f"factcheck {finding.verdict}", property_value=True)
        properties.append(f"title={title}")
        message = _github_escape(f"{finding.claim.mention.text}: {finding.explanation}")
        lines.append(f"::{level} {','.join(properties)}::{message}")
    for level, count in sorted(held_back.items()):
        lines.append(
            f"{count} more {level} annotations not shown (GitHub shows {GITHUB_CAP} per step)"
        )
    lines.append(_summary_line(report, shown))
    lines += _trailer(report)
    return "\n".join(lines) + "\n"
