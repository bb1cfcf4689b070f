"""The Links panel's two lists: one pattern's links, and the library's suggestions.

Each is a tree of sections (Inbound, Unlinked mentions, Suggestions; or one section per kind of
suggestion), a row per item with its action button in the last column. The views only show and
ask: a double-click or a button emits a signal carrying the row's data; ``panel`` acts on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QToolButton, QTreeWidget, QTreeWidgetItem, QWidget

from editor.model.library.suggestions import ADD, Suggestion
from editor.model.schema.spec import RELATION_LABELS
from editor.ui.common.theme import colors
from editor.ui.links.data import InboundRow, MentionRow

ROW = Qt.ItemDataRole.UserRole  # ("inbound" | "mention" | "suggestion" | "slug", payload)
KEY = Qt.ItemDataRole.UserRole + 1  # a section's key, to keep it folded across refreshes
FOLD_OVER = 12  # a section longer than this starts folded (inbound links of a hub pattern)
MAX_ROWS = 1000  # per section of the library list; the rest is counted in one row


def type_label(rel_type: str | None) -> str:
    if not rel_type:
        return "untyped"
    return RELATION_LABELS.get(rel_type, rel_type.replace("_", " ").capitalize()).lower()


def weight_text(weight: float | None) -> str:
    return "" if weight is None else f" · {weight:g}"


class LinksTree(QTreeWidget):
    """A tree of sections with a button column; double-click and buttons emit ``activated``/``acted``."""

    activated = Signal(str, object)  # kind, payload: open it
    acted = Signal(str, object)  # kind, payload: its button was pressed

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setColumnCount(3)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)  # sections fold; a folded section stays folded across refreshes
        self.setIndentation(12)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(True)  # a suggestion reads as a sentence: it wraps in the first column
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)  # as wide as its widest button (end())
        header.resizeSection(2, 0)
        self.itemDoubleClicked.connect(self._double_clicked)
        self.itemActivated.connect(self._double_clicked)
        self.buttons: list[QToolButton] = []
        self.folded: dict[str, bool] = {}  # section key -> folded by the user
        self.itemCollapsed.connect(lambda item: self._fold(item, True))
        self.itemExpanded.connect(lambda item: self._fold(item, False))
        self._filling = False
        self._pending: list[tuple[QTreeWidgetItem, bool]] = []

    def _fold(self, item: QTreeWidgetItem, folded: bool) -> None:
        key = item.data(0, KEY)
        if key and not self._filling:
            self.folded[key] = folded

    def clear(self) -> None:
        for button in self.buttons:  # Qt deletes item widgets later: unname them now, so no lookup finds them
            button.setObjectName("")
            button.hide()
        super().clear()
        self.buttons = []

    def section(self, title: str, count: int | None, empty: str = "", fold_over: int = 0) -> QTreeWidgetItem:
        """A bold heading row; folded when the user folded it, or (first time) when longer than ``fold_over``."""
        label = title if count is None else f"{title} ({count})"
        item = QTreeWidgetItem(self, [label])
        item.setData(0, KEY, title)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if empty and not count:
            self.note(item, empty)
        self._pending.append((item, self.folded.get(title, bool(fold_over and (count or 0) > fold_over))))
        return item

    def begin(self) -> None:
        self._filling = True
        self.setUpdatesEnabled(False)
        self.clear()
        self._pending = []

    def end(self) -> None:
        for item, folded in self._pending:
            item.setExpanded(not folded)
        self._pending = []
        self.header().resizeSection(2, max((b.sizeHint().width() + 24 for b in self.buttons), default=0))
        self._filling = False
        self.setUpdatesEnabled(True)

    def note(self, parent: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setFirstColumnSpanned(True)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(0, QColor(colors().muted))
        return item

    def row(
        self,
        parent: QTreeWidgetItem,
        texts: tuple[str, str],
        kind: str,
        payload: object,
        tip: str = "",
        button: str = "",
        name: str = "",
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [texts[0], texts[1], ""])
        item.setData(0, ROW, (kind, payload))
        for column in (0, 1):
            item.setToolTip(column, tip or texts[0])
        if button:
            tool = QToolButton(self)
            tool.setText(button)
            tool.setObjectName(name)
            tool.setAutoRaise(True)
            tool.setToolTip(tip)
            tool.clicked.connect(lambda _c=False, k=kind, p=payload: self.acted.emit(k, p))
            self.setItemWidget(item, 2, tool)
            self.buttons.append(tool)
        return item

    def rows(self) -> list[QTreeWidgetItem]:
        """Every item carrying data (not the sections or notes), in order."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.extend(self._walk(top))
        return out

    def _walk(self, item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        out = [item] if item.data(0, ROW) else []
        for i in range(item.childCount()):  # folded sections included
            out.extend(self._walk(item.child(i)))
        return out

    def _double_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, ROW)
        if data:
            self.activated.emit(*data)


