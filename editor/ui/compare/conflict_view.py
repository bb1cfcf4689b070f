"""The conflict view: a file left with merge conflicts, resolved one conflict at a time.

A file holding conflict markers opens here (``Workspace.open_file``) instead of as a read-only
error page. Each conflict (``editor.model.merge.resolve``: from the markers, with the merge's
``FILE.conflicts.json`` record when there is one) is a card with before / yours / theirs and
"Keep yours", "Take theirs", "Take both", "Edit…". A choice replaces that conflict's marker block in the
page's text as one undo step; the file on disk is untouched until the user presses Save, which is
the document's normal atomic save (lock, stamp check, temp file, rename) of the resolved text, and
removes a stale record. When no conflict is left and the text parses, "Done: open in the editor"
hands the text (saved or not) to a normal tab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.model.document import storage
from editor.model.document.document import Document
from editor.model.errors import ExternalChangeError, PatternError
from editor.model.merge.resolve import Conflict, conflicts, follow, load_record, record_path, remove_stale_record, take
from editor.ui.common.dialogs import DISCARD, SAVE, Dialogs
from editor.ui.common.richtext import esc
from editor.ui.common.theme import colors, icon
from editor.ui.compare.conflict_card import EDIT, ConflictCard

PAGE_PREFIX = "conflicts:"


def page_name(path: Path) -> str:
    return PAGE_PREFIX + str(Path(path).resolve())


class _TextCommand(QUndoCommand):
    def __init__(self, page: ConflictPage, old: str, new: str, text: str) -> None:
        super().__init__(text)
        self.page, self.old, self.new = page, old, new

    def redo(self) -> None:
        self.page.set_text(self.new)

    def undo(self) -> None:
        self.page.set_text(self.old)


class ConflictPage(QWidget):
    """A workspace page (a tab that is not a DocumentTab) for one conflicted file."""

    titleChanged = Signal()  # the tab's label follows the dirty mark and the count
    doneRequested = Signal()  # "Done: open in the editor"
    message = Signal(str, int)

    def __init__(self, doc: Document, dialogs: Callable[[], Dialogs], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert doc.path is not None
        self.path = doc.path
        self.setObjectName(page_name(self.path))
        self.dialogs = dialogs
        self.stamp = doc.stamp
        self.saved_text = doc.text  # what the file on disk holds (as far as this page knows)
        self._text = doc.text
        self.records = load_record(self.path)
        self.original: list[Conflict] = conflicts(doc.text, self.records)
        self.open: list[Conflict] = list(self.original)
        self.undo_stack = QUndoStack(self)
        self.cards: list[ConflictCard] = []
        self._build()
        self._refresh()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        c = colors()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(8)
        source = (
            f"The merge's record <code>{esc(record_path(self.path).name)}</code> names each conflict."
            if self.records
            else "Conflict markers written by git: each block shows our and their lines."
        )
        self.heading = QLabel(
            f"<span style='font-size:14pt; font-weight:600'>Merge conflicts in {esc(self.path.name)}</span><br>"
            f"<span style='color:{c.muted}'>{source} Nothing is written to the file until you press Save.</span>",
            self,
        )
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.status = QLabel(self)
        self.status.setObjectName("conflicts-status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)
        self.undo_button = self._button("conflicts-undo", "Undo", "undo", self.undo_stack.undo)
        self.redo_button = self._button("conflicts-redo", "Redo", "redo", self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.save_button = self._button("conflicts-save", "Save", "save", self.save)
        self.done_button = self._button("conflicts-done", "Done: open in the editor", "check", self.done)
        self.text_button = QPushButton(icon("source"), "File text", self)
        self.text_button.setObjectName("conflicts-show-text")
        self.text_button.setCheckable(True)
        self.text_button.setToolTip("Show the whole file as it will be saved, beside the conflicts")
        for b in (self.text_button, self.undo_button, self.redo_button, self.save_button, self.done_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.scroll = QScrollArea(split)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setMinimumWidth(360)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 8, 0)
        self.list_layout.setSpacing(10)
        self.list_layout.addStretch(1)
        self.scroll.setWidget(self.list)
        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        rl.setSpacing(4)
        caption = QLabel(f"<span style='color:{c.muted}'>The file as it will be saved</span>", right)
        caption.setTextFormat(Qt.TextFormat.RichText)
        rl.addWidget(caption)
        self.preview = QPlainTextEdit(right)
        self.preview.setObjectName("conflicts-text")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setAccessibleName("The file's text with the choices made so far")
        rl.addWidget(self.preview, 1)
        split.addWidget(self.scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        split.setChildrenCollapsible(False)
        self.splitter = split
        right.setVisible(False)  # the cards need the width first; "File text" shows it
        self.text_button.toggled.connect(right.setVisible)
        lay.addWidget(split, 1)

    def _button(self, name: str, text: str, icon_name: str, slot) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ------------------------------------------------------------ state

    @property
    def text(self) -> str:
        return self._text

    @property
    def dirty(self) -> bool:
        return self._text != self.saved_text

    def title(self) -> str:
        n = len(self.open)
        mark = "● " if self.dirty else ""
        return f"{mark}{self.path.name} — {n} conflict{'s' if n != 1 else ''}" if n else f"{mark}{self.path.name}"

    def resolved(self) -> Document | None:
        """The text as a document, when no conflict is left and it parses; else None."""
        if self.open:
            return None
        doc = Document(
            self._text,
            self.path,
            hints=schema.HINTS,
            stamp=self.stamp,
            read_only=storage.writable_reason(self.path),
        )
        doc.mark_saved(self.saved_text)
        return doc if doc.error is None else None

    def set_text(self, text: str) -> None:
        """Called by the undo commands only."""
        self._text = text
        self._refresh()

    def _refresh(self) -> None:
        self.open = follow(self.original, self._text)
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for i, conflict in enumerate(self.open):
            card = ConflictCard(conflict, i + 1, len(self.open), self.list)
            card.chosen.connect(lambda choice, edited, k=conflict: self.choose(k, choice, edited))
            card.focused.connect(lambda k=conflict: self.show_in_text(k))
            self.list_layout.insertWidget(i, card)
            self.cards.append(card)
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setPlainText(self._text)
        self.preview.verticalScrollBar().setValue(scroll)
        doc = self.resolved()
        c = colors()
        if self.open:
            n = len(self.open)
            self.status.setText(f"<b>{n} conflict{'s' if n != 1 else ''} left.</b> Choose a version for each.")
        elif doc is None:
            error = Document.from_text(self._text, self.path).error
            self.status.setText(
                f"<b style='color:{c.error}'>No conflict left, but the frontmatter does not parse:</b> "
                f"{esc(error.message if error else '')} Undo the last choice or edit it again."
            )
        else:
            saved = "" if self.dirty else " Saved."
            self.status.setText(
                f"<b style='color:{c.ok}'>All conflicts resolved.</b> The file parses.{saved} "
                + ("Save it, or open it in the editor and save there." if self.dirty else "Open it in the editor.")
            )
        self.scroll.setVisible(bool(self.open))
        if not self.open:
            self.text_button.setChecked(True)  # nothing left to choose: show what will be saved
        self.save_button.setEnabled(self.dirty and doc is not None)
        self.done_button.setEnabled(doc is not None)
        self.titleChanged.emit()

    # ------------------------------------------------------------ choices

    def choose(self, conflict: Conflict, choice: str, edited: str | None = None) -> bool:
        """Replace ``conflict``'s block by the choice, as one undo step."""
        current = next((k for k in self.open if k.index == conflict.index), None)
        if current is None:
            return False
        try:
            new = take(self._text, current, choice, edited if choice == EDIT else None)
        except (ValueError, PatternError) as exc:
            self.dialogs().error("Resolve conflict", str(exc))
            return False
        what = {"ours": "Keep yours", "theirs": "Take theirs", "both": "Take both", EDIT: "Edit"}.get(choice, choice)
        self.undo_stack.push(_TextCommand(self, self._text, new, f"{what}: {current.path}"))
        return True

    def show_in_text(self, conflict: Conflict) -> None:
        block = self.preview.document().findBlockByNumber(max(conflict.block.line - 1, 0))
        cursor = QTextCursor(block)
        self.preview.setTextCursor(cursor)
        self.preview.centerCursor()

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        """The normal atomic save of the resolved text; refuses while a conflict is left."""
        doc = self.resolved()
        if doc is None:
            self.dialogs().error("Not saved", "Resolve every conflict first: the file must parse to be saved.")
            return False
        try:
            doc.save()
        except ExternalChangeError:
            self.dialogs().error(
                "Not saved",
                f"{self.path.name} changed on disk since it was opened here. Close this page and open the file again.",
            )
            return False
        except PatternError as exc:
            self.dialogs().error("Not saved", str(exc))
            return False
        self.stamp = doc.stamp
        self.saved_text = self._text
        remove_stale_record(self.path)
        self.undo_stack.setClean()
        self._refresh()
        self.message.emit(f"Saved {self.path.name}", 3000)
        return True

    def done(self) -> None:
        if self.resolved() is not None:
            self.doneRequested.emit()

    def may_close(self) -> bool:
        """Closing the page: unsaved choices are saved, dropped or kept open as the user says."""
        if not self.dirty:
            return True
        answer = self.dialogs().ask_unsaved([f"{self.path.name} (conflicts)"])
        if answer == SAVE:
            return self.save()
        return answer == DISCARD


