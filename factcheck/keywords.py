"""Keywords in text: where any of many listed words starts a word, found in one pass.

Input: a word list (context's topic and goal cues, the period cues, country aliases) and a text.
Output: (start, end) spans of the listed words found at word starts. Owns the multi-keyword
search (Aho-Corasick automata, compiled code from `ahocorasick_rs`) and the word-boundary
rule it applies, which is the `regex` module's `\\b` and `(?!\\w)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick_rs
import regex

_WORD_CHARACTER = regex.compile(r"\w")
# How many characters of a long text are searched at once: the hits of one window are held
# in memory together, and a body of a million "US" would otherwise hold a million of them.
_WINDOW = 1 << 16
# The automaton reads UTF-8, which holds no lone surrogates: they read as U+FFFD, one character
# for one so offsets hold, and a non-word character like the surrogate it stands for.
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\N{REPLACEMENT CHARACTER}")
# Looking around a hit not standing whole (about 8 µs) costs what reading this many characters
# again with every hit does: where such hits are denser, the text is read again.
_CHARACTERS_PER_LOOK_AROUND = 500
_ASCII_WORD_CHARACTERS = frozenset(c for c in map(chr, range(128)) if c.isalnum() or c == "_")


# The only characters outside ASCII that IGNORECASE matches with an ASCII letter; `str.lower`
# leaves the long s as it is and makes two characters of the dotted capital I.
_CASE_BLIND = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        "\u0130": "i",
        "\u017f": "s",
        "\u212a": "k",
    }
)


def case_blind(text: str) -> str:
    """`text` as an IGNORECASE pattern of ASCII words reads it, in lowercase, offsets kept.

    Example: `case_blind("Statistics CANADA")` → `"statistics canada"`; the dotted capital I,
    the long s and the Kelvin sign read as "i", "s" and "k".
    """
    if "\u0130" in text or "\u017f" in text:
        return text.translate(_CASE_BLIND)
    return text.lower()


def overlapping_matches(
    automaton: ahocorasick_rs.AhoCorasick, text: str
) -> list[tuple[int, int, int]]:
    """Every (pattern index, start, end) of `automaton` in `text`, overlapping ones too.

    Example: with patterns ["in", "inn"], `"an inn"` → `[(0, 3, 5), (1, 3, 6)]`.
    """
    return _matches(automaton, text, overlapping=True)


def _matches(
    automaton: ahocorasick_rs.AhoCorasick, text: str, *, overlapping: bool
) -> list[tuple[int, int, int]]:
    """`automaton`'s (pattern index, start, end) in `text`; lone surrogates read as U+FFFD."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:  # rare, so the common case pays no scan for surrogates
        return automaton.find_matches_as_indexes(
            text.translate(_SURROGATES), overlapping=overlapping
        )


def is_word_character(char: str) -> bool:
    """What `regex` counts as `\\w`: `is_word_character("é")` → True, `("-")` → False.

    The empty string (before a text's start, after its end) is no word character.
    """
    # Inlined in the loops below, where a call per hit would cost more than the test.
    return char in _ASCII_WORD_CHARACTERS or (
        char > "\x7f" and _WORD_CHARACTER.match(char) is not None
    )


# The non-word characters news text puts around words (spaces, ASCII and Latin-1 punctuation,
# curly quotes, dashes): one set lookup each, where a `regex` match costs about 15 times more.
_COMMON_NON_WORD_CHARACTERS = frozenset(
    char
    for char in map(chr, [*range(0x100), *range(0x2000, 0x2070)])
    if not is_word_character(char)
)


