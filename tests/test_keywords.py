"""Keywords at word starts: the automaton finds what the `regex` patterns it replaces find."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.keywords import Keywords, is_word_character, overlapping_matches

WORDS = ["in", "inn", "by", "US", "USA", "the US", "U.S.", "non-U.S.", "20", "two-way", "é"]


def _alternation(words: list[str]) -> str:
    # Longest first, so the alternation takes the longest word at each start, as the trie did.
    return "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))


@pytest.mark.parametrize(
    "text, starts",
    [
        ("in the inn, nearby", [(0, 2), (7, 10)]),
        ("by 2035 in 2024", [(0, 2), (3, 5), (8, 10), (11, 13)]),
        ("the USA and the US", [(0, 6), (4, 7), (12, 18), (16, 18)]),
        ("non-U.S. trade", [(0, 8), (4, 8)]),
        ("two-way", [(0, 7)]),
        ("café in", [(5, 7)]),
        ("x_in _in", []),
        ("", []),
    ],
    ids=["inside words", "digits", "overlapping", "punctuation", "hyphen", "non-ASCII",
         "underscore", "empty"],
)  # fmt: skip
def test_starts(text, starts):
    assert Keywords(WORDS).starts(text) == starts


@pytest.mark.parametrize(
    "text, spans",
    [
        ("USA, US, USB", [(0, 3), (5, 7)]),
        ("the USA", [(4, 7)]),
        ("in the US today", [(0, 2), (3, 9)]),
        ("U.S.-made", [(0, 4)]),
        ("innate inn", [(7, 10)]),
    ],
    ids=["whole only", "longer alias not whole", "longest first", "dot ends", "prefix"],
)
def test_whole_words(text, spans):
    keywords = Keywords(WORDS)
    assert [(start, end) for start, end, _ in keywords.whole_words(text)] == spans
    assert all(
        text[start:end] == keywords.words[form] for start, end, form in keywords.whole_words(text)
    )


def test_words_must_start_a_word():
    with pytest.raises(ValueError, match="-x"):
        Keywords(["in", "-x"])


@pytest.mark.parametrize("char, expected", [("a", True), ("_", True), ("7", True), ("é", True),
                                            ("\u0301", True), ("-", False), ("\u2019", False),
                                            (" ", False)])  # fmt: skip
def test_is_word_character_is_regex_w(char, expected):
    assert is_word_character(char) is expected
    assert (regex.match(r"\w", char) is not None) is expected


PIECES = st.sampled_from(
    [*WORDS, "i", "n", "U", "S", "A", ".", "-", " ", "_", "x", "é", "\u0301", "\u2019", "2", "0",
     "two", "way", "non"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_starts_match_a_regex_tried_everywhere(pieces):
    text = "".join(pieces)
    pattern = regex.compile(r"\b(?:" + _alternation(WORDS) + ")")
    expected = [match.span() for match in pattern.finditer(text, overlapped=True)]
    assert Keywords(WORDS).starts(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_whole_words_match_a_regex_scan(pieces):
    text = "".join(pieces)
    expected = _whole_words_by_regex(WORDS, text)
    assert [hit[:2] for hit in Keywords(WORDS).whole_words(text)] == expected


def _whole_words_by_regex(words: list[str], text: str) -> list[tuple[int, int]]:
    """The oracle: the spans the `regex` alternation `whole_words` stands for finds."""
    pattern = regex.compile(r"\b(?:" + _alternation(words) + r")(?!\w)")
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("method", ["starts", "whole_word_starts"])
def test_lone_surrogates_read_as_non_word_characters(method):
    found = getattr(Keywords(WORDS), method)("\ud800in \udfffby")
    assert [hit[:2] for hit in found] == [(1, 3), (5, 7)]


def test_overlapping_matches_with_surrogates_keep_offsets():
    import ahocorasick_rs

    automaton = ahocorasick_rs.AhoCorasick(["in", "inn"])
    assert overlapping_matches(automaton, "an inn") == [(0, 3, 5), (1, 3, 6)]
    assert overlapping_matches(automaton, "\ud800n inn") == [(0, 3, 5), (1, 3, 6)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAsSkKiI\u0130\u0131\u017f\u212a\u00e9 -"), max_size=30))
def test_case_blind_text_matches_like_ignorecase(text):
    from factcheck.keywords import case_blind

    words = ["ask", "is", "sik", "kiss"]
    blind = case_blind(text)
    assert len(blind) == len(text)
    pattern = regex.compile(r"\b(?:" + _alternation(words) + r")(?!\w)", flags=regex.IGNORECASE)
    expected = [match.span() for match in pattern.finditer(text)]
    assert [hit[:2] for hit in Keywords(words).whole_words(blind)] == expected


def test_occur_in_finds_words_inside_words():
    assert Keywords(["ustr"]).occur_in("industry")
    assert not Keywords(["ustr"]).occur_in("us tr")


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40), st.integers(min_value=1, max_value=9))
def test_long_texts_read_a_window_at_a_time_find_the_same(pieces, window):
    methods = ("whole_words", "whole_word_starts", "starts")
    _the_same_a_window_at_a_time(Keywords(WORDS), "".join(pieces), window, methods)


def _the_same_a_window_at_a_time(
    keywords: Keywords, text: str, window: int, methods: tuple[str, ...]
) -> None:
    """Each method finds the same in `text` read at once and read `window` characters at a time."""
    from unittest import mock

    import factcheck.keywords

    found = [list(getattr(keywords, method)(text)) for method in methods]
    with mock.patch.object(factcheck.keywords, "_WINDOW", window):
        assert [list(getattr(keywords, method)(text)) for method in methods] == found
        assert keywords.occur_in(text) == any(word in text for word in keywords.words)


# Words inside other words, and multi-word ones overlapping later words, so that the
# leftmost-longest hit is often not whole and the words it hides must be found around it.
HIDING_WORDS = ["US", "USA", "USMCA", "the US", "the USA", "US-China", "US-China trade", "China",
                "Chad", "a b", "b c", "c d", "c", "d"]  # fmt: skip
# Word characters outside ASCII ("Ω", the undertie, the zero-width joiner, "ª") and non-word
# ones (the curly apostrophe, the no-break space, a lone surrogate) on either side of a word.
HIDING_PIECES = st.sampled_from(
    [*HIDING_WORDS, "MCA", "wick", "s", "x", "d", "2", " ", "-", ".", "é", "Ω", "\u2019",
     "\u203f", "\u200d", "\u00a0", "\u00aa", "\ud800"]
)  # fmt: skip


def _whole_words_both_ways(words: list[str], text: str) -> list[tuple[int, int, int]]:
    """`whole_words`, checked to find the same whether it looks around each word hidden by a
    hit not whole or reads the text again with every hit (what it does where many are)."""
    from unittest import mock

    import factcheck.keywords

    keywords = Keywords(words)
    found = list(keywords.whole_words(text))
    for characters in (0, len(text) + 1):
        with mock.patch.object(factcheck.keywords, "_CHARACTERS_PER_LOOK_AROUND", characters):
            assert list(keywords.whole_words(text)) == found
    assert all(text[start:end] == keywords.words[form] for start, end, form in found)
    return found


@pytest.mark.parametrize(
    "text, spans",
    [
        ("the USMCA and US-Chinas", [(4, 9), (14, 16)]),
        ("US-China trades", [(0, 8)]),
        ("the USA's", [(0, 7)]),
        ("the USAx US", [(9, 11)]),
        ("Chadwick in Chad", [(12, 16)]),
        ("a b c d e", [(0, 3), (4, 7)]),
        ("a b c dx", [(0, 3), (4, 5)]),
        ("xa b c d", [(3, 6), (7, 8)]),
        ("USΩ US\u203f US\u2019s", [(8, 10)]),
        ("US\u3001USA\u3002", [(0, 2), (3, 6)]),
    ],
    ids=["inside a longer word", "overlapping inside a longer word", "multi-word", "hidden start",
         "name inside a name", "multi-words in a row", "multi-word not whole",
         "starts inside a word found", "non-ASCII neighbours", "rare non-word neighbours"],
)  # fmt: skip
def test_whole_words_hidden_by_a_hit_not_whole(text, spans):
    found = _whole_words_both_ways(HIDING_WORDS, text)
    assert [(start, end) for start, end, _ in found] == spans


@settings(max_examples=1000, deadline=None)
@given(st.lists(HIDING_PIECES, max_size=40))
def test_whole_words_hidden_by_hits_match_a_regex_scan(pieces):
    text = "".join(pieces)
    expected = _whole_words_by_regex(HIDING_WORDS, text)
    assert [hit[:2] for hit in _whole_words_both_ways(HIDING_WORDS, text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(HIDING_PIECES, max_size=40), st.integers(min_value=1, max_value=9))
def test_whole_words_hidden_by_hits_are_the_same_a_window_at_a_time(pieces, window):
    _the_same_a_window_at_a_time(Keywords(HIDING_WORDS), "".join(pieces), window, ("whole_words",))
