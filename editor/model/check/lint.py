"""Library lint: every file's own findings (``validate`` with the index as library) plus the
rules that need the whole library: duplicate slugs and ids, one-sided specialization links,
and orphans. Same ``Finding`` format as ``validate``; cancellable; reports progress.
"""

from __future__ import annotations

from collections.abc import Callable

from editor.model import schema
from editor.model.check.config import EMPTY, LibraryConfig
from editor.model.check.validation import ERROR, RULES, SEVERITY_ORDER, Finding, config_findings, validate
from editor.model.document.document import Document
from editor.model.errors import PatternError
from editor.model.library.index import Entry, LibraryIndex
from editor.model.paths import format_path

Progress = Callable[[int, int], None]

# A specializes_to B is mirrored by B generalizes_from A, and the other way round.
MIRROR = {"specializes_to": "generalizes_from", "generalizes_from": "specializes_to"}


def lint_library(
    index: LibraryIndex,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    config: LibraryConfig = EMPTY,
) -> list[Finding]:
    """Findings for every file in the index, sorted by file, line and severity.

    ``progress(done, total)`` is called after each file. When ``should_cancel()`` turns true the
    files checked so far are returned (the caller, who cancelled, knows the list is partial).
    ``config`` (``validation.library_config``) is honoured, and its own problems reported once.
    """
    entries = index.entries
    total = len(entries)
    linked_to = _linked_slugs(index)
    findings: list[Finding] = config_findings(config)
    for done, entry in enumerate(entries, 1):
        if should_cancel is not None and should_cancel():
            break
        findings.extend(lint_file(index, entry, linked_to, config))
        if progress is not None:
            progress(done, total)
    findings.sort(key=lambda f: (f.file, f.line, f.column, SEVERITY_ORDER[f.severity], f.rule))
    return findings


def lint_file(
    index: LibraryIndex, entry: Entry, linked_to: set[str] | None = None, config: LibraryConfig = EMPTY
) -> list[Finding]:
    """One file's findings: its own and the library-level ones (``linked_to``: see ``_linked_slugs``)."""
    try:
        doc = schema.open_pattern(entry.path)
    except PatternError as exc:
        return [Finding(entry.path, exc.line or 1, exc.column or 1, "", ERROR, "unreadable", exc.message)]
    findings = validate(doc, index, config)
    if doc.error is None and isinstance(doc.data, dict):
        linked = _linked_slugs(index) if linked_to is None else linked_to
        findings += _library_rules(index, entry, doc, linked, config)
    return findings


def _linked_slugs(index: LibraryIndex) -> set[str]:
    """Slugs that some other file links to with a curated relationship."""
    out: set[str] = set()
    for entry in index:
        for _, target, _ in entry.relationships:
            slug = index.resolve(target)
            if slug is not None and slug != entry.slug:
                out.add(slug)
    return out


def _library_rules(
    index: LibraryIndex, entry: Entry, doc: Document, linked_to: set[str], config: LibraryConfig
) -> list[Finding]:
    out: list[Finding] = []
    data = doc.data or {}
    file = entry.path

    def add(rule: str, path: tuple, message: str) -> None:
        severity = config.severity(rule, RULES[rule][0])
        if severity is None:  # the library turned the rule off
            return
        line, column = doc.location(path) if path else (1, 1)
        out.append(Finding(file, line, column, format_path(path) if path else "", severity, rule, message))

    slug = data.get("slug")
    if isinstance(slug, str):
        others = [e.name for e in index.owners(slug) if e.path != entry.path]
        if others:
            add("duplicate-slug", ("slug",), f"slug {slug!r} is also used by {', '.join(others)}")
    pid = data.get("id")
    if isinstance(pid, str):
        others = [e.name for e in index.id_owners(pid) if e.path != entry.path]
        if others:
            add("duplicate-id", ("id",), f"id {pid!r} is also used by {', '.join(others)}")
    own = entry.slug
    outgoing = False
    for keys, rel_type, items in schema.relation_lists(data):
        for i, item in enumerate(items):
            target = schema.entry_target(item)
            resolved = index.resolve(target) if target else None
            if resolved is None or resolved == own:
                continue
            outgoing = True
            mirror = MIRROR.get(rel_type)
            other = index.get(resolved)
            if mirror is None or other is None or other.error is not None:
                continue
            if not any(t == mirror and index.resolve(tgt) == own for t, tgt, _ in other.relationships):
                add(
                    "asymmetric-link",
                    (*keys, i),
                    f"{own} lists {resolved} under {rel_type}, but {resolved} does not list {own} under {mirror}",
                )
    if not outgoing and own not in linked_to:
        where = ("relationships",) if "relationships" in data else ("slug",) if "slug" in data else ()
        add("orphan", where, f"{own} has no curated link to another pattern in the library and none links to it")
    return out