# ---------------------------------------------------------------- the workspace's side


def find_page(workspace, path: str | Path) -> ConflictPage | None:
    name = page_name(Path(path))
    tabs = workspace.tabs
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if isinstance(page, ConflictPage) and page.objectName() == name:
            return page
    return None


def focus_page(workspace, path: str | Path, focus: bool = True) -> bool:
    """Show the conflict page already open on ``path``; False when there is none."""
    page = find_page(workspace, path)
    if page is not None and focus:
        workspace.tabs.setCurrentWidget(page)
    return page is not None


def open_page(workspace, doc: Document, focus: bool = True) -> ConflictPage:
    """A tab resolving ``doc``'s conflicts; "Done" replaces it by the file's normal tab."""
    tabs = workspace.tabs
    page = ConflictPage(doc, lambda: workspace.dialogs, workspace.parent_widget)
    page.message.connect(workspace.message)

    def retitle() -> None:
        index = tabs.indexOf(page)
        if index >= 0:
            tabs.setTabText(index, page.title())

    page.titleChanged.connect(retitle)
    page.doneRequested.connect(lambda: _done(workspace, page))
    workspace.undo_group.addStack(page.undo_stack)
    index = tabs.addTab(page, icon("warning"), page.title())
    tabs.setTabToolTip(index, f"{doc.path} — merge conflicts")
    if focus:
        tabs.setCurrentIndex(index)
    return page


def _done(workspace, page: ConflictPage):
    """The resolved text in the file's normal tab: saved already, or as an unsaved change there (the
    tab's save is then the atomic save, and removes the stale record)."""
    doc = page.resolved()
    if doc is None:
        return None
    tabs = workspace.tabs
    tabs.removeTab(tabs.indexOf(page))
    page.deleteLater()
    tab = workspace.add_document(doc)
    if doc.dirty:
        path = doc.path
        tab.controller.dirtyChanged.connect(lambda dirty: None if dirty else remove_stale_record(path))
    return tab


__all__ = ["PAGE_PREFIX", "ConflictPage", "find_page", "focus_page", "open_page", "page_name"]
