"""Validation: findings a curator can act on, each with file, line, column and field path.

Rules follow PATTERN_FORMAT.md §7. Nothing here blocks a save: errors mark what must be fixed
before publishing, warnings deserve a look, info is advice.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from editor.model import schema
from editor.model.check.config import EMPTY, LibraryConfig, config_for
from editor.model.document.document import Document
from editor.model.document.markers import marker_lines
from editor.model.document.outline import Outline, outline
from editor.model.document.yamlnode import MappingNode, SequenceNode
from editor.model.library.bodylinks import body_links
from editor.model.paths import Path, format_path
from editor.model.schema import scorecard
from editor.model.schema.entries import form_of
from editor.model.schema.fields import Field
from editor.model.schema.kinds import check_fields, describe, is_number

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# rule id -> (severity, PATTERN_FORMAT.md code, short description)
RULES: dict[str, tuple[str, str, str]] = {
    "yaml-syntax": (ERROR, "E1", "The frontmatter must be valid YAML between two '---' lines."),
    "duplicate-key": (ERROR, "E1", "A key appears twice in the same block; only the last one counts."),
    "id-format": (ERROR, "E2", "The id is pat_ followed by 20-30 lowercase letters or digits."),
    "slug-format": (ERROR, "E3", "The slug is lowercase words joined by single hyphens."),
    "slug-filename": (ERROR, "E3", "The slug equals the file name."),
    "duplicate-slug": (ERROR, "E4", "Two files share a slug."),
    "duplicate-id": (ERROR, "E4", "Two files share an id."),
    "required": (ERROR, "E5", "A required field is missing or empty."),
    "type": (ERROR, "E9", "A field holds the wrong kind of value."),
    "score-range": (ERROR, "E6", "Scores are numbers from 0 to 5."),
    "weight-range": (ERROR, "E7", "Weights, relevance and confidence are numbers from 0 to 1."),
    "range": (ERROR, "E8", "A number is outside its allowed range."),
    "date": (ERROR, "E10", "Dates are real dates (YYYY-MM-DD) or ISO timestamps."),
    "opening-line": (ERROR, "E11", "Line 1 is the opening '---': blank lines before it hide the frontmatter."),
    "merge-conflict": (ERROR, "E12", "The file holds an unresolved merge conflict."),
    "typeid": (WARNING, "W1", "The id is not a strict TypeID (pat_ + 26 Crockford base32 characters)."),
    "dangling-link": (WARNING, "W2", "A link points at a pattern that is not in the library."),
    "duplicate-target": (WARNING, "W3", "The same target is listed twice."),
    "self-link": (WARNING, "W4", "A pattern links to itself."),
    "enum": (WARNING, "W5", "A value outside the spec's list."),
    "overall-score": (WARNING, "W6", "overall_score is far from the mean of the pillars and vitality."),
    "callout": (WARNING, "W7", "The confidence callout is missing, malformed or disagrees with confidence."),
    "body-sections": (WARNING, "W8", "The body's eight sections are missing, renamed or out of order."),
    "tension": (WARNING, "W9", "The primary tension is not 'A vs. B' or Section 2 does not restate it."),
    "inferred-type": (WARNING, "W10", "An inferred link's type is not one of the seven relationship types."),
    "spec-key-missing": (WARNING, "W11", "A key the spec expects is missing."),
    "second-frontmatter": (WARNING, "W12", "The body holds a second, stale frontmatter block."),
    "slug-in-id-list": (WARNING, "W13", "A list of pattern ids (the older layout) holds a slug."),
    "entry-form": (WARNING, "W14", "A relationship entry is written in the other layout's form."),
    "body-link": (WARNING, "W15", "A link in the body points at a pattern that is not in the library."),
    "format": (WARNING, "W", "A value does not have the expected form."),
    "word-count": (INFO, "I1", "A section is outside the spec's word guide."),
    "entry-shape": (INFO, "I2", "A relationship entry is not written as {slug, weight}."),
    "one-value-list": (INFO, "I3", "A list field written as one text; it stays so until a second value is added."),
    "unknown-key": (INFO, "I", "A key neither layout declares; it is kept as is."),
    "asymmetric-link": (INFO, "L", "A specializes_to/generalizes_from pair is listed on one side only."),
    "orphan": (INFO, "L", "No other pattern links to this one and it links to none."),
    "config": (ERROR, "C", "The library's .pattern-editor.toml has a problem; schema defaults apply there."),
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    path: str
    severity: str
    rule: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity} {self.rule}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Library(Protocol):
    """What validation needs to know about the other patterns."""

    def has_slug(self, slug: str) -> bool: ...

    def has_id(self, pattern_id: str) -> bool: ...


_TYPEID = re.compile(schema.TYPEID_PATTERN)
_ID = re.compile(schema.ID_PATTERN)
_SLUG = re.compile(schema.SLUG_PATTERN)


class _Checker:
    def __init__(self, doc: Document, library: Library | None, config: LibraryConfig, body: bool = True) -> None:
        self.doc = doc
        self.library = library
        self.config = config
        self.file = str(doc.path) if doc.path is not None else "<untitled>"
        self.findings: list[Finding] = []
        self.data: dict = doc.data or {}
        self.layout = schema.layout_of(self.data)
        self.check_body = body

    def add(
        self,
        rule: str,
        path: Path | str,
        message: str,
        where: tuple[int, int] | None = None,
        severity: str | None = None,
    ) -> None:
        # the library's config may accept the value, change the rule's severity or turn it off
        severity = self.config.judge(rule, path, self.data, severity or RULES[rule][0])
        if severity is None:
            return
        path_text = path if isinstance(path, str) else format_path(path)
        if where is None:
            where = self.doc.location(path) if path_text else (1, 1)
        self.findings.append(Finding(self.file, where[0], where[1], path_text, severity, rule, message))

    # -------------------------------------------------------------- frontmatter

    def run(self) -> list[Finding]:
        doc = self.doc
        for line in marker_lines(doc.text):  # the cause, when the markers also break the YAML
            self.add("merge-conflict", "", "unresolved merge conflict (resolve it, then remove the markers)", (line, 1))
        if doc.error is not None:
            if self.findings:
                return self.findings
            e = doc.error
            self.add("yaml-syntax", "", e.message, (max(e.line, 1), max(e.column, 1)))
            return self.findings
        self.opening_line()
        self.duplicate_keys()
        self.fields(self.layout.fields, self.data, ())
        self.identity()
        self.scores()
        self.relationships()
        self.graph_garden()
        for keys in schema.unknown_keys(self.data):
            self.add("unknown-key", keys, f"'{format_path(keys)}' is not in the spec; it is kept as is")
        if self.check_body:
            self.body()
        return self.findings

    def opening_line(self) -> None:
        """Blank lines before the opening ``---``: the editor opens the file, site generators do not."""
        parts = self.doc.parts
        head = self.doc.text[: parts.fm_start].lstrip("\ufeff") if parts is not None else ""
        blank = parts.lines_before(head, head.rfind("---")) if parts is not None else 0
        if blank:
            self.add(
                "opening-line",
                "",
                f"{blank} blank line{'s' if blank != 1 else ''} before the opening '---' (line {blank + 1}); "
                "static-site generators read a frontmatter only when '---' is line 1: delete "
                f"{'them' if blank != 1 else 'it'}",
                (1, 1),
            )

    def duplicate_keys(self) -> None:
        stack = [((), self.doc.root)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, MappingNode):
                seen: set[str] = set()
                for key, value in node.value:
                    name = str(key.value)
                    if name in seen:
                        where = (self.doc.fm_line_offset() + key.start_mark.line + 1, key.start_mark.column + 1)
                        self.add(
                            "duplicate-key",
                            path + (name,),
                            f"'{name}' appears twice here; the later "
                            "value wins and the earlier one is ignored by every tool",
                            where,
                        )
                    seen.add(name)
                    stack.append((path + (name,), value))
            elif isinstance(node, SequenceNode):
                stack.extend((path + (i,), v) for i, v in enumerate(node.value))

    def fields(self, fields: tuple[Field, ...], data: dict, path: Path) -> None:
        """Each declared key's own check, asked of its kind (``Field.type``)."""
        for problem in check_fields(fields, data, path):
            if problem.rule == "spec-key-missing" and self.layout is not schema.V7:
                continue  # an expected key is a v7.1 promise; the older layout makes none
            self.add(*problem)

    def identity(self) -> None:
        d = self.data
        pid = d.get("id")
        if isinstance(pid, str):
            if not _ID.match(pid):
                self.add("id-format", ("id",), f"id {pid!r} is not pat_ followed by 20-30 lowercase letters/digits")
            elif not _TYPEID.match(pid):
                self.add(
                    "typeid",
                    ("id",),
                    f"id {pid!r} is not a strict TypeID; keep it (links use it), but new patterns get one",
                )
        elif "id" in d and pid is not None:
            self.add("id-format", ("id",), f"id should be text, not {describe(pid)}")
        slug = d.get("slug")
        if isinstance(slug, str):
            if not _SLUG.match(slug):
                self.add("slug-format", ("slug",), f"slug {slug!r} must be lowercase words joined by hyphens")
            if self.doc.path is not None and self.doc.path.stem != slug:
                self.add("slug-filename", ("slug",), f"slug {slug!r} differs from the file name '{self.doc.path.name}'")

    def scores(self) -> None:
        card = scorecard.assessment(self.data)
        mean = schema.pillar_mean(card)
        overall = card.get("overall_score") if card is not None else None
        if mean is not None and is_number(overall):
            exact = sum(card[k] for k in (*schema.PILLARS, "vitality")) / 8
            if abs(overall - exact) > 0.05 + 1e-9:
                self.add(
                    "overall-score",
                    (*scorecard.ASSESSMENT_PATH, "overall_score"),
                    f"overall_score is {overall} but the mean of the seven pillars and vitality is "
                    f"{exact:.2f} (suggested {mean})",
                )

    def relationships(self) -> None:
        seen_anywhere: dict[str, str] = {}  # target -> the first list naming it
        for keys, rel_type, entries in schema.relation_lists(self.data):
            seen: set[str] = set()
            for i, entry in enumerate(entries):
                target = schema.entry_target(entry)
                if target is None:
                    self.add(
                        "type",
                        keys + (i,),
                        f"{schema.RELATION_LABELS.get(rel_type, rel_type)} entry {i + 1} "
                        "should be a pattern slug or a {slug, weight} pair",
                    )
                    continue
                self.relation_entry(keys, rel_type, i, entry, target)
                self.repeated_target(keys + (i,), rel_type, target, seen, seen_anywhere)
                self.dangling(target, keys + (i,))

    def relation_entry(self, keys: tuple[str, ...], rel_type: str, i: int, entry: Any, target: str) -> None:
        """One entry's weight, its form, and whether it links the pattern to itself."""
        p = keys + (i,)
        if isinstance(entry, dict):
            w = entry.get("weight")
            if "weight" in entry and (not is_number(w) or not 0 <= w <= 1):
                self.add(
                    "weight-range", p + ("weight",), f"weight of {target} is {w!r}; it must be a number from 0 to 1"
                )
        # an entry in the other layout's form is reported once, not also as an odd shape
        if not self.entry_form(keys, rel_type, i, entry, target) and self.layout is schema.V7:
            if not isinstance(entry, dict):
                self.add("entry-shape", p, f"entry {target} is a bare slug; the spec writes {{slug, weight}}")
            elif set(entry) != {"slug", "weight"}:
                self.add(
                    "entry-shape",
                    p,
                    f"entry {target} is written as {{{', '.join(entry)}}}; the spec writes {{slug, weight}}",
                )
        if target in (self.data.get("slug"), self.data.get("id")):
            self.add("self-link", p, f"{target} links to itself")

    def repeated_target(
        self, p: Path, rel_type: str, target: str, seen: set[str], seen_anywhere: dict[str, str]
    ) -> None:
        if target in seen:
            self.add("duplicate-target", p, f"{target} is listed twice in {rel_type}")
        elif target in seen_anywhere and seen_anywhere[target] != rel_type:
            self.add("duplicate-target", p, f"{target} is listed under both {seen_anywhere[target]} and {rel_type}")
        seen.add(target)
        seen_anywhere.setdefault(target, rel_type)

    def entry_form(self, keys: tuple[str, ...], rel_type: str, i: int, entry: Any, target: str) -> bool:
        """W13/W14: an entry the list's layout does not write that way. True when one was reported."""
        declared = schema.declared_entry_form(self.data, keys)
        form = form_of(entry)
        p = keys + (i,)
        name = f"{schema.RELATION_LABELS.get(rel_type, rel_type)} entry {i + 1}"
        if declared.by_id and form is not None and form.bare and not form.by_id:
            known = _id_for(self.library, target)
            self.add(
                "slug-in-id-list",
                p,
                f"{name} is the slug {target!r}; this list links patterns by id "
                f"(pat_…)" + (f": {target}'s id is {known}" if known else ""),
            )
            return True
        if declared.bare and form is not None and not form.bare:
            self.add(
                "entry-form",
                p,
                f"{name} ({target}) is written as {form.label}, the grouped layout's "
                "form; the older layout lists bare pattern ids",
            )
            return True
        if not declared.by_id and form is not None and form.by_id:
            self.add(
                "entry-form",
                p,
                f"{name} is the pattern id {target}, the older layout's form; spec v7.1 "
                "links by slug as {slug, weight}",
            )
            return True
        return False

    def dangling(self, target: str, p: Path, what: str = "") -> None:
        if self.library is None:
            return
        exists = self.library.has_id(target) if target.startswith("pat_") else self.library.has_slug(target)
        if not exists:
            self.add("dangling-link", p, f"{what}{target} is not in the library")

    def graph_garden(self) -> None:
        gg = self.data.get("graph_garden")
        if not isinstance(gg, dict):
            return
        links = gg.get("inferred_links")
        if not isinstance(links, list):
            return
        for i, link in enumerate(links):
            if not isinstance(link, dict):
                continue
            p = ("graph_garden", "inferred_links", i)
            if link.get("type") is None:  # a wrong type is reported by the field's own check
                self.add("inferred-type", p, "inferred link has no type")
            target = link.get("target")
            if isinstance(target, str):
                if target == self.data.get("slug"):
                    self.add("self-link", p, f"inferred link to itself ({target})")
                self.dangling(target, p + ("target",), "inferred link target ")

    # -------------------------------------------------------------- body

    def body(self) -> None:
        out = outline(self.doc.body)
        if out.second_frontmatter is not None:
            self.add(
                "second-frontmatter",
                "body",
                "the body starts with an old copy of the frontmatter; the real one is above",
                self.at(out.second_frontmatter),
            )
        self.body_links()
        if self.layout is not schema.V7:  # the older layout's bodies follow no section plan
            return
        self.callout(out)
        self.section_headings(out)
        self.section_openings(out)
        self.word_counts(out)

    def body_links(self) -> None:
        """A body link to a pattern the library does not hold, at the link's line and column."""
        if self.library is None:
            return
        first = self.doc.body_line()
        for link in body_links(self.doc.body):
            if link.slug and not self.library.has_slug(link.slug):
                where = (first + link.line, link.column + 1)
                self.add("body-link", "body", f"the body links to {link.slug}, which is not in the library", where)

    def at(self, body_line: int) -> tuple[int, int]:
        """A body line (0-based, as the outline counts) as a file position."""
        return self.doc.body_line() + body_line, 1

    def callout(self, out: Outline) -> None:
        confidence = _dig(self.data, "lifecycle", "confidence")
        rating = next((c for c in out.callouts if c.stars is not None), None)
        if rating is None:
            self.add(
                "callout", "body", "no '> [!NOTE] Confidence Rating: ★★☆ (Medium)' callout before Section 1", self.at(0)
            )
            return
        if not rating.well_formed:
            self.add(
                "callout", "body", "every line of the confidence callout should start with '> '", self.at(rating.line)
            )
        if isinstance(confidence, int) and rating.stars != confidence:
            self.add(
                "callout",
                "body",
                f"the callout shows {rating.stars} stars but lifecycle.confidence is {confidence}",
                self.at(rating.line),
            )

    def section_headings(self, out: Outline) -> None:
        expected = [name.lower() for name, *_ in schema.BODY_SECTIONS]
        found = [(s.number, s.name) for s in out.sections]
        if [n for n, _ in found] != list(range(1, 9)) or [name.lower() for _, name in found] != expected:
            names = ", ".join(f"{n}: {name}" for n, name in found) or "none"
            self.add(
                "body-sections",
                "body",
                f"the body should have '### Section 1: Context' … '### Section 8: Vitality' in order; found {names}",
                self.at(out.sections[0].heading.line if out.sections else 0),
            )
        elif not all(s.spec_form for s in out.sections):
            self.add(
                "body-sections",
                "body",
                "section headings should read '### Section N: Name'",
                self.at(out.sections[0].heading.line),
            )

    def section_openings(self, out: Outline) -> None:
        """Section 2 opens with the core conflict (and restates primary_tension), Section 3 with "Therefore"."""
        problem = out.section(2)
        if problem is not None:
            tension = _dig(self.data, "ontology", "search_hints", "primary_tension")
            first = out.first_paragraph_line(problem)
            m = re.match(r"^>\s*\*\*The core conflict is (.+?)\.?\*\*", first[1]) if first else None
            if not m:
                self.add(
                    "body-sections",
                    "body",
                    "Section 2 should open with '> **The core conflict is …**'",
                    self.at(problem.heading.line),
                )
            elif isinstance(tension, str) and m.group(1).rstrip(".") != tension.rstrip("."):
                self.add(
                    "tension",
                    "body",
                    f"Section 2 restates the tension as {m.group(1)!r}, but primary_tension is {tension!r}",
                    self.at(first[0]),
                )
        solution = out.section(3)
        if solution is not None:
            first = out.first_paragraph_line(solution)
            if not first or not re.match(r"^>\s*\*\*Therefore,", first[1]):
                self.add(
                    "body-sections",
                    "body",
                    "Section 3 should open with '> **Therefore, …**'",
                    self.at(solution.heading.line),
                )

    def word_counts(self, out: Outline) -> None:
        guide = {name.lower(): (lo, hi) for name, lo, hi, _ in schema.BODY_SECTIONS}
        for s in out.sections:
            lo_hi = guide.get(s.name.lower())
            if lo_hi and not lo_hi[0] <= s.words <= lo_hi[1]:
                self.add(
                    "word-count",
                    "body",
                    f"Section {s.number} ({s.name}) has {s.words} words; the guide is {lo_hi[0]}–{lo_hi[1]}",
                    self.at(s.heading.line),
                )


