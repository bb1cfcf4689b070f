"""Share My Changes: what will be shared (each pattern with its one-line summary), the message that
goes with it, and where it goes: a new branch for review (the default) or, for maintainers, the
library's main line itself. ``answer()`` is a ``ShareAnswer`` for ``editor.model.sync.share``."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from editor.model.sync.repo import Identity, save_identity, saved_identity
from editor.model.sync.share import SharePlan
from editor.model.sync.summary import valid_branch
from editor.ui.common.richtext import esc
from editor.ui.common.theme import colors
from editor.ui.sync.changes_view import ChangesList


@dataclass(frozen=True)
class ShareAnswer:
    message: str
    branch: str


class ShareDialog(QDialog):
    def __init__(self, plan: SharePlan, parent: QWidget | None = None, identity: Identity | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.identity = identity or saved_identity()
        self._topic = plan.branch if plan.branch != plan.target else ""
        self.setWindowTitle("Share My Changes")
        self.setObjectName("sync:share-dialog")
        self.resize(620, 10)  # as tall as its contents
        layout = QVBoxLayout(self)
        lead = QLabel(_lead(plan), self)
        lead.setObjectName("sync:lead")
        lead.setWordWrap(True)
        layout.addWidget(lead)
        self.files = ChangesList(self)
        self.files.setObjectName("sync:files")
        self.files.setAccessibleName("Patterns to share")
        self.files.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.files.fill(plan.files)
        rows = min(4, len(plan.files))
        self.files.setFixedHeight(rows * self.files.sizeHintForRow(0) + 4 if rows else 0)
        self.files.setVisible(bool(rows))
        layout.addWidget(self.files)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = QPlainTextEdit(plan.message.rstrip("\n"), self)
        self.message.setObjectName("sync:message")
        self.message.setAccessibleName("Message")
        self.message.setTabChangesFocus(True)
        lines = self.message.fontMetrics().lineSpacing()
        self.message.setMinimumHeight(7 * lines + 12)  # a subject and a few lines, whole
        self.message.setMaximumHeight(14 * lines + 12)
        form.addRow("&Message:", self.message)
        self.review = QRadioButton("Send for &review (a new branch)", self)
        self.review.setObjectName("sync:review")
        self.direct = QRadioButton(f"&Publish directly to {plan.target} (for maintainers)", self)
        self.direct.setObjectName("sync:direct")
        group = QButtonGroup(self)
        group.addButton(self.review)
        group.addButton(self.direct)
        where = QVBoxLayout()
        where.setSpacing(2)
        where.addWidget(self.review)
        where.addWidget(self.direct)
        form.addRow("Send:", where)
        self.branch = QLineEdit(plan.branch, self)
        self.branch.setObjectName("sync:branch")
        self.branch.setAccessibleName("Branch name")
        form.addRow("&Branch name:", self.branch)
        self.hint = QLabel("", self)
        self.hint.setObjectName("sync:branch-hint")
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        layout.addLayout(form)
        layout.addStretch(1)
        self.author = QLabel("", self)
        self.author.setObjectName("sync:author")
        self.author.setTextFormat(Qt.TextFormat.RichText)
        self.author.linkActivated.connect(lambda _link: self.change_identity())
        layout.addWidget(self.author)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton("Send for Review", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("sync:ok")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._accept)
        (self.direct if plan.branch == plan.target else self.review).setChecked(True)
        self.review.toggled.connect(self._where_changed)
        self.branch.textChanged.connect(self._check)
        self.message.textChanged.connect(self._check)
        self._where_changed()
        self._show_author()
        self.message.setFocus()

    # ------------------------------------------------------------ state

    def _where_changed(self) -> None:
        direct = self.direct.isChecked()
        if direct:
            if self.branch.text().strip() != self.plan.target:
                self._topic = self.branch.text()
            self.branch.setText(self.plan.target)
        elif self.branch.text().strip() == self.plan.target:
            self.branch.setText(self._topic or self.plan.branch)
        self.branch.setReadOnly(direct)
        self.branch.setEnabled(not direct)
        self.ok.setText("Publish" if direct else "Send for Review")
        self._check()

    def problem(self) -> str:
        """Why the answer cannot be shared as it is ("" when it can)."""
        name = self.branch.text().strip()
        if not self.message.toPlainText().strip():
            return "Describe your change in the message."
        if not valid_branch(name):
            return "A branch name has no spaces and none of .. ~ ^ : ? * [ \\"
        if self.direct.isChecked():
            return ""
        if name == self.plan.target:
            return f"{name} is the library's main line: choose “Publish directly” to publish there."
        if name in self.plan.taken and name != self.plan.current:
            return f"A branch named {name} already exists: choose another name."
        return ""

    def _check(self) -> None:
        why = self.problem()
        c = colors()
        if why:
            self.hint.setStyleSheet(f"color: {c.error};")
            self.hint.setText(why)
        else:
            self.hint.setStyleSheet(f"color: {c.muted};")
            self.hint.setText(
                f"Everyone with access to the library sees your changes on {self.plan.target} right away."
                if self.direct.isChecked()
                else "Reviewers see your changes under this name before they join the library."
            )
        self.ok.setEnabled(not why)

    def _show_author(self) -> None:
        who = self.identity
        text = f"as {esc(who.name)} &lt;{esc(who.email)}&gt;" if who else "author not set yet"
        self.author.setText(f"{text} · <a href='change'>change</a>")

    def change_identity(self) -> None:
        from editor.ui.sync.prompts import ask_identity

        who = self.identity
        got = ask_identity(self, who.name if who else "", who.email if who else "")
        if got:
            self.identity = Identity(*got)
            save_identity(self.identity)
            self._show_author()

    def _accept(self) -> None:
        if not self.problem():
            self.accept()

    def answer(self) -> ShareAnswer:
        return ShareAnswer(self.message.toPlainText().strip() + "\n", self.branch.text().strip())


def _lead(plan: SharePlan) -> str:
    n, unshared = len(plan.files), plan.unshared
    waiting = f"{unshared} saved version{'s' if unshared != 1 else ''} not shared yet"
    if not n:
        return f"{waiting[:1].upper()}{waiting[1:]}: they go to the library with this message."
    text = f"{n} pattern{'s' if n != 1 else ''} changed since the last sync"
    return text + (f", and {waiting}:" if unshared else ":")
