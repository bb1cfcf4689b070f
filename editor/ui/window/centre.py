"""The centre area's helpers (issue 16, item 5): what to do next when no tab is open, and the
tabs' context menu (close others, reveal in the file manager, copy the path)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QTabWidget

from editor.ui.document.tab import DocumentTab

if TYPE_CHECKING:
    from editor.ui.window.mainwindow import MainWindow

EMPTY_TEXT = (
    "<h3>No pattern open</h3>"
    "<p><b>Ctrl+P</b> &nbsp;go to any pattern by name<br>"
    "<b>Ctrl+N</b> &nbsp;new pattern from a template<br>"
    "<b>Ctrl+Shift+O</b> &nbsp;open another library folder<br>"
    "<b>Ctrl+T</b> &nbsp;the library as a table</p>"
    "<p>Or pick a pattern in the library on the left (↓ from its filter, then Enter).</p>"
)


class EmptyHint(QObject):
    """A centred hint over the tab widget while it holds no tab."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.label = QLabel(EMPTY_TEXT, tabs)
        self.label.setObjectName("empty-hint")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("No pattern open")
        tabs.installEventFilter(self)
        tabs.currentChanged.connect(lambda _i: self.update())
        self.update()

    def update(self) -> None:
        self.label.setGeometry(self.tabs.rect().adjusted(24, 24, -24, -24))
        self.label.setVisible(self.tabs.count() == 0)
        self.label.raise_()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.tabs and event.type() == QEvent.Type.Resize:
            self.update()
        return False


def tab_menu(window: MainWindow, index: int) -> QMenu:
    """The context menu of the tab at ``index``; its actions have objectNames for tests."""
    ws = window.workspace
    menu = QMenu(window)
    widget = ws.tabs.widget(index)
    path = widget.doc.path if isinstance(widget, DocumentTab) else None

    def close_others() -> None:
        for other in [ws.tabs.widget(i) for i in range(ws.tabs.count()) if i != index]:
            at = ws.tabs.indexOf(other)
            if at >= 0 and not ws.close_tab(at):
                return  # the user cancelled a save question

    for name, text, run, enabled in (
        ("tab-close", "Close", lambda: ws.close_tab(ws.tabs.indexOf(widget)), True),
        ("tab-close-others", "Close Others", close_others, ws.tabs.count() > 1),
        ("tab-copy-path", "Copy Path", lambda: QGuiApplication.clipboard().setText(str(path)), path is not None),
        (
            "tab-reveal",
            "Reveal in File Manager",
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))),
            path is not None,
        ),
    ):
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setEnabled(enabled)
        action.triggered.connect(run)
    return menu


def install(window: MainWindow) -> None:
    """The empty-area hint and the tab bar's context menu (shown with popup(), never exec())."""
    window.empty_hint = EmptyHint(window.tabs)
    bar = window.tabs.tabBar()
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        index = bar.tabAt(pos)
        if index >= 0:
            window.tab_context_menu = tab_menu(window, index)
            window.tab_context_menu.popup(bar.mapToGlobal(pos))

    bar.customContextMenuRequested.connect(show)
