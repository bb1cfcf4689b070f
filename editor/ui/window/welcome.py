"""The welcome page: what a pattern is, how to start, where the format reference is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from editor.ui.common.theme import colors

_HTML = """
<h1 style="font-size: 22pt;">Welcome to Pattern Editor</h1>
<p style="color: {muted}; font-size: 12pt;">Write and review pattern files, safely.</p>
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
<tr><td><b>Your own library</b></td><td><b>File → Open Folder…</b> opens any folder of pattern files.</td></tr>
</table>
<p>This library is a copy of the sample patterns in <b>{folder}</b>; edit it freely.</p>
<p>The field-by-field description of the format is under <a href="help:format">Help → Pattern Format
Reference</a>.</p>
"""


class WelcomePage(QTextBrowser):
    showReference = Signal()

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Welcome")
        self.document().setDocumentMargin(32)
        self.setHtml(_HTML.format(muted=colors().muted, folder=folder))
        self.anchorClicked.connect(lambda url: self.showReference.emit() if url.scheme() == "help" else None)
