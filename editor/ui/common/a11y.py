"""Accessible names and descriptions for every control, set in one place (issue 16, item 6).

Widgets that name themselves (a form field from its schema label and help, a button from its
text) keep what they set. Everything else is named when it is first shown, from what a sighted
user reads beside it: its tooltip (the action's text and shortcut for a toolbar button), its
buddy label, its placeholder, or its owner (a spin box's line edit, a view's header or scroll
bar). One application-wide filter that only looks at Show events."""

from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractSlider,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Tooltip rich text as one plain line."""
    text = _TAG.sub(" ", text.replace("<br>", ". "))
    return " ".join(unescape(text).split())


def _owner_name(widget: QWidget) -> str:
    """The accessible name of the nearest ancestor that has one, else its dock's title."""
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, CONTROLS):
            label(w)  # an owner polished after its parts (a view after its scroll bars)
        if w.accessibleName():
            return w.accessibleName()
        if isinstance(w, QDockWidget):
            return w.windowTitle()
        w = w.parentWidget()
    return ""


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return plain(label.text()).replace("&", "")
    return ""


def name_for(widget: QWidget) -> str:
    """The name a screen reader should read for ``widget`` (empty: it names itself)."""
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return parent.accessibleName() or _owner_name(widget)
    across = getattr(widget, "orientation", lambda: None)() == Qt.Orientation.Horizontal
    if isinstance(widget, QScrollBar):
        return f"{_owner_name(widget) or 'view'} {'horizontal' if across else 'vertical'} scroll bar"
    if isinstance(widget, QHeaderView):
        return f"{_owner_name(widget) or 'table'} {'column' if across else 'row'} headers"
    if widget.toolTip():
        return plain(widget.toolTip()).split(". ")[0][:80]
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText()
    if label := _buddy_label(widget):
        return label
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        return widget.objectName().replace("_", " ").replace("-", " ").replace(":", " ")
    owner = _owner_name(widget)
    return f"{owner} {type(widget).__name__.removeprefix('Q')}".strip()


def describe(widget: QWidget) -> str:
    if widget.toolTip():
        return plain(widget.toolTip())
    if widget.statusTip():
        return widget.statusTip()
    owner = _owner_name(widget)
    return f"{widget.accessibleName()}, in {owner}" if owner else widget.accessibleName()


def label(widget: QWidget) -> None:
    """Give a control a name and a description unless it has them already."""
    if not isinstance(widget, CONTROLS):
        return
    if not widget.accessibleName():
        widget.setAccessibleName(name_for(widget))
    if not widget.accessibleDescription():
        widget.setAccessibleDescription(describe(widget))


class AccessibleNames(QObject):
    """Names each control when it is shown (after its constructor named it, or did not)."""

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, CONTROLS):
            label(obj)
        return False


def install() -> None:
    """Once per application."""
    app = QApplication.instance()
    if app is not None and app.findChild(AccessibleNames) is None:
        app.installEventFilter(AccessibleNames(app))
