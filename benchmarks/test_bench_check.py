"""End-to-end `check` throughput and reference load time.

Input: the seeds and generated directories of 10 / 1,000 articles (10,000 with
FACTCHECK_BENCH_LARGE=1), checked with one and two worker processes. Output: articles/s and
CPU seconds (workers included) and tracemalloc peaks (this process only: workers are
separate processes) in `extra_info`.
"""

from __future__ import annotations

import pytest

from benchmarks.conftest import ARTICLE_COUNTS, SEEDS, CpuTimer, median_seconds, peak_memory_mb

SEED_COUNT = 5
# Large corpora run once per benchmark; small ones often enough for a stable median.
ROUNDS_BY_SIZE = {SEED_COUNT: 5, 10: 5}


def _check(paths: list[str], reference, jobs: int):
    from factcheck.pipeline import check

    return check(paths, reference=reference, jobs=jobs)


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
        peak_memory_mb_this_process=peak_memory_mb(lambda: _check(paths, reference, jobs)),
    )


def test_reference_load(benchmark) -> None:
    from factcheck.reference import load_reference

    reference = benchmark(load_reference)
    benchmark.extra_info.update(
        tables=len(reference.tables),
        rows=sum(len(frame) for frame in reference.tables.values()),
        peak_memory_mb=peak_memory_mb(load_reference),
    )
