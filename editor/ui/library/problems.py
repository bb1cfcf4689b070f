"""Library-wide validation in the background: progress, cancel, findings by file or by rule.

By rule, a rule that has a fix offers "Fix all…" (the window plans it and shows every diff first),
and a value outside the spec's list offers "Accept for the library" (written to the library's
.pattern-editor.toml), grouped by field and value with how many files use it.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.model.check.lint import lint_library
from editor.model.check.validation import RULES, Finding, library_config
from editor.model.edit.fixes import FIXES, accept_candidates, has_fix
from editor.model.library.index import LibraryIndex
from editor.ui.common.theme import colors, icon
from editor.ui.common.worker import Job, Worker

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
RULE_ROLE = Qt.ItemDataRole.UserRole + 2  # a rule's group row: the rule id
ACCEPT_ROLE = Qt.ItemDataRole.UserRole + 3  # an enum value's group row: (field key, value)


def check_library(index: LibraryIndex, job: Job) -> tuple[list[Finding], bool]:
    """Off the GUI thread: the findings, and whether the check was cancelled part way. The library's
    .pattern-editor.toml is looked up on each run, so an edited config counts at the next check."""
    config = library_config(index.folder)
    findings = lint_library(index, progress=job.progress, should_cancel=job.cancelled, config=config)
    return findings, job.cancelled()


class LibraryProblems(QWidget):
    openFinding = Signal(object)  # Finding
    fixRequested = Signal(str, list)  # rule, its findings: plan and preview their fixes
    acceptRequested = Signal(str, object)  # field key, value: accept it for the library

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self._worker = Worker("lint")
        self._worker.progress.connect(self._progress)
        self._worker.finished.connect(self._checked)
        self._worker.failed.connect(self._check_failed)
        self.run_button = QPushButton(icon("problems"), "Check library", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setMaximumWidth(260)
        self.bar.hide()
        self.summary = QLabel("Check every pattern of the library against the spec and the library rules.")
        self.summary.setObjectName("Hint")
        self.fix_button = QPushButton("Fix all…", self)
        self.fix_button.setObjectName("problems-fix-all")
        self.fix_button.clicked.connect(self._fix)
        self.accept_button = QPushButton("Accept for the library…", self)
        self.accept_button.setObjectName("problems-accept")
        self.accept_button.clicked.connect(self._accept)
        self.fix_button.hide()
        self.accept_button.hide()
        self.fix_button.hide()
        self.accept_button.hide()
        self.group = QComboBox(self)
        self.group.addItems(["By file", "By rule"])
        self.group.currentIndexChanged.connect(lambda _i: self._fill())
        self.group.setAccessibleName("Group library problems")
        self.severity = QComboBox(self)
        self.severity.addItems(["Errors and warnings", "Errors only", "Everything"])
        self.severity.currentIndexChanged.connect(lambda _i: self._fill())
        self.severity.setAccessibleName("Library problems shown")
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        for w in (self.run_button, self.cancel_button, self.bar):
            top.addWidget(w)
        top.addWidget(self.summary, 1)
        top.addWidget(self.fix_button)
        top.addWidget(self.accept_button)
        top.addWidget(self.severity)
        top.addWidget(self.group)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Finding", "Count", "Field", "Line"])
        self.tree.setAccessibleName("Library findings")
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)  # double-click or Enter: once
        self.tree.currentItemChanged.connect(lambda _c, _p: self._update_actions())
        self._index: LibraryIndex | None = None
        self._read = None  # file -> frontmatter data, for the values of enum findings
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(top)
        lay.addWidget(self.tree)

    # ------------------------------------------------------------ running

    def run(self, index: LibraryIndex | None, wait: bool = False, read=None) -> None:
        """Check ``index``; ``read(file) -> data`` gives a file's frontmatter (the warm query store)."""
        if index is None or not self.run_button.isEnabled():  # nothing to check, or a check is running
            return
        self._index, self._read = index, read
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, max(1, len(index)))
        self.bar.setValue(0)
        self.bar.show()
        self.summary.setText(f"Checking {len(index)} patterns…")
        self._worker.start(partial(check_library, index))
        if wait:
            self._worker.wait()

    def cancel(self) -> None:
        self._worker.cancel()

    def shutdown(self) -> None:
        self._worker.shutdown()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(total)
        self.bar.setValue(done)
        self.bar.setFormat(f"{done} / {total}")

    def _checked(self, result: tuple[list[Finding], bool]) -> None:
        self._done(*result)

    def _check_failed(self, exc: Exception) -> None:  # reported in the panel; the app keeps running
        self._failed(f"The check stopped: {exc}")

    def _failed(self, message: str) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.bar.hide()
        self.summary.setText(message)

    def _done(self, findings: list[Finding], cancelled: bool) -> None:
        self.findings = findings
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.bar.hide()
        counts = Counter(f.severity for f in findings)
        files = len({f.file for f in findings})
        text = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes in {files} files"
        self.summary.setText(("Cancelled — partial results: " if cancelled else "") + text)
        self._fill()

    # ------------------------------------------------------------ showing

    def _visible(self) -> list[Finding]:
        choice = self.severity.currentIndex()
        allowed = {0: {"error", "warning"}, 1: {"error"}, 2: {"error", "warning", "info"}}[choice]
        return [f for f in self.findings if f.severity in allowed]

    def _fill(self) -> None:
        c = colors()
        tint = {"error": c.error, "warning": c.warning, "info": c.muted}
        self.tree.clear()
        findings = self._visible()
        groups: dict[str, list[Finding]] = {}
        by_rule = self.group.currentIndex() == 1
        for f in findings:
            groups.setdefault(f.rule if by_rule else f.file, []).append(f)
        order = sorted(groups, key=lambda k: (-len(groups[k]), k)) if by_rule else sorted(groups)
        for key in order:
            items = groups[key]
            worst = min(items, key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity]).severity
            title = f"{key} — {RULES[key][2]}" if by_rule and key in RULES else (Path(key).name if not by_rule else key)
            if by_rule and has_fix(key):
                title += f"  ·  fix: {FIXES[key].lower()}"
            parent = QTreeWidgetItem([title, str(len(items)), "", ""])
            parent.setIcon(0, icon({"error": "error", "warning": "warning", "info": "info"}[worst], tint[worst]))
            parent.setToolTip(0, key)
            if by_rule:
                parent.setData(0, RULE_ROLE, key)
            self.tree.addTopLevelItem(parent)
            holders = self._by_value(items) if by_rule and key == "enum" else {None: items}
            for accept, members in holders.items():
                holder = parent
                if accept is not None:
                    field, value = accept
                    holder = QTreeWidgetItem([f"{field} = {value}", str(len(members)), field, ""])
                    holder.setData(0, ACCEPT_ROLE, accept)
                    holder.setToolTip(0, f"{len(members)} files use {value!r}; accept it for the library?")
                    parent.addChild(holder)
                for f in members[:500]:
                    label = f"{Path(f.file).name}: {f.message}" if by_rule else f.message
                    child = QTreeWidgetItem([label, "", f.path, str(f.line)])
                    child.setData(0, FINDING_ROLE, f)
                    child.setForeground(0, QColor(tint[f.severity]) if f.severity == "error" else QColor(c.text))
                    holder.addChild(child)
        self._update_actions()

    def _by_value(self, findings: list[Finding]) -> dict:
        """Enum findings grouped by (field, value), most used first; unreadable values last, ungrouped."""
        read = self._read or _read_file
        groups: dict = {}
        for f in findings:
            found = accept_candidates([f], read)
            groups.setdefault(next(iter(found), None), []).append(f)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]))))

    # ------------------------------------------------------------ fixing

    def _selected_rule(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, RULE_ROLE) is None:
            item = item.parent()
        return item.data(0, RULE_ROLE) if item is not None else None

    def _selected_value(self) -> tuple[str, object] | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, ACCEPT_ROLE) is None:
            item = item.parent()
        return item.data(0, ACCEPT_ROLE) if item is not None else None

    def _update_actions(self) -> None:
        rule = self._selected_rule()
        fixable = rule is not None and has_fix(rule)
        self.fix_button.setVisible(fixable)
        if fixable:
            count = sum(1 for f in self.findings if f.rule == rule)
            self.fix_button.setText(f"Fix all {count}…")
            self.fix_button.setToolTip(FIXES[rule])
        accept = self._selected_value()
        self.accept_button.setVisible(accept is not None)
        if accept is not None:
            self.accept_button.setToolTip(f"Add {accept[1]!r} to [accept] {accept[0]} in .pattern-editor.toml")

    def _fix(self) -> None:
        rule = self._selected_rule()
        if rule is not None:
            self.fixRequested.emit(rule, [f for f in self.findings if f.rule == rule])

    def _accept(self) -> None:
        accept = self._selected_value()
        if accept is not None:
            self.acceptRequested.emit(*accept)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, FINDING_ROLE)
        if finding is not None:
            self.openFinding.emit(finding)


def _read_file(file: str):
    from editor.model.schema import open_pattern

    doc = open_pattern(file)
    return doc.data if doc.error is None else None
