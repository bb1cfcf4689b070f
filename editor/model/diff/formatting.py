"""Formatting-only differences between two versions of a frontmatter.

The semantic walk (``diff.py``) calls in here for every pair of YAML nodes whose data is equal;
this module compares their text: scalar spelling (quotes, folding, wrapping, ``3.0`` vs ``3``),
collection style (flow vs block), indentation, the comment / banner / blank lines above each
key, key order, and list order. What it cannot name is reported per top-level key as spacing,
so that no textual difference goes unreported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from editor.model.document.split import Parts
from editor.model.document.yamlnode import content_end, dash_index, line_end, line_start
from editor.model.paths import Path, format_path

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_STYLE_NAMES = {"": "plain", '"': "double-quoted", "'": "single-quoted", ">": "folded (>)", "|": "literal (|)"}


@dataclass
class FormatChange:
    """A textual difference that does not change the data."""

    kind: str  # quotes | style | wrapping | indentation | number | spelling | comments | banner |
    #           blank lines | key order | order | whitespace | line endings | rules | heading
    path: str  # field path, body section name, or "" for the whole file
    description: str  # "quotes on title", "summary re-wrapped"
    old: str | None = None  # the text before / after, when short enough to show
    new: str | None = None
    where: str = "frontmatter"  # frontmatter | body | file
    segments: Path = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "where": self.where,
            "path": self.path,
            "description": self.description,
            "old": self.old,
            "new": self.new,
        }


def file_formatting(a: str, b: str, pa: Parts, pb: Parts) -> list[FormatChange]:
    """Differences outside the frontmatter and body: line endings, BOM, delimiters, final newline."""
    out: list[FormatChange] = []

    def add(kind: str, text: str) -> None:
        out.append(FormatChange(kind, "", text, where="file"))

    if pa.newline != pb.newline:
        add("line endings", f"line endings {_nl(pa.newline)} → {_nl(pb.newline)}")
    bom_a, bom_b = a.startswith("\ufeff"), b.startswith("\ufeff")
    if bom_a != bom_b:
        add("whitespace", "byte order mark " + ("removed" if bom_a else "added"))
    before_a, before_b = _before_opening(a, pa), _before_opening(b, pb)
    if before_a != before_b and bool(before_a) == bool(before_b):  # one side alone: opening_change
        add("whitespace", "lines before the opening ---")
    if a[pa.fm_end : pa.body_start].rstrip("\r\n") != b[pb.fm_end : pb.body_start].rstrip("\r\n"):
        add("whitespace", "closing --- line")
    end_a, end_b = a.endswith(("\n", "\r")), b.endswith(("\n", "\r"))
    if end_a != end_b:
        add("whitespace", "final newline " + ("removed" if end_a else "added"))
    return out


def opening_change(a: str, b: str, pa: Parts, pb: Parts) -> FormatChange | None:
    """Blank lines put before (or taken from before) the opening ``---``: not formatting, since a
    static-site generator reads a frontmatter only when ``---`` is the first line of the file."""
    before_a, before_b = _before_opening(a, pa), _before_opening(b, pb)
    if bool(before_a) == bool(before_b):
        return None
    n = (before_a or before_b).count("\n") or 1
    lines = f"{n} blank line{'s' if n != 1 else ''}"
    if before_b:
        text = f"{lines} added before the opening --- (line 1): site generators no longer find the frontmatter"
    else:
        text = f"{lines} removed before the opening ---: the frontmatter starts on line 1 again"
    return FormatChange("opening", "", text, before_a or None, before_b or None, where="file")


def _before_opening(text: str, parts: Parts) -> str:
    """The blank lines before the opening ``---`` line (BOM left out, line endings as LF)."""
    head = text[: parts.fm_start].lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return head[: head.rfind("---")]


def _nl(newline: str) -> str:
    return {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}.get(newline, repr(newline))


class FrontmatterFormat:
    """Collects formatting changes while the semantic walk visits equal regions."""

    def __init__(self, afm: str, bfm: str) -> None:
        self.afm, self.bfm = afm, bfm
        self.alines, self.blines = afm.splitlines(), bfm.splitlines()
        self.items: list[FormatChange] = []

    def add(self, kind: str, segs: Path, description: str, old: str | None = None, new: str | None = None) -> None:
        self.items.append(
            FormatChange(
                kind, format_path(segs) if segs else "", description, _short(old), _short(new), "frontmatter", segs
            )
        )

    # ------------------------------------------------------------ called by the walk

    def scalar(self, segs: Path, an: Any, bn: Any) -> None:
        if not (isinstance(an, yaml.ScalarNode) and isinstance(bn, yaml.ScalarNode)):
            return
        ta, tb = _src(self.afm, an), _src(self.bfm, bn)
        if ta == tb:
            return
        name = _name(segs)
        sa, sb = an.style or "", bn.style or ""
        if sa != sb:
            if {sa, sb} & {">", "|"}:
                self.add(
                    "style", segs, f"{name} written {_STYLE_NAMES.get(sb, sb)} (was {_STYLE_NAMES.get(sa, sa)})", ta, tb
                )
            else:
                self.add("quotes", segs, f"quotes on {name}", ta, tb)
        elif "\n" in ta or "\n" in tb:
            if [ln.strip() for ln in ta.splitlines()] == [ln.strip() for ln in tb.splitlines()]:
                self.add("indentation", segs, f"indentation of {name}", ta, tb)
            else:
                self.add("wrapping", segs, f"{name} re-wrapped", ta, tb)
        elif an.tag in _NUMBER_TAGS and bn.tag in _NUMBER_TAGS:
            self.add("number", segs, f"{name} written {tb} (was {ta})", ta, tb)
        else:
            self.add("spelling", segs, f"{name} spelled differently", ta, tb)

    def container(self, segs: Path, an: Any, bn: Any) -> None:
        if type(an) is not type(bn) or not isinstance(an, (yaml.MappingNode, yaml.SequenceNode)):
            return
        if bool(an.flow_style) != bool(bn.flow_style) and an.value and bn.value:
            what = "list" if isinstance(an, yaml.SequenceNode) else "map"
            old, new = ("flow", "block") if an.flow_style else ("block", "flow")
            self.add("style", segs, f"{_name(segs)} written as a {new} {what} (was {old})")

    def indentation(self, segs: Path, ka: tuple[Any, Any], kb: tuple[Any, Any]) -> None:
        """A key present in both versions: its block value's indentation relative to the key."""
        (akey, aval), (bkey, bval) = ka, kb
        if akey is None or bkey is None:
            return
        ia, ib = _child_indent(self.afm, aval), _child_indent(self.bfm, bval)
        if ia is not None and ib is not None and ia - akey.start_mark.column != ib - bkey.start_mark.column:
            self.add("indentation", segs, f"indentation of {_name(segs)}")

    def gaps(self, segs: Path, an: Any, bn: Any) -> None:
        """Comment, banner and blank lines above the keys of a mapping present in both versions.

        Lines are compared key by key where the key follows the same sibling in both versions; a key
        added, removed or moved just above another takes the lines above it along, which is not a
        formatting change as long as the map as a whole keeps the same comments and blank lines.
        """
        if not (isinstance(an, yaml.MappingNode) and isinstance(bn, yaml.MappingNode)):
            return
        ga, gb = self._gaps_of(self.afm, self.alines, an), self._gaps_of(self.bfm, self.blines, bn)
        before = len(self.items)
        for k, (prev, gap) in gb.items():
            if k in ga and ga[k][0] == prev:
                self._compare_gap(segs + (k,), ga[k][1], gap, format_path(segs + (k,)))
        kinds = {c.kind for c in self.items[before:]}
        all_a = [ln for _, g in ga.values() for ln in g]
        all_b = [ln for _, g in gb.values() for ln in g]
        where = _name(segs) if segs else "the frontmatter"
        ca, cb = [ln for ln in all_a if ln], [ln for ln in all_b if ln]
        if ca != cb and not kinds & {"banner", "comments"}:
            kind = "banner" if any("═" in ln or "GROUP" in ln for ln in ca + cb) else "comments"
            self.add(kind, segs, f"{'banners' if kind == 'banner' else 'comments'} in {where} changed")
        if all_a.count("") != all_b.count("") and "blank lines" not in kinds:
            self.add("blank lines", segs, f"blank lines in {where}")

    def _gaps_of(self, fm: str, lines: list[str], node: Any) -> dict[str, tuple[str | None, list[str]]]:
        out: dict[str, tuple[str | None, list[str]]] = {}
        prev = None
        for key, _ in node.value:
            name = str(key.value)
            out[name] = (prev, _gap_above(fm, lines, key) or [])
            prev = name
        return out

    def item(self, segs: Path, an: Any, bn: Any) -> None:
        """A list item present in both versions: the comment and blank lines above its dash."""
        if an is None or bn is None:
            return
        self._gap(segs, self.afm, self.alines, an, self.bfm, self.blines, bn)

    def key_order(self, segs: Path, aorder: list, border: list) -> None:
        if aorder != border:
            moved = _moved(aorder, border)
            where = _name(segs) if segs else "the frontmatter"
            self.add("key order", segs, f"key order in {where} ({', '.join(map(str, moved))} moved)")

    def order(self, segs: Path, aorder: list, border: list) -> None:
        if aorder != border:
            self.add("order", segs, f"{_name(segs)} reordered")

    def finish(self, aroot: Any, broot: Any, changed_tops: set) -> None:
        """Comments after the last key, and spacing in top-level entries nothing else explained."""
        if isinstance(aroot, yaml.MappingNode) and isinstance(broot, yaml.MappingNode):
            ta = _tail(self.afm, aroot)
            tb = _tail(self.bfm, broot)
            self._compare_gap((), ta, tb, "the end of the frontmatter")
            explained = {c.segments[0] for c in self.items if c.segments}
            bentries = {str(k.value): (k, v) for k, v in broot.value if isinstance(k, yaml.ScalarNode)}
            for k, v in aroot.value:
                name = str(k.value)
                if name in changed_tops or name in explained or name not in bentries:
                    continue
                bk, bv = bentries[name]
                sa = self.afm[k.start_mark.index : _entry_end(k, v, self.afm)]
                sb = self.bfm[bk.start_mark.index : _entry_end(bk, bv, self.bfm)]
                if sa != sb:
                    self.add("whitespace", (name,), f"spacing in {name}", sa, sb)
        elif self.afm != self.bfm and not self.items:
            self.add("whitespace", (), "whitespace in the frontmatter")

    # ------------------------------------------------------------ gaps

    def _gap(
        self, segs: Path, afm: str, alines: list[str], anode: Any, bfm: str, blines: list[str], bnode: Any
    ) -> None:
        ga, gb = _gap_above(afm, alines, anode), _gap_above(bfm, blines, bnode)
        if ga is None or gb is None:
            return
        self._compare_gap(segs, ga, gb, _name(segs))

    def _compare_gap(self, segs: Path, ga: list[str], gb: list[str], where: str) -> None:
        ca, cb = [ln for ln in ga if ln], [ln for ln in gb if ln]
        if ca != cb:
            banner = any("═" in ln or "GROUP" in ln for ln in ca + cb)
            kind = "banner" if banner else "comments"
            verb = "added" if not ca else "removed" if not cb else "changed"
            self.add(
                kind,
                segs,
                f"{kind} {'before ' if segs else 'at '}{where} {verb}",
                "\n".join(ca) or None,
                "\n".join(cb) or None,
            )
        if ga.count("") != gb.count(""):
            self.add("blank lines", segs, f"blank lines {'before ' if segs else 'at '}{where}")


