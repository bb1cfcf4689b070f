"""Every question the app asks the user, behind one service that tests replace.

Widgets call ``window.dialogs.ask_unsaved(...)`` etc.; a test injects a ``Dialogs`` subclass
whose answers are scripted, so no modal ``exec()`` ever blocks a test run.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RELOAD, KEEP_MINE, COMPARE = "reload", "keep", "compare"


class Dialogs:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_unsaved(self, names: list[str]) -> str:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        if len(names) == 1:
            box.setText(f"Save the changes to “{names[0]}” before closing?")
        else:
            box.setText(f"{len(names)} patterns have unsaved changes. Save them before closing?")
            box.setDetailedText("\n".join(names))
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: SAVE, QMessageBox.StandardButton.Discard: DISCARD}.get(
            QMessageBox.StandardButton(answer), CANCEL
        )

    def ask_external_change(self, name: str, dirty: bool) -> str:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("File changed on disk")
        box.setText(f"“{name}” was changed by another program.")
        box.setInformativeText(
            "You have unsaved changes. Reload loses them; Keep mine saves over the other version only when you save."
            if dirty
            else "Reload it to see the new version?"
        )
        reload_btn = box.addButton(
            "Reload", QMessageBox.ButtonRole.DestructiveRole if dirty else QMessageBox.ButtonRole.AcceptRole
        )
        keep_btn = box.addButton("Keep mine", QMessageBox.ButtonRole.ActionRole)
        compare_btn = box.addButton("Compare…", QMessageBox.ButtonRole.ActionRole)
        cancel_btn = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(cancel_btn)  # Esc or closing the box decides nothing
        box.setDefaultButton(compare_btn)
        box.exec()
        return {id(reload_btn): RELOAD, id(keep_btn): KEEP_MINE, id(compare_btn): COMPARE}.get(
            id(box.clickedButton()), CANCEL
        )

    def ask_recover(self, names: list[str]) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Recover unsaved work",
            "Pattern Editor closed without saving changes to:\n\n"
            + "\n".join(names)
            + "\n\nRestore them? (They open as unsaved edits; nothing is written until you save.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm(self, title: str, text: str, ok: str = "OK") -> bool:
        box = QMessageBox(self.parent)
        box.setWindowTitle(title)
        box.setText(text)
        ok_btn = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok_btn

    def confirm_changes(self, title: str, summary: str, details: str, ok: str) -> bool:
        """Show what an operation will change in other files (e.g. a slug rename) before doing it."""
        from PySide6.QtGui import QFontDatabase
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.resize(820, 560)
        label = QLabel(summary, dialog)
        label.setWordWrap(True)
        text = QPlainTextEdit(details, dialog)
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        lay = QVBoxLayout(dialog)
        lay.addWidget(label)
        lay.addWidget(text, 1)
        lay.addWidget(buttons)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def open_folder(self, start: str = "") -> str | None:
        folder = QFileDialog.getExistingDirectory(self.parent, "Open pattern library", start)
        return folder or None

    def open_files(self, start: str = "") -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self.parent, "Open pattern", start, "Patterns (*.md);;All files (*)")
        return files

    def open_file(self, title: str, start: str = "") -> str | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, title, start, "Patterns (*.md);;All files (*)")
        return name or None

    def save_file(self, title: str, start: str = "") -> str | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, start, "Patterns (*.md)")
        return name or None

    def save_file_as(self, title: str, start: str = "", filters: str = "All files (*)") -> str | None:
        """A file name to write (any kind: ``filters`` as QFileDialog takes them), or None."""
        name, _ = QFileDialog.getSaveFileName(self.parent, title, start, filters)
        return name or None

    def choose_folder(self, title: str, start: str = "") -> str | None:
        folder = QFileDialog.getExistingDirectory(self.parent, title, start)
        return folder or None

    def ask_new_pattern(self, folder, templates, taken=None, duplicate_of: str | None = None):
        """New Pattern (or, with ``duplicate_of``, Duplicate): a ``NewPatternAnswer``, or None when cancelled."""
        from editor.ui.workspace.new_pattern import NewPatternDialog

        dialog = NewPatternDialog(folder, templates, taken, duplicate_of, self.parent)
        return dialog.answer() if dialog.exec() == NewPatternDialog.DialogCode.Accepted else None

    def get_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label, text=text)
        return value if ok else None

    def ask_bulk_edit(self, count: int, slugs: list[str], operation: str = "set") -> list | None:
        """What to change in ``count`` patterns (bulk-edit operations), or None when cancelled."""
        from editor.ui.library.bulk_dialog import BulkEditDialog

        dialog = BulkEditDialog(count, slugs, operation, self.parent)
        return dialog.operations() if dialog.exec() == BulkEditDialog.DialogCode.Accepted else None

    def ask_relationship(
        self,
        title: str,
        types: list[str],
        default_type: str,
        weight: float,
        text: str = "",
        directions: list[str] | None = None,
    ) -> tuple[str, float, int] | None:
        """A relationship to add: (type, weight, index of the chosen direction), or None when cancelled."""
        from editor.ui.links.dialog import RelationshipDialog

        dialog = RelationshipDialog(title, types, default_type, weight, text, directions or [], self.parent)
        return dialog.answer() if dialog.exec() == RelationshipDialog.DialogCode.Accepted else None

    # ------------------------------------------------------------ sharing (editor/ui/sync)

    def ask_token(self, host: str, refused: bool) -> tuple[str, bool] | None:
        """An access token for ``host`` and whether to keep it in the keychain, or None."""
        from editor.ui.sync.prompts import ask_token

        return ask_token(self.parent, host, refused)

    def ask_passphrase(self, key: str) -> str | None:
        """The passphrase of the SSH key file ``key`` (kept in memory for this session), or None."""
        value, ok = QInputDialog.getText(
            self.parent,
            "SSH key passphrase",
            f"The SSH key {key} is locked. Its passphrase:",
            QLineEdit.EchoMode.Password,
        )
        return value if ok and value else None

    def ask_trust_host(self, host: str) -> bool:
        from editor.ui.sync.prompts import ask_trust_host

        return ask_trust_host(self.parent, host)

    def ask_identity(self, name: str = "", email: str = "") -> tuple[str, str] | None:
        """The name and e-mail that sign shared changes (asked once), or None."""
        from editor.ui.sync.prompts import ask_identity

        return ask_identity(self.parent, name, email)

    def ask_get_library(self, parent_folder: str):
        """Where to get a library from and where to put it: a ``GetLibraryAnswer``, or None."""
        from editor.ui.sync.get_dialog import GetLibraryDialog

        dialog = GetLibraryDialog(parent_folder, self.parent)
        return dialog.answer() if dialog.exec() == GetLibraryDialog.DialogCode.Accepted else None

    def ask_share(self, plan):
        """The message and branch for sharing ``plan`` (a ``SharePlan``): a ``ShareAnswer``, or None."""
        from editor.ui.sync.share_dialog import ShareDialog

        dialog = ShareDialog(plan, self.parent)
        return dialog.answer() if dialog.exec() == ShareDialog.DialogCode.Accepted else None
