"""What an edit is: one splice of the text (``Change``), its inverse for undo, and the schema's hints.

Every edit of a ``Document`` ends as one ``Change``; undo applies its inverse. ``PendingEdit`` is
a frontmatter splice not yet applied, with the data it must produce, for the check after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from editor.model.document.emit import Style
from editor.model.document.textspan import diff_span
from editor.model.paths import Path


@dataclass(frozen=True)
class Change:
    """One splice of the document text: ``old`` at ``start`` became ``new``."""

    start: int
    old: str
    new: str
    kind: str = "frontmatter"  # 'frontmatter' | 'body' | 'text'
    paths: tuple[Path, ...] | None = None  # fields touched; None = could be anything

    def inverse(self) -> Change:
        return Change(self.start, self.new, self.old, self.kind, self.paths)


class EditHints:
    """What the document asks the schema when it writes new keys: where and in which style."""

    def key_order(self, parent: tuple[str, ...], data: Any = None) -> list[str] | None:
        return None

    def style(self, keys: tuple[str, ...], data: Any = None) -> Style | None:
        return None


Listener = Callable[[Change], None]


@dataclass
class PendingEdit:
    """A frontmatter splice before it is applied: ``text`` replaces ``start:end`` and the data
    must then equal ``expected``."""

    start: int  # in frontmatter coordinates
    end: int
    text: str
    expected: Any
    paths: tuple[Path, ...] = field(default_factory=tuple)


def trimmed(base: int, old: str, new: str, kind: str) -> Change:
    """A change covering only the differing middle of ``old`` -> ``new``."""
    p, old_end, new_end = diff_span(old, new)
    return Change(base + p, old[p:old_end], new[p:new_end], kind, None)
