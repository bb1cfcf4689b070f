"""The Table view (issue 12 item 2), driven like a person: header clicks, the query line, clicks on
rows, keys into a cell, a double-click; the bundled library copied to tmp_path, and the corpus
when it is there."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton, QWidget

from editor.model.library.index import LibraryIndex
from editor.model.query.columns import BY_ID, COLUMNS, DEFAULT_VISIBLE, sort_keys, sort_rows
from editor.model.schema import PILLARS, V7
from editor.ui.window.create import create_window

from .ui_helpers import ScriptedDialogs, copy_library

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open_table(qtbot, folder: Path):
    window = create_window(folder, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.findChild(QAction, "view-table").trigger()
    page = window.findChild(QWidget, "table")
    assert page is window.table_page
    page.wait_checked()
    QApplication.processEvents()
    return window, page


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path)


@pytest.fixture
def table(qtbot, library: Path):
    return _open_table(qtbot, library)


def _column(page, column_id: str) -> int:
    number = page.model.column_number(column_id)
    assert number is not None
    return number


def _cell_center(page, row: int, column: int) -> QPoint:
    index = page.model.index(row, column)
    page.view.scrollTo(index)
    return page.view.visualRect(index).center()


def _click_cell(qtbot, page, row: int, column: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, modifier, _cell_center(page, row, column))


def _click_header(qtbot, page, column: int) -> None:
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _type_query(qtbot, page, text: str) -> None:
    query = page.findChild(QLineEdit, "table-query")
    query.selectAll()
    qtbot.keyClick(query, Qt.Key.Key_Backspace)
    qtbot.keyClicks(query, text)
    qtbot.keyClick(query, Qt.Key.Key_Return)


def _column_texts(page, column_id: str) -> list[str]:
    n = _column(page, column_id)
    return [page.model.data(page.model.index(r, n)) for r in range(page.model.rowCount())]


# ------------------------------------------------------------ columns


def test_columns_come_from_the_schema(table):
    _window, page = table
    model = page.model
    for pillar in PILLARS:
        declared = V7.field(("ontology", "commons_assessment", pillar))
        n = _column(page, pillar)
        assert model.column_at(n).label == declared.label
        assert model.headerData(n, Qt.Orientation.Horizontal).replace("\n", " ") == declared.label
    assert BY_ID["status"].values == V7.field(("lifecycle", "status")).values
    assert BY_ID["status"].kind == "enum" and BY_ID["overall"].kind == "score"
    assert {"inbound", "problems", "file", "links", "links.enables", "usage_stage", "vitality"} <= set(BY_ID)
    assert page.visible_column_ids() == list(DEFAULT_VISIBLE)
    assert page.findChild(QLabel, "table-count").text() == "12 of 12 patterns"
    assert model.rowCount() == 12 == len(page.library.index)


def test_values_inbound_and_problems(table):
    _window, page = table
    index = page.library.index
    model = page.model
    for row in range(model.rowCount()):
        entry = model.entry(row)
        assert model.value(row, _column(page, "inbound")) == len(index.inbound(entry.slug, inferred=False))
        assert model.value(row, _column(page, "links")) == len(entry.relationships)
        assert model.value(row, _column(page, "file")) == Path(entry.path).name
        assert isinstance(model.value(row, _column(page, "problems")), int)  # the check ran: no "…"
    assert model.data(model.index(0, _column(page, "overall")), Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )


# ------------------------------------------------------------ sort, hide, reorder


def test_clicking_a_header_sorts_and_a_second_click_reverses(qtbot, table):
    _window, page = table
    overall = _column(page, "overall")
    _click_header(qtbot, page, overall)
    values = [page.model.value(r, overall) for r in range(page.model.rowCount())]
    present = [v for v in values if v is not None]
    assert present == sorted(present) and values[: len(present)] == present  # None last
    assert page.view.horizontalHeader().sortIndicatorSection() == overall
    _click_header(qtbot, page, overall)
    values = [page.model.value(r, overall) for r in range(page.model.rowCount())]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and values[: len(present)] == present
    assert page.view_state()["sort"] == "overall" and page.view_state()["descending"] is True


def test_sort_keeps_the_selection_on_its_rows(qtbot, table):
    _window, page = table
    _click_cell(qtbot, page, 1, 0)
    chosen = page.selected_paths()
    _click_header(qtbot, page, _column(page, "title"))
    _click_header(qtbot, page, _column(page, "title"))
    assert page.selected_paths() == chosen


def test_the_header_menu_hides_and_shows_a_column(qtbot, table):
    _window, page = table
    header = page.view.horizontalHeader()
    domain = _column(page, "domain")
    pos = QPoint(header.sectionViewportPosition(domain) + 5, header.height() // 2)
    header.customContextMenuRequested.emit(pos)  # what a right-click on the header sends
    menu = page.view._menu
    qtbot.waitUntil(menu.isVisible)
    action = menu.findChild(QAction, "table-column:domain")
    assert action.isChecked()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert header.isSectionHidden(domain)
    assert "domain" not in page.visible_column_ids()
    page.findChild(QToolButton, "table-columns").click()  # the Columns button offers the same menu
    menu = page._menu
    qtbot.waitUntil(menu.isVisible)
    action = menu.findChild(QAction, "table-column:usage_stage")
    assert not action.isChecked()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert "usage_stage" in page.visible_column_ids()
    assert _column_texts(page, "usage_stage")[0]  # read from the file's full data


def test_dragging_a_header_moves_the_column(qtbot, table):
    _window, page = table
    header = page.view.horizontalHeader()
    file_col = _column(page, "file")
    header.resizeSection(_column(page, "title"), 120)
    for n in range(header.count()):  # bring the file column into view beside the title
        if n not in (_column(page, "title"), file_col):
            header.setSectionHidden(n, True)
    QApplication.processEvents()
    y = header.height() // 2
    start = QPoint(header.sectionViewportPosition(file_col) + 10, y)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for x in range(start.x(), 2, -10):
        qtbot.mouseMove(header.viewport(), QPoint(x, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, y))
    assert page.visible_column_ids() == ["file", "title"]


# ------------------------------------------------------------ query


def test_the_query_filters_and_counts(qtbot, table):
    _window, page = table
    _type_query(qtbot, page, "status:draft overall>=3.9")
    statuses = _column_texts(page, "status")
    assert statuses and set(statuses) == {"draft"}
    assert all(float(t) >= 3.9 for t in _column_texts(page, "overall"))
    assert page.count.text() == f"{len(statuses)} of 12 patterns"
    assert page.error.isHidden()


def test_typing_a_query_filters_after_a_pause(qtbot, table):
    _window, page = table
    query = page.findChild(QLineEdit, "table-query")
    qtbot.keyClicks(query, "status:stable")
    qtbot.waitUntil(lambda: page.model.rowCount() < 12)
    assert set(_column_texts(page, "status")) == {"stable"}


def test_a_bad_query_names_the_column_and_keeps_the_rows(qtbot, table):
    _window, page = table
    _type_query(qtbot, page, "status:draft overall>")
    assert page.error.isVisible()
    assert "column 22" in page.error.text()
    assert page.model.rowCount() == 12  # the last good filter stays
    _type_query(qtbot, page, "status:draft")
    assert page.error.isHidden()


# ------------------------------------------------------------ selection, export, open


def test_multi_selection_with_ctrl_and_shift(qtbot, table):
    _window, page = table
    title = _column(page, "title")
    _click_cell(qtbot, page, 0, title)
    _click_cell(qtbot, page, 2, title, CTRL)
    _click_cell(qtbot, page, 5, title, SHIFT)
    assert page.selected_rows() == [0, 2, 3, 4, 5]
    with qtbot.waitSignal(page.bulkRequested) as asked:
        qtbot.mouseClick(page.findChild(QToolButton, "table-bulk"), Qt.MouseButton.LeftButton)
    assert asked.args[0] == [Path(page.model.entry(r).path) for r in (0, 2, 3, 4, 5)]
    with qtbot.waitSignal(page.saveViewRequested):
        qtbot.mouseClick(page.findChild(QToolButton, "table-save-view"), Qt.MouseButton.LeftButton)


def test_csv_export_of_the_visible_rows_and_columns(qtbot, table, tmp_path):
    window, page = table
    _type_query(qtbot, page, "status:draft")
    _click_header(qtbot, page, _column(page, "overall"))
    page.view.set_column_visible(_column(page, "domain"), False)
    window.dialogs.texts = [str(tmp_path / "out")]
    qtbot.mouseClick(page.findChild(QToolButton, "table-export"), Qt.MouseButton.LeftButton)
    rows = list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    labels = [page.model.column_at(n).label for n in page.view.visible_columns()]
    assert rows[0] == labels and "Domain" not in labels
    assert len(rows) - 1 == page.model.rowCount() < 12
    files = [r[labels.index("File")] for r in rows[1:]]
    assert files == [Path(page.model.entry(r).path).name for r in range(page.model.rowCount())]
    assert {r[labels.index("Status")] for r in rows[1:]} == {"draft"}


def test_double_click_opens_the_pattern(qtbot, table):
    window, page = table
    entry = page.model.entry(3)
    where = _cell_center(page, 3, 0)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click's first press
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    tab = window.current_tab()
    assert tab is not None and tab.doc.path.resolve() == Path(entry.path).resolve()


def test_saved_view_state_round_trip(qtbot, table):
    _window, page = table
    state = {"query": "status:draft", "columns": ["file", "overall", "title"], "sort": "overall", "descending": True}
    page.apply_view(state)
    assert page.view_state() == state
    values = [page.model.value(r, _column(page, "overall")) for r in range(page.model.rowCount())]
    assert values == sorted(values, key=lambda v: (v is None, -(v or 0)))


def test_a_file_changed_on_disk_repaints_its_row(qtbot, table):
    _window, page = table
    entry = page.model.entry(0)
    path = Path(entry.path)
    text = path.read_text(encoding="utf-8")
    old = f"  status: {entry.status}\n"
    assert old in text
    path.write_text(text.replace(old, "  status: deprecated\n", 1), encoding="utf-8")
    page.library.refresh()
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, _column(page, "status"))) == "deprecated")
    assert page.model.rowCount() == 12


# ------------------------------------------------------------ editing in place


@dataclass(frozen=True)
class _SetField:
    path: str
    text: str


def test_typing_in_a_cell_asks_the_workspace_for_one_set_field(qtbot, library, monkeypatch):
    """The page's side of an in-place edit, with a stand-in for the bulk-edit model."""
    monkeypatch.setattr("editor.ui.table.page.SetField", _SetField)
    asked = []

    def bulk_edit(files, ops, title, preview=True):
        asked.append((files, ops, title, preview))
        return True

    from editor.ui.workspace.workspace import Workspace

    monkeypatch.setattr(Workspace, "bulk_edit", lambda self, *a, **k: bulk_edit(*a, **k), raising=False)
    _window, page = _open_table(qtbot, library)
    status, overall = _column(page, "status"), _column(page, "overall")
    _click_cell(qtbot, page, 1, status)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    combo_edit = page.view.indexWidget(page.model.index(1, status)).lineEdit()
    combo_edit.selectAll()
    qtbot.keyClicks(combo_edit, "stable")
    qtbot.keyClick(combo_edit, Qt.Key.Key_Return)
    entry = page.model.entry(1)
    assert asked[-1] == ([Path(entry.path)], [_SetField("status", "stable")], asked[-1][2], False)
    _click_cell(qtbot, page, 2, overall)
    qtbot.keyClicks(page.view, "4")  # typing starts the edit, as in a spreadsheet
    spin = page.view.indexWidget(page.model.index(2, overall))
    assert spin.text() == "4"
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(asked) == 2)  # the delegate commits a spin box on the next turn
    assert asked[-1][1] == [_SetField("overall", "4.0")]
    count = len(asked)
    _click_cell(qtbot, page, 2, _column(page, "file"))
    qtbot.keyClick(page.view, Qt.Key.Key_F2)  # a derived column is read-only
    assert len(asked) == count and page.view.indexWidget(page.model.index(2, _column(page, "file"))) is None


