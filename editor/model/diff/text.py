"""The reviewer's summary of a ``DiffResult``: one line per change, in the pattern's own words.

Ontology & scores
  Resilience: 3.0 → 3.5 (+0.5)
Relationships
  Enables: + adaptive-facilitation (0.88)
  Complementary › adversarial-growth: weight 0.8 → 0.85
Body
  Section 3: Solution — 2 paragraphs changed
Formatting only: 2 changes (quotes on title; summary re-wrapped)
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from editor.model.diff.body import SectionDiff, word_diff
from editor.model.diff.changes import FieldChange
from editor.model.diff.formatting import FormatChange
from editor.model.document.values import canon, same
from editor.model.document.yamlnode import load_value
from editor.model.errors import ParseError
from editor.model.paths import Path, Select, key_path
from editor.model.schema import entry_target, field_for, layout_of
from editor.model.schema.spec import RELATION_LABELS

SHOW = 60  # longest value shown whole
_CONTAINERS = ("Commons assessment", "Search hints")
_ITEM_NUMBER = re.compile(r" #\d+$")


def render(
    changes: list[FieldChange],
    groups: dict[int, str],
    body: list[SectionDiff],
    formatting: list[FormatChange],
    words: bool = False,
    file: list[FormatChange] | None = None,
) -> str:
    """A reviewer's summary of a diff (``DiffResult.to_text``): the changes grouped by frontmatter
    group (``groups`` names them), then the changed body sections, then formatting.

    ``words`` adds the word-level changes of each changed paragraph.
    """
    lines: list[str] = []
    if file:
        lines.append("File")
        lines.extend(f"  {f.description[0].upper()}{f.description[1:]}" for f in file)
    by_group: dict[int, list[FieldChange]] = {}
    for c in changes:
        by_group.setdefault(c.group, []).append(c)
    for group in sorted(by_group, key=lambda g: (g == 0, g)):
        lines.append(groups.get(group, f"Group {group}"))
        lines.extend("  " + change_line(c) for c in by_group[group])
    if body:
        lines.append("Body")
        for s in body:
            lines.append(f"  {s.section} — {s.summary}")
            if words and s.kind == "changed":
                for p in s.paragraphs:
                    lines.append("    " + _paragraph_line(p))
    if not lines:
        lines.append("No changes in meaning.")
    if formatting:
        lines.append(formatting_line(formatting))
    return "\n".join(lines) + "\n"


def formatting_line(items: list[FormatChange]) -> str:
    n = len(items)
    if n <= 4:
        detail = "; ".join(f.description for f in items)
    else:
        detail = "; ".join(f"{count} {kind}" for kind, count in Counter(f.kind for f in items).most_common())
    return f"Formatting only: {n} change{'s' if n != 1 else ''} ({detail})"


def _paragraph_line(p: Any) -> str:
    where = f"¶{(p.new_index if p.new_index is not None else p.old_index) + 1}"
    if p.kind == "added":
        return f"{where} added: {_clip(' '.join(p.new.split()), 100)}"
    if p.kind == "removed":
        return f"{where} removed: {_clip(' '.join(p.old.split()), 100)}"
    return f"{where}: {p.inline}"


# ---------------------------------------------------------------- one change


def change_line(c: FieldChange) -> str:
    rel = _relation(c.segments)
    if rel is not None:
        return _relation_line(c, *rel)
    label = display_label(c)
    last = c.segments[-1] if c.segments else None
    if c.kind in ("added", "removed") and isinstance(last, (int, Select)):
        listed = _ITEM_NUMBER.sub("", label).split(" → ")[0]
        if isinstance(last, Select):
            return f"{listed}: {'+' if c.kind == 'added' else '−'} {last.value}"
        value = c.new if c.kind == "added" else c.old
        return f"{listed}: {'+' if c.kind == 'added' else '−'} {show(value)}"
    if c.kind == "added":
        return f"{label}: added ({show(c.new)})"
    if c.kind == "removed":
        return f"{label}: removed (was {show(c.old)})"
    if c.kind == "moved":
        same_parent = c.from_segments[:-1] == c.segments[:-1]
        line = f"{label}: {'renamed' if same_parent else 'moved'} from {c.from_path}"
        if not isinstance(c.old, (dict, list)) and not isinstance(c.new, (dict, list)) and not same(c.old, c.new):
            line += f" ({_change(c.old, c.new)})"  # a scalar that moved and changed (layout migration)
        return line
    delta = delta_text(c)
    return f"{label}: {_change(c.old, c.new)}{' ' + delta if delta else ''}"


def display_label(c: FieldChange) -> str:
    """The label a reviewer reads under the group heading: without the group's own container when
    the schema declares the field, the whole path of labels when it does not (an unknown key under
    ``ontology`` reads "Ontology › commons_alignment", not a bare key)."""
    keys = key_path(c.segments)
    if len(keys) > 1 and field_for(None, keys) is None:
        return c.label
    return short_label(c.label)


def short_label(label: str) -> str:
    """Drop the group-level container ('Ontology › Commons assessment › Resilience' → 'Resilience')."""
    parts = label.split(" › ")
    if len(parts) > 1:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in _CONTAINERS:
        parts = parts[1:]
    return " › ".join(parts)


def _relation(segs: Path) -> tuple[str, str, tuple] | None:
    """(type, target, the rest of the path) when ``segs`` points into a relationship entry."""
    for i, seg in enumerate(segs):
        if isinstance(seg, Select) and seg.key == "slug" and i and segs[i - 1] in RELATION_LABELS:
            return str(segs[i - 1]), seg.value, segs[i + 1 :]
    return None


def _relation_line(c: FieldChange, rtype: str, target: str, rest: tuple) -> str:
    label = RELATION_LABELS.get(rtype, rtype)
    if not rest:
        if c.kind == "added":
            return f"{label}: + {target}{_weight(c.new)}"
        if c.kind == "removed":
            return f"{label}: − {target}{_weight(c.old)}"
        if c.kind == "moved":
            old = _relation(c.from_segments)
            line = f"{label}: {target} moved from {RELATION_LABELS.get(old[0], old[0]) if old else c.from_path}"
            wa, wb = _weight_of(c.old), _weight_of(c.new)
            if wa != wb:
                line += f" (weight {show(wa)} → {show(wb)})"
            return line
        return f"{label} › {target}: {show(c.old)} → {show(c.new)}"
    name = ".".join(str(s) for s in rest)
    if c.kind == "added":
        return f"{label} › {target}: {name} added ({show(c.new)})"
    if c.kind == "removed":
        return f"{label} › {target}: {name} removed (was {show(c.old)})"
    return f"{label} › {target}: {name} {_change(c.old, c.new)}"


def _weight_of(entry: Any) -> Any:
    return entry.get("weight") if isinstance(entry, dict) else None


def _weight(entry: Any) -> str:
    w = _weight_of(entry)
    return f" ({show(w)})" if w is not None else ""


def _change(old: Any, new: Any) -> str:
    if type_name(old) != type_name(new) and not (old is None or new is None):
        return f"{show(old)} ({type_name(old)}) → {show(new)} ({type_name(new)})"
    if (
        isinstance(old, str)
        and isinstance(new, str)
        and (len(old) > SHOW or len(new) > SHOW)
        and len(old.split()) > 2
        and len(new.split()) > 2
    ):  # a URL is one word: show it whole
        return word_diff(old.split(), new.split(), context=3)[1]
    return f"{show(old)} → {show(new)}"


def delta_text(c: FieldChange) -> str:
    """ "(+0.5)": the numeric delta JSON carries, for every number but a version (a name, not an amount)."""
    if c.delta is None:
        return ""
    keys = key_path(c.segments)
    if keys and keys[-1] in _NOT_AMOUNTS:
        return ""
    return f"({c.delta:+g})"


_NOT_AMOUNTS = frozenset({"version"})


def show(value: Any) -> str:
    """A value as a reviewer reads it: text as is, numbers as YAML writes them, lists in brackets."""
    if isinstance(value, str):
        if value == "" or _looks_typed(value):
            return _clip(f'"{value}"', SHOW)
        return _clip(" ".join(value.split()), SHOW)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return _clip("[" + ", ".join(show(v) for v in value) + "]", SHOW)
    if isinstance(value, dict):
        return _clip("{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}", SHOW)
    return str(value)


def type_name(value: Any) -> str:
    """The kind of a value as a reviewer names it: a type change (``1.0`` → ``"1.0"``) is shown."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "date" if canon(value)[0] == "t" else "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    return "null" if value is None else type(value).__name__


