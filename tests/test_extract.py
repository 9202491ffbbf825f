"""Pattern tables for `factcheck.extraction`: one case per written form, negatives included."""

import pytest

from factcheck.extraction import LEFT, _read_left, extract_mentions, sentence_spans
from factcheck.records import Article, Direction, Kind, Qualifier


def _mentions(text: str, body: tuple[tuple[int, int], ...] | None = None):
    article = Article(id="t", text=text, body=((0, len(text)),) if body is None else body)
    return extract_mentions(article)


def M(text, kind, value, **fields):  # reads like a table row
    return {"text": text, "kind": kind, "value": value, **fields}


CASES = [
    ("billion", "Trade totalled $118.7 billion.", [M("$118.7 billion", Kind.MONEY, 118.7e9)]),
    ("capital B", "Trade totalled $118.7B.", [M("$118.7B", Kind.MONEY, 118.7e9)]),
    ("US$ bn", "tariffs on US$2.6bn of goods", [M("US$2.6bn", Kind.MONEY, 2.6e9, currency="USD")]),
    ("$US bn", "worth $US122.3bn", [M("$US122.3bn", Kind.MONEY, 122.3e9, currency="USD")]),
    (
        "C$ with conversion",
        "C$2.76 billion ($2.08 billion) in goods",
        [
            M("C$2.76 billion", Kind.MONEY, 2.76e9, currency="CAD", currency_text="C$"),
            M("$2.08 billion", Kind.MONEY, 2.08e9, currency=None, currency_text="$"),
        ],
    ),
    (
        "USD code",
        "imports of USD1.749 trillion",
        [M("USD1.749 trillion", Kind.MONEY, 1.749e12, currency="USD")],
    ),
    (
        "RMB code",
        "exports of RMB279.12 billion",
        [M("RMB279.12 billion", Kind.MONEY, 279.12e9, currency="CNY")],
    ),
    (
        "Canadian dollars",
        "worth 48.2 billion Canadian dollars last year",
        [M("48.2 billion Canadian dollars", Kind.MONEY, 48.2e9, currency="CAD")],
    ),
    (
        "yuan",
        "trade of 2.93 trillion yuan",
        [M("2.93 trillion yuan", Kind.MONEY, 2.93e12, currency="CNY")],
    ),
    ("euro sign", "a €4.5 billion deal", [M("€4.5 billion", Kind.MONEY, 4.5e9, currency="EUR")]),
    ("S$", "exports of S$4 billion", [M("S$4 billion", Kind.MONEY, 4e9, currency="SGD")]),
    ("NZ$", "a NZ$2.5bn deal", [M("NZ$2.5bn", Kind.MONEY, 2.5e9, currency="NZD")]),
    ("NT$", "NT$300 billion in chips", [M("NT$300 billion", Kind.MONEY, 300e9, currency="TWD")]),
    ("US$ is no S$", "US$4 billion", [M("US$4 billion", Kind.MONEY, 4e9, currency="USD")]),
    (
        "a marker glued to a word is a bare $",
        "EC$4 billion and BUS$3 billion",
        [
            M("$4 billion", Kind.MONEY, 4e9, currency=None, currency_text="$"),
            M("$3 billion", Kind.MONEY, 3e9, currency=None, currency_text="$"),
        ],
    ),
    (
        "S$ glued to a word is a bare $",
        "ABS$4 billion",
        [M("$4 billion", Kind.MONEY, 4e9, currency=None, currency_text="$")],
    ),
    (
        "Singapore dollars",
        "worth 12 billion Singapore dollars",
        [M("12 billion Singapore dollars", Kind.MONEY, 12e9, currency="SGD")],
    ),
    (
        "New Zealand dollar",
        "3 billion New Zealand dollar bonds",
        [M("3 billion New Zealand dollar", Kind.MONEY, 3e9, currency="NZD")],
    ),
    (
        "yen sign stays open",
        "a ¥300 billion deal",
        [M("¥300 billion", Kind.MONEY, 300e9, currency=None)],
    ),
    ("m suffix", "sales of $963m", [M("$963m", Kind.MONEY, 963e6, scale="m")]),
    ("hyphenated scale", "a $39.3-billion deal", [M("$39.3-billion", Kind.MONEY, 39.3e9)]),
    (
        "thousands separators",
        "imported a record $100,027,968,000 of goods",
        [M("$100,027,968,000", Kind.MONEY, 100_027_968_000, step=1.0)],
    ),
    (
        "percent sign",
        "Imports fell by 10.4% in 2025.",
        [M("10.4%", Kind.PERCENT_CHANGE, 10.4, direction=Direction.DOWN, unit="percent", step=0.1)],
    ),
    (
        "per cent",
        "Exports rose 10.4 per cent.",
        [M("10.4 per cent", Kind.PERCENT_CHANGE, 10.4, direction=Direction.UP)],
    ),
    (
        "percent",
        "Exports slumped 10.4 percent.",
        [M("10.4 percent", Kind.PERCENT_CHANGE, 10.4, direction=Direction.DOWN)],
    ),
    (
        "percentage points",
        "The share fell 3 percentage points.",
        [M("3 percentage points", Kind.PP_CHANGE, 3.0, unit="percentage_point")],
    ),
    (
        "en dash range",
        "a share of 30\N{EN DASH}31% of exports",
        [M("30\N{EN DASH}31%", Kind.SHARE, 30.0, value_high=31.0, qualifier=Qualifier.RANGE)],
    ),
    (
        "between range",
        "worth between $2 billion and $3 billion",
        [
            M(
                "between $2 billion and $3 billion",
                Kind.MONEY,
                2e9,
                value_high=3e9,
                qualifier=Qualifier.RANGE,
            )
        ],
    ),
    (
        "shared scale range",
        "worth $2-3 billion",
        [M("$2-3 billion", Kind.MONEY, 2e9, value_high=3e9, qualifier=Qualifier.RANGE)],
    ),
    (
        "minus sign",
        "exports to China (-9%) led the decline",
        [M("-9%", Kind.PERCENT_CHANGE, -9.0, direction=Direction.DOWN)],
    ),
    (
        "one per cent",
        "growth of one per cent",
        [M("one per cent", Kind.PERCENT_CHANGE, 1.0, step=0.0)],
    ),
    (
        "less than half",
        "less than half of its exports",
        [M("less than half", Kind.SHARE, 50.0, qualifier=Qualifier.LESS_THAN, unit="percent")],
    ),
    (
        "more than half",
        "more than half of Canadians agree",
        [M("more than half", Kind.SHARE, 50.0, qualifier=Qualifier.MORE_THAN)],
    ),
    (
        "qualifier opening a sentence",
        "About 75% of exports go south. More than half go by truck.",
        [
            M("About 75%", Kind.SHARE, 75.0, qualifier=Qualifier.ABOUT),
            M("More than half", Kind.SHARE, 50.0, qualifier=Qualifier.MORE_THAN),
        ],
    ),
    (
        "between opening a sentence",
        "Between 10% and 20% of exports.",
        [M("Between 10% and 20%", Kind.SHARE, 10.0, value_high=20.0, qualifier=Qualifier.RANGE)],
    ),
    (
        "fifths and tenths",
        "about one-tenth of its exports and nearly a fifth of its imports",
        [
            M("about one-tenth", Kind.SHARE, 10.0, qualifier=Qualifier.ABOUT),
            M("nearly a fifth", Kind.SHARE, 20.0, qualifier=Qualifier.NEARLY),
        ],
    ),
    (
        "a qualified fraction after 'and'",
        "a third of exports and more than half of imports",
        [
            M("a third", Kind.SHARE, 100 / 3),
            M("more than half", Kind.SHARE, 50.0, qualifier=Qualifier.MORE_THAN),
        ],
    ),
    (
        "fraction as a fall",
        "purchases fell by more than half",
        [
            M(
                "more than half",
                Kind.PERCENT_CHANGE,
                50.0,
                qualifier=Qualifier.MORE_THAN,
                direction=Direction.DOWN,
            )
        ],
    ),
    (
        "fraction as a rise",
        "exports grew by a third",
        [M("a third", Kind.PERCENT_CHANGE, 100 / 3, direction=Direction.UP)],
    ),
    (
        "three-quarters",
        "three-quarters of its exports",
        [M("three-quarters", Kind.SHARE, 75.0, step=0.0)],
    ),
    (
        "double",
        "Canada should double its non-US exports by 2035",
        [M("double", Kind.MULTIPLE, 2.0, unit="dimensionless", step=0.0)],
    ),
    ("doubled", "Imports doubled in five years", [M("doubled", Kind.MULTIPLE, 2.0)]),
    ("tripled", "Shipments tripled.", [M("tripled", Kind.MULTIPLE, 3.0)]),
    ("four-fold", "a four-fold rise", [M("four-fold", Kind.MULTIPLE, 4.0)]),
    ("twofold", "a twofold increase", [M("twofold", Kind.MULTIPLE, 2.0)]),
    (
        "metric tons",
        "exports of 588,181 metric tons of canola",
        [M("588,181 metric tons", Kind.QUANTITY, 588_181, unit="tonne")],
    ),
    (
        "m tonnes",
        "a harvest of 10.4m tonnes",
        [M("10.4m tonnes", Kind.QUANTITY, 10.4e6, unit="tonne", step=1e5)],
    ),
    (
        "million tons map to tonnes",
        "6.13 million tons of wheat",
        [M("6.13 million tons", Kind.QUANTITY, 6.13e6, unit="tonne")],
    ),
    (
        "vehicles with adjectives",
        "up to 49,000 Chinese electric vehicles a year",
        [
            M(
                "up to 49,000 Chinese electric vehicles",
                Kind.QUANTITY,
                49_000,
                unit="vehicle",
                qualifier=Qualifier.AT_MOST,
            )
        ],
    ),
    (
        "barrels",
        "4 million barrels a day",
        [M("4 million barrels", Kind.QUANTITY, 4e6, unit="oil_barrel")],
    ),
    (
        "bushels",
        "12 million bushels of soybeans",
        [M("12 million bushels", Kind.QUANTITY, 12e6, unit="bushel")],
    ),
    (
        "share of exports",
        "purchasing about 75% of Canadian exports",
        [M("about 75%", Kind.SHARE, 75.0, qualifier=Qualifier.ABOUT)],
    ),
    (
        "accounted for",
        "China accounted for less than 4% of exports that year.",
        [M("less than 4%", Kind.SHARE, 4.0, qualifier=Qualifier.LESS_THAN)],
    ),
    ("tariff rate", "a 25% tariff on steel", [M("25%", Kind.RATE, 25.0)]),
    ("repo rate", "RBI Holds Repo Rate at 5.25%", [M("5.25%", Kind.RATE, 5.25, step=0.01)]),
    ("headline tariff", "Trump Lifts 25% Tariff on Indian Goods", [M("25%", Kind.RATE, 25.0)]),
    ("duty before", "duties of 6.1% apply", [M("6.1%", Kind.RATE, 6.1)]),
    (
        "rise noun",
        "a 3% rise in exports",
        [M("3%", Kind.PERCENT_CHANGE, 3.0, direction=Direction.UP)],
    ),
    ("growth noun", "2.6% growth", [M("2.6%", Kind.PERCENT_CHANGE, 2.6, direction=Direction.UP)]),
    (
        "at least change",
        "grow non-U.S. trade by at least 50 per cent over 10 years",
        [
            M(
                "at least 50 per cent",
                Kind.PERCENT_CHANGE,
                50.0,
                qualifier=Qualifier.AT_LEAST,
                direction=Direction.UP,
            )
        ],
    ),
    (
        "up as direction",
        "imports, up 16 per cent from $86 billion",
        [
            M("16 per cent", Kind.PERCENT_CHANGE, 16.0, direction=Direction.UP),
            M("$86 billion", Kind.MONEY, 86e9),
        ],
    ),
    (
        "levels keep share",
        "The US share of exports fell from 75.9% in 2024 to 71.7% in 2025",
        [M("75.9%", Kind.SHARE, 75.9), M("71.7%", Kind.SHARE, 71.7)],
    ),
    ("plain percent", "The poll has a margin of 3.1%", [M("3.1%", Kind.PERCENT, 3.1)]),
    (
        "qualifier nearly",
        "nearly $15 billion of canola",
        [M("nearly $15 billion", Kind.MONEY, 15e9, qualifier=Qualifier.NEARLY)],
    ),
    (
        "qualifier over",
        "tariffs on over US$2.6 billion",
        [M("over US$2.6 billion", Kind.MONEY, 2.6e9, qualifier=Qualifier.MORE_THAN)],
    ),
    (
        "qualifier as much as",
        "as much as 30% of output",
        [M("as much as 30%", Kind.SHARE, 30.0, qualifier=Qualifier.AT_MOST)],
    ),
    (
        "words with scale and unit",
        "around two million metric tonnes",
        [M("around two million metric tonnes", Kind.QUANTITY, 2e6, qualifier=Qualifier.ABOUT)],
    ),
]

