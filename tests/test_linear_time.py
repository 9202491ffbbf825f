"""Linear time, guarded structurally: work counters instead of clocks.

Every module-level regex of a stage is wrapped in a meter that adds up the characters each call
hands to the engine (the window a search or finditer scans, the length an anchored match
consumes), Python calls are counted with a profile hook, and mention lists count the elements
walked. All are deterministic, so "4 times the input costs about 4 times the work" is asserted
without timing anything; only the context guard compares CPU time, with a wide margin.
Wall-clock figures for 1 MB against 4 MB are measured by hand and reported in the README.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType

import pytest
import regex

from factcheck import context, extraction
from factcheck.extraction import NUMERAL, extract_mentions
from factcheck.read import article_from_text
from factcheck.records import Article
from factcheck.reference import load_countries

# 4 times the input must cost well under the 16 times of a quadratic: linear gives about 4.
RATIO_LIMIT = 6.0
SMALL = 16_000
LARGE = 4 * SMALL


class _Meter:
    """Counts the characters regex calls walk through and the Python calls made."""

    def __init__(self) -> None:
        self.characters = 0
        self.calls = 0

    def profile(self, frame: object, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            self.calls += 1


class _MeteredPattern:
    """A compiled pattern that reports the work of each call to a `_Meter`."""

    def __init__(self, pattern: regex.Pattern[str], meter: _Meter) -> None:
        self._pattern = pattern
        self._meter = meter

    def __getattr__(self, name: str) -> object:
        return getattr(self._pattern, name)

    def _window(self, string: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int]:
        return pos, len(string) if endpos is None else min(endpos, len(string))

    def match(self, string: str, *args: int, **kwargs: object) -> regex.Match[str] | None:
        # Anchored: the engine walks about as far as the match reaches.
        found = self._pattern.match(string, *args, **kwargs)
        self._meter.characters += max(1, found.end() - found.start()) if found else 1
        return found

    def search(self, string: str, *args: int, **kwargs: object) -> regex.Match[str] | None:
        # Unanchored: the engine walks from `pos` to the match, or to the window's end.
        found = self._pattern.search(string, *args, **kwargs)
        pos, end = self._window(string, *args)
        self._meter.characters += max(1, (found.end() if found else end) - pos)
        return found

    def finditer(self, string: str, *args: int, **kwargs: object) -> Iterator[regex.Match[str]]:
        pos, end = self._window(string, *args)
        self._meter.characters += max(1, end - pos)
        return self._pattern.finditer(string, *args, **kwargs)

    def findall(self, string: str, *args: int, **kwargs: object) -> list[object]:
        pos, end = self._window(string, *args)
        self._meter.characters += max(1, end - pos)
        return self._pattern.findall(string, *args, **kwargs)


def _metered_value(value: object, meter: _Meter) -> object:
    if isinstance(value, regex.Pattern):
        return _MeteredPattern(value, meter)
    if isinstance(value, tuple) and value and all(isinstance(v, regex.Pattern) for v in value):
        return tuple(_MeteredPattern(pattern, meter) for pattern in value)
    return value


@contextmanager
def _metering(monkeypatch: pytest.MonkeyPatch, modules: tuple[ModuleType, ...]) -> Iterator[_Meter]:
    meter = _Meter()
    for module in modules:
        for name, value in vars(module).items():
            metered = _metered_value(value, meter)
            if metered is not value:
                monkeypatch.setattr(module, name, metered)
    previous = sys.getprofile()
    sys.setprofile(meter.profile)
    try:
        yield meter
    finally:
        sys.setprofile(previous)


def _work(
    monkeypatch: pytest.MonkeyPatch,
    modules: tuple[ModuleType, ...],
    run: Callable[[str], object],
    unit: str,
    size: int,
) -> tuple[int, int]:
    text = (unit * (size // len(unit) + 1))[:size]
    with monkeypatch.context() as patch, _metering(patch, modules) as meter:
        run(text)
    return meter.characters, meter.calls


def _extract(text: str) -> object:
    return extract_mentions(Article(id="a", text=text, body=((0, len(text)),)))


# The adversarial shapes of the issue, plus a thousands run that ends badly.
ADVERSARIAL = {
    "digits and commas": "1234567890,",
    "one comma one": "1,",
    "dollar signs": "$",
    "per per per": "per ",
    "five per cent of half": "5 per cent of half ",
    "one sentence of percentages": "exports rose 5.5% and 3% of that fell to 4% from 2%, ",
    "thousands groups": "123,",
}


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_extraction_work_grows_linearly(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    small = _work(monkeypatch, (extraction,), _extract, unit, SMALL)
    large = _work(monkeypatch, (extraction,), _extract, unit, LARGE)
    for what, before, after in zip(("regex characters", "python calls"), small, large, strict=True):
        assert after <= RATIO_LIMIT * max(before, 1), f"{what}: {before} → {after}"


def test_the_meter_catches_a_quadratic_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard can fail: searching the whole text once per mention is flagged."""

    def rescanning(text: str) -> None:
        for mention in _extract(text):  # type: ignore[attr-defined]
            extraction.WORD.findall(text, 0, mention.start)

    small = _work(monkeypatch, (extraction,), rescanning, "5% ", SMALL // 8)
    large = _work(monkeypatch, (extraction,), rescanning, "5% ", LARGE // 8)
    assert large[0] > RATIO_LIMIT * small[0]


THOUSANDS_RUN = {
    "run start takes the groups": ("588,181 tonnes", 0, "588,181"),
    "inside a run only plain digits": ("123,456,789", 4, "456"),
    "bad end falls back to the first group": ("123,123,12345", 0, "123"),
    "decimals after groups": ("1,234.5 billion", 0, "1,234.5"),
}


@pytest.mark.parametrize(
    "text, position, expected", THOUSANDS_RUN.values(), ids=THOUSANDS_RUN.keys()
)
def test_thousands_groups_are_read_once_per_digit_run(
    text: str, position: int, expected: str
) -> None:
    # Starting the thousands branch inside a run made "123,123,...,12345" cubic (8 KB: 4.6 s).
    assert NUMERAL.match(text, position)[0] == expected


def _context_seconds(text: str) -> float:
    article = article_from_text(text, id="a")
    mentions = _extract(text)
    countries = load_countries()
    runs = []
    for _ in range(2):
        start = time.process_time()
        context.resolve_contexts(mentions, article, countries)
        runs.append(time.process_time() - start)
    return min(runs)


def test_context_time_grows_linearly_in_one_long_sentence() -> None:
    # Attribution was once found per mention by scanning the whole sentence (quadratic). Its
    # C-level substring scans escape the meters above, so this one compares CPU time, with a
    # ratio far from both 4 (linear) and 16 (quadratic) so that load cannot flip the outcome.
    unit = "5 per cent of half "
    small = _context_seconds(unit * (8_000 // len(unit)))
    large = _context_seconds(unit * (32_000 // len(unit)))
    assert large <= 8 * small, f"{small:.3f}s → {large:.3f}s"


class _CountingMentions(list):
    """A mention list that counts every element a stage walks through."""

    steps = 0

    def __iter__(self) -> Iterator[object]:
        for item in super().__iter__():
            self.steps += 1
            yield item

    def __getitem__(self, index: object) -> object:
        self.steps += 1
        return super().__getitem__(index)


def _normalize_steps(size: int) -> int:
    from factcheck.normalize import normalize_mentions

    # Bare "$" next to marked ones: every figure asks what the article writes elsewhere.
    unit = "Exports were US$1.2 billion and $3 billion. "
    text = unit * (size // len(unit))
    article = article_from_text(text, id="a")
    mentions = _CountingMentions(_extract(text))
    normalize_mentions(mentions, article, ())
    return mentions.steps


def test_normalization_walks_the_mentions_a_constant_number_of_times() -> None:
    small, large = _normalize_steps(SMALL), _normalize_steps(LARGE)
    assert large <= RATIO_LIMIT * small, f"{small} → {large}"
