"""Cross-article checks: claims that should agree across the input articles.

Input: the `Finding`s of `verify` for every article. Output: the same findings in the same
order, with `related` filled and the verdict `inconsistent` where claims with the same key
(metric, reporter, partner, flow, product, period) in different articles disagree beyond their
intervals. Claims about the same subject with a different flow or product are only related,
with the difference spelled out. Which claims count as comparable is owned here.

For archives too large to hold: `member` keeps the few fields cross-checking reads of a
finding, `changes` (or `subject_changes`, one subject at a time) works out each member's
`Change`, and `Change.apply` makes it when the finding is written.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice

from factcheck.figures import FLOW_WORDS, Key
from factcheck.records import Claim, Finding, Kind, Metric, Verdict
from factcheck.verify import claim_key, signed_interval

# How many members an explanation names, and how many ids `related` lists, per claim.
MAX_LISTED = 5
MAX_RELATED = 25


def crosscheck(findings: Sequence[Finding]) -> list[Finding]:
    """Cluster claims across articles; mark disagreeing clusters `inconsistent`.

    Example: "$118.7 billion" (a.txt) and "$100 billion" (b.txt), both CAN→CHN two-way trade
    in 2024 → both findings become `Verdict.INCONSISTENT`, each listing the other in `related`.
    """
    positions = [i for i, finding in enumerate(findings) if comparable(finding)]
    updated = list(findings)
    for n, change in changes([member(findings[i]) for i in positions]).items():
        updated[positions[n]] = change.apply(findings[positions[n]])
    return updated


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


@dataclass(frozen=True, slots=True)
class Member:
    """What cross-checking reads of one comparable claim: small, as an archive holds many.

    Example: `member(finding).key` → `Key(Metric.TRADE_VALUE, "CAN", "CHN", "two_way", None,
    "2024")`.
    """

    id: str
    article: str
    text: str
    key: Key
    low: float  # the signed interval
    high: float
    units: frozenset[str]

    @property
    def subject(self) -> tuple[str, str, str]:
        """Metric, reporter and partner: only members with the same subject ever meet."""
        return str(self.key.metric), self.key.reporter, self.key.partner

    def __reduce__(self) -> tuple:
        # Pickled as plain values: an archive stores one member per claim, and a slotted
        # dataclass's default pickling is several times slower.
        key = self.key
        return _unpickled_member, (
            self.id,
            self.article,
            self.text,
            (str(key.metric), key.reporter, key.partner, key.flow, key.product, key.period),
            self.low,
            self.high,
            tuple(self.units),
        )


def _unpickled_member(
    claim_id: str,
    article: str,
    text: str,
    key: tuple,
    low: float,
    high: float,
    units: tuple[str, ...],
) -> Member:
    metric, *rest = key
    return Member(claim_id, article, text, Key(Metric(metric), *rest), low, high, frozenset(units))


def member(finding: Finding) -> Member:
    """The part of a comparable finding that `changes` reads."""
    claim = finding.claim
    low, high = signed_interval(claim)
    return Member(
        id=claim.id,
        article=claim.mention.article,
        text=claim.mention.text,
        key=claim_key(claim),
        low=low,
        high=high,
        units=units(claim),
    )


@dataclass(frozen=True, slots=True)
class Change:
    """What cross-checking does to one finding, kept small until the finding is written.

    `related` holds the first `MAX_RELATED` ids of `related_count`; `notes` the first
    `MAX_LISTED` members about another measure (of `notes_count`), cited, and `measure` what
    this claim is about; `disagreement` names the members of a cluster that disagrees.
    """

    related: tuple[str, ...]
    related_count: int
    disagreement: str | None = None
    notes: tuple[str, ...] = ()
    notes_count: int = 0
    measure: str = ""

    def __reduce__(self) -> tuple:
        # Plain values pickle several times faster than a slotted dataclass (see `Member`).
        return Change, (
            self.related,
            self.related_count,
            self.disagreement,
            self.notes,
            self.notes_count,
            self.measure,
        )

    def apply(self, finding: Finding) -> Finding:
        """`finding` with its related ids, and verdict and explanation when they change."""
        explanation = finding.explanation
        if self.disagreement is not None:
            explanation = (
                f"{self.disagreement}; "
                f"against the reference this claim is {finding.verdict}: {finding.explanation}"
            )
        elif self.notes:
            about = f" where this claim is about {self.measure}: different measures, not compared"
            shown = [cited + about for cited in self.notes]
            if self.notes_count > MAX_LISTED:
                shown.append(f"and {self.notes_count - MAX_LISTED} more related claims")
            explanation = "; ".join([finding.explanation.rstrip("."), *shown]) + "."
        if self.related_count > MAX_RELATED:
            # Output must not grow with the square of a cluster: list a few, count the rest.
            explanation = (
                f"{explanation.rstrip('.')} ({self.related_count} related claims in other"
                f" articles; the first {MAX_RELATED} are listed)."
            )
        verdict = Verdict.INCONSISTENT if self.disagreement is not None else finding.verdict
        return replace(finding, verdict=verdict, explanation=explanation, related=self.related)


def changes(members: Sequence[Member]) -> dict[int, Change]:
    """The change of every member with related claims, by position in `members`.

    Claims meet only within a subject (metric, reporter, partner), so each subject is worked
    out on its own. Example: the members of `crosscheck`'s example → `{0: Change(...),
    1: Change(...)}`.
    """
    found: dict[int, Change] = {}
    for positions in _groups(range(len(members)), lambda n: members[n].subject).values():
        subject = [members[n] for n in positions]
        found.update((positions[n], change) for n, change in subject_changes(subject).items())
    return found


def subject_changes(subject: Sequence[Member]) -> dict[int, Change]:
    """`changes` for the members of one subject, by position in `subject` (input order).

    A member relates to the members of other articles with its key, and, when the subject
    holds several measures (flow, product), to those of other articles about another measure.
    Memory per member stays bounded however large the subject: only the first ids and notes
    are kept, and members share what they have in common.
    """
    notes = _Notes(subject)
    found: dict[int, Change] = {}
    for same_key in _groups(range(len(subject)), lambda n: subject[n].key).values():
        key = subject[same_key[0]].key
        unlike = notes.unlike(key)
        related = _Related([subject[n] for n in (*same_key, *unlike)])
        disagreement = _disagreement([subject[n] for n in same_key])
        for position, n in enumerate(same_key):
            article = subject[n].article
            if not related.count(article):
                continue
            found[n] = Change(
                related=related.first(article),
                related_count=related.count(article),
                disagreement=disagreement.get(position),
                notes=notes.first(key, article),
                notes_count=notes.count(key, article),
                measure=_measure(key),
            )
    return found


def _groups(indices: Iterable[int], key: Callable[[int], Hashable]) -> dict[Hashable, list[int]]:
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for index in indices:
        groups[key(index)].append(index)
    return groups


class _Related:
    """The distinct ids of a pool of members; per article, those held by other articles."""

    def __init__(self, pool: Sequence[Member]) -> None:
        articles_of: dict[str, set[str]] = defaultdict(set)
        for one in pool:
            articles_of[one.id].add(one.article)
        self._ordered = sorted(articles_of)
        # An id is missing from an article's related ids only when no other article holds it.
        self._only_in = {
            claim_id: next(iter(articles)) if len(articles) == 1 else None
            for claim_id, articles in articles_of.items()
        }
        self._own = Counter(self._only_in.values())
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def count(self, article: str) -> int:
        return len(self._ordered) - self._own[article]

    def first(self, article: str) -> tuple[str, ...]:
        """The first `MAX_RELATED` ids held by other articles than `article`, sorted."""
        ids = tuple(islice((i for i in self._ordered if self._only_in[i] != article), MAX_RELATED))
        # Most members list the same first ids: one tuple for them all keeps memory flat.
        return self._shared.setdefault(ids, ids)


class _Notes:
    """Per measure (flow, product) of a subject, the members about another one, cited.

    Only a subject with several measures has notes: the same measure in other periods is a
    series, not related claims.
    """

    def __init__(self, subject: Sequence[Member]) -> None:
        self._subject = subject
        measures = [_measure_of(one.key) for one in subject]
        distinct = set(measures) if len(set(measures)) > 1 else set()
        # Positions of the members about another measure, in member order, once per measure.
        self._unlike = {
            measure: [n for n, other in enumerate(measures) if other != measure]
            for measure in distinct
        }
        self._inside = {
            measure: Counter(subject[n].article for n in positions)
            for measure, positions in self._unlike.items()
        }
        self._citations: dict[int, str] = {}

    def unlike(self, key: Key) -> list[int]:
        """Positions of the members about another measure than `key`'s."""
        return self._unlike.get(_measure_of(key), [])

    def count(self, key: Key, article: str) -> int:
        """How many members of other articles are about another measure than `key`'s."""
        inside = self._inside.get(_measure_of(key), Counter())
        return len(self.unlike(key)) - inside[article]

    def first(self, key: Key, article: str) -> tuple[str, ...]:
        """The first `MAX_LISTED` of them, cited, in member order."""
        outside = (n for n in self.unlike(key) if self._subject[n].article != article)
        return tuple(self._citation(n) for n in islice(outside, MAX_LISTED))

    def _citation(self, n: int) -> str:
        # Cited once, however many members list it.
        if n not in self._citations:
            one = self._subject[n]
            self._citations[n] = (
                f"related to {one.text!r} ({one.article}), which is about {_measure(one.key)}"
            )
        return self._citations[n]


def _measure_of(key: Key) -> tuple[str | None, str | None]:
    return key.flow, key.product


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


def _disagreement(same_key: list[Member]) -> dict[int, str]:
    """The clashing members (by position in `same_key`) and the words naming the cluster."""
    if len({one.article for one in same_key}) < 2:
        return {}
    clashing = _clashing(same_key)
    if not clashing:
        return {}
    listing = _capped([_cite(one) for one in same_key], "more claims")
    words = f"Articles disagree on {_describe_key(same_key[0].key)}: {listing}"
    return dict.fromkeys(clashing, words)


def _clashing(members: list[Member]) -> list[int]:
    """Positions of the members that `disagree` with a member of another article.

    Per unit, the lowest high and the highest low of other articles decide: sorting once per
    unit instead of comparing every pair keeps large clusters cheap.
    """
    lows: dict[str, list[tuple[float, str]]] = defaultdict(list)
    highs: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for one in members:
        for unit in one.units:
            lows[unit].append((-one.low, one.article))
            highs[unit].append((one.high, one.article))
    lowest_high = {unit: _two_smallest(found) for unit, found in highs.items()}
    highest_low = {unit: _two_smallest(found) for unit, found in lows.items()}
    return [
        n
        for n, one in enumerate(members)
        if any(
            _elsewhere(lowest_high[unit], one.article) < one.low
            or -_elsewhere(highest_low[unit], one.article) > one.high
            for unit in one.units
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


def _measure(key: Key) -> str:
    goods = f"{key.product} " if key.product else ""
    return f"{goods}{FLOW_WORDS.get(key.flow or '', 'trade')} ({key.period})"


def _describe_key(key: Key) -> str:
    return f"{key.reporter}→{key.partner} {_measure(key)}"


def _cite(one: Member) -> str:
    return f"{one.text} ({one.article})"


def _capped(items: list[str], more: str) -> str:
    """Items joined, the first `MAX_LISTED` of them: an archive's clusters can hold thousands."""
    shown = ", ".join(items[:MAX_LISTED])
    return shown if len(items) <= MAX_LISTED else f"{shown} and {len(items) - MAX_LISTED} {more}"
