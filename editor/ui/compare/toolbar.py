"""The compare window's toolbar: step through changes, filter them, take the old side, show previews.

It only builds and exposes the actions; the window connects them, so the toolbar knows nothing of
the comparison.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QButtonGroup, QLabel, QSizePolicy, QToolBar, QToolButton, QWidget

from editor.ui.common.theme import Colors, icon
from editor.ui.compare.view import ALL, FILTERS


class CompareToolbar(QToolBar):
    """Previous / Next, "n of m", the filters, Take Old (and Undo when there is a target), Preview."""

    filterChosen = Signal(str)  # a filter button was checked

    def __init__(self, window: QWidget, c: Colors, undo_stack: QUndoStack | None) -> None:
        super().__init__("Compare", window)
        self.setObjectName("compare_toolbar")
        self.setMovable(False)
        self.setIconSize(QSize(20, 20))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def action(text: str, icon_name: str, keys: list[str], tip: str) -> QAction:
            a = QAction(icon(icon_name), text, window)  # the window owns them: its shortcuts
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip} ({', '.join(keys)})" if keys else tip)
            return a

        self.previous_action = action("Previous", "up", ["Shift+F7"], "Go to the previous change")
        self.next_action = action("Next", "down", ["F7"], "Go to the next change")
        self.addAction(self.previous_action)
        self.addAction(self.next_action)
        self.counter = QLabel(self)
        self.counter.setMinimumWidth(86)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter.setObjectName("Hint")
        self.addWidget(self.counter)
        self.addSeparator()
        funnel = QLabel(self)
        funnel.setPixmap(icon("filter", c.muted).pixmap(16, 16))
        funnel.setContentsMargins(4, 0, 2, 0)
        self.addWidget(funnel)
        self.filter_group = QButtonGroup(window)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QToolButton] = {}
        for n, (key, text) in enumerate(FILTERS, start=1):
            button = QToolButton(self)
            button.setText(text)
            button.setCheckable(True)
            button.setShortcut(QKeySequence(f"Ctrl+{n}"))
            button.setToolTip(
                f"Show {text.lower()} changes (Ctrl+{n})"
                if key != ALL
                else "Show every change (formatting-only differences stay folded) (Ctrl+1)"
            )
            button.setAccessibleName(f"Filter: {text}")
            button.setChecked(key == ALL)
            button.toggled.connect(lambda on, k=key: on and self.filterChosen.emit(k))
            self.filter_group.addButton(button)
            self.filter_buttons[key] = button
            self.addWidget(button)
        self.addSeparator()
        self.take_action = action(
            "Take Old",
            "take-left",
            ["Alt+Left"],
            "Put the old version of the current change into the editor, as one undoable edit",
        )
        self.addAction(self.take_action)
        self.undo_action: QAction | None = None
        if undo_stack is not None:
            undo = undo_stack.createUndoAction(window, "Undo")
            undo.setIcon(icon("undo"))
            undo.setShortcut(QKeySequence.StandardKey.Undo)
            undo.setToolTip("Undo the last edit of the editor's document (Ctrl+Z)")
            self.addAction(undo)
            button = self.widgetForAction(undo)
            if isinstance(button, QToolButton):  # "Undo Take old …" would crowd the toolbar: the tip says it
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self.undo_action = undo
        else:
            self.take_action.setVisible(False)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.preview_action = action(
            "Preview", "preview", ["Ctrl+Shift+P"], "Show or hide the rendered previews of both versions"
        )
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        self.addAction(self.preview_action)
