"""The body editor: markdown with highlighting, and an outline of the eight sections with
their word counts against the spec's guide.

With a library (``lookup``): ``[[`` or ``](`` opens the pattern picker (``linkcomplete.py``),
links to patterns the library does not hold get a wavy underline, and misspelt words a red one
whose context menu offers suggestions and "Add to library dictionary". Tests replace
``show_menu(menu, global_pos)`` so the menu never runs ``exec()``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextOption
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMenu, QSplitter, QVBoxLayout, QWidget

from editor.model import schema
from editor.model.check.spelling import library_words, words_from_data
from editor.model.document.outline import outline
from editor.ui.common import spellcheck
from editor.ui.common.theme import colors
from editor.ui.document.controller import DocumentController
from editor.ui.document.highlight import MarkdownHighlighter
from editor.ui.document.linkcomplete import LinkCompleter
from editor.ui.document.textedit import CodeEditor, FindBar, TextBinding

_GUIDE = {name.lower(): (lo, hi) for name, lo, hi, _ in schema.BODY_SECTIONS}


class Outline(QListWidget):
    jump = Signal(int)  # 0-based body line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Body outline")
        self.itemActivated.connect(lambda item: self.jump.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.itemClicked.connect(lambda item: self.jump.emit(item.data(Qt.ItemDataRole.UserRole)))

    def set_body(self, body: str) -> None:
        out = outline(body)
        c = colors()
        current = self.currentRow()
        self.clear()
        section_lines = {s.heading.line: s for s in out.sections}
        for h in out.headings:
            if h.level > 3:
                continue
            section = section_lines.get(h.line)
            text = ("    " * max(0, h.level - 2)) + h.text
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, h.line)
            if section is not None:
                guide = _GUIDE.get(section.name.lower())
                if guide:
                    lo, hi = guide
                    ok = lo <= section.words <= hi
                    item.setText(f"{section.number}. {section.name}\n    {section.words} words · guide {lo}–{hi}")
                    item.setForeground(QColor(c.text))
                    if not ok:
                        item.setToolTip(f"{section.words} words; the spec's guide is {lo}–{hi}")
                        item.setData(Qt.ItemDataRole.UserRole + 1, "over" if section.words > hi else "under")
                        item.setForeground(QColor(c.warning))
                else:
                    item.setText(f"{h.text}\n    {section.words} words")
            self.addItem(item)
        if 0 <= current < self.count():
            self.setCurrentRow(current)


class BodyEditor(QWidget):
    """Markdown body: outline on the left, editor on the right, find bar below."""

    def __init__(self, controller: DocumentController, parent: QWidget | None = None, lookup: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.lookup = lookup
        self.editor = CodeEditor(self, line_numbers=False, mono=False)
        self.editor.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.editor.setAccessibleName("Body (markdown)")
        font = self.editor.font()
        font.setPointSize(max(font.pointSize(), 11))
        self.editor.setFont(font)
        self.editor.document().setDocumentMargin(18)
        self.highlighter = MarkdownHighlighter(self.editor.document())
        self.outline = Outline(self)
        self.outline.setMinimumWidth(200)
        self.outline.jump.connect(lambda line: self.editor.go_to_line(line + 1))
        title = QLabel("Outline")
        title.setStyleSheet("font-weight: 600; padding: 8px 8px 4px 8px;")
        side = QWidget(self)
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        side_lay.setSpacing(0)
        side_lay.addWidget(title)
        side_lay.addWidget(self.outline)
        self.find_bar = FindBar(self)
        right = QWidget(self)
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.setSpacing(0)
        right_lay.addWidget(self.editor)
        right_lay.addWidget(self.find_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 800])
        self.splitter = splitter
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(splitter)
        self.binding = TextBinding(self.editor, lambda: controller.doc.body, controller.set_body)
        self._outline_timer = QTimer(self, singleShot=True, interval=250)
        self._outline_timer.timeout.connect(self._refresh_outline)
        controller.bodyChanged.connect(self._body_changed)
        self._refresh_outline()
        self.completer = LinkCompleter(self.editor, controller, lookup) if hasattr(lookup, "search") else None
        self.show_menu = lambda menu, pos: menu.exec(pos)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(
            lambda pos: self.show_menu(self.menu_for(pos), self.editor.viewport().mapToGlobal(pos))
        )
        self._spelling_bound = False
        self.highlighter.spelling = True
        spellcheck.spell_service().changed.connect(self.highlighter.rehighlight)
        if hasattr(lookup, "has_slug"):
            self.highlighter.link_exists = self._link_exists
            for signal in ("rebuilt", "changed"):
                if hasattr(lookup, signal):
                    getattr(lookup, signal).connect(lambda *_a: self._links_changed())
            if hasattr(lookup, "rebuilt"):  # a library read after this tab opened: its words too
                lookup.rebuilt.connect(self._library_words)

    # ------------------------------------------------------------ links and spelling

    def _link_exists(self, slug: str) -> bool:
        if getattr(self.lookup, "index", True) is None:
            return True  # the library is not read yet: nothing is known to be missing
        return self.lookup.has_slug(slug)

    def _links_changed(self) -> None:
        self.highlighter.rehighlight()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._spelling_bound:
            self._spelling_bound = True
            self.bind_spelling()

    def bind_spelling(self) -> None:
        """Follow the Preferences' language and know the library's and this pattern's words."""
        service = spellcheck.spell_service()
        spellcheck.bind_settings(getattr(self.window(), "settings", None))
        service.ensure()
        self._library_words()
        service.add_words(library_words(*words_from_data(self.controller.doc.data)))

    def _library_words(self) -> None:
        entries = getattr(self.lookup, "entries", None)
        spellcheck.spell_service().set_library(self.folder(), entries() if callable(entries) else [])

    def folder(self):
        path = self.controller.doc.path
        return path.parent if path is not None else None

    def menu_for(self, pos: QPoint) -> QMenu:
        """The editor's own menu, with spelling suggestions for a misspelt word under ``pos``."""
        menu = self.editor.createStandardContextMenu(self.editor.viewport().mapToGlobal(pos))
        spellcheck.add_spelling_items(menu, self.editor, pos, self.folder())
        return menu

    def sizeHint(self) -> QSize:
        return QSize(900, 700)

    def _body_changed(self) -> None:
        self.binding.pull()
        self._outline_timer.start()

    def _refresh_outline(self) -> None:
        self.outline.set_body(self.controller.doc.body)

    def top_file_line(self) -> int:
        return self.controller.doc.body_line() + self.editor.first_visible_line() - 1

    def go_to_file_line(self, line: int, column: int = 1) -> None:
        self.editor.go_to_line(line - self.controller.doc.body_line() + 1, column)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
