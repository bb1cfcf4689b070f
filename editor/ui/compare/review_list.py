"""The review window's file list: one entry per changed file, with its status, badges and a
"reviewed" check box; files that are not patterns are listed greyed, without a box."""

from __future__ import annotations

from pathlib import PurePosixPath

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from editor.model.diff.review import FileReview
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.richtext import mix as _mix
from editor.ui.common.theme import Colors, colors
from editor.ui.compare.review_state import badges

STATUS_MARK = {"added": "A", "deleted": "D", "renamed": "R", "modified": "M", "copied": "C", "type-changed": "T"}


def _chip(text: str, fg: str, bg: str) -> str:
    return f"<span style='color:{fg}; background-color:{bg}'>&nbsp;{_esc(text)}&nbsp;</span>"


def entry_html(f: FileReview, c: Colors) -> str:
    """Name (bold), folder (muted), then the status letter and the badges as tinted chips."""
    path = PurePosixPath(f.path)
    folder = f"{path.parent}/" if str(path.parent) != "." else ""
    tone = {"added": c.ok, "deleted": c.error, "renamed": c.info}.get(f.status, c.muted)
    if not f.pattern:
        return (
            f"<span style='color:{c.muted}'>{_esc(STATUS_MARK.get(f.status, '?'))}&nbsp;&nbsp;{_esc(path.name)}"
            f"&nbsp;&nbsp;{_esc(folder)}<br>not a pattern · {_esc(f.status)}</span>"
        )
    head = (
        f"<span style='color:{tone}; font-weight:700'>{_esc(STATUS_MARK.get(f.status, '?'))}</span>&nbsp;&nbsp;"
        f"<b>{_esc(path.name)}</b>&nbsp;&nbsp;<span style='color:{c.muted}'>{_esc(folder)}</span>"
    )
    if f.old_path:
        head += f"<br><span style='color:{c.muted}'>from {_esc(f.old_path)}</span>"
    chips = []
    for badge in badges(f) or ["no change in meaning"]:
        fg = c.ok if badge.startswith("+") or badge.endswith(("added",)) else c.muted
        fg = c.error if badge.startswith("−") or badge in ("deleted", "line diff") else fg
        fg = c.info if badge.startswith(("score", "renamed", "layout")) else fg
        chips.append(_chip(badge, fg, _mix(fg, c.base, 0.12)))
    return head + "<br>" + " ".join(chips)


class FileEntry(QWidget):
    """What a list row shows; clicks pass through to the list except on the check box."""

    toggled = Signal(str, bool)  # path, reviewed

    def __init__(self, f: FileReview, reviewed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = f
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(8)
        self.check: QCheckBox | None = None
        if f.pattern:
            self.check = QCheckBox(self)
            self.check.setObjectName("reviewed")
            self.check.setChecked(reviewed)
            self.check.setToolTip("Reviewed (Space)")
            self.check.setAccessibleName(f"Reviewed {f.path}")
            self.check.toggled.connect(lambda on: self.toggled.emit(f.path, on))
            lay.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        else:
            lay.addSpacing(22)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(False)  # one line each: the row's height is then known before layout
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay.addWidget(self.label, 1)
        self.restyle()

    def restyle(self, c: Colors | None = None) -> None:
        c = c or colors()
        self.label.setText(entry_html(self.file, c))
        if self.check is not None:  # the box must read on the panel in both themes
            self.check.setStyleSheet(
                f"QCheckBox::indicator {{ width: 14px; height: 14px; border: 1px solid {c.muted};"
                f" border-radius: 3px; background: {c.base}; }}"
                f"QCheckBox::indicator:checked {{ background: {c.ok}; border: 1px solid {c.ok}; }}"
            )


class FileList(QListWidget):
    """The changed files; Space ticks the current one as reviewed."""

    reviewedChanged = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-files")
        self.setAccessibleName("Changed files")
        self.setUniformItemSizes(False)
        self.setSpacing(1)
        self.files: list[FileReview] = []

    def show_files(self, files: list[FileReview], reviewed: set[str]) -> None:
        self.clear()
        self.files = list(files)
        for i, f in enumerate(files):
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, i)
            tip = f.path + (f" (was {f.old_path})" if f.old_path else "") + (f"\n{f.title}" if f.title else "")
            item.setToolTip(tip + ("\n" + " · ".join(badges(f)) if f.pattern else ""))  # the badges, unclipped
            entry = FileEntry(f, f.path in reviewed, self)
            entry.toggled.connect(self.reviewedChanged)
            item.setSizeHint(QSize(100, entry.sizeHint().height()))
            self.setItemWidget(item, entry)

    def entry(self, row: int) -> FileEntry | None:
        item = self.item(row)
        widget = self.itemWidget(item) if item is not None else None
        return widget if isinstance(widget, FileEntry) else None

    def restyle(self, c: Colors) -> None:
        for row in range(self.count()):
            if (entry := self.entry(row)) is not None:
                entry.restyle(c)

    def step(self, delta: int) -> None:
        if self.count():
            self.setCurrentRow(max(0, min(self.count() - 1, self.currentRow() + delta)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        entry = self.entry(self.currentRow())
        if event.key() == Qt.Key.Key_Space and entry is not None and entry.check is not None:
            entry.check.toggle()
            return
        super().keyPressEvent(event)
