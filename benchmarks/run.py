"""Run every benchmark: ``python benchmarks/run.py [name ...]``.

Each figure is printed beside a baseline measured in the same run (PyYAML's CSafeLoader
parsing the same frontmatters), so a busy machine still gives meaningful ratios.
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import Report  # noqa: E402


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    print(f"Python {platform.python_version()} on {platform.platform()}")
    report = Report()
    for name in names:
        importlib.import_module(f"bench_{name}").run(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
