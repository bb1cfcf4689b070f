"""The library graph, driven like a person: the overview, a click on a domain drills in, back,
search, a path between two patterns, the query filter (and its error), colour by, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from editor.model.library.domain_layout import cached_layout
from editor.ui.common.settings import Settings
from editor.ui.graph.library import LibraryGraphWindow
from editor.ui.graph.scenes import rim_positions
from editor.ui.window.mainwindow import MainWindow

from .ui_helpers import ScriptedDialogs, copy_library


@pytest.fixture
def graph(qtbot, tmp_path: Path) -> LibraryGraphWindow:
    from editor.model.document.recovery import RecoveryStore

    win = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(win)
    win.open_folder(copy_library(tmp_path), wait=True)
    win.library.wait_for_queries()
    g = win.show_library_graph()
    qtbot.addWidget(g)
    g.resize(1200, 760)
    g.wait()
    qtbot.waitExposed(g)
    return g


def _click_node(qtbot, graph: LibraryGraphWindow, key: str) -> None:
    item = graph.built.nodes[key]
    point = graph.view.mapFromScene(item.scenePos())
    qtbot.mouseClick(graph.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_overview_shows_domains_sized_by_count(graph: LibraryGraphWindow) -> None:
    assert graph.mode == "overview"
    bubbles = graph.built.nodes
    assert {k: b.count for k, b in bubbles.items()}["feedback-learning"] == 3
    assert bubbles["feedback-learning"].radius > bubbles["collective-intelligence"].radius
    assert len(graph.built.edges.bundles) == 10
    graph.view.viewport().grab()  # paint: every domain's name fits at this size
    assert set(graph.built.labels.shown) == set(bubbles)
    assert not graph.back.isEnabled()


def test_click_drills_in_and_back_returns(qtbot, graph: LibraryGraphWindow) -> None:
    with qtbot.waitSignal(graph.ready, timeout=10_000) as ready:
        _click_node(qtbot, graph, "organizational-health")
    assert ready.args == ["domain"]
    assert graph.mode == "domain" and graph.domain == "organizational-health"
    members = {"adversarial-growth", "peer-support-circles", "trauma-informed-supervision"}
    assert members <= set(graph.built.nodes)
    assert set(graph.data.rim) and not set(graph.data.rim) & members  # linked patterns elsewhere, at the rim
    assert cached_layout(graph.index, "organizational-health", size=graph.data.size) is not None
    qtbot.mouseClick(graph.back, Qt.MouseButton.LeftButton)
    assert graph.mode == "overview" and "organizational-health" in graph.built.nodes


def test_hovering_a_domain_lights_its_bundles(qtbot, graph: LibraryGraphWindow) -> None:
    bubble = graph.built.nodes["collective-intelligence"]
    qtbot.mouseMove(graph.view.viewport(), graph.view.mapFromScene(bubble.scenePos()))
    qtbot.waitUntil(lambda: graph.state.hover == "collective-intelligence")
    assert graph.state.lit() == set(graph.built.nodes)  # it links to every other domain
    assert "Linked most with" in graph.info.text()


def test_search_drills_into_the_match_and_dims_the_rest(qtbot, graph: LibraryGraphWindow) -> None:
    with qtbot.waitSignal(graph.ready, timeout=10_000):
        _type(qtbot, graph.search, "moral injury")
    assert graph.domain == "conflict-transformation"
    assert graph.state.centre == "moral-injury-recognition"
    near = set(graph.neighbours("moral-injury-recognition"))
    assert near and graph.state.focus == near | {"moral-injury-recognition"}
    assert graph.built.nodes["moral-injury-recognition"].isSelected()
    graph.view.viewport().grab()
    assert set(graph.built.labels.shown) <= graph.state.focus  # only the neighbourhood is named
    assert graph.built.labels.shown[0] == "moral-injury-recognition"
    centre = graph.view.mapFromScene(graph.built.nodes["moral-injury-recognition"].scenePos())
    assert graph.view.viewport().rect().contains(centre)
    assert "Open pattern" in graph.info.text()


def test_clicking_a_rim_pattern_goes_to_its_domain(qtbot, graph: LibraryGraphWindow) -> None:
    graph.drill("organizational-health")
    graph.wait()
    slug, group = sorted(graph.data.rim.items())[0]
    with qtbot.waitSignal(graph.ready, timeout=10_000):
        _click_node(qtbot, graph, slug)
    assert graph.domain == group and graph.state.centre == slug


def test_path_between_two_patterns(qtbot, graph: LibraryGraphWindow) -> None:
    _type(qtbot, graph.search, "moral injury")
    graph.wait()
    _type(qtbot, graph.path_to, "achievement celebration")
    assert graph.mode == "path"
    path = graph.state.path
    assert path[0] == "moral-injury-recognition" and path[-1] == "achievement-celebration"
    g = graph.built.edges
    assert len(g.edges) == len(path) - 1 and g.always
    assert "→" in graph.crumb.text()


def test_query_filter_hides_and_reports_errors(qtbot, graph: LibraryGraphWindow) -> None:
    _type(qtbot, graph.query, "status:draft")
    graph.wait()
    assert sum(b.count for b in graph.built.nodes.values()) == 5
    assert "5 of 12" in graph.count.text()
    graph.drill("feedback-learning")
    graph.wait()
    hidden = {s for s, d in graph.built.nodes.items() if not d.isVisible()}
    assert "achievement-celebration" in hidden  # stable: filtered out
    assert graph.built.nodes["reflective-debrief-rituals"].isVisible()  # draft: kept
    _type(qtbot, graph.query, "status:draft overall<")
    assert graph.query_error.isVisibleTo(graph) and "column" in graph.query_error.text()
    assert "achievement-celebration" in graph.state.hidden  # the last good filter stays


def test_colour_by_a_number_is_a_gradient(qtbot, graph: LibraryGraphWindow) -> None:
    graph.drill("conflict-transformation")
    graph.wait()
    graph.colour_by.setCurrentIndex(graph.colour_by.findData("overall"))
    colours = graph.state.colour
    assert colours["harm-repair-conversations"] != colours["moral-injury-recognition"]  # 4.1 vs 3.7
    assert "4.2" in graph.legend.text() and "3.6" in graph.legend.text()  # the ends of the range shown
    graph.colour_by.setCurrentIndex(graph.colour_by.findData("status"))
    assert "draft" in graph.legend.text()


def test_export_png_and_svg(qtbot, graph: LibraryGraphWindow, tmp_path: Path) -> None:
    dialogs = graph.parent().dialogs
    dialogs.texts += [str(tmp_path / "view.png"), str(tmp_path / "view.svg")]
    button = graph.findChild(type(graph.back).__mro__[1], "graph:export")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "view.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "view.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "feedback-learning" in svg
    assert [a for a in dialogs.asked if a[0] == "save_file_as"]


def test_rim_arcs_face_their_domains() -> None:
    from collections import Counter

    from editor.ui.graph.jobs import DomainData

    data = DomainData("domain", "a", ["x"], {"x": (0.0, 0.0)}, 400.0, [], {"e": "east", "w": "west"})
    data.degree = Counter({"e": 1, "w": 1})
    pos, arcs = rim_positions(data, {"a": (0.0, 0.0), "east": (100.0, 0.0), "west": (-100.0, 0.0)})
    assert pos["e"].x() > 0 > pos["w"].x()
    assert arcs["east"][1] == 1


def test_a_drill_in_keeps_input_flowing(qtbot, graph: LibraryGraphWindow) -> None:
    """The layout runs on the worker: drill() returns at once, "Laying out…" shows meanwhile."""
    graph.drill("mindfulness-presence")
    assert graph.view.notice.isVisible() or graph.data is not None
    qtbot.mouseClick(graph.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # input is taken
    graph.wait()
    assert not graph.view.notice.isVisible() and graph.data.domain == "mindfulness-presence"
