"""verify: verdicts, derived figures with intervals, diagnoses, on hand-built claims.

The reference rows below are real figures from ../shared/reference/figures.csv (same ids,
values, publishers); the claims are the seed articles' facts built by hand.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import reference as reference_module
from factcheck.records import (
    Amount,
    Claim,
    Context,
    Direction,
    Flow,
    Kind,
    Mention,
    Metric,
    Qualifier,
    Verdict,
)
from factcheck.reference import ReferenceData, load_reference
from factcheck.verify import signed_interval, verify_claims

B = 1e9
SOURCE = "source_publisher,source_url,source_date,source_kind"


def cite(publisher: str, url: str, date: str, kind: str) -> str:
    return ",".join((f'"{publisher}"', url, date, kind))


STATCAN = cite(
    "Statistics Canada",
    "https://www.statcan.gc.ca/daily-quotidien/250205/dq250205a-eng.htm",
    "2025-02-05",
    "primary",
)
ONEST = cite(
    "ONEST Network (reporting Prime Minister's Office release)",
    "https://www.onestnetwork.com/post/canada-moves-from-reliance-to-resilience-as-prime-minister-carney-heads-to-china-and-davos",
    "2026-01-07",
    "secondary",
)
REUTERS = cite(
    "Reuters (via newsbeep.com mirror)",
    "https://www.newsbeep.com/ca/?p=408985",
    "2026-01-14",
    "media",
)
CP = cite(
    "The Canadian Press (via Darpan Magazine)",
    "https://darpanmagazine.com/news/national/canadachina-trade-record-as-imports-hit-100b/?page=67",
    "2023-02-27",
    "media",
)
DEEP_DIVE = cite(
    "The Deep Dive",
    "https://thedeepdive.ca/carney-prebudget-doubling-exports",
    "2025-10-23",
    "media",
)
ARGUS = cite(
    "Argus Media (reporting Statistics Canada)",
    "https://www.argusmedia.com/en/news-and-insights/latest-market-news/2790684-canadian-exports-to-us-fall-by-17pc-in-december",
    "2026-02-19",
    "media",
)
SENTINEL = cite(
    "Canadian Sentinel (blog)",
    "https://www.canadiansentinel.com/2026/01/china-more-predictable.html",
    "2026-01",
    "media",
)
STAR = cite(
    "Reuters (via The Star, Malaysia)",
    "https://www.thestar.com.my/aseanplus/aseanplus-news/2025/03/08/china-hits-back-at-canada-with-fresh-agriculture-tariffs",
    "2025-03-08",
    "media",
)
INFONEWS = cite(
    "The Canadian Press (via iNFOnews)",
    "https://infonews.ca/news/7396152/pm-carney-to-lay-groundwork-for-coming-federal-budget-in-speech",
    "2025-10-22",
    "media",
)
OKX = cite(
    "OKX Discover post (German translation of Anand remarks)",
    "https://web3.ouchyi.pink/de/discover/post/65905718223072",
    "2026-01",
    "media",
)
BANK_OF_CANADA = cite(
    "Public GitHub repository (citing Bank of Canada)",
    "https://www.bankofcanada.ca/rates/exchange/annual-average-exchange-rates/",
    "n.d.",
    "secondary",
)
ISO = cite("ISO", "https://www.iso.org/iso-3166-country-codes.html", "2020", "primary")
COVERAGE = "coverage_value,coverage_scale,coverage_currency"
AGRIFOOD = "Canadian agricultural and food products"
# Real rows of ../shared/reference/figures.csv, in the schema of docs/design.md.
TABLES = {
    "trade_flows": f"""id,reporter,partner,flow,product,period,value,scale,currency,basis,{SOURCE}
