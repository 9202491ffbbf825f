"""Benchmarks (pytest-benchmark) and the corpus generator they run on; outside the test suite."""