class Keywords:
    """A fixed list of words to find at word starts, as `\\b(?:word|...)` tried everywhere would.

    The `regex` module tries an alternation at every character (about 0.1 µs each); the
    automaton reads the text once in compiled code, so only its few hits cost Python time.
    A long text is read a window at a time, so the hits held at once stay few.
    Example: `Keywords(["in", "by"]).starts("in the inn, nearby")` → `[(0, 2), (7, 9)]`.
    """

    __slots__ = ("_automaton", "_leftmost_longest", "_longest", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted(set(words)))
        not_word_starts = [word for word in self.words if not is_word_character(word[:1])]
        if not_word_starts:
            raise ValueError(f"keywords must start with a word character: {not_word_starts}")
        self._longest = max(map(len, self.words), default=1)
        # A DFA costs more memory than the default NFA and reads text about twice as fast.
        self._automaton = ahocorasick_rs.AhoCorasick(
            self.words, implementation=ahocorasick_rs.Implementation.DFA
        )
        # Its hits are nearly always the whole words themselves: no Python spent on the words
        # inside longer ones.
        self._leftmost_longest = ahocorasick_rs.AhoCorasick(
            self.words,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def occur_in(self, text: str) -> bool:
        """Whether any listed word occurs in `text`, at a word start or not.

        Example: `Keywords(["ustr"]).occur_in("industry")` → True.
        """
        return any(self._windows(text))

    def starts(self, text: str) -> list[tuple[int, int]]:
        """The longest listed word at each word start of `text`, by start (they may overlap)."""
        longest: dict[int, int] = {}
        ascii_word, word = _ASCII_WORD_CHARACTERS, _WORD_CHARACTER.match
        for hits in self._windows(text):
            for _, start, end in hits:
                before = text[start - 1 : start]
                if not (before in ascii_word or (before > "\x7f" and word(before))):
                    # Hits come by their end, so a later one at the same start is a longer word.
                    longest[start] = end
        return sorted(longest.items())

    def whole_words(self, text: str) -> Iterable[tuple[int, int, int]]:
        """Listed words standing whole, leftmost first, the longest where several overlap:
        (start, end, index of the word in `words`); a long text's as they are found.

        What `regex.finditer(r"\\b(?:longest|...|shortest)(?!\\w)", text)` finds.
        Example: `list(Keywords(["US", "USA"]).whole_words("USA, US, USB"))` →
        `[(0, 3, 1), (5, 7, 0)]`.
        """
        if len(text) <= _WINDOW:
            return self._leftmost_whole(text)
        return self._long_whole_words(text)

    def _leftmost_whole(self, text: str) -> list[tuple[int, int, int]]:
        """`whole_words` of a text read at once, from its leftmost-longest hits.

        The first such hit is the longest listed word at the leftmost start where any begins,
        and each next one the same from the end of the last. So while they stand whole they
        are what the scan keeps: no whole word begins before a hit (no word does), none at its
        start is longer, and both go on from its end. A hit not whole ("US" in "USMCA",
        "US-China trade" in "US-China trades"), or starting inside a word kept, hides the
        words starting inside it from the automaton: those are looked for among every hit
        starting there.
        """
        hits = _matches(self._leftmost_longest, text, overlapping=False)
        # A non-word character before the text and after it, so that every hit has neighbours
        # to look up: `padded[start]` before it and `padded[end + 1]` after it.
        padded, common = f" {text} ", _COMMON_NON_WORD_CHARACTERS
        decided = [
            (start, end, index) if padded[start] in common and padded[end + 1] in common else None
            for index, start, end in hits
        ]
        undecided = decided.count(None)
        if not undecided:
            return decided  # nearly always
        if undecided * _CHARACTERS_PER_LOOK_AROUND > len(text):
            return _leftmost(self._whole_in(text, overlapping_matches(self._automaton, text)))
        return self._looked_around(text, hits, decided)

    def _looked_around(
        self,
        text: str,
        hits: list[tuple[int, int, int]],
        decided: list[tuple[int, int, int] | None],
    ) -> list[tuple[int, int, int]]:
        """`_leftmost_whole` where some hits are undecided (None in `decided`): around those,
        and around any hit starting inside a word kept, every hit is looked at."""
        decided.append(None)  # so that a next undecided hit is always found
        kept: list[tuple[int, int, int]] = []
        at = 0
        while at < len(hits):
            _, start, end = hits[at]
            covered = kept[-1][1] if kept else 0
            if start < covered or decided[at] is None:
                # The automaton went on from `end`, past any word to keep before it (this hit
                # itself among them when its neighbours are rare non-word characters).
                hidden = self._hits_starting_in(text, max(start, covered), end)
                kept += _leftmost(self._whole_in(text, hidden))
                at += 1
            else:  # this hit and those after it up to the next undecided one stand whole
                stop = decided.index(None, at)
                kept += decided[at:stop]
                at = stop
        return kept

    def _long_whole_words(self, text: str) -> Iterator[tuple[int, int, int]]:
        covered = 0  # a word may reach into the next window
        for hits in self._long_windows(text):
            kept = _leftmost([hit for hit in self._whole_in(text, hits) if hit[0] >= covered])
            if kept:
                covered = kept[-1][1]
            yield from kept

    def whole_word_starts(self, text: str) -> list[tuple[int, int, int]]:
        """The longest listed word standing whole at each start, by start (they may overlap):
        (start, end, index of the word in `words`).

        Example: `Keywords(["crude oil", "oil"]).whole_word_starts("crude oil")` →
        `[(0, 9, 0), (6, 9, 1)]`.
        """
        return [hit for hits in self._windows(text) for hit in self._whole_in(text, hits)]

    @staticmethod
    def _whole_in(text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Of hits (a window's, or a stretch's), by start: the longest whole word at each."""
        ascii_word, word = _ASCII_WORD_CHARACTERS, _WORD_CHARACTER.match
        longest: dict[int, tuple[int, int, int]] = {}
        for index, start, end in hits:
            before, after = text[start - 1 : start], text[end : end + 1]
            if not (
                before in ascii_word
                or after in ascii_word
                or (before > "\x7f" and word(before))
                or (after > "\x7f" and word(after))
            ):
                longest[start] = (start, end, index)
        return [longest[start] for start in sorted(longest)]

    def _windows(self, text: str) -> Iterable[list[tuple[int, int, int]]]:
        """Every (word index, start, end) in `text`, overlapping ones too, a window at a time."""
        if len(text) <= _WINDOW:  # nearly always: a sentence, an article's body
            return (overlapping_matches(self._automaton, text),)
        return self._long_windows(text)

    def _long_windows(self, text: str) -> Iterator[list[tuple[int, int, int]]]:
        for offset in range(0, len(text), _WINDOW):
            yield self._hits_starting_in(text, offset, offset + _WINDOW)

    def _hits_starting_in(self, text: str, start: int, stop: int) -> list[tuple[int, int, int]]:
        """Every (word index, start, end) in `text` starting in [start, stop)."""
        # All of them: the automaton reads as far past `stop` as the longest word reaches.
        piece = text[start : stop + self._longest - 1]
        return [
            (index, start + hit_start, start + hit_end)
            for index, hit_start, hit_end in overlapping_matches(self._automaton, piece)
            if hit_start < stop - start
        ]


def _leftmost(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of hits by start, those a left-to-right scan keeps: each starting past the last kept."""
    kept: list[tuple[int, int, int]] = []
    covered = 0
    for hit in hits:
        if hit[0] >= covered:
            kept.append(hit)
            covered = hit[1]
    return kept
