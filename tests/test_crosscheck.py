"""crosscheck: clusters of claims across articles, inconsistent vs merely related."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_verify import B, claim

from factcheck.crosscheck import (
    MAX_LISTED,
    MAX_RELATED,
    changes,
    crosscheck,
    disagree,
    member,
    units,
)
from factcheck.records import Claim, Finding, Flow, Kind, Metric, Verdict
from factcheck.verify import claim_key


def finding(one: Claim, verdict: Verdict = Verdict.SUPPORTED) -> Finding:
    return Finding(claim=one, verdict=verdict, explanation=f"Reference says so for {one.id}.")


def two_way(text: str, value: float, low: float, high: float, article: str, **fields) -> Claim:
    fields.setdefault("currency", "CAD")
    return claim(
        text, value * B, low * B, high * B, metric=Metric.TRADE_VALUE, flow=Flow.TWO_WAY,
        article=article, **fields,
    )  # fmt: skip


PMO = two_way("$118.7 billion", 118.7, 118.65, 118.75, "a.txt")
LOW = two_way("$100 billion", 100, 99.5, 100.5, "b.txt")
ABOUT = two_way("about $120 billion", 120, 114, 126, "b.txt")


def test_disagreeing_claims_in_two_articles_are_inconsistent_and_list_every_member():
    first, second = crosscheck([finding(PMO), finding(LOW, Verdict.CONTRADICTED)])
    assert first.verdict is second.verdict is Verdict.INCONSISTENT
    assert first.related == (LOW.id,)
    assert second.related == (PMO.id,)
    assert "$118.7 billion (a.txt), $100 billion (b.txt)" in first.explanation
    assert "CAN→CHN two-way trade (2024)" in first.explanation
    # The reference verdict survives in words, so nothing is lost.
    assert "against the reference this claim is contradicted" in second.explanation


def test_every_member_of_a_cluster_is_listed():
    third = two_way("$118.7bn", 118.7, 118.65, 118.75, "c.txt")
    results = crosscheck([finding(PMO), finding(LOW), finding(third)])
    assert all(result.verdict is Verdict.INCONSISTENT for result in results)
    assert "(a.txt), $100 billion (b.txt), $118.7bn (c.txt)" in results[0].explanation
    assert results[0].related == tuple(sorted((LOW.id, third.id)))


def test_overlapping_intervals_are_related_but_not_inconsistent():
    first, second = crosscheck([finding(PMO), finding(ABOUT)])
    assert first.verdict is second.verdict is Verdict.SUPPORTED
    assert first.related == (ABOUT.id,)
    assert first.explanation == finding(PMO).explanation


def test_claims_in_the_same_article_are_not_clustered():
    same = two_way("$100 billion", 100, 99.5, 100.5, "a.txt")
    results = crosscheck([finding(PMO), finding(same)])
    assert [result.verdict for result in results] == [Verdict.SUPPORTED] * 2
    assert [result.related for result in results] == [(), ()]


def test_page_chrome_is_never_clustered():
    chrome = finding(LOW, Verdict.NOT_CHECKED)
    assert crosscheck([finding(PMO), chrome]) == [finding(PMO), chrome]


def test_unverifiable_claims_are_still_compared_with_each_other():
    results = crosscheck([finding(PMO, Verdict.UNVERIFIABLE), finding(LOW, Verdict.UNVERIFIABLE)])
    assert [result.verdict for result in results] == [Verdict.INCONSISTENT] * 2


def test_different_flows_are_related_with_the_difference_spelled_out():
    carney = claim(
        "double", 2, 2, 2, metric=Metric.TARGET, partner="WXU", flow=Flow.EXPORTS,
        period="2025..2035", kind=Kind.MULTIPLE, article="004.txt",
    )  # fmt: skip
    anand = claim(
        "at least 50 per cent", 50, 49.5, 75, metric=Metric.TARGET, partner="WXU",
        flow=Flow.TWO_WAY, period="2026..2036", kind=Kind.PERCENT_CHANGE, article="003.txt",
    )  # fmt: skip
    first, second = crosscheck([finding(carney), finding(anand)])
    assert first.verdict is second.verdict is Verdict.SUPPORTED
    assert first.related == (anand.id,)
    assert second.related == (carney.id,)
    assert (
        "related to 'at least 50 per cent' (003.txt), which is about two-way trade (2026..2036) "
        "where this claim is about exports (2025..2035)"
    ) in first.explanation


def test_same_flow_in_another_period_is_a_series_not_related():
    earlier = two_way("$102.2 billion", 102.2, 102.15, 102.25, "b.txt", period="2018")
    results = crosscheck([finding(PMO), finding(earlier)])
    assert [result.related for result in results] == [(), ()]


def test_output_keeps_order_and_length():
    inputs = [finding(PMO), finding(LOW), finding(ABOUT)]
    results = crosscheck(inputs)
    assert [result.claim for result in results] == [one.claim for one in inputs]


@pytest.mark.parametrize(
    "first, second, expected",
    [
        (PMO, LOW, True),
        (PMO, ABOUT, False),
        (PMO, two_way("US$100 billion", 100, 99.5, 100.5, "b.txt", currency="USD"), False),
        (
            two_way("$118.7 billion", 118.7, 118.65, 118.75, "a.txt", currency=None,
                    candidates=("CAD", "USD")),
            LOW,
            True,
        ),
    ],
    ids=["apart", "overlapping", "different-currencies", "ambiguous-shares-cad"],
)  # fmt: skip
def test_disagree(first, second, expected):
    assert disagree(first, second) is expected
    assert disagree(second, first) is expected


def test_units_of_a_bare_dollar_are_its_candidates():
    bare = two_way("$1", 1, 1, 1, "a.txt", currency=None, candidates=("CAD", "USD"))
    assert units(bare) == {"CAD", "USD"}


def test_a_clash_inside_one_article_is_not_inconsistent():
    # The far-off claim shares a.txt with the lowest one: only b.txt's claim could clash.
    low = two_way("$100 billion", 100, 99.5, 100.5, "a.txt")
    high = two_way("$130 billion", 130, 129.5, 130.5, "a.txt")
    middle = two_way("about $115 billion", 115, 99, 131, "b.txt")
    results = crosscheck([finding(low), finding(high), finding(middle)])
    assert [result.verdict for result in results] == [Verdict.SUPPORTED] * 3


intervals = st.tuples(st.integers(0, 6), st.integers(0, 3)).map(lambda pair: (pair[0], sum(pair)))
members = st.lists(
    st.tuples(intervals, st.sampled_from(["a.txt", "b.txt", "c.txt"]),
              st.sampled_from([("CAD",), ("USD",), ("CAD", "USD")])),
    min_size=2, max_size=8,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(members)
def test_inconsistent_members_are_those_disagreeing_with_another_article(cluster):
    claims = [
        two_way(f"${low}-{high} billion", low, low, high, article, currency=None,
                candidates=candidates) for (low, high), article, candidates in cluster
    ]  # fmt: skip
    claims = [replace(one, id=f"{one.id}~{n}") for n, one in enumerate(claims)]
    results = crosscheck([finding(one) for one in claims])
    expected = [
        any(
            other.mention.article != one.mention.article and disagree(one, other)
            for other in claims
        )
        for one in claims
    ]
    assert [result.verdict is Verdict.INCONSISTENT for result in results] == expected
    for one, result in zip(claims, results, strict=True):
        others = {other.id for other in claims if other.mention.article != one.mention.article}
        assert set(result.related) == others


def test_a_large_cluster_lists_a_few_members_and_counts_the_rest():
    # An archive repeats a headline figure thousands of times: output must not grow with
    # the square of the cluster.
    members = [two_way("$118.7 billion", 118.7, 118.65, 118.75, f"{n:03}.txt") for n in range(40)]
    members.append(two_way("$100 billion", 100, 99.5, 100.5, "odd.txt"))
    results = crosscheck([finding(member) for member in members])
    assert all(result.verdict is Verdict.INCONSISTENT for result in results)
    assert all(len(result.related) == MAX_RELATED for result in results)
    assert "and 36 more claims" in results[0].explanation
    assert "(40 related claims in other articles; the first 25" in results[0].explanation


MEASURES = ((Flow.TWO_WAY, None), (Flow.EXPORTS, None), (Flow.EXPORTS, "machinery"))


def archive_claim(low: int, high: int, article: str, measure, period: str, number: int) -> Claim:
    flow, product = measure
    one = claim(
        f"${low}-{high} billion", low * B, low * B, high * B, metric=Metric.TRADE_VALUE,
        flow=flow, product=product, period=period, currency="CAD", article=article,
    )  # fmt: skip
    return replace(one, id=f"claim-{number:03}")


def expected_related(one: Claim, claims: list[Claim]) -> list[str]:
    """Ids of other articles' claims with the same key or about another measure, sorted."""
    return sorted(
        {
            other.id
            for other in claims
            if other.mention.article != one.mention.article
            and (claim_key(other) == claim_key(one) or measure(other) != measure(one))
        }
    )


