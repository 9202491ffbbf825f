"""Claim context: what each number measures, whose statistic it is, about whom, when, on whose word.

Input: the `Mention`s of one `Article` and the country aliases of `reference/countries.csv`.
Output: one `Context` per mention, in the same order. This module owns the vocabulary of
metrics, flows, products and attributions, the roles countries play, and the rules combining
them (periods come from `factcheck.periods`). A body mention reads its sentence (and earlier
ones for "that year"); page chrome reads only its own line.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import regex

from factcheck.countries import (
    AGGREGATE_CODES,
    CountryHit,
    complete_sides,
    country_role,
    find_countries,
    main_pair,
    named_as_target,
    uncoded_partner,
)
from factcheck.extraction import sentence_spans
from factcheck.keywords import Keywords
from factcheck.periods import (
    Clock,
    CuePattern,
    PeriodCue,
    article_clock,
    find_periods,
    keyword_lower,
    last_year_named,
    resolve_period,
)
from factcheck.records import Article, Context, CountryName, Flow, Kind, Mention, Metric

# Products a claim can be restricted to; "goods" and "merchandise" mean all of them (None).
PRODUCTS = (
    "agricultural and food products", "agri-food products", "agricultural products",
    "agricultural goods", "canola oil and meal", "canola", "pork", "seafood", "beef",
    "electric vehicles", "electrical vehicles", "steel", "aluminum", "aluminium", "lumber",
    "crude oil", "oil and gas", "energy products", "critical minerals", "autos",
)  # fmt: skip

# Words in an attribution that make it a statistical source, whose country is the reporter.
STATISTICAL_WORDS = (
    "data", "customs", "statistics", "figures", "office", "ministry", "bureau", "agency",
    "department", "government", "administration",
)  # fmt: skip

# Topic keywords, one kind per class, with the words each opens with: the class nearest to the
# number decides the metric. Alternatives starting at the same place are tried in order, so
# "trade deficit" and "budget deficit" are listed before the bare words they contain.
TOPIC_KINDS = {
    "balance": (
        r"""trade\s+(?:surplus|deficit|balance)     # "trade surplus with the US"
          | balance\s+of\s+trade
          | deficit\s+(?:with|against)\b            # "a $5 billion deficit with China"
          | (?<!(?:budget|fiscal|government)\s)surplus\b""",
        ("trade", "balance", "deficit", "surplus"),
    ),
    "other": (
        r"""(?:budget|fiscal|government|provincial|federal)\s+(?:deficit|surplus)
          | deficit                                 # bare: a fiscal deficit unless "with"/"trade"
          | (?<!(?:export|import|trade)\s)growth    # GDP or economic growth, not export growth
          | gdp | gross\s+domestic\s+product | economy | inflation | unemployment | jobless
          | poll | polls | survey | respondents | support | approval
          | (?:repo|interest|policy|benchmark|overnight|bank)\s+rates?
          | tax\s+revenues?""",
        (
            "budget", "fiscal", "government", "provincial", "federal", "deficit", "growth", "gdp",
            "gross", "economy", "inflation", "unemployment", "jobless", "poll", "survey",
            "respondents", "support", "approval", "repo", "interest", "policy", "benchmark",
            "overnight", "bank", "tax",
        ),
    ),
    "fx": (
        r"""exchange\s+rates? | loonie | greenback
          | per\s+(?:u\.?s\.?\s+)?dollar               # "1.37 Canadian dollars per US dollar"
        """,
        ("exchange", "loonie", "greenback", "per"),
    ),
    "tariff": (
        r"tariffs? | levies | levy | duties | duty | surtax(?:es)?",
        ("tariff", "lev", "dut", "surtax"),
    ),
    "two_way": (
        r"""two-way\s+(?:merchandise\s+)?trade     # "two-way merchandise trade"
          | (?:bilateral|total)\s+trade
          | trading\s+partner
          | trade                                   # bare "trade" is both directions""",
        ("two-way", "bilateral", "total", "trading", "trade"),
    ),
    "exports": (r"exports? | exported | exporting | shipments", ("export", "shipments")),
    "imports": (r"imports? | imported | importing", ("import",)),
}  # fmt: skip
# Start words that begin a keyword only before whitespace and a word starting so (see
# `CuePattern`): "budget deficit", "interest rate", "total trade".
TOPIC_FOLLOWS = {
    "balance": ("of",),
    **dict.fromkeys(
        ("budget", "fiscal", "government", "provincial", "federal"), ("deficit", "surplus")
    ),
    **dict.fromkeys(
        ("repo", "interest", "policy", "benchmark", "overnight", "bank", "exchange"), ("rate",)
    ),
    "tax": ("revenue",),
    "per": ("dollar", "u"),
    "gross": ("domestic",),
    "two-way": ("merchandise", "trade"),
    **dict.fromkeys(("bilateral", "total"), ("trade",)),
    "trading": ("partner",),
}
# Matched against the ASCII-lowercased sentence, see _Scope.lower.
TOPIC_CUES = CuePattern(TOPIC_KINDS, TOPIC_FOLLOWS)
# Page chrome is another story, told on another day: it reads no publication date.
_UNDATED = Clock(None)
# "that year" looks back this many body sentences for the year it means.
_YEAR_LOOKBACK = 3
_FLOW_TOPICS = {"two_way": Flow.TWO_WAY, "exports": Flow.EXPORTS, "imports": Flow.IMPORTS}
# Crossing a comma or semicolon makes a keyword belong to another clause.
_CLAUSE_PENALTY = 80

