"""Normalization: units, currency resolution with its evidence, and the interval rules."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.extraction import extract_mentions, sentence_spans
from factcheck.normalize import interval, normalize_mentions
from factcheck.records import Article, Direction, Kind, Mention, Publisher, Qualifier

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_001 = SEEDS / "001_3479b35de856e330.txt"

GLOBAL_TIMES = Publisher(name="Global Times", aliases=(), country="CHN", currency="USD")
CANADIAN_PRESS = Publisher(
    name="The Canadian Press", aliases=("Canadian Press", "CP"), country="CAN", currency="CAD"
)
REUTERS = Publisher(name="Reuters", aliases=("Thomson Reuters",), country="GBR", currency="USD")
PUBLISHERS = (GLOBAL_TIMES, CANADIAN_PRESS, REUTERS)


def article(text: str, publisher: str | None = None, dateline: str | None = None) -> Article:
    return Article(
        id="test",
        text=text,
        publisher=publisher,
        published=date(2026, 1, 15),
        dateline=dateline,
        body=((0, len(text)),),
    )


def mention(
    text: str,
    phrase: str,
    *,
    value: float,
    step: float,
    kind: Kind = Kind.MONEY,
    currency_text: str | None = "$",
    currency: str | None = None,
    qualifier: Qualifier = Qualifier.EXACT,
    unit: str | None = None,
    direction: Direction | None = None,
) -> Mention:
    """A hand-built mention of `phrase`, located by its first occurrence in `text`."""
    start = text.index(phrase)
    return Mention(
        article="test",
        start=start,
        end=start + len(phrase),
        text=phrase,
        number=phrase,
        scale=None,
        currency_text=currency_text if kind is Kind.MONEY else None,
        currency=currency,
        kind=kind,
        unit=unit,
        qualifier=qualifier,
        value=value,
        step=step,
        direction=direction,
    )


# value, step, qualifier, value_high, (low, high)
INTERVAL_RULES = [
    pytest.param(118.7e9, 1e8, Qualifier.EXACT, None, (118.65e9, 118.75e9), id="exact-billions"),
    pytest.param(10.4, 0.1, Qualifier.EXACT, None, (10.35, 10.45), id="exact-percent"),
    pytest.param(-5.0, 1.0, Qualifier.EXACT, None, (-5.5, -4.5), id="exact-negative"),
    pytest.param(2.0, 0.0, Qualifier.EXACT, None, (2.0, 2.0), id="exact-number-word-double"),
    pytest.param(75.0, 1.0, Qualifier.ABOUT, None, (71.25, 78.75), id="about-relative-5pct"),
    pytest.param(2.0, 1.0, Qualifier.ABOUT, None, (1.5, 2.5), id="about-half-step-dominates"),
    pytest.param(-10.0, 1.0, Qualifier.ABOUT, None, (-10.5, -9.5), id="about-negative"),
    pytest.param(50.0, 1.0, Qualifier.NEARLY, None, (45.0, 50.5), id="nearly-just-below"),
    pytest.param(2.6e9, 1e8, Qualifier.MORE_THAN, None, (2.55e9, 3.9e9), id="more-than-capped"),
    pytest.param(50.0, 1.0, Qualifier.AT_LEAST, None, (49.5, 75.0), id="at-least-capped"),
    pytest.param(4.0, 1.0, Qualifier.LESS_THAN, None, (2.0, 4.0), id="less-than-floored"),
    pytest.param(40.0, 1.0, Qualifier.AT_MOST, None, (20.0, 40.0), id="at-most-floored"),
    pytest.param(10.0, 1.0, Qualifier.RANGE, 12.0, (9.5, 12.5), id="range-ends-half-step"),
    pytest.param(10.0, 1.0, Qualifier.RANGE, None, (9.5, 10.5), id="range-without-end-exact"),
]


@pytest.mark.parametrize("value, step, qualifier, value_high, expected", INTERVAL_RULES)
def test_interval_rules(value, step, qualifier, value_high, expected):
    assert interval(value, step, qualifier, value_high) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, step, qualifier, inside, outside",
    [
        pytest.param(75.0, 1.0, Qualifier.ABOUT, 75.9, 80.0, id="about-75-contains-75.9"),
        pytest.param(4.0, 1.0, Qualifier.LESS_THAN, 3.8, 4.1, id="less-than-4-excludes-4.1"),
        pytest.param(2.6e9, 1e8, Qualifier.MORE_THAN, 2.63e9, 2.5e9, id="more-than-excludes-2.5"),
        pytest.param(50.0, 1.0, Qualifier.NEARLY, 48.0, 51.0, id="nearly-excludes-above"),
    ],
)
def test_interval_membership(value, step, qualifier, inside, outside):
    low, high = interval(value, step, qualifier)
    assert low <= inside <= high
    assert not low <= outside <= high


@given(
    value=st.floats(min_value=-1e300, max_value=1e300, allow_nan=False),
    step=st.floats(min_value=0, max_value=1e300, allow_nan=False),
    qualifier=st.sampled_from(Qualifier),
    spread=st.one_of(st.none(), st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)),
)
def test_interval_contains_value_and_is_finite(value, step, qualifier, spread):
    low, high = interval(value, step, qualifier, spread)
    assert math.isfinite(low)
    assert math.isfinite(high)
    assert low <= value <= high


def test_seed_001_pmo_figure_in_global_times_stays_ambiguous():
    text = SEED_001.read_text(encoding="utf-8")
    seed = Article(
        id="001",
        text=text,
        publisher="Global Times",
        published=date(2026, 1, 15),
        body=((0, len(text)),),
    )
    figure = mention(text, "$118.7 billion", value=118.7e9, step=1e8)
    (amount,) = normalize_mentions([figure], seed, PUBLISHERS)
    assert amount.currency is None
    assert amount.unit is None
    assert amount.currency_candidates == ("CAD", "USD")
    assert "Prime Minister of Canada's office" in amount.currency_evidence
    assert "Global Times" in amount.currency_evidence
    assert (amount.low, amount.high) == pytest.approx((118.65e9, 118.75e9))


def test_parenthetical_conversion_resolves_both_figures():
    text = "Canola exports reached C$2.76 billion ($2.08 billion) last year."
    first = mention(
        text, "C$2.76 billion", value=2.76e9, step=1e7, currency_text="C$", currency="CAD"
    )
    second = mention(text, "$2.08 billion", value=2.08e9, step=1e7)
    amounts = normalize_mentions([first, second], article(text), PUBLISHERS)
    assert [a.currency for a in amounts] == ["CAD", "USD"]
    assert [a.unit for a in amounts] == ["CAD", "USD"]
    assert "C$2.76 billion" in amounts[1].currency_evidence


# text, phrase, publisher, extra mention fields, (currency, candidates), evidence fragment
CURRENCY_RULES = [
    pytest.param(
        "Canada shipped C$5 billion of goods to China.",
        "C$5 billion",
        None,
        {"currency_text": "C$", "currency": "CAD"},
        ("CAD", ("CAD",)),
        "written C$",
        id="explicit-marker",
    ),
    pytest.param(
        "Canada sold $5 billion (US$3.7 billion) of canola to China.",
        "$5 billion",
        None,
        {},
        ("CAD", ("CAD",)),
        "paired in parentheses with US$3.7 billion",
        id="conversion-follows-bare-figure",
    ),
    pytest.param(
        "All figures in U.S. dollars. Canada sold $5 billion of canola to China.",
        "$5 billion",
        "The Canadian Press",
        {},
        ("USD", ("USD",)),
        'states "All figures in U.S. dollars"',
        id="article-statement-beats-publisher",
    ),
    pytest.param(
        "Canada sold US$3 billion of canola to China. Canada's exports reached $5 billion.",
        "$5 billion",
        None,
        {},
        ("CAD", ("CAD",)),
        "writes US$ elsewhere",
        id="us-dollars-marked-elsewhere",
    ),
    pytest.param(
        "Canada sold C$3 billion of canola to China. Its exports reached $5 billion.",
        "$5 billion",
        None,
        {},
        ("USD", ("USD",)),
        "writes C$ elsewhere",
        id="canadian-dollars-marked-elsewhere",
    ),
    pytest.param(
        "Canada's exports to China were $5 billion, Statistics Canada said.",
        "$5 billion",
        "The Canadian Press",
        {},
        ("CAD", ("CAD",)),
        "attributed to Statistics Canada (CAD)",
        id="attribution-agrees-with-publisher",
    ),
    pytest.param(
        "China's imports from Canada were $5 billion, Chinese customs data showed.",
        "$5 billion",
        "The Canadian Press",
        {},
        (None, ("CAD", "USD")),
        "Chinese customs (USD), but The Canadian",
        id="attribution-conflicts-with-publisher",
    ),
    pytest.param(
        "Trade with China hit $5 billion, according to Canada\u2019s prime minister\u2019s office.",
        "$5 billion",
        "Reuters",
        {},
        (None, ("CAD", "USD")),
        "attributed to Canada\u2019s prime minister\u2019s office (CAD), but Reuters",
        id="attribution-curly-apostrophes",
    ),
    pytest.param(
        "Canada's exports to China were $5 billion, Statistics Canada said.",
        "$5 billion",
        None,
        {},
        (None, ("CAD", "USD")),
        "convention for a bare $ is unknown",
        id="attribution-alone-is-weak",
    ),
    pytest.param(
        "The auto industry exported $5 billion of parts to Mexico.",
        "$5 billion",
        None,
        {},
        ("USD", ("USD",)),
        "bare $ with no currency stated",
        id="trap: ustr inside industry credits no one",
    ),
    pytest.param(
        "STATISTICS CANADA said exports to China were $5 billion.",
        "$5 billion",
        "The Canadian Press",
        {},
        ("CAD", ("CAD",)),
        "attributed to STATISTICS CANADA (CAD)",
        id="attribution-in-capitals",
    ),
    pytest.param(
        "AUSTRALIAN exporters and Au\u017ftralian farmers sold $5 billion.",
        "$5 billion",
        None,
        {},
        (None, ("AUD", "USD")),
        "",
        id="country names in capitals or with a long s",
    ),
    pytest.param(
        "Canada's exports to China fell to $5 billion last year.",
        "$5 billion",
        "Darpan News Desk The Canadian Press",
        {},
        ("CAD", ("CAD",)),
        "The Canadian Press writes a bare $ as CAD",
        id="publisher-canadian-press",
    ),
    pytest.param(
        "China hit $2.6 billion of Canadian farm goods with tariffs.",
        "$2.6 billion",
        "Reuters",
        {},
        ("USD", ("USD",)),
        "Reuters writes a bare $ as USD",
        id="publisher-reuters",
    ),
    pytest.param(
        "Canada's exports to China fell to $5 billion.",
        "$5 billion",
        None,
        {},
        (None, ("CAD", "USD")),
        "bare $ with no currency stated",
        id="no-evidence-two-countries",
    ),
    pytest.param(
        "Exports to Australia grew. Canada's exports to China fell to $5 billion.",
        "$5 billion",
        None,
        {},
        (None, ("CAD", "USD")),
        "bare $ with no currency stated",
        id="passing-country-is-not-a-candidate",
    ),
    pytest.param(
        "American farmers sold $5 billion of soybeans abroad.",
        "$5 billion",
        None,
        {},
        ("USD", ("USD",)),
        "bare $ with no currency stated",
        id="no-evidence-only-usd",
    ),
    pytest.param(
        "China's exports to Canada rose to ¥500 billion.",
        "¥500 billion",
        None,
        {"currency_text": "¥"},
        ("CNY", ("CNY",)),
        "bare ¥",
        id="yen-sign-china-story",
    ),
    pytest.param(
        "China's exports to Japan rose to ¥500 billion.",
        "¥500 billion",
        None,
        {"currency_text": "¥"},
        (None, ("CNY", "JPY")),
        "bare ¥",
        id="yen-sign-china-japan-story",
    ),
    pytest.param(
        "China's exports reached ¥500 billion (US$3.4 billion), customs said.",
        "¥500 billion",
        None,
        {"currency_text": "¥"},
        ("CNY", ("CNY",)),
        "paired in parentheses with US$3.4 billion",
        id="yen-sign-converted-to-usd",
    ),
    pytest.param(
        "Beijing said exports rose to ¥500 billion.",
        "¥500 billion",
        "Global Times",
        {"currency_text": "¥"},
        ("CNY", ("CNY",)),
        "Global Times writes a bare ¥ as CNY",
        id="yen-sign-chinese-publisher",
    ),
]


@pytest.mark.parametrize("text, phrase, publisher, fields, expected, evidence", CURRENCY_RULES)
def test_currency_evidence_rules(text, phrase, publisher, fields, expected, evidence):
    found = mention(text, phrase, value=5e9, step=1e9, **fields)
    others = [
        mention(text, other, value=3e9, step=1e9, currency_text=marker, currency=code)
        for other, marker, code in (
            ("US$3.7 billion", "US$", "USD"),
            ("US$3.4 billion", "US$", "USD"),
            ("US$3 billion", "US$", "USD"),
            ("C$3 billion", "C$", "CAD"),
        )
        if other in text
    ]
    mentions = sorted([found, *others], key=lambda m: m.start)
    amounts = normalize_mentions(mentions, article(text, publisher), PUBLISHERS)
    amount = amounts[mentions.index(found)]
    currency, candidates = expected
    assert (amount.currency, amount.currency_candidates) == (currency, candidates)
    assert amount.unit == currency
    assert evidence in amount.currency_evidence
    assert (amount.currency_confidence > 0) is (currency is not None)


@pytest.mark.parametrize(
    "publisher, dateline, expected",
    [
        pytest.param("The Canadian Press", None, "CAD", id="canadian-press-story"),
        pytest.param("Reuters", None, "USD", id="reuters-story"),
        pytest.param("Reuters", "OTTAWA", "USD", id="publisher-beats-dateline"),
        pytest.param(None, "OTTAWA", "CAD", id="dateline-ottawa"),
        pytest.param(None, "WASHINGTON", "USD", id="dateline-washington"),
        pytest.param(None, "New York", "USD", id="dateline-any-case"),
        pytest.param(None, "BEIJING", "USD", id="dateline-beijing-dollars-are-usd"),
        pytest.param(None, "PARIS", None, id="dateline-unknown-city"),
    ],
)
def test_writer_convention(publisher, dateline, expected):
    text = "Canada's exports to China fell to $5 billion."
    found = mention(text, "$5 billion", value=5e9, step=1e9)
    (amount,) = normalize_mentions([found], article(text, publisher, dateline), PUBLISHERS)
    assert amount.currency == expected


@pytest.mark.parametrize(
    "kind, unit, expected",
    [
        pytest.param(Kind.PERCENT_CHANGE, "percent", "percent", id="percent-change"),
        pytest.param(Kind.SHARE, "percent", "percent", id="share"),
        pytest.param(Kind.RATE, "percent", "percent", id="rate"),
        pytest.param(Kind.PP_CHANGE, "percentage_point", "percentage_point", id="pp-change"),
        pytest.param(Kind.MULTIPLE, None, "dimensionless", id="multiple-is-a-factor"),
        pytest.param(Kind.QUANTITY, "tonne", "tonne", id="quantity-keeps-its-unit"),
    ],
)
def test_non_money_units(kind, unit, expected):
    text = "Exports to China rose 7 in 2025."
    found = mention(text, "7", value=7.0, step=1.0, kind=kind, unit=unit)
    (amount,) = normalize_mentions([found], article(text, "Reuters"), PUBLISHERS)
    assert amount.unit == expected
    assert (amount.currency, amount.currency_candidates, amount.currency_evidence) == (None, (), "")


def test_change_keeps_stated_magnitude_and_precision():
    text = "Chinese customs data showed that imports of Canadian goods fell by 10.4% in 2025."
    found = mention(
        text, "10.4%", value=10.4, step=0.1, kind=Kind.PERCENT_CHANGE, direction=Direction.DOWN
    )
    (amount,) = normalize_mentions([found], article(text), PUBLISHERS)
    assert amount.magnitude == pytest.approx(10.4)
    assert amount.unit == "percent"
    assert (amount.low, amount.high) == pytest.approx((10.35, 10.45))


def test_qualified_shares_from_seed_004():
    text = (
        "The US remains Canada's dominant market, purchasing about 75% of Canadian exports in "
        "2024. China accounted for less than 4% of exports that year."
    )
    about = mention(
        text, "about 75%", value=75.0, step=1.0, kind=Kind.SHARE, qualifier=Qualifier.ABOUT
    )
    under = mention(
        text, "less than 4%", value=4.0, step=1.0, kind=Kind.SHARE, qualifier=Qualifier.LESS_THAN
    )
    first, second = normalize_mentions([about, under], article(text), PUBLISHERS)
    assert first.low <= 75.9 <= first.high
    assert second.high == 4.0


def test_one_amount_per_mention_in_order():
    text = "Exports rose 3% to $1.2 billion, then doubled."
    mentions = [
        mention(text, "3%", value=3.0, step=1.0, kind=Kind.PERCENT_CHANGE),
        mention(text, "$1.2 billion", value=1.2e9, step=1e8),
        mention(text, "doubled", value=2.0, step=0.0, kind=Kind.MULTIPLE),
    ]
    amounts = normalize_mentions(mentions, article(text, "Reuters"), PUBLISHERS)
    assert [a.magnitude for a in amounts] == [3.0, 1.2e9, 2.0]
    assert [a.unit for a in amounts] == ["percent", "USD", "dimensionless"]
    assert normalize_mentions([], article(text), PUBLISHERS) == []


SNIPPETS = (
    "Statistics Canada said so.",
    "Chinese customs data showed it.",
    "All figures in U.S. dollars.",
    "Japan and China disagreed.",
    "Exports to Australia grew.",
    "OTTAWA — ",
    "It was a record.",
)


@given(
    before=st.lists(st.sampled_from(SNIPPETS), max_size=3),
    after=st.lists(st.sampled_from(SNIPPETS), max_size=3),
    symbol=st.sampled_from(("$", "¥", "dollars", "€")),
    publisher=st.sampled_from((None, "Global Times", "The Canadian Press", "Reuters", "Unknown")),
)
def test_currency_resolution_is_consistent(before, after, symbol, publisher):
    figure = f"{symbol}5 billion"
    text = " ".join([*before, f"Trade reached {figure} in 2024.", *after])
    found = mention(text, figure, value=5e9, step=1e9, currency_text=symbol)
    (amount,) = normalize_mentions([found], article(text, publisher), PUBLISHERS)
    assert amount.unit == amount.currency
    assert list(amount.currency_candidates) == sorted(set(amount.currency_candidates))
    if amount.currency is None:
        assert len(amount.currency_candidates) != 1
        assert amount.currency_confidence == 0
    else:
        assert amount.currency_candidates == (amount.currency,)
        assert 0 < amount.currency_confidence <= 1
    assert amount.currency_evidence


@pytest.mark.parametrize(
    "seed, publisher, figure, expected",
    [
        pytest.param("001", "Global Times", "$118.7 billion", (None, ("CAD", "USD")), id="001-pmo"),
        pytest.param(
            "002", "Reuters", "more than $2.6 billion", ("USD", ("USD",)), id="002-reuters"
        ),
        pytest.param(
            "002", None, "more than $2.6 billion", (None, ("CAD", "USD")), id="002-unknown"
        ),
        pytest.param("003", "The Canadian Press", "$11.6 billion", ("CAD", ("CAD",)), id="003-cp"),
    ],
)
def test_seed_money_through_the_extractor(seed, publisher, figure, expected):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    mentions = extract_mentions(article(text, publisher))
    amounts = normalize_mentions(mentions, article(text, publisher), PUBLISHERS)
    (amount,) = [a for m, a in zip(mentions, amounts, strict=True) if m.text == figure]
    assert (amount.currency, amount.currency_candidates) == expected


# Characters that decide sentence breaks: stops, closing quotes, capitals and digits after
# them, abbreviations ("U.S."), spaces and line breaks.
SENTENCE_TEXT = st.text(alphabet=st.sampled_from(list('.!?" \nUSabT7)')), max_size=60)


@given(text=SENTENCE_TEXT)
def test_splitting_each_line_gives_the_articles_sentences(text):
    # normalize splits only the lines holding figures; that is exact because a line break
    # always ends a sentence, so the whole article splits into the same sentences.
    per_line = []
    start = 0
    for line in text.split("\n"):
        per_line += [(start + first, start + last) for first, last in sentence_spans(line)]
        start += len(line) + 1
    assert per_line == sentence_spans(text)


@pytest.mark.parametrize(
    "text, body_end, expected",
    [
        pytest.param(
            "Trade reached $5 billion.\nAmounts are in Canadian dollars.",
            None,
            ("CAD", 'the article states "Amounts are in Canadian dollars"'),
            id="statement-on-a-later-line",
        ),
        pytest.param(
            "Trade reached $5 billion.\nAll figures in US DOLLARS.",
            None,
            ("USD", 'the article states "All figures in US DOLLARS"'),
            id="statement-in-capitals",
        ),
        pytest.param(
            "Trade reached $5 billion.\nAmounts are in Canadian dollars.",
            len("Trade reached $5 billion."),
            ("USD", "bare $ with no currency stated; the only candidate in the story"),
            id="statement-outside-the-body-is-not-read",
        ),
        pytest.param(
            "Trade reached $5 billion.\nShe was paid in Canadian dollars.",
            None,
            ("USD", "bare $ with no currency stated; the only candidate in the story"),
            id="dollars-without-a-statement",
        ),
    ],
)
def test_currency_statement(text, body_end, expected):
    base = article(text)
    found = mention(text, "$5 billion", value=5e9, step=1e9)
    body = ((0, len(text) if body_end is None else body_end),)
    (amount,) = normalize_mentions([found], replace(base, body=body), PUBLISHERS)
    assert (amount.currency, amount.currency_evidence) == expected


def test_two_articles_of_one_publisher_resolve_alike():
    # The publisher match is cached; a second article must not see the first one's facts.
    text = "Canada sold $5 billion of canola."
    first, second = article(text, "The Canadian Press"), article(text + " ", "Global Times")
    found = mention(text, "$5 billion", value=5e9, step=1e9)
    amounts = [
        normalize_mentions([found], each, PUBLISHERS)[0].currency for each in (first, second, first)
    ]
    assert amounts == ["CAD", "USD", "CAD"]