def expected_notes(one: Claim, claims: list[Claim]) -> list[Claim]:
    """Other articles' claims about another measure, in input order."""
    return [
        other
        for other in claims
        if other.mention.article != one.mention.article and measure(other) != measure(one)
    ]


def measure(one: Claim) -> tuple:
    return one.context.flow, one.context.product


def assert_like_every_pairing(one: Claim, result: Finding, claims: list[Claim]) -> None:
    """`result` lists and counts what comparing `one` with every claim in `claims` finds."""
    related = expected_related(one, claims)
    assert result.related == tuple(related[:MAX_RELATED])
    counted = f"({len(related)} related claims in other articles; the first {MAX_RELATED}"
    assert (counted in result.explanation) is (len(related) > MAX_RELATED)
    clashes = any(
        other.mention.article != one.mention.article
        and claim_key(other) == claim_key(one)
        and disagree(one, other)
        for other in claims
    )
    assert (result.verdict is Verdict.INCONSISTENT) is clashes
    notes = expected_notes(one, claims)
    if clashes or not notes:
        assert "different measures" not in result.explanation
        return
    cited = [f"related to {other.mention.text!r} ({other.mention.article})" for other in notes]
    shown = [part for part in result.explanation.split("; ") if part.startswith("related to")]
    assert [part.split(", which")[0] for part in shown] == cited[:MAX_LISTED]
    more = f"and {len(notes) - MAX_LISTED} more related claims"
    assert (more in result.explanation) is (len(notes) > MAX_LISTED)