CACN-2024-TWOWAY-PMO,CAN,CHN,two_way,,2024,118.7,billion,CAD,customs,{ONEST}
CACN-2024-EXP-PMO,CAN,CHN,exports,,2024,29.9,billion,CAD,customs,{ONEST}
CACN-2024-IMP-PMO,CAN,CHN,imports,,2024,88.8,billion,CAD,customs,{ONEST}
CACN-2024-CANOLA-CI,CAN,CHN,exports,canola,2024,3.99,billion,CAD,customs,{ONEST}
CACN-2022-IMP-CP,CAN,CHN,imports,,2022,100.027968,billion,CAD,unknown,{CP}
CACN-2021-IMP-CP,CAN,CHN,imports,,2021,86,billion,CAD,unknown,{CP}
CA-WLD-2024-EXP-DD,CAN,WLD,exports,,2024,721.1,billion,CAD,domestic_exports,{DEEP_DIVE}
CA-US-2024-EXP-AR,CAN,USA,exports,,2024,590,billion,CAD,balance_of_payments,{ARGUS}
CNCA-2025-IMP-GACC,CHN,CAN,imports,,2025,41.7,billion,USD,customs,{REUTERS}
CNCA-2024-IMP-GACC,CHN,CAN,imports,,2024,46.6,billion,USD,customs,{REUTERS}
""",
    "trade_shares": f"""id,reporter,partner,flow,product,period,value,basis,{SOURCE}
CA-US-2024-SHARE-EXP,CAN,USA,exports,,2024,75.9,balance_of_payments,{STATCAN}
CACN-2024-SHARE-BLOG,CAN,CHN,exports,,2024,3.8,balance_of_payments,{SENTINEL}
""",
    "trade_changes": f"""id,reporter,partner,flow,product,period,value,basis,{SOURCE}
CNCA-2025-IMP-YOY-GACC,CHN,CAN,imports,,2025,-10.4,customs,{REUTERS}
""",
    "tariffs": f"""id,reporter,partner,measure,products,rate,{COVERAGE},period,{SOURCE}
CNTAR-2025-COVER-TOTAL-RT,CHN,CAN,March 2025 tariffs,{AGRIFOOD},,2.6,billion,USD,2025-03,{STAR}
""",
    "targets": f"""id,reporter,partner,flow,description,value,unit,scale,period,{SOURCE}
TGT-CARNEY-2025,CAN,WXU,exports,double non-US exports,2,factor,one,2025..2035,{INFONEWS}
TGT-ANAND-50,CAN,WXU,two_way,grow non-US trade 50%,50,percent,one,2026..2036,{OKX}
""",
    "exchange_rates": f"""id,base,quote_currency,period,rate,{SOURCE}
FX-USDCAD-2024,USD,CAD,2024,1.3698,{BANK_OF_CANADA}
FX-USDCAD-2025,USD,CAD,2025,1.3978,{BANK_OF_CANADA}
""",
    "countries": f"""id,alias,code,kind,{SOURCE}
CAN-01,Canada,CAN,name,{ISO}
CHN-01,China,CHN,name,{ISO}
USA-01,United States,USA,name,{ISO}
WLD-01,the world,WLD,name,{ISO}
WXU-01,the world excluding the United States,WXU,name,{ISO}
""",
}
# Columns the loader requires in the header that these rows leave blank.
BLANK_COLUMNS = {"trade_flows": ("vintage",), "tariffs": ("announced", "effective")}


def write_tables(directory: Path, *, fx: bool = True) -> Path:
    for name, text in TABLES.items():
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for column in (*BLANK_COLUMNS.get(name, ()), "source_title", "quote", "note"):
            frame[column] = ""
        if name == "exchange_rates" and not fx:
            frame = frame.iloc[0:0]
        frame.to_csv(directory / f"{name}.csv", index=False)
    return directory


def load_only(directory: Path) -> ReferenceData:
    """`load_reference` on these tables alone: the bundled ones would be merged underneath."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reference_module, "bundled_directory", lambda: directory)
        return load_reference()