def suggestion_text(s: Suggestion, slug: str | None, title) -> tuple[str, str]:
    """(what, how) for a suggestion, seen from ``slug`` (None: the library list)."""
    kind = type_label(s.rel_type)
    weight = "" if s.weight is None else f"{s.weight:g}"
    if s.kind == "missing-reverse":
        if slug is not None and s.slug == slug:
            return f"Reverse link: add {kind} → {title(s.target)}", weight
        if slug is not None:
            return f"Reverse link: {title(s.slug)} adds {kind} → this", weight
        return f"{title(s.slug)}: add {kind} → {title(s.target)}", weight
    if s.kind == "requires-cycle":
        return "Requires cycle: " + " → ".join(title(c) for c in (*s.cycle, s.cycle[0])), "review"

    owner = "Orphan: no links either way" if slug is not None and s.slug == slug else f"{title(s.slug)}: no links"
    if s.action == ADD:
        return f"{owner}; its garden proposes {kind} → {title(s.target)}", weight
    return owner, ""


def fill_pattern(
    tree: LinksTree,
    slug: str,
    inbound: list[InboundRow],
    mentions: list[MentionRow] | None,
    found: list[Suggestion],
    title,
) -> None:
    """The three sections for one pattern."""
    tree.begin()
    section = tree.section("Inbound", len(inbound), "No pattern links here yet.", FOLD_OVER)
    for r in inbound:
        how = type_label(r.type) + weight_text(r.weight) + (" · inferred" if r.inferred else "")
        tree.row(section, (r.title, how), "inbound", r, f"{r.slug} links here: {r.type}{weight_text(r.weight)}")
    if mentions is None:
        section = tree.section("Unlinked mentions", None)
        tree.note(section, "Looking for mentions…")
    else:
        section = tree.section(
            "Unlinked mentions", len(mentions), "No other pattern names this one without a link.", 40
        )
        for m in mentions:
            tip = f"{m.slug} names “{m.name}” on line {m.line} without a relationship (double-click: open there)"
            tree.row(
                section,
                (m.title, f"line {m.line}"),
                "mention",
                m,
                tip,
                "Add relationship…",
                f"links:add:{m.slug}",
            )
    section = tree.section("Suggestions", len(found), "Nothing to suggest.")
    for i, s in enumerate(found):
        what, how = suggestion_text(s, slug, title)
        item = tree.row(
            section,
            (what, how),
            "suggestion",
            s,
            s.message,
            "Apply" if s.action == ADD else "",
            f"links:apply:{i}",
        )
        if s.kind == "requires-cycle":
            for member in s.cycle:
                tree.row(item, (title(member), "requires next"), "slug", member, f"open {member}")
            item.setExpanded(True)
    tree.end()


SECTIONS = (
    ("missing-reverse", "Missing reverse links"),
    ("requires-cycle", "Requires cycles"),
    ("orphan", "Orphans"),
)


def fill_library(tree: LinksTree, found: list[Suggestion], title) -> None:
    """Every suggestion of the library, one section per kind (long sections are cut at MAX_ROWS)."""
    tree.begin()
    for kind, heading in SECTIONS:
        mine = [s for s in found if s.kind == kind]
        section = tree.section(heading, len(mine), "None.", 50 if kind == "orphan" else 0)
        groups: dict[str, QTreeWidgetItem] = {}
        for s in mine[:MAX_ROWS]:
            what, how = suggestion_text(s, None, title)
            parent = section
            if kind == "missing-reverse":  # one row per file that changes, its additions below
                parent = groups.get(s.slug)
                if parent is None:
                    count = sum(1 for x in mine if x.slug == s.slug)
                    parent = groups[s.slug] = tree.row(section, (f"{title(s.slug)} ({count})", ""), "slug", s.slug)
                what = f"add {type_label(s.rel_type)} → {title(s.target)}"
            item = tree.row(parent, (what, how), "suggestion", s, s.message)
            if s.kind == "requires-cycle":
                for member in s.cycle:
                    tree.row(item, (title(member), "requires next"), "slug", member, f"open {member}")
        if len(mine) > MAX_ROWS:
            tree.note(section, f"… and {len(mine) - MAX_ROWS:,} more")
    tree.end()
