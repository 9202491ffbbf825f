"""Countries: alias matching (case rules, longest alias first), the main pair and country roles.

Parametrized tables for each rule, traps included ("US" vs "us", "non-U.S." vs "U.S.",
"according to"), and a property: whatever the text, hits are in order, never overlap, and each
covers an alias of its country as written.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.countries import (
    CountryHit,
    complete_sides,
    country_role,
    find_countries,
    main_pair,
)
from factcheck.records import Article, CountryName
from tests.test_context import COUNTRIES


@pytest.mark.parametrize(
    "text, codes",
    [
        ("the US and us", ["USA"]),
        ("U.S. exports and non-U.S. trade", ["USA", "WXU"]),
        ("Canadians and Canadian firms", ["CAN", "CAN"]),
        ("OTTAWA — talks", ["CAN"]),
        ("china cups and americana", []),
        ("The world and the world", ["WLD", "WLD"]),
        ("U.S.-China trade and Canada's exports", ["USA", "CHN", "CAN"]),
        ("(Beijing) and “Ottawa”, India.", ["CHN", "CAN", "IND"]),
        ("USAID and Chinatown and Americana", []),
        ("trade outside the United States fell", ["WXU"]),
        ("190 billion US dollars, 1.37 Canadian dollars per U.S. dollar, 71 US cents", []),
        ("U.S. dollar-denominated U.S. exports", ["USA"]),
        ("the U.S. central bank and a Chinese centre", ["USA", "CHN"]),
    ],
    ids=[
        "US not us",
        "non-U.S. is longest",
        "demonym before adjective",
        "capitals",
        "lowercase",
        "capitalized",
        "hyphen and possessive part words",
        "brackets, quotes and full stops",
        "no alias inside a longer word",
        "an aggregate holding a country name",
        "a currency names no country",
        "only the currency",
        "a word starting like a currency",
    ],
)
def test_country_aliases(text, codes):
    assert [hit.code for hit in find_countries(text, COUNTRIES)] == codes


def test_hits_carry_spans_and_kinds_with_offset():
    text = "Canada's exports to non-U.S. markets"
    assert find_countries(text, COUNTRIES, offset=100) == [
        CountryHit(100, 106, "CAN", "name"),
        CountryHit(120, 128, "WXU", "alias"),
    ]


def test_a_table_given_as_a_list_is_read_too():
    assert [hit.code for hit in find_countries("China", list(COUNTRIES))] == ["CHN"]
    assert find_countries("China", ()) == []


@pytest.mark.parametrize(
    "body, pair",
    [
        ("Canada and China. China again. The US once.", ("CHN", "CAN")),
        ("Canada, then China, then the world and non-U.S. markets.", ("CAN", "CHN")),
        ("India.", ("IND",)),
        ("No country here.", ()),
        ("Canada and China. Prices in US dollars, US dollars and US cents.", ("CAN", "CHN")),
    ],
    ids=[
        "most named first",
        "ties: first named, groups left out",
        "one country",
        "none",
        "currencies count for no country",
    ],
)
def test_main_pair(body, pair):
    article = Article(id="t", text=body + " China China China", body=((0, len(body)),))
    assert main_pair(article, COUNTRIES) == pair


ROLE_CASES = [
    # (id, sentence, alias, role)
    ("possessive flow", "China's imports from Canada fell", "China", "owner"),
    ("adjective flow", "Canadian exports rose", "Canadian", "owner"),
    ("adjective customs", "Chinese customs data showed", "Chinese", "owner"),
    ("preposition to", "Exports to China rose", "China", "counterpart"),
    ("preposition with the", "trade with the United States", "United States", "counterpart"),
    ("bracketed preposition", "trade (with China) rose", "China", "counterpart"),
    ("according to is no counterpart", "according to China's ministry", "China", "neutral"),
    ("partner to", "its second-largest trading partner to Canada", "Canada", "owner"),
    ("between", "trade between the United States and China", "United States", "owner"),
    ("origin of goods", "imports of Canadian agricultural products", "Canadian", "origin"),
    ("aggregate", "exports to the world", "the world", "counterpart"),
    ("no cue", "China rose", "China", "neutral"),
    ("glued word", "a go-to China plan", "China", "neutral"),
]


@pytest.mark.parametrize(
    "sentence, alias, role", [c[1:] for c in ROLE_CASES], ids=[c[0] for c in ROLE_CASES]
)
def test_country_role(sentence, alias, role):
    (hit,) = [h for h in find_countries(sentence, COUNTRIES) if sentence[h.start : h.end] == alias]
    assert country_role(hit, sentence[: hit.start], sentence[hit.end :]) == role


WORDS = st.sampled_from(
    ["Canada", "Canada's", "China", "Chinese", "US", "us", "U.S.", "non-U.S.", "non-US", "the",
     "world", "World", "outside", "United", "States", "America", "Americans", "CANADA", "india",
     "to", "-", ".", ",", "\u2019s", "(", "é", "x", "USA", "Ottawa"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25), st.sampled_from([" ", "-", "/", "\n", ""]))
def test_hits_are_ordered_disjoint_aliases(words, glue):
    text = glue.join(words)
    hits = find_countries(text, COUNTRIES)
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
    names = {(name.alias.replace("-", " "), name.code) for name in COUNTRIES}
    upper = {(alias.upper(), code) for alias, code in names} | {
        (alias[:1].upper() + alias[1:], code) for alias, code in names
    }
    for hit in hits:
        written = text[hit.start : hit.end].replace("-", " ").replace("/", " ")
        assert (written, hit.code) in names | upper, (text, hit)


def test_country_names_record_is_what_is_matched():
    table = (CountryName(alias="Viet Nam", code="VNM", kind="name"),)
    assert [h.code for h in find_countries("Viet Nam and VIET NAM, not viet nam", table)] == [
        "VNM",
        "VNM",
    ]


@pytest.mark.parametrize(
    "reporter, partner, completed",
    [
        (None, "CHN", ("CAN", "CHN")),
        ("CHN", None, ("CHN", "CAN")),
        (None, None, ("CAN", "CHN")),
        (None, "USA", ("CAN", "USA")),
        ("USA", None, ("USA", "CAN")),
    ],
    ids=[
        "partner in pair",
        "reporter in pair",
        "neither: home first",
        "outsider partner",
        "outsider reporter",
    ],
)
def test_complete_sides(reporter, partner, completed):
    assert complete_sides(reporter, partner, ("CAN", "CHN"), "CAN") == completed


@pytest.mark.parametrize(
    "text, uncoded",
    [("Exports to the EU rose", "EU"), ("the E.U. and Canada", "E.U."),
     ("trade with the European Union", "European Union"),
     ("shipments to Latin America", "Latin America"), ("European buyers", None),
     ("the Eurozone", "Eurozone"), ("Asian markets", None), ("", None)],
    ids=["acronym", "dotted", "name", "two words", "adjective", "capitalized",
         "adjective of a region", "empty"],
)  # fmt: skip
def test_uncoded_partner(text, uncoded):
    from factcheck.countries import uncoded_partner

    assert uncoded_partner(text) == uncoded


@pytest.mark.parametrize(
    "sentence, reporter, partner",
    [("MOFCOM announced a 75.8 per cent duty on all Canadian canola seed shipments.", "CHN",
      "CAN"),
     ("The General Administration of Customs said imports from Canada fell 10.4% in 2025.",
      "CHN", "CAN"),
     ("The USTR put a 25% tariff on Canadian steel.", "USA", "CAN"),
     ("The CBSA collects a 100% surtax on Chinese electric vehicles.", "CAN", "CHN")],
    ids=["China's commerce ministry", "China's customs", "the US trade representative",
         "Canada's border agency"],
)  # fmt: skip
def test_the_bundled_table_reads_trade_agencies_as_their_country(sentence, reporter, partner):
    """Ministries and customs stand for their country: who imposes, who reports."""
    from factcheck.pipeline import extract

    (claim,) = extract(sentence)
    assert (claim.context.reporter, claim.context.partner) == (reporter, partner)
