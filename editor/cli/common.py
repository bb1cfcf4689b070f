"""What every pattern-cli sub-command shares: exit codes, error output, file arguments, findings.

Exit codes: 0 ok, 1 findings or differences, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from editor.model.check.validation import SEVERITY_ORDER, Finding

OK, FINDINGS, USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out; ``main`` prints it and exits with USAGE."""


def err(message: str) -> None:
    print(message, file=sys.stderr)


def expand(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder means every ``*.md`` directly in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.md")))
        else:
            out.append(p)
    return out


def add_severity_options(p: argparse.ArgumentParser) -> None:
    """``--format``, ``--fail-on`` and ``--min-severity``, for the commands that report findings."""
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    p.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        default="info",
        help="lowest severity printed (default: info, i.e. everything)",
    )


def report_findings(findings: list[Finding], files: int, args: argparse.Namespace) -> int:
    """Print findings as text or JSON (validate and lint share this) and choose the exit code."""
    shown = [f for f in findings if SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[args.min_severity]]
    if args.format == "json":
        json.dump([f.as_dict() for f in shown], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for f in shown:
            print(f.text())
        counts = summarize(findings)
        err(f"{files} files: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
    if any(f.rule == "unreadable" for f in findings):
        return USAGE
    threshold = SEVERITY_ORDER[args.fail_on]
    return FINDINGS if any(SEVERITY_ORDER[f.severity] <= threshold for f in findings) else OK


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings counted by severity."""
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts
