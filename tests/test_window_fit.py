"""A window that fits every screen (issue 16, item 5): at 1024×700 and 1280×800 the form needs
no horizontal scroll bar on real files; the side panels yield and the labels go above the fields."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.app import create_window
from editor.ui.document.tab import FORM
from editor.ui.window.fit import target_widths

from .conftest import CORPUS, ROOT, SAMPLES
from .ui_helpers import ScriptedDialogs

SIZES = ((1024, 700), (1280, 800))
CORPUS_SAMPLE = ("access-token-pattern.md", "360-degree-feedback.md", "active-imagination-technique.md")


def _files() -> list[Path]:
    files = [SAMPLES / "restorative-practices-helpers.md", ROOT / "tests/fixtures/legacy/harbour-keeping.md"]
    if CORPUS.is_dir():
        files += [CORPUS / name for name in CORPUS_SAMPLE if (CORPUS / name).is_file()]
    return files


def _open(qtbot, tmp_path: Path, source: Path):
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    window = create_window(folder / source.name, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize("source", _files(), ids=lambda p: p.stem)
def test_form_needs_no_horizontal_scroll_bar(qtbot, tmp_path, source):
    window = _open(qtbot, tmp_path, source)
    window.show()
    for width, height in SIZES:
        window.resize(width, height)
        tab = window.current_tab()
        tab.views.setCurrentIndex(FORM)
        qtbot.wait(1)
        form = tab.form
        qtbot.waitUntil(lambda f=form: f.viewport().width() > 0)
        bar = form.horizontalScrollBar()
        assert bar.maximum() == 0, (source.name, width, form.viewport().width(), form.widget().minimumSizeHint())
        assert not bar.isVisible()
        assert form.viewport().width() >= 0.4 * width  # the side panels yielded


def test_narrow_form_puts_labels_above_fields(qtbot, tmp_path):
    window = _open(qtbot, tmp_path, SAMPLES / "restorative-practices-helpers.md")
    window.show()
    window.resize(1024, 700)
    form = window.current_tab().form
    qtbot.waitUntil(lambda: form._stacked)
    row = next(r for r in form.rows if not r.wide)
    qtbot.waitUntil(lambda: row.label.geometry().bottom() <= row.editor.geometry().top())
    window.resize(1900, 1000)
    qtbot.waitUntil(lambda: not form._stacked)
    qtbot.waitUntil(lambda: row.label.width() == 140 and row.label.geometry().right() < row.editor.geometry().left())


def test_dock_shares():
    assert target_widths(1024) == (194, 276)
    assert target_widths(1920) == (364, 518)  # wider than the defaults (270, 400): left alone
    assert min(target_widths(600)) == 180
