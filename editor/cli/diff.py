"""pattern-cli sub-commands: diff.

    pattern-cli diff OLD NEW [--format text|json] [--words]
    pattern-cli diff HEAD~3:patterns/x.md               (NEW defaults to the working copy)
    pattern-cli diff --git-external PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    pattern-cli diff --textconv FILE

OLD and NEW are files or ``REV:PATH`` in a git repository. Exit 0 when nothing changed in meaning
(formatting-only counts as no change), 1 when something did, 2 for usage errors and unreadable or
unparseable input. In ``--git-external`` and ``--textconv`` modes (called by git) the exit code is 0
unless the input could not be read, because git stops at any other code.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, USAGE, UsageError
from editor.model import schema
from editor.model.diff.body import sections_of
from editor.model.diff.semantic import DiffResult, diff_documents
from editor.model.diff.text import flat_text
from editor.model.diff.version import version_from_spec
from editor.model.document.document import Document

NULL_FILE = "/dev/null"  # what git passes for the missing side of an added or deleted file


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser(
        "diff",
        help="compare two versions of a pattern field by field, link by link, section by section",
        description="Compare two versions of a pattern in its own terms: changed fields with score deltas, "
        "relationship entries matched by slug, body sections and paragraphs; formatting-only "
        "differences are listed apart. Exit 0 no change in meaning, 1 changes, 2 usage error or "
        "unreadable input.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="VERSION",
        help="OLD and NEW: files, or REV:PATH in git (HEAD~3:patterns/x.md; PATH from the repository "
        "root). With only OLD=REV:PATH, NEW is the working copy of PATH.",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--words", action="store_true", help="also show the changed words of each changed paragraph")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--git-external",
        action="store_true",
        help="be git's diff.<driver>.command: VERSION arguments are PATH OLD-FILE OLD-HEX OLD-MODE "
        "NEW-FILE NEW-HEX NEW-MODE [NEW-PATH INFO]",
    )
    mode.add_argument(
        "--textconv",
        metavar="FILE",
        help="print FILE as one line per field and per paragraph, for git's diff.<driver>.textconv",
    )
    p.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    if args.textconv:
        return _textconv(Path(args.textconv))
    if args.git_external:
        return _git_external(args.files, args)
    if not 1 <= len(args.files) <= 2:
        raise UsageError("diff needs OLD and NEW (files or REV:PATH), or one REV:PATH to compare with its working copy")
    old, working = load_version(args.files[0])
    if len(args.files) == 2:
        new, _ = load_version(args.files[1])
    elif working is not None:
        new = _load_file(working)
    else:
        raise UsageError(f"{args.files[0]} is a file: give a second version to compare it with")
    name = _difftool_name()
    if name is not None:  # git difftool -x passes two temporary files; say which file they are
        print(f"pattern diff {name}")
    if old.error is not None and new.error is None:
        # an old version that does not parse (history cannot be fixed): say so, compare the lines;
        # a new one that does not parse stays an error (exit 2 with file:line:column) to be fixed
        _line_diff(old, new, args)
        return OK if old.text == new.text else FINDINGS
    result = diff_documents(old, new)
    _print(result, args)
    return OK if result.is_empty else FINDINGS


def _difftool_name() -> str | None:
    """The file's own name when run by ``git difftool -x`` (git exports ``BASE``, the path in the
    work tree, and ``GIT_DIFF_PATH_TOTAL`` while it walks the changed files)."""
    if "GIT_DIFF_PATH_TOTAL" not in os.environ:
        return None
    name = os.environ.get("MERGED") or os.environ.get("BASE")
    if not name:
        return None
    count, total = os.environ.get("GIT_DIFF_PATH_COUNTER"), os.environ["GIT_DIFF_PATH_TOTAL"]
    return f"{name} ({count}/{total})" if count and total not in ("", "1") else name


def load_version(spec: str) -> tuple[Document, Path | None]:
    """A file, or ``REV:PATH`` read from git. Returns the document and, for REV:PATH, the working file."""
    version = version_from_spec(spec)
    working = version.path if version.rev is not None else None
    return Document.from_text(version.text, version.source, schema.HINTS), working


def _load_file(path: Path) -> Document:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; diff compares two files")
    return Document.load(path, schema.HINTS)


def _print(result: DiffResult, args: argparse.Namespace) -> None:
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        sys.stdout.write(result.to_text(words=args.words))


# ---------------------------------------------------------------- git integration


def _git_external(argv: list[str], args: argparse.Namespace) -> int:
    """git's external diff protocol: never fail on content, since git stops at a non-zero exit."""
    if len(argv) == 1:
        print(f"pattern diff {argv[0]}: unmerged")
        return OK
    if len(argv) not in (7, 9):
        raise UsageError(f"--git-external expects the 7 (or 9) arguments git passes, got {len(argv)}")
    name, old_file, new_file = argv[0], argv[1], argv[4]
    new_name = argv[7] if len(argv) == 9 else name
    header = f"pattern diff a/{name} b/{new_name}"
    if old_file == NULL_FILE or new_file == NULL_FILE:
        print(f"{header}\n{'new file' if old_file == NULL_FILE else 'deleted file'}")
        return OK
    try:
        old_text = _read_text(Path(old_file))
        new_text = _read_text(Path(new_file))
    except OSError as exc:
        print(f"{header}\ncould not read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return USAGE
    old = Document.from_text(old_text, f"a/{name}", schema.HINTS)
    new = Document.from_text(new_text, f"b/{new_name}", schema.HINTS)
    print(header)
    if old.error is not None or new.error is not None:
        _line_diff(old, new, args)  # not a pattern (a README) or a broken one
        return OK
    _print(diff_documents(old, new), args)
    return OK


def _line_diff(old: Document, new: Document, args: argparse.Namespace) -> None:
    """When a side does not parse as a pattern: say why, then fall back to a line diff of the texts."""
    errors = [str(doc.error) for doc in (old, new) if doc.error is not None]
    lines = list(difflib.unified_diff(old.text.splitlines(True), new.text.splitlines(True), old.name, new.name))
    if args.format == "json":
        data = {"changes": [], "body": [], "formatting": [], "not_compared": errors, "line_diff": "".join(lines)}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    for error in errors:
        print(f"(not compared as a pattern: {error})")
    sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in lines)


def _read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def _textconv(path: Path) -> int:
    """The file as flat lines; a file that is not a pattern is printed unchanged."""
    try:
        text = _read_text(path)
    except OSError as exc:
        print(f"{path}: {exc.strerror}", file=sys.stderr)
        return USAGE
    doc = Document.from_text(text, str(path), schema.HINTS)
    if doc.error is not None:
        sys.stdout.write(text)
        return OK
    sys.stdout.write(flat_text(doc.data, sections_of(doc.body)))
    return OK
