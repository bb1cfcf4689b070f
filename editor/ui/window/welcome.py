"""The welcome page: what a pattern is, how to start, where the format reference is.

Its two buttons start the two ways to a real library: getting the shared one from its address
(File → Get a Library…) or opening a folder already on this computer. The page only emits
``runAction`` with the action's name; the window triggers its own action, so the page and the menu
do exactly the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from editor.ui.common.richtext import esc
from editor.ui.common.theme import colors

_HTML = """
<h3>What is a pattern?</h3>
<p>A pattern is one markdown file that describes a way of solving a recurring problem: a frontmatter of
fields (title, summary, context labels, scores, lifecycle, links to other patterns) and a body in eight
sections, from <i>Context</i> to <i>Vitality</i>.</p>
<h3>Start here</h3>
<table cellpadding="6">
<tr><td><b>Open a pattern</b></td><td>Click one in the library on the left, or press <b>Ctrl+P</b> and type
part of its name.</td></tr>
<tr><td><b>Edit</b></td><td>The <b>Fields</b> tab is a form for every field; <b>Body</b> is the text with an
outline; <b>Source</b> (<b>Ctrl+U</b>) shows the whole file.</td></tr>
<tr><td><b>Check</b></td><td>Problems appear under the form and in the Problems panel; <b>F8</b> goes to the
next one.</td></tr>
<tr><td><b>Save</b></td><td><b>Ctrl+S</b>. Only what you changed is written; everything else in the file stays
exactly as it was.</td></tr>
<tr><td><b>Share</b></td><td>In a library you got with <b>Get a Library…</b>, <b>File → Share My Changes…</b>
sends your edits for review, and <b>File → Get the Latest</b> brings in what others shared.</td></tr>
</table>
<p>The field-by-field description of the format is under <a href="help:format">Help → Pattern Format
Reference</a>.</p>
"""
MEASURE = 820  # px: lines of about 100 characters


class WelcomePage(QScrollArea):
    showReference = Signal()
    runAction = Signal(str)  # an action's name: "get-library", "open_folder"

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        canvas = QWidget(self)
        canvas.setBackgroundRole(QPalette.ColorRole.Base)
        canvas.setAutoFillBackground(True)
        page = QWidget(canvas)  # a readable measure, on the left, however wide the window
        page.setMaximumWidth(MEASURE)
        outer = QHBoxLayout(canvas)
        outer.setContentsMargins(36, 32, 36, 24)
        outer.addWidget(page, 1)
        outer.addStretch(0)
        muted = colors().muted

        title = QLabel("Welcome to Pattern Editor", page)
        font = title.font()
        font.setPointSizeF(22)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel("Write and review pattern files, safely.", page)
        tagline.setStyleSheet(f"color: {muted}; font-size: 12pt;")

        self.get_button = QPushButton("&Get a Library…", page, objectName="welcome:get-library")
        self.get_button.setToolTip("Copy your group's shared pattern library from its web address, and open it")
        self.get_button.setDefault(True)  # drawn as the main choice
        self.open_button = QPushButton("&Open a Folder…", page, objectName="welcome:open-folder")
        self.open_button.setToolTip("Open a folder of pattern files that is already on this computer")
        for button in (self.get_button, self.open_button):
            button.setMinimumHeight(34)
            button.setAccessibleDescription(button.toolTip())
        self.get_button.clicked.connect(lambda: self.runAction.emit("get-library"))
        self.open_button.clicked.connect(lambda: self.runAction.emit("open_folder"))
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.get_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)

        where = QLabel(
            f"You are looking at a copy of the sample patterns in <b>{esc(folder)}</b>: edit it freely.<br>"
            "To work on your group's library, get it from the address its maintainers gave you.",
            page,
        )
        where.setWordWrap(True)
        where.setTextFormat(Qt.TextFormat.RichText)
        where.setStyleSheet(f"color: {muted};")

        self.text = QLabel(_HTML, page)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.text.setAccessibleName("Getting started")
        self.text.linkActivated.connect(lambda link: self.showReference.emit() if link.startswith("help:") else None)

        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(title)
        lay.addWidget(tagline)
        lay.addSpacing(14)
        lay.addLayout(buttons)
        lay.addSpacing(2)
        lay.addWidget(where)
        lay.addSpacing(6)
        lay.addWidget(self.text)
        lay.addStretch(1)
        self.setWidget(canvas)
        self.setFocusProxy(self.get_button)

    def toPlainText(self) -> str:
        return QTextDocumentFragment.fromHtml(self.text.text()).toPlainText()
