"""Claim context: metric, flow, reporter/partner, period and attribution, sentence by sentence.

Each rule has its own parametrized table, traps included (mirror phrasing, "US" vs "us",
"that year"); the golden files pin the context of every in-body claim of the seeds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.context import resolve_contexts
from factcheck.records import (
    Article,
    Context,
    CountryName,
    Direction,
    Kind,
    Mention,
    Qualifier,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def _names(code: str, kind: str, *aliases: str) -> tuple[CountryName, ...]:
    return tuple(CountryName(alias=alias, code=code, kind=kind) for alias in aliases)


COUNTRIES = (
    *_names("CAN", "name", "Canada"),
    *_names("CAN", "adjective", "Canadian"),
    *_names("CAN", "demonym", "Canadians"),
    *_names("CAN", "capital", "Ottawa"),
    *_names("CHN", "name", "China"),
    *_names("CHN", "adjective", "Chinese"),
    *_names("CHN", "capital", "Beijing"),
    *_names("CHN", "alias", "PRC"),
    *_names("USA", "name", "United States"),
    *_names("USA", "alias", "U.S.", "US", "America"),
    *_names("USA", "adjective", "American"),
    *_names("USA", "demonym", "Americans"),
    *_names("USA", "capital", "Washington"),
    *_names("IND", "name", "India"),
    *_names("IND", "adjective", "Indian"),
    *_names("WLD", "alias", "the world"),
    *_names("WXU", "alias", "non-U.S.", "non-US", "outside the United States"),
)

PUBLISHED = date(2026, 1, 16)
# A sentence that makes Canada and China the article's main pair, for the filling rules.
PAIR = "Canada and China held talks in Ottawa. "


def _mention(text: str, span: str, kind: Kind, *, in_body: bool = True, **fields) -> Mention:
    start = text.index(span)
    return Mention(
        article="t",
        start=start,
        end=start + len(span),
        text=span,
        number=span,
        scale=None,
        currency_text=None,
        currency=None,
        kind=kind,
        unit=None,
        qualifier=Qualifier.EXACT,
        value=0.0,
        in_body=in_body,
        **fields,
    )


def _resolve(
    text: str,
    span: str,
    kind: Kind,
    *,
    published: date | None = PUBLISHED,
    in_body: bool = True,
    publisher: str | None = None,
) -> Context:
    article = Article(
        id="t", text=text, published=published, publisher=publisher, body=((0, len(text)),)
    )
    (context,) = resolve_contexts([_mention(text, span, kind, in_body=in_body)], article, COUNTRIES)
    return context


METRIC_CASES = [
    # (id, sentence, span, kind, metric, flow)
    (
        "two-way trade",
        "Two-way merchandise trade totalled $118.7 billion in 2024.",
        "$118.7 billion",
        Kind.MONEY,
        "trade_value",
        "two_way",
    ),
    (
        "bilateral trade",
        "Bilateral trade between Canada and China reached $100 billion.",
        "$100 billion",
        Kind.MONEY,
        "trade_value",
        "two_way",
    ),
    (
        "total trade",
        "Total trade with China was $90 billion last year.",
        "$90 billion",
        Kind.MONEY,
        "trade_value",
        "two_way",
    ),
    (
        "exports value",
        "Canada's exports to China were $29.9 billion in 2024.",
        "$29.9 billion",
        Kind.MONEY,
        "trade_value",
        "exports",
    ),
    (
        "imports change",
        "Imports of Canadian goods fell by 10.4% in 2025.",
        "10.4%",
        Kind.PERCENT_CHANGE,
        "trade_change",
        "imports",
    ),
    (
        "purchasing share",
        "The US is Canada's dominant market, purchasing about 75% of Canadian exports.",
        "about 75%",
        Kind.SHARE,
        "trade_share",
        "exports",
    ),
    (
        "accounted for share",
        "China accounted for less than 4% of exports that year.",
        "less than 4%",
        Kind.PERCENT,
        "trade_share",
        "exports",
    ),
    (
        "bare percent rise",
        "Exports to China rose 5% in 2024.",
        "5%",
        Kind.PERCENT,
        "trade_change",
        "exports",
    ),
    (
        "tariff coverage",
        "Beijing imposed tariffs on $2.6 billion worth of Canadian canola.",
        "$2.6 billion",
        Kind.MONEY,
        "tariff_coverage",
        None,
    ),
    (
        "tariffs apply to an amount of imports",
        "The tariffs, which range from 10% to 25%, apply to $155 billion of imports.",
        "$155 billion",
        Kind.MONEY,
        "tariff_coverage",
        None,
    ),
    (
        "duties hit an amount of exports",
        "The duties, announced in March, hit C$2.6 billion of exports.",
        "C$2.6 billion",
        Kind.MONEY,
        "tariff_coverage",
        None,
    ),
    (
        "trap: no tariff, so 'hit' is only a verb",
        "Canada's exports, which hit $5 billion in 2024, rose again.",
        "$5 billion",
        Kind.MONEY,
        "trade_value",
        "exports",
    ),
    (
        "tariff rate",
        "Ottawa imposed a 100% tariff on Chinese electric vehicles.",
        "100%",
        Kind.RATE,
        "tariff_rate",
        None,
    ),
    (
        "levies coverage",
        "China put levies on $2.6 billion of Canadian farm goods.",
        "$2.6 billion",
        Kind.MONEY,
        "tariff_coverage",
        None,
    ),
    (
        "trade surplus",
        "Canada's trade surplus with the US was $102.3 billion in 2024.",
        "$102.3 billion",
        Kind.MONEY,
        "trade_balance",
        None,
    ),
    (
        "deficit with",
        "Canada ran a $47 billion deficit with China in 2024.",
        "$47 billion",
        Kind.MONEY,
        "trade_balance",
        None,
    ),
    (
        "trap: budget deficit",
        "B.C. lowers deficit projection to $11.2 billion on higher tax revenues.",
        "$11.2 billion",
        Kind.MONEY,
        "other",
        None,
    ),
    (
        "trap: fiscal deficit",
        "Ottawa projects a budget deficit of $78 billion this year.",
        "$78 billion",
        Kind.MONEY,
        "other",
        None,
    ),
    (
        "per U.S. dollar",
        "Canadian exports were converted at 1.37 Canadian dollars per U.S. dollar.",
        "1.37 Canadian dollars",
        Kind.MONEY,
        "fx_rate",
        None,
    ),
    (
        "per US dollar",
        "Canadian exports were converted at 1.37 Canadian dollars per US dollar.",
        "1.37 Canadian dollars",
        Kind.MONEY,
        "fx_rate",
        None,
    ),
    (
        "exchange rate",
        "The exchange rate averaged 1.3698 Canadian dollars per US dollar in 2024.",
        "1.3698",
        Kind.QUANTITY,
        "fx_rate",
        None,
    ),
    (
        "target over next years",
        "We aim to grow non-U.S. trade by at least 50 per cent over the next 10 years.",
        "at least 50 per cent",
        Kind.PERCENT_CHANGE,
        "target",
        "two_way",
    ),
    (
        "target by year",
        "Carney said Canada should double its non-US exports by 2035.",
        "double",
        Kind.MULTIPLE,
        "target",
        "exports",
    ),
    (
        "target goal of",
        "Canada set a goal of $50 billion in exports to India.",
        "$50 billion",
        Kind.MONEY,
        "target",
        "exports",
    ),
    (
        "trap: past by-year is no goal",
        "Exports to China had risen by 5% by 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "trade_change",
        "exports",
    ),
    (
        "trap: 'this goal' looks back",
        "Despite this goal, the US bought about 75% of Canadian exports in 2024.",
        "about 75%",
        Kind.SHARE,
        "trade_share",
        "exports",
    ),
    (
        "GDP growth",
        "Canada's economy rebounds in third quarter with 2.6% growth.",
        "2.6%",
        Kind.PERCENT_CHANGE,
        "other",
        None,
    ),
    (
        "poll",
        "A poll shows that more than half of Canadians support closer trade ties with China.",
        "more than half",
        Kind.SHARE,
        "other",
        None,
    ),
    (
        "repo rate",
        "RBI Holds Repo Rate at 5.25% after U.S. Trade Deal.",
        "5.25%",
        Kind.RATE,
        "other",
        None,
    ),
    (
        "no topic at all",
        "The ambassador said 30 people attended.",
        "30",
        Kind.QUANTITY,
        "other",
        None,
    ),
]


@pytest.mark.parametrize(
    "sentence, span, kind, metric, flow",
    [case[1:] for case in METRIC_CASES],
    ids=[case[0] for case in METRIC_CASES],
)
def test_metric_and_flow(sentence, span, kind, metric, flow):
    context = _resolve(sentence, span, kind)
    assert (context.metric, context.flow) == (metric, flow), context.evidence


SIDES_CASES = [
    # (id, text, span, kind, reporter, partner)
    (
        "China's imports from Canada",
        "China's imports from Canada fell 10% in 2025.",
        "10%",
        Kind.PERCENT_CHANGE,
        "CHN",
        "CAN",
    ),
    (
        "mirror: Canada's exports to China",
        "Canada's exports to China fell 10% in 2025.",
        "10%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "customs data names the reporter",
        "Chinese customs data showed that imports of Canadian goods fell by 10.4% in 2025.",
        "10.4%",
        Kind.PERCENT_CHANGE,
        "CHN",
        "CAN",
    ),
    (
        "mirror: Canadian imports of Chinese goods",
        "Canadian imports of Chinese goods rose 3% in 2024.",
        "3%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "Statistics Canada reports",
        "Imports from China rose 5% in 2024, according to Statistics Canada data.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "two-way partner to Canada",
        "China is the second largest trading partner to Canada, "
        "totaling $118.7 billion in two-way trade.",
        "$118.7 billion",
        Kind.MONEY,
        "CAN",
        "CHN",
    ),
    (
        "two-way trade between",
        "Trade between China and Canada reached $100 billion in 2024.",
        "$100 billion",
        Kind.MONEY,
        "CHN",
        "CAN",
    ),
    (
        "tariff imposer and target",
        "Beijing responded in March with retaliatory tariffs on more than $2.6 billion "
        "worth of Canadian agricultural products.",
        "more than $2.6 billion",
        Kind.MONEY,
        "CHN",
        "CAN",
    ),
    (
        "a second tariff in a list is still the subject's",
        "China imposed a 100% tariff on Canadian canola oil, and a 25% tariff on pork, in 2025.",
        "25%",
        Kind.RATE,
        "CHN",
        "CAN",
    ),
    (
        "goods let into a market: the market's country charges the tariff",
        "Up to 49,000 Chinese electric vehicles will enter the Canadian market at a 6.1% tariff.",
        "6.1%",
        Kind.RATE,
        "CAN",
        "CHN",
    ),
    (
        "mirror: Ottawa's tariff on Chinese EVs",
        "Ottawa imposed a 100% tariff on Chinese electric vehicles.",
        "100%",
        Kind.RATE,
        "CAN",
        "CHN",
    ),
    (
        "share bought by the US",
        "The US remains Canada's dominant market, "
        "purchasing about 75% of Canadian exports in 2024.",
        "about 75%",
        Kind.SHARE,
        "CAN",
        "USA",
    ),
    (
        "share with both named",
        "China, while Canada's second-largest market, "
        "accounted for less than 4% of exports that year.",
        "less than 4%",
        Kind.SHARE,
        "CAN",
        "CHN",
    ),
    (
        "non-U.S. is world excl. US",
        "Canada wants to grow non-U.S. trade by at least 50 per cent over the next 10 years.",
        "at least 50 per cent",
        Kind.PERCENT_CHANGE,
        "CAN",
        "WXU",
    ),
    (
        "outside the United States",
        "Canada's exports outside the United States rose 8% in 2024.",
        "8%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "WXU",
    ),
    (
        "one country: pair fills the reporter",
        PAIR + "Exports to China rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "one country: pair fills the partner",
        PAIR + "Canada's exports rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "trap: a partner without a code is not filled from the pair",
        PAIR + "Exports to the EU rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        None,
        None,
    ),
    (
        "trap: the reporter named, the region partner left open",
        PAIR + "Canada's exports to Europe rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        None,
    ),
    (
        "an adjective is no region: pair fills the partner",
        PAIR + "Canada's exports to European buyers rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "no country: pair fills both",
        PAIR + "Officials said exports rose 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
    (
        "trap: 'us' is not the US",
        PAIR + "It is necessary for us to grow exports to China by 5% in 2024.",
        "5%",
        Kind.PERCENT_CHANGE,
        "CAN",
        "CHN",
    ),
]


@pytest.mark.parametrize(
    "text, span, kind, reporter, partner",
    [case[1:] for case in SIDES_CASES],
    ids=[case[0] for case in SIDES_CASES],
)
def test_reporter_and_partner(text, span, kind, reporter, partner):
    context = _resolve(text, span, kind)
    assert (context.reporter, context.partner) == (reporter, partner), context.evidence


ATTRIBUTION_CASES = [
    # (id, sentence, span, attributed_to)
    (
        "according to",
        "Trade reached $118.7 billion in 2024, according to the latest data released on "
        "the official website of the Prime Minister of Canada's office.",
        "$118.7 billion",
        "the official website of the Prime Minister of Canada's office",
    ),
    (
        "data showed",
        "Chinese customs data released this week showed that imports of Canadian goods "
        "fell by 10.4% in 2025.",
        "10.4%",
        "Chinese customs data",
    ),
    (
        "according to government data",
        "The US bought about 75% of Canadian exports in 2024, according to government data.",
        "about 75%",
        "government data",
    ),
    (
        "released by",
        "A recent poll released by Ipsos shows that more than half of Canadians "
        "support trade with China.",
        "more than half",
        "Ipsos",
    ),
    (
        "cited by",
        "Exports rose 5%, according to statements cited by Canada's prime minister's office.",
        "5%",
        "Canada's prime minister's office",
    ),
    ("X said", "Statistics Canada said exports rose 5% in 2024.", "5%", "Statistics Canada"),
    ("X told", "Exports rose 5%, Mark Ceolin told the Global Times.", "5%", "Mark Ceolin"),
    (
        "a name with 'of' in it",
        "Exports rose 5% in 2024, the Bank of Canada said.",
        "5%",
        "Bank of Canada",
    ),
    ("trap: pronoun is no source", "Exports rose 5% in 2024, he said.", "5%", None),
    ("none", "Exports rose 5% in 2024.", "5%", None),
]


@pytest.mark.parametrize(
    "sentence, span, attributed_to",
    [case[1:] for case in ATTRIBUTION_CASES],
    ids=[case[0] for case in ATTRIBUTION_CASES],
)
def test_attribution(sentence, span, attributed_to):
    assert _resolve(sentence, span, Kind.PERCENT_CHANGE).attributed_to == attributed_to


CHROME_CASES = [
    # (id, line, span, kind, metric, reporter, partner)
    (
        "repo rate",
        "RBI Holds Repo Rate at 5.25% as India\u2019s Growth Outlook Strengthens "
        "After U.S. Trade Deal",
        "5.25%",
        Kind.RATE,
        "other",
        None,
        None,
    ),
    (
        "tariff on Indian goods",
        "Trump Lifts 25% Tariff on Indian Goods in Strategic U.S.\u2013India Trade and Energy Deal",
        "25%",
        Kind.RATE,
        "tariff_rate",
        "USA",
        "IND",
    ),
    (
        "provincial deficit",
        "B.C. lowers deficit projection to $11.2 billion on higher quarterly tax revenues",
        "$11.2 billion",
        Kind.MONEY,
        "other",
        None,
        None,
    ),
    (
        "GDP growth",
        "Canada\u2019s economy rebounds in third quarter with 2.6% growth",
        "2.6%",
        Kind.PERCENT_CHANGE,
        "other",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    "line, span, kind, metric, reporter, partner",
    [case[1:] for case in CHROME_CASES],
    ids=[case[0] for case in CHROME_CASES],
)
def test_chrome_reads_only_its_own_line(line, span, kind, metric, reporter, partner):
    story = "Canada's exports to China rose in 2024, Statistics Canada data showed.\n"
    context = _resolve(story + line + "\n", span, kind, in_body=False)
    assert (context.metric, context.reporter, context.partner) == (metric, reporter, partner)
    # Nothing leaks in from the story: no attribution, no main pair, no publication date.
    assert context.attributed_to is None
    assert context.period is None


def test_chrome_tariff_without_a_target_stays_open():
    text = "Canada and China trade a lot in 2024.\nTrump lifts 25% tariff\n"
    context = _resolve(text, "25%", Kind.RATE, in_body=False)
    assert (context.metric, context.reporter, context.partner) == ("tariff_rate", None, None)


def test_home_country_from_the_publisher_fills_the_reporter():
    text = "Beijing and China and Canada met. We will grow non-U.S. trade by 50% within 10 years."
    assert (
        _resolve(text, "50%", Kind.PERCENT_CHANGE, publisher="The Canadian Press").reporter == "CAN"
    )
    assert _resolve(text, "50%", Kind.PERCENT_CHANGE).reporter == "CHN"


@pytest.mark.parametrize(
    "extra_aliases",
    [(), (CountryName(alias="Great\nBritain", code="GBR", kind="name"),)],
    ids=["body lines only", "an alias spanning lines: whole text"],
)
def test_main_pair_counts_body_aliases_only(extra_aliases):
    chrome = "India, India and India sign a trade deal.\n"
    story = "Canada and China met.\nCanada and China talked.\nExports rose 5% in 2024.\n"
    text = chrome + story + chrome
    body = ((len(chrome), len(chrome) + len(story) - 1),)
    article = Article(id="t", text=text, published=PUBLISHED, body=body)
    mention = _mention(text, "5%", Kind.PERCENT_CHANGE)
    (context,) = resolve_contexts([mention], article, COUNTRIES + extra_aliases)
    assert (context.reporter, context.partner) == ("CAN", "CHN"), context.evidence


def test_one_context_per_mention_in_order():
    text = PAIR + "Exports to China rose 5% in 2024. Imports from China fell 2% in 2023."
    article = Article(id="t", text=text, published=PUBLISHED, body=((0, len(text)),))
    mentions = [
        _mention(text, "5%", Kind.PERCENT_CHANGE),
        _mention(text, "2%", Kind.PERCENT_CHANGE),
    ]
    contexts = resolve_contexts(mentions, article, COUNTRIES)
    assert [(c.flow, c.period) for c in contexts] == [("exports", "2024"), ("imports", "2023")]
    assert resolve_contexts([], article, COUNTRIES) == []


def test_evidence_names_the_deciding_words():
    context = _resolve(
        "Imports of Canadian goods fell by 10.4% in 2025.", "10.4%", Kind.PERCENT_CHANGE
    )
    assert "'Imports'" in context.evidence and "'2025'" in context.evidence


# --- golden: every in-body claim of every seed, written out by hand -------------------------

SEED_ARTICLES = {
    # stem: (published as the reader gives it, publisher, dateline, where page chrome starts)
    "000_489be147ec2b68c2": (date(2026, 1, 22), "The Canadian Press", "OTTAWA", None),
    "001_3479b35de856e330": (date(2026, 1, 15), "Global Times", None, None),
    "002_5efb9267d073e6b2": (None, None, None, "Ghislaine Maxwell"),
    "003_3d495e7cab814991": (date(2026, 1, 14), "The Canadian Press", None, "MORE National"),
    "004_6988ce14ab7dc689": (date(2026, 1, 16), "DD News", None, None),
}
CONTEXT_FIELDS = ("metric", "reporter", "partner", "flow", "period", "attributed_to", "product")


def _golden_cases():
    for stem in SEED_ARTICLES:
        for number, line in enumerate((GOLDEN / f"{stem}.context.jsonl").read_text().splitlines()):
            expected = json.loads(line)
            yield pytest.param(stem, expected, id=f"{stem[:3]}-{number}-{expected['text']}")


def _seed_article(stem: str) -> Article:
    published, publisher, dateline, chrome = SEED_ARTICLES[stem]
    text = (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
    end = text.index(chrome) if chrome else len(text)
    return Article(
        id=stem, text=text, published=published, publisher=publisher, dateline=dateline,
        body=((0, end),),
    )  # fmt: skip


def test_every_seed_has_a_golden_file():
    assert sorted(p.name.split(".")[0] for p in GOLDEN.glob("*.context.jsonl")) == sorted(
        SEED_ARTICLES
    )


@pytest.mark.parametrize("stem, expected", list(_golden_cases()))
def test_golden_context(stem, expected):
    article = _seed_article(stem)
    assert article.text[expected["start"] : expected["end"]] == expected["text"]
    mention = Mention(
        article=stem,
        start=expected["start"],
        end=expected["end"],
        text=expected["text"],
        number=expected["text"],
        scale=None,
        currency_text=None,
        currency=None,
        kind=Kind(expected["kind"]),
        unit=None,
        qualifier=Qualifier.EXACT,
        value=0.0,
        direction=Direction(expected["direction"]) if expected.get("direction") else None,
    )
    (context,) = resolve_contexts([mention], article, COUNTRIES)
    actual = {name: getattr(context, name) for name in CONTEXT_FIELDS}
    assert actual == {name: expected[name] for name in CONTEXT_FIELDS}, context.evidence


# --- properties ----------------------------------------------------------------------------

PERIOD_LABEL = regex.compile(
    r"\d{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?(?:\.\.\d{4}(?:-(?:0[1-9]|1[0-2]))?)?"
)
WORDS = st.sampled_from(
    ["Canada", "China's", "US", "us", "exports", "imports", "to", "from", "tariffs", "on",
     "in", "March", "2024", "last", "that", "year", "fiscal", "2024-25", "third", "quarter",
     "over", "the", "next", "10", "years", "by", "2035", "according", "said", "data", "showed",
     ",", ".", "\n", "deficit", "trade", "non-U.S.", "first", "eight", "months", "of", "this"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.data(), st.booleans(), st.booleans())
def test_any_text_gives_one_wellformed_context_per_mention(words, data, dated, in_body):
    text = " ".join(words)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    mention = Mention(
        article="t", start=start, end=end, text=text[start:end], number="1", scale=None,
        currency_text=None, currency=None, kind=data.draw(st.sampled_from(list(Kind))),
        unit=None, qualifier=Qualifier.EXACT, value=1.0, in_body=in_body,
    )  # fmt: skip
    article = Article(
        id="t", text=text, published=PUBLISHED if dated else None, body=((0, len(text)),)
    )
    (context,) = resolve_contexts([mention], article, COUNTRIES)
    assert context.period is None or PERIOD_LABEL.fullmatch(context.period)
    assert context.reporter not in ("WLD", "WXU")
    assert context.reporter is None or context.reporter != context.partner


TOPIC_WORDS = st.sampled_from(
    ["trade", "surplus", "deficit", "balance", "of", "with", "against", "budget", "fiscal",
     "government", "provincial", "federal", "growth", "export", "import", "gdp", "gross",
     "domestic", "product", "economy", "inflation", "unemployment", "jobless", "poll", "polls",
     "survey", "respondents", "support", "approval", "repo", "interest", "policy", "benchmark",
     "overnight", "bank", "rate", "rates", "tax", "revenues", "exchange", "loonie", "greenback",
     "per", "u.s.", "us", "dollar", "tariff", "tariffs", "levies", "levy", "duties", "duty",
     "surtax", "surtaxes", "two-way", "merchandise", "bilateral", "total", "trading", "partner",
     "exports", "exported", "exporting", "shipments", "imports", "imported", "importing",
     "trader", "subtotal", "the", ",", ".", "-", "\n", "é", "x", "per dollar", "per u.s. dollar",
     "trade deficit", "deficit with", "fiscal surplus", "export growth"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(TOPIC_WORDS, max_size=30), st.sampled_from([" ", "  ", "-", "\n"]))
def test_trying_only_topic_start_words_finds_what_a_full_scan_finds(words, glue):
    from factcheck.context import TOPIC_KINDS
    from factcheck.periods import CuePattern

    text = glue.join(words)
    cues = CuePattern(TOPIC_KINDS)  # every start word tried, whatever follows it
    assert [(m.span(), m.lastgroup) for m in cues.find(text)] == [
        (m.span(), m.lastgroup) for m in cues.pattern.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(st.lists(TOPIC_WORDS, max_size=30), st.sampled_from([" ", "  ", "-", "\n", "\t", ""]))
def test_topic_start_words_with_what_follows_find_what_a_full_scan_finds(words, glue):
    from factcheck.context import TOPIC_CUES

    text = glue.join(words)
    assert [(m.span(), m.lastgroup) for m in TOPIC_CUES.find(text)] == [
        (m.span(), m.lastgroup) for m in TOPIC_CUES.pattern.finditer(text)
    ]


@pytest.mark.parametrize(
    "module, kinds, cues",
    [("context", "TOPIC_KINDS", "TOPIC_CUES"), ("context", "GOAL_KINDS", "GOAL_CUES"),
     ("periods", "_PERIOD_KINDS", "PERIOD_CUES")],
)  # fmt: skip
def test_cue_patterns_read_lowercased_text_so_spell_no_capitals(module, kinds, cues):
    import importlib

    namespace = importlib.import_module(f"factcheck.{module}")
    for name, (source, words) in getattr(namespace, kinds).items():
        # Escapes (\s, \b, \u2019), group names and comments aside, a capital never matches.
        spelled = regex.sub(r"\\.|\(\?P<\w+>|#[^\n]*", "", source)
        assert spelled == spelled.lower(), name
        assert all(word == word.lower() for word in words), name
    for words in getattr(namespace, cues).follows.values():
        assert all(word == word.lower() for word in words)


GOAL_WORDS = st.sampled_from(
    ["over", "the", "next", "10", "years", "within", "five", "by", "2035", "2025", "aims", "to",
     "aiming", "plans", "pledged", "vows", "wants", "goal", "target", "of", "50%", "double",
     "nearby", "overt", "target's", ",", ".", "\n", "é"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(GOAL_WORDS, max_size=25), st.sampled_from([" ", "  ", "-", "\n", ""]))
def test_goal_start_words_with_what_follows_find_what_a_full_scan_finds(words, glue):
    from factcheck.context import GOAL_CUES

    text = glue.join(words)
    found = GOAL_CUES.find(text)
    assert [m.span() for m in found] == [m.span() for m in GOAL_CUES.pattern.finditer(text)]


PRODUCT_WORDS = st.sampled_from(
    ["crude", "oil", "and", "gas", "canola", "meal", "agricultural", "food", "products", "goods",
     "agri-food", "electric", "electrical", "vehicles", "steel", "aluminum", "autos", "oils",
     "steelworks", "energy", "critical", "minerals", "pork", "the", ",", "-", "é", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(PRODUCT_WORDS, max_size=20), st.sampled_from([" ", "  ", "-", ""]))
def test_product_search_is_the_listed_alternation(words, glue):
    from factcheck.context import _PRODUCTS, PRODUCTS

    text = glue.join(words)
    listed = regex.compile(r"\b(?:" + "|".join(regex.escape(p) for p in PRODUCTS) + r")\b")
    starts = [hit[:2] for hit in _PRODUCTS.whole_word_starts(text)]
    for position in range(len(text) + 1):
        expected = listed.search(text, position)
        found = next((span for span in starts if span[0] >= position), None)
        assert found == (expected.span() if expected else None)


ATTRIBUTION_SENTENCES = st.lists(
    st.sampled_from(
        ["According", "according", "to", "Statistics", "Canada", "data", "released", "by", "the",
         "ministry", "showed", "figures", "show", "said", "says", "told", "Reuters", "cited",
         "compiled", "published", "on", "Tuesday", "He", "metadata", "bystander", ",", ".",
         "\u201c", "é"]
    ),
    max_size=20,
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(ATTRIBUTION_SENTENCES, st.sampled_from([" ", "  ", ", "]))
def test_attribution_word_lookup_never_hides_a_match(words, glue):
    from factcheck.context import _ATTRIBUTIONS, _SAYS, _Scope

    text = glue.join(words)
    full_search = next(
        (
            m["source"].strip()
            for way in _ATTRIBUTIONS
            if (m := way.pattern.search(text)) and m["source"]
        ),
        None,
    )
    found = _Scope(0, text, ()).attribution()
    if full_search is not None:
        assert found == full_search
    elif found is not None:
        assert _SAYS.search(text)


def test_a_lone_surrogate_in_the_text_changes_nothing_around_it():
    plain = "Canada's exports to China fell 10% in 2024, data showed."
    with_surrogate = plain.replace(" fell", "\ud800fell")
    assert _resolve(with_surrogate, "10%", Kind.PERCENT_CHANGE) == _resolve(
        plain, "10%", Kind.PERCENT_CHANGE
    )
