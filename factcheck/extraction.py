"""Find every numeric claim in an article: `Article` in, sorted non-overlapping `Mention`s out.

This module owns the vocabulary of trade figures (scale words, currency markers, qualifiers,
direction and kind cues, number words) and `sentence_spans`, which later stages reuse. It keeps
numbers as written; resolving a bare `$`, building intervals and units is normalization's job.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from operator import itemgetter

import ahocorasick_rs
import regex

from factcheck.keywords import overlapping_matches
from factcheck.records import Article, Direction, Kind, Mention, Qualifier


def _vocabulary(words: str) -> tuple[str, ...]:
    """A word list written as one string: `_vocabulary("up down")` → ("up", "down")."""
    return tuple(words.split())


SCALES: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

# Currency markers as written → ISO 4217, or None where the marker alone leaves it open
# (a bare "$" or "dollars" is resolved by normalization; "¥" is JPY or CNY).
CURRENCIES: dict[str, str | None] = {
    "$": None,
    "dollar": None,
    "dollars": None,
    "¥": None,
    "US$": "USD",
    "$US": "USD",
    "U.S.$": "USD",
    "USD": "USD",
    "US dollar": "USD",
    "US dollars": "USD",
    "U.S. dollar": "USD",
    "U.S. dollars": "USD",
    "American dollars": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "Can$": "CAD",
    "CAD": "CAD",
    "Canadian dollar": "CAD",
    "Canadian dollars": "CAD",
    "A$": "AUD",
    "AUD": "AUD",
    "Australian dollars": "AUD",
    "HK$": "HKD",
    "Hong Kong dollar": "HKD",
    "Hong Kong dollars": "HKD",
    "S$": "SGD",
    "Singapore dollar": "SGD",
    "Singapore dollars": "SGD",
    "NZ$": "NZD",
    "New Zealand dollar": "NZD",
    "New Zealand dollars": "NZD",
    "NT$": "TWD",
    "€": "EUR",
    "EUR": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "RMB": "CNY",
    "CNY": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "JPY": "JPY",
    "yen": "JPY",
    "₹": "INR",
    "INR": "INR",
    "rupees": "INR",
}

# A currency marker right before a number ends in one of these (or in a capital: USD, $US).
CURRENCY_LAST_CHARACTERS = frozenset("$€£¥₹")
SIGNS = frozenset("-+\N{MINUS SIGN}")

# Physical units as written → the pint unit names the project's registry defines. Trade news
# writes "tons" for metric tonnes almost always (customs and ag statistics are metric), while
# pint's `ton` is the 907 kg short ton, so every ton spelling maps to "tonne".
UNITS: dict[str, str] = {
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "barrel": "oil_barrel",
    "barrels": "oil_barrel",
    "bushel": "bushel",
    "bushels": "bushel",
    "vehicle": "vehicle",
    "vehicles": "vehicle",
    "cars": "vehicle",
    "units": "unit",
    "cubic meters": "cubic_meter",
    "cubic metres": "cubic_meter",
}

# The unit a kind implies whatever the text writes; money and quantities keep their own.
KIND_UNITS: dict[Kind, str] = {
    Kind.PP_CHANGE: "percentage_point",
    Kind.PERCENT: "percent",
    Kind.PERCENT_CHANGE: "percent",
    Kind.SHARE: "percent",
    Kind.RATE: "percent",
    Kind.MULTIPLE: "dimensionless",
}

QUALIFIERS: dict[str, Qualifier] = {
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
    "close to": Qualifier.NEARLY,
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    "just over": Qualifier.MORE_THAN,
    "well over": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "less than": Qualifier.LESS_THAN,
    "under": Qualifier.LESS_THAN,
    "just under": Qualifier.LESS_THAN,
    "below": Qualifier.LESS_THAN,
    "fewer than": Qualifier.LESS_THAN,
    "at least": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "up to": Qualifier.AT_MOST,
    "as much as": Qualifier.AT_MOST,
    "as many as": Qualifier.AT_MOST,
    "at most": Qualifier.AT_MOST,
    "no more than": Qualifier.AT_MOST,
}

DIRECTION_WORDS: dict[str, Direction] = {
    word: Direction.DOWN
    for word in _vocabulary(
        """
        fell fall falls falling fallen drop dropped drops dropping decline declined declines
        declining decrease decreased decreases decreasing slumped slump slid slide slipped
        slipping tumbled plunged plummeted sank shrank shrink contracted contraction down lower
        lost loss cut reduced reduce depreciated depreciating weakened dip dipped
    """
    )
} | {
    word: Direction.UP
    for word in _vocabulary(
        """
        rose rise rises rising risen jumped jump jumps climbed climb grew grow grows growing
        grown growth increased increase increases increasing gained gain gains surged surge
        soared up higher expanded expand boosted boost raised raise appreciated appreciating
        strengthened rebounded spiked
    """
    )
}

# Nouns that make a nearby percentage a rate (what is charged), not a share or a change.
RATE_WORDS = frozenset(
    _vocabulary(
        """
        tariff tariffs duty duties surtax surtaxes levy levies tax taxes rate rates interest
    """
    )
)
# Words that make a percentage a part of a whole.
SHARE_WORDS = frozenset(
    _vocabulary(
        """
        share shares accounted accounting accounts percentage proportion destination represented
        representing
    """
    )
)
# A change stated as a level ("fell to 67.4%", "from 84 per cent") keeps only noun cues.
LEVEL_WORDS = frozenset(("to", "from"))
# Nouns that name a change even when the number is a level: "growth moderating to 1.4%".
CHANGE_NOUNS = frozenset(("growth", "increase", "decline", "decrease", "contraction", "gain"))
# Words after a percentage that make it a change: "a 3% rise", "2.6% growth", "5% lower".
CHANGE_AFTER = frozenset(
    (
        *CHANGE_NOUNS,
        "rise",
        "drop",
        "fall",
        "jump",
        "surge",
        "slump",
        "dip",
        "up",
        "down",
        "lower",
        "higher",
    )
)
CUE_WINDOW_WORDS = 7
LEVEL_WINDOW_WORDS = 9  # the wider window: no cue is looked for further back

CARDINALS: dict[str, int] = (
    {
        word: value
        for value, word in enumerate(
            _vocabulary(
                """
            zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen
        """
            )
        )
    }
    | {
        word: 10 * tens
        for tens, word in enumerate(
            _vocabulary("twenty thirty forty fifty sixty seventy eighty ninety"), 2
        )
    }
    | {"hundred": 100, "a hundred": 100, "one hundred": 100}
)

# Fractions in words are shares, in percent (or changes: "fell by half").
FRACTIONS: dict[str, float] = {
    "half": 50.0,
    "third": 100 / 3,
    "quarter": 25.0,
    "fifth": 20.0,
    "tenth": 10.0,
    "two-thirds": 200 / 3,
    "three-quarters": 75.0,
}
# "half", "a third", "a quarter", "a fifth" and "a tenth" need a qualifier before or "of" after;
# no fraction may have one of these words before: "the first half of 2025", "two and a half
# years", "the first three quarters of the year".
BARE_FRACTION_BLOCKERS = frozenset(
    _vocabulary(
        """
        first second third fourth last latter past back final and next previous
    """
    )
)
UNAMBIGUOUS_FRACTIONS = ("two-thirds", "three-quarters")
FRACTION_SEPARATOR = regex.compile(r"[\s-]")  # "two thirds", "two-thirds"
MULTIPLES: dict[str, float] = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
BASE_VERBS = ("double", "triple", "quadruple", "halve")
# The base verb ("double") is also an adjective ("double taxation"); it is a claim only after
# one of these.
MULTIPLE_VERB_LEADS = frozenset(
    _vocabulary(
        """
        to will would could should can may might must than nearly almost roughly about more
    """
    )
)
# Cheap literal prefilter for claims written in words; the word pattern only runs near these.
# Inner substrings cover both cases ("alf": half, Half) and keep the hits few.
WORD_TRIGGERS = _vocabulary(
    "alf alv oubl ripl uadrupl third quarter fifth tenth fold cent illion thousand"
)
# All triggers found in one pass of compiled code (a `str.find` scan each took three times as
# long). No trigger overlaps itself, so overlapping hits are every occurrence of each.
TRIGGER_SEARCH = ahocorasick_rs.AhoCorasick(WORD_TRIGGERS)
# Letters a NUMBER_WORD can open with (zero, one, ..., half, a third, double, quadruple), in
# either case; the long s is there because the pattern's IGNORECASE folds it to "s".
NUMBER_WORD_INITIALS = frozenset("zotfsenhadqZOTFSENHADQ\N{LATIN SMALL LETTER LONG S}")

# Thousands groups start only where a digit run starts, and are never given back: a run that
# ends badly ("123,123,...,12345") would otherwise be rescanned from every group (cubic time).
NUMERAL = regex.compile(
    r"""
    (?<![\d,])\d{1,3}(?>(?:,\d{3})+)(?:\.\d+)?(?![\d,]\d)  # thousands: 588,181 / 100,027,968,000
    | \d+(?:\.\d+)?                                      # plain digits and decimals: 2024 / 118.7
    """,
    flags=regex.VERBOSE,
)

NUMBER_WORD = regex.compile(
    r"""
    \b(?:
      (?P<fraction>two[\s-]thirds|three[\s-]quarters       # unambiguous fractions
        |(?:a|one)[\s-](?:third|quarter|fifth|tenth)|half)(?![\w-])  # need a qualifier or "of"
    | (?P<multiple>(?:doubl|tripl|quadrupl)(?:e|ed|es|ing)|halv(?:e|ed|es|ing))\b  # verbs of growth
    | (?P<cardinal>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)
        (?:-(?:one|two|three|four|five|six|seven|eight|nine))?   # twenty-five
        |(?:a|one)\ hundred|hundred|zero|one|two|three|four|five|six|seven|eight|nine|ten
        |eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)
        (?=[\s-]|fold)                                    # must be followed by a suffix
    )
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)

