"""Fuzzing extract → normalize → context (`pipeline.claims_of`) on arbitrary text and on
generated trade sentences: no exception, exact spans, intervals around the value, well-formed
periods. The long run (100,000+ inputs) is `scripts/fuzz.py`, which shares these checks."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.pipeline import claims_of
from factcheck.read import article_from_text
from factcheck.reference import load_countries, load_publishers

# scripts/ is not a package: load the fuzz script by path, whatever the working directory.
_SPEC = importlib.util.spec_from_file_location(
    "fuzz_script", Path(__file__).resolve().parent.parent / "scripts" / "fuzz.py"
)
fuzz_script = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz_script)
check_claims, trade_sentence = fuzz_script.check_claims, fuzz_script.trade_sentence

FUZZ = settings(max_examples=300, deadline=None)
TRADE_ALPHABET = st.sampled_from(list("0123456789 ,.$%-\u2013()USCDbnmilothalfperc\n")) | (
    st.characters()
)


def _run(text: str) -> None:
    article = article_from_text(text, id="fuzz")
    check_claims(article, claims_of(article, load_countries(), load_publishers()))


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _run(text)


@FUZZ
@given(st.text(alphabet=TRADE_ALPHABET, max_size=300))
def test_text_dense_in_number_characters(text: str) -> None:
    _run(text)


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(1, 6))
def test_generated_trade_sentences(rng: random.Random, count: int) -> None:
    _run(" ".join(trade_sentence(rng) for _ in range(count)))


def test_the_checks_can_fail() -> None:
    """A claim whose span or interval is wrong is caught."""
    from dataclasses import replace

    import pytest

    article = article_from_text("Exports to China fell 10.4% in 2025.", id="a")
    [claim] = claims_of(article, load_countries(), load_publishers())
    with pytest.raises(AssertionError, match="span"):
        check_claims(article, [replace(claim, mention=replace(claim.mention, start=0))])
    with pytest.raises(AssertionError, match="interval"):
        check_claims(article, [replace(claim, amount=replace(claim.amount, low=11.0))])
