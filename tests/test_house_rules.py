"""House rules of issue 11, checked on every run: small modules, no import cycles, formatted code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    big = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "editor").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"split these modules (over {MAX_LINES} lines): {big}"


def test_no_import_cycles() -> None:
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (pip install -e '.[test]')")
    graph = grimp.build_graph("editor", exclude_type_checking_imports=True)
    edges = nx.DiGraph((m, i) for m in graph.modules for i in graph.find_modules_directly_imported_by(m))
    # a package's face importing its own children is not a cycle of the house
    edges.remove_edges_from([(a, b) for a, b in list(edges.edges) if b.startswith(a + ".")])
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_ruff_format_is_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(ruff), "format", "--check", "."], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr
