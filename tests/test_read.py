"""Reading: decoding, paths, HTML, metadata and body-vs-chrome detection."""

# The articles' typographic quotes and dashes are the test data here.
# ruff: noqa: RUF001

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.read import (
    ArticleFile,
    _publisher_cues,
    _publisher_patterns,
    article_files,
    article_from_text,
    article_paths,
    read_article_file,
    read_articles,
    read_in_order,
)
from factcheck.records import Article, Publisher, Skip

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HTML = Path(__file__).resolve().parent / "data" / "html"

# A small publishers table, so these tests do not depend on the reference CSVs.
PUBLISHERS = (
    Publisher(
        name="The Canadian Press", aliases=("Canadian Press", "CP"), country="CAN", currency="CAD"
    ),
    Publisher(name="Global Times", aliases=("globaltimes.cn",), country="CHN", currency="CNY"),
    Publisher(name="DD News", aliases=("DD", "Doordarshan"), country="IND", currency="INR"),
    Publisher(name="Reuters", aliases=(), country="GBR", currency="USD"),
)


def article(text: str, **kwargs: Any) -> Article:
    return article_from_text(text, id="t", publishers=PUBLISHERS, **kwargs)


def read_one(path: Path | str, **kwargs: Any) -> Article:
    (result,) = list(read_articles([str(path)], publishers=PUBLISHERS, **kwargs))
    assert isinstance(result, Article)
    return result


def seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_one(path)


def in_body(art: Article, needle: str, occurrence: int = 0) -> bool:
    start = -1
    for _ in range(occurrence + 1):
        start = art.text.index(needle, start + 1)
    return art.in_body(start)


# Seeds: metadata


SEED_METADATA = [
    # seed, title, publisher, published, dateline
    ("000", None, "The Canadian Press", date(2026, 1, 22), "OTTAWA"),
    (
        "001",
        "Premier says China willing to foster new growth drivers with Canada; Carney’s trip "
        "‘turning point' in ties, meets business’ expectations: expert",
        "Global Times",
        date(2026, 1, 15),
        None,
    ),
    ("002", None, None, None, None),
    (
        "003",
        "Prime Minister Mark Carney looks to reset Canada-China relationship in Beijing",
        "The Canadian Press",
        date(2026, 1, 14),  # the byline's date, not the "Thursday, February 5, 2026" save header
        None,
    ),
    (
        "004",
        "Canada and China Seek Reset as Mark Carney Calls for New Strategic Partnership in Beijing",
        "DD News",
        date(2026, 1, 16),
        None,
    ),
]


@pytest.mark.parametrize(
    "prefix, title, publisher, published, dateline",
    SEED_METADATA,
    ids=[c[0] for c in SEED_METADATA],
)
def test_seed_metadata(
    prefix: str,
    title: str | None,
    publisher: str | None,
    published: date | None,
    dateline: str | None,
) -> None:
    art = seed(prefix)
    assert (art.title, art.publisher, art.published, art.dateline) == (
        title,
        publisher,
        published,
        dateline,
    )
    assert art.notes == ()


@pytest.mark.parametrize(
    "prefix, publisher", [(c[0], c[2]) for c in SEED_METADATA], ids=[c[0] for c in SEED_METADATA]
)
def test_seed_publisher_with_the_bundled_publishers_table(
    prefix: str, publisher: str | None
) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    (art,) = read_articles([str(path)])
    assert isinstance(art, Article) and art.publisher == publisher


