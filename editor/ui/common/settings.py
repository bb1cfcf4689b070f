"""Every setting the app keeps, through one typed wrapper around QSettings (INI, user scope).

Tests redirect QSettings into a temporary folder with ``QSettings.setPath`` (see conftest).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from editor.base.profile import isolated_home, profile_dir

ORG = "PatternEditor"
APP = "Pattern Editor"
MAX_RECENT = 8


class Settings:
    def __init__(self) -> None:
        if isolated_home() is not None:  # tests, smoke tests, a portable copy: settings live there too
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(profile_dir("settings")))
        self._q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)

    def sync(self) -> None:
        self._q.sync()

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def _get(self, key: str, default, kind):
        value = self._q.value(key, default)
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

    # ------------------------------------------------------------ library and files

    @property
    def last_folder(self) -> str:
        return self._get("library/last_folder", "", str)

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._q.setValue("library/last_folder", value)
        recent = [f for f in self.recent_folders if f != value]
        self._q.setValue("library/recent_folders", [value, *recent][:MAX_RECENT])

    @property
    def recent_folders(self) -> list[str]:
        return self._get("library/recent_folders", [], list)

    @property
    def open_files(self) -> list[str]:
        return self._get("session/open_files", [], list)

    @open_files.setter
    def open_files(self, files: list[str]) -> None:
        self._q.setValue("session/open_files", files)

    @property
    def current_file(self) -> str:
        return self._get("session/current_file", "", str)

    @current_file.setter
    def current_file(self, value: str) -> None:
        self._q.setValue("session/current_file", value)

    # ------------------------------------------------------------ window layout

    def geometry(self, name: str) -> QByteArray | None:
        value = self._q.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{name}", value)

    # ------------------------------------------------------------ preferences

    @property
    def theme(self) -> str:
        """'system', 'light' or 'dark'."""
        value = self._get("prefs/theme", "system", str)
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("prefs/theme", value)

    @property
    def editor_font_size(self) -> int:
        return max(8, min(28, self._get("prefs/editor_font_size", 11, int)))

    @editor_font_size.setter
    def editor_font_size(self, value: int) -> None:
        self._q.setValue("prefs/editor_font_size", int(value))

    @property
    def show_inferred_links(self) -> bool:
        return self._get("graph/show_inferred", True, bool)

    @show_inferred_links.setter
    def show_inferred_links(self, value: bool) -> None:
        self._q.setValue("graph/show_inferred", bool(value))

    @property
    def graph_depth(self) -> int:
        return 2 if self._get("graph/depth", 1, int) == 2 else 1

    @graph_depth.setter
    def graph_depth(self, value: int) -> None:
        self._q.setValue("graph/depth", int(value))

    @property
    def first_run_done(self) -> bool:
        return self._get("app/first_run_done", False, bool)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._q.setValue("app/first_run_done", bool(value))