def test_an_edit_in_a_cell_changes_one_line_and_undo_restores_the_bytes(qtbot, table):
    window, page = table
    status = _column(page, "status")
    row = next(r for r in range(page.model.rowCount()) if page.model.entry(r).status == "draft")
    path = Path(page.model.entry(row).path)
    before = path.read_bytes()
    _click_cell(qtbot, page, row, status)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    combo_edit = page.view.indexWidget(page.model.index(row, status)).lineEdit()
    combo_edit.selectAll()
    qtbot.keyClicks(combo_edit, "revised")
    qtbot.keyClick(combo_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: path.read_bytes() != before)
    old_lines, new_lines = before.decode().splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert changed == [("  status: draft", "  status: revised")]
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, status)) == "revised")
    page.view.setFocus()
    window.findChild(QAction, "undo").trigger()  # Ctrl+Z with the table current
    qtbot.waitUntil(lambda: path.read_bytes() == before)


# ------------------------------------------------------------ model-side sorting and the corpus


def test_sort_rows_puts_missing_values_last_both_ways():
    keys = [3.0, None, 1.0, 2.0, None, 1.0]
    assert sort_rows(keys) == [2, 5, 3, 0, 1, 4]
    assert sort_rows(keys, descending=True) == [0, 3, 2, 5, 1, 4]