def claim(
    text: str,
    magnitude: float,
    low: float,
    high: float,
    *,
    metric: Metric,
    reporter: str | None = "CAN",
    partner: str | None = "CHN",
    flow: Flow | None = None,
    period: str | None = "2024",
    kind: Kind = Kind.MONEY,
    currency: str | None = None,
    candidates: tuple[str, ...] = (),
    direction: Direction | None = None,
    in_body: bool = True,
    attributed_to: str | None = None,
    product: str | None = None,
    article: str = "a.txt",
) -> Claim:
    unit = (
        currency
        if kind is Kind.MONEY
        else ("dimensionless" if kind is Kind.MULTIPLE else "percent")
    )
    mention = Mention(
        article=article,
        start=0,
        end=len(text),
        text=text,
        number=text,
        scale=None,
        currency_text=None,
        currency=currency,
        kind=kind,
        unit=None if kind is Kind.MONEY else unit,
        qualifier=Qualifier.EXACT,
        value=magnitude,
        direction=direction,
        in_body=in_body,
    )
    amount = Amount(
        magnitude=magnitude,
        unit=unit,
        currency=currency,
        currency_candidates=candidates or ((currency,) if currency else ()),
        low=low,
        high=high,
    )
    context = Context(
        metric=metric,
        reporter=reporter,
        partner=partner,
        flow=flow,
        period=period,
        attributed_to=attributed_to,
        product=product,
    )
    return Claim(id=f"{article}#0-{len(text)}", mention=mention, amount=amount, context=context)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> ReferenceData:
    return load_only(write_tables(tmp_path_factory.mktemp("reference")))


@pytest.fixture(scope="module", params=["test-tables", "bundled-tables"])
def seed_reference(request, reference) -> ReferenceData:
    """The seeds' verdicts must hold on the rows above and on the shipped tables."""
    return reference if request.param == "test-tables" else load_reference()


def check(reference, one: Claim):
    [finding] = verify_claims([one], reference)
    return finding


# The seeds' expected verdicts.

TWO_WAY_118 = claim(
    "$118.7 billion", 118.7 * B, 118.65 * B, 118.75 * B,
    metric=Metric.TRADE_VALUE, flow=Flow.TWO_WAY, candidates=("CAD", "USD"),
    attributed_to="the Prime Minister of Canada's office",
)  # fmt: skip


def test_seed_001_two_way_is_ambiguous_currency(seed_reference):
    finding = check(seed_reference, TWO_WAY_118)
    assert finding.verdict is Verdict.AMBIGUOUS_CURRENCY
    assert finding.reference_unit == "CAD"
    assert math.isclose(finding.reference_value, 118.7 * B)
    assert "if read as Canadian dollars" in finding.explanation
    assert "37% above the US$86.65B equivalent" in finding.explanation
    assert (finding.sources[0].file, finding.sources[0].row) == ("reference/trade_flows.csv", 2)


def test_seed_002_fell_10_4_percent_is_supported_on_chinese_customs(seed_reference):
    finding = check(seed_reference, claim(
        "10.4%", 10.4, 10.35, 10.45, metric=Metric.TRADE_CHANGE, reporter="CHN",
        partner="CAN", flow=Flow.IMPORTS, period="2025", kind=Kind.PERCENT_CHANGE,
        direction=Direction.DOWN, attributed_to="Chinese customs data",
    ))  # fmt: skip
    assert finding.verdict is Verdict.SUPPORTED
    assert math.isclose(finding.reference_value, -10.4)
    assert math.isclose(finding.difference, 0.0, abs_tol=1e-12)


def test_seed_004_about_75_percent_is_supported_by_75_9(seed_reference):
    finding = check(seed_reference, claim(
        "about 75%", 75, 71.25, 78.75, metric=Metric.TRADE_SHARE, partner="USA",
        flow=Flow.EXPORTS, kind=Kind.SHARE,
    ))  # fmt: skip
    assert finding.verdict is Verdict.SUPPORTED
    assert math.isclose(finding.reference_value, 75.9)
    assert finding.sources[0].publisher == "Statistics Canada"