# A policy goal: a horizon in the future, or goal wording attached to the number (lowercased).
GOAL_KINDS = {
    "next": (r"over\s+the\s+next\s+\w+\s+years", ("over",)),  # "over the next 10 years"
    "within": (r"within\s+\w+\s+years", ("within",)),  # "within five years"
    "by": (r"by\s+(?P<year>20\d\d)\b", ("by",)),  # "by 2035" (checked to be in the future)
    "intent": (
        r"(?:aims?|aiming|plans?|pledged?|vows?|wants?)\s+to\b",
        ("aim", "plan", "pledge", "vow", "want"),
    ),
    "target": (r"(?:goal|target)\s+of\b", ("goal", "target")),  # "a target of 50%"
}
GOAL_CUES = CuePattern(
    GOAL_KINDS, {"over": ("the",), "by": ("20",), "goal": ("of",), "target": ("of",)}
)

# Change and share wording around a bare percentage.
_CHANGE_WORDS = regex.compile(
    r"\b(?:fell|fall|falls|rose|rise|rises|grew|grow|grows|increased?|decreased?|declined?"
    r"|dropped|drop|jumped|jump|surged?|slipped|plunged?|up|down)\b",
)  # lowercased text
_SHARE_AFTER = regex.compile(r"\s+of\b", flags=regex.IGNORECASE)
# Words right before an amount that make it what a tariff in its sentence covers, though a flow
# word stands nearer: "the tariffs apply to $155 billion of imports".
_COVERED_BY = regex.compile(
    r"""\b(?:on|cover(?:s|ed|ing)?|appl(?:y|ies|ied|ying)\s+to|affect(?:s|ed|ing)?
          |target(?:s|ed|ing)?|hit(?:s|ting)?)\s+\Z""",
    flags=regex.VERBOSE | regex.IGNORECASE,
)
# How far before an amount those words are looked for.
_COVERED_BY_REACH = 24

_SOURCE_END = r"(?=\s+(?:shows?|showed|said|says|found|that)\b|[,;:!?\"“”(]|\.(?:\s|$)|$)"


class _Attribution(NamedTuple):
    """A way of crediting a source, and the words without which it cannot match, each at a word
    start of the lowercased sentence: any of `words` and all of `needs`. Most sentences credit
    no one, and a search of a whole sentence costs more than looking the words up."""

    pattern: regex.Pattern[str]
    words: tuple[str, ...]
    needs: tuple[str, ...] = ()
    opens: bool = True  # the pattern opens with one of `words`: tried only where they start


