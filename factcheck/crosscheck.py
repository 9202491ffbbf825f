"""Cross-article checks: claims that should agree across the input articles.

Input: the `Finding`s of `verify` for every article. Output: the same findings in the same
order, with `related` filled and the verdict `inconsistent` where claims with the same key
(metric, reporter, partner, flow, product, period) in different articles disagree beyond their
intervals. Claims about the same subject with a different flow or product are only related,
with the difference spelled out. Which claims count as comparable is owned here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace

from factcheck.figures import FLOW_WORDS, Key
from factcheck.records import Claim, Finding, Kind, Verdict
from factcheck.verify import claim_key, signed_interval


def crosscheck(findings: Sequence[Finding]) -> list[Finding]:
    """Cluster claims across articles; mark disagreeing clusters `inconsistent`.

    Example: "$118.7 billion" (a.txt) and "$100 billion" (b.txt), both CAN→CHN two-way trade
    in 2024 → both findings become `Verdict.INCONSISTENT`, each listing the other in `related`.
    """
    related: dict[int, dict[str, None]] = defaultdict(dict)
    notes: dict[int, list[str]] = defaultdict(list)
    inconsistent: dict[int, str] = {}
    checked = [i for i, finding in enumerate(findings) if _comparable(finding)]
    for members in _groups(findings, checked, claim_key).values():
        _same_key(findings, members, related, inconsistent)
    for members in _groups(findings, checked, _subject).values():
        _different_keys(findings, members, related, notes)
    return [
        _updated(finding, related.get(i, {}), notes.get(i, []), inconsistent.get(i))
        for i, finding in enumerate(findings)
    ]


def _comparable(finding: Finding) -> bool:
    context = finding.claim.context
    return (
        finding.verdict is not Verdict.NOT_CHECKED
        and context.reporter is not None
        and context.partner is not None
        and context.period is not None
    )


def _subject(claim: Claim) -> tuple[str, str, str]:
    key = claim_key(claim)
    return str(key.metric), key.reporter, key.partner


def _groups(
    findings: Sequence[Finding], indices: list[int], key: Callable[[Claim], Hashable]
) -> dict[Hashable, list[int]]:
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for index in indices:
        groups[key(findings[index].claim)].append(index)
    return groups


def _article(finding: Finding) -> str:
    return finding.claim.mention.article


def _cross_pairs(findings: Sequence[Finding], members: list[int]) -> list[tuple[int, int]]:
    """Pairs of members from different articles: claims in one article are never clustered."""
    return [
        (first, second)
        for first, second in itertools.combinations(members, 2)
        if _article(findings[first]) != _article(findings[second])
    ]


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
    members: list[int],
    related: dict[int, dict[str, None]],
    inconsistent: dict[int, str],
) -> None:
    pairs = _cross_pairs(findings, members)
    for first, second in pairs:
        _relate(findings, related, first, second)
    clashing = {
        index
        for first, second in pairs
        if disagree(findings[first].claim, findings[second].claim)
        for index in (first, second)
    }
    if not clashing:
        return
    listing = ", ".join(_cite(findings[index]) for index in members)
    about = _describe_key(claim_key(findings[members[0]].claim))
    for index in clashing:
        finding = findings[index]
        inconsistent[index] = (
            f"Articles disagree on {about}: {listing}; "
            f"against the reference this claim is {finding.verdict}: {finding.explanation}"
        )


def _different_keys(
    findings: Sequence[Finding],
    members: list[int],
    related: dict[int, dict[str, None]],
    notes: dict[int, list[str]],
) -> None:
    for first, second in _cross_pairs(findings, members):
        one, other = claim_key(findings[first].claim), claim_key(findings[second].claim)
        if (one.flow, one.product) == (other.flow, other.product):
            continue  # the same measure in another period: a series, not a related claim
        _relate(findings, related, first, second)
        notes[first].append(_difference(findings[first], findings[second]))
        notes[second].append(_difference(findings[second], findings[first]))


def _relate(
    findings: Sequence[Finding], related: dict[int, dict[str, None]], first: int, second: int
) -> None:
    related[first][findings[second].claim.id] = None
    related[second][findings[first].claim.id] = None


def _difference(this: Finding, other: Finding) -> str:
    mine, theirs = claim_key(this.claim), claim_key(other.claim)
    return (
        f"related to {other.claim.mention.text!r} ({_article(other)}), which is about "
        f"{_measure(theirs)} where this claim is about {_measure(mine)}: "
        "different measures, not compared"
    )


def _measure(key: Key) -> str:
    goods = f"{key.product} " if key.product else ""
    return f"{goods}{FLOW_WORDS.get(key.flow or '', 'trade')} ({key.period})"


def _describe_key(key: Key) -> str:
    return f"{key.reporter}→{key.partner} {_measure(key)}"


def _cite(finding: Finding) -> str:
    return f"{finding.claim.mention.text} ({_article(finding)})"


def _updated(
    finding: Finding, related: dict[str, None], notes: list[str], inconsistent: str | None
) -> Finding:
    if not related:
        return finding
    ids = tuple(sorted(related))
    if inconsistent is not None:
        return replace(finding, verdict=Verdict.INCONSISTENT, explanation=inconsistent, related=ids)
    if notes:
        explanation = "; ".join([finding.explanation.rstrip("."), *notes]) + "."
        return replace(finding, explanation=explanation, related=ids)
    return replace(finding, related=ids)
