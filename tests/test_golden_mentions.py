"""Golden seeds: every numeric claim of each bundled article, written out by hand.

Expected files (`tests/golden/<seed>.mentions.jsonl`) are never written by the suite; a failure
prints what is missing, what is unexpected and which fields differ, so a reviewer edits by hand.
"""

import json
from pathlib import Path

import pytest

from factcheck.extraction import extract_mentions
from factcheck.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"
FIELDS = ("text", "kind", "value", "value_high", "qualifier", "direction", "currency", "unit")

# Page chrome, found by reading each seed: 002 ends with a related-headline list; 003 opens with
# page header lines and ends with a "MORE National ARTICLES" block. The rest is story text.
BODY_STARTS = {"003": "Prime Minister Mark Carney looks"}
BODY_ENDS = {"002": "Ghislaine Maxwell", "003": "MORE National ARTICLES"}


def _article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    prefix = path.name[:3]
    start = text.index(BODY_STARTS[prefix]) if prefix in BODY_STARTS else 0
    end = text.index(BODY_ENDS[prefix]) if prefix in BODY_ENDS else len(text)
    return Article(id=path.name, text=text, body=((start, end),))


def _as_row(mention) -> dict:
    row = {field: getattr(mention, field) for field in FIELDS}
    return row | {"kind": str(mention.kind), "qualifier": str(mention.qualifier),
                  "direction": mention.direction and str(mention.direction),
                  "in_body": mention.in_body}  # fmt: skip


def _differences(expected: dict, actual: dict) -> list[str]:
    problems = []
    for field in (*FIELDS, "in_body"):
        want, got = expected[field], actual[field]
        same = want == pytest.approx(got) if isinstance(want, float) else want == got
        if not same:
            problems.append(f"{field}: expected {want!r}, got {got!r}")
    return problems


@pytest.mark.parametrize("seed", SEEDS, ids=[path.stem[:3] for path in SEEDS])
def test_seed_mentions_match_golden(seed: Path) -> None:
    golden = GOLDEN / f"{seed.stem}.mentions.jsonl"
    expected = {
        (row["start"], row["end"]): row
        for row in map(json.loads, golden.read_text(encoding="utf-8").splitlines())
    }
    article = _article(seed)
    actual = {(m.start, m.end): _as_row(m) for m in extract_mentions(article)}
    missing = [f"  {span} {expected[span]['text']!r}" for span in expected.keys() - actual.keys()]
    unexpected = [f"  {span} {actual[span]['text']!r}" for span in actual.keys() - expected.keys()]
    wrong = [
        f"  {span} {expected[span]['text']!r}: {problem}"
        for span in sorted(expected.keys() & actual.keys())
        for problem in _differences(expected[span], actual[span])
    ]
    report = "\n".join(
        f"{title}:\n" + "\n".join(sorted(lines))
        for title, lines in (("missing", missing), ("unexpected", unexpected), ("wrong", wrong))
        if lines
    )
    assert not report, f"{seed.name} differs from {golden.name}\n{report}"


def test_golden_text_is_the_article_slice() -> None:
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        for line in (GOLDEN / f"{seed.stem}.mentions.jsonl").read_text().splitlines():
            row = json.loads(line)
            assert text[row["start"] : row["end"]] == row["text"], (seed.name, row)
