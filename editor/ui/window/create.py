"""Build the main window on a folder, a file, the last session, or (first run) the sample library."""

from __future__ import annotations

from pathlib import Path

from editor.model.library.sample import prepare_user_library
from editor.ui.window.mainwindow import MainWindow


def create_window(path: str | Path | None = None, wait: bool = False):
    """Build the main window on a folder or file; with neither, the last folder or, on the
    first run, a copy of the sample library in the user's documents (with a welcome page)."""
    window = MainWindow()
    target = Path(path) if path else None
    if target is not None and target.is_file():
        window.open_folder(target.parent, wait=wait)
        window.open_file(target)
    elif target is not None:
        window.open_folder(target, wait=wait)
    else:
        last = window.settings.last_folder
        if last and Path(last).is_dir():
            window.open_folder(last, wait=wait)
            window.restore_session()
        else:
            folder = prepare_user_library()
            window.open_folder(folder, wait=wait)
            window.show_welcome()
    return window
