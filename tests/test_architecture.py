"""Boundaries and documentation that the code must keep true."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT
from eventwire.errors import ERROR_CODES
from eventwire.stages.registry import Stage, check_pipeline, default_pipeline


def test_architecture_error_codes_are_documented() -> None:
    doc = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| (EW\d{3}) \| (.+?) \|$", doc, re.MULTILINE))
    assert documented == ERROR_CODES


def test_architecture_core_imports_without_edge_packages() -> None:
    # typer cannot be blocked: spaCy itself imports it. The core must not reach the edges.
    code = (
        "import sys\n"
        "for name in ('duckdb', 'pyspark', 'fastapi', 'uvicorn'):\n"
        "    sys.modules[name] = None\n"
        "from eventwire.core import extract\n"
        "r = extract('Peru urged Chile to talk.', published='2024-01-01')\n"
        "print(len(r.events))\n"
        "edges = [m for m in sys.modules if m.startswith(('eventwire.cli', "
        "'eventwire.storage', 'eventwire.report'))]\n"
        "print(edges)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "[]"]


def test_architecture_pipeline_order_is_checked() -> None:
    stages = default_pipeline()
    check_pipeline(stages)
    reordered = [stages[0], stages[3], *stages[1:3], *stages[4:]]  # events before entities
    try:
        check_pipeline(reordered)
    except ValueError as exc:
        assert "events" in str(exc)
    else:
        raise AssertionError("events before entities was accepted")


def test_architecture_stage_contract_names_doc_attributes() -> None:
    from eventwire.extensions import DOC_ATTRIBUTES

    for stage in default_pipeline():
        assert isinstance(stage, Stage)
        for attr in (*stage.requires, *stage.assigns):
            assert attr in DOC_ATTRIBUTES, (stage.name, attr)


def _stage_imports(tree: ast.Module) -> set[str]:
    """The names under `eventwire.stages` a module imports (`events`, `registry`, ...)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            if node.module == "eventwire.stages":
                modules = [f"eventwire.stages.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[:2] == ["eventwire", "stages"] and len(parts) > 2:
                names.add(parts[2])
    return names


def test_architecture_no_stage_imports_another_stage() -> None:
    # A stage reads what earlier stages set on the Doc, never their code: shared helpers
    # live outside `stages/` (`syntax.py`, `actor_coding.py`, `extensions.py`). A stage's
    # package may import its own modules; only the registry imports every stage.
    stages_dir = ROOT / "src" / "eventwire" / "stages"
    checked = 0
    for path in sorted(stages_dir.rglob("*.py")):
        relative = path.relative_to(stages_dir)
        own = relative.parts[0].removesuffix(".py")
        if own in ("registry", "__init__"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        others = _stage_imports(tree) - {own, "registry"}
        assert not others, (str(relative), sorted(others))
        checked += 1
    assert checked >= 10


def test_architecture_stage_import_check_sees_imports() -> None:
    tree = ast.parse(
        "from eventwire.stages.amounts import NUMBER_WORDS\n"
        "def f():\n"
        "    from eventwire.stages import events\n"
        "import eventwire.stages.quotes\n"
        "from eventwire.syntax import subject_of\n"
    )
    assert _stage_imports(tree) == {"amounts", "events", "quotes"}
