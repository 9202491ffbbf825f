"""A synthetic corpus of trade articles, built from the five seeds, for benchmarks at scale.

Input: the seed articles in `seeds/` and a random seed. Output: `(name, text)` pairs whose
figures, qualifiers, country pairs, years and publication dates vary while the page chrome
(related-headline lists, navigation) stays, so every stage does realistic work. The figures
are deliberately made up: this corpus measures speed and must never serve as reference data.
Run `python -m benchmarks.corpus DIR N [--seed S]` to write N articles to DIR.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import regex

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Each pair stands in for (Canada, China): name, adjective, plural demonym, capital. Real trading
# partners, so the context stage resolves them as it would in a real archive.
COUNTRY_PAIRS = (
    (("Canada", "Canadian", "Canadians", "Ottawa"), ("China", "Chinese", "Chinese", "Beijing")),
    (
        ("Mexico", "Mexican", "Mexicans", "Mexico City"),
        ("US", "American", "Americans", "Washington"),
    ),
    (("Japan", "Japanese", "Japanese", "Tokyo"), ("Korea", "Korean", "Koreans", "Seoul")),
    (("Germany", "German", "Germans", "Berlin"), ("France", "French", "French", "Paris")),
    (
        ("Australia", "Australian", "Australians", "Canberra"),
        ("India", "Indian", "Indians", "New Delhi"),
    ),
    (
        ("Brazil", "Brazilian", "Brazilians", "Brasília"),
        ("Argentina", "Argentine", "Argentines", "Buenos Aires"),
    ),
    (
        ("United Kingdom", "British", "Britons", "London"),
        ("Norway", "Norwegian", "Norwegians", "Oslo"),
    ),
    (("Vietnam", "Vietnamese", "Vietnamese", "Hanoi"), ("Thailand", "Thai", "Thais", "Bangkok")),
)
# Where each seed word sits in a pair: (country, field). "Chinese" is read as the adjective,
# which is how the seeds use it.
SEED_WORDS = {
    "Canada": (0, 0),
    "Canadian": (0, 1),
    "Canadians": (0, 2),
    "Ottawa": (0, 3),
    "China": (1, 0),
    "Chinese": (1, 1),
    "Beijing": (1, 3),
}
# Longest words first, so "Canadians" is not read as "Canadian" + "s".
COUNTRY_WORD = regex.compile(
    r"""
    \b (?P<word>
        Canadians | Canadian | Canada     # the first country: demonym, adjective, name
      | Chinese | China                   # the second country: adjective, name
      | Ottawa | Beijing                  # the capitals stand for the governments
    ) \b
    """,
    flags=regex.VERBOSE,
)

QUALIFIERS = ("about", "more than", "less than", "at least", "nearly", "almost", "over", "")

# A figure the extractor will read: money with a scale word, or a percentage.
FIGURE = regex.compile(
    r"""
    (?: (?P<qualifier> about | more\ than | less\ than | at\ least | nearly | almost | over ) \s+ )?
    (?P<currency> \$ | US\$ | C\$ | € | £ | ¥ )?    # a currency symbol before the number
    (?P<number> \d+ (?: \.\d+ )? )
    (?P<suffix>
        \s? % | \s per\ cent                       # a percentage: 10.4%, 50 per cent
      | \s (?: billion | million | trillion )      # a money amount's scale: $118.7 billion
    )
    """,
    flags=regex.VERBOSE,
)

YEAR = regex.compile(r"\b(?P<year>(?:19|20)\d{2})\b", flags=regex.VERBOSE)

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NAMES = "|".join(name for month in MONTHS for name in (month, month[:3]))
# A date with a day: only those move, so "in March" (the month of an event) keeps its meaning.
DATE = regex.compile(
    rf"""
    \b (?P<month> {MONTH_NAMES} ) (?P<dot> \.? ) \s (?P<day> \d{{1,2}} ) \b    # Jan. 22, January 16
  | \b (?P<day> \d{{1,2}} ) \s (?P<month> {MONTH_NAMES} ) \b               # 14 Jan
    """,
    flags=regex.VERBOSE,
)

# One shift per article keeps it consistent: 2024 data in a 2026 article stays two years back.
YEAR_SHIFTS = range(-8, 2)
FIGURE_FACTORS = (0.5, 2.0)
PERCENT_CEILING = 99.0


def _seed_texts() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]


def _swap_countries(text: str, pair: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    def replace(match: regex.Match[str]) -> str:
        country, field = SEED_WORDS[match["word"]]
        return pair[country][field]

    return COUNTRY_WORD.sub(replace, text)


def _vary_figure(match: regex.Match[str], rng: random.Random) -> str:
    number = match["number"]
    decimals = len(number.partition(".")[2])
    low, high = FIGURE_FACTORS
    if "%" in match["suffix"] or "cent" in match["suffix"]:
        # A share or rate above 100% would read as a different kind of claim.
        high = min(high, PERCENT_CEILING / max(float(number), 1.0))
    varied = float(number) * rng.uniform(low, high)
    # Keep the stated precision, so the claim's interval has the same shape as the seed's.
    written = f"{max(varied, 10.0**-decimals):.{decimals}f}"
    qualifier = match["qualifier"]
    if qualifier is not None:
        qualifier = rng.choice(QUALIFIERS)
    prefix = f"{qualifier} " if qualifier else ""
    return f"{prefix}{match['currency'] or ''}{written}{match['suffix']}"


def _vary_date(match: regex.Match[str], month: str, day: int) -> str:
    name = month if len(match["month"]) > 3 else month[:3]
    if match.group()[0].isdigit():
        return f"{day} {name}"
    return f"{name}{match['dot']} {day}"


def _variant(text: str, rng: random.Random) -> str:
    text = _swap_countries(text, rng.choice(COUNTRY_PAIRS))
    shift = rng.choice(YEAR_SHIFTS)
    text = YEAR.sub(lambda match: str(int(match["year"]) + shift), text)
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    text = DATE.sub(lambda match: _vary_date(match, month, day), text)
    # Figures last, so a varied figure is never read as a year or a day. A figure repeated in
    # the page (a related headline shown twice) keeps one value, as on the real page.
    varied: dict[str, str] = {}

    def vary(match: regex.Match[str]) -> str:
        if match.group() not in varied:
            varied[match.group()] = _vary_figure(match, rng)
        return varied[match.group()]

    return FIGURE.sub(vary, text)


def _articles(seed: int) -> Iterator[tuple[str, str]]:
    """Endless distinct articles; a rare duplicate variant is drawn again."""
    rng = random.Random(seed)
    seeds = _seed_texts()
    seen: set[bytes] = set()
    index = 0
    while True:
        stem, text = seeds[index % len(seeds)]
        variant = _variant(text, rng)
        digest = hashlib.blake2b(variant.encode("utf-8"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        yield f"{index:06d}_{stem[:3]}.txt", variant
        index += 1


def generate_corpus(n_articles: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """`n_articles` distinct `(name, text)` articles, the same ones for the same seed.

    Example: `next(generate_corpus(1))` → `("000000_000.txt", "OTTAWA — Mexico's ambassador…")`.
    """
    return islice(_articles(seed), n_articles)


def write_corpus(directory: str | Path, n_articles: int, seed: int = 0) -> list[Path]:
    """Write a generated corpus as UTF-8 text files into `directory` (created if missing).

    Example: `write_corpus("/tmp/corpus", 1000)` → 1,000 paths, `/tmp/corpus/000000_000.txt`….
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_corpus(n_articles, seed):
        path = target / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def corpus_texts(target_bytes: int, seed: int = 0) -> list[str]:
    """Generated articles, in order, until together they reach `target_bytes` of UTF-8.

    Example: `len(corpus_texts(100_000))` → about 17 articles.
    """
    texts: list[str] = []
    size = 0
    for _, text in _articles(seed):
        if size >= target_bytes:
            break
        texts.append(text)
        # Count the blank line `corpus_text` puts between articles.
        size += len(text.encode("utf-8")) + 2
    return texts


def corpus_text(target_bytes: int, seed: int = 0) -> str:
    """Generated articles joined by blank lines, at least `target_bytes` long in UTF-8.

    Example: `len(corpus_text(5_000_000).encode())` → a little over 5,000,000.
    """
    return "\n\n".join(corpus_texts(target_bytes, seed))


def main(argv: list[str] | None = None) -> None:
    """`python -m benchmarks.corpus DIR N [--seed S]`: write N generated articles to DIR."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=main.__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("n_articles", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.directory, args.n_articles, args.seed)
    print(f"wrote {len(paths)} articles to {args.directory}")


if __name__ == "__main__":
    main()
