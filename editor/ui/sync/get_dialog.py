"""Get a Library: where the library comes from (a web address or a folder) and where to put it.

The dialog only asks; ``editor.ui.sync.getting`` copies. The destination follows the address
(``Pattern Libraries/<repository name>``) until the user writes one of their own; problems are
shown under the fields and the Get button waits until there are none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.base.profile import profile_dir
from editor.model.sync import auth as _auth
from editor.model.sync.clone import default_destination
from editor.ui.common.theme import colors

LIBRARIES = "Pattern Libraries"
FAST_START_TIP = (
    "Copies only the current version of every pattern: much quicker for a large library. "
    "A pattern's history, comparing with an earlier version and reviewing changes need the full copy, "
    "so leave this off if you review others' work."
)
_LOOKS_LIKE_PATH = re.compile(r"^(/|~|\.|\\\\|[A-Za-z]:[\\/])")


@dataclass(frozen=True)
class GetLibraryAnswer:
    source: str  # a web address (HTTPS or SSH) or a local folder
    dest: Path  # the new folder to copy it into
    depth: int = 0  # 1: only the latest version (a fast start); 0: everything


def default_parent() -> Path:
    """Where new libraries go unless the user chooses: Documents/Pattern Libraries."""
    return profile_dir("documents") / LIBRARIES


def address_problem(source: str) -> str:
    """Why ``source`` cannot be got from, in plain words; "" when it looks usable."""
    if not source:
        return "Paste or type the library's address to begin."
    if "://" in source:
        scheme = source.split("://", 1)[0].lower()
        if scheme not in ("https", "http", "ssh", "git", "file"):
            return f"“{scheme}://” is not an address the app can get from: use https:// or ssh://."
        if scheme != "file" and not _auth.host_of(source):
            return "The address has no server name after “://”."
        return ""
    if _auth.host_of(source):  # git@host:owner/library.git
        return ""
    if _LOOKS_LIKE_PATH.match(source):
        if not Path(source).expanduser().is_dir():
            return f"There is no folder at {source}."
        return ""
    return "Write a web address (https://… or git@host:owner/library.git), or choose a folder with Browse…."


def destination_problem(dest: str) -> str:
    if not dest:
        return "Choose where to put the library."
    path = Path(dest).expanduser()
    if not path.is_absolute():
        return "Write the whole path of the folder to put the library in, or use Choose…."
    if path.exists() and not path.is_dir():
        return f"{path} is a file: choose another name."
    if path.is_dir() and any(path.iterdir()):
        return f"{path} already exists and is not empty: choose another folder."
    return ""


class GetLibraryDialog(QDialog):
    """Address, destination and the fast-start choice; ``answer()`` once accepted."""

    def __init__(self, parent_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get a Library")
        self.setObjectName("sync:get-dialog")
        self.parent_folder = Path(parent_folder).expanduser() if parent_folder else default_parent()
        self._dest_is_own = False  # the user wrote or chose the destination: stop following the address
        # asked for a folder; tests replace these (a file dialog would block)
        self.choose_folder: Callable[[str, str], str | None] = self._file_dialog

        intro = QLabel(
            "Copy a shared pattern library to this computer and open it. Afterwards you can edit it, "
            "share your changes and get the latest from others, all from the File menu.",
            self,
        )
        intro.setWordWrap(True)

        self.source = QLineEdit(self, objectName="sync:source")
        self.source.setPlaceholderText("https://github.com/owner/library.git")
        self.source.setAccessibleName("Library address")
        self.source.setAccessibleDescription("A web address (HTTPS or SSH) or a folder on this computer")
        self.source.setClearButtonEnabled(True)
        self.browse = QPushButton("B&rowse…", self, objectName="sync:browse")
        self.browse.setToolTip("Get a library from a folder on this computer or a shared drive")
        self.browse.setAccessibleName("Browse for a library folder")
        source_hint = self._hint(
            "The web address (HTTPS or SSH) from the library's page, or a folder on this computer."
        )

        self.dest = QLineEdit(self, objectName="sync:dest")
        self.dest.setAccessibleName("Put the library in")
        self.dest.setAccessibleDescription("A new or empty folder on this computer")
        self.choose = QPushButton("C&hoose…", self, objectName="sync:choose")
        self.choose.setToolTip("Choose the folder to put the library in (it gets its own folder inside)")
        self.choose.setAccessibleName("Choose where to put the library")

        self.shallow = QCheckBox("&Fast start: only the latest version", self, objectName="sync:shallow")
        self.shallow.setToolTip(FAST_START_TIP)
        self.shallow.setAccessibleDescription(FAST_START_TIP)
        shallow_hint = self._hint("Quicker for a large library. Pattern history and review need the full copy.")

        self.problem = QLabel(self, objectName="sync:problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName("Problem")

        self.buttons = QDialogButtonBox(self)
        self.get_button = self.buttons.addButton("&Get", QDialogButtonBox.ButtonRole.AcceptRole)
        self.get_button.setObjectName("sync:get")
        self.get_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("sync:cancel")
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        source_label = QLabel("&Address:", self)
        source_label.setBuddy(self.source)
        form.addRow(source_label, self._field(self._row(self.source, self.browse), source_hint))
        dest_label = QLabel("&Put it in:", self)
        dest_label.setBuddy(self.dest)
        form.addRow(dest_label, self._row(self.dest, self.choose))
        form.addRow("", self._field(self.shallow, shallow_hint))

        lay = QVBoxLayout(self)
        lay.setSpacing(12)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addStretch(1)
        lay.addWidget(self.buttons)

        for first, second in (
            (self.source, self.browse),
            (self.browse, self.dest),
            (self.dest, self.choose),
            (self.choose, self.shallow),
            (self.shallow, self.get_button),
            (self.get_button, self.cancel_button),
        ):
            QWidget.setTabOrder(first, second)

        self.source.textChanged.connect(self._source_changed)
        self.dest.textEdited.connect(self._dest_edited)
        self.dest.textChanged.connect(self._validate)
        self.browse.clicked.connect(self._browse)
        self.choose.clicked.connect(self._choose)
        self.resize(620, self.sizeHint().height())
        self._follow()
        self.source.setFocus()

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("Hint")  # the theme's muted small print
        return label

    def _field(self, widget: QWidget, hint: QLabel) -> QWidget:
        """A field with its hint right under it, in the form's field column."""
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(widget)
        lay.addWidget(hint)
        return box

    def _row(self, edit: QLineEdit, button: QPushButton) -> QWidget:
        row = QWidget(self)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        lay.addWidget(button)
        return row

    # ------------------------------------------------------------ the destination follows the address

    def _source_changed(self, _text: str) -> None:
        if not self._dest_is_own:
            self._follow()
        self._validate()

    def _follow(self) -> None:
        self.dest.setText(str(default_destination(self.source.text().strip(), self.parent_folder)))

    def _dest_edited(self, text: str) -> None:
        self._dest_is_own = bool(text.strip())  # emptied: follow the address again
        if not self._dest_is_own:
            self._follow()

    def _file_dialog(self, title: str, start: str) -> str | None:
        return QFileDialog.getExistingDirectory(self, title, start) or None

    def _browse(self) -> None:
        start = self.source.text().strip()
        folder = self.choose_folder("The library's folder", start if Path(start).is_dir() else str(Path.home()))
        if folder:
            self.source.setText(folder)

    def _choose(self) -> None:
        """A folder to put the library in; it gets its own folder inside, named from the address."""
        start = self.parent_folder if self.parent_folder.is_dir() else Path.home()
        folder = self.choose_folder("Put the library in", str(start))
        if folder:
            self.parent_folder = Path(folder)
            self._dest_is_own = False
            self._follow()

    # ------------------------------------------------------------ validation

    def problems(self) -> tuple[str, str]:
        return address_problem(self.source.text().strip()), destination_problem(self.dest.text().strip())

    def _validate(self) -> None:
        address, dest = self.problems()
        text = address or dest
        self.problem.setText(text)
        quiet = not self.source.text().strip()  # nothing typed yet: a hint, not an error
        self.problem.setStyleSheet(f"color: {colors().muted if quiet else colors().error};")
        self.get_button.setEnabled(not text)

    def _accept_if_valid(self) -> None:
        self._validate()
        if self.get_button.isEnabled():
            self.accept()

    def answer(self) -> GetLibraryAnswer:
        return GetLibraryAnswer(
            source=self.source.text().strip(),
            dest=Path(self.dest.text().strip()).expanduser(),
            depth=1 if self.shallow.isChecked() else 0,
        )