def _dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]…``, or None where a level is missing or not a mapping."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _id_for(library: Library | None, slug: str) -> str | None:
    """The id of the pattern with ``slug``, when the library can tell (index ``get`` or window ``entry``)."""
    find = getattr(library, "get", None) or getattr(library, "entry", None)
    found = getattr(find(slug), "id", None) if callable(find) else None
    return found if isinstance(found, str) else None


def validate(
    doc: Document, library: Library | None = None, config: LibraryConfig = EMPTY, *, body: bool = True
) -> list[Finding]:
    """All findings for one document, in file order, as the library's config (``library_config``) has them;
    ``body=False`` skips the body's rules (all warnings and notes): a frontmatter-only edit's gate."""
    findings = _Checker(doc, library, config, body).run()
    findings.sort(key=lambda f: (f.line, f.column, SEVERITY_ORDER[f.severity]))
    return findings


def library_config(folder: Any, explicit: Any = None) -> LibraryConfig:
    """The ``.pattern-editor.toml`` that applies to ``folder`` (or the ``explicit`` file), checked
    against the known rule ids; the empty config when there is none."""
    return config_for(folder, explicit, RULES)


def config_findings(config: LibraryConfig) -> list[Finding]:
    """The config's own problems as findings (reported once per run, not once per file)."""
    return [Finding(p.file, p.line, p.column, "", p.severity, "config", p.message) for p in config.problems]