_ATTRIBUTIONS = (
    # "according to (the latest data released on) X"
    _Attribution(
        regex.compile(
            rf"""\baccording\s+to\s+
            (?:(?:the\s+)?(?:(?:latest|recent|new|official|preliminary)\s+)*
               (?:data|figures|statistics|statements|numbers|estimates)\s+
               (?:released|published|cited|issued|posted)\s+(?:on|by|in)\s+)?
            (?P<source>.+?){_SOURCE_END}""",
            flags=regex.VERBOSE | regex.IGNORECASE,
        ),
        ("according",),
    ),
    # "Chinese customs data (released this week) showed"
    _Attribution(
        regex.compile(
            r"""(?P<source>(?:(?:the|[A-Z][\w'\u2019.&-]*|latest|recent|official|preliminary
                               |customs|trade|government|census)\s+){1,4}
                           (?:data|figures|statistics))
            (?:\s+(?:released|published)\s+[^,.;]*?)?\s+show(?:s|ed|n)?\b""",
            flags=regex.VERBOSE,
        ),
        ("data", "figures", "statistics"),
        ("show",),
        opens=False,
    ),
    # "released by X", "cited by X"
    _Attribution(
        regex.compile(
            rf"""\b(?:released|published|cited|issued|compiled)\s+by\s+
            (?P<source>.+?){_SOURCE_END}""",
            flags=regex.VERBOSE | regex.IGNORECASE,
        ),
        ("released", "published", "cited", "issued", "compiled"),
        ("by",),
    ),
)
# A speaking verb; its subject is then read from the words just before it.
SPEAKING_VERBS = ("said", "says", "told", "noted", "reported", "stated", "added")
_SAYS = regex.compile(r"\s(?:" + "|".join(SPEAKING_VERBS) + r")\b")
_ATTRIBUTION_WORDS = Keywords(
    [*SPEAKING_VERBS, *(word for way in _ATTRIBUTIONS for word in (*way.words, *way.needs))]
)
_SPEAKER = regex.compile(
    r"""(?<![\w'\u2019.&-])(?P<source>
        (?!(?:He|She|They|It|We|I|You)\s)                 # a pronoun names no one
        (?:[A-Z][\w'\u2019.&-]*\s+(?:(?:of|for|and|the)\s+)*){0,4}  # "Statistics Canada", "Mark
        [A-Z][\w'\u2019.&-]*                             # Ceolin", "the Ministry of Commerce"
      | (?i:the)\s+(?:[\w-]+\s+){0,2}                    # "the MOFCOM spokesperson"
        (?:spokesperson|spokesman|spokeswoman|ministry|minister|government|office|agency
          |officials?|ambassador)
    )\Z""",
    flags=regex.VERBOSE,
)
# How far before a speaking verb its subject may start.
_SPEAKER_REACH = 80

# No product begins another one, so the longest at a start is the one the list means.
_PRODUCTS = Keywords(PRODUCTS)
_STATISTICAL = regex.compile(
    r"\b(?:" + "|".join(STATISTICAL_WORDS) + r")\b", flags=regex.IGNORECASE
)


def _first_match(
    way: _Attribution, text: str, words: list[tuple[int, str]]
) -> regex.Match[str] | None:
    """`way.pattern.search(text)`, tried only where a word it opens with starts."""
    if not way.opens:
        return way.pattern.search(text)
    return next(
        (m for start, word in words if word in way.words and (m := way.pattern.match(text, start))),
        None,
    )


def _verbs(text: str, words: list[tuple[int, str]]) -> Iterator[int]:
    """Where `_SAYS.finditer` finds the speaking verbs of `text`: at the space before each."""
    for start, word in words:
        if word in SPEAKING_VERBS and start and _SAYS.match(text, start - 1):
            yield start - 1


class _CountryHit(NamedTuple):
    start: int
    end: int
    code: str
    role: str  # owner / counterpart / origin / neutral


