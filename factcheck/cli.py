"""The command line: a thin click layer over `factcheck.pipeline` and `factcheck.report`.

Input: argv. Output: rendered reports on stdout (or `-o FILE`, written atomically),
diagnostics on stderr, and the exit code: 0 ok, 1 findings at or above `--fail-on`, 2 bad
input or usage, 3 internal error. The only module that prints, exits or imports click.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import ExitCode, FactcheckError, OutputError
from factcheck.records import Location, Verdict

CHECK_FORMATS = ("table", "json", "jsonl", "csv", "markdown", "sarif", "github")
EXTRACT_FORMATS = ("jsonl", "json", "csv", "table")
GATE_FORMATS = ("github", "sarif", "table", "json", "jsonl", "csv", "markdown")


class Failure(Exception):
    """Carries an exit code out of a command without click's own exit handling."""

    def __init__(self, code: ExitCode) -> None:
        super().__init__(int(code))
        self.code = code


def _parse_verdicts(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[Verdict]:
    verdicts = set()
    for name in filter(None, (part.strip() for part in value.split(","))):
        try:
            verdicts.add(Verdict(name))
        except ValueError:
            allowed = ", ".join(verdict.value for verdict in Verdict)
            raise click.BadParameter(f"unknown verdict {name!r} (choose from {allowed})") from None
    return frozenset(verdicts)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _check_output_path(path: str | None) -> None:
    """Fail before any work when `-o` cannot be written, rather than after a long run."""
    if path is None:
        return
    directory = Path(path).resolve().parent
    if not directory.is_dir() or not os.access(directory, os.W_OK):
        raise OutputError(
            f"cannot write output: {directory} is not a writable directory", Location(path=path)
        )


@contextlib.contextmanager
def _atomic_output(path: str | None) -> Iterator[Any]:
    """A text stream for the output: stdout, or a temp file moved over `path` only on success."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        # Closed by the `with` below; removed there too when anything fails.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w",
            encoding="utf-8",
            dir=target.resolve().parent,
            prefix=f".{target.name}.",
            delete=False,
        )
    except OSError as error:
        raise OutputError(f"cannot write output: {error.strerror}", Location(path=path)) from None
    try:
        with handle:
            yield handle
        os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def _write(text: str, path: str | None) -> None:
    with _atomic_output(path) as stream:
        stream.write(text)


def _stdout_is_terminal(path: str | None) -> bool:
    return path is None and sys.stdout.isatty()


def _use_color(path: str | None) -> bool:
    return _stdout_is_terminal(path) and "NO_COLOR" not in os.environ


def _table_width(path: str | None) -> int | None:
    return shutil.get_terminal_size().columns if _stdout_is_terminal(path) else None


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None] | None]:
    """A progress line on stderr for interactive runs; nothing in CI or when stderr is piped."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as progress:
        task = progress.add_task(label, total=None)
        count = 0

        def advance(article_id: str) -> None:
            nonlocal count
            count += 1
            progress.update(task, description=f"{label}: {count} articles ({article_id})")

        yield advance


def _diagnose(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"factcheck: {line}", err=True)


def _finish(
    report: Any,
    output: str | None,
    fmt: str,
    show_all: bool,
    fail_on: frozenset[Verdict],
    exit_zero: bool,
) -> None:
    from factcheck.report import render

    _write(
        render(
            report, fmt, show_all=show_all, width=_table_width(output), color=_use_color(output)
        ),
        output,
    )
    if fmt in ("jsonl", "csv", "sarif"):
        # These formats have no room for notes; say on stderr what was skipped or decoded.
        _diagnose([f"skipped {skip.location}: {skip.reason}" for skip in report.skips])
        _diagnose([f"note: {note}" for note in report.notes])
    code = ExitCode.OK if exit_zero else report.exit_code(fail_on)
    if code != ExitCode.OK:
        raise Failure(code)


def report_options(
    formats: tuple[str, ...], default: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options `check` and `gate` share: format, output, exit policy, reference data."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(formats),
                default=default,
                show_default=True,
                help="Output format.",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False),
                help="Write the output to FILE (atomically) instead of stdout.",
            ),
            click.option(
                "--reference",
                "reference_dirs",
                multiple=True,
                type=click.Path(exists=True, file_okay=False),
                help="Extra reference directory, merged over the bundled tables (repeatable).",
            ),
            click.option(
                "--fail-on",
                default="contradicted,inconsistent",
                show_default=True,
                callback=_parse_verdicts,
                help="Comma-separated verdicts that make the exit code 1.",
            ),
            click.option(
                "--exit-zero",
                is_flag=True,
                help="Always exit 0 when the run completes (report only).",
            ),
            click.option(
                "--all", "show_all", is_flag=True, help="List supported and not-checked claims too."
            ),
        ]
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def article_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options `check` and `extract` share: publication date and worker processes."""
    function = click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes (default: the machine's cores).",
    )(function)
    return click.option(
        "--published",
        callback=_parse_date,
        help="Publication date (YYYY-MM-DD) for articles that do not state one.",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check the numbers in news about international trade.

    Example: factcheck check seeds/
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@report_options(CHECK_FORMATS, "table")
@article_options
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    reference_dirs: tuple[str, ...],
    fail_on: frozenset[Verdict],
    exit_zero: bool,
    show_all: bool,
    published: date | None,
    jobs: int | None,
) -> None:
    """Check the trade figures in articles and print the discrepancy table.

    PATHS are files (text, Markdown, HTML), directories (read recursively), globs, or - for
    stdin.

    Example: factcheck check seeds/ --format jsonl -o findings.jsonl
    """
    from factcheck.pipeline import check_stream, default_jobs
    from factcheck.report import STREAM_FORMATS, exit_code_for, render_stream

    _check_output_path(output)
    with _progress("checking") as progress:
        run = check_stream(
            list(paths),
            reference=list(reference_dirs),
            published=published,
            jobs=jobs or default_jobs(),
            progress=progress,
        )
        if fmt not in STREAM_FORMATS:
            _finish(run.report(), output, fmt, show_all, fail_on, exit_zero)
            return
        # Large archives: write each finding as it comes instead of holding the report.
        verdicts: list[Verdict] = []
        with _atomic_output(output) as stream:
            for chunk in render_stream(_recording(run.findings(), verdicts), fmt):
                stream.write(chunk)
    _diagnose([f"skipped {skip.location}: {skip.reason}" for skip in run.skips])
    _diagnose([f"note: {note}" for note in run.notes])
    code = ExitCode.OK if exit_zero else exit_code_for(verdicts, fail_on)
    if code != ExitCode.OK:
        raise Failure(code)


def _recording(findings: Iterator[Any], verdicts: list[Verdict]) -> Iterator[Any]:
    for finding in findings:
        verdicts.append(finding.verdict)
        yield finding


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXTRACT_FORMATS),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the output to FILE (atomically) instead of stdout.",
)
@article_options
def extract(
    paths: tuple[str, ...], fmt: str, output: str | None, published: date | None, jobs: int | None
) -> None:
    """Extract every numeric claim, normalized and in context (no reference data needed).

    Example: factcheck extract seeds/ --format jsonl
    """
    from factcheck.pipeline import default_jobs, iter_extracted
    from factcheck.report import render_claims

    _check_output_path(output)
    skips: list[str] = []
    notes: list[str] = []
    with _progress("extracting") as progress, _atomic_output(output) as stream:
        items = iter_extracted(list(paths), published=published, jobs=jobs or default_jobs())
        claims_stream = _claims_only(items, skips, notes, progress)
        for chunk in render_claims(claims_stream, fmt, width=_table_width(output)):
            stream.write(chunk)
    _diagnose([f"skipped {line}" for line in skips] + [f"note: {line}" for line in notes])


def _claims_only(
    items: Iterator[Any], skips: list[str], notes: list[str], progress: Callable[[str], None] | None
) -> Iterator[Any]:
    from factcheck.records import Skip

    for item in items:
        if isinstance(item, Skip):
            skips.append(f"{item.location}: {item.reason}")
            continue
        article, claims = item
        notes.extend(f"{article.id}: {note}" for note in article.notes)
        if progress:
            progress(article.id)
        yield from claims


@cli.command()
@click.argument("claims_file", type=click.Path(dir_okay=False))
@report_options(GATE_FORMATS, "table")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False),
    help="Accepted findings (a --format json report, or one fingerprint per line): "
    "they no longer fail the run.",
)
def gate(
    claims_file: str,
    fmt: str,
    output: str | None,
    reference_dirs: tuple[str, ...],
    fail_on: frozenset[Verdict],
    exit_zero: bool,
    show_all: bool,
    baseline: str | None,
) -> None:
    """Re-verify a claims file (YAML or JSONL) and fail on contradictions: the CI gate.

    Exit 0 when no finding is at or above --fail-on, 1 when one is, 2 for bad input.

    Example: factcheck gate examples/claims.yaml --format github
    """
    from factcheck.pipeline import gate as run_gate

    _check_output_path(output)
    report = run_gate(claims_file, reference=list(reference_dirs), baseline=baseline)
    _finish(report, output, fmt, show_all, fail_on, exit_zero)


@cli.command()
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--reference",
    "reference_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Extra reference directory, as for check and gate (same as a DIRS argument).",
)
def reference(dirs: tuple[str, ...], reference_dirs: tuple[str, ...]) -> None:
    """Validate reference tables (bundled plus DIRS) and print their coverage.

    Every problem is printed as file:row: message; the exit code is 2 if there is any.

    Example: factcheck reference --reference my_tables/
    """
    from factcheck.reference import coverage, load_reference, validate_reference

    dirs = dirs + reference_dirs
    problems = validate_reference(tuple(dirs))
    if problems:
        _diagnose([f"error: {problem}" for problem in problems])
        raise Failure(ExitCode.BAD_INPUT)
    frame = coverage(load_reference(tuple(dirs)))
    click.echo(frame.to_string(index=False))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code; the one place errors become exit codes."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="factcheck", standalone_mode=False)
    except Failure as failure:
        sys.exit(int(failure.code))
    except FactcheckError as error:
        click.echo(f"factcheck: error: {error}", err=True)
        sys.exit(int(error.exit_code))
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.ClickException as error:
        # Usage errors (bad option, missing argument): click's message, and always exit 2.
        click.echo(f"factcheck: error: {' '.join(error.format_message().split())}", err=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except click.exceptions.Abort:
        click.echo("factcheck: aborted", err=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except BrokenPipeError:
        # The reader went away (`factcheck ... | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))
    except Exception as error:
        if debug:
            raise
        click.echo(
            f"factcheck: internal error: {type(error).__name__}: {' '.join(str(error).split())}"
            " (rerun with --debug for the traceback)",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
