"""Plant each known promise-breaking bug alone in a copy of the repository and check the tests fail.

    .venv/bin/python tools/mutation_check.py            # every mutant, its relevant tests
    .venv/bin/python tools/mutation_check.py -k fsync   # mutants whose name contains "fsync"
    .venv/bin/python tools/mutation_check.py --all      # the whole suite (minus packaging) per mutant

Each mutant is an exact text substitution in one source file. When the text is not there (the code
moved), the script says "could not plant" and fails: a mutant that cannot be planted proves nothing.
The tests are first run on the unmutated copy; if they fail there, nothing can be judged.

Exit code: 0 every mutant caught, 1 a mutant survived, 2 a mutant could not be planted or the
unmutated copy fails its tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_TESTS = ("tests/test_sticky_style.py", "tests/test_formatting_variants.py", "tests/test_document_edits.py")
STORAGE_TESTS = ("tests/test_storage.py", "tests/test_concurrent_saves.py")


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]
    every: bool = False  # replace every occurrence (at least one) instead of exactly one


MUTANTS = (
    Mutant(
        "single-quotes-become-double",
        "editor/model/document/emit.py",
        '    if quote in (">", "|"):\n        quote = \'"\'\n',
        '    if quote in (">", "|", "\'"):\n        quote = \'"\'\n',
        MODEL_TESTS,
    ),
    Mutant(
        "data-check-skipped",
        "editor/model/document/document.py",
        "        elif not equal(self.data, edit.expected):\n",
        "        elif False and not equal(self.data, edit.expected):\n",
        MODEL_TESTS,
    ),
    Mutant(
        "all-verification-and-rollback-skipped",
        "editor/model/document/document.py",
        "        if problem:\n            self._text = before\n",
        "        problem = None\n        if problem:\n            self._text = before\n",
        MODEL_TESTS,
    ),
    Mutant(
        "no-fsync", "editor/model/document/storage.py", "os.fsync(", "(lambda _fd: None)(", STORAGE_TESTS, every=True
    ),
    Mutant(
        "write-in-place-not-os-replace",
        "editor/model/document/storage.py",
        "            os.replace(tmp, target)\n",
        "            target.write_bytes(data)\n            os.remove(tmp)\n",
        STORAGE_TESTS,
    ),
    Mutant(
        "new-integer-written-as-float",
        "editor/model/document/emit.py",
        "            return f\"{mantissa}e{exp if exp[0] in '+-' else '+' + exp}\"\n        return text\n"
        "    return str(value)\n",
        "            return f\"{mantissa}e{exp if exp[0] in '+-' else '+' + exp}\"\n        return text\n"
        '    if decimals:  # an int where the neighbours write floats\n        return f"{value}.0"\n'
        "    return str(value)\n",
        MODEL_TESTS,
    ),
)

_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "*.pyc",
    "build",
    "dist",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".import_linter_cache",
)


def plant(copy: Path, mutant: Mutant) -> str | None:
    """Apply ``mutant`` to the copy; the reason it could not be planted, or None."""
    path = copy / mutant.file
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count == 0 or (count > 1 and not mutant.every):
        return f"{mutant.old!r} occurs {count} times in {mutant.file}"
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return None


def run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    existing = [t for t in tests if (copy / t.split("::")[0]).exists()]
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-n",
        "0",
        "-p",
        "no:cacheprovider",
        "-m",
        "not packaging",
        *existing,
    ]
    proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    failed = [ln.split(" - ")[0].removeprefix("FAILED ") for ln in lines if ln.startswith("FAILED ")]
    summary = lines[-1] if lines else proc.stderr.strip()[-200:]
    return proc.returncode, f"{summary}; first failure: {failed[0]}" if failed else summary


def check_import(copy: Path) -> None:
    """The copy's ``editor`` package must be the one imported, not the editable install."""
    env = dict(os.environ, PYTHONPATH=str(copy))
    out = subprocess.run(
        [sys.executable, "-c", "import editor; print(editor.__file__)"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not out.startswith(str(copy)):
        raise SystemExit(f"the copy imports editor from {out!r}, not from {copy}")


def judge(tmp: Path, base: Path, mutant: Mutant, every_test: bool) -> tuple[int, str]:
    """(0 caught / 1 survived / 2 not planted, the line to print) for one mutant in its own copy."""
    copy = tmp / mutant.name
    shutil.copytree(base, copy)
    try:
        reason = plant(copy, mutant)
        if reason is not None:
            return 2, f"could not plant {mutant.name}: {reason}"
        started = time.perf_counter()
        code, summary = run_tests(copy, ("tests",) if every_test else mutant.tests)
        took = time.perf_counter() - started
        caught = code != 0
        return (0 if caught else 1), f"{'caught  ' if caught else 'SURVIVED'} {mutant.name:40} {took:5.1f} s  {summary}"
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", default="", help="only mutants whose name contains this")
    parser.add_argument("--all", action="store_true", help="run the whole suite (minus packaging) per mutant")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="test runs at a time")
    args = parser.parse_args(argv)
    mutants = [m for m in MUTANTS if args.k in m.name]
    with tempfile.TemporaryDirectory(prefix="pe-mutants-") as tmp_name, ThreadPoolExecutor(max(1, args.jobs)) as pool:
        tmp = Path(tmp_name)
        base = tmp / "base"
        shutil.copytree(ROOT, base, ignore=_IGNORE)
        check_import(base)
        suites = sorted({("tests",) if args.all else m.tests for m in mutants})
        # the unmutated copy must pass what the mutants are judged by
        for suite, (code, summary) in zip(suites, pool.map(lambda suite: run_tests(base, suite), suites)):
            if code != 0:
                print(f"the unmutated copy fails {' '.join(suite)}: {summary}")
                return 2
        worst = 0
        for verdict, line in pool.map(lambda m: judge(tmp, base, m, args.all), mutants):
            print(line, flush=True)
            worst = max(worst, verdict)
    print("every planted bug was caught" if worst == 0 else "the suite does not catch every planted bug")
    return worst


if __name__ == "__main__":
    sys.exit(main())
