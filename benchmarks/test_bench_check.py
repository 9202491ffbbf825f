"""End-to-end `check` throughput, memory, and reference load time.

Input: the seeds and generated directories of 10 / 1,000 articles (10,000 with
FACTCHECK_BENCH_LARGE=1), checked with one and two worker processes. Output: articles/s and
CPU seconds (workers included), the tracemalloc peak of streaming every finding out (this
process only: workers are separate processes), and the CLI's peak resident memory, in
`extra_info`. Memory that does not grow with the archive shows as the same peaks at 1,000 and
10,000 articles.
"""

from __future__ import annotations

import pytest

from benchmarks.conftest import (
    ARTICLE_COUNTS,
    SEEDS,
    CpuTimer,
    cli_peak_rss_mb,
    median_seconds,
    peak_memory_mb,
)

SEED_COUNT = 5
# Large corpora run once per benchmark; small ones often enough for a stable median.
ROUNDS_BY_SIZE = {SEED_COUNT: 5, 10: 5}


def _check(paths: list[str], reference, jobs: int):
    from factcheck.pipeline import check

    return check(paths, reference=reference, jobs=jobs)


def _stream(paths: list[str], reference, jobs: int) -> int:
    """Every finding, each dropped once seen, as the CLI writes them: no report is held."""
    from factcheck.pipeline import check_stream

    return sum(1 for _ in check_stream(paths, reference=reference, jobs=jobs).findings())


@pytest.mark.parametrize("jobs", [1, 2], ids=lambda jobs: f"jobs{jobs}")
@pytest.mark.parametrize("n_articles", [SEED_COUNT, *ARTICLE_COUNTS], ids=lambda n: f"{n}")
def test_check_articles_per_second(benchmark, n_articles: int, jobs: int, article_dirs, reference):
    directory = SEEDS if n_articles == SEED_COUNT else article_dirs(n_articles)
    paths = [str(directory)]
    rounds = ROUNDS_BY_SIZE.get(n_articles, 1)
    timer = CpuTimer(_check)
    report = benchmark.pedantic(timer, args=(paths, reference, jobs), rounds=rounds)
    benchmark.extra_info.update(
        corpus="seeds" if directory == SEEDS else "generated",
        articles=n_articles,
        jobs=jobs,
        findings=len(report.findings),
        articles_per_s=round(n_articles / median_seconds(benchmark), 1),
        cpu_seconds=timer.median(),
        articles_per_cpu_s=round(n_articles / timer.median(), 1),
        peak_memory_mb_streaming=peak_memory_mb(lambda: _stream(paths, reference, jobs)),
    )


@pytest.mark.parametrize("n_articles", ARTICLE_COUNTS, ids=lambda n: f"{n}")
def test_check_cli_peak_memory(benchmark, n_articles: int, article_dirs, tmp_path) -> None:
    output = tmp_path / "findings.jsonl"
    args = ("check", str(article_dirs(n_articles)), "--jobs", "2", "--format", "jsonl")
    peak_rss_mb = benchmark.pedantic(cli_peak_rss_mb, args=(*args, "-o", str(output)), rounds=1)
    with output.open(encoding="utf-8") as lines:
        findings = sum(1 for _ in lines)
    benchmark.extra_info.update(
        articles=n_articles, jobs=2, findings=findings, peak_rss_mb=peak_rss_mb
    )


def test_reference_load(benchmark) -> None:
    from factcheck.reference import load_reference

    reference = benchmark(load_reference)
    benchmark.extra_info.update(
        tables=len(reference.tables),
        rows=sum(len(frame) for frame in reference.tables.values()),
        peak_memory_mb=peak_memory_mb(load_reference),
    )
