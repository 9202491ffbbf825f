"""Held-out accuracy of `factcheck.extraction` on real trade-news sentences annotated by hand.

`tests/eval/trade_sentences.jsonl`: one sentence per line with its source URL and every numeric
claim in it (span, value, kind, explicit currency). Annotation guideline: a claim is a number
with a currency, %, percentage points, a scale word with a unit, a physical unit, a multiple
word or a fraction of a whole; bare numbers (years, dates, an exchange rate written without a
unit) are not. The sentences were never used to tune patterns one by one; misses stay misses.
"""

import json
from functools import cache
from pathlib import Path

import pytest

from factcheck.extraction import extract_mentions
from factcheck.records import Article

SENTENCES = Path(__file__).resolve().parent / "eval" / "trade_sentences.jsonl"


@cache
def _pairs() -> tuple[tuple[list[dict], list], ...]:
    pairs = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        article = Article(id=row["id"], text=text, body=((0, len(text)),))
        pairs.append((row["mentions"], extract_mentions(article)))
    return tuple(pairs)


def _matched(gold: list[dict], found: list) -> list[tuple[dict, object]]:
    """Gold mentions whose span and value the extractor reproduced, with the mention found."""
    by_span = {(m.start, m.end): m for m in found}
    pairs = []
    for expected in gold:
        mention = by_span.get((expected["start"], expected["end"]))
        if mention is not None and mention.value == pytest.approx(expected["value"]):
            pairs.append((expected, mention))
    return pairs


def value_f1() -> float:
    matched = sum(len(_matched(gold, found)) for gold, found in _pairs())
    gold_count = sum(len(gold) for gold, _ in _pairs())
    found_count = sum(len(found) for _, found in _pairs())
    precision, recall = matched / found_count, matched / gold_count
    return 2 * precision * recall / (precision + recall)


def kind_accuracy() -> float:
    pairs = [pair for gold, found in _pairs() for pair in _matched(gold, found)]
    return sum(str(mention.kind) == expected["kind"] for expected, mention in pairs) / len(pairs)


def currency_accuracy() -> float:
    """Over gold money mentions: explicit currencies found, and bare ones left open (None)."""
    money = [gold_m for gold, _ in _pairs() for gold_m in gold if gold_m["kind"] == "money"]
    matched = [pair for gold, found in _pairs() for pair in _matched(gold, found)]
    right = sum(
        expected["kind"] == "money" and mention.currency == expected["currency"]
        for expected, mention in matched
    )
    return right / len(money)


def test_the_held_out_set_is_big_enough_and_sourced() -> None:
    rows = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert all(row["source_url"].startswith("http") for row in rows)
    for row in rows:
        for mention in row["mentions"]:
            assert row["text"][mention["start"] : mention["end"]] == mention["text"]


def test_value_f1() -> None:
    assert value_f1() >= 0.95


def test_kind_accuracy() -> None:
    assert kind_accuracy() >= 0.90


def test_explicit_currency_accuracy() -> None:
    assert currency_accuracy() >= 0.95
