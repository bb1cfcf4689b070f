"""A review (``review.py``) as text for a terminal, Markdown to paste into a pull request, or one
self-contained HTML page (inline CSS, no external resources, every text escaped).

Each file's changes read as in ``pattern-cli diff``: the same lines (``text.change_line``), grouped
by frontmatter group, then body sections, then formatting; the roll-up comes last.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from editor.model.diff.review import FileReview, ReviewResult
from editor.model.diff.text import change_line, formatting_line

NEST = "\t"  # a line that belongs to the line above it (a paragraph of a changed section)
_ICON = {"added": "A", "deleted": "D", "modified": "M", "renamed": "R", "copied": "C", "type-changed": "T"}


# ---------------------------------------------------------------- shared reading


def _name(f: FileReview) -> str:
    if f.old_path:
        similarity = f" ({f.similarity}%)" if f.similarity is not None else ""
        return f"{f.old_path} → {f.path}{similarity}"
    return f.path


def _headline(r: ReviewResult) -> str:
    new = r.new if not r.new_commit else f"{r.new} ({r.new_commit[:7]})"
    old = r.old if r.old.endswith(")") else f"{r.old} ({r.old_commit[:7]})"
    return f"{old} → {new}"


def _blocks(f: FileReview) -> Iterator[tuple[str, list[str]]]:
    """(heading, lines) for one pattern file: its groups, body, formatting, or why it has none."""
    if f.migrated:
        yield "", [f"Layout migrated: {f.old_layout} → {f.new_layout}"]
    if f.diff is None:
        if f.line_diff is None:
            yield "", [("new pattern" if f.status == "added" else "deleted pattern") + _layout(f)]
        for error in f.not_compared:
            yield "", [f"(not compared as a pattern: {error})"]
        return
    if f.identical:
        yield "", ["Content unchanged."]
        return
    d = f.diff
    if d.file:
        yield "File", [x.description[0].upper() + x.description[1:] for x in d.file]
    by_group: dict[int, list] = {}
    for c in d.changes:
        by_group.setdefault(c.group, []).append(c)
    for group in sorted(by_group, key=lambda g: (g == 0, g)):
        yield d.groups.get(group, f"Group {group}"), [change_line(c) for c in by_group[group]]
    if d.body_changes:
        body = []
        for s in d.body_changes:
            body.append(f"{s.section} — {s.summary}")
            if s.kind == "changed":
                body.extend(NEST + _paragraph(p) for p in s.paragraphs)
        yield "Body", body
    if d.is_empty:
        yield "", ["No changes in meaning."]
    if d.formatting:
        yield "", [formatting_line(d.formatting)]


def _paragraph(p: Any) -> str:
    where = f"¶{(p.new_index if p.new_index is not None else p.old_index) + 1}"
    if p.kind == "added":
        return f"{where} added: {_clip(p.new)}"
    if p.kind == "removed":
        return f"{where} removed: {_clip(p.old)}"
    return f"{where}: {p.inline}"


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _layout(f: FileReview) -> str:
    layout = f.new_layout or f.old_layout
    return f" ({layout} layout)" if layout else ""


def _others(r: ReviewResult) -> list[FileReview]:
    return [f for f in r.files if not f.pattern]


def _patterns(r: ReviewResult) -> list[FileReview]:
    return [f for f in r.files if f.pattern]


# ---------------------------------------------------------------- text


def to_text(r: ReviewResult) -> str:
    out = [f"Review {_headline(r)}: {len(r.files)} file{'s' if len(r.files) != 1 else ''} changed", ""]
    for f in _patterns(r):
        title = f" — {f.title}" if f.title else ""
        out.append(f"{f.status:<9} {_name(f)}{title}")
        for heading, lines in _blocks(f):
            if heading:
                out.append(f"  {heading}")
            indent = "    " if heading else "  "
            out.extend(indent + ("  " + line[1:] if line.startswith(NEST) else line) for line in lines)
        if f.line_diff:
            out.extend("    " + line for line in f.line_diff.splitlines())
        out.append("")
    others = _others(r)
    if others:
        out.append("Other files")
        out.extend(f"  {f.status:<9} {_name(f)}" for f in others)
        out.append("")
    out.append("Roll-up")
    out.extend(f"  {line}" for line in r.rollup.lines())
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def to_markdown(r: ReviewResult) -> str:
    patterns, others = _patterns(r), _others(r)
    out = [f"## Pattern review: {md(_headline(r))}", ""]
    out.append(
        f"{len(patterns)} pattern file{'s' if len(patterns) != 1 else ''}, "
        f"{len(others)} other file{'s' if len(others) != 1 else ''} changed."
    )
    out.append("")
    if patterns:
        out += ["| | File | Title |", "|---|---|---|"]
        out += [f"| {_ICON.get(f.status, '?')} | {md_code(_name(f))} | {md(f.title)} |" for f in patterns]
        out.append("")
    for f in patterns:
        out.append(f"### {md_code(_name(f))} — {f.status}")
        if f.title:
            out.append(f"*{md(f.title)}*")
        out.append("")
        for heading, lines in _blocks(f):
            if heading:
                out.append(f"**{md(heading)}**")
                out.append("")
            out.extend(f"  - {md(line[1:])}" if line.startswith(NEST) else f"- {md(line)}" for line in lines)
            out.append("")
        if f.line_diff:
            fence = "~~~~" if "```" in f.line_diff else "```"
            out += [f"{fence}diff", f.line_diff.rstrip("\n"), fence, ""]
    if others:
        out += ["### Other files", ""]
        out += [f"- {f.status}: {md_code(_name(f))}" for f in others]
        out.append("")
    out += ["### Roll-up", ""]
    out += [f"- {md(line)}" for line in r.rollup.lines()]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- html

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;
color:#1f2328;padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.1em;margin:1.6em 0 .3em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
h3{font-size:.95em;margin:.8em 0 .2em;color:#57606a}
ul{margin:.2em 0 .6em;padding-left:1.4em}li{margin:.1em 0}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:0 .25em;
border-radius:4px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:.2em .6em;text-align:left}
.badge{display:inline-block;min-width:1.4em;text-align:center;border-radius:4px;font-weight:600;color:#fff;font-size:12px}
.added{background:#1a7f37}.deleted{background:#cf222e}.modified{background:#9a6700}.renamed,.copied{background:#0969da}
.type-changed{background:#8250df}.note{color:#57606a}.title{color:#57606a;font-style:italic}
pre{background:#f6f8fa;padding:.6em;overflow:auto;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
.add{color:#1a7f37}.del{color:#cf222e}.hunk{color:#8250df}
del{background:#ffebe9;color:#82071e}ins{background:#dafbe1;color:#116329;text-decoration:none}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _badge(status: str) -> str:
    return f'<span class="badge {_e(status)}" title="{_e(status)}">{_e(_ICON.get(status, "?"))}</span>'


def _line_diff_html(text: str) -> str:
    rows = []
    for line in text.splitlines():
        cls = (
            "hunk"
            if line.startswith("@@")
            else "add"
            if line.startswith("+")
            else "del"
            if line.startswith("-")
            else ""
        )
        rows.append(f'<span class="{cls}">{_e(line)}</span>' if cls else _e(line))
    return "<pre>" + "\n".join(rows) + "</pre>"


_DEL, _INS = re.compile(r"\[-(.*?)-\]"), re.compile(r"\{\+(.*?)\+\}")


def _marks(escaped: str) -> str:
    """The word diff's ``[-old-]{+new+}`` marks as <del> and <ins> (on text already escaped)."""
    return _INS.sub(r"<ins>\1</ins>", _DEL.sub(r"<del>\1</del>", escaped))


