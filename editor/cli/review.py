"""pattern-cli sub-commands: review, blame.

    pattern-cli review                       the working tree against HEAD
    pattern-cli review REV                   REV against its parent
    pattern-cli review A..B | A...B | A B    a range (A...B: from the merge base)
    pattern-cli review [REVS] -- PATHS...    only these paths (git pathspecs)
    pattern-cli blame FILE [PATH...]         the commit that last changed each field's value

``review`` exits 0 when no pattern changed in meaning (formatting-only and other files do not
count), 1 when one did, 2 for usage errors and git problems. ``blame`` exits 0, or 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, UsageError
from editor.model.diff.blame import blame
from editor.model.diff.report import RENDERERS
from editor.model.diff.review import review

FORMATS = ("text", "json", "markdown", "html")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser(
        "review",
        usage="pattern-cli review [REV_A [REV_B]] [--format text|json|markdown|html] [-- PATHS...]",
        help="review every changed pattern of a commit, a range or the working tree, with a roll-up",
        description="Every changed file of a range with its semantic diff (as `diff` gives it) and a "
        "roll-up of score changes, relationships, layout migrations and formatting-only files. No "
        "revision: the working tree against HEAD; one: that commit against its parent; A..B, A...B "
        "(from the merge base) or A B. Blobs are read through one git process. Exit 0 no change in "
        "meaning, 1 changes, 2 usage error or git problem.",
    )
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-C", dest="folder", metavar="FOLDER", default=".", help="run as if started in FOLDER")
    p.add_argument("rest", nargs=argparse.REMAINDER, metavar="REV_A [REV_B] [-- PATHS...]", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_review)

    b = sub.add_parser(
        "blame",
        help="the commit that last changed each field's value (not its line), following renames",
        description="For every field of FILE (or the given dotted paths, e.g. "
        "ontology.commons_assessment.overall_score, or a last key such as overall_score), the commit, "
        "author, date and summary of the change that last changed its value. Follows renames. "
        "Uncommitted changes show as 'not committed yet'.",
    )
    b.add_argument("file", metavar="FILE")
    b.add_argument("paths", nargs="*", metavar="PATH", help="dotted field paths (default: every field)")
    b.add_argument("--format", choices=("text", "json"), default="text")
    b.set_defaults(func=cmd_blame)


def split_rest(rest: list[str], fmt: str, folder: str) -> tuple[list[str], list[str], str, str]:
    """(revisions, paths, format, folder) from what follows ``review``: options may come after the
    revisions; everything after ``--`` is a path."""
    if "--" in rest:
        at = rest.index("--")
        before, paths = rest[:at], rest[at + 1 :]
    else:
        before, paths = rest, []
    revs: list[str] = []
    i = 0
    while i < len(before):
        arg = before[i]
        if arg in ("--format", "-C"):
            if i + 1 >= len(before):
                raise UsageError(f"{arg} needs a value")
            value = before[i + 1]
            if arg == "-C":
                folder = value
            else:
                fmt = value
            i += 2
            continue
        if arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
        elif arg.startswith("-") and not arg.startswith("-C"):
            raise UsageError(f"unknown option {arg} (paths go after --)")
        else:
            revs.append(arg)
        i += 1
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if len(revs) > 2:
        raise UsageError("review takes at most two revisions (REV_A REV_B, A..B or A...B); paths go after --")
    return revs, paths, fmt, folder


def cmd_review(args: argparse.Namespace) -> int:
    revs, paths, fmt, folder = split_rest(args.rest, args.format, args.folder)
    if not Path(folder).is_dir():
        raise UsageError(f"{folder} is not a folder")
    result = review(folder, revs, paths)
    if fmt == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        sys.stdout.write(RENDERERS[fmt](result))
    changed = any(f.pattern and not f.formatting_only for f in result.files)
    return FINDINGS if changed else OK


def cmd_blame(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; blame takes one pattern file")
    lines = blame(path, args.paths)
    if args.format == "json":
        json.dump([line.to_json() for line in lines], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return OK
    width = max((len(line.path) for line in lines), default=0)
    for line in lines:
        print(f"{line.short}  {line.date[:10]}  {line.author:<16.16}  {line.path:<{width}}  {line.summary}")
    return OK