# Seeds: body vs chrome. (seed, text, which occurrence, expected in_body)
SEED_BODY = [
    ("000", "OTTAWA — China’s ambassador", 0, True),
    ("000", "10 months", 0, True),
    ("000", "This report by The Canadian Press", 0, False),
    ("000", "Dylan Robertson, The Canadian Press", 0, False),
    ("001", "DIPLOMACY", 0, False),
    ("001", "Premier says China willing", 0, True),
    ("001", "Published: Jan 15, 2026", 0, False),
    ("001", "China and Canada Photo: VCG", 0, False),
    ("001", "China and Canada Photo: VCG", 1, False),
    ("001", "Pragmatic cooperation", 0, True),
    ("001", "$118.7 billion", 0, True),
    ("001", "more than half of Canadians", 0, True),
    ("002", "more than $2.6 billion", 0, True),
    ("002", "10.4% in 2025", 0, True),
    ("002", "Ghislaine Maxwell", 0, False),
    ("002", "5.25%", 0, False),
    ("002", "25% Tariff", 0, False),
    ("002", "Indian Refiners Scale Back", 0, False),
    ("003", "Thursday, February 5, 2026", 0, False),
    ("003", "ADVT", 0, False),
    ("003", "National\n", 0, False),
    ("003", "Prime Minister Mark Carney looks to reset", 0, True),
    ("003", "Darpan News Desk", 0, False),
    ("003", "Prime Minister Mark Carney looks to reset", 1, False),  # the bullet repeating it
    ("003", "at least 50 per cent", 0, True),
    ("003", "Picture Courtesy", 0, False),
    ("003", "MORE National ARTICLES", 0, False),
    ("003", "2.6% growth", 0, False),
    ("003", "$11.2 billion", 0, False),
    ("003", "$11.6 billion", 0, False),
    ("004", "Canada and China Seek Reset", 0, True),
    ("004", "by DD Staff", 0, False),
    ("004", "January 16, 2026 06:24 AM", 0, False),
    ("004", "Canada and China Seek Reset", 1, False),
    ("004", "double its non-US exports", 0, True),
    ("004", "about 75%", 0, True),
    ("004", "less than 4%", 0, True),
    ("004", "Full screen image", 0, False),
    ("004", "Canada and China Seek Reset", 2, False),
]


@pytest.mark.parametrize(
    "prefix, needle, occurrence, expected",
    SEED_BODY,
    ids=[f"{c[0]}-{c[1].strip()[:24]}-{c[2]}" for c in SEED_BODY],
)
def test_seed_body(prefix: str, needle: str, occurrence: int, expected: bool) -> None:
    assert in_body(seed(prefix), needle, occurrence) is expected


@pytest.mark.parametrize("prefix", [c[0] for c in SEED_METADATA])
def test_seed_body_spans_are_story_paragraphs(prefix: str) -> None:
    art = seed(prefix)
    assert art.body, "every seed has story text"
    for start, end in art.body:
        # Spans start and end on text, never on the blank lines around paragraphs.
        assert art.text[start].strip() and art.text[end - 1].strip()


# article_from_text: detection rules

PUBLISHED_CASES = [
    ("published-label", "Published: Jan 15, 2026 11:48 PM\n", date(2026, 1, 15)),
    (
        "cp-signoff",
        "This report by The Canadian Press was first published Jan. 22, 2026.\n",
        date(2026, 1, 22),
    ),
    ("day-first-timestamp", "14 Jan, 2026 12:58 PM\n", date(2026, 1, 14)),
    ("month-first-timestamp", "January 16, 2026 06:24 AM\n", date(2026, 1, 16)),
    ("iso-posted", "Posted 2025-11-03\n", date(2025, 11, 3)),
    ("sept-abbreviation", "Published Sept. 4, 2025\n", date(2025, 9, 4)),
    ("bare-header-as-last-resort", "Thursday, February 5, 2026\n", date(2026, 2, 5)),
    (
        "byline-beats-save-header",
        "Thursday, February 5, 2026\nDarpan News Desk The Canadian Press, 14 Jan, 2026 12:58 PM\n",
        date(2026, 1, 14),
    ),
    (
        "published-beats-save-header-below",
        "Published: Jan 15, 2026\nSaved Friday, February 6, 2026\n",
        date(2026, 1, 15),
    ),
    (
        "date-in-prose-is-not-publication",
        "Talks resumed on January 16, 2026, officials said.",
        None,
    ),
    ("impossible-date", "Published: Feb 30, 2026\n", None),
    ("no-date", "Exports fell.", None),
]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in PUBLISHED_CASES], ids=[c[0] for c in PUBLISHED_CASES]
)
def test_published_date(text: str, expected: date | None) -> None:
    story = "\nCanada's exports to China fell sharply last year, the agency said on Monday.\n"
    assert article(text + story).published == expected


