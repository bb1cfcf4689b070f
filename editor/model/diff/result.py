"""A diff's result: the changes of meaning in the frontmatter and body, and the formatting-only ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor.model.diff.body import SectionDiff
from editor.model.diff.changes import FieldChange
from editor.model.diff.formatting import FormatChange
from editor.model.diff.text import render


@dataclass
class DiffResult:
    changes: list[FieldChange] = field(default_factory=list)
    body: list[SectionDiff] = field(default_factory=list)
    formatting: list[FormatChange] = field(default_factory=list)
    groups: dict[int, str] = field(default_factory=dict)  # group number -> label, from the new file's layout
    file: list[FormatChange] = field(default_factory=list)  # changes of meaning to the file as a whole

    @property
    def body_changes(self) -> list[SectionDiff]:
        return [s for s in self.body if s.kind != "unchanged"]

    @property
    def is_empty(self) -> bool:
        """True when nothing changed in meaning (formatting-only differences do not count)."""
        return not self.changes and not self.body_changes and not self.file

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"changes": [...], "body": [...], "formatting": [...]}``, and ``"file"``
        when the file as a whole changed in meaning."""
        out = {
            "changes": [c.to_json() for c in self.changes],
            "body": [s.to_json() for s in self.body],
            "formatting": [f.to_json() for f in self.formatting],
        }
        if self.file:  # e.g. a blank line before the opening ---
            out["file"] = [f.to_json() for f in self.file]
        return out

    def to_text(self, words: bool = False) -> str:
        """A reviewer's summary, grouped by frontmatter group, then body sections, then formatting.

        ``words`` adds the word-level changes of each changed paragraph.
        """
        return render(self.changes, self.groups, self.body_changes, self.formatting, words, self.file)
