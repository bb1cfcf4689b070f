"""Preview tabs (issue 16, item 5), driven like a person: a single click on a pattern in the library
opens it in an italic preview tab that the next single click replaces; typing in it, double-clicking
it in the list or double-clicking its tab makes it permanent. A tab with edits is never replaced."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.app import create_window
from editor.ui.library.panel import SLUG_ROLE
from editor.ui.workspace.preview_tab import PREVIEW

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

LEFT = Qt.MouseButton.LeftButton


def _window(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = create_window(folder, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _point(window, slug: str):
    view = window.library_panel.view
    model = window.library_panel.model
    index = next(model.index(r) for r in range(model.rowCount()) if model.index(r).data(SLUG_ROLE) == slug)
    view.scrollTo(index)
    return view.visualRect(index).center()


def click(qtbot, window, slug: str) -> None:
    qtbot.mouseClick(window.library_panel.view.viewport(), LEFT, pos=_point(window, slug))


def double_click(qtbot, window, slug: str) -> None:
    viewport = window.library_panel.view.viewport()
    pos = _point(window, slug)
    qtbot.mouseClick(viewport, LEFT, pos=pos)  # a double-click begins with a click, as a mouse sends it
    qtbot.mouseDClick(viewport, LEFT, pos=pos)


def preview_slugs(window) -> list[str]:
    bar = window.tabs.tabBar()
    return [window.tabs.widget(i).doc.path.stem for i in range(bar.count()) if bar.tabData(i) == PREVIEW]


def slugs(window) -> list[str]:
    return [window.tabs.widget(i).doc.path.stem for i in range(window.tabs.count())]


def test_a_single_click_opens_a_preview_that_the_next_click_replaces(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    click(qtbot, window, "peer-support-circles")
    assert slugs(window) == ["peer-support-circles"]
    assert preview_slugs(window) == ["peer-support-circles"]
    bar = window.tabs.tabBar()
    assert bar.grab().toImage() is not None  # the italic title paints without error

    click(qtbot, window, "adaptive-facilitation")
    assert slugs(window) == ["adaptive-facilitation"]  # replaced, not added
    assert preview_slugs(window) == ["adaptive-facilitation"]
    assert window.current_tab().doc.path.stem == "adaptive-facilitation"


def test_typing_in_the_preview_keeps_it_and_the_next_click_opens_a_new_preview(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    click(qtbot, window, "peer-support-circles")
    tab = window.current_tab()
    title = window.findChild(QLineEdit, "field:title")
    qtbot.mouseClick(title, LEFT)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " Kept")
    assert tab.doc.dirty
    assert preview_slugs(window) == []  # the first edit made it permanent

    click(qtbot, window, "adaptive-facilitation")
    assert slugs(window) == ["peer-support-circles", "adaptive-facilitation"]
    assert preview_slugs(window) == ["adaptive-facilitation"]
    assert tab.doc.get("title").endswith(" Kept")  # nothing lost

    click(qtbot, window, "harm-repair-conversations")
    assert slugs(window) == ["peer-support-circles", "harm-repair-conversations"]


def test_double_click_in_the_list_and_on_the_tab_make_it_permanent(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    double_click(qtbot, window, "peer-support-circles")
    assert slugs(window) == ["peer-support-circles"]
    assert preview_slugs(window) == []

    click(qtbot, window, "adaptive-facilitation")
    assert preview_slugs(window) == ["adaptive-facilitation"]
    bar = window.tabs.tabBar()
    index = slugs(window).index("adaptive-facilitation")
    qtbot.mouseDClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert preview_slugs(window) == []

    click(qtbot, window, "harm-repair-conversations")
    assert slugs(window) == ["peer-support-circles", "adaptive-facilitation", "harm-repair-conversations"]
    assert preview_slugs(window) == ["harm-repair-conversations"]


def test_enter_in_the_list_and_other_opens_are_permanent(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    click(qtbot, window, "peer-support-circles")
    view = window.library_panel.view
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on the selected (previewed) pattern keeps it
    assert preview_slugs(window) == []

    click(qtbot, window, "adaptive-facilitation")
    assert preview_slugs(window) == ["adaptive-facilitation"]
    window.open_slug("adaptive-facilitation")  # as Ctrl+P and links do
    assert preview_slugs(window) == []
    window.open_file(window.library.path_for("harm-repair-conversations"))  # File -> Open
    assert preview_slugs(window) == []
    assert len(slugs(window)) == 3


def test_a_preview_with_edits_is_never_replaced(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    click(qtbot, window, "peer-support-circles")
    tab = window.current_tab()
    tab.controller.dirtyChanged.disconnect()  # even if it were still marked a preview
    window.tabs.tabBar().setTabData(0, PREVIEW)
    assert tab.controller.set_field("title", "Edited")
    click(qtbot, window, "adaptive-facilitation")
    assert slugs(window) == ["peer-support-circles", "adaptive-facilitation"]
    assert tab.doc.get("title") == "Edited"
