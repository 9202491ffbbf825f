"""The whole pipeline on the seed articles: the brief's expected verdicts, page chrome never
checked, the rendered table against its golden file, stable fingerprints, and parallel runs."""

import io
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import factcheck
from benchmarks.corpus import write_corpus
from factcheck import crosscheck as crosscheck_module
from factcheck.errors import InputError
from factcheck.pipeline import check_stream, claims_of
from factcheck.read import article_paths, read_articles
from factcheck.records import Metric, Skip, Verdict
from factcheck.reference import load_countries, load_publishers
from factcheck.report import fingerprint, render
from factcheck.verify import verify_claims

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed_report(reference):
    return factcheck.check([str(ROOT / "seeds")], reference=reference, jobs=1)


def finding_for(report, seed: str, text: str):
    matches = [
        finding
        for finding in report.findings
        if finding.claim.mention.article.endswith(seed) and finding.claim.mention.text == text
    ]
    assert matches, f"no claim {text!r} in {seed}"
    return matches[0]


EXPECTED = {
    "two-way-trade-in-a-chinese-outlet": (
        "001_3479b35de856e330.txt",
        "$118.7 billion",
        Verdict.AMBIGUOUS_CURRENCY,
        ("Canadian dollars", "US dollars"),
    ),
    "chinese-customs-change": (
        "002_5efb9267d073e6b2.txt",
        "10.4%",
        Verdict.SUPPORTED,
        ("41.7", "46.6"),
    ),
    "us-share-of-exports": ("004_6988ce14ab7dc689.txt", "about 75%", Verdict.SUPPORTED, ("75.9%",)),
    "china-share-of-exports": (
        "004_6988ce14ab7dc689.txt",
        "less than 4%",
        Verdict.SUPPORTED,
        ("basis",),
    ),
    "tariff-coverage": (
        "002_5efb9267d073e6b2.txt",
        "more than $2.6 billion",
        Verdict.SUPPORTED,
        ("US dollars",),
    ),
    "non-us-trade-target": (
        "003_3d495e7cab814991.txt",
        "at least 50 per cent",
        Verdict.SUPPORTED,
        ("related",),
    ),
    "non-us-exports-target": (
        "004_6988ce14ab7dc689.txt",
        "double",
        Verdict.SUPPORTED,
        ("related",),
    ),
}


@pytest.mark.parametrize("seed, text, verdict, words", EXPECTED.values(), ids=EXPECTED.keys())
def test_seed_verdicts(seed_report, seed: str, text: str, verdict: Verdict, words) -> None:
    finding = finding_for(seed_report, seed, text)
    assert finding.verdict is verdict, finding.explanation
    for word in words:
        assert word in finding.explanation
    if verdict is not Verdict.NOT_CHECKED:
        assert finding.sources, "a checked claim names its reference source"
        assert all(source.url.startswith("http") for source in finding.sources)


def test_the_two_targets_are_related_not_inconsistent(seed_report) -> None:
    anand = finding_for(seed_report, "003_3d495e7cab814991.txt", "at least 50 per cent")
    carney = finding_for(seed_report, "004_6988ce14ab7dc689.txt", "double")
    assert carney.claim.id in anand.related
    assert anand.claim.id in carney.related
    assert Verdict.INCONSISTENT not in (anand.verdict, carney.verdict)


CHROME = {
    "gdp-growth-headline": ("003_3d495e7cab814991.txt", "2.6%"),
    "provincial-deficit": ("003_3d495e7cab814991.txt", "$11.2 billion"),
    "repo-rate": ("002_5efb9267d073e6b2.txt", "5.25%"),
    "tariff-on-indian-goods": ("002_5efb9267d073e6b2.txt", "25%"),
}


@pytest.mark.parametrize("seed, text", CHROME.values(), ids=CHROME.keys())
def test_page_chrome_is_never_checked(seed_report, seed: str, text: str) -> None:
    finding = finding_for(seed_report, seed, text)
    assert finding.claim.mention.in_body is False
    assert finding.verdict is Verdict.NOT_CHECKED
    assert finding.reference_value is None
    assert "chrome" in finding.explanation


def test_every_chrome_claim_is_not_checked_and_every_body_trade_claim_is_checked(
    seed_report,
) -> None:
    for finding in seed_report.findings:
        claim = finding.claim
        if not claim.mention.in_body or claim.context.metric is Metric.OTHER:
            assert finding.verdict is Verdict.NOT_CHECKED
        else:
            assert finding.verdict is not Verdict.NOT_CHECKED


