"""pattern-cli sub-commands for pattern files: roundtrip, set, validate, schema."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor.cli.common import FINDINGS, OK, USAGE, UsageError, add_severity_options, err, expand, report_findings
from editor.cli.query import matching
from editor.cli.ui import cmd_through_form
from editor.model import schema
from editor.model.check.validation import ERROR, Finding, config_findings, library_config, validate
from editor.model.document.document import Document
from editor.model.document.storage import file_lock, read_bytes
from editor.model.edit.values import value_for
from editor.model.errors import PatternError
from editor.model.library.index import LibraryIndex
from editor.model.paths import format_path, key_path, parse_path
from editor.model.schema.export import json_schema


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser("roundtrip", help="load and re-serialize files; report any byte that would change")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of *.md")
    p.add_argument("--out", metavar="DIR", help="write each re-serialized file to DIR/<name>")
    p.add_argument(
        "--deep",
        action="store_true",
        help="also change every value once and undo it, checking that each edit touches only its own lines",
    )
    p.add_argument(
        "--through-form",
        action="store_true",
        help="type into every text field of the form with "
        "key events (end, start, middle, select-all, clear and retype) on a copy of each file, "
        "checking only that field's lines change and its style stays",
    )
    p.set_defaults(func=cmd_roundtrip)

    p = sub.add_parser("set", help="set fields by path and save atomically")
    p.add_argument("file", metavar="FILE", help="the file; with --where, the folder whose matching files are edited")
    p.add_argument(
        "assignments",
        nargs="*",
        metavar="PATH=VALUE",
        help="e.g. ontology.commons_assessment.resilience=3.5 or 'relationships.enables[+]={slug: foo, weight: 0.5}'",
    )
    p.add_argument("--unset", action="append", metavar="PATH", help="remove a field or list item")
    p.add_argument("--dry-run", action="store_true", help="print the unified diff; write nothing")
    p.add_argument("--force", action="store_true", help="save even if the file changed on disk meanwhile")
    p.add_argument(
        "--where",
        metavar="QUERY",
        help="bulk edit: FILE is a folder; edit each of its files that match QUERY (as `pattern-cli query`)",
    )
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("validate", help="check files against the spec")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--library",
        metavar="DIR",
        help="library folder for dangling-link checks (default: the folder, when one folder is given)",
    )
    add_severity_options(p)
    p.add_argument(
        "--config", metavar="PATH", help="library config (default: .pattern-editor.toml found from each file's folder)"
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the frontmatter schema")
    p.add_argument("--format", choices=("json-schema",), default="json-schema")
    p.set_defaults(func=cmd_schema)


# ---------------------------------------------------------------- roundtrip


def cmd_roundtrip(args: argparse.Namespace) -> int:
    if getattr(args, "through_form", False):  # the form's widgets, driven headless (imports Qt)
        if args.out or args.deep:
            raise UsageError("--through-form cannot be combined with --out or --deep")
        return cmd_through_form(expand(args.paths))
    files = expand(args.paths)
    out_dir = Path(args.out) if args.out else None
    problem = _out_dir_problem(out_dir, files) if out_dir else None
    if problem:
        err(f"pattern-cli: --out {out_dir}: {problem}; nothing was written")
        return USAGE
    identical = differ = unparseable = unreadable = 0
    for path in files:
        try:
            raw = read_bytes(path)  # clear messages for links that loop, folders, huge files
            doc = schema.open_pattern(path)
        except (PatternError, OSError) as exc:
            unreadable += 1
            err(str(exc) if isinstance(exc, PatternError) else f"{path}: {exc.strerror}")
            continue
        if doc.error is not None:
            unparseable += 1
            print(f"{doc.error}  [unparseable]")
            continue
        data = doc.encode()
        if args.deep:
            problem = deep_check(doc)
            if problem:
                differ += 1
                print(f"{path}: {problem}  [edit check failed]")
                continue
        if data == raw:
            identical += 1
        else:
            differ += 1
            print(f"{path}: re-serialized bytes differ")
        if out_dir:
            try:
                (out_dir / path.name).write_bytes(data)
            except OSError as exc:
                err(f"pattern-cli: {out_dir / path.name}: cannot write: {exc.strerror or exc}")
                return USAGE
    total = len(files)
    summary = f"{total} files, {identical} identical, {differ} differ, {unparseable} unparseable"
    if unreadable:
        summary += f", {unreadable} unreadable"
    print(summary)
    if unreadable:
        return USAGE
    return FINDINGS if differ or unparseable else OK


def _out_dir_problem(out_dir: Path, files: list[Path]) -> str | None:
    """Why ``--out`` cannot take the re-serialized files, or None (the folder is then created)."""
    if out_dir.exists() and not out_dir.is_dir():
        return "is a file; give a folder"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create the folder: {exc.strerror or exc}"
    if not os.access(out_dir, os.W_OK | os.X_OK):
        return "the folder is not writable"
    inputs = {p.resolve() for p in files}
    if any((out_dir / p.name).resolve() in inputs for p in files):
        return "holds the input files; writing there would overwrite them"
    return None


def deep_check(doc: Document) -> str | None:
    """Change every scalar once and undo it: each edit must touch only its own lines and
    undoing must give back the exact text. Returns a description of the first failure."""
    original = doc.text
    for path, value in _leaves(doc.data):
        new = _other_value(value)
        try:
            change = doc.set(path, new)
        except PatternError as exc:
            return f"{format_path(path)}: {exc.message}"
        if change is None:
            continue
        changed = _changed_lines(original, doc.text)
        allowed = change.old.count("\n") + change.new.count("\n") + 2
        doc.apply(change.inverse())
        if changed > allowed:
            return f"{format_path(path)}: edit changed {changed} lines"
        if doc.text != original:
            return f"{format_path(path)}: undo did not restore the text"
    return None


def _leaves(data: Any, path: tuple = ()) -> Iterable[tuple[tuple, Any]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    else:
        yield path, data


def _other_value(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if value is None:
        return "x"
    text = str(value)
    return text[: len(text) // 2] + "Z" + text[len(text) // 2 :]


def _changed_lines(a: str, b: str) -> int:
    return sum(
        1
        for line in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


# ---------------------------------------------------------------- set


def split_assignment(text: str) -> tuple[str, str]:
    """``path=value`` where the path may itself hold ``[slug=x]`` selectors."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "=" and depth == 0:
            return text[:i], text[i + 1 :]
    raise UsageError(f"expected PATH=VALUE, got {text!r}")