def _looks_typed(text: str) -> bool:
    """Text that would read as a number, boolean, null or date if shown without quotes."""
    try:
        return not isinstance(load_value(text), str)
    except ParseError:
        return False


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- flat text (git textconv)


def flat_text(data: Any, body_sections: list | None = None) -> str:
    """One line per field (``relationships.enables[slug=x].weight: 0.9``) and per body paragraph.

    Made for ``git diff``'s textconv: keys in the schema's order, relationship entries and lists of
    strings sorted, numbers and wrapped text spelled one way, so a line diff of two flat texts shows
    changes of meaning only.
    """
    layout = layout_of(data)
    lines: list[str] = []

    def emit(prefix: str, value: Any, keys: tuple[str, ...], skip: str | None = None) -> None:
        f = field_for(data, keys) if keys else None
        kind = f.kind if f else None
        if isinstance(value, dict):
            if not value:
                lines.append(f"{prefix}: {{}}")
            order = layout.order(keys) or []
            rank = {k: i for i, k in enumerate(order)}
            for k in sorted(value, key=lambda k: (rank.get(k, len(rank)), str(k))):
                if k == skip and isinstance(value[k], str):
                    continue  # already in the prefix: [slug=x]
                emit(f"{prefix}.{k}" if prefix else str(k), value[k], (*keys, str(k)))
        elif isinstance(value, list):
            if not value:
                lines.append(f"{prefix}: []")
            elif all(not isinstance(v, (dict, list)) for v in value):
                for v in sorted(value, key=canon):
                    lines.append(f"{prefix}[]: {_flat_scalar(v, kind)}")
            else:
                if keys and (keys[0] == "relationships" or keys[-1] in RELATION_LABELS):
                    key: str | None = "slug"
                    targets = [entry_target(v) for v in value]
                else:
                    key = next(
                        (
                            k
                            for k in ("id", "target", "name")
                            if all(isinstance(v, dict) and isinstance(v.get(k), str) for v in value)
                        ),
                        None,
                    )
                    targets = [v.get(key) if key and isinstance(v, dict) else None for v in value]
                unique = (
                    key is not None and all(isinstance(t, str) for t in targets) and len(set(targets)) == len(targets)
                )
                order = sorted(range(len(value)), key=lambda i: str(targets[i])) if unique else range(len(value))
                for i in order:
                    if unique:
                        emit(f"{prefix}[{key}={targets[i]}]", value[i], keys, key)
                    else:
                        emit(f"{prefix}[{i}]", value[i], keys)
        else:
            lines.append(f"{prefix}: {_flat_scalar(value, kind)}")

    emit("", data, ())
    if body_sections is not None:
        for sec in body_sections:
            lines.append("")
            lines.append(f"## {sec.title}")
            lines.extend(p.key for p in sec.paragraphs)
    return "\n".join(lines) + "\n"


def _flat_scalar(value: Any, kind: str | None) -> str:
    if isinstance(value, bool) or value is None:
        return show(value)
    if isinstance(value, (int, float)):
        # one spelling per number: 3 and 3.0 are the same score
        if kind not in ("score", "weight", "number") and float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        text = " ".join(value.split())
        return f'"{text}"' if _looks_typed(text) or not text else text
    return str(value)
