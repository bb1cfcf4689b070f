"""One line per changed pattern ("Resilience 3.0 → 3.5; +1 enables; Solution edited"), the commit
message drafted from those lines, and a branch name drafted from the message."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from editor.model.diff.changes import ADDED, CHANGED, REMOVED, FieldChange
from editor.model.diff.result import DiffResult
from editor.model.paths import Select

MOST = 4  # parts shown in one line before "+N more"
SUBJECT = 72  # a commit subject's usual width


def _name(c: FieldChange) -> str:
    return c.label.rsplit(" › ", 1)[-1].split(" → ", 1)[0]


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:23] + "…"


def _relation(c: FieldChange) -> tuple[str, str] | None:
    """(type, "added"/"removed"/"re-weighted") when ``c`` is about one relationship entry."""
    segs = c.segments
    if len(segs) < 2 or segs[0] not in ("relationships", "related"):
        return None
    kind = str(segs[1]) if segs[0] == "relationships" else "related"
    entry = len(segs) == 3 and isinstance(segs[2], Select | int)
    if entry and c.kind in (ADDED, REMOVED):
        return kind, c.kind
    if len(segs) == 2 and c.kind in (ADDED, REMOVED):  # the whole list
        return kind, c.kind
    if segs[-1] == "weight":
        return kind, "re-weighted"
    return None


def one_line(diff: DiffResult | None, status: str = "modified") -> str:
    """The compact reading of one file's change, for the Changes panel and the commit message."""
    if status == "added":
        return "new pattern"
    if status == "deleted":
        return "removed"
    if diff is None:
        return "changed (does not parse: compared line by line)"
    parts: list[str] = []
    relations: Counter[tuple[str, str]] = Counter()
    for c in diff.changes:
        rel = _relation(c)
        if rel is not None:
            relations[rel] += 1
        elif c.kind == CHANGED and isinstance(c.old, int | float) and isinstance(c.new, int | float):
            parts.append(f"{_name(c)} {c.old} → {c.new}")
        elif c.kind == CHANGED and isinstance(c.new, str) and len(c.new) <= 24 and "\n" not in c.new:
            parts.append(f"{_name(c)} {_show(c.old)} → {_show(c.new)}")
        else:
            parts.append(f"{_name(c)} {'edited' if c.kind == CHANGED else c.kind}")
    sign = {"added": "+", "removed": "−", "re-weighted": "~"}
    parts += [f"{sign[how]}{n} {kind}" for (kind, how), n in relations.items()]
    for s in diff.body_changes:
        section = re.sub(r"^Section \d+:\s*", "", s.section)
        parts.append(f"{section} {'edited' if s.kind == 'changed' else s.kind}")
    if not parts:
        return "formatting only" if diff.formatting else "no change of meaning"
    more = len(parts) - MOST
    return "; ".join(parts[:MOST]) + (f"; +{more} more" if more > 0 else "")


def draft_message(items: list[tuple[str, str]]) -> str:
    """A commit message from (title, one line) pairs: a subject, then one line per pattern."""
    if not items:
        return ""
    if len(items) == 1:
        title, line = items[0]
        subject = f"{title}: {line}"
        if len(subject) > SUBJECT:
            subject = subject[: SUBJECT - 1].rstrip("; ") + "…"
        return subject + "\n"
    titles = ", ".join(t for t, _ in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
    subject = f"Update {len(items)} patterns: {titles}"
    if len(subject) > SUBJECT:
        subject = f"Update {len(items)} patterns"
    body = "\n".join(f"- {t}: {line}" for t, line in items)
    return f"{subject}\n\n{body}\n"


def branch_name(message: str, today: dt.date | None = None, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """``patterns/<words of the subject>`` (a valid, unused ref name)."""
    subject = message.strip().split("\n", 1)[0]
    words = [w for w in re.findall(r"[a-z0-9]+", subject.lower()) if not w.isdigit()][:6]
    stem = "-".join(words) or f"changes-{(today or dt.date.today()).isoformat()}"
    base = f"patterns/{stem[:50].rstrip('-')}"
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    return name


def valid_branch(name: str) -> bool:
    """git's ref-name rules, the ones a person can break by typing."""
    return bool(name) and not (
        name.startswith(("-", "/"))
        or name.endswith(("/", ".", ".lock"))
        or ".." in name
        or "//" in name
        or "@{" in name
        or re.search(r"[\x00-\x20~^:?*\[\\\x7f]", name)
    )
