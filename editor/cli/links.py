"""pattern-cli links: one pattern's inbound links, unlinked mentions and consistency suggestions."""

from __future__ import annotations

import argparse
import json
import sys

from editor.cli.common import OK, USAGE, err
from editor.cli.library import _folder_arg, _index


def cmd_links(args: argparse.Namespace) -> int:
    from editor.model.library.backlinks import inbound_links, unlinked_mentions
    from editor.model.library.suggestions import suggestions

    index = _index(args)
    if index is None:
        return USAGE
    if not index.has_slug(args.slug):
        err(f"{index.folder}: no pattern {args.slug!r}")
        return USAGE
    inbound = inbound_links(index, args.slug)
    unlinked = unlinked_mentions(index, args.slug)
    found = suggestions(index, args.slug)
    if args.format == "json":
        out = {
            "inbound": [i.as_dict() for i in inbound],
            "unlinked": [u.as_dict() for u in unlinked],
            "suggestions": [s.as_dict() for s in found],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return OK
    print(f"inbound ({len(inbound)}):")
    for i in inbound:
        weight = "" if i.weight is None else f" {i.weight:g}"
        print(f"  {i.slug}  {i.type}{weight}")
    print(f"unlinked mentions ({len(unlinked)}):")
    for u in unlinked:
        print(f"  {u.slug}:{u.line}  names {u.name!r}")
    print(f"suggestions ({len(found)}):")
    for s in found:
        print(f"  [{s.kind}] {s.message}")
    return OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser("links", help="a pattern's inbound links, unlinked mentions and consistency suggestions")
    _folder_arg(p)
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_links)
