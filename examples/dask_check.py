"""Run `factcheck check` on a Dask cluster, for an archive that outgrows one machine.

Input: article paths (files, directories, globs) and a scheduler address, or nothing, which
starts a LocalCluster. Output: JSONL with the same rows, in the same order, as
`factcheck check PATHS --format jsonl`. Reading, extraction and verification run as a map over
partitions of the article paths; cross-article checking runs as a groupby on the claims' subject.
Run: `python examples/dask_check.py seeds/ [--scheduler tcp://host:8786] [-o findings.jsonl]`
(needs the optional extra: `pip install 'factcheck[dask]'`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from factcheck.crosscheck import crosscheck
from factcheck.errors import InputError
from factcheck.pipeline import claims_of
from factcheck.read import TEXT_SUFFIXES, article_paths, read_articles
from factcheck.records import Finding, Verdict
from factcheck.reference import load_countries, load_publishers, load_reference
from factcheck.report import DEFAULT_FAIL_ON, exit_code_for, render_stream
from factcheck.verify import claim_key, verify_claims

PLUGIN_NAME = "factcheck-reference"
# Enough articles per task that scheduling overhead (~1 ms a task) stays small next to the
# work (~2 ms an article), few enough that every worker gets several partitions.
ARTICLES_PER_PARTITION = 64

# One article's result: (its position in the input, its path, its findings, why it was
# skipped or None).
Checked = tuple[int, str, list[Finding], str | None]
# A finding that cross-article checking needs: (article position, position in the article,
# finding). The two positions restore the input order that `crosscheck` sees in `factcheck check`.
Ranked = tuple[int, int, Finding]


class ReferencePlugin(WorkerPlugin):
    """Loads the reference tables once per worker, when the worker joins the cluster."""

    def __init__(self, reference_dirs: Sequence[str] = ()) -> None:
        self.reference_dirs = tuple(reference_dirs)
        self.state: tuple = ()

    def setup(self, worker: object) -> None:
        dirs = self.reference_dirs
        self.state = (load_countries(dirs), load_publishers(dirs), load_reference(dirs))


def check_on_dask(
    paths: Sequence[str],
    client: Client,
    *,
    reference_dirs: Sequence[str] = (),
    skipped: list[str] | None = None,
) -> Iterator[Finding]:
    """The findings of `factcheck check PATHS`, in its order, computed on `client`'s cluster.

    Unreadable files and files that are not text articles are skipped, each named in
    `skipped`. Example: `render_stream(check_on_dask(["seeds/"], client), "jsonl")` gives the
    lines of `factcheck check seeds/ --format jsonl`.
    """
    client.register_plugin(ReferencePlugin(reference_dirs), name=PLUGIN_NAME)
    files = list(enumerate(article_paths(paths)))
    partitions = max(1, -(-len(files) // ARTICLES_PER_PARTITION))
    # Kept in the workers' memory: the groupby below and the ordered output both read it.
    checked = db.from_sequence(files, npartitions=partitions).map_partitions(_check).persist()
    # crosscheck only ever compares claims with the same metric, reporter and partner, so each
    # such group is cross-checked on its own, on any worker, and only the findings it changed
    # come back to the client. The alternative, gathering every comparable finding on the
    # client and calling crosscheck once (what `factcheck check` does), is simpler but holds
    # them all on one machine. Groups arrive in no particular order, hence the positions
    # carried along to restore the order crosscheck sees in `factcheck check`.
    changed = dict(
        checked.map(_comparable)
        .flatten()
        .groupby(_subject, shuffle="tasks")
        .map(_crosscheck_group)
        .flatten()
        .compute()
    )
    # Partition by partition, in input order: the client holds one partition's findings at a time.
    for partition in checked.to_delayed():
        for _, path, findings, reason in partition.compute():
            if reason is not None and skipped is not None:
                skipped.append(f"{path}: {reason}")
            yield from (changed.get(finding.claim.id, finding) for finding in findings)


def _check(files: Sequence[tuple[int, str]]) -> list[Checked]:
    """Read, extract and verify one partition's articles (on a worker)."""
    countries, publishers, reference = get_worker().plugins[PLUGIN_NAME].state
    results: list[Checked] = []
    for position, path in files:
        # As `factcheck check` does inside a directory: what is not a text article is skipped.
        if Path(path).suffix.lower() not in TEXT_SUFFIXES:
            results.append((position, path, [], "not a text article"))
            continue
        try:
            article = next(read_articles([path], publishers=publishers))
        except InputError as err:
            results.append((position, path, [], err.message))
            continue
        claims = claims_of(article, countries, publishers)
        results.append((position, path, verify_claims(claims, reference), None))
    return results


def _comparable(checked: Checked) -> list[Ranked]:
    """The findings cross-article checking needs: all but page chrome and out-of-scope ones."""
    position, _, findings, _ = checked
    return [
        (position, index, finding)
        for index, finding in enumerate(findings)
        if finding.verdict is not Verdict.NOT_CHECKED
    ]


def _subject(ranked: Ranked) -> tuple[str, str, str]:
    key = claim_key(ranked[2].claim)
    return str(key.metric), key.reporter, key.partner


def _crosscheck_group(
    group: tuple[tuple[str, str, str], list[Ranked]],
) -> list[tuple[str, Finding]]:
    _, members = group
    ordered = [finding for _, _, finding in sorted(members, key=lambda ranked: ranked[:2])]
    return [
        (new.claim.id, new)
        for old, new in zip(ordered, crosscheck(ordered), strict=True)
        if new != old
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Check articles on a Dask cluster and write JSONL; the exit code is `factcheck check`'s.

    Example: `main(["seeds/", "-o", "findings.jsonl"])` → 0.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="article files, directories or globs")
    parser.add_argument("--scheduler", help="address of a running scheduler (tcp://host:8786)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--reference", action="append", default=[], help="extra reference dir")
    parser.add_argument("-o", "--output", help="write JSONL here instead of stdout")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        cluster = args.scheduler or stack.enter_context(
            LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
        )
        client = stack.enter_context(Client(cluster))
        output = (
            stack.enter_context(open(args.output, "w", encoding="utf-8"))
            if args.output
            else sys.stdout
        )
        skipped: list[str] = []
        verdicts: list[Verdict] = []
        for finding in check_on_dask(
            args.paths, client, reference_dirs=args.reference, skipped=skipped
        ):
            verdicts.append(finding.verdict)
            output.writelines(render_stream([finding], "jsonl"))
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    return int(exit_code_for(verdicts, DEFAULT_FAIL_ON))


if __name__ == "__main__":
    sys.exit(main())
