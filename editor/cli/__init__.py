"""pattern-cli: the editor's model without a window.

Exit codes: 0 ok, 1 findings or differences, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from editor import __version__
from editor.model import schema
from editor.model.check.validation import ERROR, SEVERITY_ORDER, Finding, summarize, validate
from editor.model.document.document import Document
from editor.model.document.yamlnode import load_value
from editor.model.errors import PatternError
from editor.model.paths import format_path, key_path, parse_path

OK, FINDINGS, USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _err(message: str) -> None:
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


# ---------------------------------------------------------------- roundtrip

def cmd_roundtrip(args: argparse.Namespace) -> int:
    if getattr(args, "through_form", False):  # the form's widgets, driven headless (imports Qt)
        if args.out or args.deep:
            raise UsageError("--through-form cannot be combined with --out or --deep")
        from editor.cli.ui import cmd_through_form

        return cmd_through_form(expand(args.paths))
    from editor.model.document.storage import read_bytes

    files = expand(args.paths)
    out_dir = Path(args.out) if args.out else None
    problem = _out_dir_problem(out_dir, files) if out_dir else None
    if problem:
        _err(f"pattern-cli: --out {out_dir}: {problem}; nothing was written")
        return USAGE
    identical = differ = unparseable = unreadable = 0
    for path in files:
        try:
            raw = read_bytes(path)  # clear messages for links that loop, folders, huge files
            doc = schema.open_pattern(path)
        except (PatternError, OSError) as exc:
            unreadable += 1
            _err(str(exc) if isinstance(exc, PatternError) else f"{path}: {exc.strerror}")
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
                _err(f"pattern-cli: {out_dir / path.name}: cannot write: {exc.strerror or exc}")
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
    import os

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
    import datetime as dt

    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if value is None:
        return "x"
    text = str(value)
    return text[: len(text) // 2] + "Z" + text[len(text) // 2:]


def _changed_lines(a: str, b: str) -> int:
    return sum(1 for line in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---")))


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
            return text[:i], text[i + 1:]
    raise UsageError(f"expected PATH=VALUE, got {text!r}")


def parse_value(text: str) -> Any:
    """A YAML scalar or flow value: ``0.5``, ``"x"``, ``[a, b]``, ``{slug: x, weight: 0.5}``."""
    if not text.strip():
        return ""
    try:
        return load_value(text)
    except PatternError as exc:
        raise UsageError(f"value {text!r} is not valid YAML: {exc.message}") from None


_TEXT_KINDS = ("text", "longtext", "url", "slug", "id")


def value_for(data: Any, path: tuple, raw: str) -> Any:
    """The value to set from the command line: text fields take the text as typed (``title=No``,
    ``version=1.10``), other fields a parsed YAML value."""
    f = schema.field_for(data, key_path(path))
    if f is not None and f.kind in _TEXT_KINDS:
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            return parse_value(raw)  # quoted on purpose: YAML's own escapes apply
        return raw
    return parse_value(raw)


def cmd_set(args: argparse.Namespace) -> int:
    """Read, edit and save under the file's save lock, so concurrent `set`s (and the window's saves)
    each see the others' saves: every run either keeps its change or says why it refused."""
    if args.dry_run:
        return _set_locked(args)
    from editor.model.document.storage import file_lock

    with file_lock(Path(args.file)):
        return _set_locked(args)


def _set_locked(args: argparse.Namespace) -> int:
    path = Path(args.file)
    doc = schema.open_pattern(path)
    if doc.error is not None:
        _err(f"{doc.error}\n{path}: not changed: the frontmatter does not parse")
        return USAGE
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
                _err(f"{path}: note: {format_path(segs)} is not in the schema; it will be kept as written")
            doc.set(segs, value)
            edited.append(format_path(segs))
        for raw_path in args.unset or []:
            segs = parse_path(raw_path)
            doc.delete(segs)
            edited.append(format_path(segs))
    except UsageError as exc:
        _err(f"{path}: {exc}")
        return USAGE
    except PatternError as exc:
        exc.file = exc.file or str(path)
        _err(str(exc))
        return USAGE
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
            _err(f.text())
        _err(f"{path}: not changed: the new values do not fit the schema")
        return FINDINGS
    if args.dry_run:
        sys.stdout.writelines(difflib.unified_diff(
            doc.saved_text.splitlines(keepends=True), doc.text.splitlines(keepends=True),
            f"a/{path.name}", f"b/{path.name}"))
        return OK
    if not doc.dirty:
        print(f"{path}: unchanged (values already set)")
        return OK
    try:
        doc.save(force=args.force)
    except PatternError as exc:
        _err(str(exc))
        return USAGE
    print(f"{path}: saved ({len(edited)} change{'s' if len(edited) != 1 else ''})")
    return OK


