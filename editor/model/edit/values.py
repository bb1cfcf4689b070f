"""A value typed as text (a command line, a table cell, a bulk-edit box) read for its field.

Text fields take the text as typed (``title=No``, ``version=1.10`` stay text); other fields read
it as a YAML scalar or flow value (``0.5``, ``[a, b]``, ``{slug: x, weight: 0.5}``). A quoted
text is read as YAML on purpose, so its escapes apply.
"""

from __future__ import annotations

from typing import Any

from editor.model import schema
from editor.model.document.yamlnode import load_value
from editor.model.errors import PatternError
from editor.model.paths import key_path

TEXT_KINDS = ("text", "longtext", "url", "slug", "id", "strings")


class BadValue(PatternError):
    """The text is not a valid value."""


def parse_value(text: str) -> Any:
    """A YAML scalar or flow value; the empty text is the empty string."""
    if not text.strip():
        return ""
    try:
        return load_value(text)
    except PatternError as exc:
        raise BadValue(f"value {text!r} is not valid YAML: {exc.message}") from None


def value_for(data: Any, path: tuple, raw: str) -> Any:
    """The value ``raw`` stands for at ``path`` in a file holding ``data``."""
    f = schema.field_for(data, key_path(path))
    if f is not None and f.kind in TEXT_KINDS and f.kind != "strings":
        return _text(raw)
    return parse_value(raw)


def item_for(data: Any, path: tuple, raw: str) -> Any:
    """The value ``raw`` stands for as one item of the list at ``path``."""
    f = schema.field_for(data, key_path(path))
    if f is None or f.kind in TEXT_KINDS:
        return _text(raw)
    return parse_value(raw)


def _text(raw: str) -> Any:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return parse_value(raw)
    return raw