NEGATIVES = [
    ("year", "In 2024 trade grew."),
    ("year in phrase", "in 2025, and 2022's strategy"),
    ("dates", "first published Jan. 22, 2026 and 14 Jan, 2026"),
    ("time", "Published: Jan 15, 2026 11:48 PM"),
    ("age", "the 45-year-old minister, aged 61"),
    ("ordinals", "the second largest partner, 1st and 3rd place"),
    ("ordinal fractions", "a fifth round of talks, its tenth-largest partner"),
    ("section", "under Section 427 of the act"),
    ("g7", "the G7 summit"),
    ("covid", "during COVID-19"),
    ("phone", "call 613-555-0199"),
    ("months", "gives 10 months for both sides"),
    ("years in words", "the first visit in eight years"),
    ("nearly three years", "held them in custody for nearly three years"),
    ("four-day", "a four-day state visit"),
    ("people", "two Canadians and two Liberal MPs"),
    ("headline months", "Strongest Growth in 18 Months"),
    ("first half", "in the first half of 2025"),
    ("first three quarters", "in the first three quarters of 2025"),
    ("last two-thirds", "over the last two-thirds of the year"),
    ("and a half", "two and a half years"),
    ("double adjective", "a double taxation treaty"),
    ("year then percent", "in 2024 to 5 per cent growth"),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_forms(sentence: str, expected: list[dict]) -> None:
    mentions = _mentions(sentence)
    assert [m.text for m in mentions] == [row["text"] for row in expected]
    for mention, row in zip(mentions, expected, strict=True):
        for field, want in row.items():
            got = getattr(mention, field)
            assert got == (pytest.approx(want) if isinstance(want, float) else want), field


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [(case[1], []) for case in NEGATIVES if case[0] != "year then percent"],
    ids=[case[0] for case in NEGATIVES if case[0] != "year then percent"],
)
def test_not_claims(sentence: str, expected: list) -> None:
    assert [m.text for m in _mentions(sentence)] == expected


