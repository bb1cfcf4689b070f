"""pattern-cli sub-commands: merge.

    pattern-cli merge BASE OURS THEIRS [-o OUT]

A three-way merge in the pattern's own terms: fields by path, relationship entries by slug, body
sections by heading and then by paragraph. OURS' text is the starting point; THEIRS' changes
(against BASE) are applied to it as exact edits. Exit 0 clean, 1 conflicts (OUT holds them between
``<<<<<<< ours`` / ``=======`` / ``>>>>>>> theirs`` markers and ``OUT.conflicts.json`` lists them),
2 usage error or a file that cannot be read or parsed (OUT untouched).

As a git merge driver (``.gitattributes``: ``*.md merge=pattern``)::

    git config merge.pattern.driver "pattern-cli merge %O %A %B -o %A"

``--path %P`` puts the record beside the pattern rather than beside git's temporary copy of OURS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, UsageError, err
from editor.model.merge.merge import RECORD_SUFFIX, merge_files, write_result


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser(
        "merge",
        help="three-way merge of a pattern: fields by path, links by slug, body by section and paragraph",
        description="Merge THEIRS' changes (against BASE) into OURS, field by field, relationship entry by "
        "slug, body section by heading and paragraph; every other byte of OURS is kept. Exit 0 clean, "
        f"1 conflicts (marked in the output, listed in OUT{RECORD_SUFFIX}), 2 usage error or unreadable "
        "input. As a git merge driver: pattern-cli merge %%O %%A %%B -o %%A",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor")
    p.add_argument("ours", metavar="OURS", help="our version: the merge starts from its text")
    p.add_argument("theirs", metavar="THEIRS", help="their version: its changes are applied")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=f"write the result here (atomically), with OUT{RECORD_SUFFIX} when there are conflicts; "
        "default: print it (no record)",
    )
    p.add_argument(
        "--path",
        metavar="PATH",
        help=f"the file's own path, for git's %%P: messages name it and the record goes to PATH{RECORD_SUFFIX} "
        "instead of beside git's temporary OUT",
    )
    p.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in (args.base, args.ours, args.theirs)]
    for p in paths:
        if p.is_dir():
            raise UsageError(f"{p} is a folder; merge takes three files")
    result = merge_files(*paths)  # a LoadError or ParseError reaches main: file:line:col, exit 2
    shown = args.path or args.output or "<stdout>"
    record = Path(args.path + RECORD_SUFFIX) if args.path else None
    if args.output:
        record = write_result(result, Path(args.output), record)
    else:
        sys.stdout.write(result.text)
    for c in result.conflicts:
        err(f"{shown}:{c.line}: conflict ({c.kind}) in {c.path}: {c.change}")
    if result.conflicts:
        n = len(result.conflicts)
        err(f"{n} conflict{'s' if n != 1 else ''}" + (f"; record in {record}" if args.output else ""))
        return FINDINGS
    return OK
