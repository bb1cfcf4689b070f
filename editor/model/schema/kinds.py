"""Field kinds as types: each knows how to check a value, export itself to JSON Schema, read typed
text back and show a value, so that validation, export and the form ask the kind instead of
branching on its name. Adding a kind is a class here and, for its widget, one registry entry.

A kind is stateless: what varies per key (range, values, pattern) is on the field it is given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple, Protocol

from editor.model.paths import Path, format_path
from editor.model.schema.requiredness import EXPECTED, REQUIRED

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Declared(Protocol):
    """What a kind reads of the field it serves (``fields.Field``, which sits above the kinds)."""

    key: str
    label: str
    help: str
    required: str
    minimum: float | None
    maximum: float | None
    values: tuple
    value_labels: tuple
    pattern: str | None
    pattern_label: str
    own_format_rule: bool
    children: tuple
    item: tuple
    group: int
    machine: bool
    rule: str | None

    @property
    def type(self) -> Kind: ...


class Problem(NamedTuple):
    """One finding of a field check: the validator adds file, line and severity."""

    rule: str
    path: Path
    message: str


class Kind:
    """The behaviour every kind shares; subclasses override what differs."""

    name: ClassVar[str]
    spin: ClassVar[tuple[int, float] | None] = None  # decimals and step of the form's number box

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        """Problems of a value that is present and not null."""
        return iter(())

    def json_schema(self, field: Declared) -> dict[str, Any]:
        """The kind's part of the field's JSON Schema (title, range and group are added around it)."""
        return {}

    def coerce(self, text: str, old: Any = None) -> Any:
        """Typed text as a value: a number typed over a number stays a number, as long as it reads as one
        (the kind is what the value was before typing began, not that of a half-typed "1.")."""
        return _number_or_text(text) if is_number(old) else text

    def display(self, value: Any, field: Declared) -> str:
        return "" if value is None else str(value)

    def blank(self, field: Declared) -> Any:
        """The value a new table row starts with in this column; None when the kind has no opinion."""
        return None

    def __repr__(self) -> str:
        return f"<kind {self.name}>"


class Text(Kind):
    """One line of text. ``version: 1.0`` is text to the editor too, so numbers pass."""

    name = "text"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if isinstance(value, (dict, list, bool)):
            yield Problem("type", path, f"{field.label} should be text, not {describe(value)}")
        elif field.required == REQUIRED and not str(value).strip():
            yield Problem("required", path, f"{field.label} is empty")
        elif field.pattern and isinstance(value, str) and not re.match(field.pattern, value):
            shape = field.pattern_label or f"({field.pattern})"
            yield Problem(
                field.rule or "format", path, f"{field.label} {value!r} does not have the expected form {shape}"
            )

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": ["string", "number"], **({"pattern": field.pattern} if field.pattern else {})}


class LongText(Text):
    name = "longtext"  # a paragraph, written folded (>-)


class Url(Text):
    name = "url"

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {**super().json_schema(field), "format": "uri"}


class Slug(Kind):
    """A kebab-case key. The file's own id and slug have rules of their own (E2, E3), not "format"."""

    name = "slug"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not isinstance(value, str):
            yield Problem("type", path, f"{field.label} should be text, not {describe(value)}")
        elif field.pattern and not field.own_format_rule and not re.match(field.pattern, value):
            yield Problem("format", path, f"{field.label} {value!r} is not kebab-case")

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "string", **({"pattern": field.pattern} if field.pattern else {})}


class Id(Slug):
    name = "id"  # pat_ TypeID


class Number(Kind):
    """Any number within the field's range; the rule names the range a curator broke."""

    name = "number"
    range_rule: ClassVar[str] = "range"
    spin = (2, 0.1)

    def accepts(self, value: Any) -> bool:
        return is_number(value)

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not self.accepts(value):
            yield Problem("type", path, f"{field.label} should be a number, not {describe(value)} {value!r}")
        elif not (
            (field.minimum is None or field.minimum <= value) and (field.maximum is None or value <= field.maximum)
        ):  # NaN fails both
            yield Problem(
                self.range_rule,
                path,
                f"{field.label} is {value}; it must be between {_num(field.minimum)} and {_num(field.maximum)}",
            )

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "number"}


