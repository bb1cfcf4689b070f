"""The status bar's three labels: the current pattern's path, its problem counts and its layout."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from editor.model.schema import layout_of
from editor.ui.document.tab import DocumentTab


class StatusLabels:
    def __init__(self, bar: QStatusBar) -> None:
        self.path = QLabel()
        self.layout = QLabel()
        self.problems = QLabel()
        bar.addWidget(self.path, 1)
        bar.messageChanged.connect(lambda message: self.path.setVisible(not message))  # a message covers the path
        bar.addPermanentWidget(self.problems)
        bar.addPermanentWidget(self.layout)

    def show_tab(self, tab: DocumentTab | None, counts: dict[str, int]) -> None:
        if tab is None:
            for label in (self.path, self.layout, self.problems):
                label.setText("")
            return
        self.path.setText(str(tab.doc.path or ""))
        data = tab.doc.data
        self.layout.setText(layout_of(data).label if data is not None else "does not parse")
        self.problems.setText(f"{counts['error']} errors · {counts['warning']} warnings · {counts['info']} notes")