def test_corpus_table(qtbot, corpus, tmp_path):
    index = LibraryIndex(corpus, tmp_path / "cache")
    index.build()
    legacy = sum(1 for e in index.entries if e.layout == "legacy")
    window, page = _open_table(qtbot, corpus)
    assert page.count.text() == f"{len(index):,} of {len(index):,} patterns"
    _type_query(qtbot, page, "layout:legacy")
    assert page.model.rowCount() == legacy
    _type_query(qtbot, page, "")
    for column in COLUMNS:  # every column sorts the whole corpus without error, missing values last
        n = _column(page, column.id)
        page.view.sort_by(n, Qt.SortOrder.AscendingOrder)
        keys = sort_keys(column, page.model.entries(), page.model.index_, page.model.subject)
        present = [k for k in keys if k is not None]
        assert keys[: len(present)] == sorted(present)
    window.close()


def test_screenshot_of_the_table(qapp, library, tmp_path, monkeypatch):
    from editor.cli import main
    from editor.ui.window import screenshot

    seen = []
    real_save = screenshot._save
    monkeypatch.setattr(screenshot, "_save", lambda widget, name: seen.append(widget) or real_save(widget, name))
    out = tmp_path / "table.png"
    assert main(["screenshot", str(library), "--widget", "table", "--size", "1000x600", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert seen[0].objectName() == "table"


def test_a_saved_file_has_its_problems_counted_again_alone(qtbot, table):
    """After a change only the changed files are re-checked (a whole-library check on every save
    would keep a core busy at 10,000 files); their counts follow."""
    window, page = table
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.entry(r).slug == "restorative-practices-helpers")
    before = model.value(row, _column(page, "problems"))
    path = Path(model.entry(row).path)
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("resilience:"))
    path.write_text(text.replace(line, line.split(":")[0] + ": 9", 1), encoding="utf-8")  # out of range
    checked = []
    real = page.check_problems
    page.check_problems = lambda: (checked.append("library"), real())[1]
    window.library.refresh()
    qtbot.waitUntil(lambda: model.value(row, _column(page, "problems")) > before, timeout=10000)
    assert checked == []  # one file re-checked, not the library
    assert all(isinstance(model.value(r, _column(page, "problems")), int) for r in range(model.rowCount()))
