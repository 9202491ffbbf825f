"""Read claims files into records: the structured claims `factcheck gate` checks.

Input: a YAML file with a top-level `claims:` list, or the JSONL `factcheck extract` writes.
Output: `ClaimSpec` rows, values kept as the strings written, each with its file and line.
Owns the claims-file formats and their errors (`ClaimsFileError` naming `path:line`).
"""

from __future__ import annotations

import json
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import ClaimsFileError
from factcheck.read import iso_date
from factcheck.records import ClaimSpec, Location

# Fields a claims-file entry may carry (ClaimSpec's, minus the location).
CLAIM_FIELDS = (
    "id", "text", "metric", "reporter", "partner", "flow", "period", "value", "qualifier",
    "published", "publisher", "source",
)  # fmt: skip
# How errors name the type of a wrong value.
TYPE_NAMES = {
    dict: "a mapping", list: "a list", bool: "a boolean", int: "a number", float: "a number",
}  # fmt: skip
# JSONL rows as `factcheck extract` writes them: contract field -> ClaimSpec field.
EXTRACTED_FIELDS = {
    "text": "text", "metric": "metric", "reporter": "reporter", "partner": "partner",
    "flow": "flow", "period": "period", "qualifier": "qualifier", "publisher": "publisher",
    "published": "published",
}  # fmt: skip


def read_claims_file(path: str) -> list[ClaimSpec]:
    """Read a claims file (YAML with a top-level `claims:` list, or JSONL) into `ClaimSpec`s.

    Values stay strings; every problem is a `ClaimsFileError` naming `path:line`.
    Example: a file `claims:\n  - id: a\n    text: Exports fell 10.4%.` gives one spec with
    `id="a"` and `location.line == 2`.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ClaimsFileError(
            f"cannot read claims file: {err.strerror}", Location(path=path)
        ) from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ClaimsFileError("claims file is not UTF-8 text", Location(path=path)) from err
    specs = (
        _claims_from_jsonl(text, path) if _is_jsonl(path, text) else _claims_from_yaml(text, path)
    )
    _check_unique_ids(specs)
    return specs


def _is_jsonl(path: str, text: str) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return True
    return suffix not in (".yaml", ".yml") and text.lstrip().startswith("{")


def _claims_from_yaml(text: str, path: str) -> list[ClaimSpec]:
    try:
        root, data = _load_yaml(text)
    except yaml.MarkedYAMLError as err:
        # A problem found only at the end of the file ("[unclosed") lies where its context began.
        at_end = err.problem_mark is None or err.problem_mark.index >= len(text.rstrip())
        mark = (err.context_mark if at_end else None) or err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = ", ".join(part for part in (err.context, err.problem) if part)
        raise ClaimsFileError(f"malformed YAML: {problem}", Location(path=path, line=line)) from err
    except yaml.YAMLError as err:  # the reader's errors (control characters) carry no mark
        raise ClaimsFileError(f"malformed YAML: {err}", Location(path=path, line=1)) from err
    claims_node = _claims_node(root, data, path)
    return [
        _claim_spec(item, node.start_mark.line + 1, path, _field_lines(node, path))
        for item, node in zip(data["claims"], claims_node.value, strict=True)
    ]


def _load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The composed root node (for line numbers) and its value, built by the safe constructor."""
    loader = yaml.SafeLoader(text)
    try:
        # The safe constructor refuses python/* tags, so no object is ever built.
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def _claims_node(root: yaml.Node | None, data: Any, path: str) -> yaml.SequenceNode:
    if not isinstance(data, dict) or "claims" not in data:
        line = root.start_mark.line + 1 if root is not None else 1
        raise ClaimsFileError(
            "no top-level 'claims' list; start the file with `claims:`",
            Location(path=path, line=line),
        )
    assert isinstance(root, yaml.MappingNode)  # a dict can only come from a mapping node
    node = next(value for key, value in root.value if key.value == "claims")
    if not isinstance(node, yaml.SequenceNode):
        raise ClaimsFileError(
            "'claims' must be a list of claims", Location(path=path, line=node.start_mark.line + 1)
        )
    return node


