"""Preview tabs (issue 16, item 5): a single click on a pattern in the library opens it in a
*preview* tab, titled in italics, that the next single click replaces, as in VS Code.

The preview becomes an ordinary (permanent) tab on its first edit (the document turns dirty), when
the same pattern is opened any other way (double-click or Enter in the list, Ctrl+P, a link, File →
Open: ``Workspace.open_file`` calls ``keep``), or on a double-click of its tab. A tab with unsaved
edits is never replaced.

Which tab is the preview is stored on the tab bar itself (``tabData`` is ``PREVIEW``), so it moves
with a dragged tab and goes away with a closed one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QStyleOptionTab, QStylePainter, QTabBar, QTabWidget

from editor.ui.document.tab import DocumentTab

if TYPE_CHECKING:
    from editor.ui.workspace.workspace import Workspace

PREVIEW = "preview"


class PreviewTabBar(QTabBar):
    """A tab bar that writes the preview tab's title in italics. Qt draws every tab (shape, close
    button, drag animation) as usual, the preview's title left blank; the title is drawn here after."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._painting = False
        self._labels: dict[int, QStyleOptionTab] = {}

    def preview_index(self) -> int:
        return next((i for i in range(self.count()) if self.tabData(i) == PREVIEW), -1)

    def initStyleOption(self, option: QStyleOptionTab, index: int) -> None:  # Qt's virtual
        super().initStyleOption(option, index)
        if self._painting and self.tabData(index) == PREVIEW:
            self._labels[index] = QStyleOptionTab(option)
            option.text = ""

    def paintEvent(self, event) -> None:
        if self.preview_index() < 0:
            super().paintEvent(event)
            return
        self._painting, self._labels = True, {}
        try:
            super().paintEvent(event)
        finally:
            self._painting = False
        painter = QStylePainter(self)
        font = painter.font()
        font.setItalic(True)
        painter.setFont(font)
        for option in self._labels.values():
            option.icon = QIcon()  # Qt drew the icon already
            painter.drawControl(QStyle.ControlElement.CE_TabBarTabLabel, option)
        painter.end()


class PreviewTabs(QObject):
    """The workspace's preview tab: at most one, replaced by the next single-click preview."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        tabs: QTabWidget = workspace.tabs
        self.bar = PreviewTabBar(tabs)
        tabs.setTabBar(self.bar)  # before any tab or tab setting: Qt's rule for a custom bar
        tabs.tabBarDoubleClicked.connect(self._double_clicked)

    def tab(self) -> DocumentTab | None:
        """The preview tab, or None."""
        index = self.bar.preview_index()
        widget = self.workspace.tabs.widget(index) if index >= 0 else None
        return widget if isinstance(widget, DocumentTab) else None

    def is_preview(self, tab: DocumentTab) -> bool:
        index = self.workspace.tabs.indexOf(tab)
        return index >= 0 and self.bar.tabData(index) == PREVIEW

    def open(self, path: str | Path) -> DocumentTab | None:
        """Show ``path`` in the preview tab: an open tab is only brought forward; otherwise a clean
        preview tab is replaced in its place, and a tab with unsaved edits is kept."""
        ws = self.workspace
        existing = ws.tab_for(path)
        if existing is not None:
            ws.tabs.setCurrentWidget(existing)
            return existing
        old = self.tab()
        if old is not None and old.doc.dirty:  # never lose edits: it stays, as a permanent tab
            self.keep(old)
            old = None
        tab = ws.open_file(path)
        if tab is None or ws.tabs.indexOf(tab) < 0:  # could not open, or a conflict page
            return tab
        self._mark(tab)
        if old is not None:
            at = ws.tabs.indexOf(old)
            if ws.close_tab(at, ask=False):
                self.bar.moveTab(ws.tabs.indexOf(tab), min(at, ws.tabs.count() - 1))
        return tab

    def keep(self, tab: DocumentTab) -> None:
        """Make ``tab`` permanent (an edit, a double-click, an ordinary open)."""
        index = self.workspace.tabs.indexOf(tab)
        if index < 0 or self.bar.tabData(index) != PREVIEW:
            return
        self.bar.setTabData(index, None)
        self.bar.update()

    def _mark(self, tab: DocumentTab) -> None:
        index = self.workspace.tabs.indexOf(tab)
        self.bar.setTabData(index, PREVIEW)
        tab.controller.dirtyChanged.connect(lambda dirty, t=tab: dirty and self.keep(t))
        self.bar.update()

    def _double_clicked(self, index: int) -> None:
        widget = self.workspace.tabs.widget(index)
        if isinstance(widget, DocumentTab):
            self.keep(widget)
