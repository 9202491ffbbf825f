"""Fixtures for the benchmarks: generated corpora, the loaded reference, peak memory.

Input: the generator in `benchmarks.corpus` and the bundled reference tables. Output: session
fixtures (a >= 5 MB corpus as articles and as one text, generated article directories, the
reference) and helpers that put throughput, CPU time, tracemalloc peaks and the CLI's peak
resident memory into `benchmark.extra_info`.
Run with `.venv/bin/python -m pytest benchmarks --benchmark-only`.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.corpus import corpus_text, corpus_texts, write_corpus

MB = 1_000_000
CORPUS_BYTES = 5 * MB
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# 10,000 articles take minutes per run, so that size is opt-in.
LARGE = os.environ.get("FACTCHECK_BENCH_LARGE") == "1"
ARTICLE_COUNTS = (
    10,
    1_000,
    pytest.param(10_000, marks=pytest.mark.skipif(not LARGE, reason="set FACTCHECK_BENCH_LARGE=1")),
)


def peak_memory_mb(function: Callable[[], object]) -> float:
    """Peak Python allocation (tracemalloc, this process only) of one call, in MB.

    Example: `peak_memory_mb(lambda: list(range(10**6)))` → about 40.
    """
    tracemalloc.start()
    try:
        function()
        return round(tracemalloc.get_traced_memory()[1] / MB, 2)
    finally:
        tracemalloc.stop()


# Runs the CLI and prints its process's peak resident memory last on stderr, from Linux's
# VmHWM: `ru_maxrss` would report the benchmark process's own peak, which a child inherits
# across fork and exec. Worker processes are not counted: what grows with an archive is held
# by the main process.
_CLI_WITH_PEAK_RSS = """
import runpy, sys
sys.argv = ["factcheck", *sys.argv[1:]]
try:
    runpy.run_module("factcheck", run_name="__main__")
finally:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print(peak, file=sys.stderr)
"""


def cli_peak_rss_mb(*args: str) -> float:
    """Peak resident memory of one `factcheck` CLI run (its main process), in MB (Linux only).

    Example: `cli_peak_rss_mb("check", "seeds/", "--format", "jsonl")` → about 85.
    """
    completed = subprocess.run(
        [sys.executable, "-c", _CLI_WITH_PEAK_RSS, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    # 1 means findings at or above --fail-on: a finished run all the same.
    assert completed.returncode in (0, 1), completed.stderr
    peak_kib = int(completed.stderr.splitlines()[-1])
    return round(peak_kib * 1024 / MB, 1)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    # Worker processes count once they are reaped, which a finished process pool has done.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


class CpuTimer:
    """Wraps a benchmarked function and records the CPU seconds of each call, workers included.

    Wall time on a shared machine moves with its load; CPU time much less. Example:
    `timer = CpuTimer(check); benchmark.pedantic(timer, ...); timer.median()`.
    """

    def __init__(self, function: Callable[..., object]) -> None:
        self.function = function
        self.rounds: list[float] = []

    def __call__(self, *args: object) -> object:
        before = _cpu_seconds()
        result = self.function(*args)
        self.rounds.append(_cpu_seconds() - before)
        return result

    def median(self) -> float:
        return round(statistics.median(self.rounds), 3)


def median_seconds(benchmark) -> float:
    """The median round of a finished benchmark, in seconds."""
    return benchmark.stats.stats.median


@pytest.fixture(scope="session")
def corpus() -> str:
    """Generated articles, blank-line separated, at least 5 MB of UTF-8."""
    return corpus_text(CORPUS_BYTES)


@pytest.fixture(scope="session")
def texts() -> list[str]:
    """The same articles as `corpus`, one string each."""
    return corpus_texts(CORPUS_BYTES)


@pytest.fixture(scope="session")
def corpus_articles(texts: list[str]):
    """`texts` read into `Article`s, so benchmarks of later stages skip the read stage."""
    from factcheck.read import article_from_text

    return [
        article_from_text(text, id=f"generated/{index:06d}.txt") for index, text in enumerate(texts)
    ]


@pytest.fixture(scope="session")
def countries():
    from factcheck.reference import load_countries

    return load_countries(())


@pytest.fixture(scope="session")
def publishers():
    from factcheck.reference import load_publishers

    return load_publishers(())


@pytest.fixture(scope="session")
def reference():
    from factcheck.reference import load_reference

    return load_reference(())


@pytest.fixture(scope="session")
def article_dirs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """A directory of `n` generated articles, written once per session and size."""
    written: dict[int, Path] = {}

    def directory(n_articles: int) -> Path:
        if n_articles not in written:
            path = tmp_path_factory.mktemp(f"corpus_{n_articles}")
            write_corpus(path, n_articles)
            written[n_articles] = path
        return written[n_articles]

    return directory