PUBLISHER_CASES = [
    (
        "cp-signoff",
        "This report by The Canadian Press was first published Jan. 22, 2026.",
        "The Canadian Press",
    ),
    (
        "desk-byline",
        "Darpan News Desk The Canadian Press, 14 Jan, 2026 12:58 PM",
        "The Canadian Press",
    ),
    ("staff-byline", "by DD Staff", "DD News"),
    (
        "own-interview",
        "Liu Dan told the Global Times on Thursday that trade is a win-win.",
        "Global Times",
    ),
    ("signature", "Dylan Robertson, The Canadian Press", "The Canadian Press"),
    (
        "signoff-beats-interview",
        "He told Reuters so.\nThis report by The Canadian Press was first published.",
        "The Canadian Press",
    ),
    ("unknown-outlet", "by Daily Planet Staff", None),
    (
        "source-credit-is-not-a-signature",
        "Li said China welcomes investment, Reuters reported.\nLiu told the Global Times so.",
        "Global Times",
    ),
    (
        "by-in-prose-is-not-a-byline",
        "Figures released by Reuters on Monday.\nLiu told the Global Times so.",
        "Global Times",
    ),
    ("mention-without-cue", "According to Reuters, exports fell.", None),
    ("lowercase-is-not-a-name", "He told the global times nothing.", None),
]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in PUBLISHER_CASES], ids=[c[0] for c in PUBLISHER_CASES]
)
def test_publisher(text: str, expected: str | None) -> None:
    assert article(text).publisher == expected


def test_publisher_needs_a_table() -> None:
    assert article_from_text("by DD Staff", id="t", publishers=()).publisher is None


DATELINE_CASES = [
    (
        "em-dash",
        "OTTAWA — China’s ambassador to Canada is urging the government to move fast.",
        "OTTAWA",
    ),
    (
        "two-words",
        "NEW YORK — Stocks rose on Monday after the trade deal was announced.",
        "NEW YORK",
    ),
    (
        "agency",
        "BEIJING (Reuters) - China's imports of Canadian goods fell in 2025, data showed.",
        "BEIJING",
    ),
    (
        "province",
        "HALIFAX, N.S. — The port handled more containers this year than last year.",
        "HALIFAX",
    ),
    (
        "no-dateline",
        "China has expressed a willingness to deepen cooperation with Canada today.",
        None,
    ),
    (
        "capital-word-no-dash",
        "OTTAWA said on Monday that it would review the tariffs on steel.",
        None,
    ),
]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in DATELINE_CASES], ids=[c[0] for c in DATELINE_CASES]
)
def test_dateline(text: str, expected: str | None) -> None:
    assert article(text).dateline == expected


def test_dateline_is_read_from_the_first_story_paragraph() -> None:
    text = "Trade talks resume\n\nOTTAWA — Canada and China resumed trade talks, officials said.\n"
    assert article(text).dateline == "OTTAWA"


TITLE_CASES = [
    (
        "first-line",
        "Canada and China Seek Reset in Beijing\n\nThe two leaders met on Friday in the capital.",
        "Canada and China Seek Reset in Beijing",
    ),
    (
        "after-section-label",
        "CHINA / DIPLOMACY\nPremier says China willing to deepen ties\n"
        "The premier spoke on Thursday in Beijing, officials said.",
        "Premier says China willing to deepen ties",
    ),
    (
        "markdown-heading",
        "# Exports to China fall in 2025\n\nCanada's exports to China fell last year, data showed.",
        "Exports to China fall in 2025",
    ),
    (
        "sentence-is-not-a-title",
        "China has expressed a willingness to deepen cooperation with Canada today.",
        None,
    ),
    (
        "date-is-not-a-title",
        "Thursday, February 5, 2026\nThe two leaders met on Friday in the capital, officials said.",
        None,
    ),
    (
        "single-word-label",
        "National\nThe two leaders met on Friday in the capital, officials said.",
        None,
    ),
]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in TITLE_CASES], ids=[c[0] for c in TITLE_CASES]
)
def test_title(text: str, expected: str | None) -> None:
    assert article(text).title == expected


