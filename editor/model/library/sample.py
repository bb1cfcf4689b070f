"""First run: copy the bundled sample library to the user's documents and open that copy,
so nothing is ever edited inside the install folder. Qt-free."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.base.assets import sample_library
from editor.base.profile import profile_dir

LIBRARY_NAME = "Patterns"


def user_library() -> Path:
    return profile_dir("documents") / LIBRARY_NAME


def prepare_user_library() -> Path:
    """The user's library folder, filled from the samples only if it does not exist or is empty
    (a folder of the user's own is never added to)."""
    target = user_library()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return target
    try:
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(sample_library().glob("*.md")):
            shutil.copy2(source, target / source.name)
    except OSError:
        return sample_library()  # cannot write there: show the samples, read as they are shipped
    return target