# What stands after a number: scale, then one of %/points/currency/unit/fold.
TAIL = regex.compile(
    r"""
    (?:
      [\ \u00a0-]?(?P<scale>trillion|billion|million|thousand|bn|mn|mln|tn)\b  # 118.7 billion
      | (?P<scale_letter>[bBmMkK])(?![\w])                                   # $963m, $118.7B
    )?
    (?:
      [\ \u00a0]?(?P<points>percentage[\ -]points?|pp)\b   # 3 percentage points
      | [\ \u00a0-]?(?P<percent>%|per[\ -]?cent\b|percent\b|pc\b|pct\b)  # 10.4% / 10.4 per cent
      | [\ \u00a0](?P<currency>(?:U\.S\.|US|Canadian|American|Australian|Hong\ Kong|Singapore
          |New\ Zealand)\ dollars?\b
          |dollars?\b|yuan\b|renminbi\b|euros?\b|yen\b|rupees\b
          |(?:USD|CAD|CNY|RMB|EUR|GBP|JPY|AUD|INR)\b)        # 48.2 billion Canadian dollars
      | [\ \u00a0](?P<unit>(?:metric\ )?(?:tonnes?|tons?)\b|barrels?\b|bushels?\b|vehicles?\b
          |cars\b|units\b|cubic\ met(?:er|re)s\b)           # 588,181 metric tons
      | (?P<counted>(?:\ [A-Za-z][\w-]*){1,2}\ (?:vehicles|cars|units)\b)  # 49,000 Chinese cars
      | -?(?P<fold>fold)\b                                  # four-fold, 10fold
    )?
    """,
    flags=regex.VERBOSE,
)

