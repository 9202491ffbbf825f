"""Long fuzz run of extract → normalize → context: `python scripts/fuzz.py [COUNT] [--jobs N]`.

Input: a count of generated inputs (default 100,000): half realistic trade sentences (numbers
with random scales, currencies, qualifiers, directions, countries, years), half random text
dense in the characters the patterns care about. Output: one summary line on stdout, and the
first failing input (with its seed) when there is one; exit 1 then. tests/test_fuzz.py runs the
same checks on a few hundred hypothesis examples.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from factcheck.pipeline import PERIOD, claims_of
from factcheck.read import article_from_text
from factcheck.records import Article, Claim
from factcheck.reference import load_countries, load_publishers

CHUNK = 500
QUALIFIERS = ("", "about ", "more than ", "less than ", "nearly ", "at least ", "up to ",
              "some ", "just over ", "roughly ", "between ")  # fmt: skip
CURRENCIES = ("$", "US$", "C$", "CA$", "€", "£", "¥", "RMB ", "USD ", "")
CURRENCY_WORDS = ("", " Canadian dollars", " U.S. dollars", " yuan", " euros", " dollars")
SCALES = ("", " billion", " million", " trillion", "bn", "m", " thousand", " bn", "B")
PERCENTS = ("%", " per cent", " percent", " percentage points", " pp", "pc")
VERBS = ("fell", "rose", "dropped", "grew", "declined", "jumped", "was", "reached", "totalled",
         "slumped to", "climbed to", "accounted for", "is down", "doubled", "halved")  # fmt: skip
COUNTRIES = ("Canada", "China", "the United States", "Chinese", "Canadian", "U.S.", "Beijing",
             "Ottawa", "India", "Mexico", "the EU", "non-U.S.")  # fmt: skip
FLOWS = ("exports to", "imports from", "trade with", "tariffs on", "shipments to", "a deficit with")
YEARS = ("in 2024", "in 2025", "last year", "in the first half of 2025", "between 2015 and 2025",
         "in March", "by 2035", "from January to August 2025", "in Q1 2025", "")  # fmt: skip
SOURCES = ("", ", according to Chinese customs data", ", Statistics Canada said",
           ", the Prime Minister's office said")  # fmt: skip
NOISE = "0123456789 ,.$%-\u2013\u2212()USCDbnmilothalfperc\n\u00a0€£¥"


def _number(rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return str(rng.randrange(0, 1000))
    if style == 1:
        return f"{rng.uniform(0, 1000):.{rng.randrange(1, 4)}f}"
    if style == 2:
        return f"{rng.randrange(1000, 10**10):,}"
    if style == 3:
        return rng.choice(("half", "a third", "two-thirds", "three-quarters", "one", "twenty"))
    return f"{rng.randrange(1, 100)}-{rng.randrange(100, 200)}"


def trade_sentence(rng: random.Random) -> str:
    """One generated trade sentence, e.g. "Canada's exports to China fell about 10.4% in 2025."."""
    number, qualifier = _number(rng), rng.choice(QUALIFIERS)
    if qualifier == "between ":
        number = f"{number} and {_number(rng)}"
    if rng.random() < 0.5:
        figure = f"{qualifier}{rng.choice(CURRENCIES)}{number}{rng.choice(SCALES)}"
        figure += rng.choice(CURRENCY_WORDS) if rng.random() < 0.3 else ""
    else:
        sign = rng.choice(("", "", "-", "+", "\u2212"))
        figure = f"{qualifier}{sign}{number}{rng.choice(PERCENTS)}"
    subject = f"{rng.choice(COUNTRIES)}'s {rng.choice(FLOWS)} {rng.choice(COUNTRIES)}"
    tail = f"{rng.choice(YEARS)}{rng.choice(SOURCES)}"
    return f"{subject} {rng.choice(VERBS)} {figure} {tail}".rstrip() + rng.choice((".", ";", ""))


def noise(rng: random.Random) -> str:
    """Random text dense in the characters the patterns look at, with some sentences mixed in."""
    parts = []
    for _ in range(rng.randrange(1, 6)):
        if rng.random() < 0.5:
            parts.append("".join(rng.choice(NOISE) for _ in range(rng.randrange(0, 80))))
        else:
            parts.append(trade_sentence(rng))
    return rng.choice((" ", "\n", "", "  ")).join(parts)


def check_claims(article: Article, claims: Sequence[Claim]) -> None:
    """Raise AssertionError unless every claim has an exact span, an interval around its value
    and a well-formed period. Example: `check_claims(article, claims_of(article, (), ()))`."""
    text = article.text
    for claim in claims:
        mention, amount = claim.mention, claim.amount
        assert 0 <= mention.start < mention.end <= len(text), f"span out of range: {mention}"
        assert text[mention.start : mention.end] == mention.text, f"span text differs: {mention}"
        slack = 1e-9 * max(1.0, abs(mention.value))
        assert amount.low - slack <= mention.value <= amount.high + slack, (
            f"interval [{amount.low}, {amount.high}] misses {mention.value}: {mention.text!r}"
        )
        assert math.isfinite(amount.low) or math.isfinite(amount.high), mention
        period = claim.context.period
        assert period is None or PERIOD.match(period), f"bad period {period!r}: {mention.text!r}"


def _run_chunk(seed: int) -> tuple[int, int, str | None]:
    """Fuzz CHUNK inputs from `seed`: (inputs, claims, first failure or None)."""
    countries, publishers = load_countries(), load_publishers()
    rng = random.Random(seed)
    claims_seen = 0
    for index in range(CHUNK):
        text = trade_sentence(rng) if index % 2 else noise(rng)
        try:
            article = article_from_text(text, id="fuzz")
            claims = claims_of(article, countries, publishers)
            check_claims(article, claims)
        except Exception:
            return (
                index + 1,
                claims_seen,
                f"seed {seed} input {index}: {text!r}\n" + (traceback.format_exc()),
            )
        claims_seen += len(claims)
    return CHUNK, claims_seen, None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    seeds = range(args.seed, args.seed + math.ceil(args.count / CHUNK))
    started = time.perf_counter()
    inputs = claims_total = failures = 0
    first_failure = None
    with ProcessPoolExecutor(args.jobs) as pool:
        for done, claims_found, failure in pool.map(_run_chunk, seeds):
            inputs += done
            claims_total += claims_found
            if failure:
                failures += 1
                first_failure = first_failure or failure
    seconds = time.perf_counter() - started
    print(
        f"fuzz: {inputs} inputs, {claims_total} claims, {failures} failing chunks,"
        f" {seconds:.0f} s on {args.jobs} processes (seeds {seeds.start}..{seeds.stop - 1})"
    )
    if first_failure:
        print(first_failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