def test_explicit_arguments_win() -> None:
    text = (
        "OTTAWA — Trade rose, officials said on Monday.\n"
        "This report by The Canadian Press was first published Jan. 22, 2026.\n"
    )
    art = article(
        text,
        title="Given",
        publisher="Reuters",
        published=date(2025, 1, 1),
        dateline="TORONTO",
        notes=("decoded as cp1252",),
    )
    assert (art.title, art.publisher, art.published, art.dateline, art.notes) == (
        "Given",
        "Reuters",
        date(2025, 1, 1),
        "TORONTO",
        ("decoded as cp1252",),
    )


STORY = "Canada's exports to China fell 10.4% in 2025, customs data showed on Monday.\n"
RELATED = (
    "RBI Holds Repo Rate at 5.25% as India’s Growth Outlook Strengthens\n"
    "Trump Lifts 25% Tariff on Indian Goods in Strategic Trade Deal\n"
    "Asian Stocks Slip as Tech Rout Deepens Ahead of Election\n"
)
CHROME_CASES = [
    # id, text, needle, expected in_body
    ("story-paragraph", STORY, "10.4%", True),
    ("related-headline-run", STORY + "\n" + RELATED, "5.25%", False),
    (
        "related-run-with-blank-lines",
        STORY + "\n" + RELATED.replace("\n", "\n\n"),
        "25% Tariff",
        False,
    ),
    (
        "two-title-case-lines-are-not-a-list",
        STORY
        + "Trump Lifts 25% Tariff on Indian Goods Today\nAsian Stocks Slip Ahead of Election\n",
        "25% Tariff",
        True,
    ),
    (
        "sentence-case-lines-are-not-a-list",
        STORY + "exports rose 3% in march\nimports fell 2% in april\nthe deficit grew 5% again\n",
        "3%",
        True,
    ),
    (
        "more-articles-block",
        STORY + "MORE National ARTICLES\nCanada’s economy rebounds with 2.6% growth\nIt grew.\n",
        "2.6% growth",
        False,
    ),
    (
        "related-stories-block",
        STORY + "Related stories\nA story about 7% inflation, the agency said today.\n",
        "7% inflation",
        False,
    ),
    (
        "picture-courtesy",
        STORY + "Picture Courtesy: THE CANADIAN PRESS/Sean Kilpatrick\n",
        "Picture",
        False,
    ),
    ("photo-credit", "China and Canada Photo: VCG\n" + STORY, "Photo", False),
    ("full-screen-image", STORY + "Full screen image\n", "Full screen", False),
    ("header-advt", "ADVT\nNational\n" + STORY, "ADVT", False),
    ("subheading-in-story", STORY + "Pragmatic cooperation\n" + STORY, "Pragmatic", True),
    ("short-sentence-with-date-in-story", STORY + "Talks began Jan. 5, 2026.\n", "Jan. 5", True),
    ("no-prose-at-all", "Exports up 5%", "5%", True),
]


@pytest.mark.parametrize(
    "text, needle, expected", [c[1:] for c in CHROME_CASES], ids=[c[0] for c in CHROME_CASES]
)
def test_body_and_chrome(text: str, needle: str, expected: bool) -> None:
    assert in_body(article(text), needle) is expected


def test_repeated_title_is_chrome_but_the_title_is_story() -> None:
    title = "Canada and China Seek Reset in Beijing"
    art = article(f"{title}\n{title}\n{STORY}Full screen image\n{title}\n")
    assert [in_body(art, title, n) for n in range(3)] == [True, False, False]


def test_body_spans_cover_paragraphs_not_the_blank_lines_between_chrome() -> None:
    text = "ADVT\n\n" + STORY + "\n" + STORY + "\nPhoto: VCG\n"
    art = article(text)
    start = text.index(STORY)
    assert art.body == ((start, start + 2 * len(STORY)),)