# The characters TAIL can open with; after any other, a number has no suffix.
TAIL_INITIALS = frozenset(" \u00a0-%tbmBMkKpf")

# Read backwards from a number's first digit: sign, currency prefix, qualifier, "between".
LEFT = regex.compile(
    r"""
    (?P<between>\b(?i:between)\s)?                # any case: "About 75%" opens a sentence
    (?P<qualifier>\b(?i:just\ over|well\ over|more\ than|in\ excess\ of|upwards\ of|over|above
      |just\ under|less\ than|fewer\ than|under|below|no\ less\ than|at\ least
      |no\ more\ than|up\ to|as\ much\ as|as\ many\ as|at\ most
      |about|around|roughly|approximately|some|an\ estimated|nearly|almost|close\ to)\s)?
    (?P<currency>\b(?:U\.S\.\$|US\$|CA\$|Can\$|C\$|A\$|HK\$|S\$|NZ\$|NT\$)  # US$, C$ (not EC$)
      |\$US|\$|€|£|¥|₹                                                 # $US, bare symbols
      |\b(?:USD|CAD|CNY|RMB|EUR|GBP|JPY|AUD|INR)\ ?)?                    # codes: USD1.749
    (?P<sign>[-\u2212+])?                        # a written sign: (-9%); COVID-19 is rejected later
    """,
    flags=regex.VERBOSE | regex.REVERSE,
)


