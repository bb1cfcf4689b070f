"""The whole library as a graph that reads at thousands of patterns.

It opens on an overview: a bubble per domain (or community) as large as its pattern count, the
links between two domains bundled into one faint line as wide as their count; hovering a domain
lights its bundles and names its neighbours with the link counts. A click drills in: the domain's
patterns laid out by igraph (``model/library/domain_layout``) off the GUI thread, cached per library
state, with the linked patterns of other domains faint at the rim. Search highlights a pattern and
its neighbours; "Path" shows the shortest chain of links between two patterns; the query box
filters with the table's language; "Colour by" takes any field; the view exports to PNG or SVG.
Scenes are built in ``scenes.py`` from ``items.py``; background work is in ``jobs.py``.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model.library import graph as graph_model
from editor.model.library.overview import group_of
from editor.model.query import QueryError
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import colors, icon
from editor.ui.common.worker import Worker
from editor.ui.graph import colouring, info, scenes
from editor.ui.graph.export import FILTERS, export_view
from editor.ui.graph.items import GraphState
from editor.ui.graph.jobs import DomainData, OverviewData, domain_job, layout_process, overview_job, shortest_path
from editor.ui.graph.view import LibraryGraphView

OVERVIEW, DOMAIN, PATH = "overview", "domain", "path"


class LibraryGraphWindow(QMainWindow):
    openPattern = Signal(str)
    ready = Signal(str)  # a scene was built: "overview", "domain" or "path"

    def __init__(self, library, parent: QWidget | None = None, dialogs=None) -> None:
        super().__init__(parent)
        self.library = library
        self._dialogs = dialogs
        self.setWindowTitle("Library graph — Pattern Editor")
        self.setWindowIcon(icon("graph"))
        self.state = GraphState()
        self.state.listeners.append(self._state_changed)
        self.view = LibraryGraphView(self)
        self.view.nodeClicked.connect(self._clicked)
        self.view.nodeActivated.connect(self._activated)
        self.mode = OVERVIEW
        self.domain: str | None = None
        self.overview: OverviewData | None = None
        self.data: DomainData | None = None
        self.built = scenes.Built()
        self.keep: frozenset[str] | None = None  # the query filter's matches (None: no filter)
        self._pending_focus: str | None = None
        self._ticket = 0
        self._worker = Worker("library-graph")
        self._worker.finished.connect(self._job_done)
        self._worker.failed.connect(lambda exc: self._notice(f"Could not lay out the graph: {exc}", error=True))
        self._build_panel()
        right = QWidget(self)
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._build_bar(right))
        lay.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 1000])
        self.setCentralWidget(splitter)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.resize(1280, 800)
        layout_process().warm()
        self.rebuild()

    # ------------------------------------------------------------ widgets

    def _build_panel(self) -> None:
        self.panel = QWidget(self)
        self.search = QLineEdit(self.panel, objectName="graph:search", placeholderText="Find a pattern…")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find)
        self.path_to = QLineEdit(self.panel, objectName="graph:path", placeholderText="Path to… (another pattern)")
        self.path_to.returnPressed.connect(self.show_path)
        path_button = QPushButton("Path", self.panel, objectName="graph:path-go")
        path_button.setToolTip("The shortest chain of links from the found (or selected) pattern to this one")
        path_button.clicked.connect(self.show_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_to, 1)
        path_row.addWidget(path_button)
        self.query = QLineEdit(self.panel, objectName="graph:filter", placeholderText="Filter: status:draft overall<3")
        self.query.textChanged.connect(lambda _t: self._filter_timer.start())
        self.query.returnPressed.connect(self.apply_filter)
        self.query_error = QLabel(self.panel, objectName="graph:filter-error")
        self.query_error.setWordWrap(True)
        self.query_error.setStyleSheet(f"color: {colors().error};")
        self.query_error.hide()
        self.group_by = QComboBox(self.panel, objectName="graph:group")
        self.group_by.addItem("Domain", "domain")
        self.group_by.addItem("Community", "community")
        self.group_by.currentIndexChanged.connect(lambda _i: self.show_overview(rebuild=True))
        self.colour_by = QComboBox(self.panel, objectName="graph:colour")
        for label, key in colouring.fields():
            self.colour_by.addItem(label, key)
        self.colour_by.currentIndexChanged.connect(lambda _i: self.recolour())
        self.legend = QLabel(self.panel, objectName="graph:legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        export = QPushButton("Export view…", self.panel, objectName="graph:export")
        export.clicked.connect(self.export)
        self.count = QLabel(self.panel, objectName="Hint")
        self.info = QLabel(self.panel, objectName="graph:info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.info.linkActivated.connect(self._link)
        form = QFormLayout()
        form.addRow(self.search)
        form.addRow(path_row)
        form.addRow(self.query)
        form.addRow(self.query_error)
        form.addRow("Group by", self.group_by)
        form.addRow("Colour by", self.colour_by)
        lay = QVBoxLayout(self.panel)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.addLayout(form)
        lay.addWidget(self.legend)
        lay.addWidget(export)
        lay.addWidget(self.count)
        lay.addWidget(self.info, 1)

    def _build_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent, objectName="graph:bar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        self.back = QToolButton(bar, objectName="graph:back", text="‹ Overview")
        self.back.setToolTip("Back to the overview of every domain")
        self.back.clicked.connect(lambda: self.show_overview())
        self.crumb = QLabel(bar, objectName="graph:crumb")
        self.crumb.setTextFormat(Qt.TextFormat.RichText)
        self.crumb.linkActivated.connect(lambda _link: self.show_overview())
        self.hint = QLabel(bar, objectName="Hint")
        row.addWidget(self.back)
        row.addWidget(self.crumb, 1)
        row.addWidget(self.hint)
        return bar

    # ------------------------------------------------------------ background work

    @property
    def index(self):
        return getattr(self.library, "index", None)

    @property
    def by(self) -> str:
        return self.group_by.currentData() or "domain"

    def _start(self, kind: str, work) -> None:
        self._ticket += 1
        ticket = self._ticket
        self._worker.start(lambda job: (ticket, kind, work(job)))

    def _job_done(self, result) -> None:
        ticket, kind, data = result
        if ticket != self._ticket:
            return  # a newer request superseded it
        if kind == OVERVIEW:
            self.overview = data
            if self.mode == OVERVIEW:
                self._show_overview_scene()
        elif kind == DOMAIN and self.mode == DOMAIN and data.domain == self.domain:
            self._show_domain_scene(data)

    def wait(self) -> None:
        """Tests and screenshots: block until the background layout is done, and show it."""
        self._worker.wait()

    def rebuild(self) -> None:
        """The library changed: compute the overview again (and the open drill-in)."""
        if self.index is None:
            return
        if self.mode == DOMAIN and self.domain is not None:
            self._start(OVERVIEW, partial(overview_job, self.index, self.by, self.keep))
            self.drill(self.domain, self._pending_focus or self.state.centre)
        else:
            self.show_overview(rebuild=True)

    # ------------------------------------------------------------ overview

    def show_overview(self, rebuild: bool = False) -> None:
        self.mode, self.domain, self.data = OVERVIEW, None, None
        self._clear_focus()
        if self.index is None:
            return
        if rebuild or self.overview is None or self.overview.overview.by != self.by:
            self._notice("Laying out…")
            self._start(OVERVIEW, partial(overview_job, self.index, self.by, self.keep))
        else:
            self._show_overview_scene()

    def _show_overview_scene(self) -> None:
        assert self.overview is not None
        self.view.hide_notice()
        self.built = scenes.build_overview(self.view.scene(), self.state, self.overview)
        self.recolour()
        self.view.content_rect = self.built.rect
        self.view.fit()
        view = self.overview.overview
        total = sum(n for _, n in view.nodes)
        self.crumb.setText(f"<b>Library</b> · {len(view.nodes)} {self._groups_word()}, {total} patterns")
        self.back.setEnabled(False)
        self.hint.setText("Click a bubble to open it · hover to see its links")
        self.info.setText(self._overview_info())
        self.ready.emit(OVERVIEW)

    def _groups_word(self) -> str:
        return "domains" if self.by == "domain" else "communities"

    def _overview_info(self, name: str | None = None) -> str:
        assert self.overview is not None
        return info.overview_html(self.overview.overview, name, self._groups_word())

    # ------------------------------------------------------------ drill-in

    def drill(self, domain: str, focus: str | None = None) -> None:
        """Open ``domain``: its layout from the cache, or computed in the background meanwhile."""
        if self.index is None:
            return
        self.mode, self.domain, self.data = DOMAIN, domain, None
        self._pending_focus = focus
        self._clear_focus()
        self.back.setEnabled(True)
        self.crumb.setText(f"<a href='overview'>Library</a> › <b>{_esc(domain)}</b>")
        self._notice(f"Laying out {domain}…")
        self._start(DOMAIN, partial(domain_job, self.index, self.by, domain, layout_process()))

    def _show_domain_scene(self, data: DomainData) -> None:
        self.view.hide_notice()
        self.data = data
        overview_pos = self.overview.pos if self.overview is not None else {}
        self.built = scenes.build_domain(self.view.scene(), self.state, data, self._title, overview_pos)
        self._apply_hidden()
        self.recolour()
        self.view.content_rect = self.built.rect
        self.view.fit()
        self.crumb.setText(
            f"<a href='overview'>Library</a> › <b>{_esc(data.domain)}</b> · {len(data.members)} patterns, "
            f"{len(data.edges)} links inside, {len(data.rim)} linked patterns elsewhere (at the rim)"
        )
        self.hint.setText("Hover a pattern for its links · double-click to open it")
        self.info.setText(f"<p><b>{_esc(data.domain)}</b></p><p>Select a pattern to see its neighbours.</p>")
        focus, self._pending_focus = self._pending_focus, None
        if focus and focus in self.built.nodes:
            self.focus(focus)
        self.ready.emit(DOMAIN)

    def _title(self, slug: str) -> str:
        return (self.library.title(slug) if hasattr(self.library, "title") else None) or slug

    # ------------------------------------------------------------ clicks

    def _clicked(self, key: str) -> None:
        if self.mode == OVERVIEW:
            self.drill(key)
        elif self.mode == DOMAIN and self.data is not None:
            if key in self.data.rim:
                self.drill(self.data.rim[key], focus=key)  # a rim pattern: go to its domain
            else:
                self.focus(key, move=False)
        elif self.mode == PATH:
            self.show_pattern(key)

    def _activated(self, key: str) -> None:
        if self.mode != OVERVIEW and self.index is not None and self.index.get(key) is not None:
            self.openPattern.emit(key)

    def _link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "open":
            self.openPattern.emit(value)
        elif kind == "show":
            self.show_pattern(value)

    def _state_changed(self) -> None:
        for item in (self.built.edges, self.built.labels):
            if item is not None:
                item.update()
        for node in self.built.nodes.values():
            node.update()
        if self.mode == OVERVIEW and self.overview is not None:
            self.info.setText(self._overview_info(self.state.hover or self.state.selected))

    # ------------------------------------------------------------ search, focus, path

    def _match(self, text: str) -> str | None:
        text = text.strip()
        if not text or self.index is None:
            return None
        if self.index.get(text) is not None:
            return text
        hits = self.library.search(text, 1)
        return hits[0][0] if hits else None

    def find(self) -> None:
        """Search: the best match and its neighbours highlighted (in its domain, drilled into)."""
        slug = self._match(self.search.text())
        if slug is None:
            self._clear_focus()
            self.hint.setText("No pattern matches" if self.search.text().strip() else "")
            return
        self.show_pattern(slug)

    def show_pattern(self, slug: str) -> None:
        entry = self.index.get(slug) if self.index is not None else None
        if entry is None:
            return
        group = group_of(entry, self.by)
        if self.mode == DOMAIN and self.domain == group and self.data is not None:
            self.focus(slug)
        else:
            self.drill(group, focus=slug)

    def neighbours(self, slug: str) -> list[str]:
        g = graph_model.library_graph(self.index)
        if slug not in g:
            return []
        near = {n for n in (*g.successors(slug), *g.predecessors(slug)) if g.nodes[n].get("exists", True)}
        near.discard(slug)
        return sorted(near)

    def focus(self, slug: str, move: bool = True) -> None:
        """Highlight ``slug`` and its neighbours, dim the rest, centre on them."""
        near = self.neighbours(slug)
        self.state.focus = {slug, *near}
        self.state.centre = slug
        self.view.scene().clearSelection()
        dot = self.built.nodes.get(slug)
        if dot is not None:
            dot.setSelected(True)
        if move and dot is not None:
            rim = self.data.rim if self.data is not None else {}
            shown = [self.built.nodes[n].pos() for n in self.state.focus if n in self.built.nodes and n not in rim]
            rect = scenes._extent(shown, 60.0)
            rect = rect.adjusted(*(d * max(0.0, 360 - rect.width()) / 2 for d in (-1, 0, 1, 0)))
            self.view.show_rect(rect, max_scale=4.0)
            self.view.centerOn(dot)
        self.state.changed()
        self.info.setText(info.pattern_html(slug, near, self._title, self._group))

    def _group(self, slug: str) -> str:
        entry = self.index.get(slug) if self.index is not None else None
        return group_of(entry, self.by) if entry is not None else "?"

    def _clear_focus(self) -> None:
        self.state.focus, self.state.centre, self.state.path = set(), None, []
        self.state.hover = self.state.selected = None
        self.view.scene().clearSelection()

    def show_path(self) -> None:
        """The shortest chain of links between the found (or selected) pattern and "Path to…"."""
        start = self.state.centre or self.state.selected or self._match(self.search.text())
        end = self._match(self.path_to.text())
        if start is None or end is None or self.index is None:
            self.hint.setText("Find a pattern first, then name the other end in “Path to…”")
            return
        found = shortest_path(self.index, start, end)
        if found is None:
            self.hint.setText(f"No chain of links joins {start} and {end}")
            return
        path, kinds = found
        self.mode, self.domain, self.data = PATH, None, None
        self._clear_focus()
        self.state.path = list(path)
        self.built = scenes.build_path(self.view.scene(), self.state, path, kinds, self._title, self._group)
        self.recolour()
        self.view.content_rect = self.built.rect
        self.view.fit()
        self.back.setEnabled(True)
        self.crumb.setText(
            f"<a href='overview'>Library</a> › path <b>{_esc(self._title(start))}</b> → "
            f"<b>{_esc(self._title(end))}</b> · {len(path) - 1} links"
        )
        self.info.setText(
            "<p><b>Path</b>" + "".join(f"<br><a href='show:{s}'>{_esc(self._title(s))}</a>" for s in path) + "</p>"
        )
        self.ready.emit(PATH)

    # ------------------------------------------------------------ filter and colour

    def apply_filter(self) -> None:
        """The query box: only the matching patterns (an error names its column, nothing changes)."""
        text = self.query.text().strip()
        try:
            keep = frozenset(e.slug for e in self.library.select(text)) if text else None
        except QueryError as exc:
            self.query_error.setText(f"Query: {exc}")
            self.query_error.show()
            return
        self.query_error.hide()
        self.keep = keep
        total = len(self.index) if self.index is not None else 0
        self.count.setText(f"{len(keep)} of {total} patterns match" if keep is not None else "")
        if self.mode == OVERVIEW:
            self.show_overview(rebuild=True)
        else:
            self._apply_hidden()

    def _apply_hidden(self) -> None:
        keep = self.keep
        self.state.hidden = {k for k in self.built.nodes if keep is not None and k not in keep}
        for key, node in self.built.nodes.items():
            node.setVisible(key not in self.state.hidden)
        if hasattr(self.built.edges, "refilter"):
            self.built.edges.refilter()
        self.state.changed()

    def recolour(self) -> None:
        key = self.colour_by.currentData() or "domain"
        if self.index is None or not self.built.nodes:
            return
        if self.mode == OVERVIEW and self.overview is not None:
            members = self.overview.overview.members
            paint = colouring.colouring(self.index, [s for m in members.values() for s in m], key)
            self.state.colour = paint.group_colours(members)
        else:
            paint = colouring.colouring(self.index, list(self.built.nodes), key)
            self.state.colour = paint.colours()
        rows = "".join(
            f"<tr><td><span style='color:{c}'>●</span></td><td>{_esc(t)}</td></tr>" for t, c in paint.legend()
        )
        self.legend.setText(f"<table cellspacing='2'>{rows}</table>")
        self.state.changed()

    # ------------------------------------------------------------ export, notices

    def dialogs(self):
        if self._dialogs is not None:
            return self._dialogs() if callable(self._dialogs) else self._dialogs
        owner = self.parent()
        found = getattr(owner, "dialogs", None)
        if found is None:
            from editor.ui.common.dialogs import Dialogs

            found = Dialogs(self)
        return found

    def export(self) -> str | None:
        name = self.dialogs().save_file_as("Export the graph view", "library-graph.png", FILTERS)
        if not name:
            return None
        try:
            out = export_view(self.view, name)
        except OSError as exc:
            self.dialogs().error("Export failed", str(exc))
            return None
        self.hint.setText(f"Exported {out.name}")
        return str(out)

    def _notice(self, text: str, error: bool = False) -> None:
        c = colors()
        self.view.notice.setStyleSheet(
            f"QLabel {{ padding: 8px 14px; border-radius: 6px; font-weight: 600; "
            f"background: {c.panel}; color: {c.error if error else c.text}; border: 1px solid {c.border}; }}"
        )
        self.view.show_notice(text)

    def closeEvent(self, event) -> None:
        self._worker.cancel()
        super().closeEvent(event)
