"""Light and dark themes on the Fusion style, following the system unless the user chose one.

Icons are single-colour SVGs recoloured to the theme's text colour and rendered at the
device pixel ratio, so they stay crisp on high-DPI screens. A live theme switch redraws every icon
in the theme's text colour that is already set on a widget (the filter box, the view tabs, buttons,
actions) instead of leaving it dark-on-dark.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabBar, QWidget

from editor.base import assets

ICON_INK = "#1f2328"  # the colour every icon is drawn with; replaced per theme


@dataclass(frozen=True)
class Colors:
    """A theme's colours. Every text colour reads at 4.5:1 or more (WCAG AA) on the backgrounds it
    is drawn on; tests/test_accessibility.py computes it."""

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


LIGHT = Colors(
    "light",
    window="#f6f7f9",
    base="#ffffff",
    alt_base="#f3f5f8",
    text="#1f2328",
    muted="#606871",
    border="#d0d7de",
    accent="#2361eb",
    accent_text="#ffffff",
    highlight="#dbeafe",
    error="#c8212d",
    warning="#8d5e00",
    info="#0863ce",
    ok="#187733",
    panel="#eef1f5",
    relations=("#8250df", "#bf3989", "#1a7f37", "#cf222e", "#9a6700", "#0969da", "#57606a"),
)
DARK = Colors(
    "dark",
    window="#1c2128",
    base="#22272e",
    alt_base="#2a3038",
    text="#e6edf3",
    muted="#9ea7b3",
    border="#3d444d",
    accent="#5b97ff",
    accent_text="#0d1117",
    highlight="#213a5c",
    error="#ff7d75",
    warning="#d49b22",
    info="#5ba7ff",
    ok="#40bb51",
    panel="#262c34",
    relations=("#bc8cff", "#ff80c8", "#56d364", "#ff7b72", "#e3b341", "#79c0ff", "#8b949e"),
)

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
    for r, value in (
        (role.Window, c.window),
        (role.Base, c.base),
        (role.AlternateBase, c.alt_base),
        (role.Text, c.text),
        (role.WindowText, c.text),
        (role.ButtonText, c.text),
        (role.Button, c.panel),
        (role.ToolTipBase, c.base),
        (role.ToolTipText, c.text),
        (role.Highlight, c.accent),
        (role.HighlightedText, c.accent_text),
        (role.Link, c.info),
        (role.PlaceholderText, c.muted),
        (role.Mid, c.border),
        (role.Dark, c.border),
        (role.Light, c.base),
        (role.Midlight, c.alt_base),
        (role.Shadow, c.border),
    ):
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
    _recolour_icons(app)
    return c


def _close_button_rule(c: Colors) -> str:
    """QSS needs a file for the tab close button: the themed icon, in this user's cache."""
    from editor import __version__
    from editor.base.profile import profile_dir

    target = profile_dir("cache") / "icons" / f"close-{c.name}-{__version__}.png"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() and not icon("close", c.muted).pixmap(32, 32).save(str(target)):
            return ""
    except OSError:
        return ""  # Qt's own close button then; nothing to fail over
    url = target.as_posix()
    return (
        f"\nQTabBar::close-button {{ image: url({url}); subcontrol-position: right; margin: 2px; }}"
        f"\nQTabBar::close-button:hover {{ background: {c.panel}; border-radius: 3px; }}\n"
    )


# QIcon.cacheKey() -> icon name, for every icon drawn in the theme's text colour: a theme switch
# finds them on the widgets (copies share the key) and sets the same icon drawn in the new colour.
_themed: dict[int, str] = {}


@lru_cache(maxsize=512)
def icon(name: str, color: str | None = None) -> QIcon:
    """A themed icon from ``resources/icons/<name>.svg`` (empty icon if it does not exist); without
    ``color`` it is drawn in the theme's text colour and redrawn on a theme switch."""
    try:
        svg = assets.read_text(f"icons/{name}.svg")
    except (FileNotFoundError, OSError):
        return QIcon()
    svg = svg.replace(ICON_INK, color or _current.text)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    result = QIcon()
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if app else 1.0  # type: ignore[union-attr]
    for size in (16, 20, 24, 32, 48):
        for mode, alpha in ((QIcon.Mode.Normal, 1.0), (QIcon.Mode.Disabled, 0.35)):
            px = int(size * ratio)
            image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setOpacity(alpha)
            renderer.render(painter, QRectF(0, 0, px, px))
            painter.end()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap, mode)
    if color is None:
        _themed[result.cacheKey()] = name
    return result


def _recolour_icons(app: QApplication) -> None:
    """After a switch: every themed icon already set on a widget, a tab or an action (menus, tool
    bars, a line edit's search icon) is replaced by the same icon in the new text colour."""

    def fresh(old: QIcon) -> QIcon | None:
        name = _themed.get(old.cacheKey()) if not old.isNull() else None
        return icon(name) if name else None

    for widget in app.allWidgets():
        for action in QWidget.actions(widget):  # the main window names its action table `actions`
            if (new := fresh(action.icon())) is not None:
                action.setIcon(new)
        if isinstance(widget, QAbstractButton) and (new := fresh(widget.icon())) is not None:
            widget.setIcon(new)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if (new := fresh(widget.tabIcon(i))) is not None:
                    widget.setTabIcon(i, new)


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