def test_seed_004_less_than_4_percent_is_supported_and_names_the_basis(seed_reference):
    finding = check(seed_reference, claim(
        "less than 4%", 4, 2, 4, metric=Metric.TRADE_SHARE, flow=Flow.EXPORTS, kind=Kind.SHARE,
    ))  # fmt: skip
    assert finding.verdict is Verdict.SUPPORTED
    assert math.isclose(finding.reference_value, 3.8)
    assert "balance of payments basis" in finding.explanation
    assert "4.15%" in finding.explanation
    assert "depends on the basis" in finding.explanation


def test_seed_002_more_than_2_6_billion_is_supported_as_us_dollars(seed_reference):
    finding = check(seed_reference, claim(
        "more than $2.6 billion", 2.6 * B, 2.55 * B, 3.9 * B, metric=Metric.TARIFF_COVERAGE,
        reporter="CHN", partner="CAN", period="2025-03", candidates=("CAD", "USD"),
    ))  # fmt: skip
    assert finding.verdict is Verdict.SUPPORTED
    assert finding.reference_unit == "USD"
    assert "US$2.6B" in finding.explanation
    assert "read as US dollars" in finding.explanation


@pytest.mark.parametrize(
    "text, metric, in_body, expected",
    [
        ("$11.2 billion", Metric.TRADE_BALANCE, False, "page chrome (related headline)"),
        ("5.25%", Metric.OTHER, False, "page chrome (related headline)"),
        ("2.6%", Metric.OTHER, True, "not a trade figure: 2.6%"),
    ],
    ids=["chrome-deficit", "chrome-repo-rate", "gdp-growth-in-body"],
)
def test_page_chrome_and_other_metrics_are_not_checked(reference, text, metric, in_body, expected):
    finding = check(reference, claim(text, 1, 1, 1, metric=metric, in_body=in_body, currency="USD"))
    assert finding.verdict is Verdict.NOT_CHECKED
    assert finding.explanation.startswith(expected)
    assert finding.reference_value is None


# Every other verdict.


def test_contradicted_shows_the_signed_difference(reference):
    finding = check(reference, claim(
        "US$50 billion", 50 * B, 49.5 * B, 50.5 * B, metric=Metric.TRADE_VALUE, reporter="CHN",
        partner="CAN", flow=Flow.IMPORTS, currency="USD", attributed_to="Chinese customs",
    ))  # fmt: skip
    assert finding.verdict is Verdict.CONTRADICTED
    assert math.isclose(finding.difference, (50 - 46.6) / 46.6)
    assert finding.explanation.startswith("7% above US$46.6B")


@pytest.mark.parametrize(
    "metric, flow, period, expected",
    [
        (
            Metric.TRADE_VALUE,
            Flow.TWO_WAY,
            "2025",
            "no reference for CAN→CHN two-way trade in 2025",
        ),
        (
            Metric.TRADE_SHARE,
            Flow.EXPORTS,
            "2019",
            "no reference for CHN's share of CAN's exports in 2019",
        ),
        (
            Metric.TRADE_CHANGE,
            Flow.IMPORTS,
            "2016",
            "no reference for the change in CAN→CHN imports in 2016",
        ),
        (
            Metric.TARGET,
            Flow.IMPORTS,
            None,
            "no reference for a CAN→CHN imports target (no period resolved)",
        ),
    ],
    ids=["two-way-2025", "share-2019", "change-2016", "target"],
)
def test_unverifiable_says_what_is_missing(reference, metric, flow, period, expected):
    finding = check(reference, claim("x", 5, 4, 6, metric=metric, flow=flow, period=period,
                                     kind=Kind.PERCENT, currency=None))  # fmt: skip
    assert finding.verdict is Verdict.UNVERIFIABLE
    assert finding.explanation == expected


