"""The Links panel (issue 13, item 2): the open pattern's links, and the library's suggestions.

"This pattern" lists who links here (inbound, both layouts), who names this pattern in a body
without a link (unlinked mentions, once the library's mention index is warm: "Looking for
mentions…" until then) and the consistency suggestions that concern it (a missing reverse link,
a ``requires`` cycle, an orphan). "Library" lists every suggestion and applies all the missing
reverse links as one previewed bulk edit (one undo step).

Everything is gathered on a worker (``data``: the suggestions cost 0.7 s at 10,000 patterns and
are computed once per library state); the panel follows the current tab at once and library
changes after a pause. Edits go through ``apply``: the open pattern's file through its tab's
controller, any other file through ``workspace.bulk_edit``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from editor.model.check.validation import Finding
from editor.model.library.suggestions import ADD, Suggestion
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.worker import Job, Worker
from editor.ui.links import apply
from editor.ui.links.data import (
    MISSING_REVERSE,
    LibrarySuggestions,
    MentionRow,
    PatternLinks,
    default_type,
    library_suggestions,
    pattern_links,
    reverse_link_plan,
    types_for,
)
from editor.ui.links.views import LinksTree, fill_library, fill_pattern

FOLLOW_MS = 60  # the current tab changed: answer at once, after the tab has settled
LIBRARY_MS = 400  # the library changed: wait for a burst of changes to end
PATTERN, LIBRARY = 0, 1


def _pattern_job(index, slug, generation, cached, mentions, _job: Job | None = None):
    return "pattern", pattern_links(index, slug, generation, cached, mentions)


def _library_job(index, generation, cached, _job: Job | None = None):
    return "library", library_suggestions(index, generation, cached)


def _plan_job(index, found, _job: Job | None = None):
    return "plan", reverse_link_plan(index, found)


class LinksPanel(QTabWidget):
    openPattern = Signal(str)  # slug
    openLine = Signal(object)  # a Finding: the file and line to show

    def __init__(self, library: Any, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("links-panel")
        self.setDocumentMode(True)
        self.library = library
        self.workspace = workspace
        self.generation = 0
        self._cache: tuple[int, list[Suggestion]] | None = None
        self.data: PatternLinks | None = None
        self.library_data: LibrarySuggestions | None = None
        self._slug: str | None = None
        self._queued: set[str] = set()  # jobs asked for while one runs: run once it ends
        self._stale = True  # hidden when asked: gather when shown
        self._worker = Worker("links", daemon=True)  # reads only: not waited for at exit
        self._worker.finished.connect(self._arrived)
        self._worker.failed.connect(self._job_failed)
        self._build_pattern_page()
        self._build_library_page()
        self.currentChanged.connect(lambda _i: self.schedule(0))
        self._timer = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._timer.timeout.connect(self.refresh)
        library.rebuilt.connect(self._library_changed)
        library.changed.connect(lambda _c: self._library_changed())
        library.mentionsReady.connect(lambda: self.schedule(0))
        workspace.currentChanged.connect(self._tab_changed)
        self._watched: Any = None  # the controller whose edits re-draw the list (settled suggestions)
        self._tab_changed(workspace.current_tab())

    # ------------------------------------------------------------ construction

    def _build_pattern_page(self) -> None:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(6, 6, 6, 0)
        lay.setSpacing(4)
        self.heading = QLabel("", page)
        self.heading.setObjectName("links:heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tree = LinksTree("links:pattern", page)
        self.tree.activated.connect(self._open)
        self.tree.acted.connect(self._act)
        lay.addWidget(self.heading)
        lay.addWidget(self.tree, 1)
        self.addTab(page, "This pattern")

    def _build_library_page(self) -> None:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(6, 6, 6, 0)
        lay.setSpacing(4)
        bar = QHBoxLayout()
        self.library_status = QLabel("", page)
        self.library_status.setObjectName("links:library-status")
        self.library_status.setWordWrap(True)
        self.apply_all = QPushButton("Apply all missing reverse links", page)
        self.apply_all.setObjectName("links:apply-all")
        self.apply_all.setEnabled(False)
        self.apply_all.clicked.connect(self.apply_all_reverse)
        bar.addWidget(self.apply_all)
        bar.addStretch(1)
        self.library_tree = LinksTree("links:library", page)
        self.library_tree.activated.connect(self._open)
        lay.addWidget(self.library_status)
        lay.addLayout(bar)
        lay.addWidget(self.library_tree, 1)
        self.addTab(page, "Library")

    # ------------------------------------------------------------ following the window

    def _tab_changed(self, tab: Any) -> None:
        if self._watched is not None:
            try:
                self._watched.changed.disconnect(self._render)
            except (RuntimeError, TypeError):
                pass  # deleted with its tab
        self._watched = tab.controller if tab is not None else None
        if self._watched is not None:
            self._watched.changed.connect(self._render)
        self.schedule(FOLLOW_MS)

    def _library_changed(self) -> None:
        self.generation += 1
        self.schedule(LIBRARY_MS)

    def schedule(self, ms: int = FOLLOW_MS) -> None:
        self._timer.start(ms)

    def current_slug(self) -> str | None:
        tab = self.workspace.current_tab()
        index = self.library.index
        if tab is None or index is None:
            return None
        entry = index.by_path(tab.doc.path) if tab.doc.path is not None else None
        if entry is not None:
            return entry.slug
        data = tab.doc.data
        slug = data.get("slug") if isinstance(data, dict) else None
        return slug if isinstance(slug, str) and index.has_slug(slug) else None

    def _cached(self) -> list[Suggestion] | None:
        return self._cache[1] if self._cache is not None and self._cache[0] == self.generation else None

    def refresh(self) -> None:
        """Ask the worker for what the visible page shows (nothing while the panel is hidden)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self.currentIndex() == LIBRARY:
            self._start("library")
        else:
            self._start("pattern")

    def _start(self, kind: str) -> None:
        index = self.library.index
        if index is None:
            self._show_nothing("The library is still being read…")
            return
        if self._worker.busy:
            self._queued.add(kind)
            return
        if kind == "pattern":
            slug = self._slug = self.current_slug()
            if slug is None:
                self._show_nothing("Open a pattern of the library to see its links.")
                return
            self.library.warm_mentions()  # the first time the panel shows a pattern
            work = partial(_pattern_job, index, slug, self.generation, self._cached(), self.library.mentions_warm)
        elif kind == "library":
            self.library_status.setText("Gathering the library's suggestions…")
            work = partial(_library_job, index, self.generation, self._cached())
        else:
            return
        self._worker.start(work)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.schedule(0)

    # ------------------------------------------------------------ results

    def _arrived(self, result: tuple[str, Any]) -> None:
        kind, value = result
        if kind == "pattern":
            if value is not None:
                self._keep(value.generation, value.library)
            self.data = value
            self._render()
        elif kind == "library":
            self._keep(value.generation, value.suggestions)
            self.library_data = value
            self._render_library()
        elif kind == "plan":
            self._apply_plan(value)
        self._run_queued()

    def _job_failed(self, exc: Exception) -> None:
        # the index changed under the job (a save meanwhile): ask again after the pause
        self.workspace.say(f"Links: {exc}", 5000)
        self._run_queued()
        self.schedule(LIBRARY_MS)

    def _run_queued(self) -> None:
        queued, self._queued = self._queued, set()
        for kind in sorted(queued):
            self._start(kind)

    def _keep(self, generation: int, found: list[Suggestion]) -> None:
        if generation == self.generation:
            self._cache = (generation, found)

    def _title(self, slug: str | None) -> str:
        entry = self.library.entry(slug) if slug else None
        return entry.display_title if entry is not None else (slug or "?")

    def _show_nothing(self, text: str) -> None:
        self.data = None
        self.heading.setText(text)
        self.tree.clear()

    def _render(self, _change: object = None) -> None:
        data = self.data
        if data is None or data.slug != self.current_slug():
            if self.current_slug() is None:
                self._show_nothing("Open a pattern of the library to see its links.")
            return
        tab = self.workspace.current_tab()
        held = apply.held_links(tab.doc.data if tab is not None else None, self.library.index)
        targets = {slug for slug, _type in held}
        mentions = None if data.mentions is None else [m for m in data.mentions if m.slug not in targets]
        found = [s for s in data.suggestions if not (s.action == ADD and apply.settled(s, tab, held))]
        fill_pattern(self.tree, data.slug, data.inbound, mentions, found, self._title)
        parts = [f"{len(data.inbound)} inbound"]
        parts.append("looking for mentions…" if mentions is None else _count(len(mentions), "unlinked mention"))
        parts.append(_count(len(found), "suggestion"))
        self.heading.setText(f"<b>{_esc(data.title)}</b><br><small>{' · '.join(parts)}</small>")

    def _render_library(self) -> None:
        data = self.library_data
        if data is None:
            return
        fill_library(self.library_tree, data.suggestions, lambda s: data.titles.get(s or "", s or "?"))
        reverse = [s for s in data.suggestions if s.kind == MISSING_REVERSE and s.action == ADD]
        files = len({s.path for s in reverse})
        self.apply_all.setEnabled(bool(reverse))
        label = f"Apply all {len(reverse)} missing reverse links" if reverse else "No reverse link missing"
        self.apply_all.setText(label)
        self.library_status.setText(
            f"{len(data.suggestions)} suggestions; {len(reverse)} missing reverse links in {files} files"
        )

    # ------------------------------------------------------------ acting

    def _open(self, kind: str, payload: Any) -> None:
        if kind in ("inbound", "suggestion"):
            self.openPattern.emit(payload.slug)
        elif kind == "slug":
            self.openPattern.emit(payload)
        elif kind == "mention":
            self.openLine.emit(Finding(payload.path, payload.line, 1, "body", "info", "mention", payload.name))

    def _act(self, kind: str, payload: Any) -> None:
        if kind == "mention":
            self.add_for_mention(payload)
        elif kind == "suggestion":
            self.apply_suggestion(payload)

    def _dialogs(self):
        return self.workspace.dialogs

    def add_for_mention(self, mention: MentionRow) -> bool:
        """Ask type, weight and direction, then add the relationship in the file it goes to."""
        data, tab = self.data, self.workspace.current_tab()
        if data is None or tab is None or not apply.same_file(tab.doc.path, data.path):
            return False
        here = data.title
        directions = [
            f"{mention.title} → {here}  (added to {mention.slug}'s file, which names it)",
            f"{here} → {mention.title}  (added to this pattern)",
        ]
        answer = self._dialogs().ask_relationship(
            "Add relationship",
            types_for(mention.layout),
            default_type(mention.layout),
            0.8,
            f"“{mention.title}” names “{mention.name}” on line {mention.line} without a relationship.",
            directions,
        )
        if answer is None:
            return False
        rel_type, weight, direction = answer
        if direction == 1:
            other = self.library.entry(mention.slug)
            error = apply.add_to_tab(tab, rel_type, mention.slug, weight, other.id if other is not None else None)
            if error:
                self._dialogs().error("Add relationship", error)
                return False
            self._render()
            return True
        title = f"Add {rel_type} → {data.slug} to {mention.slug}"
        return apply.add_to_file(self.workspace, mention.path, rel_type, data.slug, weight, title)

    def apply_suggestion(self, suggestion: Suggestion) -> bool:
        error = apply.apply_suggestion(self.workspace, self.library.index, suggestion)
        if error:
            self._dialogs().error("Apply suggestion", error)
        elif error is None:
            self._render()
        return error is None

    def show_library(self) -> None:
        """Suggest Links…: the panel's dock shown and raised, its library page gathered afresh."""
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()
        self.setCurrentIndex(LIBRARY)
        self.schedule(0)

    def apply_all_reverse(self) -> None:
        """Plan every missing reverse link on the worker, then preview and write it as one undo step."""
        data, index = self.library_data, self.library.index
        if data is None or index is None:
            return
        if self._worker.busy:
            self._queued.add("library")
            return
        self.apply_all.setEnabled(False)
        self.library_status.setText("Planning the reverse links…")
        self._worker.start(partial(_plan_job, index, data.suggestions))

    def _apply_plan(self, plan) -> None:
        if self.workspace.apply_plan(plan):
            self.workspace.library_undo.setActive(True)
        self.apply_all.setEnabled(True)
        self.schedule(0)

    def wait(self) -> None:
        """Tests and screenshots: deliver every pending answer now."""
        while self._timer.isActive() or self._worker.busy or self._queued:
            if self._timer.isActive():
                self._timer.stop()
                self.refresh()
            self._worker.wait()

    def shutdown(self) -> None:
        self._worker.shutdown()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
