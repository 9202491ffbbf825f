"""Exit codes and the error tree.

Errors are for input factcheck cannot use (an unreadable article, a malformed claims file or
reference table); a wrong figure is never an error but a `Finding`. Every error carries a
`Location` and renders as one line, `path:line: message`, which the CLI prints as is.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar

from factcheck.records import Location


class ExitCode(IntEnum):
    OK = 0  #: no finding at or above --fail-on
    FINDINGS = 1  #: at least one finding at or above --fail-on
    #: usage error, or an unreadable / malformed article, claims file or reference CSV
    BAD_INPUT = 2
    INTERNAL = 3  #: a bug; one line on stderr, traceback only with --debug


class FactcheckError(Exception):
    """Base of every error factcheck raises on purpose.

    `str(e)` is one line: `path:line: message`.
    """

    exit_code: ClassVar[ExitCode] = ExitCode.BAD_INPUT

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        text = " ".join(self.message.split())  # one line, whatever the message held
        return text if self.location is None else f"{self.location}: {text}"


class InputError(FactcheckError):
    """An article or path that cannot be read, decoded or parsed."""


class ClaimsFileError(InputError):
    """A claims file (YAML/JSONL) that is malformed; the location names its line."""


class ReferenceDataError(InputError):
    """A reference CSV with a missing column, a bad value or a conflicting duplicate key."""


class QuantityError(FactcheckError, ValueError):
    """A value string pint rejects, such as `"118.7 billion XYZ"`."""


class OutputError(FactcheckError):
    """An output path that cannot be written."""