class _Scope:
    """One sentence (or chrome line) with its keyword scans, each done at most once."""

    __slots__ = (
        "_attribution", "_countries", "_goals", "_hits", "_periods", "_products", "_roles",
        "_topics", "lower", "start", "text",
    )  # fmt: skip

    def __init__(self, start: int, text: str, countries: Sequence[CountryName]) -> None:
        self.start = start
        self.text = text
        self.lower = keyword_lower(text)
        self._countries = countries
        self._hits: list[CountryHit] | None = None
        self._goals: list[regex.Match[str]] | None = None
        self._products: list[tuple[int, int, int]] | None = None
        self._roles: list[_CountryHit] | None = None
        self._topics: list[tuple[str, int, int, str]] | None = None
        self._periods: list[PeriodCue] | None = None
        self._attribution: tuple[str | None] | None = None  # None: not looked for yet

    def topics(self) -> list[tuple[str, int, int, str]]:
        """(class, absolute start, end, words as written) of every topic keyword."""
        if self._topics is None:
            offset, text = self.start, self.text
            self._topics = [
                (m.lastgroup or "", offset + start, offset + end, text[start:end])
                for m in TOPIC_CUES.find(self.lower)
                for start, end in (m.span(),)
            ]
        return self._topics

    def countries(self) -> list[CountryHit]:
        """The country aliases of the scope, at offsets into the article."""
        if self._hits is None:
            self._hits = find_countries(self.text, self._countries, self.start)
        return self._hits

    def roles(self) -> list[_CountryHit]:
        """The country aliases with the role each plays in the scope, found once for all claims."""
        if self._roles is None:
            text, offset = self.text, self.start
            self._roles = [
                _CountryHit(
                    hit.start,
                    hit.end,
                    hit.code,
                    country_role(hit, text[: hit.start - offset], text[hit.end - offset :]),
                )
                for hit in self.countries()
            ]
        return self._roles

    def products(self) -> list[tuple[int, int, int]]:
        """Where products are named (offsets into the scope), each start once."""
        if self._products is None:
            self._products = _PRODUCTS.whole_word_starts(self.lower)
        return self._products

    def goals(self) -> list[regex.Match[str]]:
        """Goal wording ("aims to", "by 2035"), found once for all the scope's claims."""
        if self._goals is None:
            self._goals = GOAL_CUES.find(self.lower)
        return self._goals

    def periods(self) -> list[PeriodCue]:
        if self._periods is None:
            self._periods = find_periods(self.lower)
        return self._periods

    def attribution(self) -> str | None:
        """Who the sentence credits ("Chinese customs data"), found once for all its claims."""
        if self._attribution is not None:
            return self._attribution[0]
        text, lower = self.text, self.lower
        words = [(start, lower[start:end]) for start, end in _ATTRIBUTION_WORDS.starts(lower)]
        if not words:  # most sentences
            self._attribution = (None,)
            return None
        said = {word for _, word in words}
        source = next(
            (
                m["source"].strip()
                for way in _ATTRIBUTIONS
                if said.issuperset(way.needs)
                and not said.isdisjoint(way.words)
                and (m := _first_match(way, text, words))
                and m["source"]
            ),
            None,
        )
        quoted = source is None and not said.isdisjoint(SPEAKING_VERBS)
        for verb in _verbs(text, words) if quoted else ():
            speaker = _SPEAKER.search(text, max(0, verb - _SPEAKER_REACH), verb)
            if speaker:
                source = speaker["source"]
                break
        self._attribution = (source or None,)
        return self._attribution[0]


# What this costs next to extraction, per claim, is measured by `-k stage_per_claim` in
# benchmarks/test_bench_extract.py; the README's Performance section says where the time goes.
def resolve_contexts(
    mentions: Sequence[Mention], article: Article, countries: Sequence[CountryName]
) -> list[Context]:
    """One `Context` per mention, in order: metric, reporter, partner, flow, period, source.

    Example: in an article published 2026-01-16, the "less than 4%" of "China ... accounted for
    less than 4% of exports that year" after a sentence about 2024 →
    `Context(metric=Metric.TRADE_SHARE, reporter="CAN", partner="CHN", flow=Flow.EXPORTS,
    period="2024", ...)`.
    """
    if not mentions:
        return []
    resolver = _ArticleResolver(article, countries)
    return [resolver.resolve(mention) for mention in mentions]


