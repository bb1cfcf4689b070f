"""Spelling in one-line boxes (context labels): the misspelt word is underlined under its letters,
painted over the line edit, and nothing is underlined once it is corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.app import create_window
from editor.ui.common import spellcheck

from .ui_helpers import ScriptedDialogs, copy_library

SEED = "restorative-practices-helpers.md"


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(spellcheck, "_service", None)
    spellcheck.spell_service().set_language("en_US", wait=True)
    win = create_window(copy_library(tmp_path) / SEED, wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def test_a_context_label_underlines_a_misspelt_word(qtbot, window) -> None:
    edit = window.current_tab().findChild(QLineEdit, "field:context_labels.tech")
    underliner = edit.findChild(spellcheck.LineUnderliner)
    assert underliner is not None
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Helpers who recieve care")
    spans = underliner.spans()
    assert len(spans) == 1
    x, width = spans[0]
    fm = edit.fontMetrics()
    assert width == fm.horizontalAdvance("recieve")
    assert x > fm.horizontalAdvance("Helpers who ") - 1
    edit.grab()  # paints through the underliner without a Qt warning
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    edit.selectAll()
    qtbot.keyClicks(edit, "Helpers who receive care")
    assert underliner.spans() == []
