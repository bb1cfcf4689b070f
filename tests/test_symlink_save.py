"""Saving keeps what the file is: a symbolic link stays a link (its target gets the new text, the
temporary file beside the target), and mode, owner and group are kept by `set`, by the window's
save action and by a slug rename."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit

from editor.cli import main

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to nobody:nogroup")


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A library folder whose seed pattern is a relative link to a file in another folder."""
    real = tmp_path / "real"
    real.mkdir()
    target = real / SEED
    target.write_bytes((SAMPLES / SEED).read_bytes())
    library = tmp_path / "library"
    library.mkdir()
    link = library / SEED
    link.symlink_to(Path("..") / "real" / SEED)
    return link, target


def _nobody(path: Path) -> tuple[int, int]:
    import grp
    import pwd

    ids = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
    os.chown(path, *ids)
    return ids


def _temp_folders(monkeypatch) -> list[Path]:
    """Record where storage makes its temporary files."""
    seen: list[Path] = []
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        seen.append(Path(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr("editor.model.document.storage.tempfile.mkstemp", mkstemp)
    return seen


def test_set_writes_through_a_link_to_its_target(linked, monkeypatch) -> None:
    link, target = linked
    temps = _temp_folders(monkeypatch)
    assert main(["set", str(link), "title=Through the link"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "real" / SEED)
    assert 'title: "Through the link"' in target.read_text(encoding="utf-8")
    assert temps == [target.parent]  # same file system as the target: the replace is atomic
    assert sorted(p.name for p in link.parent.iterdir()) == [SEED]
    assert sorted(p.name for p in target.parent.iterdir()) == [SEED]


def test_set_keeps_mode(linked) -> None:
    _, target = linked
    os.chmod(target, 0o750)
    assert main(["set", str(target), "title=Mode kept"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o750


@needs_root
def test_set_as_root_keeps_owner_and_group(linked) -> None:
    link, target = linked
    ids = _nobody(target)
    os.chmod(target, 0o640)
    assert main(["set", str(link), "title=Owner kept"]) == 0
    st = target.stat()
    assert (st.st_uid, st.st_gid) == ids and stat.S_IMODE(st.st_mode) == 0o640
    assert link.is_symlink()


@needs_root
def test_window_save_action_keeps_link_owner_and_mode(qtbot, linked) -> None:
    from editor.app import create_window

    link, target = linked
    ids = _nobody(target)
    os.chmod(target, 0o604)
    window = create_window(link, wait=True)
    qtbot.addWidget(window)
    window.dialogs = ScriptedDialogs()  # an error must not open a modal dialog
    window.show()
    title = window.findChild(QLineEdit, "field:title")
    assert title is not None and title.text() == "Restorative Practices for Helpers"
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " Saved")
    window.findChild(QAction, "save").trigger()
    assert window.dialogs.errors == []
    assert link.is_symlink()
    assert "Restorative Practices for Helpers Saved" in target.read_text(encoding="utf-8")
    st = target.stat()
    assert (st.st_uid, st.st_gid) == ids and stat.S_IMODE(st.st_mode) == 0o604
    assert not window.current_tab().doc.dirty


def _library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for f in SAMPLES.glob("*.md"):
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


def test_rename_keeps_the_executable_bit(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    os.chmod(folder / SEED, 0o755)
    assert main(["rename", str(folder), "restorative-practices-helpers", "restorative-helpers", "--no-cache"]) == 0
    assert stat.S_IMODE((folder / "restorative-helpers.md").stat().st_mode) == 0o755


@needs_root
def test_rename_keeps_owner_and_group(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    ids = _nobody(folder / SEED)
    assert main(["rename", str(folder), "restorative-practices-helpers", "restorative-helpers", "--no-cache"]) == 0
    st = (folder / "restorative-helpers.md").stat()
    assert (st.st_uid, st.st_gid) == ids


def test_rename_of_a_linked_pattern_keeps_a_link_to_the_same_target(tmp_path: Path) -> None:
    from editor.model.library.index import LibraryIndex
    from editor.model.library.rename import apply, plan_rename, revert

    folder = _library(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    target = real / SEED
    (folder / SEED).rename(target)
    (folder / SEED).symlink_to(Path("..") / "real" / SEED)
    before = target.read_bytes()
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    plan = plan_rename(index, "restorative-practices-helpers", "restorative-helpers")
    apply(plan)
    new = folder / "restorative-helpers.md"
    assert new.is_symlink() and new.resolve() == target.resolve()
    assert not (folder / SEED).exists() and not (folder / SEED).is_symlink()
    assert "slug: restorative-helpers\n" in target.read_text(encoding="utf-8")
    revert(plan)
    assert (folder / SEED).is_symlink() and not new.is_symlink() and not new.exists()
    assert target.read_bytes() == before
