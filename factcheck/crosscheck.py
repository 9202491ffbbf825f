"""Cross-article checks: claims that should agree across the input articles.

Input: the `Finding`s of `verify` for every article. Output: the same findings in the same
order, with `related` filled and the verdict `inconsistent` where claims with the same key
(metric, reporter, partner, flow, product, period) in different articles disagree beyond their
intervals. Claims about the same subject with a different flow or product are only related,
with the difference spelled out. Which claims count as comparable is owned here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace

from factcheck.figures import FLOW_WORDS, Key
from factcheck.records import Claim, Finding, Kind, Verdict
from factcheck.verify import claim_key, signed_interval

# How many members an explanation names, and how many ids `related` lists, per claim.
MAX_LISTED = 5
MAX_RELATED = 25


def crosscheck(findings: Sequence[Finding]) -> list[Finding]:
    """Cluster claims across articles; mark disagreeing clusters `inconsistent`.

    Example: "$118.7 billion" (a.txt) and "$100 billion" (b.txt), both CAN→CHN two-way trade
    in 2024 → both findings become `Verdict.INCONSISTENT`, each listing the other in `related`.
    """
    # Grouping by dict keeps this near linear: only claims sharing a key or a subject meet.
    keys = [claim_key(finding.claim) for finding in findings]
    related: dict[int, set[str]] = defaultdict(set)
    notes: dict[int, list[str]] = defaultdict(list)
    inconsistent: dict[int, str] = {}
    checked = [i for i, finding in enumerate(findings) if comparable(finding)]
    for members in _groups(checked, keys.__getitem__).values():
        _same_key(findings, keys, members, related, inconsistent)
    for members in _groups(checked, lambda i: _subject(keys[i])).values():
        _different_keys(findings, keys, members, related, notes)
    return [
        _updated(finding, related.get(i, set()), notes.get(i, []), inconsistent.get(i))
        for i, finding in enumerate(findings)
    ]


def comparable(finding: Finding) -> bool:
    """True for a finding cross-article checking can use (checked, with both sides and a period).

    Example: a page-chrome finding (`not_checked`) → False.
    """
    context = finding.claim.context
    return (
        finding.verdict is not Verdict.NOT_CHECKED
        and context.reporter is not None
        and context.partner is not None
        and context.period is not None
    )


def _subject(key: Key) -> tuple[str, str, str]:
    return str(key.metric), key.reporter, key.partner


def _groups(indices: list[int], key: Callable[[int], Hashable]) -> dict[Hashable, list[int]]:
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for index in indices:
        groups[key(index)].append(index)
    return groups


def _article(finding: Finding) -> str:
    return finding.claim.mention.article


def units(claim: Claim) -> frozenset[str]:
    """The units a claim can be compared in: its currency, its plausible ones, or its unit.

    Example: a bare "$118.7 billion" with candidates CAD and USD → `{"CAD", "USD"}`.
    """
    amount = claim.amount
    if claim.mention.kind is Kind.MONEY:
        return frozenset((amount.currency,) if amount.currency else amount.currency_candidates)
    return frozenset((amount.unit or "percent",))


def disagree(first: Claim, second: Claim) -> bool:
    """True when two claims share a unit and their intervals do not overlap in it.

    Example: C$118.7B (118.65..118.75) vs C$100B (99.5..100.5) → True.
    """
    if not units(first) & units(second):
        return False  # different currencies, and no exchange rate here to compare them
    low, high = signed_interval(first)
    other_low, other_high = signed_interval(second)
    return high < other_low or other_high < low


def _same_key(
    findings: Sequence[Finding],
    keys: list[Key],
    members: list[int],
    related: dict[int, set[str]],
    inconsistent: dict[int, str],
) -> None:
    """Relate every member to the members of other articles; mark those that clash."""
    articles = [_article(findings[index]) for index in members]
    if len(set(articles)) < 2:
        return
    for index, others in zip(
        members, _other_articles_ids(findings, members, articles), strict=True
    ):
        related[index].update(others)
    clashing = _clashing(findings, members, articles)
    if not clashing:
        return
    listing = _capped([_cite(findings[index]) for index in members], "more claims")
    about = _describe_key(keys[members[0]])
    for index in clashing:
        finding = findings[index]
        inconsistent[index] = (
            f"Articles disagree on {about}: {listing}; "
            f"against the reference this claim is {finding.verdict}: {finding.explanation}"
        )


def _other_articles_ids(
    findings: Sequence[Finding], members: list[int], articles: list[str]
) -> list[set[str]]:
    """Per member, the ids of the members in other articles (claims in one article never meet)."""
    ids = [findings[index].claim.id for index in members]
    found_in: dict[str, set[str]] = defaultdict(set)
    for claim_id, article in zip(ids, articles, strict=True):
        found_in[claim_id].add(article)
    everywhere = set(ids)
    # An id is missing from an article's others only when no other article holds it.
    own: dict[str, set[str]] = defaultdict(set)
    for claim_id, article in zip(ids, articles, strict=True):
        if len(found_in[claim_id]) == 1:
            own[article].add(claim_id)
    return [everywhere - own[article] for article in articles]


def _clashing(findings: Sequence[Finding], members: list[int], articles: list[str]) -> list[int]:
    """Members that `disagree` with a member of another article, in member order.

    Per unit, the lowest high and the highest low of other articles decide: sorting once per
    unit instead of comparing every pair keeps large clusters cheap.
    """
    claims = [findings[index].claim for index in members]
    intervals = [signed_interval(claim) for claim in claims]
    shared = [units(claim) for claim in claims]
    lows: dict[str, list[tuple[float, str]]] = defaultdict(list)
    highs: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (low, high), unit_set, article in zip(intervals, shared, articles, strict=True):
        for unit in unit_set:
            lows[unit].append((-low, article))
            highs[unit].append((high, article))
    lowest_high = {unit: _two_smallest(found) for unit, found in highs.items()}
    highest_low = {unit: _two_smallest(found) for unit, found in lows.items()}
    return [
        index
        for index, (low, high), unit_set, article in zip(
            members, intervals, shared, articles, strict=True
        )
        if any(
            _elsewhere(lowest_high[unit], article) < low
            or -_elsewhere(highest_low[unit], article) > high
            for unit in unit_set
        )
    ]


def _two_smallest(found: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The smallest value, and the smallest one from another article than its."""
    ordered = sorted(found)
    first = ordered[0]
    return [first, *[pair for pair in ordered if pair[1] != first[1]][:1]]


