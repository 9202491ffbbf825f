"""Extraction throughput against a bare `regex` scan, and the cost of normalization and context.

Input: a >= 5 MB generated corpus (fixtures in conftest.py). Output: pytest-benchmark timings
with MB/s, the ratio to a bare number scan of the same text, per-claim overhead and tracemalloc
peaks in `extra_info`. No assertions on time: the numbers live in the benchmark output.
"""

from __future__ import annotations

import time

import pytest
import regex

from benchmarks.conftest import MB, CpuTimer, median_seconds, peak_memory_mb

# The floor any extractor pays: every number, with an optional currency, %, or scale word.
BARE_SCAN = regex.compile(
    r"""
    [$€£¥]? \d [\d,.]*                                # a number, maybe after a currency symbol
    \s* (?: % | per\s?cent | billion | million )?     # then a percent sign or scale word
    """,
    flags=regex.VERBOSE,
)
ROUNDS = 3


def _bare_scan(texts: list[str]) -> int:
    return sum(1 for text in texts for _ in BARE_SCAN.finditer(text))


def _extract_all(articles) -> int:
    from factcheck.extraction import extract_mentions

    return sum(len(extract_mentions(article)) for article in articles)


def _claims_all(articles, countries, publishers) -> int:
    from factcheck.pipeline import claims_of

    return sum(len(claims_of(article, countries, publishers)) for article in articles)


def _best_seconds(function, *args) -> tuple[float, float]:
    """Best wall and CPU seconds of a few calls: a baseline measured inside another benchmark.

    CPU time is reported too because on a shared machine wall time moves with the load.
    """
    walls, cpus = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        function(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _megabytes(texts: list[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in texts) / MB


def test_bare_regex_scan(benchmark, texts: list[str]) -> None:
    matches = benchmark(_bare_scan, texts)
    benchmark.extra_info.update(
        corpus_mb=round(_megabytes(texts), 2),
        matches=matches,
        mb_per_s=round(_megabytes(texts) / median_seconds(benchmark), 1),
    )


@pytest.mark.parametrize("layout", ["articles", "one_text"])
def test_extraction_throughput(benchmark, layout: str, texts, corpus, corpus_articles) -> None:
    from factcheck.read import article_from_text

    articles = corpus_articles if layout == "articles" else [article_from_text(corpus, id="all")]
    scanned = texts if layout == "articles" else [corpus]
    timer = CpuTimer(_extract_all)
    mentions = benchmark.pedantic(timer, args=(articles,), rounds=ROUNDS, iterations=1)
    megabytes = _megabytes(scanned)
    extraction_rate = megabytes / median_seconds(benchmark)
    # The bare scan runs in the same process and session, so the ratio compares like with like.
    scan_wall, scan_cpu = _best_seconds(_bare_scan, scanned)
    benchmark.extra_info.update(
        corpus_mb=round(megabytes, 2),
        articles=len(articles),
        mentions=mentions,
        mb_per_s=round(extraction_rate, 2),
        mb_per_cpu_s=round(megabytes / timer.median(), 2),
        bare_regex_mb_per_s=round(megabytes / scan_wall, 1),
        ratio_to_bare_regex=round(scan_wall / median_seconds(benchmark), 3),
        ratio_to_bare_regex_cpu=round(scan_cpu / timer.median(), 3),
        peak_memory_mb=peak_memory_mb(lambda: _extract_all(articles)),
    )


def test_normalize_and_context_overhead(benchmark, corpus_articles, countries, publishers) -> None:
    timer = CpuTimer(_claims_all)
    claims = benchmark.pedantic(
        timer, args=(corpus_articles, countries, publishers), rounds=ROUNDS, iterations=1
    )
    claims_seconds = median_seconds(benchmark)
    extract_seconds, extract_cpu = _best_seconds(_extract_all, corpus_articles)
    overhead = claims_seconds - extract_seconds
    benchmark.extra_info.update(
        articles=len(corpus_articles),
        claims=claims,
        extract_seconds=round(extract_seconds, 3),
        claims_of_seconds=round(claims_seconds, 3),
        overhead_share_of_extraction=round(overhead / extract_seconds, 3),
        overhead_share_of_extraction_cpu=round((timer.median() - extract_cpu) / extract_cpu, 3),
        overhead_us_per_claim=round(overhead / claims * 1e6, 1),
        peak_memory_mb=peak_memory_mb(lambda: _claims_all(corpus_articles, countries, publishers)),
    )


@pytest.mark.parametrize("stage", ["normalize", "context"])
def test_stage_per_claim(benchmark, stage: str, corpus_articles, countries, publishers) -> None:
    from factcheck.context import resolve_contexts
    from factcheck.extraction import extract_mentions
    from factcheck.normalize import normalize_mentions

    extracted = [(article, extract_mentions(article)) for article in corpus_articles]

    def run() -> None:
        for article, mentions in extracted:
            if stage == "normalize":
                normalize_mentions(mentions, article, publishers)
            else:
                resolve_contexts(mentions, article, countries)

    timer = CpuTimer(run)
    benchmark.pedantic(timer, rounds=ROUNDS, iterations=1)
    claims = sum(len(mentions) for _, mentions in extracted)
    # Issue 4's budget: context adds at most half of extraction's time on the same articles.
    extract_seconds, extract_cpu = _best_seconds(_extract_all, corpus_articles)
    benchmark.extra_info.update(
        claims=claims,
        us_per_claim=round(median_seconds(benchmark) / claims * 1e6, 1),
        extract_seconds=round(extract_seconds, 3),
        share_of_extraction=round(median_seconds(benchmark) / extract_seconds, 3),
        share_of_extraction_cpu=round(timer.median() / extract_cpu, 3),
    )
