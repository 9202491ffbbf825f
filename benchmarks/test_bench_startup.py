"""Startup costs: the CLI's help, checking one article from a cold process, the pint registry.

Input: a fresh `python -m factcheck` process per round and the registry with its cache cleared.
Output: pytest-benchmark timings; the subprocesses' exit codes are checked, never their speed.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks.conftest import SEEDS, peak_memory_mb

ROUNDS = 5
SEED_ARTICLE = SEEDS / "002_5efb9267d073e6b2.txt"


def _factcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args], capture_output=True, text=True, check=False
    )


def test_help(benchmark) -> None:
    completed = benchmark.pedantic(_factcheck, args=("--help",), rounds=ROUNDS)
    assert completed.returncode == 0, completed.stderr


def test_check_one_article(benchmark) -> None:
    completed = benchmark.pedantic(
        _factcheck, args=("check", str(SEED_ARTICLE), "--format", "jsonl"), rounds=ROUNDS
    )
    # 1 means findings at or above --fail-on: a finished run all the same.
    assert completed.returncode in (0, 1), completed.stderr


def test_extract_one_article(benchmark) -> None:
    completed = benchmark.pedantic(
        _factcheck, args=("extract", str(SEED_ARTICLE), "--format", "jsonl"), rounds=ROUNDS
    )
    assert completed.returncode == 0, completed.stderr


def test_pint_registry_build(benchmark) -> None:
    from factcheck.units import registry

    benchmark.pedantic(registry, setup=registry.cache_clear, rounds=ROUNDS)
    registry.cache_clear()
    benchmark.extra_info["peak_memory_mb"] = peak_memory_mb(registry)
