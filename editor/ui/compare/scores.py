"""The compare window's side panel: both versions' seven pillars on one radar, with the headline scores."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from editor.model.diff.version import Version
from editor.model.schema import PILLARS
from editor.model.schema.scorecard import assessment, is_number
from editor.ui.common.charts import SHORT, PillarRadar
from editor.ui.common.theme import Colors


class ScorePanel(QFrame):
    """The seven pillars of both versions on one radar, with the headline scores."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScorePanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(8)
        title = QLabel("Commons assessment", self)
        title.setStyleSheet("font-weight: 600;")
        self.radar = PillarRadar(self)
        self.radar.setAccessibleName("Pillars of the old and the new version")
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.table = QLabel(self)
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        lay.addWidget(title)
        lay.addWidget(self.radar)
        lay.addWidget(self.legend)
        lay.addWidget(self.table)
        lay.addStretch(1)
        self.setMinimumWidth(280)
        self.setMaximumWidth(360)

    def restyle(self, c: Colors) -> None:
        self.setStyleSheet(f"QFrame#ScorePanel {{ background: {c.window}; }}")

    def show_scores(self, old: Version, old_data: object, new: Version, new_data: object, c: Colors) -> bool:
        """Draw both series; False (and nothing drawn) when neither version has an assessment."""
        a, b = assessment(old_data), assessment(new_data)
        if a is None and b is None:
            self.radar.set_series([])
            return False
        old_colour, new_colour = c.muted, c.accent
        self.radar.set_series([(old.label, a or {}, old_colour), (new.label, b or {}, new_colour)])
        self.legend.setText(
            f"<span style='color:{old_colour}'>●</span> Old &nbsp;&nbsp;<span style='color:{new_colour}'>●</span> New"
        )
        rows = []
        for key, name in [(p, SHORT[p]) for p in PILLARS] + [("vitality", "Vitality"), ("overall_score", "Overall")]:
            x, y = (a or {}).get(key), (b or {}).get(key)
            if x is None and y is None:
                continue
            changed = is_number(x) and is_number(y) and float(x) != float(y)  # type: ignore[arg-type]
            delta = ""
            if changed:
                d = float(y) - float(x)  # type: ignore[arg-type]
                delta = f"<span style='color:{c.ok if d > 0 else c.error}; font-weight:600'>({d:+.1f})</span>"
            strong = changed or (x is None) != (y is None)
            style = "font-weight:600;" if strong else f"color:{c.muted};"
            cells = [
                f"<td style='{style} padding-right:12px'>{name}</td>",
                f"<td style='{style}' align='right'>{_num(x)}</td>",
                f"<td style='{style} padding:0 5px'>→</td>",
                f"<td style='{style}' align='right'>{_num(y)}</td>",
                f"<td style='padding-left:5px'>{delta}</td>",
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        self.table.setText("<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>")
        return True


def _num(v: object) -> str:
    return "—" if v is None else str(v)
