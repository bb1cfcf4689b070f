"""Bundled files (stylesheet, icons, templates, sample library) through importlib.resources,
so the same code works installed, editable and frozen. Qt-free."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(name: str) -> Traversable:
    """A file under ``resources/``, e.g. ``resource("templates/pattern.md")``."""
    node = resources.files("editor.resources")
    for part in name.split("/"):
        node = node / part
    return node


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resource(name).read_bytes()


def sample_library() -> Path:
    """The bundled sample library: inside the package when installed or frozen, the
    repository's ``patterns/`` folder in a source checkout (editable install)."""
    bundled = resource("sample_library")
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(str(resources.files("editor.resources"))).parent / "patterns"
