"""Shared fixtures: the project root, the seed articles, the bundled reference (loaded once),
and `--update-golden`, which writes `<golden>.actual` files for review and never overwrites
the expected ones."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write <golden>.actual files next to golden files whose comparison fails",
    )


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def reference():
    from factcheck.reference import load_reference

    return load_reference()


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """`golden(name, actual)` asserts `actual` equals tests/golden/<name>."""

    def compare(name: str, actual: str) -> None:
        expected_path = GOLDEN / name
        expected = expected_path.read_text(encoding="utf-8") if expected_path.exists() else None
        if actual != expected and request.config.getoption("--update-golden"):
            expected_path.with_name(name + ".actual").write_text(actual, encoding="utf-8")
        assert expected is not None, f"missing golden file {expected_path}"
        assert actual == expected, (
            f"{name} differs; rerun with --update-golden and review the .actual file"
        )

    return compare
