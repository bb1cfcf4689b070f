"""pattern-cli sub-commands for a whole library folder: index, search, graph, new, rename, lint."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, USAGE, add_severity_options, err, report_findings
from editor.model.errors import PatternError
from editor.model.library.index import LibraryIndex


def _index(args: argparse.Namespace) -> LibraryIndex | None:
    folder = Path(args.dir)
    if not folder.is_dir():
        err(f"{folder}: not a folder")
        return None
    index = LibraryIndex(folder, use_cache=not args.no_cache)
    index.build()
    return index


def _folder_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the library folder (every *.md directly in it)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the index cache")


# ---------------------------------------------------------------- index


def cmd_index(args: argparse.Namespace) -> int:
    index = _index(args)
    if index is None:
        return USAGE
    broken = index.unparseable()
    hard = sum(len(e.relationships) for e in index)
    inferred = sum(len(e.inferred) for e in index)
    dangling = index.dangling()
    stats = index.stats
    report = {
        "folder": str(index.folder),
        "files": len(index),
        "patterns": len(index) - len(broken),
        "unparseable": len(broken),
        "relationships": hard,
        "inferred_links": inferred,
        "dangling_links": sum(1 for link in dangling if not link.inferred),
        "dangling_inferred_links": sum(1 for link in dangling if link.inferred),
        "build_seconds": round(stats.seconds, 4),
        "parsed": stats.parsed,
        "from_cache": stats.reused,
        "workers": stats.workers,
        "cache": stats.cache,
        "errors": [
            {"file": e.path, "line": e.error[1], "column": e.error[2], "message": e.error[0]} for e in broken if e.error
        ],
    }
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for e in broken:
            print(f"{e.error_text}  [unparseable]")
        print(
            f"{report['patterns']} patterns, {report['unparseable']} unparseable files, {hard} relationships "
            f"({report['dangling_links']} dangling), {inferred} inferred links "
            f"({report['dangling_inferred_links']} dangling)"
        )
        print(
            f"indexed in {stats.seconds:.3f} s: {stats.parsed} files parsed with {stats.workers} "
            f"process{'es' if stats.workers != 1 else ''}, {stats.reused} from the cache ({stats.cache})"
        )
    return FINDINGS if broken else OK


# ---------------------------------------------------------------- search


def cmd_search(args: argparse.Namespace) -> int:
    from editor.model.library.search import search

    index = _index(args)
    if index is None:
        return USAGE
    hits = search(index, args.query, limit=args.limit)
    if args.format == "json":
        json.dump(
            [{"slug": h.slug, "title": h.title, "score": round(h.score, 2), "field": h.field} for h in hits],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        for h in hits:
            print(f"{h.score:6.1f}  {h.slug:<40} {h.title}  [{h.field}]")
    return OK if hits else FINDINGS


# ---------------------------------------------------------------- graph


def cmd_graph(args: argparse.Namespace) -> int:
    from editor.model.library import graph, graph_export

    if args.overview:
        return _overview(args)
    if args.slug is None:
        err("give a SLUG, or --overview for the whole library")
        return USAGE
    if args.format == "svg":
        err("--format svg is for --overview only")
        return USAGE
    index = _index(args)
    if index is None:
        return USAGE
    if args.depth < 1:
        err("--depth must be 1 or more")
        return USAGE
    if not index.has_slug(args.slug) and not index.inbound(args.slug):
        err(f"{index.folder}: no pattern {args.slug!r} and no link to it")
        return USAGE
    sub = graph.neighbourhood(index, args.slug, args.depth, inferred=not args.no_inferred, max_nodes=args.max_nodes)
    if args.format == "dot":
        sys.stdout.write(graph_export.to_dot(sub, args.slug))
        return OK
    out = graph_export.to_json(sub)
    if args.layout:
        pos = graph.layout(sub, args.slug)
        for node in out["nodes"]:
            node["x"], node["y"] = pos[node["slug"]]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return OK


def _overview(args: argparse.Namespace) -> int:
    from editor.model.library import overview

    if args.slug is not None:
        err("--overview takes no SLUG")
        return USAGE
    index = _index(args)
    if index is None:
        return USAGE
    view = overview.domain_overview(index, args.by, inferred=not args.no_inferred and args.inferred)
    if args.format == "dot":
        sys.stdout.write(overview.to_dot(view))
    elif args.format == "svg":
        sys.stdout.write(overview.to_svg(view))
    else:
        json.dump(view.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    return OK


# ---------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace) -> int:
    from editor.model.library.newpattern import create_pattern

    index = _index(args)
    if index is None:
        return USAGE
    try:
        path = create_pattern(index.folder, args.title, index=index, summary=args.summary)
    except ValueError as exc:
        err(f"{index.folder}: {exc}")
        return USAGE
    index.save_cache()
    print(path)
    return OK


# ---------------------------------------------------------------- rename


def cmd_rename(args: argparse.Namespace) -> int:
    from editor.model.library.rename import apply, plan_rename

    index = _index(args)
    if index is None:
        return USAGE
    try:
        plan = plan_rename(index, args.old, args.new)
    except PatternError as exc:
        err(str(exc))
        return USAGE
    if args.dry_run:
        sys.stdout.write(plan.diff())
        err(plan.summary() + " (dry run: nothing written)")
        return OK
    try:
        apply(plan)
    except PatternError as exc:
        err(str(exc))
        return USAGE
    index.save_cache()
    print(plan.summary())
    return OK


# ---------------------------------------------------------------- lint


def cmd_lint(args: argparse.Namespace) -> int:
    from editor.model.check.lint import lint_library
    from editor.model.check.validation import library_config

    if args.config and not Path(args.config).is_file():
        err(f"{args.config}: no such config file")
        return USAGE
    index = _index(args)
    if index is None:
        return USAGE
    findings = lint_library(index, config=library_config(index.folder, args.config))
    code = report_findings(findings, len(index), args)
    if args.suggest:
        _print_suggestions(index, args.format)
    return code


def _print_suggestions(index: LibraryIndex, fmt: str) -> None:
    """After lint's findings: on stdout as text lines, or on stderr as one JSON list (stdout stays lint's)."""
    from editor.model.library.suggestions import suggestions

    found = suggestions(index)
    if fmt == "json":
        json.dump({"suggestions": [s.as_dict() for s in found]}, sys.stderr, ensure_ascii=False, indent=2)
        print(file=sys.stderr)
        return
    for s in found:
        print(f"{s.path}: suggestion [{s.kind}] {s.message}")
    err(f"{len(found)} suggestions")


# ---------------------------------------------------------------- registration


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser("index", help="index a library folder and print its counts (exit 1 if a file is unparseable)")
    _folder_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="fuzzy search over slugs, titles, aliases and summaries (exit 1: no hit)")
    _folder_arg(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("graph", help="a pattern's neighbourhood, or the domain overview, as JSON, DOT or SVG")
    _folder_arg(p)
    p.add_argument("slug", metavar="SLUG", nargs="?", default=None)
    p.add_argument("--depth", type=int, default=1, metavar="N", help="links away from SLUG (default 1)")
    p.add_argument("--format", choices=("json", "dot", "svg"), default="json", help="svg: --overview only")
    p.add_argument("--overview", action="store_true", help="one node per domain, edges counting links between")
    p.add_argument("--by", choices=("domain", "community"), default="domain", help="--overview grouping")
    p.add_argument("--inferred", action="store_true", help="--overview: count inferred links too")
    p.add_argument("--no-inferred", action="store_true", help="leave out the graph garden's inferred links")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N", help="keep the N nearest, strongest nodes")
    p.add_argument("--layout", action="store_true", help="add x, y positions (JSON only)")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("new", help="create a pattern from the template; prints its path")
    _folder_arg(p)
    p.add_argument("--title", required=True)
    p.add_argument("--summary", default=None)
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("rename", help="rename a slug: the file, its slug and every link to it")
    _folder_arg(p)
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--dry-run", action="store_true", help="print the file rename and unified diffs; write nothing")
    p.set_defaults(func=cmd_rename)

    p = sub.add_parser("lint", help="validate every file plus library rules (duplicates, one-sided links, orphans)")
    _folder_arg(p)
    add_severity_options(p)
    p.add_argument("--config", metavar="PATH", help="library config (default: .pattern-editor.toml found from DIR)")
    p.add_argument(
        "--suggest",
        action="store_true",
        help="then print consistency suggestions (missing reverse links, requires cycles, orphans); "
        "the exit code stays lint's",
    )
    p.set_defaults(func=cmd_lint)