def test_unverifiable_names_the_missing_exchange_rate(tmp_path):
    finding = check(load_only(write_tables(tmp_path, fx=False)), claim(
        "C$60 billion", 60 * B, 59.5 * B, 60.5 * B, metric=Metric.TRADE_VALUE, reporter="CHN",
        partner="CAN", flow=Flow.IMPORTS, period="2025", currency="CAD", attributed_to="GACC",
    ))  # fmt: skip
    assert finding.verdict is Verdict.UNVERIFIABLE
    assert finding.explanation == "no USD→CAD rate for 2025"


def test_a_currency_without_reference_rates_names_the_missing_rate(tmp_path):
    finding = check(load_only(write_tables(tmp_path)), claim(
        "S$60 billion", 60 * B, 59.5 * B, 60.5 * B, metric=Metric.TRADE_VALUE, reporter="CHN",
        partner="CAN", flow=Flow.IMPORTS, period="2025", currency="SGD", attributed_to="GACC",
    ))  # fmt: skip
    assert finding.verdict is Verdict.UNVERIFIABLE
    assert finding.explanation.startswith("no ") and "SGD rate for 2025" in finding.explanation


def test_wrong_period_says_which_period_matches(reference):
    finding = check(reference, claim(
        "$100 billion", 100 * B, 99.5 * B, 100.5 * B, metric=Metric.TRADE_VALUE,
        flow=Flow.IMPORTS, period="2021", currency="CAD", attributed_to="Statistics Canada",
    ))  # fmt: skip
    assert finding.verdict is Verdict.WRONG_PERIOD
    assert "which is for 2022, not 2021" in finding.explanation
    assert math.isclose(finding.reference_value, 100.027968 * B)


@pytest.mark.parametrize(
    "magnitude, currency, expected",
    [
        (118.7e6, "CAD", "a million/billion slip?"),
        (118.7 * B, "USD", "in Canadian dollars: the wrong currency?"),
    ],
    ids=["million-billion-slip", "wrong-currency"],
)
def test_contradicted_diagnoses_the_classic_slips(reference, magnitude, currency, expected):
    finding = check(reference, claim(
        "x", magnitude, magnitude * 0.9995, magnitude * 1.0005, metric=Metric.TRADE_VALUE,
        flow=Flow.TWO_WAY, currency=currency, attributed_to="Statistics Canada",
    ))  # fmt: skip
    assert finding.verdict is Verdict.CONTRADICTED
    assert finding.explanation.endswith(expected + ".")


def test_wrong_currency_reports_the_difference_in_the_claimed_currency(reference):
    finding = check(reference, claim(
        "US$118.7 billion", 118.7 * B, 118.65 * B, 118.75 * B, metric=Metric.TRADE_VALUE,
        flow=Flow.TWO_WAY, currency="USD", attributed_to="Statistics Canada",
    ))  # fmt: skip
    assert finding.reference_unit == "USD"
    assert math.isclose(finding.difference, 118.7 / (118.7 / 1.3698) - 1, rel_tol=1e-3)


MIRROR = dict(
    metric=Metric.TRADE_VALUE, reporter="CAN", partner="CHN", flow=Flow.EXPORTS, currency="USD"
)


def test_attributed_claim_matching_the_mirror_series_is_contradicted_and_diagnosed(reference):
    finding = check(reference, claim("US$46.6 billion", 46.6 * B, 46.55 * B, 46.65 * B,
                                     attributed_to="Statistics Canada", **MIRROR))  # fmt: skip
    assert finding.verdict is Verdict.CONTRADICTED
    assert "matches the mirror statistic US$46.6B" in finding.explanation
    assert "not Canada's own series" in finding.explanation


def test_unattributed_claim_is_checked_against_each_reporter_and_says_which(reference):
    finding = check(reference, claim("US$46.6 billion", 46.6 * B, 46.55 * B, 46.65 * B, **MIRROR))
    assert finding.verdict is Verdict.SUPPORTED
    assert "as China reports it" in finding.explanation


