"""Shared pieces for widget tests: scripted dialogs and a library copied into tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.ui.common.dialogs import CANCEL, KEEP_MINE, Dialogs

from .conftest import SAMPLES


class ScriptedDialogs(Dialogs):
    """Answers questions from queues instead of showing modal dialogs; records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.unsaved: list[str] = []
        self.external: list[str] = []
        self.recover: list[bool] = []
        self.confirms: list[bool] = []
        self.asked: list[tuple[str, object]] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.texts: list[str | None] = []
        self.relationships: list[tuple[str, float, int] | None] = []

    # sharing: answers from queues; nothing queued means Cancel
    tokens: list
    trusts: list
    passphrases: list
    identities: list
    get_libraries: list
    shares: list

    def _next(self, name, default=None):
        queue = getattr(self, name, None)
        return queue.pop(0) if queue else default

    def ask_token(self, host, refused):
        self.asked.append(("token", (host, refused)))
        return self._next("tokens")

    def ask_passphrase(self, key):
        self.asked.append(("passphrase", key))
        return self._next("passphrases")

    def ask_trust_host(self, host):
        self.asked.append(("trust_host", host))
        return self._next("trusts", False)

    def ask_identity(self, name="", email=""):
        self.asked.append(("identity", (name, email)))
        return self._next("identities")

    def ask_get_library(self, parent_folder):
        self.asked.append(("get_library", parent_folder))
        return self._next("get_libraries")

    def ask_share(self, plan):
        self.asked.append(("share", plan))
        return self._next("shares")

    def ask_unsaved(self, names):
        self.asked.append(("unsaved", list(names)))
        return self.unsaved.pop(0) if self.unsaved else CANCEL

    def ask_external_change(self, name, dirty):
        self.asked.append(("external", name))
        return self.external.pop(0) if self.external else KEEP_MINE

    def ask_recover(self, names):
        self.asked.append(("recover", list(names)))
        return self.recover.pop(0) if self.recover else False

    def confirm(self, title, text, ok="OK"):
        self.asked.append(("confirm", title))
        return self.confirms.pop(0) if self.confirms else True

    def confirm_changes(self, title, summary, details, ok):
        self.asked.append(("changes", summary))
        self.details = details
        return self.confirms.pop(0) if self.confirms else True

    def error(self, title, text):
        self.errors.append((title, text))

    def info(self, title, text):
        self.infos.append((title, text))

    def open_folder(self, start=""):
        return None

    def open_files(self, start=""):
        return []

    def save_file(self, title, start=""):
        self.asked.append(("save_file", title))
        return self.texts.pop(0) if self.texts else None

    def save_file_as(self, title, start="", filters=""):
        self.asked.append(("save_file_as", title))
        return self.texts.pop(0) if self.texts else None

    def get_text(self, title, label, text=""):
        return self.texts.pop(0) if self.texts else None

    def choose_folder(self, title, start=""):
        self.asked.append(("choose_folder", title))
        return self.texts.pop(0) if self.texts else None

    def ask_new_pattern(self, folder, templates, taken=None, duplicate_of=None):
        """Answers from ``new_patterns`` (NewPatternAnswer or None to cancel); records the templates offered."""
        self.asked.append(("new_pattern", ([t.name for t in templates], duplicate_of)))
        queue = getattr(self, "new_patterns", None)
        if queue:
            return queue.pop(0)
        if self.texts:  # a plain title, as the older one-question New Pattern took it
            from editor.ui.workspace.new_pattern import NewPatternAnswer

            title = self.texts.pop(0)
            return NewPatternAnswer(title) if title else None
        return None

    def ask_bulk_edit(self, count, slugs, operation="set"):
        self.asked.append(("bulk", count))
        return self.bulk_ops.pop(0) if getattr(self, "bulk_ops", None) else None

    def ask_relationship(self, title, types, default_type, weight, text="", directions=None):
        """Answers from ``relationships``: (type, weight, direction) tuples, None to cancel; empty
        queue: the offered defaults."""
        self.asked.append(("relationship", (title, list(types), default_type, weight, list(directions or []))))
        if self.relationships:
            return self.relationships.pop(0)
        return (default_type, weight, 0)


def copy_library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    return folder
