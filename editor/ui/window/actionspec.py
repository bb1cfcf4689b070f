"""What an action declaration is (``ActionSpec``) and the helper for commands on the current
pattern; shared by ``actions`` and the modules that declare more actions (``navigation``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from editor.ui.document.tab import DocumentTab
    from editor.ui.window.mainwindow import MainWindow

Key = QKeySequence.StandardKey
Run = Callable[["MainWindow"], Any]


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    tip: str
    shortcut: QKeySequence.StandardKey | str | tuple = ""
    icon: str = ""
    run: Run | None = None
    checkable: bool = False


def on_tab(run: Callable[[MainWindow, DocumentTab], Any]) -> Run:
    """A command on the current pattern: without one open, the action does nothing."""

    def on_window(window: MainWindow) -> None:
        tab = window.workspace.current_tab()
        if tab is not None:
            run(window, tab)

    return on_window