def _field_lines(node: yaml.Node, path: str) -> dict[str, int]:
    """Each field's line; a field given twice is an error (YAML would keep the last silently)."""
    lines: dict[str, int] = {}
    for key, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        line = key.start_mark.line + 1
        if str(key.value) in lines:
            raise ClaimsFileError(
                f"field '{key.value}' given twice (also at line {lines[str(key.value)]})",
                Location(path=path, line=line),
            )
        lines[str(key.value)] = line
    return lines


def _claims_from_jsonl(text: str, path: str) -> list[ClaimSpec]:
    specs = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise ClaimsFileError(
                f"invalid JSON: {err.msg} (column {err.colno})", Location(path=path, line=number)
            ) from err
        if isinstance(item, dict) and {"article", "start", "end"} <= item.keys():
            item = _from_extracted(item)
        specs.append(_claim_spec(item, number, path, {}))
    return specs


def _from_extracted(row: dict[str, Any]) -> dict[str, Any]:
    """A row `factcheck extract` wrote, as a claim: the mention text plus any context fields."""
    claim = {field: row[key] for key, field in EXTRACTED_FIELDS.items() if row.get(key) is not None}
    claim["id"] = row.get("id") or f"{row['article']}#{row['start']}-{row['end']}"
    claim["source"] = str(row["article"])
    unit = row.get("currency") or row.get("unit")
    if unit and isinstance(row.get("value"), int | float) and not isinstance(row["value"], bool):
        claim["value"] = f"{row['value']} {unit}"
    return claim


def _claim_spec(item: Any, line: int, path: str, field_lines: dict[str, int]) -> ClaimSpec:
    where = Location(path=path, line=line)
    if not isinstance(item, dict):
        raise ClaimsFileError(f"a claim must be a mapping, got {_type_name(item)}", where)
    for key in item:
        if key not in CLAIM_FIELDS:
            close = get_close_matches(str(key), CLAIM_FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(CLAIM_FIELDS)}"
            key_line = field_lines.get(str(key), line)
            raise ClaimsFileError(
                f"unknown field '{key}'; {hint}", Location(path=path, line=key_line)
            )
    if "id" not in item:
        raise ClaimsFileError("claim has no 'id'", where)
    fields = {
        key: _field_text(key, value, Location(path=path, line=field_lines.get(key, line)))
        for key, value in item.items()
    }
    if fields.get("value") is None and fields.get("text") is None:
        raise ClaimsFileError(
            f"claim '{fields['id']}' has neither 'value' nor 'text'; give one", where
        )
    return ClaimSpec(location=where, **fields)


def _field_text(key: str, value: Any, where: Location) -> str:
    """A claim field as a string, refusing types that cannot mean what the field says."""
    if key == "published" and isinstance(value, date):
        return value.isoformat()
    if key == "published" and isinstance(value, str) and iso_date(value) is None:
        raise ClaimsFileError(f"'published' must be a date like 2026-01-15, got '{value}'", where)
    numeric_ok = key in ("id", "value", "period")
    if isinstance(value, str) and value.strip():
        return value
    if numeric_ok and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    expected = "a string or a number" if numeric_ok else "a string"
    raise ClaimsFileError(f"'{key}' must be {expected}, got {_type_name(value)}", where)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "an empty string"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def _check_unique_ids(specs: list[ClaimSpec]) -> None:
    first_line: dict[str, int | None] = {}
    for spec in specs:
        if spec.id in first_line:
            raise ClaimsFileError(
                f"duplicate claim id '{spec.id}' (also at line {first_line[spec.id]})",
                spec.location,
            )
        first_line[spec.id] = spec.location.line
