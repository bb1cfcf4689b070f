"""First run: copy the bundled sample library to the user's documents and open that copy,
so nothing is ever edited inside the install folder. Qt-free."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .assets import sample_library

LIBRARY_NAME = "Patterns"


def documents_dir() -> Path:
    home = os.environ.get("PATTERN_EDITOR_HOME")
    if home:
        return Path(home) / "Documents"
    import platformdirs

    return Path(platformdirs.user_documents_dir())


def user_library() -> Path:
    return documents_dir() / LIBRARY_NAME


def prepare_user_library() -> tuple[Path, bool]:
    """The user's library folder, created from the samples if missing. Returns (folder, created)."""
    target = user_library()
    if target.is_dir() and any(target.glob("*.md")):
        return target, False
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(sample_library().glob("*.md")):
        destination = target / source.name
        if not destination.exists():
            shutil.copy2(source, destination)
    return target, True
