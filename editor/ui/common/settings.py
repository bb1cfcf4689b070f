"""Every setting the app keeps, through one typed wrapper around QSettings (INI, user scope).

Each preference is declared once, as a ``Pref`` (key, default, choices or range); the preferences
dialog reads its choices and range from there, and setting one emits its own change signal, to
which the views subscribe. Tests redirect QSettings into a temporary folder with
``QSettings.setPath`` (see conftest).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication

from editor.base.profile import isolated_home, profile_dir
from editor.ui.common.spellcheck import LANGUAGE_CHOICES

ORG = "PatternEditor"
APP = "Pattern Editor"
MAX_RECENT = 8


def _read(value, default):
    """QSettings' INI values come back as strings (or a lone string for a one-item list)."""
    kind = type(default)
    if value is None:
        return default
    if kind is bool:
        return value in (True, "true", "1", 1)
    if kind is list:
        if isinstance(value, str):
            return [value] if value else []
        return list(value)
    try:
        return kind(value)
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class Pref:
    """One preference: where it lives, its default, and the values it may take.

    ``choices`` are (value, label) pairs; ``low``/``high`` bound a number. A stored value outside
    them reads as the nearest allowed one (a number) or the default (a choice)."""

    key: str
    default: object
    signal: str  # the Settings signal emitted when the value changes
    choices: tuple[tuple[object, str], ...] = ()
    low: int | None = None
    high: int | None = None

    def coerce(self, value):
        value = _read(value, self.default)
        if self.choices and value not in [v for v, _ in self.choices]:
            return self.default
        if self.low is not None:
            value = max(self.low, value)
        if self.high is not None:
            value = min(self.high, value)
        return value

    def __get__(self, settings: Settings | None, owner=None):
        if settings is None:
            return self  # on the class: the declaration itself (the dialog reads its range)
        return self.coerce(settings._q.value(self.key, self.default))

    def __set__(self, settings: Settings, value) -> None:
        value = self.coerce(value)
        if value == self.__get__(settings):
            return  # unchanged: no view redraws for nothing
        settings._q.setValue(self.key, value)
        getattr(settings, self.signal).emit(value)


class Settings(QObject):
    themeChanged = Signal(str)
    editorFontSizeChanged = Signal(int)
    showInferredLinksChanged = Signal(bool)
    graphDepthChanged = Signal(int)
    spellLanguageChanged = Signal(str)

    # ------------------------------------------------------------ preferences
    theme = Pref(
        "prefs/theme",
        "system",
        "themeChanged",
        choices=(("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")),
    )
    editor_font_size = Pref("prefs/editor_font_size", 11, "editorFontSizeChanged", low=8, high=28)
    show_inferred_links = Pref("graph/show_inferred", True, "showInferredLinksChanged")
    graph_depth = Pref("graph/depth", 1, "graphDepthChanged", choices=((1, "Direct links"), (2, "Two steps")))
    spell_language = Pref("prefs/spell_language", "en_US", "spellLanguageChanged", choices=LANGUAGE_CHOICES)

    def __init__(self) -> None:
        super().__init__()
        if isolated_home() is not None:  # tests, smoke tests, a portable copy: settings live there too
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(profile_dir("settings")))
        self._q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # the system's light/dark switch changes what "system" looks like
            app.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    def _system_scheme_changed(self, _scheme) -> None:
        if self.theme == "system":
            self.themeChanged.emit("system")

    def sync(self) -> None:
        self._q.sync()

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def _get(self, key: str, default):
        return _read(self._q.value(key, default), default)

    # ------------------------------------------------------------ library and files

    @property
    def last_folder(self) -> str:
        return self._get("library/last_folder", "")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._q.setValue("library/last_folder", value)
        recent = [f for f in self.recent_folders if f != value]
        self._q.setValue("library/recent_folders", [value, *recent][:MAX_RECENT])

    @property
    def recent_folders(self) -> list[str]:
        return self._get("library/recent_folders", [])

    @property
    def open_files(self) -> list[str]:
        return self._get("session/open_files", [])

    @open_files.setter
    def open_files(self, files: list[str]) -> None:
        self._q.setValue("session/open_files", files)

    @property
    def current_file(self) -> str:
        return self._get("session/current_file", "")

    @current_file.setter
    def current_file(self, value: str) -> None:
        self._q.setValue("session/current_file", value)

    @property
    def first_run_done(self) -> bool:
        return self._get("app/first_run_done", False)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._q.setValue("app/first_run_done", bool(value))

    # ------------------------------------------------------------ sharing (tokens live in the OS keychain)

    @property
    def trusted_hosts(self) -> list[str]:
        """SSH servers the user chose to trust though this computer had not seen them before."""
        return self._get("sync/trusted_hosts", [])

    @trusted_hosts.setter
    def trusted_hosts(self, hosts: list[str]) -> None:
        self._q.setValue("sync/trusted_hosts", list(hosts))

    @property
    def ssh_key(self) -> str:
        """A private key file for SSH; empty: ask the SSH agent."""
        return self._get("sync/ssh_key", "")

    @ssh_key.setter
    def ssh_key(self, path: str) -> None:
        self._q.setValue("sync/ssh_key", path)

    # ------------------------------------------------------------ window layout

    def geometry(self, name: str) -> QByteArray | None:
        value = self._q.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{name}", value)
