"""Spell checking in the window: one service for every text box, underlines and the context menu.

The service holds one ``Speller`` (the model's checker) for the language chosen in Preferences,
loaded on a worker thread (0.5-1.5 s) so opening a file never waits for it; until it is ready
nothing is underlined, then every attached highlighter redraws. Lookups are cached per word, so
re-highlighting a paragraph while typing costs a few dictionary look-ups at most; suggestions are
computed only when a context menu asks for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from editor.model.check.config import add_spelling_word, config_for, config_path
from editor.model.check.spelling import DEFAULT_LANGUAGE, LANGUAGES, Speller, library_words, line_words
from editor.ui.common.theme import colors
from editor.ui.common.worker import Worker

OFF = "off"
LANGUAGE_CHOICES = (*LANGUAGES.items(), (OFF, "Off (no spell check)"))


class SpellService(QObject):
    """The application's spell checker: language, library words, and a changed signal."""

    changed = Signal()  # the dictionary or the library's words changed: redraw underlines

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = ""
        self.speller: Speller | None = None
        self.extra: set[str] = set()
        self._folder: Path | None = None
        self._worker = Worker("spelling", daemon=True, parent=self)
        self._worker.finished.connect(self._loaded)

    def set_language(self, language: str, wait: bool = False) -> None:
        """Load ``language``'s dictionary (off the GUI thread unless ``wait``); ``off`` turns checking off."""
        if language == self.language:
            return
        self.language = language
        self.speller = None
        if language not in LANGUAGES:
            self.changed.emit()
            return
        if wait:
            self._loaded(Speller(language))
        else:
            self._worker.start(lambda _job: Speller(language))

    def ensure(self, language: str = DEFAULT_LANGUAGE) -> None:
        if not self.language:
            self.set_language(language)

    def _loaded(self, speller: Speller) -> None:
        if speller.language != self.language:
            return  # the language changed while it loaded
        speller.add_words(self.extra)
        self.speller = speller
        self.changed.emit()

    @property
    def ready(self) -> bool:
        return self.speller is not None

    def set_library(self, folder: Path | None, entries: list[Any]) -> None:
        """The open library's own words: titles, slugs, aliases and its config's ``[spelling] words``."""
        config = config_for(folder) if folder is not None else None
        words = library_words(
            titles=[e.title for e in entries],
            slugs=[e.slug for e in entries],
            others=[a for e in entries for a in e.aliases],
            added=config.spelling if config is not None else (),
        )
        self._folder = folder
        if words - self.extra:
            self.extra |= words
            if self.speller is not None:
                self.speller.add_words(words)
                self.changed.emit()

    def add_words(self, words: set[str]) -> None:
        """Words of the open pattern itself (its keywords), known while it is open."""
        if words - self.extra:
            self.extra |= words
            if self.speller is not None:
                self.speller.add_words(words)
                self.changed.emit()

    def correct(self, word: str) -> bool:
        return self.speller is None or self.speller.correct(word)

    def suggestions(self, word: str) -> list[str]:
        return self.speller.suggestions(word, 6) if self.speller is not None else []

    def add_to_library(self, word: str, folder: Path | None) -> Path | None:
        """Write ``word`` to the library config's ``[spelling] words``; the config file, or None."""
        if folder is None:
            return None
        path = config_path(folder)
        add_spelling_word(path, word)
        self.add_words({word.lower()})
        return path


_service: SpellService | None = None


def spell_service() -> SpellService:
    global _service
    if _service is None:
        _service = SpellService()
    return _service


_bound: set[int] = set()


def bind_settings(settings: Any) -> None:
    """Take the language from the window's Settings and follow its changes (once per Settings)."""
    language = getattr(settings, "spell_language", None)
    if not isinstance(language, str):
        return
    service = spell_service()
    if id(settings) not in _bound:
        _bound.add(id(settings))
        settings.spellLanguageChanged.connect(service.set_language)
    service.set_language(language)


def misspelt_format(fmt: QTextCharFormat) -> QTextCharFormat:
    out = QTextCharFormat(fmt)
    out.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    out.setUnderlineColor(QColor(colors().error))
    return out


def underline_misspelt(highlighter: QSyntaxHighlighter, text: str) -> None:
    """Underline the misspelt words of one block, keeping the formats already set."""
    service = spell_service()
    if service.speller is None:
        return
    for col, word in line_words(text):
        if not service.correct(word):
            highlighter.setFormat(col, len(word), misspelt_format(highlighter.format(col)))