def cmd_set(args: argparse.Namespace) -> int:
    """Read, edit and save under the file's save lock, so concurrent `set`s (and the window's saves)
    each see the others' saves: every run either keeps its change or says why it refused."""
    if args.where is not None:
        return _set_where(args)
    return set_file(Path(args.file), args)[0]


def set_file(path: Path, args: argparse.Namespace) -> tuple[int, bool]:
    """Apply ``args``' assignments and unsets to one file (locked unless a dry run):
    the exit code, and whether the file changed (or, dry, would change)."""
    if args.dry_run:
        return _set_locked(path, args)
    with file_lock(path):
        return _set_locked(path, args)


def _set_where(args: argparse.Namespace) -> int:
    """`set --where QUERY DIR ...`: the single-file edit on each file of DIR that matches QUERY."""
    folder = Path(args.file)
    if not folder.is_dir():
        raise UsageError(f"{args.file}: not a folder")
    for assignment in args.assignments:  # a malformed PATH=VALUE is refused before any file is read
        parse_path(split_assignment(assignment)[0])
    for raw_path in args.unset or []:
        parse_path(raw_path)
    selected = matching(folder, args.where)
    if selected is None:
        return USAGE
    matched = changed = refused = 0
    for s in selected:
        matched += 1
        code, did_change = set_file(folder / Path(s.file).name, args)
        refused += code != OK
        changed += code == OK and did_change
    print(f"{matched} files matched, {changed} changed, {refused} refused")
    return FINDINGS if refused else OK


def _set_locked(path: Path, args: argparse.Namespace) -> tuple[int, bool]:
    doc = schema.open_pattern(path)
    if doc.error is not None:
        err(f"{doc.error}\n{path}: not changed: the frontmatter does not parse")
        return USAGE, False
    before = validate(doc)
    # errors the file already had are not the edit's fault; compare by rule and message,
    # since a deleted list item shifts the paths of everything after it
    before_errors = Counter((f.rule, f.message) for f in before if f.severity == ERROR)
    edited: list[str] = []
    try:
        for assignment in args.assignments:
            raw_path, raw_value = split_assignment(assignment)
            segs = parse_path(raw_path)
            value = value_for(doc.data, segs, raw_value)
            if schema.field_for(doc.data, key_path(segs)) is None:
                err(f"{path}: note: {format_path(segs)} is not in the schema; it will be kept as written")
            doc.set(segs, value)
            edited.append(format_path(segs))
        for raw_path in args.unset or []:
            segs = parse_path(raw_path)
            doc.delete(segs)
            edited.append(format_path(segs))
    except UsageError as exc:
        err(f"{path}: {exc}")
        return USAGE, False
    except PatternError as exc:
        exc.file = exc.file or str(path)
        err(str(exc))
        return USAGE, False
    after = validate(doc)
    new_errors = []
    for f in after:
        if f.severity != ERROR:
            continue
        key = (f.rule, f.message)
        if before_errors[key] > 0:
            before_errors[key] -= 1
        else:
            new_errors.append(f)
    if new_errors:
        for f in new_errors:
            err(f.text())
        err(f"{path}: not changed: the new values do not fit the schema")
        return FINDINGS, False
    if args.dry_run:
        sys.stdout.writelines(
            difflib.unified_diff(
                doc.saved_text.splitlines(keepends=True),
                doc.text.splitlines(keepends=True),
                f"a/{path.name}",
                f"b/{path.name}",
            )
        )
        return OK, doc.dirty
    if not doc.dirty:
        print(f"{path}: unchanged (values already set)")
        return OK, False
    try:
        doc.save(force=args.force)
    except PatternError as exc:
        err(str(exc))
        return USAGE, False
    print(f"{path}: saved ({len(edited)} change{'s' if len(edited) != 1 else ''})")
    return OK, True


# ---------------------------------------------------------------- validate


def cmd_validate(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    library = None
    folder = args.library or (args.paths[0] if len(args.paths) == 1 and Path(args.paths[0]).is_dir() else None)
    if folder:
        library = LibraryIndex(folder)  # the same library the editor and `lint` see
        library.build()
    if args.config and not Path(args.config).is_file():
        err(f"{args.config}: no such config file")
        return USAGE
    findings: list[Finding] = []
    seen: set[Path | None] = set()  # each config's own problems are reported once
    for path in files:
        config = library_config(Path(path).parent, args.config)
        if config.path not in seen:
            seen.add(config.path)
            findings.extend(config_findings(config))
        try:
            doc = schema.open_pattern(path)
        except PatternError as exc:
            findings.append(Finding(str(path), exc.line or 1, exc.column or 1, "", ERROR, "unreadable", exc.message))
            continue
        findings.extend(validate(doc, library, config))
    return report_findings(findings, len(files), args)


# ---------------------------------------------------------------- schema


def cmd_schema(args: argparse.Namespace) -> int:
    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return OK
