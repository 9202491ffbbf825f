"""Claims files: YAML and JSONL read into `ClaimSpec`s, every problem a located one-line error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.claimsfile import read_claims_file
from factcheck.errors import ClaimsFileError

VALID_YAML = """\
# The seeds' headline figures.
claims:
  - id: two-way-2024
    metric: trade_value
    reporter: CAN
    partner: CHN
    flow: two_way
    period: 2024
    value: "118.7 billion CAD"
    qualifier: exact
    source: https://example.org/pmo
  - id: customs-fall
    text: Chinese customs data showed that imports of Canadian goods fell by 10.4% in 2025.
    published: 2026-01-15
    publisher: Global Times
  - id: 7
    value: 75.9
    period: "2024"
"""


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_yaml_claims(tmp_path: Path) -> None:
    specs = read_claims_file(write(tmp_path, VALID_YAML))
    assert [(s.id, s.location.line) for s in specs] == [
        ("two-way-2024", 3), ("customs-fall", 12), ("7", 16),
    ]  # fmt: skip
    first, second, third = specs
    assert (first.metric, first.period, first.value, first.flow) == (
        "trade_value",
        "2024",
        "118.7 billion CAD",
        "two_way",
    )
    assert first.text is None and first.source == "https://example.org/pmo"
    assert second.text is not None and second.text.endswith("10.4% in 2025.")
    assert (second.published, second.publisher, second.value) == (
        "2026-01-15",
        "Global Times",
        None,
    )
    assert (third.value, third.period) == ("75.9", "2024")
    assert str(first.location) == f"{tmp_path / 'claims.yaml'}:3"


def test_empty_claims_list(tmp_path: Path) -> None:
    assert read_claims_file(write(tmp_path, "claims: []\n")) == []


def test_jsonl_claims_as_written_by_extract(tmp_path: Path) -> None:
    rows = [
        {"article": "seeds/001.txt", "start": 10, "end": 24, "text": "$118.7 billion",
         "kind": "money", "value": 118700000000, "unit": None, "currency": None,
         "qualifier": "exact", "in_body": True},
        {"article": "seeds/002.txt", "start": 5, "end": 10, "text": "10.4%",
         "kind": "percent_change", "value": 10.4, "unit": "percent", "currency": None,
         "metric": "trade_change", "reporter": "CHN", "partner": "CAN", "flow": "imports",
         "period": "2025", "direction": "down"},
        {"article": "seeds/003.txt", "start": 1, "end": 5, "text": "$5bn", "kind": "money",
         "value": 5e9, "currency": "USD", "id": "given-id"},
    ]  # fmt: skip
    path = write(tmp_path, "\n".join(json.dumps(r) for r in rows) + "\n\n", "claims.jsonl")
    first, second, third = read_claims_file(path)
    assert (first.id, first.text, first.value, first.source, first.location.line) == (
        "seeds/001.txt#10-24",
        "$118.7 billion",
        None,
        "seeds/001.txt",
        1,
    )
    assert (second.value, second.metric, second.reporter, second.partner, second.flow) == (
        "10.4 percent",
        "trade_change",
        "CHN",
        "CAN",
        "imports",
    )
    assert (third.id, third.value) == ("given-id", "5000000000.0 USD")


def test_jsonl_plain_claims_are_sniffed(tmp_path: Path) -> None:
    path = write(
        tmp_path, '{"id": "a", "value": "75.9 percent", "metric": "trade_share"}\n', "claims.txt"
    )
    (spec,) = read_claims_file(path)
    assert (spec.id, spec.value, spec.location.line) == ("a", "75.9 percent", 1)


CLAIM_ERRORS = [
    # id, file name, content, line, message
    ("malformed-yaml", "c.yaml", "claims:\n  - id: a\n    value: [unclosed\n", 3, "malformed YAML"),
    ("bad-indentation", "c.yaml", "claims:\n  - id: a\n   value: x\n", 3, "malformed YAML"),
    (
        "python-object-tag",
        "c.yaml",
        "claims:\n  - id: a\n    value: !!python/object/apply:os.system ['true']\n",
        3,
        "python/object",
    ),
    ("no-claims-key", "c.yaml", "items:\n  - id: a\n", 1, "no top-level 'claims' list"),
    ("empty-file", "c.yaml", "", 1, "no top-level 'claims' list"),
    ("top-level-list", "c.yaml", "- id: a\n  value: x\n", 1, "no top-level 'claims' list"),
    ("claims-not-a-list", "c.yaml", "title: x\nclaims:\n  id: a\n", 3, "'claims' must be a list"),
    (
        "claim-not-a-mapping",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n  - just a string\n",
        4,
        "a claim must be a mapping, got",
    ),
    ("missing-id", "c.yaml", "claims:\n  - value: 118.7 billion CAD\n", 2, "claim has no 'id'"),
    (
        "neither-value-nor-text",
        "c.yaml",
        "claims:\n  - id: a\n    metric: trade_value\n",
        2,
        "neither 'value' nor 'text'",
    ),
    (
        "unknown-field-with-hint",
        "c.yaml",
        "claims:\n  - id: a\n    vaule: x\n",
        3,
        "unknown field 'vaule'; did you mean 'value'?",
    ),
    (
        "unknown-field",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n    colour: red\n",
        4,
        "unknown field 'colour'; known: id",
    ),
    (
        "wrong-type-list",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n    reporter: [CAN]\n",
        4,
        "'reporter' must be a string, got a list",
    ),
    (
        "wrong-type-bool",
        "c.yaml",
        "claims:\n  - id: a\n    value: yes\n",
        3,
        "'value' must be a string or a number, got a boolean",
    ),
    (
        "wrong-type-number",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n    metric: 5\n",
        4,
        "'metric' must be a string, got a number",
    ),
    (
        "empty-value",
        "c.yaml",
        "claims:\n  - id: a\n    value:\n",
        3,
        "'value' must be a string or a number, got nothing",
    ),
    (
        "bad-published",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n    published: last week\n",
        4,
        "'published' must be a date",
    ),
    (
        "duplicate-ids",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n  - id: b\n    value: y\n  - id: a\n    value: z\n",
        6,
        "duplicate claim id 'a' (also at line 2)",
    ),
    (
        "field-given-twice",
        "c.yaml",
        "claims:\n  - id: a\n    value: x\n    value: y\n",
        4,
        "field 'value' given twice (also at line 3)",
    ),
    ("jsonl-invalid", "c.jsonl", '{"id": "a", "value": "x"}\n{"id": "b", \n', 2, "invalid JSON"),
    (
        "jsonl-not-object",
        "c.jsonl",
        '{"id": "a", "value": "x"}\n[1, 2]\n',
        2,
        "a claim must be a mapping",
    ),
    (
        "jsonl-duplicate",
        "c.jsonl",
        '{"id": "a", "value": "x"}\n\n{"id": "a", "text": "y"}\n',
        3,
        "duplicate claim id 'a' (also at line 1)",
    ),
    (
        "jsonl-unknown-field",
        "c.jsonl",
        '{"id": "a", "value": "x", "vlaue": 3}\n',
        1,
        "unknown field 'vlaue'",
    ),
]


@pytest.mark.parametrize(
    "name, content, line, message", [c[1:] for c in CLAIM_ERRORS], ids=[c[0] for c in CLAIM_ERRORS]
)
def test_claims_file_errors(
    tmp_path: Path, name: str, content: str, line: int, message: str
) -> None:
    path = write(tmp_path, content, name)
    with pytest.raises(ClaimsFileError) as caught:
        read_claims_file(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "data, message",
    [(None, "cannot read claims file"), (b"claims:\n  - id: \xff\n", "not UTF-8")],
    ids=["missing", "not-utf8"],
)
def test_unreadable_claims_file(tmp_path: Path, data: bytes | None, message: str) -> None:
    path = tmp_path / "claims.yaml"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(ClaimsFileError, match=message) as caught:
        read_claims_file(str(path))
    assert str(caught.value).startswith(str(path))


def test_yaml_never_constructs_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    content = f"claims:\n  - id: a\n    value: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(ClaimsFileError):
        read_claims_file(write(tmp_path, content))
    assert not marker.exists()


@given(st.text(max_size=200))
def test_claims_parser_only_raises_claims_file_errors(text: str) -> None:
    # Any text a user might save as a claims file gives specs or a located one-line error.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            specs = read_claims_file(str(path))
        except ClaimsFileError as err:
            assert str(err).startswith(str(path)) and "\n" not in str(err)
        else:
            assert all(spec.location.line is not None for spec in specs)