def _elsewhere(smallest: list[tuple[float, str]], article: str) -> float:
    """The smallest value outside `article` (infinity when there is none)."""
    return next((value for value, other in smallest if other != article), math.inf)


def _different_keys(
    findings: Sequence[Finding],
    keys: list[Key],
    members: list[int],
    related: dict[int, set[str]],
    notes: dict[int, list[str]],
) -> None:
    """Relate members of other articles about another flow or product, saying so in words."""
    measures = [(keys[index].flow, keys[index].product) for index in members]
    if len(set(measures)) < 2:
        return  # the same measure in other periods: a series, not related claims
    articles = [_article(findings[index]) for index in members]
    cited = [
        f"related to {findings[index].claim.mention.text!r} ({article}), "
        f"which is about {_measure(keys[index])}"
        for index, article in zip(members, articles, strict=True)
    ]
    # Positions of the members about another measure, in member order, once per measure.
    unlike = {
        measure: [n for n, other in enumerate(measures) if other != measure]
        for measure in set(measures)
    }
    for n, index in enumerate(members):
        mine = _measure(keys[index])
        for m in unlike[measures[n]]:
            if articles[m] != articles[n]:
                related[index].add(findings[members[m]].claim.id)
                notes[index].append(
                    f"{cited[m]} where this claim is about {mine}: different measures, not compared"
                )


def _measure(key: Key) -> str:
    goods = f"{key.product} " if key.product else ""
    return f"{goods}{FLOW_WORDS.get(key.flow or '', 'trade')} ({key.period})"


def _describe_key(key: Key) -> str:
    return f"{key.reporter}→{key.partner} {_measure(key)}"


def _cite(finding: Finding) -> str:
    return f"{finding.claim.mention.text} ({_article(finding)})"


def _capped(items: list[str], more: str) -> str:
    """Items joined, the first `MAX_LISTED` of them: an archive's clusters can hold thousands."""
    shown = ", ".join(items[:MAX_LISTED])
    return shown if len(items) <= MAX_LISTED else f"{shown} and {len(items) - MAX_LISTED} {more}"


def _updated(
    finding: Finding, related: set[str], notes: list[str], inconsistent: str | None
) -> Finding:
    if not related:
        return finding
    ids = tuple(sorted(related))
    explanation = finding.explanation
    if inconsistent is not None:
        explanation = inconsistent
    elif notes:
        shown = [*notes[:MAX_LISTED]]
        if len(notes) > MAX_LISTED:
            shown.append(f"and {len(notes) - MAX_LISTED} more related claims")
        explanation = "; ".join([finding.explanation.rstrip("."), *shown]) + "."
    if len(ids) > MAX_RELATED:
        # Output must not grow with the square of a cluster: list a few, count the rest.
        explanation = (
            f"{explanation.rstrip('.')} ({len(ids)} related claims in other articles;"
            f" the first {MAX_RELATED} are listed)."
        )
        ids = ids[:MAX_RELATED]
    verdict = Verdict.INCONSISTENT if inconsistent is not None else finding.verdict
    return replace(finding, verdict=verdict, explanation=explanation, related=ids)
