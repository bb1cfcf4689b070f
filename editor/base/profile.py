"""Where the app keeps its own files. PATTERN_EDITOR_HOME puts all of them in one folder (tests,
smoke tests, a portable copy); otherwise the platform's usual places (platformdirs). Qt-free."""

from __future__ import annotations

import os
from pathlib import Path

APP = "pattern-editor"
_UNDER_HOME = {"cache": "cache", "state": "state", "documents": "Documents", "settings": "settings"}


def isolated_home() -> Path | None:
    home = os.environ.get("PATTERN_EDITOR_HOME")
    return Path(home) if home else None


def profile_dir(kind: str) -> Path:
    """The folder for one kind of file: "cache", "state", "documents" or "settings"."""
    if kind not in _UNDER_HOME:
        raise ValueError(f"unknown profile folder {kind!r}")
    home = isolated_home()
    if home is not None:
        return home / _UNDER_HOME[kind]
    import platformdirs

    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP, appauthor=False))
    if kind == "state":
        return Path(platformdirs.user_state_dir(APP, appauthor=False))
    if kind == "documents":
        return Path(platformdirs.user_documents_dir())
    return Path(platformdirs.user_config_dir(APP, appauthor=False))
