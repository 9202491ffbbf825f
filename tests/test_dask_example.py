"""examples/dask_check.py on a small local Dask cluster: the same JSONL as `factcheck check`."""

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from factcheck.report import render_stream

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _load_example():
    # examples/ is not a package: load the script as a module, registered so that the workers
    # (threads of this process) unpickle its functions by reference.
    spec = importlib.util.spec_from_file_location("dask_check", ROOT / "examples" / "dask_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_check"] = module
    spec.loader.exec_module(module)
    return module


dask_check = _load_example()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Threads in this process: quick to start and no pickling of the example by value.
    # No filterwarnings marks are needed: with the dashboard off and in-process workers,
    # distributed 2026.8 emits no warnings here (checked under the suite's filterwarnings=error).
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def _cli_check(path: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", path, "--format", "jsonl", "--jobs", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def expected() -> str:
    return _cli_check("seeds/")


def test_same_rows_in_the_same_order_as_check(
    client: Client, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Article ids are the paths as given, so both run from the project root on "seeds/".
    monkeypatch.chdir(ROOT)
    actual = "".join(render_stream(dask_check.check_on_dask(["seeds/"], client), "jsonl"))
    assert len(expected.splitlines()) >= 10  # the seeds have claims to compare
    assert actual.splitlines() == expected.splitlines()


def test_main_connects_to_a_scheduler_and_writes_jsonl(
    client: Client, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    output = tmp_path / "findings.jsonl"
    code = dask_check.main(["seeds/", "--scheduler", client.scheduler.address, "-o", str(output)])
    assert code == (1 if '"contradicted"' in expected or '"inconsistent"' in expected else 0)
    assert output.read_text(encoding="utf-8") == expected


def test_unreadable_and_non_text_files_are_skipped_and_named(
    client: Client, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Canada's exports to China fell 10.4% in 2025.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    skipped: list[str] = []
    findings = list(dask_check.check_on_dask([str(tmp_path)], client, skipped=skipped))
    assert [finding.claim.mention.text for finding in findings] == ["10.4%"]
    assert [line.split(": ")[0] for line in skipped] == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.pdf"),
    ]
