"""One change of meaning in the frontmatter, and the kinds of change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from editor.model.document.values import jsonable
from editor.model.paths import Path

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"


@dataclass
class FieldChange:
    """One change of meaning in the frontmatter."""

    kind: str  # added | removed | changed | moved
    path: str  # "relationships.enables[slug=adaptive-facilitation].weight"
    label: str  # "Relationships › Enables → adaptive-facilitation › Weight"
    old: Any
    new: Any
    group: int  # 1-7 as in the spec's banners; 0 for keys neither layout declares
    delta: float | int | None = None  # new - old, for numbers
    from_path: str | None = None  # where a moved key was
    segments: Path = ()  # ``path`` parsed, for Document.location() / get()
    from_segments: Path = ()

    def to_json(self) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "path": self.path,
            "label": self.label,
            "old": jsonable(self.old),
            "new": jsonable(self.new),
            "group": self.group,
        }
        if self.delta is not None:
            out["delta"] = self.delta
        if self.from_path is not None:
            out["from"] = self.from_path
        return out
