"""The mutation check (tools/mutation_check.py): every planted promise-breaking bug makes the suite fail.

It takes 45-60 s of wall time on the 2-core build machine (about 20 s of CPU: a copy of the
repository and its relevant tests per mutant), so it is marked ``slow`` and runs only with
``PE_MUTATION=1 .venv/bin/python -m pytest tests/test_mutation_check.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("PE_MUTATION"), reason="45-60 s; set PE_MUTATION=1 to run")
def test_every_planted_bug_is_caught() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "mutation_check.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("caught ") == 6, proc.stdout


def test_a_mutant_that_cannot_be_planted_is_reported(tmp_path: Path) -> None:
    """Planting is exact text substitution: code that moved makes the check fail loudly, not pass."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import mutation_check
    finally:
        sys.path.remove(str(ROOT / "tools"))
    for mutant in mutation_check.MUTANTS:  # each still finds its text in today's code
        assert (ROOT / mutant.file).read_text().count(mutant.old) >= 1, mutant.name
    moved = tmp_path / mutation_check.MUTANTS[0].file
    moved.parent.mkdir(parents=True)
    moved.write_text("moved on\n")
    reason = mutation_check.plant(tmp_path, mutation_check.MUTANTS[0])
    assert reason is not None and "occurs 0 times" in reason
