"""factcheck: check the numbers in news about international trade.

The public API, re-exported lazily (PEP 562) so that `factcheck --help` does not pay for
importing every stage: `extract`, `check`, `gate`, `read_articles`, `load_reference`, the
records and the errors.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "extract": "factcheck.pipeline",
    "check": "factcheck.pipeline",
    "gate": "factcheck.pipeline",
    "claims_of": "factcheck.pipeline",
    "iter_extracted": "factcheck.pipeline",
    "read_articles": "factcheck.read",
    "article_from_text": "factcheck.read",
    "read_claims_file": "factcheck.claimsfile",
    "extract_mentions": "factcheck.extraction",
    "load_reference": "factcheck.reference",
    "ReferenceData": "factcheck.reference",
    "Report": "factcheck.report",
    "render": "factcheck.report",
    "Article": "factcheck.records",
    "Mention": "factcheck.records",
    "Amount": "factcheck.records",
    "Context": "factcheck.records",
    "Claim": "factcheck.records",
    "Finding": "factcheck.records",
    "Skip": "factcheck.records",
    "Verdict": "factcheck.records",
    "Kind": "factcheck.records",
    "Metric": "factcheck.records",
    "ExitCode": "factcheck.errors",
    "FactcheckError": "factcheck.errors",
    "InputError": "factcheck.errors",
    "ClaimsFileError": "factcheck.errors",
    "ReferenceDataError": "factcheck.errors",
    "QuantityError": "factcheck.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