def _group_names(pattern: regex.Pattern[str]) -> list[str]:
    """The names of `pattern`'s groups in the order `Match.groups()` returns them."""
    return sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)


# TAIL and LEFT matches are copied into named tuples once: the `regex` module looks a group up
# by name about ten times slower than by number (it tries the name as a number first), and
# reading one claim takes some twenty lookups.
_Tail = namedtuple("Tail", ["end", *_group_names(TAIL)])


class _Left(namedtuple("Left", ["start", *_group_names(LEFT)])):
    """What LEFT read before a number. Its groups are adjacent, in the pattern's order, and end
    where the number starts: a sign is the character just before the number."""

    __slots__ = ()

    def after_between(self) -> int:
        """Where the qualifier, currency or sign start: "between" only opens a range."""
        return self.start + len(self.between or "")


# The second number of a range, read after the first one's tail.
RANGE_JOIN = regex.compile(
    r"""
    (?: \ ?[-\u2013\u2014]\ ?     # 30-31%, 30\u201331%, $2-3 billion
      | \ to\ )         # 30 to 31 per cent
    (?P<currency>US\$|C\$|\$|€|£)?
    (?=\d)
    """,
    flags=regex.VERBOSE,
)
BETWEEN_JOIN = regex.compile(r"\ and\ (?P<currency>US\$|C\$|\$|€|£)?(?=\d)", flags=regex.VERBOSE)
# What RANGE_JOIN or BETWEEN_JOIN can open with: a dash, " to " or " and ".
JOIN_OPENINGS = ("-", "\u2013", "\u2014", " -", " \u2013", " \u2014", " to ", " and ")

WORD = regex.compile(r"[^\W\d_]+", flags=regex.VERBOSE)
# The same words read from the end: the cues before a number are the few nearest it.
WORD_BACKWARD = regex.compile(r"[^\W\d_]+", flags=regex.VERBOSE | regex.REVERSE)