class _ArticleResolver:
    """Per-article state, each part built once and only when a claim needs it."""

    def __init__(self, article: Article, countries: Sequence[CountryName]) -> None:
        self.article = article
        self.text = article.text
        self.countries = countries
        # A line break always ends a sentence, so only the lines holding claims (or the lines
        # before them, for "that year") are found and split into sentences; lines are keyed
        # by where they start.
        self.sentences: dict[int, list[tuple[int, int]]] = {}
        self.scopes: dict[tuple[int, int], _Scope] = {}
        self.source_countries: dict[str, str | None] = {}

    def scan_countries(self, text: str, offset: int = 0) -> list[CountryHit]:
        return find_countries(text, self.countries, offset)

    def source_country(self, source: str) -> str | None:
        """The country of a statistical source, read once per source named in the article."""
        if source not in self.source_countries:
            codes = (
                [hit.code for hit in self.scan_countries(source) if hit.code not in AGGREGATE_CODES]
                if _STATISTICAL.search(source)
                else []
            )
            self.source_countries[source] = codes[0] if codes else None
        return self.source_countries[source]

    @functools.cached_property
    def pair(self) -> tuple[str, ...]:
        """The two most-named countries of the body (ties: first named first)."""
        return main_pair(self.article, self.countries)

    @functools.cached_property
    def home(self) -> str | None:
        """The side a story takes: its dateline's or publisher's country, else the most named."""
        for words in (self.article.dateline, self.article.publisher):
            codes = [hit.code for hit in self.scan_countries(words or "")]
            if codes and codes[0] in self.pair:
                return codes[0]
        return self.pair[0] if self.pair else None

    @functools.cached_property
    def clock(self) -> Clock:
        return article_clock(self.article)

    def resolve(self, mention: Mention) -> Context:
        line = self.text.rfind("\n", 0, mention.start) + 1
        if not mention.in_body:
            # Chrome is another story: its own line, no main pair, no publication date.
            return _Resolution(self, self._line_scope(line), mention, None).context()
        spans = self._sentences(line)
        index = bisect.bisect_right(spans, (mention.start, len(self.text))) - 1
        if index < 0 or mention.start >= spans[index][1]:
            # Between sentences (the splitter trimmed it away): read the line, carry nothing.
            return _Resolution(self, self._line_scope(line), mention, None).context()
        return _Resolution(self, self._scope(spans[index]), mention, (line, index)).context()

    def _line_end(self, line: int) -> int:
        end = self.text.find("\n", line)
        return len(self.text) if end < 0 else end

    def _sentences(self, line: int) -> list[tuple[int, int]]:
        if line not in self.sentences:
            self.sentences[line] = [
                (line + first, line + last)
                for first, last in sentence_spans(self.text[line : self._line_end(line)])
            ]
        return self.sentences[line]

    def _line_scope(self, line: int) -> _Scope:
        return self._scope((line, self._line_end(line)))

    def _scope(self, span: tuple[int, int]) -> _Scope:
        if span not in self.scopes:
            text = self.text[span[0] : span[1]]
            self.scopes[span] = _Scope(span[0], text, self.countries)
        return self.scopes[span]

    def year_before(self, position: tuple[int, int]) -> int | None:
        """The year the nearest earlier body sentence is about, for "that year"."""
        for span in itertools.islice(self._body_sentences_before(position), _YEAR_LOOKBACK):
            year = last_year_named(self._scope(span).periods(), self.clock)
            if year is not None:
                return year
        return None

    def _body_sentences_before(self, position: tuple[int, int]) -> Iterator[tuple[int, int]]:
        line, index = position
        spans = self._sentences(line)[:index]
        while True:
            yield from (span for span in reversed(spans) if self.article.in_body(span[0]))
            if line == 0:
                return
            line = self.text.rfind("\n", 0, line - 1) + 1
            spans = self._sentences(line)


