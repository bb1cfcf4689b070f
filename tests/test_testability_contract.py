"""The testability contract (docs/testing.md): what tests and scripts may rely on from now on.

- ``editor.app.create_window(path, wait=True)`` returns the main window with the file open;
- the input widget of every field editor is named ``field:<dotted.path>``;
- every action keeps its objectName.
Renaming any of these breaks this test on purpose: change docs/testing.md in the same commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from editor.app import create_window
from editor.model.paths import format_path
from editor.ui.form.base import FieldEditor

from .conftest import ROOT, SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"

ACTIONS = (
    "open_folder",
    "open",
    "new_pattern",
    "save",
    "save_as",
    "save_all",
    "compare_with",
    "compare_saved",
    "history",
    "close",
    "quit",
    "find",
    "find_next",
    "find_previous",
    "go_to_pattern",
    "rename_slug",
    "preferences",
    "toggle_source",
    "next_problem",
    "previous_problem",
    "library_graph",
    "library_problems",
    "reload_library",
    "format_reference",
    "welcome",
    "about",
    "undo",
    "redo",
)


@pytest.fixture
def window(qtbot, tmp_path: Path):
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(SAMPLES / SEED, folder / SEED)
    shutil.copy(ROOT / "tests" / "fixtures" / "variants" / "unknown-keys.md", folder / "unknown-keys.md")
    win = create_window(folder / SEED, wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    return win


def test_create_window_opens_the_file(window, tmp_path: Path) -> None:
    tab = window.current_tab()
    assert tab is not None
    assert tab.doc.path.resolve() == (tmp_path / "lib" / SEED).resolve()
    assert window.library.folder.resolve() == (tmp_path / "lib").resolve()  # its folder is the library


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (QLineEdit, "field:title"),
        (QPlainTextEdit, "field:summary"),
        (QLineEdit, "field:context_labels.tech"),
        (QLineEdit, "field:ontology.domain"),
        (QDoubleSpinBox, "field:ontology.commons_assessment.resilience"),  # a score: its spin box
        (QDoubleSpinBox, "field:lifecycle.version"),
        (QComboBox, "field:lifecycle.status"),
        (QLineEdit, "field:relationships.enables"),  # a relation list: its pattern picker
        (QDateEdit, "field:graph_garden.last_pruned"),
        (QLineEdit, "field:aliases"),  # chips: the chip input
        (QTableWidget, "field:graph_garden.entities"),
    ],
)
def test_named_input_widgets(window, cls, name: str) -> None:
    assert isinstance(window.findChild(cls, name), cls)


def test_every_field_editor_names_its_input(window) -> None:
    editors = window.current_tab().form.findChildren(FieldEditor)
    assert len(editors) > 40
    names = [e.input_widget().objectName() for e in editors]
    assert names == [f"field:{format_path(e.path)}" for e in editors]
    assert len(set(names)) == len(names)
    for e in editors:
        assert e.isAncestorOf(e.input_widget())


def test_keys_no_layout_declares_have_one_named_tree(window, tmp_path: Path) -> None:
    window.open_file(tmp_path / "lib" / "unknown-keys.md")
    form = window.current_tab().form
    assert isinstance(form.findChild(QTreeWidget, "fields:other"), QTreeWidget)
    assert isinstance(form.findChild(QWidget, "field:title"), QLineEdit)


def test_actions_keep_their_object_names(window) -> None:
    found = {a.objectName() for a in window.findChildren(QAction) if a.objectName()}
    missing = [name for name in ACTIONS if name not in found]
    assert not missing
    assert window.findChild(QAction, "save") is window.actions["save"]
    assert window.findChild(QAction, "undo") is window.undo_action
