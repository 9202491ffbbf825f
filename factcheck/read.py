"""Read articles into records.

Input: paths (files, directories read recursively, globs, `-` for stdin) holding plain text,
Markdown or saved HTML pages. Output: `Article` (decoded text, title, publisher, publication
date, dateline, body-vs-chrome spans) or `Skip` per file. Owns decoding, HTML-to-text, metadata
detection from the text and page-chrome detection. Claims files are `factcheck.claimsfile`'s.
"""

from __future__ import annotations

import functools
import glob
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypeVar

import regex

from factcheck.errors import InputError
from factcheck.records import Article, Location, Publisher, Skip

STDIN_ID = "<stdin>"
T = TypeVar("T")
# A news article is well under 1 MB; a file 25 times that is a dump, not an article, and
# checking one would take minutes and gigabytes. It is refused with the reason, not cut.
MAX_ARTICLE_BYTES = 25_000_000
# Inside a directory only these are read as articles; anything else is reported as a Skip.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", "")
HTML_SUFFIXES = (".html", ".htm")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words after a name that make it a byline of the outlet rather than the outlet's full name.
BYLINE_SUFFIXES = ("Staff", "News Desk", "Desk", "Bureau", "Correspondent", "Reporter")
# How sure a cue before an outlet's name makes us that the outlet published the article.
# Keys are those of CUE_PATTERNS.
CUE_STRENGTH = {"signoff": 4, "desk": 3, "byline": 3, "signature": 2, "told": 1}
# Quotes and brackets that may follow a sentence's final stop.
CLOSING_MARKS = "\"'\u201d\u2019)]"
# Words whose presence makes a short line a caption candidate (checked before the pattern).
CAPTION_WORDS = ("photo", "picture", "image")
# What a line of a page can be (see _line_kind).
BLANK, PROSE, HEADLINE, METADATA, MARKER, OTHER = (
    "blank", "prose", "headline", "metadata", "marker", "other"
)  # fmt: skip
# Lines longer than this are story paragraphs, never metadata, headlines or captions.
SHORT_LINE = 200
# A run of at least this many headline-like lines in the story is a related-stories list.
HEADLINE_RUN = 3

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERN = regex.compile(
    rf"""
    (?P<weekday>\b(?:{"|".join(WEEKDAYS)}),?\s+)?  # a weekday marks a page-save header
    (?:
        \b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b
            # month first: "Jan. 22, 2026", "January 16, 2026"
      | \b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>\d{{4}})\b
            # day first: "14 Jan, 2026"
      | \b(?P<year>\d{{4}})-(?P<monthnumber>\d{{2}})-(?P<day>\d{{2}})\b
            # ISO, as content systems write it: "2026-01-14"
    )
    (?P<time>,?\s+\d{{1,2}}:\d{{2}})?  # a time of day makes it a timestamp
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)
PUBLISHED_CUE = regex.compile(
    r"""
    \b(?:first[ ])?published\b  # "Published:", "was first published"
    | \bposted\b                # "Posted Jan 5, 2026"
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)
DATELINE_PATTERN = regex.compile(
    r"""
    (?P<dateline>\p{Lu}[\p{Lu}.'\u2019-]*(?:[ ]\p{Lu}[\p{Lu}.'\u2019-]*){0,3})
        # the place in capitals: "OTTAWA", "NEW YORK", "ST. JOHN'S"
    (?:,[ ][\p{L}\d. ]{1,30}?)?  # a province or a date: "HALIFAX, N.S." "BEIJING, Jan 15"
    (?:[ ]\([^()\n]{1,40}\))?    # the agency: "BEIJING (Reuters)"
    [ ]?[\u2014\u2013-]{1,2}[ ]            # the dash that ends every dateline
    """,
    flags=regex.VERBOSE,
)
TAIL_MARKER = regex.compile(
    r"""
    ^\W*(?:
        more[ ](?:\w+[ ]){0,3}(?:articles|stories|news)  # "MORE National ARTICLES"
      | related[ ](?:articles|stories|news|coverage)     # "Related stories"
      | (?:you[ ]may[ ]also[ ]like|read[ ]more|most[ ](?:read|popular)|trending[ ]now)
            # recommendation boxes
    )\W*$
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)
CAPTION_PATTERN = regex.compile(
    r"""
    \b(?:picture|photo|image)[ ]?(?:courtesy|credit)?[ ]?:  # "Picture Courtesy:", "Photo: VCG"
    | \((?:photo|file[ ]photo|image)\b                     # "(Photo by ...)"
    | ^\W*full[ ]screen[ ]image\W*$                        # a gallery button's label
    """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)
GLOB_CHARACTERS = regex.compile(r"[*?\[]")  # a path holding one of these is a pattern
FOUR_DIGITS = regex.compile(r"\d{4}")  # a cheap test that a line may hold a date
# Words of a byline or agency line: a date next to them is the publication date.
BYLINE_WORDS = regex.compile(r"\b(?:by|press|desk|staff|news)\b", flags=regex.IGNORECASE)
MARKDOWN_PREFIX = regex.compile(r"^\s*(?:#{1,6}\s+|[-*•·]\s+)")  # headings and bullets
MARKDOWN_HEADING = regex.compile(r"^#{1,6}[ \t]+\w")
# What may precede an outlet's name, one pattern per cue (keys of CUE_STRENGTH), tried in this
# order where two could start at the same place. One alternation of all five is several times
# slower: regex then tries it at every position, while each cue alone is found by its first
# characters.
CUE_PATTERNS = {
    "signoff": r"This[ ]report[ ]by",  # the Canadian Press sign-off
    # A byline line: "by DD Staff". Looking behind for the line start lets regex find the
    # pattern by its letters instead of trying the line-start anchor at every position.
    "byline": r"(?<=^[ \t]*)[Bb]y",
    "desk": r"\bDesk",  # a desk: "Darpan News Desk The Canadian Press"
    "told": r"\btold",  # state outlets credit their own interviews
    "signature": r",",  # a signature: "Dylan Robertson, The Canadian Press"
}
# Every cue but the byline's holds one of these: a line without them (or "by") has no cue.
CUE_WORDS = ("This report by", "Desk", "told", ",")
BY = ("By", "by")
# A name after a comma signs the story only at the end of its line ("..., Xinhua reported"
# credits a source).
CUE_FOLLOWERS = {"signature": r"(?=[ \t]*$)"}
LEADING_ARTICLE = regex.compile(
    r"""^the\s+  # "The Canadian Press" is also named "Canadian Press" """,
    flags=regex.VERBOSE | regex.IGNORECASE,
)


class ArticleFile(NamedTuple):
    """One file to read as an article, as `article_files` lists it.

    `listed_in` is the directory or glob that named it, None for a path given itself (or `-`):
    what cannot be read is a `Skip` in a listing and an `InputError` given itself.
    `ends_listing` marks a listing's last file, after which a listing of nothing readable is
    an error.
    """

    path: str
    listed_in: str | None = None
    ends_listing: bool = False

    @property
    def is_stdin(self) -> bool:
        return self.path == "-" and self.listed_in is None


def read_articles(
    paths: Sequence[str],
    *,
    published: date | None = None,
    publishers: Sequence[Publisher] | None = None,
) -> Iterator[Article | Skip]:
    """Yield an `Article` per readable file, and a `Skip` for what a directory holds besides.

    Files named explicitly must be readable (else `InputError`); inside a directory or glob,
    what is not a text article is a `Skip` with the reason. One file is read at a time.
    Example: `next(read_articles(["seeds/"])).id` → `"seeds/000_489be147ec2b68c2.txt"`.
    """
    read = functools.partial(read_article_file, published=published, publishers=publishers)
    return read_in_order(paths, lambda files: map(read, files))


def read_in_order(
    paths: Sequence[str], read: Callable[[Iterator[ArticleFile]], Iterable[T]]
) -> Iterator[T]:
    """What `read` makes of each file `paths` stand for, in order, by `read_articles`'s rules.

    `read` gets every file as one stream and yields, per file and in order, a `Skip` or what
    it made of the article; it may read them anywhere, in worker processes for instance. A
    directory or glob in which nothing was readable raises `InputError` after its last result.
    Example: `read_in_order(["seeds/"], lambda files: map(read_article_file, files))` is
    `read_articles(["seeds/"])`.
    """
    waiting: deque[ArticleFile] = deque()  # listed, and not yet back from `read`

    def listed() -> Iterator[ArticleFile]:
        for file in article_files(paths):
            waiting.append(file)
            yield file

    readable = skipped = 0
    for result in read(listed()):
        file = waiting.popleft()
        yield result
        if file.listed_in is None:
            continue
        if isinstance(result, Skip):
            skipped += 1
        else:
            readable += 1
        if file.ends_listing:
            if not readable:
                raise _nothing_readable(file.listed_in, skipped)
            readable = skipped = 0


def article_files(paths: Sequence[str]) -> Iterator[ArticleFile]:
    """The files `read_articles` reads for `paths`, in its order, each with its listing.

    An empty directory, or a glob matching nothing, is an `InputError` in its place.
    Example: `next(article_files(["seeds/"])).listed_in` → `"seeds/"`.
    """
    for path in paths:
        files = None if path == "-" else _expanded(path)
        if files is None:
            yield ArticleFile(path)
            continue
        previous = next(files, None)
        if previous is None:
            raise _nothing_readable(path, 0)
        for file in files:
            yield ArticleFile(previous, path)
            previous = file
        yield ArticleFile(previous, path, ends_listing=True)


def read_article_file(
    file: ArticleFile,
    *,
    published: date | None = None,
    publishers: Sequence[Publisher] | None = None,
) -> Article | Skip:
    """Read one file of `article_files` (`-` is stdin), by the rules of its listing.

    Example: `read_article_file(ArticleFile("archive/a.png", "archive/")).reason` → `"not a
    text article (.png file)"`; a file given itself is read whatever its suffix, and raises
    `InputError` when it cannot be.
    """
    if file.is_stdin:
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        _check_size(len(data), STDIN_ID)
        return _article_from_bytes(data, STDIN_ID, published, publishers)
    if file.listed_in is None:
        return _read_file(file.path, published, publishers)
    suffix = Path(file.path).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        return Skip(location=Location(path=file.path), reason=f"not a text article ({suffix} file)")
    try:
        return _read_file(file.path, published, publishers)
    except InputError as err:
        return Skip(location=Location(path=file.path), reason=err.message)


def article_paths(paths: Sequence[str]) -> Iterator[str]:
    """The files `read_articles` reads for `paths`, in its order, without reading them.

    Directories are walked (sorted, hidden files skipped) and globs expanded; a file or `-` is
    itself. For splitting a batch across machines. Example: `list(article_paths(["seeds/"]))[0]`
    → `"seeds/000_489be147ec2b68c2.txt"`.
    """
    for path in paths:
        files = None if path == "-" else _expanded(path)
        yield from [path] if files is None else files


def article_from_text(
    text: str,
    *,
    id: str,  # noqa: A002 -- the Article field's name, part of the documented interface
    title: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    dateline: str | None = None,
    notes: Sequence[str] = (),
    publishers: Sequence[Publisher] | None = None,
) -> Article:
    """Build an `Article` from decoded text, detecting what the arguments leave open.

    Detects the title, publisher (from `publishers`, by default the reference table),
    publication date, dateline and the body spans (story text, as opposed to page chrome).
    Example: `article_from_text("OTTAWA — Trade grew.", id="a", publishers=()).dateline`
    → `"OTTAWA"`.
    """
    known = tuple(_default_publishers() if publishers is None else publishers)
    lines = _split_lines(text)
    dates = [_dates(line) for _, _, line in lines]
    kinds = [
        _line_kind(line, line_dates) for (_, _, line), line_dates in zip(lines, dates, strict=True)
    ]
    first_prose = kinds.index(PROSE) if PROSE in kinds else len(lines)
    # Without any story paragraph there is no page header to tell apart: all of it is story.
    header = range(first_prose) if first_prose < len(lines) else range(0)
    title = title or _detect_title(lines, kinds, header)
    body_flags = _classify(lines, kinds, header, title, known)
    return Article(
        id=id,
        text=text,
        title=title,
        publisher=publisher or _detect_publisher(text, known),
        published=published or _detect_published(lines, dates),
        dateline=dateline or _detect_dateline(lines, first_prose),
        body=_spans(lines, body_flags),
        notes=tuple(notes),
    )


def _default_publishers() -> tuple[Publisher, ...]:
    # Imported here so that reading a file does not load the reference tables until needed.
    from factcheck.reference import load_publishers

    return load_publishers()


def _nothing_readable(listing: str, skipped: int) -> InputError:
    return InputError(
        f"no readable plain text, Markdown or HTML article here ({skipped} files skipped)",
        Location(path=listing),
    )


def _expanded(path: str) -> Iterator[str] | None:
    """The files a directory or glob stands for; None for a path naming one file."""
    if os.path.isdir(path):
        return _walk(path)
    if os.path.exists(path) or not GLOB_CHARACTERS.search(path):
        return None
    return _expand_glob(path)


def _walk(directory: str) -> Iterator[str]:
    # Hidden files and directories (.git, .DS_Store) are not articles, as for git and ripgrep.
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (os.path.join(root, f) for f in sorted(files) if not f.startswith("."))


def _expand_glob(pattern: str) -> Iterator[str]:
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            yield from _walk(match)
        else:
            yield match


def _read_file(
    path: str, published: date | None, publishers: Sequence[Publisher] | None
) -> Article:
    try:
        _check_size(os.stat(path).st_size, path)
        data = Path(path).read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file or directory; check the path", Location(path=path)) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", Location(path=path)) from err
    return _article_from_bytes(data, path, published, publishers)


