"""The two strips at the top of the Changes panel: what is running now (a label, a progress bar,
Cancel) and what the last operation did (a notice with links and its buttons: Review, Copy Link,
Dismiss). Neither is modal: the user keeps editing while a share or an update runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QVBoxLayout, QWidget

from editor.ui.common.theme import colors


class ActivityBar(QWidget):
    """``text`` with a progress bar and Cancel while a ``SyncTask`` runs."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changes:activity")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("", self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("changes:progress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("changes:cancel")
        self.cancel_button.clicked.connect(self._cancel)
        col = QVBoxLayout()
        col.setSpacing(2)
        col.addWidget(self.label)
        col.addWidget(self.progress)
        row.addLayout(col, 1)
        row.addWidget(self.cancel_button)
        self.hide()

    def begin(self, text: str) -> None:
        self.label.setText(text)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.cancel_button.setEnabled(True)
        self.show()

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self.cancelRequested.emit()


class Notice(QFrame):
    """A result: rich text (a link goes to ``linkActivated``), its buttons, and Dismiss."""

    linkActivated = Signal(str)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changes:notice")
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 4, 4)
        box.setSpacing(2)
        self.text = QLabel("", self)
        self.text.setObjectName("changes:notice-text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.linkActivated.connect(self.linkActivated)
        box.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.buttons = QHBoxLayout()  # the result's own buttons (Review, Copy Link)
        self.buttons.setSpacing(4)
        row.addLayout(self.buttons)
        row.addStretch(1)
        close = QToolButton(self)
        close.setObjectName("changes:dismiss")
        close.setText("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.clear)
        row.addWidget(close)
        box.addLayout(row)
        self.hide()

    def show_result(self, html: str, buttons: list[tuple[str, str, Callable[[], object]]] = ()) -> None:
        self.clear()
        self.setStyleSheet(f"QFrame#changes\\:notice {{ border: 1px solid {colors().ok}; border-radius: 4px; }}")
        self.text.setText(html)
        for text, name, slot in buttons:
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons.addWidget(button)
        self.show()

    def clear(self) -> None:
        was = self.isVisible() or bool(self.text.text())
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.text.setText("")
        self.hide()
        if was:
            self.dismissed.emit()

    def fit(self, width: int) -> None:
        """A wrapped label in a dock is not given the height its lines need: ask for it."""
        if self.isHidden():
            return
        text = self.text.heightForWidth(max(60, width - 12))  # less the notice's margins
        self.text.setMinimumHeight(text)
        self.setMinimumHeight(text + 6 + 4 + 2 + self.layout().itemAt(1).sizeHint().height())
