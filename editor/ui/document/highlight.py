"""Syntax highlighting for the body (markdown) and the source view (YAML frontmatter + markdown).

Highlighters are line-based regex rules: cheap enough to run on every keystroke. The body's
highlighter also underlines misspelt words (a red squiggle; look-ups cached per word) and links to
patterns the library does not hold (a wavy orange line), once it is told how to check them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from editor.model.library.bodylinks import line_links
from editor.ui.common.spellcheck import underline_misspelt
from editor.ui.common.theme import colors


def _fmt(color: str, bold: bool = False, italic: bool = False, mono: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if mono:
        f.setFontFixedPitch(True)
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    IN_FENCE = 1

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spelling = False  # underline misspelt words (the body; not the source view)
        self.link_exists: Callable[[str], bool] | None = None  # underline links to unknown slugs
        self.build_formats()

    def set_theme(self) -> None:
        """Rebuild the formats from the current theme (a live light/dark switch) and redraw."""
        self.build_formats()
        self.rehighlight()

    def build_formats(self) -> None:
        c = colors()
        rel = c.relations
        self.rules = [
            (re.compile(r"^#{1,6}\s.*$"), _fmt(c.accent, bold=True)),
            (re.compile(r"^\s*>.*$"), _fmt(c.muted, italic=True)),
            (re.compile(r"^\s*>\s*\[!\w+\].*$"), _fmt(rel[0], bold=True)),
            (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), _fmt(c.text, bold=True)),
            (re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<!\w)_[^_\s][^_]*_(?!\w)"), _fmt(c.text, italic=True)),
            (re.compile(r"`[^`]+`"), _fmt(rel[1], mono=True)),
            (re.compile(r"\[[^\]]+\]\([^)]+\)"), _fmt(c.info)),
            (re.compile(r"^\s*([-*+]|\d+\.)\s"), _fmt(rel[4], bold=True)),
            (re.compile(r"^\s*-{3,}\s*$"), _fmt(c.border, bold=True)),
            (re.compile(r"^\|.*\|\s*$"), _fmt(rel[5])),
        ]
        self.fence = _fmt(rel[1], mono=True)

    def highlightBlock(self, text: str) -> None:
        in_fence = self.previousBlockState() == self.IN_FENCE
        if text.lstrip().startswith(("```", "~~~")):
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(0 if in_fence else self.IN_FENCE)
            return
        if in_fence:
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(self.IN_FENCE)
            return
        self.setCurrentBlockState(0)
        for pattern, fmt in self.rules:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), fmt)
        self.decorate(text)

    def decorate(self, text: str) -> None:
        """Broken-link and spelling underlines over the formats already set."""
        exists = self.link_exists
        if exists is not None and "](" in text:
            for col, length, _text, _href, slug in line_links(text):
                if slug and not exists(slug):
                    fmt = QTextCharFormat(self.format(col))
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                    fmt.setUnderlineColor(QColor(colors().warning))
                    fmt.setToolTip(f"{slug} is not in the library")
                    self.setFormat(col, length, fmt)
        if self.spelling:
            underline_misspelt(self, text)


class SourceHighlighter(MarkdownHighlighter):
    """The whole file: YAML between the first two ``---`` lines, markdown after."""

    BEFORE, IN_YAML, BODY = 10, 11, 12

    def build_formats(self) -> None:
        super().build_formats()
        c = colors()
        rel = c.relations
        self.delim = _fmt(c.muted, bold=True)
        self.comment = _fmt(c.muted, italic=True)
        self.key = _fmt(rel[0])
        self.string = _fmt(rel[2])
        self.number = _fmt(rel[4])
        self.dash = _fmt(c.muted, bold=True)
        self.key_re = re.compile(r"^(\s*-\s+)?(\s*)([\w\-]+)(\s*:)(?=\s|$)")
        self.str_re = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")
        self.num_re = re.compile(r"(?<=[:\[,\s])-?\d+(?:\.\d+)?(?=\s*[,\]]|\s*$)")
        self.flow_key_re = re.compile(r"(?<=[{,]\s)([\w\-]+)(?=:\s)|(?<=\{)([\w\-]+)(?=:\s)")

    def highlightBlock(self, text: str) -> None:
        prev = self.previousBlockState()
        stripped = text.strip()
        if prev in (-1, self.BEFORE):
            if stripped.lstrip("\ufeff") == "---":
                self.setFormat(0, len(text), self.delim)
                self.setCurrentBlockState(self.IN_YAML)
            else:
                self.setCurrentBlockState(self.BEFORE)
            return
        if prev == self.IN_YAML:
            if stripped == "---":
                self.setFormat(0, len(text), self.delim)
                self.setCurrentBlockState(self.BODY)
                return
            self.setCurrentBlockState(self.IN_YAML)
            if stripped.startswith("#"):
                self.setFormat(0, len(text), self.comment)
                return
            m = self.key_re.match(text)
            if m:
                if m.group(1):
                    self.setFormat(m.start(1), len(m.group(1)), self.dash)
                self.setFormat(m.start(3), len(m.group(3)), self.key)
            elif stripped.startswith("- "):
                self.setFormat(text.index("-"), 1, self.dash)
            for m in self.flow_key_re.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.key)
            for m in self.num_re.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.number)
            for m in self.str_re.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.string)
            return
        # body: markdown rules; fence state is carried in a separate range of states
        in_fence = prev == self.BODY + self.IN_FENCE
        if text.lstrip().startswith(("```", "~~~")):
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(self.BODY if in_fence else self.BODY + self.IN_FENCE)
            return
        if in_fence:
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(self.BODY + self.IN_FENCE)
            return
        self.setCurrentBlockState(self.BODY)
        for pattern, fmt in self.rules:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), fmt)