@pytest.mark.parametrize(
    "text, magnitude, low, high, kind, flow, verdict",
    [
        ("double", 2, 2, 2, Kind.MULTIPLE, Flow.EXPORTS, Verdict.SUPPORTED),
        (
            "at least 50 per cent",
            50,
            49.5,
            75,
            Kind.PERCENT_CHANGE,
            Flow.TWO_WAY,
            Verdict.SUPPORTED,
        ),
        ("triple", 3, 3, 3, Kind.MULTIPLE, Flow.EXPORTS, Verdict.CONTRADICTED),
    ],
    ids=["carney-double-exports", "anand-50pct-trade", "triple-is-wrong"],
)
def test_targets(reference, text, magnitude, low, high, kind, flow, verdict):
    period = "2025..2035" if flow is Flow.EXPORTS else "2026..2036"
    target = claim(
        text, magnitude, low, high, metric=Metric.TARGET, partner="WXU", flow=flow, period=period,
        kind=kind,
    )  # fmt: skip
    finding = check(reference, target)
    assert finding.verdict is verdict
    assert finding.sources[0].file.endswith("targets.csv")


@pytest.mark.parametrize(
    "magnitude, direction, verdict",
    [(58.9, None, Verdict.SUPPORTED), (58.9, Direction.DOWN, Verdict.SUPPORTED),
     (-58.9, None, Verdict.SUPPORTED), (70, None, Verdict.CONTRADICTED)],
    ids=["deficit-as-a-size", "deficit-as-a-fall", "signed-deficit", "wrong-size"],
)  # fmt: skip
def test_a_deficit_is_compared_by_its_size_unless_signed(reference, magnitude, direction, verdict):
    low, high = sorted((magnitude * 0.999 * B, magnitude * 1.001 * B))
    finding = check(reference, claim(
        "a deficit", magnitude * B, low, high, metric=Metric.TRADE_BALANCE, currency="CAD",
        direction=direction,
    ))  # fmt: skip
    assert finding.verdict is verdict
    assert "exports C$29.9B - imports C$88.8B" in finding.explanation


def test_never_compares_a_product_figure_with_all_merchandise(reference):
    finding = check(reference, claim(
        "C$3.99 billion", 3.99 * B, 3.985 * B, 3.995 * B, metric=Metric.TRADE_VALUE,
        flow=Flow.EXPORTS, currency="CAD",
    ))  # fmt: skip
    assert finding.verdict is Verdict.CONTRADICTED
    assert "canola" not in finding.explanation


def test_findings_come_back_one_per_claim_in_order(reference):
    claims = [TWO_WAY_118, claim("2.6%", 2.6, 2.55, 2.65, metric=Metric.OTHER, kind=Kind.PERCENT)]
    findings = verify_claims(claims, reference)
    assert [finding.claim for finding in findings] == claims


claims = st.builds(
    lambda metric, flow, period, value, currency, in_body: claim(
        "x", value, value * 0.99, value * 1.01, metric=metric, flow=flow, period=period,
        kind=Kind.MONEY if currency else Kind.PERCENT, currency=currency, in_body=in_body,
    ),
    st.sampled_from(Metric),
    st.none() | st.sampled_from(Flow),
    st.none() | st.sampled_from(["2024", "2025", "2025-03", "2025..2035", "2019-01..2019-11"]),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.none() | st.sampled_from(["CAD", "USD", "CNY"]),
    st.booleans(),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(claims, max_size=4))
def test_every_claim_gets_exactly_one_finding_with_an_explanation(reference, some):
    findings = verify_claims(some, reference)
    assert [finding.claim for finding in findings] == some
    assert all(finding.explanation for finding in findings)


@given(st.floats(0, 1000), st.floats(0, 100))
def test_signed_interval_of_a_fall_is_the_mirror_image(value, spread):
    fall = claim("x", value, value - spread, value + spread, metric=Metric.TRADE_CHANGE,
                 kind=Kind.PERCENT_CHANGE, direction=Direction.DOWN)  # fmt: skip
    assert signed_interval(fall) == (-(value + spread), -(value - spread))
