"""Light and dark themes on the Fusion style, following the system unless the user chose one.

Icons are single-colour SVGs recoloured to the theme's text colour and rendered at the
device pixel ratio, so they stay crisp on high-DPI screens. An icon in the theme's text colour
is drawn when painted, in the colour of the theme current then: a live switch to the dark theme
recolours every such icon already set on a widget (the filter box, the view tabs, buttons)
instead of leaving it dark-on-dark.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from .. import assets

ICON_INK = "#1f2328"  # the colour every icon is drawn with; replaced per theme


@dataclass(frozen=True)
class Colors:
    name: str
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    highlight: str
    error: str
    warning: str
    info: str
    ok: str
    panel: str  # side panels and group headers
    # one colour per relationship type (graph edges, chips)
    relations: tuple[str, ...] = ()


LIGHT = Colors("light", window="#f6f7f9", base="#ffffff", alt_base="#f3f5f8", text="#1f2328", muted="#656d76",
               border="#d0d7de", accent="#2563eb", accent_text="#ffffff", highlight="#dbeafe", error="#cf222e",
               warning="#9a6700", info="#0969da", ok="#1a7f37", panel="#eef1f5",
               relations=("#8250df", "#bf3989", "#1a7f37", "#cf222e", "#9a6700", "#0969da", "#57606a"))
DARK = Colors("dark", window="#1c2128", base="#22272e", alt_base="#2a3038", text="#e6edf3", muted="#9ea7b3",
              border="#3d444d", accent="#4c8dff", accent_text="#0d1117", highlight="#213a5c", error="#ff7b72",
              warning="#d29922", info="#58a6ff", ok="#3fb950", panel="#262c34",
              relations=("#bc8cff", "#ff80c8", "#56d364", "#ff7b72", "#e3b341", "#79c0ff", "#8b949e"))

_current = LIGHT


def colors() -> Colors:
    return _current


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str) -> Colors:
    if mode == "dark" or (mode == "system" and system_prefers_dark()):
        return DARK
    return LIGHT


def apply(app: QApplication, mode: str = "system") -> Colors:
    """Apply a theme to the whole application and return its colours."""
    global _current
    c = resolve(mode)
    _current = c
    app.setStyle("Fusion")
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, c.window), (role.Base, c.base), (role.AlternateBase, c.alt_base),
                     (role.Text, c.text), (role.WindowText, c.text), (role.ButtonText, c.text),
                     (role.Button, c.panel), (role.ToolTipBase, c.base), (role.ToolTipText, c.text),
                     (role.Highlight, c.accent), (role.HighlightedText, c.accent_text), (role.Link, c.info),
                     (role.PlaceholderText, c.muted), (role.Mid, c.border), (role.Dark, c.border),
                     (role.Light, c.base), (role.Midlight, c.alt_base), (role.Shadow, c.border)):
        pal.setColor(r, QColor(value))
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, QColor(c.muted))
    app.setPalette(pal)
    qss = assets.read_text("style/app.qss")
    for key in sorted(vars(c), key=len, reverse=True):  # @accent_text before @accent
        value = getattr(c, key)
        if isinstance(value, str):
            qss = qss.replace("@" + key, value)
    icon.cache_clear()
    qss += _close_button_rule(c)
    app.setStyleSheet(qss)
    return c


def _close_button_rule(c: Colors) -> str:
    """QSS needs a file for the tab close button: the themed icon, in this user's cache."""
    from .. import __version__
    from ..profile import profile_dir

    target = profile_dir("cache") / "icons" / f"close-{c.name}-{__version__}.png"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() and not icon("close", c.muted).pixmap(32, 32).save(str(target)):
            return ""
    except OSError:
        return ""  # Qt's own close button then; nothing to fail over
    url = target.as_posix()
    return (f"\nQTabBar::close-button {{ image: url({url}); subcontrol-position: right; margin: 2px; }}"
            f"\nQTabBar::close-button:hover {{ background: {c.panel}; border-radius: 3px; }}\n")


class _InkEngine(QIconEngine):
    """Draws a single-colour SVG in a fixed colour or, without one, the current theme's text colour."""

    _engines: list[_InkEngine] = []  # PySide: keep the Python side of every engine Qt holds alive

    def __init__(self, svg: str, color: str | None) -> None:
        super().__init__()
        self._svg, self._color = svg, color
        self._pixmaps: dict[tuple, QPixmap] = {}
        _InkEngine._engines.append(self)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        ink = self._color or _current.text
        key = (size.width(), size.height(), mode == QIcon.Mode.Disabled, ink)
        cached = self._pixmaps.get(key)
        if cached is None:
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setOpacity(0.35 if mode == QIcon.Mode.Disabled else 1.0)
            QSvgRenderer(QByteArray(self._svg.replace(ICON_INK, ink).encode())).render(
                painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            cached = self._pixmaps[key] = QPixmap.fromImage(image)
        return cached

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.pixmap(QSize(int(rect.width() * ratio), int(rect.height() * ratio)),
                                             mode, state))

    def clone(self) -> QIconEngine:
        return _InkEngine(self._svg, self._color)


@lru_cache(maxsize=512)
def icon(name: str, color: str | None = None) -> QIcon:
    """A themed icon from ``resources/icons/<name>.svg`` (empty icon if it does not exist); without
    ``color`` it follows the theme's text colour, also after a theme switch."""
    try:
        svg = assets.read_text(f"icons/{name}.svg")
    except (FileNotFoundError, OSError):
        return QIcon()
    return QIcon(_InkEngine(svg, color))


def app_icon() -> QIcon:
    try:
        data = assets.read_bytes("icons/app.svg")
    except (FileNotFoundError, OSError):
        return QIcon()
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        result.addPixmap(QPixmap.fromImage(image))
    return result
