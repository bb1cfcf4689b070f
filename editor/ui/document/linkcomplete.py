"""Link completion in the body: typing ``[[`` or ``](`` opens the pattern picker at the cursor.

Choosing a pattern writes ``[Title](slug)`` (the form ``bodylinks.markdown_link`` picks for the
body) as one undo step, then offers to add the pattern to the open pattern's relationships too
(type and weight asked through the window's dialogs; one more undo step). Esc or clicking away
leaves what was typed as it is.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QVBoxLayout, QWidget

from editor.model import schema
from editor.model.errors import EditError
from editor.model.library.bodylinks import link_target, markdown_link
from editor.model.library.suggestions import plan_add
from editor.ui.common.listnav import PatternSearch
from editor.ui.common.onscreen import available, global_rect, place
from editor.ui.document.controller import DocumentController
from editor.ui.form.chips import dialogs_for
from editor.ui.links.data import default_type, types_for

_OPEN_PAREN = re.compile(r"\[([^\[\]]*)\]\($")


class LinkPicker(QFrame):
    """The fuzzy pattern picker (the one Ctrl+P and the relationship lists use), floating at the cursor."""

    picked = Signal(str)
    dismissed = Signal()

    def __init__(self, search: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("LinkPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.box = PatternSearch(search, "Link to pattern…", "search", 12, self, always_show=True, max_height=220)
        self.box.picked.connect(self._picked)
        self.box.dismissed.connect(self._dismiss)
        self.edit, self.results = self.box.edit, self.box.results
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.box)
        self.edit.installEventFilter(self)
        self.hide()

    def popup_at(self, x: int, y: int) -> None:
        parent = self.parentWidget()
        size = QSize(min(520, max(260, parent.width() - 40)), min(300, max(160, parent.height() - 20)))
        area = global_rect(parent).intersected(available(parent))  # the editor's part on screen
        anchor = QRect(parent.mapToGlobal(QPoint(x, y - 24)), QSize(1, 20))  # the cursor's line
        rect = place(anchor, size, area, gap=4)
        self.setGeometry(QRect(parent.mapFromGlobal(rect.topLeft()), rect.size()))
        self.edit.clear()
        self.box.refresh()
        self.show()
        self.raise_()
        self.edit.setFocus()

    def _picked(self, slug: str) -> None:
        self.hide()
        self.picked.emit(slug)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.FocusOut and not self.results.hasFocus():
            QTimer.singleShot(0, self, self._hide_unless_focused)
        return super().eventFilter(obj, event)

    def _hide_unless_focused(self) -> None:
        if self.isVisible() and not self.isAncestorOf(self.focusWidget() or self):
            self._dismiss()


class LinkCompleter(QObject):
    """Watches the body editor's typing for ``[[`` and ``](``; inserts the chosen link."""

    inserted = Signal(str)  # the slug linked

    def __init__(self, editor: QPlainTextEdit, controller: DocumentController, lookup: Any) -> None:
        super().__init__(editor)
        self.editor = editor
        self.controller = controller
        self.lookup = lookup
        self.picker = LinkPicker(lookup.search, editor)
        self.picker.picked.connect(self.insert)
        self.picker.dismissed.connect(self.editor.setFocus)
        self._typed = False
        self._trigger: tuple[int, str] | None = None  # (position after the trigger, "[[" or "](")
        editor.installEventFilter(self)
        editor.textChanged.connect(self._text_changed)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.KeyPress and event.text() in ("[", "("):
            self._typed = True  # the keystroke's own edit arrives next, as textChanged
        return False

    def _text_changed(self) -> None:
        if not self._typed:
            return
        self._typed = False
        if self.editor.isReadOnly() or not self.controller.editable:
            return
        cursor = self.editor.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        for trigger in ("[[", "]("):
            if before.endswith(trigger):
                self.open(cursor.position(), trigger)
                return

    def open(self, position: int, trigger: str) -> None:
        """Show the picker under the cursor; ``position`` is just after the trigger characters."""
        self._trigger = (position, trigger)
        rect = self.editor.cursorRect()
        self.picker.popup_at(rect.left(), rect.bottom() + 4)

    def insert(self, slug: str) -> None:
        if self._trigger is None:
            return
        position, trigger = self._trigger
        self._trigger = None
        title = self.lookup.title(slug) or slug
        body = self.controller.doc.body
        doc = self.editor.document()
        cursor = QTextCursor(doc)
        start = max(0, position - 2)
        cursor.setPosition(start)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != trigger:  # the text moved meanwhile: insert where the cursor is
            cursor = self.editor.textCursor()
            start = position = cursor.position()
            trigger = "[["
        text = markdown_link(title, slug, body)
        if trigger == "](":
            block_start = doc.findBlock(position).position()
            line = doc.findBlock(position).text()[: position - block_start]
            m = _OPEN_PAREN.search(line)
            if m and not m.group(1).strip():  # "[](": the title becomes the link's text
                cursor.setPosition(block_start + m.start())
                cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            else:  # "[their words](": keep their words, complete the target
                cursor.setPosition(position)
                text = link_target(slug, body) + ")"
        with self.controller.macro(f"Link to {title}"):
            cursor.insertText(text)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self.inserted.emit(slug)
        self.offer_relationship(slug, title)

    def offer_relationship(self, slug: str, title: str) -> bool:
        """Ask whether the linked pattern should also be a relationship; add it as one undo step."""
        data = self.controller.doc.data
        if not isinstance(data, dict) or not self.controller.editable or slug == data.get("slug"):
            return False
        entry = getattr(self.lookup, "entry", None)
        found = entry(slug) if callable(entry) else None
        pattern_id = getattr(found, "id", None)
        listed = {schema.entry_target(e) for _keys, _type, entries in schema.relation_lists(data) for e in entries}
        if slug in listed or (pattern_id and pattern_id in listed):
            return False  # already related: the link needs no second question
        layout = "legacy" if schema.layout_of(data) is schema.LEGACY else "v7.1"
        answer = dialogs_for(self.editor).ask_relationship(
            "Also add as a relationship…",
            types_for(layout),
            default_type(layout),
            0.8,
            f"The body now links to “{title}”. Also list it in this pattern's relationships?",
        )
        if answer is None:
            return False
        rel_type, weight, _direction = answer
        try:
            plan = plan_add(data, rel_type, slug, weight, pattern_id)
        except EditError as exc:
            dialogs_for(self.editor).error("Add relationship", exc.message)
            return False
        if plan is None:
            return False
        if plan.create or not self.controller.get(plan.keys):
            return self.controller.set_field(plan.keys, [plan.entry])
        return self.controller.append(plan.keys, plan.entry)