def test_table_matches_its_golden_file(seed_report, golden, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    report = factcheck.check(["seeds/"], reference=None, jobs=1)
    golden("check_seeds.table.txt", render(report, "table", width=120, show_all=True))


def test_fingerprints_survive_an_edit_elsewhere_in_the_article(reference) -> None:
    article = next(
        item for item in read_articles([str(ROOT / "seeds" / "004_6988ce14ab7dc689.txt")])
    )
    edited = replace(
        article,
        text="Editor's note: this story was updated.\n" + article.text,
        body=tuple((start + 39, end + 39) for start, end in article.body),
    )
    before = {
        f.claim.mention.text: fingerprint(f)
        for f in factcheck.check([article], reference=reference).findings
    }
    after = {
        f.claim.mention.text: fingerprint(f)
        for f in factcheck.check([edited], reference=reference).findings
    }
    assert before == after
    assert len(before) >= 3


def test_parallel_check_equals_serial(reference) -> None:
    serial = factcheck.check([str(ROOT / "seeds")], reference=reference, jobs=1)
    parallel = factcheck.check([str(ROOT / "seeds")], reference=reference, jobs=2)
    assert serial.findings == parallel.findings


def mixed_archive(root: Path) -> Path:
    """Articles (text, cp1252, HTML: some with notes) and skipped files, interleaved when sorted."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], root / "a.txt")
    (root / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    shutil.copy(seeds[1], root / "c.txt")
    (root / "d.txt").write_bytes(b"")
    (root / "e.txt").write_bytes(
        "Canada\u2019s exports to China fell 10.4% in 2025.\n".encode("cp1252")
    )
    (root / "f.txt").write_bytes(b"\x00\x01")
    (root / "g").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "html" / "dd_news_carney_beijing.html", root / "g")
    shutil.copy(seeds[4], root / "h.md")
    return root


def test_skips_keep_their_place_among_articles_read_by_workers(tmp_path, reference) -> None:
    archive = str(mixed_archive(tmp_path))

    def skips_before_each_article(jobs: int) -> list[tuple[str, int]]:
        seen: list[tuple[str, int]] = []
        run = check_stream(
            [archive],
            reference=reference,
            jobs=jobs,
            progress=lambda article_id: seen.append((Path(article_id).name, len(run.skips))),
        )
        for _ in run.findings():
            pass
        return seen

    def extracted(jobs: int) -> list[str]:
        items = factcheck.iter_extracted([archive], jobs=jobs)
        return [item.location.path if isinstance(item, Skip) else item[0].id for item in items]

    assert (
        skips_before_each_article(2)
        == skips_before_each_article(1)
        == [
            ("a.txt", 0),
            ("c.txt", 1),
            ("e.txt", 2),
            ("h.md", 3),
            ("dd_news_carney_beijing.html", 3),
        ]
    )
    assert extracted(2) == extracted(1) == list(article_paths([archive]))


def test_parallel_check_of_a_mixed_directory_equals_serial(tmp_path, reference) -> None:
    archive = str(mixed_archive(tmp_path))
    serial = factcheck.check([archive], reference=reference, jobs=1)
    parallel = factcheck.check([archive], reference=reference, jobs=2)
    assert parallel == serial
    assert (serial.articles, len(serial.skips)) == (5, 3)
    assert [note.split(": ", 1)[1] for note in serial.notes] == [
        "decoded as cp1252",
        "main text extracted from HTML; offsets are into that text",
    ]
    assert render(parallel, "jsonl") == render(serial, "jsonl")


def test_articles_given_as_records_are_checked_in_workers_alike(reference) -> None:
    articles = list(read_articles([str(ROOT / "seeds")]))
    serial = factcheck.check(articles, reference=reference, jobs=1)
    assert factcheck.check(articles, reference=reference, jobs=2) == serial


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_bad_input_is_the_one_reported(tmp_path, monkeypatch, reference, jobs) -> None:
    # Workers read files ahead of the results taken, while an empty directory or stdin fails
    # in this process as it is listed: still the error is the first bad input's.
    (tmp_path / "empty").mkdir()
    missing = str(tmp_path / "missing.txt")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    for paths in ([missing, str(tmp_path / "empty")], [missing, "-"]):
        run = check_stream([str(ROOT / "seeds"), *paths], reference=reference, jobs=jobs)
        with pytest.raises(InputError, match=r"missing\.txt: no such file"):
            list(run.findings())


def test_a_directory_of_nothing_readable_fails_after_its_skips(tmp_path, reference) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "empty.txt").write_bytes(b"")
    items: list = []
    with pytest.raises(InputError, match=r"no readable .* \(2 files skipped\)"):
        items.extend(factcheck.iter_extracted([str(ROOT / "seeds"), str(tmp_path)], jobs=2))
    assert [isinstance(item, Skip) for item in items] == [False] * 5 + [True] * 2


def test_check_cross_checks_an_archive_as_crosscheck_does_in_memory(
    tmp_path, reference, monkeypatch
) -> None:
    # `check` keeps claims on disk and applies cross-check changes as findings stream out: the
    # result must be `crosscheck` over every finding at once. Small caps, so they all apply.
    monkeypatch.setattr(crosscheck_module, "MAX_RELATED", 1)
    monkeypatch.setattr(crosscheck_module, "MAX_LISTED", 1)
    write_corpus(tmp_path, 60)
    countries, publishers = load_countries(), load_publishers()
    unchecked = [
        finding
        for article in read_articles([str(tmp_path)])
        for finding in verify_claims(claims_of(article, countries, publishers), reference)
    ]
    findings = factcheck.check([str(tmp_path)], reference=reference, jobs=2).findings
    assert findings == tuple(crosscheck_module.crosscheck(unchecked))
    assert any("articles; the first 1 are listed" in one.explanation for one in findings)
    assert any("more related claims" in one.explanation for one in findings)
    assert any(one.verdict is Verdict.INCONSISTENT for one in findings)


def test_extract_from_text_returns_claims_in_context() -> None:
    claims = factcheck.extract(
        "Chinese customs data showed imports of Canadian goods fell by 10.4% in 2025."
    )
    assert [
        (c.mention.text, c.context.reporter, c.context.partner, c.context.period) for c in claims
    ] == [("10.4%", "CHN", "CAN", "2025")]


def test_gate_on_the_example_claims_supports_every_claim() -> None:
    report = factcheck.gate(str(ROOT / "examples" / "claims.yaml"))
    verdicts = {finding.claim.id: finding.verdict for finding in report.findings}
    assert verdicts == dict.fromkeys(verdicts, Verdict.SUPPORTED), {
        finding.claim.id: finding.explanation for finding in report.findings
    }
    assert len(verdicts) == 6


def test_report_frame_has_the_csv_columns(seed_report) -> None:
    from factcheck.report import COLUMNS

    frame = seed_report.to_frame()
    assert list(frame.columns) == COLUMNS
    assert len(frame) == len(seed_report.findings)
