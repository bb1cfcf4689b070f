"""The building blocks of the schema declaration: one ``Field`` per frontmatter key.

A field says what a key holds (``kind``, whose behaviour is ``type``), how a curator should read
it (``label``, ``help``), what is allowed (range, enum, pattern), whether it is expected, and how a
new one is written (``style``). The form, validation, tooltips, diff labels and JSON Schema export all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from editor.model.document.emit import Style
from editor.model.schema.entries import EntryForm
from editor.model.schema.kinds import KINDS, Kind
from editor.model.schema.requiredness import EXPECTED, EXTENSION, OPTIONAL, REQUIRED

# Requiredness (R, S, O, X), re-exported here where the fields are declared.
__all__ = ["EXPECTED", "EXTENSION", "KINDS", "OPTIONAL", "REQUIRED", "Field", "Group", "Layout"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    help: str
    required: str = OPTIONAL
    minimum: float | None = None
    maximum: float | None = None
    values: tuple = ()  # enum values, in the spec's order
    value_labels: tuple = ()  # readable names for ``values`` (same order), e.g. stars
    pattern: str | None = None
    children: tuple[Field, ...] = ()
    item: tuple[Field, ...] = ()  # the columns of a ``table`` row / a relation entry's keys
    style: Style | None = None  # how a new value is written when no neighbour shows the way
    group: int = 0  # 1-7: the frontmatter group it belongs to (top-level fields only)
    machine: bool = False  # written by tools (graph garden): shown, kept, not invited for hand edits
    default: object = None  # value used when a curator adds the field
    rule: str | None = None  # validation rule id for a bad value, when more specific than the kind's
    entry_form: EntryForm | None = None  # relations: how a new entry of an empty list is written
    pattern_label: str = ""  # ``pattern`` as a curator reads it in a message, e.g. "'A vs. B'"
    own_format_rule: bool = False  # the file's id and slug: a wrong form has a rule of its own (E2, E3)
    # what the form shows, where the kind's widget alone would not do
    beside: str = ""  # beside a score: "band" (vitality's band) or "mean" (the pillars' mean, one click away)
    spin: tuple[int, float] | None = None  # a number box's decimals and step, when not the kind's
    suggest: str = ""  # a context label: offered as "<title> <suggest>" while empty

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind

    @property
    def type(self) -> Kind:
        """The kind's behaviour: how a value is checked, exported, typed and shown."""
        return KINDS[self.kind]

    def child(self, key: str) -> Field | None:
        for f in self.children:
            if f.key == key:
                return f
        for f in self.item:
            if f.key == key:
                return f
        return None


@dataclass(frozen=True)
class Group:
    number: int
    key: str
    title: str  # as in the file's banner
    label: str  # as shown in the form
    help: str


@dataclass(frozen=True)
class Layout:
    """One frontmatter layout: the v7.1 grouped one, or the older flat one."""

    name: str
    label: str
    fields: tuple[Field, ...]
    groups: tuple[Group, ...] = field(default=())

    def field(self, keys: tuple[str, ...]) -> Field | None:
        fields = self.fields
        found = None
        for key in keys:
            found = next((f for f in fields if f.key == key), None)
            if found is None:
                return None
            fields = found.children or found.item
        return found

    def order(self, keys: tuple[str, ...]) -> list[str] | None:
        if not keys:
            return [f.key for f in self.fields]
        parent = self.field(keys)
        if parent is None:
            return None
        return [f.key for f in (parent.children or parent.item)] or None


# Shared styles: how the seed writes things.
QUOTED = Style(scalar='"')
PLAIN = Style(scalar="")
FOLDED = Style(scalar=">", fold_indent=2, fold_width=72)
FLOW_QUOTED = Style(flow=True, item=Style(scalar='"'))
FLOW = Style(flow=True)
BLOCK_QUOTED = Style(flow=False, item=Style(scalar='"'))
BLOCK_PLAIN = Style(flow=False, item=Style(scalar=""))
ONE_DECIMAL = Style(scalar="", decimals=1)
