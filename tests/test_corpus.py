"""The benchmark corpus generator: deterministic, distinct, varied articles built from the seeds."""

import subprocess
import sys
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import COUNTRY_PAIRS, FIGURE, corpus_text, generate_corpus, write_corpus

SEED_COUNT = 5


def _from_seed(articles: list[tuple[str, str]], seed_prefix: str) -> list[str]:
    return [
        text for name, text in articles if name.removesuffix(".txt").split("_")[1] == seed_prefix
    ]


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, str]]:
    return list(generate_corpus(100))


def test_same_seed_gives_the_same_corpus() -> None:
    assert list(generate_corpus(12, seed=7)) == list(generate_corpus(12, seed=7))


def test_another_seed_gives_another_corpus() -> None:
    assert list(generate_corpus(12, seed=1)) != list(generate_corpus(12, seed=2))


@pytest.mark.parametrize("n_articles", [0, 1, 7, 25], ids=lambda n: f"{n}-articles")
def test_yields_exactly_n_articles(n_articles: int) -> None:
    assert len(list(generate_corpus(n_articles))) == n_articles


def test_every_article_is_non_empty_and_different(articles: list[tuple[str, str]]) -> None:
    texts = [text for _, text in articles]
    assert all(text.strip() for text in texts)
    assert len(set(texts)) == len(texts)


def test_names_are_unique_and_in_order(articles: list[tuple[str, str]]) -> None:
    names = [name for name, _ in articles]
    assert names == sorted(set(names))
    assert all(name.endswith(".txt") for name in names)


def test_every_seed_is_used(articles: list[tuple[str, str]]) -> None:
    assert len({name.removesuffix(".txt").split("_")[1] for name, _ in articles}) == SEED_COUNT


def test_money_figures_vary(articles: list[tuple[str, str]]) -> None:
    two_way = [
        regex.search(r"totaling (\$[\d.]+ billion)", text)[1]
        for text in _from_seed(articles, "001")
    ]
    assert len(two_way) == 20
    assert len(set(two_way)) > len(two_way) // 2
    assert Counter(two_way)["$118.7 billion"] < 2


def test_figures_keep_their_stated_precision(articles: list[tuple[str, str]]) -> None:
    for text in _from_seed(articles, "001"):
        assert regex.search(r"totaling \$\d+\.\d billion", text), text[:200]


def test_percentages_stay_below_one_hundred(articles: list[tuple[str, str]]) -> None:
    percents = [
        float(match["number"])
        for _, text in articles
        for match in FIGURE.finditer(text)
        if "%" in match["suffix"]
    ]
    assert percents
    assert max(percents) < 100


def test_qualifiers_vary(articles: list[tuple[str, str]]) -> None:
    qualifiers = {
        regex.search(r"(\w+(?: than)?) [\d.]+% of exports that year", text)[1]
        for text in _from_seed(articles, "004")
    }
    assert len(qualifiers) > 2


def test_country_pairs_vary(articles: list[tuple[str, str]]) -> None:
    ambassadors = {
        regex.search(r"— (.+?)\u2019s ambassador", text)[1] for text in _from_seed(articles, "000")
    }
    assert len(ambassadors) > 3
    assert ambassadors <= {second[0] for _, second in COUNTRY_PAIRS}


def test_year_shift_keeps_an_article_consistent(articles: list[tuple[str, str]]) -> None:
    # Seed 004 sets a target "by 2035" against exports "in 2024": eleven years apart.
    gaps = set()
    for text in _from_seed(articles, "004"):
        target = int(regex.search(r"exports by (\d{4})", text)[1])
        base = int(regex.search(r"exports in (\d{4})", text)[1])
        gaps.add(target - base)
    assert gaps == {11}


def test_years_vary(articles: list[tuple[str, str]]) -> None:
    years = {regex.search(r"exports in (\d{4})", text)[1] for text in _from_seed(articles, "004")}
    assert len(years) > 3


def test_page_chrome_is_kept(articles: list[tuple[str, str]]) -> None:
    for text in _from_seed(articles, "002"):
        assert "Ghislaine Maxwell to Invoke Fifth Amendment" in text
        assert "Repo Rate at " in text


def test_a_repeated_figure_keeps_one_value(articles: list[tuple[str, str]]) -> None:
    # Seed 003 repeats the "2.6% growth" headline three times in its related-stories list.
    for text in _from_seed(articles, "003"):
        assert len(set(regex.findall(r"third quarter with ([\d.]+%) growth", text))) == 1


@pytest.mark.parametrize("target_bytes", [1, 10_000, 200_000], ids=["one-byte", "10-kB", "200-kB"])
def test_corpus_text_reaches_its_target_size(target_bytes: int) -> None:
    size = len(corpus_text(target_bytes).encode("utf-8"))
    largest_seed = 11_000
    assert target_bytes <= size < target_bytes + largest_seed


def test_corpus_text_is_made_of_generated_articles() -> None:
    first_name, first_text = next(generate_corpus(1))
    assert first_name.startswith("000000_")
    assert corpus_text(1) == first_text


def test_write_corpus_writes_the_generated_articles(tmp_path) -> None:
    paths = write_corpus(tmp_path / "corpus", 6, seed=3)
    assert [(path.name, path.read_text(encoding="utf-8")) for path in paths] == list(
        generate_corpus(6, seed=3)
    )


def test_command_line_writes_a_corpus(tmp_path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.corpus", str(tmp_path), "4", "--seed", "9"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        name for name, _ in generate_corpus(4, seed=9)
    ]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_any_seed_gives_distinct_non_empty_articles(seed: int) -> None:
    texts = [text for _, text in generate_corpus(8, seed=seed)]
    assert all(texts)
    assert len(set(texts)) == len(texts)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_every_generated_figure_stays_a_plausible_figure(seed: int) -> None:
    for _, text in generate_corpus(SEED_COUNT, seed=seed):
        for match in FIGURE.finditer(text):
            number = float(match["number"])
            assert number > 0
            assert "%" not in match["suffix"] or number < 100