class _Resolution:
    """The context of one mention within its scope."""

    def __init__(
        self,
        resolver: _ArticleResolver,
        scope: _Scope,
        mention: Mention,
        position: tuple[int, int] | None,
    ) -> None:
        self.resolver = resolver
        self.scope = scope
        self.mention = mention
        # (line start, sentence index) for "that year"; None reads no other sentence
        self.position = position
        self.chrome = not mention.in_body
        self.clock = _UNDATED if self.chrome else resolver.clock
        self.evidence: list[str] = []

    def context(self) -> Context:
        metric, flow = self._metric_and_flow()
        period = self._period(metric)
        attributed_to = self._attribution()
        if metric in (Metric.OTHER, Metric.FX_RATE):
            return Context(
                metric=metric,
                period=period,
                attributed_to=attributed_to,
                evidence="; ".join(self.evidence),
            )
        if metric in (Metric.TARIFF_RATE, Metric.TARIFF_COVERAGE):
            reporter, partner = self._tariff_sides()
        else:
            reporter, partner = self._trade_sides(flow, metric, attributed_to)
        return Context(
            metric=metric,
            reporter=reporter,
            partner=partner,
            flow=flow,
            period=period,
            attributed_to=attributed_to,
            product=self._product(),
            evidence="; ".join(self.evidence),
        )

    def _distance(self, start: int, end: int) -> int:
        """Characters between a keyword and the number, plus a penalty per clause crossed."""
        m_start, m_end = self.mention.start, self.mention.end
        if end <= m_start:
            start, end = end, m_start
        elif start >= m_end:
            start, end = m_end, start
        else:
            return 0
        text, offset = self.scope.text, self.scope.start
        start, end = start - offset, end - offset
        crossed = text.count(",", start, end) + text.count(";", start, end)
        return end - start + _CLAUSE_PENALTY * crossed

    def _metric_and_flow(self) -> tuple[Metric, Flow | None]:
        topics = [t for t in self.scope.topics() if not self._inside_mention(t[1], t[2])]
        if not topics:
            self.evidence.append("no trade wording")
            return Metric.OTHER, None
        topic, _, _, words = min(topics, key=lambda t: self._distance(t[1], t[2]))
        self.evidence.append(f"{words!r}")
        flows = [t for t in topics if t[0] in _FLOW_TOPICS]
        flow = (
            _FLOW_TOPICS[min(flows, key=lambda t: self._distance(t[1], t[2]))[0]] if flows else None
        )
        if topic == "other":
            return Metric.OTHER, None
        if topic == "fx":
            return Metric.FX_RATE, None
        if topic == "tariff":
            coverage = self.mention.kind in (Kind.MONEY, Kind.QUANTITY)
            return (Metric.TARIFF_COVERAGE if coverage else Metric.TARIFF_RATE), None
        if self._covered_by_tariff(topics):
            self.evidence.append("what a tariff covers")
            return Metric.TARIFF_COVERAGE, None
        if self._is_goal():
            self.evidence.append("a policy goal")
            return Metric.TARGET, flow
        if topic == "balance":
            return Metric.TRADE_BALANCE, None
        return self._flow_metric(), flow

    def _covered_by_tariff(self, topics: list[tuple[str, int, int, str]]) -> bool:
        """An amount after "on", "covering", "apply to"... in a sentence about a tariff."""
        start = self.mention.start
        return (
            self.mention.kind in (Kind.MONEY, Kind.QUANTITY)
            and any(t[0] == "tariff" for t in topics)
            and _COVERED_BY.search(self.resolver.text, max(0, start - _COVERED_BY_REACH), start)
            is not None
        )

    def _inside_mention(self, start: int, end: int) -> bool:
        return start < self.mention.end and end > self.mention.start

    def _is_goal(self) -> bool:
        """Goal wording in the sentence, or a "by <year>" after the article's present."""
        now = self.clock.year
        return any(
            m.lastgroup != "by" or now is None or int(m["year"]) > now for m in self.scope.goals()
        )

    def _flow_metric(self) -> Metric:
        kind = self.mention.kind
        if kind in (Kind.MONEY, Kind.QUANTITY):
            return Metric.TRADE_VALUE
        if kind is Kind.SHARE:
            return Metric.TRADE_SHARE
        if kind in (Kind.PERCENT_CHANGE, Kind.PP_CHANGE, Kind.MULTIPLE):
            return Metric.TRADE_CHANGE
        if _SHARE_AFTER.match(self.resolver.text, self.mention.end):
            return Metric.TRADE_SHARE
        if self.mention.direction is not None or _CHANGE_WORDS.search(self.scope.lower):
            return Metric.TRADE_CHANGE
        self.evidence.append("a percentage that is neither a share nor a change")
        return Metric.OTHER

    def _period(self, metric: Metric) -> str | None:
        offset = self.scope.start
        label, cue = resolve_period(
            [
                cue
                for cue in self.scope.periods()
                if not self._inside_mention(offset + cue.start, offset + cue.end)
            ],
            clock=self.clock,
            distance=lambda cue: self._distance(offset + cue.start, offset + cue.end),
            goal=metric is Metric.TARGET,
            year_before=self._year_before,
        )
        if cue is not None:
            self.evidence.append(f"{self.scope.text[cue.start : cue.end].strip()!r}")
        return label

    def _year_before(self) -> int | None:
        return None if self.position is None else self.resolver.year_before(self.position)

    def _attribution(self) -> str | None:
        source = self.scope.attribution()
        if source:
            self.evidence.append(f"credited to {source!r}")
        return source

    def _trade_sides(
        self, flow: Flow | None, metric: Metric, attributed_to: str | None
    ) -> tuple[str | None, str | None]:
        hits = self.scope.roles()
        reporter = self._source_country(attributed_to)
        if reporter is None:
            reporter = self._nearest(hits, ("owner",))
            if reporter is None and flow is Flow.EXPORTS:
                reporter = self._nearest(hits, ("origin",))
        rest = [h for h in hits if h.code != reporter]
        if metric is Metric.TRADE_SHARE:
            # The partner of a share is the buyer, named as the subject: "the US ... purchasing".
            partner = next(
                (h.code for h in rest if h.role != "owner"), self._nearest(rest, ("owner",))
            )
        else:
            partner = self._nearest(rest, ("counterpart", "origin")) or self._nearest(
                rest, ("neutral", "owner")
            )
        if reporter is None:
            reporter = self._nearest(
                [h for h in hits if h.code != partner and h.code not in AGGREGATE_CODES],
                ("owner", "neutral", "origin", "counterpart"),
            )
        return self._complete(reporter, partner)

    def _tariff_sides(self) -> tuple[str | None, str | None]:
        """The imposer is named before the tariff word, the target after it ("on Canadian ...")."""
        hits = self.scope.roles()
        keyword = min(
            (t for t in self.scope.topics() if t[0] == "tariff"),
            key=lambda t: self._distance(t[1], t[2]),
        )
        # Whose goods a tariff is on ("on Canadian canola", "Chinese electric vehicles") imposes
        # none, though named before it; where goods go ("into the Canadian market") may.
        before = [
            h
            for h in hits
            if h.end <= keyword[1]
            and h.code not in AGGREGATE_CODES
            and h.role != "origin"
            and not self._targeted(h)
        ]
        after = [h for h in hits if h.start >= keyword[2]]
        partner = next((h.code for h in after if h.role in ("counterpart", "origin")), None)
        reporter = next(
            (h.code for h in reversed(before) if h.code != partner),
            next((h.code for h in hits if h.code not in (partner, *AGGREGATE_CODES)), None),
        )
        if partner is None:
            partner = next((h.code for h in hits if h.code != reporter), None)
        self.evidence.append(f"tariff imposed by {reporter} on {partner}")
        return self._complete(reporter, partner)

    def _targeted(self, hit: _CountryHit) -> bool:
        """Whether a country is named as what a measure is "on" or "against"."""
        return named_as_target(self.scope.text[: hit.start - self.scope.start])

    def _nearest(self, hits: list[_CountryHit], roles: tuple[str, ...]) -> str | None:
        chosen = [h for h in hits if h.role in roles]
        if not chosen:
            return None
        return min(chosen, key=lambda h: self._distance(h.start, h.end)).code

    def _source_country(self, attributed_to: str | None) -> str | None:
        """A statistical source's country is the reporter: "Chinese customs data" → CHN."""
        code = None if attributed_to is None else self.resolver.source_country(attributed_to)
        if code is not None:
            self.evidence.append(f"reporter from {attributed_to!r}")
        return code

    def _complete(self, reporter: str | None, partner: str | None) -> tuple[str | None, str | None]:
        """Fill a side the sentence leaves open from the article's main pair, unless the
        sentence names a partner without a code ("the EU"), which may be the open side."""
        if self.chrome or (reporter and partner):
            return reporter, partner
        uncoded = uncoded_partner(self.scope.text)
        if uncoded is not None:
            self.evidence.append(f"{uncoded!r} has no country code: open side left open")
            return reporter, partner
        pair = self.resolver.pair
        if len(pair) < 2:
            return reporter, partner
        self.evidence.append(f"article's main pair {'/'.join(pair)}")
        return complete_sides(reporter, partner, pair, self.resolver.home)

    def _product(self) -> str | None:
        """The first product named after the number, else anywhere in the sentence."""
        products = self.scope.products()
        if not products:
            return None
        after = self.mention.end - self.scope.start
        start, end, _ = next((hit for hit in products if hit[0] >= after), products[0])
        return self.scope.lower[start:end]