def _check_size(size: int, path: str) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{size / 1e6:.1f} MB is larger than an article can be"
            f" ({MAX_ARTICLE_BYTES / 1e6:.0f} MB at most); split the file into articles",
            Location(path=path),
        )


def _article_from_bytes(
    data: bytes, path: str, published: date | None, publishers: Sequence[Publisher] | None
) -> Article:
    text, notes = _decode(data, path)
    if not text or text.isspace():
        raise InputError("empty file: no text to check", Location(path=path))
    if Path(path).suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        return _article_from_html(text, path, published, publishers, notes)
    return article_from_text(text, id=path, published=published, notes=notes, publishers=publishers)


def _decode(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with a BOM, or cp1252 with a note."""
    notes: tuple[str, ...] = ()
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif b"\x00" in data:
            raise InputError(
                "binary file (contains NUL bytes), not a text article", Location(path=path)
            )
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf_error:
        text, notes = _decode_legacy(data, path, utf_error), ("decoded as cp1252",)
    # "\r\n" first, so that a Windows line ending becomes one newline, not two.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, notes


def _decode_legacy(data: bytes, path: str, utf_error: UnicodeDecodeError) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"invalid UTF-16 text at byte {utf_error.start}", Location(path=path)
        ) from utf_error
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError(
            f"cannot decode: not UTF-8 (byte 0x{data[utf_error.start]:02x} at offset"
            f" {utf_error.start}) nor cp1252; convert it to UTF-8, e.g. with"
            " `iconv -f <encoding> -t UTF-8`",
            Location(path=path),
        ) from err


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _article_from_html(
    html: str,
    path: str,
    published: date | None,
    publishers: Sequence[Publisher] | None,
    notes: tuple[str, ...],
) -> Article:
    # Imported here: trafilatura takes about a second to import and plain text never needs it.
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        # Only dates the page states in its metadata: the extensive search guesses from text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise InputError("no article text found in this HTML page", Location(path=path))
    known = tuple(_default_publishers() if publishers is None else publishers)
    sitename = document.sitename and (
        _match_publisher(document.sitename, known) or document.sitename
    )
    return article_from_text(
        document.text,
        id=path,
        title=document.title or None,
        publisher=sitename or None,
        published=published or iso_date(document.date),
        notes=(*notes, "main text extracted from HTML; offsets are into that text"),
        publishers=known,
    )


def iso_date(text: str | None) -> date | None:
    """The date an ISO string starts with, else None.

    Example: `iso_date("2026-01-15T09:00")` → `date(2026, 1, 15)`.
    """
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _split_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every line, the newline excluded."""
    lines = []
    start = 0
    for line in text.split("\n"):
        lines.append((start, start + len(line), line))
        start += len(line) + 1
    return lines


def _line_kind(text: str, dates: list[regex.Match[str]]) -> str:
    """What a line is, judged from its own text and `_dates(text)` (plain string tests first:
    this runs per line)."""
    if not text or text.isspace():
        return BLANK
    if len(text) > SHORT_LINE:
        return PROSE
    if TAIL_MARKER.match(text):  # anchored at the line's start: match, not a search
        return MARKER
    if _is_caption(text) or any(_date_score(text, match) >= 4 for match in dates):
        return METADATA
    if len(text.split()) >= 6 and _ends_sentence(text):
        return PROSE
    return HEADLINE if not dates and _is_headline(text) else OTHER


def _dates(text: str) -> list[regex.Match[str]]:
    """The dates of a short line (long lines are story paragraphs, whose dates say nothing about
    the article's own)."""
    if len(text) > SHORT_LINE or not FOUR_DIGITS.search(text):
        # The cheap four-digit test spares the date pattern on the many lines without a year.
        return []
    return list(DATE_PATTERN.finditer(text))


def _is_caption(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in CAPTION_WORDS) and bool(CAPTION_PATTERN.search(text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSING_MARKS)[-1:] in (".", "!", "?")


def _is_headline(text: str) -> bool:
    """Several words, no final punctuation, not all capitals: "Canada and China Seek Reset"."""
    stripped = MARKDOWN_PREFIX.sub("", text).strip()
    return (
        len(stripped.split()) >= 3
        and stripped.rstrip(CLOSING_MARKS)[-1:] not in (".", ",", ";", ":")
        and stripped.upper() != stripped
    )


def _is_title_case(text: str) -> bool:
    long_words = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    capitalized = sum(w[0].isupper() for w in long_words)
    return bool(long_words) and capitalized >= 0.6 * len(long_words)


def _same_text(line: str, title: str | None) -> bool:
    return (
        title is not None
        and title.strip() in line
        and MARKDOWN_PREFIX.sub("", line).strip() == title.strip()
    )


def _detect_title(lines: list[tuple[int, int, str]], kinds: list[str], header: range) -> str | None:
    for index in header:
        text = lines[index][2]
        if kinds[index] == HEADLINE or MARKDOWN_HEADING.match(text):
            return MARKDOWN_PREFIX.sub("", text).strip()
    return None


def _classify(
    lines: list[tuple[int, int, str]],
    kinds: list[str],
    header: range,
    title: str | None,
    publishers: tuple[Publisher, ...],
) -> list[bool | None]:
    """True for story lines, False for chrome, None for blank lines (neither)."""
    flags: list[bool | None] = [None if kind == BLANK else True for kind in kinds]
    cues = _publisher_patterns(publishers)
    title_seen = False
    for index in header:
        # Before the story only the headline is the article's own text; the rest is chrome.
        is_title = not title_seen and _same_text(lines[index][2], title)
        title_seen = title_seen or is_title
        if flags[index] is not None:
            flags[index] = is_title
    for index in range(header.stop, len(lines)):
        text, kind = lines[index][2], kinds[index]
        if kind == MARKER:
            flags[index:] = [None if flag is None else False for flag in flags[index:]]
            break
        if kind == METADATA or (kind in (HEADLINE, OTHER) and _is_byline(text, cues)):
            flags[index] = False
        elif kind != BLANK and _same_text(text, title):
            flags[index] = not title_seen
            title_seen = True
    _mark_headline_runs(lines, kinds, flags, header.stop)
    return flags


def _is_byline(text: str, cues: dict[str, regex.Pattern[str]]) -> bool:
    """A short line that signs the story: "Dylan Robertson, The Canadian Press"."""
    if not any(word in text for word in CUE_WORDS) and text.lstrip(" \t")[:2] not in BY:
        return False  # most lines: no cue at all, so none of the five searches is needed
    cue = next((cue for cue, _ in _publisher_cues(text, cues)), None)
    return cue is not None and CUE_STRENGTH[cue] >= CUE_STRENGTH["signature"]


def _mark_headline_runs(
    lines: list[tuple[int, int, str]], kinds: list[str], flags: list[bool | None], start: int
) -> None:
    run: list[int] = []
    for index in range(start, len(lines) + 1):
        if index < len(lines) and kinds[index] == BLANK:
            continue  # blank lines neither make nor break a list of headlines
        if index < len(lines) and kinds[index] == HEADLINE and _is_title_case(lines[index][2]):
            run.append(index)
            continue
        if len(run) >= HEADLINE_RUN:
            for member in run:
                flags[member] = False
        run = []


def _spans(
    lines: list[tuple[int, int, str]], flags: list[bool | None]
) -> tuple[tuple[int, int], ...]:
    """Merge story lines (and the blank lines between them) into half-open spans."""
    spans: list[tuple[int, int]] = []
    open_start: int | None = None
    last_end = 0
    for (start, _, text), flag in zip(lines, flags, strict=True):
        if flag is True:
            # Spans start and end on story text, not on the whitespace around it.
            first = start + len(text) - len(text.lstrip())
            open_start = first if open_start is None else open_start
            last_end = start + len(text.rstrip())
        elif flag is False and open_start is not None:
            spans.append((open_start, last_end))
            open_start = None
    if open_start is not None:
        spans.append((open_start, last_end))
    return tuple(spans)


def _detect_published(
    lines: list[tuple[int, int, str]], dates: list[list[regex.Match[str]]]
) -> date | None:
    """The best-cued date on a short line: "Published ..." > byline timestamp > a bare header."""
    best: tuple[int, date] | None = None
    for (_, _, text), matches in zip(lines, dates, strict=True):
        for match in matches:
            found = _date_of(match)
            score = _date_score(text, match)
            if found and score > 0 and (best is None or score > best[0]):
                best = (score, found)
    return best[1] if best else None


def _date_of(match: regex.Match[str]) -> date | None:
    month = match["monthnumber"] or MONTHS.get(match["month"].casefold(), 0)
    try:
        return date(int(match["year"]), int(month), int(match["day"]))
    except ValueError:
        return None


def _date_score(line: str, match: regex.Match[str]) -> int:
    # A save header ("Thursday, February 5, 2026") only counts when nothing better exists.
    rest = line[: match.start()] + line[match.end() :]
    score = 2 if len(rest.split()) <= 3 else 0  # the date (almost) alone on its line
    score += 4 if PUBLISHED_CUE.search(line, 0, match.start()) else 0
    score += 2 if match["time"] else 0
    score += 2 if BYLINE_WORDS.search(line) else 0
    return score - (1 if match["weekday"] else 0)


def _detect_dateline(lines: list[tuple[int, int, str]], first_prose: int) -> str | None:
    if first_prose >= len(lines):
        return None
    match = DATELINE_PATTERN.match(lines[first_prose][2][:SHORT_LINE])
    return match["dateline"] if match else None


@functools.cache
def _publisher_patterns(publishers: tuple[Publisher, ...]) -> dict[str, regex.Pattern[str]]:
    """One pattern per cue: the cue, then an outlet's name (and a byline word like "Staff")."""
    names = {
        _strip_article(name) for p in publishers for name in (p.name, *p.aliases) if name.strip()
    }
    alternatives = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    suffixes = "|".join(regex.escape(s) for s in BYLINE_SUFFIXES)
    return {
        cue: regex.compile(
            rf"""
            (?:{cue_pattern})\s+(?:[Tt]he\s+)?
            (?P<name>{alternatives or "(?!)"})(?:\s+(?:{suffixes}))?\b
            {CUE_FOLLOWERS.get(cue, "")}
            """,
            flags=regex.VERBOSE | regex.MULTILINE,
        )
        for cue, cue_pattern in CUE_PATTERNS.items()
    }


def _publisher_cues(
    text: str, patterns: dict[str, regex.Pattern[str]]
) -> Iterator[tuple[str, regex.Match[str]]]:
    """(cue, match) in text order, never overlapping: what `finditer` of the alternation of the
    cues' patterns gives, leftmost first and, at the same start, in CUE_PATTERNS order."""
    upcoming = {cue: pattern.search(text) for cue, pattern in patterns.items()}
    while any(upcoming.values()):
        cue, match = min(
            ((cue, match) for cue, match in upcoming.items() if match is not None),
            key=lambda pair: pair[1].start(),  # min keeps the first of equals: CUE_PATTERNS order
        )
        yield cue, match
        for other, pending in upcoming.items():
            if pending is not None and pending.start() < match.end():
                upcoming[other] = patterns[other].search(text, match.end())


def _detect_publisher(text: str, publishers: tuple[Publisher, ...]) -> str | None:
    """The outlet the text names in its byline, sign-off or own-interview credit."""
    if not publishers:
        return None
    best: tuple[int, str] | None = None
    for cue, match in _publisher_cues(text, _publisher_patterns(publishers)):
        strength = CUE_STRENGTH[cue]
        if best is None or strength > best[0]:
            best = (strength, match["name"])
    return _match_publisher(best[1], publishers) if best else None


def _strip_article(name: str) -> str:
    return LEADING_ARTICLE.sub("", name.strip())


def _match_publisher(name: str, publishers: tuple[Publisher, ...]) -> str | None:
    return _publisher_names(publishers).get(_strip_article(name).casefold())


@functools.cache
def _publisher_names(publishers: tuple[Publisher, ...]) -> dict[str, str]:
    """Each name and alias, without "The" and casefolded, to its outlet (the first listed wins)."""
    names: dict[str, str] = {}
    for publisher in publishers:
        for name in (publisher.name, *publisher.aliases):
            names.setdefault(_strip_article(name).casefold(), publisher.name)
    return names
