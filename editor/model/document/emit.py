"""Render new YAML text in the style of the text around it.

An edited value keeps its node's style (quotes, flow/block, folding, number spelling); a
new list item copies its neighbour item; a new key copies a sibling of the same shape or
the schema's style hint. Every rendering is checked by re-parsing before it is used.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from editor.model.document.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    column,
    content_end,
    dash_index,
)

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_PRINTABLE = re.compile("[\x09\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
}


@dataclass
class Style:
    """How a value is written. ``None`` fields mean "no evidence": fall back to conventions."""

    scalar: str | None = None  # '' plain, '"', "'", '>' folded, '|' literal
    flow: bool | None = None  # collections: flow ([a, b]) or block
    indent: int | None = None  # block child column minus the parent line's column
    decimals: int | None = None  # numbers: 0 = written as an int, n = digits after '.'
    fold_indent: int | None = None  # block scalars: content column minus key column
    fold_width: int | None = None  # block scalars: longest content line (wrap width)
    chomp: str = "-"  # block scalars: '-', '' or '+'
    item: Style | None = None  # sequences: the style of their items
    keys: dict[str, Style] = field(default_factory=dict)  # mappings: per-key styles


@dataclass
class Conventions:
    """File-wide habits, sniffed once per parse, used where no neighbour gives a style."""

    map_indent: int = 2
    seq_indent: int = 2  # dash column minus the parent key's column
    flow_quote: str = '"'  # quoting of strings inside flow lists
    quotes: bool = True  # does the file quote strings at all (machine-dumped files do not)

    @classmethod
    def sniff(cls, root: Node | None, fm: str) -> Conventions:
        conv = cls()
        if root is None:
            return conv
        seen_quote = seen_seq = seen_map = seen_flow = False
        stack: list[tuple[Node, int]] = [(root, 0)]
        while stack and not (seen_quote and seen_seq and seen_map and seen_flow):
            node, parent_col = stack.pop()
            if isinstance(node, MappingNode):
                for key, value in node.value:
                    kcol = key.start_mark.column
                    if isinstance(value, ScalarNode) and value.style in ('"', "'"):
                        seen_quote = True
                    if isinstance(value, SequenceNode) and value.value and not value.flow_style and not seen_seq:
                        conv.seq_indent = value.value[0].start_mark.column - 2 - kcol
                        seen_seq = conv.seq_indent in (0, 2, 4)
                    if isinstance(value, MappingNode) and value.value and not value.flow_style and not seen_map:
                        conv.map_indent = value.start_mark.column - kcol
                        seen_map = conv.map_indent > 0
                    if isinstance(value, SequenceNode) and value.flow_style and not seen_flow:
                        strs = [v for v in value.value if isinstance(v, ScalarNode) and v.tag == _STR_TAG]
                        if strs:
                            conv.flow_quote = strs[0].style or ""
                            seen_flow = True
                    stack.append((value, kcol))
            elif isinstance(node, SequenceNode):
                stack.extend((v, parent_col) for v in node.value)
        conv.quotes = seen_quote
        if not seen_flow and not seen_quote:
            conv.flow_quote = ""
        return conv


def style_of(node: Node, fm: str, parent_col: int = 0) -> Style:
    """Read the style of an existing node; ``parent_col`` is the column of its key or dash."""
    if isinstance(node, ScalarNode):
        style = Style(scalar=node.style or "")
        if node.tag == "tag:yaml.org,2002:float":
            text = node.value
            style.decimals = len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 1
        elif node.tag == "tag:yaml.org,2002:int":
            style.decimals = 0
        if node.style in (">", "|"):
            header = fm[node.start_mark.index : fm.find("\n", node.start_mark.index)]
            style.chomp = "-" if "-" in header else ("+" if "+" in header else "")
            lines = [ln for ln in fm[node.start_mark.index : content_end(node, fm)].splitlines()[1:] if ln.strip()]
            if lines:
                style.fold_indent = min(len(ln) - len(ln.lstrip(" ")) for ln in lines) - parent_col
                style.fold_width = max(len(ln.rstrip()) for ln in lines)
        return style
    if isinstance(node, SequenceNode):
        style = Style(flow=bool(node.flow_style))
        if node.value:
            if not node.flow_style:
                dash = dash_index(node.value[0], fm)
                style.indent = column(fm, dash) - parent_col
                item_col = column(fm, dash)
            else:
                item_col = parent_col
            style.item = style_of(node.value[-1], fm, item_col)
            for other in node.value[:-1]:  # keys missing from the last item
                if isinstance(other, MappingNode):
                    _merge_keys(style.item, style_of(other, fm, item_col))
        return style
    style = Style(flow=bool(node.flow_style))
    if node.value and not node.flow_style:
        style.indent = node.value[0][0].start_mark.column - parent_col
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            style.keys[key.value] = style_of(value, fm, key.start_mark.column)
    return style


def _merge_keys(into: Style, other: Style) -> None:
    for k, v in other.keys.items():
        into.keys.setdefault(k, v)


# ---------------------------------------------------------------- scalars


def plain_ok(text: str, flow: bool = False) -> bool:
    """Can ``text`` be written unquoted and read back as the same string?"""
    if not text or text != text.strip() or "\n" in text or "\r" in text:
        return False
    if _RESOLVER.resolve(ScalarNode, text, (True, False)) != _STR_TAG:
        return False
    analysis = yaml.emitter.Emitter(None).analyze_scalar(text)
    return analysis.allow_flow_plain if flow else analysis.allow_block_plain


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch) and ch not in "\u2028\u2029\ufeff":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    if any(ch in text for ch in "\n\r") or not all(_PRINTABLE.match(ch) for ch in text):
        return None
    return "'" + text.replace("'", "''") + "'"


def number_text(value: float | int, decimals: int | None) -> str:
    """A number written in its own kind: an int as an int, a float always with a '.' (or as
    ``.nan``/``.inf``), so the text reads back as the same kind. ``decimals`` (the old spelling)
    never changes the kind: ``3`` in a float field stays ``3``, ``1e20`` never becomes an int."""
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text:  # YAML 1.1 reads 1e+20 as text: give the mantissa its '.'
            mantissa, exp = text.split("e")
            mantissa += "" if "." in mantissa else ".0"
            return f"{mantissa}e{exp if exp[0] in '+-' else '+' + exp}"
        return text
    return str(value)


def scalar_text(value: Any, style: Style | None, conv: Conventions, flow: bool = False) -> str:
    """One-line text of a scalar (block scalars are rendered by ``render_after``)."""
    style = style or Style()
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value, style.decimals)
    if isinstance(value, dt.datetime):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    quote = style.scalar
    seen = quote is not None
    if quote is None:  # no neighbour to copy: flow items follow the file, other strings stay plain
        quote = conv.flow_quote if flow else ""
    if quote in (">", "|"):
        quote = '"'
    # the least change from the style asked for: plain, then single quotes, then double
    if quote == "" and plain_ok(text, flow):
        return text
    if quote == "'" or (quote == "" and seen):  # a plain value that no longer fits stays close
        single = single_quoted(text)
        if single is not None:
            return single
    return double_quoted(text)


def fold(text: str, width: int, old_lines: list[str] | None = None) -> list[str] | None:
    """Wrap one paragraph for a folded scalar so that folding gives ``text`` back.

    Lines shared with ``old_lines`` at the start and end are reused, so a small edit to a
    summary rewrites only the lines around it. Returns None when ``text`` cannot be folded
    (leading/trailing/double spaces at break points, tabs, newlines).
    """
    if not text or text != text.strip() or any(ch in text for ch in "\n\r\t"):
        return None
    words = text.split(" ")
    if any(w == "" for w in words):  # runs of spaces cannot sit at a fold point; keep them inline
        return _fold_keep_runs(text, width)
    prefix: list[str] = []
    suffix: list[str] = []
    rest = words
    if old_lines:
        old = [ln.strip() for ln in old_lines]
        i = 0
        while (
            i < len(old)
            and old[i]
            and rest[: len(old[i].split(" "))] == old[i].split(" ")
            and len(rest) > len(old[i].split(" "))
        ):
            prefix.append(old[i])
            rest = rest[len(old[i].split(" ")) :]
            i += 1
        j = len(old) - 1
        while (
            j >= i
            and old[j]
            and len(rest) > len(old[j].split(" "))
            and rest[-len(old[j].split(" ")) :] == old[j].split(" ")
        ):
            suffix.insert(0, old[j])
            rest = rest[: -len(old[j].split(" "))]
            j -= 1
    middle: list[str] = []
    line = ""
    for word in rest:
        if line and len(line) + 1 + len(word) > width:
            middle.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        middle.append(line)
    return prefix + middle + suffix


def _fold_keep_runs(text: str, width: int) -> list[str]:
    tokens = re.findall(r"\S+(?: {2,}\S+)*", text)  # words glued to their runs of spaces
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if line and len(line) + 1 + len(tok) > width:
            lines.append(line)
            line = tok
        else:
            line = f"{line} {tok}" if line else tok
    lines.append(line)
    return lines


# ---------------------------------------------------------------- collections


def _child_style(style: Style | None, key: str | None = None) -> Style | None:
    if style is None:
        return None
    if key is None:
        return style.item
    return style.keys.get(key)


def flow_text(value: Any, style: Style | None, conv: Conventions) -> str:
    if isinstance(value, dict):
        inner = ", ".join(
            f"{scalar_text(k, None, conv, flow=True) if not isinstance(k, str) or not plain_ok(k, True) else k}: "
            f"{flow_text(v, _child_style(style, k), conv)}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_text(v, _child_style(style, None), conv) for v in value) + "]"
    st = (
        style
        if style is not None and style.scalar not in (None, ">", "|")
        else Style(scalar=None, decimals=style.decimals if style else None)
    )
    return scalar_text(value, st, conv, flow=True)


def render_after(
    value: Any, style: Style | None, conv: Conventions, col: int, nl: str, old_block_lines: list[str] | None = None
) -> str:
    """Text that follows ``key:`` or ``-`` on a line whose key/dash sits at ``col``."""
    style = style or Style()
    if isinstance(value, dict):
        if not value:
            return " {}"
        if style.flow:
            return " " + flow_text(value, style, conv)
        indent = style.indent if style.indent else conv.map_indent
        return "".join(
            f"{nl}{' ' * (col + indent)}{key_text_of(k, conv)}:"
            f"{render_after(v, _child_style(style, k), conv, col + indent, nl)}"
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return " []"
        if style.flow:
            return " " + flow_text(value, style, conv)
        indent = style.indent if style.indent is not None else conv.seq_indent
        dash_col = col + indent
        return "".join(
            f"{nl}{' ' * dash_col}-{render_item(v, _child_style(style, None), conv, dash_col, nl)}" for v in value
        )
    if isinstance(value, str) and style.scalar in (">", "|"):
        block = _block_scalar(value, style, col, nl, old_block_lines)
        if block is not None:
            return block
        style = Style(scalar='"')
    return " " + scalar_text(value, style, conv)


def render_item(value: Any, style: Style | None, conv: Conventions, dash_col: int, nl: str) -> str:
    """Text that follows the ``-`` of a block sequence item."""
    style = style or Style()
    if isinstance(value, dict) and value and not style.flow:
        inner = dash_col + 2
        parts = []
        for i, (k, v) in enumerate(value.items()):
            lead = " " if i == 0 else f"{nl}{' ' * inner}"
            parts.append(f"{lead}{key_text_of(k, conv)}:{render_after(v, _child_style(style, k), conv, inner, nl)}")
        return "".join(parts)
    if isinstance(value, (list, tuple)) and value and not style.flow:
        return " " + flow_text(value, style, conv)
    return render_after(value, style, conv, dash_col, nl)


def key_text_of(key: Any, conv: Conventions) -> str:
    """A mapping key as written: plain when YAML reads it back unchanged, else double-quoted."""
    if isinstance(key, str) and plain_ok(key):
        return key
    return scalar_text(key, Style(scalar='"'), conv)


def _block_scalar(value: str, style: Style, col: int, nl: str, old_lines: list[str] | None) -> str | None:
    indent = col + (style.fold_indent or 2)
    pad = " " * indent
    chomp = style.chomp
    if chomp == "-" and value.endswith("\n"):
        return None
    body = value[:-1] if chomp == "" and value.endswith("\n") else value
    if chomp == "" and not value.endswith("\n"):
        return None
    if style.scalar == "|":
        if any(ch in body for ch in "\r\t") or body != body.rstrip(" ") or body.startswith(" "):
            return None
        lines = body.split("\n")
    else:
        width = max(20, (style.fold_width or 72) - indent)
        paragraphs = body.split("\n")
        lines = []
        for i, para in enumerate(paragraphs):
            if i:
                lines.append("")
            if not para:
                return None
            wrapped = fold(para, width, old_lines if len(paragraphs) == 1 else None)
            if wrapped is None:
                return None
            lines.extend(wrapped)
    header = f" {style.scalar}{chomp}"
    return header + "".join(f"{nl}{pad}{ln}" if ln else nl for ln in lines)