# ---------------------------------------------------------------- validate

def cmd_validate(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    library = None
    folder = args.library or (args.paths[0] if len(args.paths) == 1 and Path(args.paths[0]).is_dir() else None)
    if folder:
        from editor.model.library.index import LibraryIndex

        library = LibraryIndex(folder)  # the same library the editor and `lint` see
        library.build()
    findings: list[Finding] = []
    for path in files:
        try:
            doc = schema.open_pattern(path)
        except PatternError as exc:
            findings.append(Finding(str(path), exc.line or 1, exc.column or 1, "", ERROR, "unreadable",
                                    exc.message))
            continue
        findings.extend(validate(doc, library))
    return report_findings(findings, len(files), args)


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
        _err(f"{files} files: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
    if any(f.rule == "unreadable" for f in findings):
        return USAGE
    threshold = SEVERITY_ORDER[args.fail_on]
    return FINDINGS if any(SEVERITY_ORDER[f.severity] <= threshold for f in findings) else OK


# ---------------------------------------------------------------- schema

def cmd_schema(args: argparse.Namespace) -> int:
    from editor.model.schema.export import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return OK


# ---------------------------------------------------------------- main

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pattern-cli", description="Read, check and edit pattern files "
                                     "without a window. Exit 0 ok, 1 findings/differences, 2 usage or "
                                     "unreadable input.")
    parser.add_argument("--version", action="version", version=f"pattern-cli {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("roundtrip", help="load and re-serialize files; report any byte that would change")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of *.md")
    p.add_argument("--out", metavar="DIR", help="write each re-serialized file to DIR/<name>")
    p.add_argument("--deep", action="store_true", help="also change every value once and undo it, checking "
                   "that each edit touches only its own lines")
    p.add_argument("--through-form", action="store_true", help="type into every text field of the form with "
                   "key events (end, start, middle, select-all, clear and retype) on a copy of each file, "
                   "checking only that field's lines change and its style stays")
    p.set_defaults(func=cmd_roundtrip)

    p = sub.add_parser("set", help="set fields by path and save atomically")
    p.add_argument("file", metavar="FILE")
    p.add_argument("assignments", nargs="*", metavar="PATH=VALUE",
                   help="e.g. ontology.commons_assessment.resilience=3.5 or "
                        "'relationships.enables[+]={slug: foo, weight: 0.5}'")
    p.add_argument("--unset", action="append", metavar="PATH", help="remove a field or list item")
    p.add_argument("--dry-run", action="store_true", help="print the unified diff; write nothing")
    p.add_argument("--force", action="store_true", help="save even if the file changed on disk meanwhile")
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("validate", help="check files against the spec")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--library", metavar="DIR", help="library folder for dangling-link checks "
                   "(default: the folder, when one folder is given)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                   help="lowest severity that makes the exit code 1 (default: error)")
    p.add_argument("--min-severity", choices=("error", "warning", "info"), default="info",
                   help="lowest severity printed (default: info, i.e. everything)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the frontmatter schema")
    p.add_argument("--format", choices=("json-schema",), default="json-schema")
    p.set_defaults(func=cmd_schema)

    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


# Each module adds its sub-commands with ``register(subparsers)``; none imports Qt at load time.
_COMMAND_MODULES = ("editor.cli.library", "editor.cli.diff", "editor.cli.ui")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        _err(f"pattern-cli: {exc}")
        return USAGE
    except PatternError as exc:
        _err(str(exc))
        return USAGE
    except BrokenPipeError:  # `pattern-cli ... | head`
        return OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