def test_year_before_a_percentage_is_not_a_range() -> None:
    assert [m.text for m in _mentions(NEGATIVES[-1][1])] == ["5 per cent"]


def test_chrome_mentions_are_marked_out_of_body() -> None:
    text = "Exports fell 3%.\nRelated: Deficit of $11.2 billion"
    mentions = _mentions(text, body=((0, 16),))
    assert [(m.text, m.in_body) for m in mentions] == [("3%", True), ("$11.2 billion", False)]


def test_mentions_carry_the_article_id_and_number_as_written() -> None:
    mention = _mentions("exports of $1,234.5 million")[0]
    assert (mention.article, mention.number, mention.scale) == ("t", "1,234.5", "million")


SENTENCES = [
    (
        "abbreviation us",
        "Trade with the U.S. fell. China rose.",
        ["Trade with the U.S. fell.", "China rose."],
    ),
    (
        "month abbreviation",
        "Published Jan. 22, 2026. Next one.",
        ["Published Jan. 22, 2026.", "Next one."],
    ),
    ("title", "Mr. Carney met Xi. They talked.", ["Mr. Carney met Xi.", "They talked."]),
    (
        "decimal",
        "Exports fell 10.4 per cent. Imports rose.",
        ["Exports fell 10.4 per cent.", "Imports rose."],
    ),
    (
        "newline",
        "Headline with 2.6% growth\nBody text here",
        ["Headline with 2.6% growth", "Body text here"],
    ),
    ("quote inside", "“Will it last?” he asked. Yes.", ["“Will it last?” he asked.", "Yes."]),
    ("blank lines", "One.\n\n  Two.  ", ["One.", "Two."]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in SENTENCES], ids=[case[0] for case in SENTENCES]
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in sentence_spans(text)] == expected


@pytest.mark.parametrize(
    "text, value", [("\u017fix percent", 6.0), ("twenty-\u017fix percent", 26.0)]
)
def test_number_words_fold_case_like_the_pattern_that_found_them(text: str, value: float) -> None:
    # The case-insensitive pattern folds the long s to "s"; the lookup must fold alike.
    article = Article(id="a", text=text, body=((0, len(text)),))
    assert [mention.value for mention in extract_mentions(article)] == [value]


def test_left_groups_are_adjacent_and_end_at_the_number() -> None:
    # `_Left` finds where its groups start from their lengths, not from the match.
    text = "rose between about US$-5%"
    number_start = text.index("5")
    match = LEFT.match(text, 0, number_start)
    left = _read_left(text, number_start)
    assert (left.start, left.after_between()) == (match.start("between"), match.start("qualifier"))
    assert number_start - len(left.sign) == match.start("sign")


def test_number_words_are_found_next_to_lone_surrogates() -> None:
    # The trigger search reads UTF-8; a lone surrogate (undecodable bytes kept by
    # surrogateescape) must neither stop it nor shift the offsets it reports.
    text = "\udcff two-thirds of exports"
    assert [(mention.text, mention.start) for mention in _mentions(text)] == [("two-thirds", 2)]