archive_claims = st.tuples(
    intervals,
    st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt"]),
    st.sampled_from(MEASURES),
    st.sampled_from(["2023", "2024"]),
    st.integers(0, 100),  # ids repeat now and then, as they do when an article is read twice
)
# Sizes drawn first: left to itself, hypothesis rarely draws a list long enough for the caps.
archives = st.integers(2, 80).flatmap(
    lambda size: st.lists(archive_claims, min_size=size, max_size=size)
)


@settings(max_examples=150, deadline=None)
@given(archives)
def test_related_ids_and_notes_are_the_first_of_every_pairing_and_count_the_rest(archive):
    claims = [archive_claim(low, high, *rest) for (low, high), *rest in archive]
    results = crosscheck([finding(one) for one in claims])
    for one, result in zip(claims, results, strict=True):
        assert_like_every_pairing(one, result, claims)


def test_a_subject_of_thousands_of_claims_keeps_every_output_capped():
    claims = [
        archive_claim(100 + n % 7, 101 + n % 7, f"{n // 3:04}.txt", MEASURES[n % 3],
                      ("2023", "2024")[n % 2], n)
        for n in range(3_000)
    ]  # fmt: skip
    results = crosscheck([finding(one) for one in claims])
    assert all(len(result.related) == MAX_RELATED for result in results)
    assert max(len(result.explanation) for result in results) < 1_500
    sample = slice(0, None, 150)
    for one, result in zip(claims[sample], results[sample], strict=True):
        assert_like_every_pairing(one, result, claims)


def test_members_and_changes_survive_pickling():
    # The check pipeline keeps them in a temporary database between reading and writing.
    first, second = finding(PMO), finding(LOW)
    stored = [member(first), member(second)]
    found = changes(stored)
    assert pickle.loads(pickle.dumps(stored)) == stored
    assert pickle.loads(pickle.dumps(found)) == found
    assert found[0].apply(first) == crosscheck([first, second])[0]