def _src(fm: str, node: Any) -> str:
    return fm[node.start_mark.index : content_end(node, fm)]


def _name(segs: Path) -> str:
    return format_path(segs) if segs else "frontmatter"


def _short(text: str | None, limit: int = 400) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + "…"


def _gap_above(fm: str, lines: list[str], node: Any) -> list[str] | None:
    """The blank and comment lines right above the line a key or list item starts on (stripped)."""
    start = node.start_mark.index
    ls = line_start(fm, start)
    before = fm[ls:start].strip()
    if before not in ("", "-"):  # not the first thing on its line (`- slug: x` is fine, `{a: 1}` is not)
        return None
    line = node.start_mark.line
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and before == "":
        dash = dash_index(node, fm)  # a list item whose dash sits alone on an earlier line
        if dash >= 0 and fm[dash] == "-":
            line -= fm.count("\n", dash, start)
    out: list[str] = []
    i = line - 1
    while i >= 0:
        text = lines[i].strip()
        if text and not text.startswith("#"):
            break
        out.append(text)
        i -= 1
    out.reverse()
    return out


def _tail(fm: str, root: Any) -> list[str]:
    rest = fm[_last_end(root, fm) :]
    lines = rest.splitlines()[1:] if "\n" in rest else []
    return [ln.strip() for ln in lines]


def _last_end(root: Any, fm: str) -> int:
    """Index just past the last node written in the frontmatter.

    ``content_end(root)`` follows the last value, and an alias (``*id001``) is the anchored node
    itself, whose marks lie where the anchor was written: the end of a frontmatter whose last key
    holds an alias would land mid-file. The furthest end over every node (keys included) does not.
    """
    end, seen, stack = 0, set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            stack.extend(node.value)
        else:
            end = max(end, content_end(node, fm))
    return end


def _entry_end(key: Any, value: Any, fm: str) -> int:
    """End of a ``key: value`` entry; a value that is an alias ends with the key's line."""
    end = _last_end(value, fm)
    return end if end > key.start_mark.index else line_end(fm, key.start_mark.index)


def _child_indent(fm: str, node: Any) -> int | None:
    """Column of the first key / dash of a non-empty block collection."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return node.value[0][0].start_mark.column
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        dash = dash_index(node.value[0], fm)
        return dash - line_start(fm, dash)
    return None


def _moved(a: list, b: list) -> list:
    """The keys outside the longest common subsequence of two orders: the ones that moved."""
    import difflib

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = {a[block.a + k] for block in matcher.get_matching_blocks() for k in range(block.size)}
    return [k for k in b if k not in kept]