@given(st.text())
def test_article_from_text_never_raises_and_spans_are_valid(text: str) -> None:
    art = article_from_text(text, id="fuzz", publishers=PUBLISHERS)
    assert art.text == text
    previous_end = 0
    for start, end in art.body:
        assert previous_end <= start < end <= len(text)
        previous_end = end


NEWSY_LINE = st.sampled_from(
    [
        STORY.strip(),
        "OTTAWA — Trade rose.",
        "Published: Jan 15, 2026 11:48 PM",
        "MORE National ARTICLES",
        "Trump Lifts 25% Tariff on Indian Goods in Strategic Trade Deal",
        "Photo: VCG",
        "by DD Staff",
        "",
        "  ",
    ]
)


@given(st.lists(NEWSY_LINE, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_spans_are_valid_on_page_like_text(lines: list[str], separator: str) -> None:
    text = separator.join(lines)
    art = article(text)
    flat = [offset for span in art.body for offset in span]
    assert flat == sorted(flat) and all(0 <= o <= len(text) for o in flat)
    assert all(start < end for start, end in art.body)


# Decoding

SAMPLE = "Canada’s exports — “10.4%” lower, €5 and café.\nSecond paragraph, officials said.\n"
DECODE_CASES = [
    ("utf-8", SAMPLE.encode("utf-8"), ()),
    ("utf-8-bom", SAMPLE.encode("utf-8-sig"), ()),
    ("utf-16-le-bom", SAMPLE.encode("utf-16"), ()),
    ("utf-16-be-bom", b"\xfe\xff" + SAMPLE.encode("utf-16-be"), ()),
    ("cp1252", SAMPLE.encode("cp1252"), ("decoded as cp1252",)),
    ("crlf", SAMPLE.replace("\n", "\r\n").encode("utf-8"), ()),
    ("old-mac-cr", SAMPLE.replace("\n", "\r").encode("utf-8"), ()),
]


@pytest.mark.parametrize(
    "data, notes", [c[1:] for c in DECODE_CASES], ids=[c[0] for c in DECODE_CASES]
)
def test_decoding(tmp_path: Path, data: bytes, notes: tuple[str, ...]) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    art = read_one(path)
    assert (art.text, art.notes, art.id) == (SAMPLE, notes, str(path))


BAD_FILES = [
    ("nul-bytes", b"Exports\x00fell\x00", "binary file"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("not-utf8-nor-cp1252", b"Exports fell" + b"\x81\x8d", "cannot decode"),
    ("broken-utf16", b"\xff\xfeE\x00\x00\xd8", "invalid UTF-16"),
    ("empty", b"", "empty file"),
    ("whitespace-only", b" \n\n\t", "empty file"),
]


@pytest.mark.parametrize("data, message", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_unreadable_explicit_file_is_an_error_naming_it(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(read_articles([str(path)], publishers=PUBLISHERS))
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_undecodable_error_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc\x81")
    with pytest.raises(InputError, match=r"byte 0x81 at offset 3.*iconv"):
        list(read_articles([str(path)], publishers=PUBLISHERS))


def test_large_single_line_file_is_read(tmp_path: Path) -> None:
    # A long single line (no newline at all) is one story paragraph; it must not be split,
    # copied per character or scanned by the line-level detectors.
    line = "Canada's exports to China fell 10.4% in 2025, customs data showed. " * 80_000
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    art = read_one(path)
    assert art.body == ((0, len(line) - 1),)  # the trailing space is not story text
    assert len(art.text) == len(line)


# Paths: directories, globs, stdin, missing


def make_tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a").mkdir()
    (root / "a" / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "b" / "notes.md").write_text("# Exports fall\n\n" + STORY, encoding="utf-8")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "binary.txt").write_bytes(b"\x00\x01\x02")
    (root / "b" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "top.htm").write_text(
        "<html><body><article><p>" + STORY + "</p></article></body></html>", encoding="utf-8"
    )
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text(STORY, encoding="utf-8")


def describe(results: list[Article | Skip], root: Path) -> list[tuple[str, str]]:
    return [
        (
            Path(r.id if isinstance(r, Article) else r.location.path).relative_to(root).as_posix(),
            "article" if isinstance(r, Article) else r.reason,
        )
        for r in results
    ]


def test_directory_is_read_recursively_in_sorted_order_with_skips(tmp_path: Path) -> None:
    make_tree(tmp_path)
    results = list(read_articles([str(tmp_path)], publishers=PUBLISHERS))
    assert describe(results, tmp_path) == [
        ("top.htm", "article"),
        ("a/story.txt", "article"),
        ("b/binary.txt", "binary file (contains NUL bytes), not a text article"),
        ("b/empty.txt", "empty file: no text to check"),
        ("b/notes.md", "article"),
        ("b/photo.png", "not a text article (.png file)"),
    ]
    markdown = results[4]
    assert isinstance(markdown, Article) and markdown.title == "Exports fall"


def test_directory_with_nothing_readable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "empty.txt").write_bytes(b"")
    results: list[Article | Skip] = []
    with pytest.raises(InputError, match=r"no readable .* \(2 files skipped\)") as caught:
        results.extend(read_articles([str(tmp_path)], publishers=PUBLISHERS))
    assert str(caught.value).startswith(f"{tmp_path}: ")
    assert len(results) == 2 and all(isinstance(r, Skip) for r in results)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="0 files skipped"):
        list(read_articles([str(tmp_path)], publishers=PUBLISHERS))


def test_glob(tmp_path: Path) -> None:
    make_tree(tmp_path)
    results = list(read_articles([str(tmp_path / "*" / "*.txt")], publishers=PUBLISHERS))
    assert describe(results, tmp_path) == [
        ("a/story.txt", "article"),
        ("b/binary.txt", "binary file (contains NUL bytes), not a text article"),
        ("b/empty.txt", "empty file: no text to check"),
    ]


def test_glob_matching_nothing_is_an_error(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.txt")
    with pytest.raises(InputError, match="no readable") as caught:
        list(read_articles([pattern], publishers=PUBLISHERS))
    assert str(caught.value).startswith(pattern)


def test_seeds_glob_reads_all_five() -> None:
    results = list(read_articles([str(SEEDS / "*.txt")], publishers=PUBLISHERS))
    assert [Path(r.id).name[:3] for r in results if isinstance(r, Article)] == [
        "000", "001", "002", "003", "004",
    ]  # fmt: skip


def test_missing_path_is_an_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"^no/such/file\.txt: no such file or directory"):
        list(read_articles(["no/such/file.txt"], publishers=PUBLISHERS))


def test_paths_are_read_lazily(tmp_path: Path) -> None:
    # One file at a time: the first article arrives before a later bad path is touched.
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    results = read_articles([str(good), str(tmp_path / "missing.txt")], publishers=PUBLISHERS)
    assert isinstance(next(results), Article)
    with pytest.raises(InputError):
        next(results)


@pytest.mark.parametrize(
    "data, notes",
    [
        (STORY.encode("utf-8"), ()),
        (STORY.replace("'", "’").encode("cp1252"), ("decoded as cp1252",)),
    ],
    ids=["utf-8", "cp1252"],
)
def test_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, notes: tuple[str, ...]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    art = read_one("-")
    assert (art.id, art.notes, art.text.startswith("Canada")) == ("<stdin>", notes, True)


def test_stdin_binary_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01")))
    with pytest.raises(InputError, match=r"^<stdin>: binary file"):
        list(read_articles(["-"], publishers=PUBLISHERS))


def test_published_override_applies_to_every_article() -> None:
    results = list(read_articles([str(SEEDS)], published=date(2026, 2, 1), publishers=PUBLISHERS))
    assert {r.published for r in results if isinstance(r, Article)} == {date(2026, 2, 1)}


# HTML

HTML_PAGES = [
    # file, title, publisher, published, figure in the story
    (
        "dd_news_carney_beijing.html",
        "Canada and China Seek Reset as Mark Carney Calls for New Strategic Partnership in Beijing",
        "DD News",
        date(2026, 1, 16),
        "about 75%",
    ),
    (
        "global_times_premier.html",
        "Premier says China willing to foster new growth drivers with Canada; Carney’s trip "
        "‘turning point' in ties, meets business’ expectations: expert",
        "Global Times",
        date(2026, 1, 15),
        "$118.7 billion",
    ),
    (
        "canadian_press_ambassador.html",
        "China’s ambassador urges Ottawa to move fast on collaboration",
        "The Canadian Press",  # no site name in the page: the sign-off in the text names it
        date(2026, 1, 22),  # no date in the metadata: the sign-off's date
        "10 months",
    ),
]
LEAKS = ("SCRIPT_LEAK", "STYLE_LEAK", "NOSCRIPT_LEAK", "INLINE_SCRIPT_LEAK", "dataLayer", "&amp;",
         "&rsquo;", "&#", "&quot;", "&nbsp;", "<p>", "cookies", "Home")  # fmt: skip


@pytest.mark.parametrize(
    "name, title, publisher, published, figure", HTML_PAGES, ids=[c[0] for c in HTML_PAGES]
)
def test_html_page(name: str, title: str, publisher: str, published: date, figure: str) -> None:
    art = read_one(HTML / name)
    assert (art.title, art.publisher, art.published) == (title, publisher, published)
    assert in_body(art, figure)
    assert [leak for leak in LEAKS if leak in art.text] == []
    assert "main text extracted from HTML; offsets are into that text" in art.notes


def test_html_entities_are_decoded() -> None:
    art = read_one(HTML / "dd_news_carney_beijing.html")
    assert "engagement & cooperation" in art.text and "about 75% of Canadian" in art.text
    assert "“new strategic partnership”" in art.text


def test_html_dateline() -> None:
    assert read_one(HTML / "canadian_press_ambassador.html").dateline == "OTTAWA"


def test_html_related_box_never_reaches_the_story() -> None:
    art = read_one(HTML / "global_times_premier.html")
    assert "2.6% growth" not in art.text and "$11.2 billion" not in art.text


def test_html_is_sniffed_without_an_html_suffix(tmp_path: Path) -> None:
    path = tmp_path / "saved_page.txt"
    path.write_bytes((HTML / "dd_news_carney_beijing.html").read_bytes())
    art = read_one(path)
    assert art.publisher == "DD News" and "<html" not in art.text


DATED_PAGE = """<html><head><meta property="article:published_time" content="2026-01-15">
<meta property="og:site_name" content="Reuters"></head><body><article>
<p>OTTAWA — Canada's exports to China fell last year, customs data showed on Monday.</p>
<p>This report by The Canadian Press was first published Jan. 22, 2026.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "override, expected",
    [(None, date(2026, 1, 15)), (date(2026, 3, 1), date(2026, 3, 1))],
    ids=["metadata-beats-text", "override-beats-metadata"],
)
def test_html_metadata_beats_text(tmp_path: Path, override: date | None, expected: date) -> None:
    path = tmp_path / "page.html"
    path.write_text(DATED_PAGE, encoding="utf-8")
    art = read_one(path, published=override)
    assert (art.published, art.publisher) == (expected, "Reuters")


def test_html_page_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text(
        "<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"blank\.html: no article text found"):
        list(read_articles([str(path)], publishers=PUBLISHERS))


def test_article_paths_lists_what_read_articles_reads(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", ".hidden.txt", "c.md"):
        (tmp_path / name).write_text("Exports fell 3% in 2025.\n", encoding="utf-8")
    listed = list(article_paths([str(tmp_path), str(tmp_path / "*.md"), "-"]))
    directory = [str(tmp_path / name) for name in ("a.txt", "c.md", "b/2.txt")]
    assert listed == [*directory, str(tmp_path / "c.md"), "-"]
    read = [item.id for item in read_articles([str(tmp_path)], publishers=PUBLISHERS)]
    assert read == directory


def test_article_files_name_each_files_listing_and_its_last_file(tmp_path: Path) -> None:
    make_tree(tmp_path)
    top, listing = str(tmp_path / "top.htm"), str(tmp_path / "b")
    files = list(article_files([top, listing, "-"]))
    in_b = [str(tmp_path / "b" / name) for name in ("binary.txt", "empty.txt", "notes.md")]
    assert files == [
        ArticleFile(top),
        *(ArticleFile(path, listing) for path in in_b),
        ArticleFile(str(tmp_path / "b" / "photo.png"), listing, ends_listing=True),
        ArticleFile("-"),
    ]
    assert [file.is_stdin for file in files] == [False] * 5 + [True]


def test_article_files_raise_for_an_empty_listing_in_its_place(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "empty").mkdir()
    files = article_files([str(tmp_path / "top.htm"), str(tmp_path / "empty")])
    assert next(files) == ArticleFile(str(tmp_path / "top.htm"))
    with pytest.raises(InputError, match=r"empty: no readable .* \(0 files skipped\)"):
        next(files)


def test_read_article_file_skips_in_a_listing_what_it_refuses_given_itself(tmp_path: Path) -> None:
    make_tree(tmp_path)
    binary = str(tmp_path / "b" / "binary.txt")
    skip = read_article_file(ArticleFile(binary, str(tmp_path)), publishers=PUBLISHERS)
    assert isinstance(skip, Skip) and skip.reason.startswith("binary file")
    with pytest.raises(InputError, match="binary file"):
        read_article_file(ArticleFile(binary), publishers=PUBLISHERS)


def test_read_in_order_keeps_the_rules_when_files_are_read_ahead(tmp_path: Path) -> None:
    # A pool of worker processes reads ahead of the results taken: every file is read before
    # the first result is, and still a listing of nothing readable fails after its own results.
    make_tree(tmp_path)
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "photo.png").write_bytes(b"\x89PNG")

    def read_everything_first(files: Iterator[ArticleFile]) -> list[Article | Skip]:
        return [read_article_file(file, publishers=PUBLISHERS) for file in list(files)]

    results: list[Article | Skip] = []
    with pytest.raises(InputError, match=r"none: no readable .* \(1 files skipped\)"):
        results.extend(
            read_in_order([str(tmp_path), str(tmp_path / "none")], read_everything_first)
        )
    in_tree = list(read_articles([str(tmp_path)], publishers=PUBLISHERS))
    assert describe(results, tmp_path) == [
        *describe(in_tree, tmp_path),
        ("none/photo.png", "not a text article (.png file)"),
    ]


# Lines mixing every publisher cue, so that cues meet, overlap and follow each other.
CUE_LINES = st.lists(
    st.sampled_from(
        (
            "By The Canadian Press",
            "  by CP Staff",
            "Dylan Robertson, The Canadian Press",
            "This report by The Canadian Press was first published",
            "DD News Desk Reuters",
            "he told Global Times, Reuters",
            ", DD",
            "Desk",
            "told\n  Reuters Bureau",
            "Trade fell.",
            "",
        )
    ),
    max_size=8,
).map("\n".join)


@given(text=CUE_LINES)
def test_publisher_cues_are_what_the_alternation_of_the_cues_finds(text: str) -> None:
    # The cues are searched one pattern each for speed; one alternation of them all, scanned
    # with finditer, is the definition they must agree with.
    patterns = _publisher_patterns(PUBLISHERS)
    alternation = regex.compile(
        "|".join(f"(?P<{cue}>(?:{pattern.pattern}))" for cue, pattern in patterns.items()),
        flags=regex.VERBOSE | regex.MULTILINE,
    )
    expected = [
        (next(cue for cue in patterns if match[cue] is not None), match.span(), match["name"])
        for match in alternation.finditer(text)
    ]
    actual = [(cue, match.span(), match["name"]) for cue, match in _publisher_cues(text, patterns)]
    assert actual == expected
