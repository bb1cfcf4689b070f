"""``pattern-cli query DIR QUERY``: the files of a folder that match a query, as text, JSON or CSV.

Each file's full frontmatter is read (any dotted path can be asked); unreadable files never
match and are reported on stderr. Exit 0 whether or not anything matched, 2 on a bad query
(the message names its column) or a missing folder.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
from pathlib import Path
from typing import Any

from editor.cli.common import OK, USAGE, UsageError, err
from editor.model.query import QueryError, compile_query, id_map, lookup, read_folder


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="list the files of a folder that match a query",
        description="Terms joined by spaces (AND), OR, a leading - (NOT), parentheses; PATH:VALUE, PATH~TEXT, "
        "PATH<N (<=, >, >=), PATH!=VALUE, has:PATH, missing:PATH, links:SLUG, layout:v7|legacy, bare words. "
        "PATH is a dotted path or an alias (status, overall, domain, title, ...).",
    )
    p.add_argument("dir", metavar="DIR")
    # the rest of the line is read by hand: a query may begin with "-" (NOT), which argparse takes for an option
    p.add_argument("query", metavar="QUERY", nargs=argparse.REMAINDER)
    p.add_argument("--columns", default="", help="comma-separated paths or aliases to print beside slug and title")
    p.add_argument("--format", choices=_FORMATS, default="text")
    p.set_defaults(func=cmd_query)


_FORMATS = ("text", "json", "csv")


def matching(folder: Path, query: str) -> list | None:
    """The readable files of ``folder`` that match ``query`` (shared by ``query`` and ``set --where``);
    None after reporting a bad query. Unreadable files are reported and never match."""
    try:
        compile_query(query)  # a bad query is reported before any file is read
    except QueryError as exc:
        err(f"pattern-cli query: {exc}")
        return None
    subjects, errors = read_folder(folder)
    for exc in errors:
        err(f"{exc} (never matches)")
    matches = compile_query(query, id_map(subjects))
    return [s for s in subjects if matches(s)]


def _split_rest(args: argparse.Namespace) -> str:
    """The query's words (joined by spaces); ``--columns`` and ``--format`` may follow it."""
    words, rest = [], list(args.query)
    while rest:
        word = rest.pop(0)
        name, eq, value = word.partition("=")
        if name in ("--columns", "--format"):
            if not eq:
                if not rest:
                    raise UsageError(f"{name} needs a value")
                value = rest.pop(0)
            setattr(args, name[2:], value)
        else:
            words.append(word)
    if args.format not in _FORMATS:
        raise UsageError(f"--format is one of {', '.join(_FORMATS)}, not {args.format!r}")
    if not words:
        raise UsageError('query: a QUERY is needed ("" for every file)')
    return " ".join(words)


def cmd_query(args: argparse.Namespace) -> int:
    args.query = _split_rest(args)
    folder = Path(args.dir)
    if not folder.is_dir():
        raise UsageError(f"{args.dir}: not a folder")
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    selected = matching(folder, args.query)
    if selected is None:
        return USAGE
    rows = []
    for s in selected:
        row = {"file": str(folder / Path(s.file).name), "slug": lookup(s, "slug"), "title": lookup(s, "title")}
        row.update({c: lookup(s, c) for c in columns})
        rows.append(row)
    _print(rows, ["file", "slug", "title", *columns], args.format)
    return OK


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, the rest as YAML gave it."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _print(rows: list[dict], keys: list[str], fmt: str) -> None:
    if fmt == "json":
        json.dump([{k: _plain(r[k]) for k in keys} for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([_cell(r[k]) for k in keys] for r in rows)
    else:
        for r in rows:
            print("\t".join(_cell(r[k]) for k in keys))
        print(f"{len(rows)} matching", file=sys.stderr)