class ProseHighlighter(QSyntaxHighlighter):
    """Spelling underlines for a plain paragraph box (summary, reasoning)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        spell_service().changed.connect(self.rehighlight)

    def highlightBlock(self, text: str) -> None:
        underline_misspelt(self, text)


class LineUnderliner(QObject):
    """Spelling underlines for a one-line box (context labels): a line edit has no highlighter, so
    the wavy lines are painted over it after it paints itself. Only while the whole text is in view:
    a scrolled line edit does not tell where its text starts."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        edit.installEventFilter(self)
        spell_service().changed.connect(edit.update)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self.edit or event.type() != QEvent.Type.Paint:
            return False
        QLineEdit.paintEvent(self.edit, event)
        self.paint()
        return True

    def spans(self) -> list[tuple[int, int]]:
        """(x, width) of each misspelt word, in the box's coordinates; [] when the text is scrolled."""
        service, edit = spell_service(), self.edit
        text = edit.text()
        if service.speller is None or not text or edit.echoMode() != QLineEdit.EchoMode.Normal:
            return []
        fm = edit.fontMetrics()
        margins = edit.textMargins()
        room = edit.contentsRect().adjusted(margins.left() + 2, 0, -margins.right() - 2, 0)
        if fm.horizontalAdvance(text) > room.width() or not edit.alignment() & Qt.AlignmentFlag.AlignLeft:
            return []
        return [
            (room.left() + fm.horizontalAdvance(text[:col]), fm.horizontalAdvance(word))
            for col, word in line_words(text)
            if not service.correct(word)
        ]

    def paint(self) -> None:
        spans = self.spans()
        if not spans:
            return
        edit = self.edit
        fm = edit.fontMetrics()
        y = (edit.height() + fm.height()) // 2 - fm.descent() + 2
        painter = QPainter(edit)
        painter.setPen(QPen(QColor(colors().error), 1))
        for x, width in spans:
            path = QPainterPath(QPointF(x, y))
            for i, step in enumerate(range(2, width + 2, 2)):
                path.lineTo(QPointF(x + step, y + (1.5 if i % 2 == 0 else 0)))
            painter.drawPath(path)
        painter.end()


def attach(widget: QWidget) -> None:
    """Underline misspellings in a paragraph box (a highlighter) or a one-line box (painted over it)."""
    spell_service().ensure()
    if isinstance(widget, QPlainTextEdit) and widget.findChild(ProseHighlighter) is None:
        ProseHighlighter(widget.document()).setParent(widget)
    elif isinstance(widget, QLineEdit) and widget.findChild(LineUnderliner) is None:
        LineUnderliner(widget)


def word_at(widget: QWidget, pos: QPoint | None) -> tuple[int, str] | None:
    """(character offset, word) under ``pos`` (widget or viewport coordinates) in a text box."""
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.cursorForPosition(pos) if pos is not None else widget.textCursor()
        block = cursor.block()
        col = cursor.positionInBlock()
        for start, word in line_words(block.text()):
            if start <= col <= start + len(word):
                return block.position() + start, word
        return None
    if isinstance(widget, QLineEdit):
        col = widget.cursorPositionAt(pos) if pos is not None else widget.cursorPosition()
        for start, word in line_words(widget.text()):
            if start <= col <= start + len(word):
                return start, word
    return None


def replace_word(widget: QWidget, offset: int, word: str, replacement: str) -> None:
    """Replace the word as typing would (the box's own edit signals carry it to the document)."""
    if isinstance(widget, QPlainTextEdit):
        cursor = QTextCursor(widget.document())
        cursor.setPosition(offset)
        cursor.setPosition(offset + len(word), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        widget.setTextCursor(cursor)
    elif isinstance(widget, QLineEdit):
        widget.setSelection(offset, len(word))
        widget.insert(replacement)
        widget.editingFinished.emit()  # a line box commits when it is left; this is such a commit


def add_spelling_items(
    menu: QMenu, widget: QWidget, pos: QPoint | None, folder: Path | None, done: Callable[[], None] | None = None
) -> bool:
    """Put the suggestions for the misspelt word under ``pos`` and "Add to library dictionary" at
    the top of ``menu``. False when there is no misspelt word there."""
    service = spell_service()
    found = word_at(widget, pos)
    if found is None or service.correct(found[1]):
        return False
    offset, word = found
    first = menu.actions()[0] if menu.actions() else None
    items = []
    for suggestion in service.suggestions(word):
        action = _action(suggestion, menu, lambda s=suggestion: replace_word(widget, offset, word, s))
        action.setObjectName("spelling-suggestion")
        items.append(action)
    if not items:
        none = _action("No suggestions", menu, None)
        none.setEnabled(False)
        items.append(none)
    add = _action(f"Add “{word}” to library dictionary", menu, None)
    add.setObjectName("spelling-add")
    add.setEnabled(folder is not None)

    def add_word() -> None:
        service.add_to_library(word, folder)
        if done is not None:
            done()

    add.triggered.connect(add_word)
    items.append(add)
    menu.insertActions(first, items)
    if first is not None:
        menu.insertSeparator(first)
    return True


def _action(text: str, menu: QMenu, slot: Callable[[], None] | None) -> QAction:
    action = QAction(text, menu)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action