# A full stop, ? or ! (with closing quotes) before a capitalised word, or a line break.
SENTENCE_BREAK = regex.compile(
    r"""
    (?P<stop>[.!?]["'\u201d\u2019)\]]*)           # "... in 2025. Chinese ..."
      (?=\s+["'\u201c\u2018(\[]?[\p{Lu}\d])
    | \n                                           # a line break always ends a sentence
    """,
    flags=regex.VERBOSE,
)
BREAK_OPENING = regex.compile(r"[.!?\n]", flags=regex.VERBOSE | regex.REVERSE)
# Words whose full stop is not the end of a sentence.
ABBREVIATIONS = frozenset(
    _vocabulary(
        """
        U.S U.K U.N E.U Mr Mrs Ms Dr Prof St Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No
        vs approx e.g i.e Gov Sen Rep Gen Lt Col Jr Sr
    """
    )
)
ABBREVIATION_BEFORE = regex.compile(r"(?:\b[\p{L}.]+|\b\p{Lu})\Z", flags=regex.VERBOSE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences, as (start, end) spans trimmed of surrounding whitespace.

    `sentence_spans("Exports rose 3% in the U.S. market. Imports fell.")` → [(0, 35), (36, 49)]
    """
    spans = []
    start = 0
    for match in SENTENCE_BREAK.finditer(text):
        if match["stop"] and _is_abbreviation(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _is_abbreviation(text: str, stop: int) -> bool:
    word = ABBREVIATION_BEFORE.search(text, max(0, stop - 12), stop)
    return word is not None and (word[0] in ABBREVIATIONS or len(word[0]) == 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def extract_mentions(article: Article) -> list[Mention]:
    """Every numeric claim in `article.text`, sorted by start and never overlapping.

    `extract_mentions(Article(id="a", text="Exports fell 10.4%.", body=((0, 19),)))[0].value`
    → 10.4 (kind percent_change, direction down)
    """
    mentions: list[Mention] = []
    covered = 0
    for start, numeral in _candidates(article.text):
        if start < covered:
            continue
        if numeral is None:
            mention = _read_word_mention(article, start, mentions)
        else:
            mention = _read_digit_mention(article, numeral, mentions)
        if mention is not None and mention.start >= covered:
            mentions.append(mention)
            covered = mention.end
    return mentions


def _candidates(text: str) -> list[tuple[int, regex.Match[str] | None]]:
    """Digit runs (with their match) and number words (None), by start offset."""
    digits = [(match.start(), match) for match in NUMERAL.finditer(text)]
    # A number word starts with a letter, so it never shares a start with a digit run, and
    # both lists are sorted: timsort merges the two runs in one linear pass.
    words = [(start, None) for start in sorted(set(_word_starts(text)))]
    return sorted(digits + words, key=itemgetter(0)) if words else digits


def _word_starts(text: str) -> Iterator[int]:
    """Starts of number words, looked for only around literal triggers."""
    # Two triggers in one word ("thousandfold") lead to the same answer; ask once.
    seen: set[int] = set()
    for _, position, _ in overlapping_matches(TRIGGER_SEARCH, text):
        word_start = _word_start(text, position)
        if word_start not in seen:
            seen.add(word_start)
            start = _number_word_start(text, word_start)
            if start is not None:
                yield start


def _number_word_start(text: str, start: int) -> int | None:
    """The number word whose trigger sits in the word at `start`: that word ("two-thirds",
    "doubled"), the word before ("two million", "a third") or the one before "per" ("one per
    cent")."""
    if _opens_number_word(text, start):
        return start
    previous = _previous_word_start(text, start)
    if previous is not None and text[previous : start - 1].lower() == "per":
        previous = _previous_word_start(text, previous)
    if previous is not None and _opens_number_word(text, previous):
        return previous
    return None


def _opens_number_word(text: str, start: int) -> bool:
    # Most trigger hits are "billion" or "per cent" after digits: a first letter no number
    # word has settles them without running the pattern.
    initial = text[start : start + 1]
    return initial in NUMBER_WORD_INITIALS and NUMBER_WORD.match(text, start) is not None


def _previous_word_start(text: str, start: int) -> int | None:
    if start < 2 or text[start - 1] != " ":
        return None
    return _word_start(text, start - 1)


def _word_start(text: str, position: int) -> int:
    # Bounded, so a megabyte of letters costs no more than a short word.
    floor = max(0, position - 20)
    while position > floor and (text[position - 1].isalpha() or text[position - 1] == "-"):
        position -= 1
    return position


def _read_digit_mention(
    article: Article, number: regex.Match[str], previous: list[Mention]
) -> Mention | None:
    text = article.text
    start, end = number.span()
    bare = _is_bare(text, start, end)
    if bare and text[end : end + 1] not in TAIL_INITIALS:
        return None  # years, dates, counts: most digits in news, so they leave before any match
    tail = _read_tail(text, end)
    if bare and tail.end == end:
        return None
    left = _read_left(text, start)
    if _glued_to_word(text, start, left):
        return None
    high = _range_end(text, left, tail)
    suffix = high[1] if high else tail
    scale = tail.scale or tail.scale_letter or suffix.scale or suffix.scale_letter
    currency_text = _currency_text(left, tail) or _currency_text(left, suffix)
    unit = _unit(tail, number[0]) or _unit(suffix, high[0][0] if high else "")
    kind = _surface_kind(suffix, currency_text, unit)
    if kind is None:
        return None
    multiplier = SCALES[scale.lower()] if scale else 1
    value = Decimal(number[0].replace(",", "")) * multiplier
    high_value = Decimal(high[0][0].replace(",", "")) * multiplier if high else None
    if high_value is not None and high_value < value:
        return None  # "in 2024 to 5%" is a year and a level, not a range
    if left.sign in ("-", "\N{MINUS SIGN}"):
        value = -value
    start = left.start if high else left.after_between()
    end = _drop_trailing_space(text, number.end(), suffix.end)
    kind, direction = _percent_kind(text, start, end, kind, left.sign, previous)
    return Mention(
        article=article.id,
        start=start,
        end=end,
        text=text[start:end],
        number=number[0],
        scale=scale,
        currency_text=currency_text,
        currency=CURRENCIES.get(currency_text) if currency_text else None,
        kind=kind,
        unit=KIND_UNITS.get(kind, unit),
        qualifier=Qualifier.RANGE if high else _qualifier(left.qualifier),
        value=float(value),
        value_high=None if high_value is None else float(high_value),
        step=float(f"{multiplier}e{_exponent(number[0])}"),  # parsed whole: rounded once
        direction=direction,
        in_body=article.in_body(start),
    )


def _is_bare(text: str, start: int, end: int) -> bool:
    """No suffix, no currency sign or code just before, and no range after: not a claim."""
    before = text[max(0, start - 2) : start].rstrip(" ")[-1:]
    if before in CURRENCY_LAST_CHARACTERS or before.isupper() or before in SIGNS:
        return False
    if not text.startswith(JOIN_OPENINGS, end):
        return True
    return RANGE_JOIN.match(text, end) is None and BETWEEN_JOIN.match(text, end) is None


def _read_tail(text: str, position: int) -> _Tail:
    match = TAIL.match(text, position)
    return _Tail(match.end(), *match.groups())


def _read_left(text: str, number_start: int) -> _Left:
    match = LEFT.match(text, max(0, number_start - 40), number_start)
    return _Left(match.start(), *match.groups())


def _glued_to_word(text: str, start: int, left: _Left) -> bool:
    """True for identifiers and dates such as G7, COVID-19, A320, 2021-2022 or 1,1,1."""
    if left.currency:
        return False
    first = start - len(left.sign or "")
    before = text[first - 1] if first else " "
    return before.isalnum() or before in "_.,:/"


def _currency_text(left: _Left, tail: _Tail) -> str | None:
    if left.currency:
        return left.currency.strip()
    return tail.currency


def _drop_trailing_space(text: str, floor: int, end: int) -> int:
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def _exponent(digits: str) -> int:
    """The power of ten of the last digit written: -2 for "1,234.56", 0 for "2024"."""
    return -len(digits.partition(".")[2])


def _unit(tail: _Tail, digits: str) -> str | None:
    if tail.unit:
        return UNITS[tail.unit.removeprefix("metric ")]
    # Adjectives between a count and its unit only after a number too big to be a year.
    if tail.counted and ("," in digits or tail.scale):
        return UNITS[tail.counted.rsplit(" ", 1)[1]]
    return None


def _range_end(text: str, left: _Left, tail: _Tail) -> tuple[regex.Match[str], _Tail] | None:
    """The high number and its tail when the number before `tail` opens a range ("30-31%")."""
    if left.between:
        join = BETWEEN_JOIN.match(text, tail.end)
    elif tail.percent or tail.points or tail.currency or tail.unit:
        return None
    else:
        join = RANGE_JOIN.match(text, tail.end)
        # "from 3 to 5 per cent" is a change between two levels, not a range.
        if join is not None and join[0] == " to " and _word_before(text, left) == "from":
            return None
    if join is None:
        return None
    high = NUMERAL.match(text, join.end())
    if high is None:
        return None
    return high, _read_tail(text, high.end())


def _word_before(text: str, left: _Left) -> str:
    words = WORD.findall(text, max(0, left.start - 20), left.start)
    return words[-1].lower() if words else ""


def _surface_kind(tail: _Tail, currency_text: str | None, unit: str | None) -> Kind | None:
    """What the number's own suffix says: percent, points, money, quantity, fold; else None."""
    if tail.points:
        return Kind.PP_CHANGE
    if tail.percent:
        return Kind.PERCENT
    if currency_text:
        return Kind.MONEY
    if unit:
        return Kind.QUANTITY
    if tail.fold:
        return Kind.MULTIPLE
    return None


def _qualifier(phrase: str | None) -> Qualifier:
    if not phrase:
        return Qualifier.EXACT
    return QUALIFIERS[" ".join(phrase.lower().split())]


def _percent_kind(
    text: str, start: int, end: int, kind: Kind, sign: str | None, previous: list[Mention]
) -> tuple[Kind, Direction | None]:
    """Refine a percentage into share / rate / change from the words around it."""
    if kind not in (Kind.PERCENT, Kind.PP_CHANGE):
        return kind, None
    if sign in ("-", "\N{MINUS SIGN}", "+"):
        direction = Direction.UP if sign == "+" else Direction.DOWN
        return (kind if kind is Kind.PP_CHANGE else Kind.PERCENT_CHANGE), direction
    after = [word[0].lower() for word in islice(WORD.finditer(text, end, end + 40), 2)]
    cue = _cue_after(after)
    if cue is None:
        # The words after settle most percentages ("10% of", "a 3% rise"); the sentence and
        # the words before are read only when they do not.
        sentence_start = _sentence_start(text, start)
        nearest = WORD_BACKWARD.finditer(text, sentence_start, start)
        before = [word[0].lower() for word in islice(nearest, LEVEL_WINDOW_WORDS)]
        cue = _cue_before(before) or _inherited(previous, sentence_start, before)
    if cue is None:
        return kind, None
    cue_kind, direction = cue
    return (kind if kind is Kind.PP_CHANGE else cue_kind), direction


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding `offset` starts, looking back at most 160 characters."""
    floor = max(0, offset - 160)
    # A break opens at its own stop or line break and never holds another, so the last one is
    # found by trying the stops from `offset` backwards instead of scanning the whole window.
    end = offset
    while (stop := BREAK_OPENING.search(text, floor, end)) is not None:
        match = SENTENCE_BREAK.match(text, stop.start(), offset)
        if match is not None and not (match["stop"] and _is_abbreviation(text, match.start())):
            return match.end()
        end = stop.start()
    return floor


def _cue_after(after: list[str]) -> tuple[Kind, Direction | None] | None:
    if after[:1] == ["of"]:
        return Kind.SHARE, None
    for word in after:
        if word in RATE_WORDS:
            return Kind.RATE, None
        if word in CHANGE_AFTER:
            return Kind.PERCENT_CHANGE, DIRECTION_WORDS[word]
    return None


def _cue_before(before: list[str]) -> tuple[Kind, Direction | None] | None:
    level = bool(before) and before[0] in LEVEL_WORDS
    window = before[:LEVEL_WINDOW_WORDS] if level else before[:CUE_WINDOW_WORDS]
    for index, word in enumerate(window):
        # "as a percentage of exports" is a share; "3 percentage points" is not.
        if word in SHARE_WORDS and (word != "percentage" or window[index - 1 : index] == ["of"]):
            return Kind.SHARE, None
        if word in RATE_WORDS:
            return Kind.RATE, None
        # A level ("fell to 67.4%") is not a change, but "growth ... to 1.4%" still names one.
        if word in DIRECTION_WORDS and not (level and word not in CHANGE_NOUNS):
            return Kind.PERCENT_CHANGE, DIRECTION_WORDS[word]
    return None


def _inherited(
    previous: list[Mention], sentence_start: int, before: list[str]
) -> tuple[Kind, Direction | None] | None:
    """In "fell to 67.4% ... down from 76.2%" both ends of a comparison share one kind."""
    if not before or before[0] not in LEVEL_WORDS or not previous:
        return None
    last = previous[-1]
    if last.start >= sentence_start and last.unit == "percent":
        return last.kind, None
    return None


def _read_word_mention(article: Article, start: int, previous: list[Mention]) -> Mention | None:
    text = article.text
    word = NUMBER_WORD.match(text, start)
    if word is None:
        return None
    left = _read_left(text, start)
    qualifier = _qualifier(left.qualifier)
    span_start = left.after_between() if left.qualifier else start
    before = [w.lower() for w in reversed(WORD.findall(text, max(0, span_start - 30), span_start))]
    direction = None
    if word["fraction"]:
        key = _fraction_key(word[0])
        followed_by_of = text.startswith(" of ", word.end())
        # A qualifier stands between: "and more than half" is no "two and a half".
        blocked = (
            qualifier is Qualifier.EXACT and bool(before) and before[0] in BARE_FRACTION_BLOCKERS
        )
        # "fell by half", "grew by a third": a change, not a part of a whole.
        if before[:1] == ["by"] and before[1:2] and before[1] in DIRECTION_WORDS:
            direction = DIRECTION_WORDS[before[1]]
        stated = followed_by_of or qualifier is not Qualifier.EXACT or direction is not None
        is_claim = not blocked and (key in UNAMBIGUOUS_FRACTIONS or stated)
        value = FRACTIONS[key]
        kind = Kind.SHARE if direction is None else Kind.PERCENT_CHANGE
    elif word["multiple"]:
        is_base_verb = word[0].lower() in BASE_VERBS
        is_claim = not is_base_verb or (bool(before) and before[0] in MULTIPLE_VERB_LEADS)
        value = next(v for stem, v in MULTIPLES.items() if word[0].casefold().startswith(stem))
        kind = Kind.MULTIPLE
    else:
        return _cardinal(article, word, left, previous)
    if not is_claim:
        return None
    return Mention(
        article=article.id,
        start=span_start,
        end=word.end(),
        text=text[span_start : word.end()],
        number=word[0],
        scale=None,
        currency_text=None,
        currency=None,
        kind=kind,
        unit=KIND_UNITS.get(kind),
        qualifier=qualifier,
        value=value,
        step=0.0,
        direction=direction,
        in_body=article.in_body(span_start),
    )


def _fraction_key(written: str) -> str:
    words = FRACTION_SEPARATOR.split(written.lower())
    return f"{words[0]}-{words[-1]}" if words[-1] in ("thirds", "quarters") else words[-1]


def _cardinal(
    article: Article, word: regex.Match[str], left: _Left, previous: list[Mention]
) -> Mention | None:
    """A cardinal in words is a claim only with a suffix: "one per cent", "two million tonnes"."""
    text = article.text
    tail = _read_tail(text, word.end())
    currency_text = _currency_text(left, tail)
    unit = _unit(tail, "")
    kind = _surface_kind(tail, currency_text, unit)
    if kind is None:
        return None
    start = left.after_between()
    end = _drop_trailing_space(text, word.end(), tail.end)
    multiplier = SCALES[tail.scale.lower()] if tail.scale else 1
    kind, direction = _percent_kind(text, start, end, kind, None, previous)
    return Mention(
        article=article.id,
        start=start,
        end=end,
        text=text[start:end],
        number=word[0],
        scale=tail.scale,
        currency_text=currency_text,
        currency=CURRENCIES.get(currency_text) if currency_text else None,
        kind=kind,
        unit=KIND_UNITS.get(kind, unit),
        qualifier=_qualifier(left.qualifier),
        value=float(sum(CARDINALS[part] for part in word[0].casefold().split("-")) * multiplier),
        step=0.0,
        direction=direction,
        in_body=article.in_body(start),
    )
