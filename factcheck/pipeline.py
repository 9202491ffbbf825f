"""The pipeline: the one place that knows the order of the stages.

Input: paths, texts, `Article`s or a claims file. Output: `Claim`s (`extract`) or a `Report`
(`check`, `gate`). It wires read → extract → normalize → resolve context → verify →
crosscheck, runs articles in worker processes for `jobs > 1`, and turns claims-file entries
into claims. Both the CLI and notebooks call these functions.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import pickle
import sqlite3
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import date
from itertools import count, groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

import regex

from factcheck.claimsfile import read_claims_file
from factcheck.context import resolve_contexts
from factcheck.crosscheck import Change, comparable, crosscheck, member, subject_changes
from factcheck.errors import ClaimsFileError, InputError
from factcheck.extraction import extract_mentions
from factcheck.normalize import interval, normalize_mentions
from factcheck.read import ArticleFile, article_from_text, read_article_file, read_in_order
from factcheck.records import (
    Amount,
    Article,
    Claim,
    ClaimSpec,
    Context,
    CountryName,
    Finding,
    Flow,
    Kind,
    Location,
    Mention,
    Metric,
    Publisher,
    Qualifier,
    Skip,
)
from factcheck.reference import load_countries, load_publishers, load_reference
from factcheck.report import Report, fingerprint
from factcheck.verify import verify_claims

if TYPE_CHECKING:
    from factcheck.reference import ReferenceData

# Articles are handed to worker processes in chunks, so per-task overhead stays small, and at
# most this many chunks per process wait ahead of the one being used: enough to keep every
# process busy, few enough that memory stays flat.
CHUNK_SIZE = 8
CHUNKS_AHEAD = 2
PERIOD = regex.compile(
    r"""^(?:
        \d{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?          # 2024, 2025-03, 2025-Q1
        (?:\.\.\d{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?)?  # a span: 2025-01..2025-08, 2026..2036
    )$""",
    flags=regex.VERBOSE,
)
NUMBER_AS_WRITTEN = regex.compile(r"[-+]?\d[\d,]*(?:\.(?P<decimals>\d+))?", flags=regex.VERBOSE)
KIND_OF_METRIC = {
    Metric.TRADE_VALUE: Kind.MONEY,
    Metric.TRADE_BALANCE: Kind.MONEY,
    Metric.TARIFF_COVERAGE: Kind.MONEY,
    Metric.TRADE_SHARE: Kind.SHARE,
    Metric.TRADE_CHANGE: Kind.PERCENT_CHANGE,
    Metric.TARIFF_RATE: Kind.RATE,
    Metric.FX_RATE: Kind.QUANTITY,
}
KIND_OF_UNIT = {"percentage_point": Kind.PP_CHANGE, "dimensionless": Kind.MULTIPLE}


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in regex.finditer(r"\n", text)]


def _location(article: Article, mention: Mention, line_starts: list[int]) -> Location:
    line_index = bisect.bisect_right(line_starts, mention.start) - 1
    return Location(
        path=article.id,
        line=line_index + 1,
        column=mention.start - line_starts[line_index],
        start=mention.start,
        end=mention.end,
    )


def claims_of(
    article: Article, countries: Sequence[CountryName], publishers: Sequence[Publisher]
) -> list[Claim]:
    """Extract, normalize and resolve every claim of one article.

    Example: `claims_of(article_from_text("Exports fell 10.4% in 2025.", id="a"), (), ())`.
    """
    mentions = extract_mentions(article)
    amounts = normalize_mentions(mentions, article, publishers)
    contexts = resolve_contexts(mentions, article, countries)
    line_starts = _line_starts(article.text)
    seen: Counter[str] = Counter()
    claims = []
    for mention, amount, context in zip(mentions, amounts, contexts, strict=True):
        # The n-th repeat of the same words keeps its id (and fingerprint) when text moves.
        repeat = seen[mention.text]
        seen[mention.text] += 1
        claim_id = f"{article.id}#{mention.start}-{mention.end}" + (f"~{repeat}" if repeat else "")
        claims.append(
            Claim(
                id=claim_id,
                mention=mention,
                amount=amount,
                context=context,
                location=_location(article, mention, line_starts),
            )
        )
    return claims


def extract(
    source: str | Article, *, published: date | None = None, reference_dirs: Sequence[str] = ()
) -> list[Claim]:
    """Every numeric claim of a text or article, normalized and in context.

    Example: `[c.mention.text for c in extract("Exports rose 3% to $1.2 billion.")]`
    → `["3%", "$1.2 billion"]`.
    """
    article = (
        source
        if isinstance(source, Article)
        else article_from_text(source, id="<text>", published=published)
    )
    return claims_of(
        article, load_countries(tuple(reference_dirs)), load_publishers(tuple(reference_dirs))
    )


def iter_extracted(
    paths: Sequence[str],
    *,
    published: date | None = None,
    reference_dirs: Sequence[str] = (),
    jobs: int = 1,
) -> Iterator[tuple[Article, list[Claim]] | Skip]:
    """Per article, in input order: the article and its claims; a `Skip` for what was not read.

    Example: `for item in iter_extracted(["seeds/"]): ...`.
    """
    dirs = tuple(reference_dirs)
    state = (load_countries(dirs), load_publishers(dirs))
    yield from _per_article(paths, published, jobs, _claims_task, state)


class _Checked(NamedTuple):
    """One article's findings as `CheckRun` stores them, pickled in the process that found
    them: the main process writes the bytes as they are instead of unpickling and pickling
    every finding again, work that kept it busier than the workers."""

    article_id: str
    notes: tuple[str, ...]
    findings: bytes  # the pickled list of findings, ready for the spool
    members: list[tuple[tuple[str, str, str], bytes]]  # `_ComparableClaims.rows(findings)`


def _claims_task(article: Article) -> tuple[Article, list[Claim]]:
    countries, publishers = _WORKER_STATE
    return article, claims_of(article, countries, publishers)


def _findings_task(article: Article) -> _Checked:
    countries, publishers, reference = _WORKER_STATE
    findings = verify_claims(claims_of(article, countries, publishers), reference)
    return _Checked(
        article_id=article.id,
        notes=article.notes,
        findings=pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL),
        members=_ComparableClaims.rows(findings),
    )


_WORKER_STATE: tuple = ()


def _init_worker(state: tuple) -> None:
    global _WORKER_STATE
    _WORKER_STATE = state


def _per_article(
    sources: Sequence[str] | Sequence[Article], published: date | None, jobs: int, task, state
) -> Iterator:
    """`task` of every article, in input order, in `jobs` processes; a `Skip` for what was not
    read. Files are read where `task` runs; stdin is read here."""
    work = functools.partial(_article_work, task, published)
    with _mapping(jobs, state) as mapped:
        if sources and all(isinstance(source, Article) for source in sources):
            yield from mapped(work, iter(sources))
        else:
            paths = [str(path) for path in sources]
            yield from read_in_order(paths, lambda files: mapped(work, _sources(files, published)))


def _sources(
    files: Iterator[ArticleFile], published: date | None
) -> Iterator[ArticleFile | Article | InputError]:
    """What `_article_work` gets: the files, stdin already read (no other process can), and an
    error met while listing or reading stdin, in its place: workers read ahead, and an error
    of a file listed earlier must still be the one raised, as without workers."""
    try:
        for file in files:
            yield read_article_file(file, published=published) if file.is_stdin else file
    except InputError as error:
        yield error


def _article_work(task, published: date | None, source: ArticleFile | Article | InputError):
    """One unit of work: read the article unless it is read already, then run `task` on it."""
    if isinstance(source, InputError):
        raise source
    article = (
        read_article_file(source, published=published)
        if isinstance(source, ArticleFile)
        else source
    )
    return article if isinstance(article, Skip) else task(article)


@contextmanager
def _mapping(jobs: int, state: tuple) -> Iterator[Callable]:
    """A `map` that runs in `jobs` processes set up with `state` (in this one for jobs 1)."""
    if jobs <= 1:
        _init_worker(state)
        yield map
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(state,)) as pool:
        yield functools.partial(_pool_map, pool, CHUNKS_AHEAD * jobs)


def _pool_map(pool: ProcessPoolExecutor, ahead: int, function: Callable, items: Iterator):
    """`map(function, items)` in `pool`, in order, at most `ahead` chunks ahead of the reader."""
    pending: deque[Future] = deque()
    while chunk := list(islice(items, CHUNK_SIZE)):
        pending.append(pool.submit(_map_chunk, function, chunk))
        if len(pending) > ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _map_chunk(function: Callable, chunk: list) -> list:
    return [function(item) for item in chunk]


def _resolve_reference(
    reference: ReferenceData | Sequence[str] | None,
) -> tuple[ReferenceData, tuple[str, ...]]:
    """The reference to verify against, and the user directories it came from."""
    if reference is None or isinstance(reference, (list, tuple)):
        dirs = tuple(str(directory) for directory in reference or ())
        return load_reference(dirs), dirs
    return reference, ()  # type: ignore[return-value]


def _reference_notes(dirs: tuple[str, ...]) -> list[str]:
    return [
        f"reference: user tables from {directory} merged over the bundled ones"
        for directory in dirs
    ]


class CheckRun:
    """A `check` over many articles whose findings stream out in input order.

    Each article's findings are spooled to a temporary file as they come, and what
    cross-checking reads of the comparable ones to a temporary database; cross-checking then
    takes one subject at a time from it, and its changes are applied as the spool is read
    back. Memory does not grow with the article count. `skips` and `notes` are complete once
    `findings()` is exhausted.
    """

    def __init__(
        self,
        results: Iterable[_Checked | Skip],
        notes: list[str],
        progress: Callable[[str], None] | None,
    ) -> None:
        self._results = results
        self._progress = progress
        self.skips: list[Skip] = []
        self.notes = notes
        self.articles = 0

    def report(self) -> Report:
        """Run to the end and hold every finding in one `Report` (what `check` returns)."""
        findings = tuple(self.findings())
        return Report(
            findings=findings,
            skips=tuple(self.skips),
            notes=tuple(self.notes),
            articles=self.articles,
        )

    def findings(self) -> Iterator[Finding]:
        """Every finding, cross-checked, in input order (article as read, then position)."""
        with tempfile.TemporaryFile() as spool, closing(_ComparableClaims()) as comparables:
            for item in self._results:
                if isinstance(item, Skip):
                    self.skips.append(item)
                    continue
                self.articles += 1
                if self._progress:
                    self._progress(item.article_id)
                self.notes += [f"{item.article_id}: {note}" for note in item.notes]
                spool.write(item.findings)
                comparables.add(item.members)
            spool.seek(0)
            yield from _changed(_unspooled(spool), comparables.changes())


class _ComparableClaims:
    """The `Member`s of an archive in a temporary database, cross-checked a subject at a time.

    An archive's comparable claims grow with it, so they wait on disk; only the largest
    subject (metric, reporter, partner) is ever in memory. Example:
    `claims.add(_ComparableClaims.rows(findings))` per article, then
    `for position, change in claims.changes(): ...`.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # a private database in a file deleted on close
        self._db.execute(
            "CREATE TABLE members (metric, reporter, partner, position INTEGER, member BLOB)"
        )
        self._db.execute("CREATE TABLE changes (position INTEGER PRIMARY KEY, change BLOB)")
        self._count = 0

    @staticmethod
    def rows(findings: Iterable[Finding]) -> list[tuple[tuple[str, str, str], bytes]]:
        """The comparable findings' members as `add` takes them: subject and pickled member.

        Made where the findings are, so that a worker process does the pickling.
        """
        members = (member(finding) for finding in findings if comparable(finding))
        return [(one.subject, pickle.dumps(one)) for one in members]

    def add(self, rows: list[tuple[tuple[str, str, str], bytes]]) -> None:
        """Store the next `rows`, in input order."""
        self._db.executemany(
            "INSERT INTO members VALUES (?, ?, ?, ?, ?)",
            ((*subject, self._count + n, blob) for n, (subject, blob) in enumerate(rows)),
        )
        self._count += len(rows)

    def changes(self) -> Iterator[tuple[int, Change]]:
        """Each member's `Change` with its position among all members, in position order."""
        rows = self._db.execute(
            "SELECT metric, reporter, partner, position, member FROM members ORDER BY 1, 2, 3, 4"
        )
        for _, group in groupby(rows, key=itemgetter(0, 1, 2)):
            positions, blobs = zip(*(row[3:] for row in group), strict=True)
            found = subject_changes([pickle.loads(blob) for blob in blobs])
            self._db.executemany(
                "INSERT INTO changes VALUES (?, ?)",
                ((positions[n], pickle.dumps(change)) for n, change in found.items()),
            )
        for position, blob in self._db.execute("SELECT position, change FROM changes ORDER BY 1"):
            yield position, pickle.loads(blob)

    def close(self) -> None:
        self._db.close()


def _unspooled(spool: IO[bytes]) -> Iterator[Finding]:
    while True:
        try:
            # Only the spool this run wrote is ever unpickled.
            batch: list[Finding] = pickle.load(spool)
        except EOFError:
            return
        yield from batch


def _changed(findings: Iterable[Finding], found: Iterator[tuple[int, Change]]) -> Iterator[Finding]:
    """`findings` with the `found` changes, listed by position among the comparable findings."""
    positions = count()
    upcoming = next(found, None)
    for finding in findings:
        if comparable(finding):
            position = next(positions)
            if upcoming is not None and upcoming[0] == position:
                finding = upcoming[1].apply(finding)
                upcoming = next(found, None)
        yield finding


def check_stream(
    sources: Sequence[str] | Iterable[Article],
    *,
    reference: ReferenceData | Sequence[str] | None = None,
    published: date | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> CheckRun:
    """Like `check`, but findings stream out of `run.findings()` without being held in memory.

    Example: `run = check_stream(["archive/"], jobs=2)`, then
    `for finding in run.findings(): ...`, then `run.skips`.
    """
    reference_data, dirs = _resolve_reference(reference)
    state = (load_countries(dirs), load_publishers(dirs), reference_data)
    results = _per_article(list(sources), published, jobs, _findings_task, state)
    return CheckRun(results, _reference_notes(dirs), progress)


def check(
    sources: Sequence[str] | Iterable[Article],
    *,
    reference: ReferenceData | Sequence[str] | None = None,
    published: date | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Read, extract and verify every article, then cross-check claims across articles.

    `sources` are paths (files, directories, globs, "-") or `Article`s; `reference` is a
    loaded `ReferenceData` or extra reference directories. Example:
    `factcheck.check(["seeds/"]).to_frame()`.
    """
    return check_stream(
        sources, reference=reference, published=published, jobs=jobs, progress=progress
    ).report()


def _kind_for(metric: Metric, unit: str) -> Kind:
    if unit in KIND_OF_UNIT:
        return KIND_OF_UNIT[unit]
    return KIND_OF_METRIC.get(metric, Kind.PERCENT if unit == "percent" else Kind.QUANTITY)


def _enum_field(spec: ClaimSpec, name: str, enum: type, *, required: bool) -> object:
    raw = getattr(spec, name)
    if raw is None:
        if required:
            raise ClaimsFileError(f"claim {spec.id!r}: missing `{name}`", spec.location)
        return None
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ClaimsFileError(
            f"claim {spec.id!r}: unknown {name} {raw!r} (expected one of: {allowed})",
            spec.location,
        ) from None


def _country_code(spec: ClaimSpec, name: str, countries: Sequence[CountryName]) -> str | None:
    raw = getattr(spec, name)
    if raw is None:
        return None
    codes = {country.code for country in countries}
    if raw.upper() in codes:
        return raw.upper()
    by_alias = {country.alias.casefold(): country.code for country in countries}
    if raw.casefold() in by_alias:
        return by_alias[raw.casefold()]
    raise ClaimsFileError(
        f"claim {spec.id!r}: unknown country {raw!r} for `{name}` (use an ISO 3166 alpha-3 code)",
        spec.location,
    )


def _step(value_text: str, magnitude: float) -> float:
    """The unit of the last stated digit: "118.7 billion CAD" → 1e8."""
    match = NUMBER_AS_WRITTEN.search(value_text)
    if match is None:
        return 0.0
    number = float(match.group().replace(",", ""))
    scale = magnitude / number if number else 1.0
    decimals = len(match.group("decimals") or "")
    return scale * 10.0**-decimals


def claim_from_spec(spec: ClaimSpec, countries: Sequence[CountryName]) -> Claim:
    """A structured claims-file entry (`metric`, `value`, ...) as a `Claim` ready to verify.

    Example: a spec with `metric="trade_value", value="118.7 billion CAD", reporter="CAN",
    partner="CHN", flow="two_way", period="2024"` → a money claim in CAD, [118.65e9, 118.75e9].
    """
    from factcheck.units import parse_quantity

    if spec.value is None:
        raise ClaimsFileError(f"claim {spec.id!r}: needs `value` or `text`", spec.location)
    magnitude, unit = parse_quantity(spec.value, spec.location)
    metric = _enum_field(spec, "metric", Metric, required=True)
    flow = _enum_field(spec, "flow", Flow, required=False)
    qualifier = _enum_field(spec, "qualifier", Qualifier, required=False) or Qualifier.EXACT
    if spec.period is not None and not PERIOD.match(spec.period):
        raise ClaimsFileError(
            f"claim {spec.id!r}: bad period {spec.period!r}"
            " (use 2024, 2025-03, 2025-Q1 or 2025-01..2025-08)",
            spec.location,
        )
    is_currency = len(unit) == 3 and unit.isupper()
    # The words as the article wrote them ("$118.7 billion", from extract's JSONL) carry the
    # stated precision; a value string like "118700000000.0 CAD" does not.
    as_written = spec.text or spec.value
    step = _step(as_written, magnitude)
    low, high = interval(magnitude, step, qualifier)
    article = spec.source or spec.location.path
    mention = Mention(
        article=article,
        start=0,
        end=len(as_written),
        text=as_written,
        number=spec.value,
        scale=None,
        currency_text=unit if is_currency else None,
        currency=unit if is_currency else None,
        kind=_kind_for(metric, unit),
        unit=None if is_currency else unit,
        qualifier=qualifier,
        value=magnitude,
        step=step,
    )
    amount = Amount(
        magnitude=magnitude,
        unit=unit,
        currency=unit if is_currency else None,
        currency_candidates=(unit,) if is_currency else (),
        currency_evidence="stated in the claims file" if is_currency else "",
        currency_confidence=1.0 if is_currency else 0.0,
        low=low,
        high=high,
    )
    context = Context(
        metric=metric,
        reporter=_country_code(spec, "reporter", countries),
        partner=_country_code(spec, "partner", countries),
        flow=flow,
        period=spec.period,
        attributed_to=spec.source,
        evidence="claims file",
    )
    return Claim(
        id=spec.id, mention=mention, amount=amount, context=context, location=spec.location
    )


def _claims_of_sentence(
    spec: ClaimSpec, countries: Sequence[CountryName], publishers: Sequence[Publisher]
) -> list[Claim]:
    published = None
    if spec.published:
        try:
            published = date.fromisoformat(spec.published)
        except ValueError:
            raise ClaimsFileError(
                f"claim {spec.id!r}: bad `published` date {spec.published!r} (use YYYY-MM-DD)",
                spec.location,
            ) from None
    article = article_from_text(
        spec.text or "",
        id=spec.source or spec.location.path,
        publisher=spec.publisher,
        published=published,
    )
    claims = claims_of(article, countries, publishers)
    return [
        replace(
            claim,
            id=spec.id if len(claims) == 1 else f"{spec.id}#{index + 1}",
            location=spec.location,
        )
        for index, claim in enumerate(claims)
    ]


def read_baseline(path: str) -> frozenset[str]:
    """Fingerprints of accepted findings: a `--format json` report or one fingerprint per line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read baseline: {error}", Location(path=path)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return frozenset(
            line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
        )
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise InputError(
            "baseline JSON must be a factcheck --format json report", Location(path=path)
        )
    return frozenset(
        str(finding["fingerprint"])
        for finding in document["findings"]
        if isinstance(finding, dict) and "fingerprint" in finding
    )


def gate(
    path: str,
    *,
    reference: ReferenceData | Sequence[str] | None = None,
    baseline: str | None = None,
) -> Report:
    """Verify every claim of a claims file (YAML or JSONL) against the reference and each other.

    Example: `factcheck.gate("examples/claims.yaml").exit_code()` → `ExitCode.OK` when no claim
    is contradicted or inconsistent.
    """
    reference_data, dirs = _resolve_reference(reference)
    countries = load_countries(dirs)
    publishers = load_publishers(dirs)
    claims: list[Claim] = []
    for spec in read_claims_file(path):
        # A claim that states what it measures is checked as stated (the JSONL `extract`
        # writes carries both); only a bare sentence is extracted like an article.
        if spec.text is not None and spec.metric is None:
            sentence_claims = _claims_of_sentence(spec, countries, publishers)
            if not sentence_claims:
                raise ClaimsFileError(
                    f"claim {spec.id!r}: no numeric claim found in `text`", spec.location
                )
            claims += sentence_claims
        else:
            claims.append(claim_from_spec(spec, countries))
    findings = crosscheck(verify_claims(claims, reference_data))
    accepted = read_baseline(baseline) if baseline else frozenset()
    known = {fingerprint(finding) for finding in findings}
    notes = _reference_notes(dirs)
    stale = len(accepted - known)
    if stale:
        notes.append(f"baseline: {stale} accepted fingerprints match no current finding")
    return Report(findings=tuple(findings), notes=tuple(notes), accepted=accepted & known)


def default_jobs() -> int:
    """The machine's cores, the default for `--jobs`."""
    return os.cpu_count() or 1


__all__ = [
    "CheckRun",
    "check",
    "check_stream",
    "claim_from_spec",
    "claims_of",
    "extract",
    "gate",
    "iter_extracted",
]