def _html_list(lines: list[str]) -> str:
    items: list[str] = []
    for line in lines:
        if line.startswith(NEST) and items:
            items[-1] = items[-1].removesuffix("</li>")
            nested = items[-1].endswith("</ul>")
            item = f"<li>{_marks(_e(line[1:]))}</li>"
            items[-1] = (
                items[-1][: -len("</ul>")] + item + "</ul>" if nested else items[-1] + f"<ul>{item}</ul>"
            ) + "</li>"
        else:
            items.append(f"<li>{_e(line.lstrip(NEST))}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def to_html(r: ReviewResult) -> str:
    patterns, others = _patterns(r), _others(r)
    headline = _e(_headline(r))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Pattern review: {headline}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Pattern review: {headline}</h1>",
        f'<p class="note">{len(patterns)} pattern file{"s" if len(patterns) != 1 else ""}, '
        f"{len(others)} other file{'s' if len(others) != 1 else ''} changed.</p>",
    ]
    if patterns:
        out.append("<table><tr><th></th><th>File</th><th>Title</th></tr>")
        for i, f in enumerate(patterns):
            out.append(
                f'<tr><td>{_badge(f.status)}</td><td><a href="#f{i}"><code>{_e(_name(f))}</code></a></td>'
                f"<td>{_e(f.title)}</td></tr>"
            )
        out.append("</table>")
    for i, f in enumerate(patterns):
        out.append(f'<h2 id="f{i}">{_badge(f.status)} <code>{_e(_name(f))}</code></h2>')
        if f.title:
            out.append(f'<div class="title">{_e(f.title)}</div>')
        for heading, lines in _blocks(f):
            if heading:
                out.append(f"<h3>{_e(heading)}</h3>")
            out.append(_html_list(lines))
        if f.line_diff:
            out.append(_line_diff_html(f.line_diff))
    if others:
        out.append("<h2>Other files</h2><ul>")
        out += [f"<li>{_badge(f.status)} <code>{_e(_name(f))}</code></li>" for f in others]
        out.append("</ul>")
    out.append("<h2>Roll-up</h2><ul>")
    out += [f"<li>{_e(line)}</li>" for line in r.rollup.lines()]
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {"text": to_text, "markdown": to_markdown, "html": to_html}
