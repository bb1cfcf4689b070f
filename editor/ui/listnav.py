"""Keyboard handling shared by the search boxes that drive a result list (picker, Ctrl+P)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget


def navigate(event: QKeyEvent, results: QListWidget, activate: Callable[[], None],
             dismiss: Callable[[], None]) -> bool:
    """Up/Down move through the results, Enter takes the current one, Esc closes. True if handled."""
    key = event.key()
    if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        row = results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
        results.setCurrentRow(max(0, min(results.count() - 1, row)))
        return True
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        activate()
        return True
    if key == Qt.Key.Key_Escape:
        dismiss()
        return True
    return False
