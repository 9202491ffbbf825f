"""The module layering of docs/design.md, checked on the source: each module imports only
modules below it, and only the CLI prints, exits or touches click."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"
# Highest layer first; a module may import only modules that come after it.
LAYERS = [
    "cli",
    "pipeline",
    "report",
    "crosscheck",
    "verify",
    "figures",
    "context",
    "countries",
    "periods",
    "normalize",
    "extraction",
    "claimsfile",
    "read",
    "reference",
    "units",
    "keywords",
    "errors",
    "records",
]
HEAVY = {"pandas", "pint"}
# Stages that must start fast (`factcheck extract`) import no heavy library at module level.
LIGHT_MODULES = [
    "extraction",
    "normalize",
    "context",
    "countries",
    "periods",
    "keywords",
    "read",
    "records",
    "errors",
    "report",
    "pipeline",
]


def _imports(module: str, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", LAYERS)
def test_module_imports_only_lower_layers(module: str) -> None:
    allowed = {f"factcheck.{lower}" for lower in LAYERS[LAYERS.index(module) + 1 :]}
    internal = {name for name in _imports(module) if name.startswith("factcheck.")}
    # `from factcheck import __version__` is the package itself, not a stage.
    assert internal - allowed - {"factcheck"} == set()


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_fast_modules_do_not_import_heavy_libraries_at_import_time(module: str) -> None:
    top_level = {name.split(".")[0] for name in _imports(module, top_level_only=True)}
    assert top_level & HEAVY == set()


@pytest.mark.parametrize("module", [name for name in LAYERS if name != "cli"])
def test_only_the_cli_prints_exits_or_uses_click(module: str) -> None:
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "print" not in calls
    assert "click" not in {name.split(".")[0] for name in _imports(module)}
    assert "sys.exit" not in source
