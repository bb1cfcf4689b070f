"""What every field editor shares: its path, its schema entry, and how it talks to the model.

A field editor pulls its value from the controller in ``refresh()`` and pushes user edits
with ``controller.set_field``; when the model echoes the change back, ``refresh()`` sees the
widget already shows that value and leaves the cursor alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from editor.model.check.spelling import is_long_text
from editor.model.check.validation import Finding
from editor.model.paths import Path, format_path
from editor.model.schema.fields import REQUIRED, Field
from editor.ui.common import spellcheck
from editor.ui.document.controller import DocumentController

MISSING = object()


def input_name(path: Path) -> str:
    """objectName of a field's input widget; the editor of keys no layout declares is ``fields:other``."""
    return f"field:{format_path(path)}" if path else "fields:other"


class FieldEditor(QWidget):
    """Base class of the small per-kind editors (text, score, chips, relations, …)."""

    depends: tuple[Path, ...] = ()  # other fields whose changes this editor also shows
    wide: bool = False  # its row puts the label above it, not beside it (tables)

    def __init__(
        self, controller: DocumentController, path: Path, field: Field | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.path = path
        self.field = field
        self._updating = False

    # subclasses implement these two
    def refresh(self) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def input_widget(self) -> QWidget:
        """The widget a user types into or picks with (the score's spin box, the relation picker)."""
        return self.focus_target()

    def name_input(self) -> None:
        """Testability contract (docs/testing.md): the input widget is findable as
        ``field:<dotted.path>``, e.g. ``window.findChild(QLineEdit, "field:summary")``."""
        self.input_widget().setObjectName(input_name(self.path))
        field_menu().install(self)

    @property
    def value(self) -> Any:
        return self.controller.get(self.path, MISSING)

    def commit(self, value: Any, merge: bool = False) -> None:
        if self._updating:
            return
        self.controller.set_field(self.path, value, merge=merge)

    def updating(self) -> _Updating:
        """``with self.updating():`` while writing model values into widgets (no echo)."""
        return _Updating(self)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def set_problem(self, severity: str | None) -> None:
        target = self.focus_target()
        if target.property("problem") != severity:
            target.setProperty("problem", severity or "")
            target.style().unpolish(target)
            target.style().polish(target)


class FormUndoRouter(QObject):
    """Ctrl+Z / Ctrl+Shift+Z typed in a form field undo the document (the window's actions),
    never the field widget's private undo, which would fork the history. Installed once on the
    application; it only looks at undo/redo keys inside a FieldEditor."""

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            return False
        widget = obj if isinstance(obj, QWidget) else None
        while widget is not None and not isinstance(widget, FieldEditor):
            widget = widget.parentWidget()
        if widget is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.ignore()  # not taken by the field: the shortcut goes to the Undo/Redo action
        return True


def install_undo_router() -> None:
    """Once per application, whatever the number of windows (each filter costs every event)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None and app.findChild(FormUndoRouter) is None:
        app.installEventFilter(FormUndoRouter(app))


class FieldMenu(QObject):
    """The context menu of every field's input widget: the widget's own actions (cut, copy, paste)
    and "History of this field…", which emits ``historyRequested``; the workspace answers it. In
    the long text fields (summary, context labels, reasoning) it also offers spelling suggestions
    and "Add to library dictionary", and paragraph boxes underline misspelt words.
    One filter for the application, installed by ``name_input``; tests replace ``show_menu`` (which
    runs the menu) so nothing blocks."""

    historyRequested = Signal(object, str)  # the field's DocumentController, its dotted path

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_menu = lambda menu, pos: menu.exec(pos)

    def install(self, editor: FieldEditor) -> None:
        if not editor.path:
            return  # "Other fields": many fields in one tree
        widget = editor.input_widget()
        targets = [widget, *widget.findChildren(QLineEdit)]  # a spin box's or date's own line edit
        if isinstance(widget, QAbstractScrollArea):
            targets.append(widget.viewport())  # a text box or table gets its clicks there
        for target in targets:
            target.installEventFilter(self)
        if is_long_text(tuple(str(k) for k in editor.path)):
            spellcheck.attach(widget)

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.ContextMenu or not isinstance(obj, QWidget):
            return False
        editor = obj
        while editor is not None and not isinstance(editor, FieldEditor):
            editor = editor.parentWidget()
        if editor is None:
            return False
        self.show_menu(self.menu_for(obj, editor, event.pos()), event.globalPos())
        return True

    def menu_for(self, widget: QWidget, editor: FieldEditor, pos: QPoint | None = None) -> QMenu:
        """The widget's standard menu with the field's own actions added."""
        owner = widget.parentWidget() if isinstance(widget.parentWidget(), QAbstractScrollArea) else widget
        standard = getattr(owner, "createStandardContextMenu", None)
        menu = standard() if callable(standard) else None
        if not isinstance(menu, QMenu):
            menu = QMenu()  # owned here: dropped when the caller lets it go
        else:
            menu.addSeparator()
        if is_long_text(tuple(str(k) for k in editor.path)):
            path = editor.controller.doc.path
            spellcheck.add_spelling_items(menu, owner, pos, path.parent if path is not None else None)
        action = menu.addAction("History of this field…")
        action.setObjectName("field-history")
        path, controller = format_path(editor.path), editor.controller
        action.triggered.connect(lambda: self.historyRequested.emit(controller, path))
        return menu


_field_menu: FieldMenu | None = None


def field_menu() -> FieldMenu:
    """The application's one FieldMenu."""
    global _field_menu
    if _field_menu is None:
        _field_menu = FieldMenu()
    return _field_menu


class _Updating:
    def __init__(self, editor: FieldEditor) -> None:
        self.editor = editor

    def __enter__(self) -> None:
        self.editor._updating = True

    def __exit__(self, *exc: object) -> None:
        self.editor._updating = False


class FieldRow(QWidget):
    """Label, editor and the field's inline validation message."""

    def __init__(
        self, editor: FieldEditor, label: str, help_text: str = "", parent: QWidget | None = None, wide: bool = False
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.path = editor.path
        f = editor.field
        direction = QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        self.wide, self.stacked = wide, wide
        layout = self.box = QBoxLayout(direction, self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(10 if not wide else 4)
        self.label = QLabel(label)
        self.label.setObjectName("FieldLabel")
        self.label.setProperty("required", bool(f and f.required == REQUIRED))
        if not wide:
            self.label.setFixedWidth(140)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setContentsMargins(0, 6 if not wide else 0, 0, 0)
        self.label.setBuddy(editor.focus_target())
        editor.name_input()
        tip = f"<b>{label}</b> <code>{format_path(self.path)}</code>"
        if help_text:
            tip += f"<br>{help_text}"
        self.label.setToolTip(tip)
        editor.setToolTip(tip)
        editor.focus_target().setAccessibleName(label)
        if help_text:
            editor.focus_target().setAccessibleDescription(help_text)
        for slider in editor.findChildren(QAbstractSlider):  # a score's slider beside its spin box
            slider.setAccessibleName(f"{label} slider")
            slider.setAccessibleDescription(help_text or label)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(2)
        right.addWidget(editor)
        self.problem = QLabel()
        self.problem.setObjectName("Problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        right.addWidget(self.problem)
        layout.addWidget(self.label)
        layout.addLayout(right, 1)

    def set_stacked(self, stacked: bool) -> None:
        """A narrow form puts the label above its editor (as wide rows always do)."""
        if self.wide or stacked == self.stacked:
            return
        self.stacked = stacked
        self.box.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)
        self.box.setSpacing(4 if stacked else 10)
        if stacked:
            self.label.setMinimumWidth(0)
            self.label.setMaximumWidth(16777215)
        else:
            self.label.setFixedWidth(140)
        self.label.setContentsMargins(0, 0 if stacked else 6, 0, 0)

    def show_findings(self, findings: list[Finding]) -> None:
        if not findings:
            self.problem.hide()
            self.editor.set_problem(None)
            return
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(findings, key=lambda f: order[f.severity])
        worst = findings[0].severity
        prefix = {"error": "Error: ", "warning": "⚠ ", "info": "Note: "}
        self.problem.setText("\n".join(prefix[f.severity] + f.message for f in findings[:3]))
        self.problem.setProperty("severity", worst)
        self.problem.style().unpolish(self.problem)
        self.problem.style().polish(self.problem)
        self.problem.show()
        self.editor.set_problem(worst if worst != "info" else None)