class Score(Number):
    name = "score"  # 0-5, one decimal
    range_rule = "score-range"


class Weight(Number):
    name = "weight"  # 0-1
    range_rule = "weight-range"
    spin = (2, 0.05)

    def blank(self, field: Declared) -> Any:
        return 0.8  # a new link or row starts strong, as a new relationship does


class Integer(Number):
    name = "integer"
    spin = (0, 1)

    def accepts(self, value: Any) -> bool:
        return is_number(value) and isinstance(value, int)

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "integer"}


class Enum(Kind):
    """One of the field's values. An open list keeps other values with a warning; a closed list of
    numbers (confidence 1-3) is a range."""

    name = "enum"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if value in field.values:
            return
        allowed = ", ".join(str(x) for x in field.values)
        if all(isinstance(x, int) for x in field.values):
            yield Problem("range", path, f"{field.label} is {value!r}; it must be one of {allowed}")
        else:
            yield Problem(
                field.rule or "enum", path, f"{field.label} {value!r} is not a spec value ({allowed}); it is kept"
            )

    def json_schema(self, field: Declared) -> dict[str, Any]:
        # A value the spec does not know is kept and only warned about (as `validate` does): the
        # known values stay first for editors' completion, any other string still validates.
        return {"anyOf": [{"enum": list(field.values)}, {"type": "string"}]}

    def display(self, value: Any, field: Declared) -> str:
        """The value with its readable name when it has one: "2 · ★★☆ Medium"."""
        labels = dict(zip(field.values, field.value_labels))
        label = labels.get(value, str(value))
        return label if label == str(value) else f"{value} · {label}"

    def blank(self, field: Declared) -> Any:
        return field.values[0] if field.values else None


class Date(Kind):
    name = "date"  # YYYY-MM-DD

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        day = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if not day and not (isinstance(value, str) and _DATE.match(value) and _valid_date(value)):
            yield Problem("date", path, f"{field.label} {value!r} is not a date (YYYY-MM-DD)")

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class Timestamp(Kind):
    name = "timestamp"  # date or date-time (the older layout's created/modified)

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not isinstance(value, dt.date) and not (isinstance(value, str) and _valid_timestamp(value)):
            yield Problem("date", path, f"{field.label} {value!r} is not a date or ISO timestamp")

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}

    def coerce(self, text: str, old: Any = None) -> Any:
        """A timestamp typed over a timestamp stays one, a full date over a date stays a date; else text."""
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        if isinstance(old, dt.datetime):
            return stamp
        if isinstance(old, dt.date) and len(text) == 10:
            return stamp.date()
        return text


class Strings(Kind):
    """A list of short texts (chips); one value may be written as a plain text until a second comes."""

    name = "strings"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if isinstance(value, str):
            yield Problem(
                "one-value-list",
                path,
                f"{field.label} is written as one text, not as a list; the "
                "form asks before a second value makes it one",
            )
        elif not isinstance(value, list):
            yield Problem("type", path, f"{field.label} should be a list, not {describe(value)}")
        else:
            for i, item in enumerate(value):
                if isinstance(item, (list, bool)) or item is None:
                    yield Problem(
                        "type", (*path, i), f"{field.label} item {i + 1} should be text, not {describe(item)}"
                    )

    def json_schema(self, field: Declared) -> dict[str, Any]:
        # one value may be written as a plain text (the older layout's `era: digital`)
        return {"anyOf": [{"type": "array", "items": {"type": ["string", "number", "object"]}}, {"type": "string"}]}


