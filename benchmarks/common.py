"""Timing helpers: best-of-N wall time, printed beside a baseline measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "patterns"
SEED = ROOT / "patterns" / "restorative-practices-helpers.md"


def best(fn: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    """Best of ``repeat`` runs of ``number`` calls, in seconds per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def frontmatter_of(text: str) -> str:
    """The YAML between the first two '---' lines (for the CSafeLoader baseline)."""
    start = text.index("---") + 3
    start = text.index("\n", start) + 1
    end = text.find("\n---", start - 1)
    return text[start : end + 1]


def csafe_parse(fm: str) -> object:
    return yaml.load(fm, Loader=yaml.CSafeLoader)


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def section(self, title: str) -> None:
        print(f"\n== {title}")

    def line(
        self, name: str, seconds: float, baseline: float | None = None, target: str = "", against: str = "CSafeLoader"
    ) -> None:
        """One figure; with ``baseline`` also its ratio to that baseline, named by ``against`` (a
        baseline is only given where it measures the same work, done the plain way, in this run)."""
        ratio = f"{seconds / baseline:6.2f}x {against}" if baseline else ""
        shown = f"{seconds * 1e3:10.3f} ms"
        base = f"(baseline {baseline * 1e3:.3f} ms)" if baseline else ""
        print(f"  {name:<46}{shown}  {ratio:<20}{base:<26}{target}")

    def value(self, name: str, text: str, target: str = "") -> None:
        print(f"  {name:<46}{text:>13}  {target}")
