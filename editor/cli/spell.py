"""pattern-cli spell: misspelt words in the body and the long text fields, for CI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, USAGE, err, expand
from editor.model.check.config import config_for
from editor.model.check.spelling import DEFAULT_LANGUAGE, LANGUAGES, Speller, library_words, words_from_data
from editor.model.document.document import Document
from editor.model.errors import PatternError
from editor.model.library.index import LibraryIndex


def _folder_words(folder: Path, use_cache: bool) -> set[str]:
    """The library's vocabulary: its index's titles, slugs and aliases, and its config's words."""
    index = LibraryIndex(folder, use_cache=use_cache)
    index.build()
    entries = index.entries
    config = config_for(folder)
    return library_words(
        titles=[e.title for e in entries],
        slugs=[e.slug for e in entries],
        others=[a for e in entries for a in e.aliases],
        added=config.spelling,
    )


def cmd_spell(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    if not files:
        err("pattern-cli spell: no files")
        return USAGE
    docs: list[Document] = []
    for path in files:
        try:
            docs.append(Document.load(path))
        except (PatternError, OSError) as exc:
            err(f"{path}: {exc}")
            return USAGE
    extra: set[str] = set()
    for folder in sorted({p.parent.resolve() for p in files}):
        extra |= _folder_words(folder, not args.no_cache)
    for doc in docs:  # the checked files' own keywords (the index keeps no keywords)
        titles, slugs, others = words_from_data(doc.data)
        extra |= library_words(titles, slugs, others)
    speller = Speller(args.lang, extra)
    found = [m for doc in docs for m in speller.check(doc, suggest=not args.no_suggestions)]
    if args.format == "json":
        json.dump([m.as_dict() for m in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for m in found:
            print(m.text())
        print(f"{len(found)} misspelt word{'s' if len(found) != 1 else ''} in {len(docs)} files", file=sys.stderr)
    return FINDINGS if found else OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser(
        "spell",
        help="spell-check bodies and long text fields (summary, context labels, reasoning); exit 1 on misspellings",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="pattern files or folders (every *.md directly in it)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=sorted(LANGUAGES), default=DEFAULT_LANGUAGE, help="dictionary (default en_US)")
    p.add_argument("--no-suggestions", action="store_true", help="list the words only (faster)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the library index cache")
    p.set_defaults(func=cmd_spell)