class Relations(Kind):
    """A list of relationship entries: {slug, weight} maps, or bare slugs / pat_ ids. Entries are
    checked by the validator's relationship rules, which know the library and the layout."""

    name = "relations"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield Problem("type", path, f"{field.label} should be a list, not {describe(value)}")

    def json_schema(self, field: Declared) -> dict[str, Any]:
        entry = object_schema(field.item)
        if any(c.key == "slug" for c in field.item):  # the target is named by `slug` or, in older files, `id`
            entry.pop("required", None)
            entry["anyOf"] = [{"required": ["slug"]}, {"required": ["id"]}]
        return {"type": "array", "items": {"anyOf": [{"type": "string"}, entry]}}


class Table(Kind):
    """A list of maps whose columns are the field's ``item`` fields (the graph garden)."""

    name = "table"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield Problem("type", path, f"{field.label} should be a list, not {describe(value)}")
            return
        for i, row in enumerate(value):
            if isinstance(row, dict):  # a row's missing columns are not reported: the tools write them
                for column in field.item:
                    if column.key in row:
                        yield from check_value(column, row[column.key], (*path, i, column.key))

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return {"type": "array", "items": {"anyOf": [{"type": "string"}, object_schema(field.item)]}}


class Map(Kind):
    """A group of named fields (``children``)."""

    name = "map"

    def check(self, value: Any, field: Declared, path: Path) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield Problem("type", path, f"{field.label} should be a group of fields, not {describe(value)}")
        else:
            yield from check_fields(field.children, value, path)

    def json_schema(self, field: Declared) -> dict[str, Any]:
        return object_schema(field.children)


class Anything(Kind):
    name = "any"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Text(),
        LongText(),
        Id(),
        Slug(),
        Enum(),
        Score(),
        Weight(),
        Number(),
        Integer(),
        Date(),
        Timestamp(),
        Url(),
        Strings(),
        Relations(),
        Table(),
        Map(),
        Anything(),
    )
}


# ------------------------------------------------------------------ walks over declared fields


def check_fields(fields: tuple[Declared, ...], data: dict, path: Path) -> Iterator[Problem]:
    """Problems of a mapping's declared keys: missing ones (by requiredness) and present values."""
    for f in fields:
        p = (*path, f.key)
        if f.key not in data:
            if f.required == REQUIRED:
                yield Problem("required", p, f"{f.label} ({format_path(p)}) is required")
            elif f.required == EXPECTED:
                yield Problem("spec-key-missing", p, f"{f.label} ({format_path(p)}) is expected by spec v7.1")
            continue
        yield from check_value(f, data[f.key], p)


def check_value(field: Declared, value: Any, path: Path) -> Iterator[Problem]:
    """A null is only a problem where the key is required; anything else is the kind's to judge."""
    if value is None:
        if field.required == REQUIRED:
            yield Problem("required", path, f"{field.label} is empty")
        return
    yield from field.type.check(value, field, path)


def field_schema(field: Declared) -> dict[str, Any]:
    """A field's JSON Schema: its kind's part between the title and the range and group marks."""
    out: dict[str, Any] = {"title": field.label, "description": field.help, **field.type.json_schema(field)}
    if field.minimum is not None:
        out["minimum"] = field.minimum
    if field.maximum is not None:
        out["maximum"] = field.maximum
    if field.group:
        out["x-group"] = field.group
    if field.machine:
        out["x-machine-written"] = True
    return out


def object_schema(fields: tuple[Declared, ...]) -> dict[str, Any]:
    required = [f.key for f in fields if f.required == REQUIRED]
    obj: dict[str, Any] = {
        "type": "object",
        "properties": {f.key: field_schema(f) for f in fields},
        "additionalProperties": True,  # unknown keys are kept, never an error
    }
    if required:
        obj["required"] = required
    return obj


# ------------------------------------------------------------------ helpers


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def describe(value: Any) -> str:
    """What a value is, as a message names it: "a list", "true/false", "text"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if is_number(value):
        return "a number"
    if value is None:
        return "nothing"
    return "text"


def _num(x: float | None) -> str:
    return "?" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def _number_or_text(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_timestamp(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
