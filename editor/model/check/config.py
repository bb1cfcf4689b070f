"""The library config ``.pattern-editor.toml``: what a library decides beyond the schema.

``[accept]`` adds values a field accepts (``"lifecycle.usage_stage" = ["application"]``),
``[rules]`` sets a rule's severity or turns it off (``word-count = "off"``), ``[views]`` holds
saved views (read and kept; the table uses them later), ``[spelling] words`` the library's own
words for the spell checker (``add_spelling_word``). Read with ``tomllib``; written with
``tomlkit`` so a curator's comments and layout survive, as the editor keeps them in patterns.

A bad config is never silently ignored: its problems become findings with the config's file,
line and column, and validation runs with the schema's defaults for whatever could not be read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from editor.model.document.storage import atomic_write

CONFIG_NAME = ".pattern-editor.toml"
OFF = "off"
LEVELS = ("error", "warning", "info", OFF)
# rules whose finding is about the value at its path: a value the library accepts silences them
ACCEPTABLE = frozenset({"enum", "inferred-type", "range", "format"})
SECTIONS = ("accept", "rules", "views", "spelling")


@dataclass(frozen=True)
class ConfigProblem:
    """Something wrong in the config: ``severity`` is error when nothing of it could be read."""

    file: str
    line: int
    column: int
    severity: str
    message: str


@dataclass(frozen=True)
class SavedView:
    name: str
    query: str = ""
    columns: tuple[str, ...] = ()
    sort: str | None = None  # a column; "-column" sorts descending


@dataclass(frozen=True)
class LibraryConfig:
    path: Path | None = None
    accept: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # dotted path, list indices dropped
    rules: Mapping[str, str] = field(default_factory=dict)  # rule id -> error | warning | info | off
    views: Mapping[str, SavedView] = field(default_factory=dict)
    problems: tuple[ConfigProblem, ...] = ()
    spelling: tuple[str, ...] = ()  # [spelling] words: the library's own words for the spell checker

    def severity(self, rule: str, default: str) -> str | None:
        """The rule's severity in this library; None when the library turned it off."""
        level = self.rules.get(rule, default)
        return None if level == OFF else level

    def accepts(self, path: tuple, value: Any) -> bool:
        values = self.accept.get(field_key(path))
        if not values or isinstance(value, (dict, list)):
            return False
        # YAML and TOML may type a value differently (a date, 1 vs "1"): compare the text too
        return value in values or str(value) in {str(v) for v in values}

    def judge(self, rule: str, path: Any, data: Any, severity: str) -> str | None:
        """A finding's severity under this config, or None when the library silences it."""
        if rule in ACCEPTABLE and isinstance(path, tuple) and self.accepts(path, value_at(data, path)):
            return None
        return self.severity(rule, severity)


EMPTY = LibraryConfig()


def field_key(path: tuple) -> str:
    """``lifecycle.usage_stage``; list positions are dropped (``graph_garden.inferred_links.type``)."""
    return ".".join(str(seg) for seg in path if isinstance(seg, str))


def value_at(data: Any, path: tuple) -> Any:
    for seg in path:
        if isinstance(seg, str) and isinstance(data, dict):
            data = data.get(seg)
        elif isinstance(seg, int) and isinstance(data, list) and -len(data) <= seg < len(data):
            data = data[seg]
        else:
            return None
    return data


def find_config(folder: Path | str) -> Path | None:
    """The config of a library folder: in it, or in the nearest parent up to the repository root
    (the folder holding ``.git``). Outside a repository only the folder itself counts, so a stray
    file in /tmp or the home folder never configures every library below it."""
    start = Path(folder).absolute()
    chain = [start, *start.parents]
    root = next((i for i, d in enumerate(chain) if (d / ".git").exists()), 0)
    for d in chain[: root + 1]:
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


_cache: dict[tuple[str, int, int, frozenset[str]], LibraryConfig] = {}


def config_for(
    folder: Path | str | None, explicit: Path | str | None = None, rules: Collection[str] = ()
) -> LibraryConfig:
    """The config that applies to ``folder`` (or the ``explicit`` file); EMPTY when there is none.
    Cached by the file's size and time, so the editor may ask on every revalidation."""
    path = Path(explicit) if explicit is not None else find_config(folder) if folder is not None else None
    if path is None:
        return EMPTY
    try:
        st = path.stat()
    except OSError as exc:
        return LibraryConfig(path, problems=(ConfigProblem(str(path), 1, 1, "error", f"cannot read: {exc.strerror}"),))
    key = (str(path), st.st_mtime_ns, st.st_size, frozenset(rules))
    if key not in _cache:
        _cache.clear()  # one library at a time; an edited config replaces its older reading
        _cache[key] = load_config(path, rules)
    return _cache[key]


def load_config(path: Path, rules: Collection[str] = ()) -> LibraryConfig:
    """Read and check one config. ``rules``: the known rule ids (unknown ones are reported)."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        return LibraryConfig(path, problems=(ConfigProblem(name, 1, 1, "error", f"cannot read: {exc.strerror}"),))
    except UnicodeDecodeError as exc:
        return LibraryConfig(path, problems=(ConfigProblem(name, 1, 1, "error", f"not UTF-8 text: {exc.reason}"),))
    except tomllib.TOMLDecodeError as exc:
        line, column, message = _decode_position(exc)
        problem = ConfigProblem(name, line, column, "error", f"not valid TOML, so it is ignored: {message}")
        return LibraryConfig(path, problems=(problem,))
    return _Reader(path, text, set(rules)).read(data)


def _decode_position(exc: tomllib.TOMLDecodeError) -> tuple[int, int, str]:
    # Python 3.14 carries lineno/colno; 3.11-3.13 only write "(at line L, column C)" in the message
    if hasattr(exc, "lineno"):
        return exc.lineno, exc.colno, exc.msg
    text = str(exc)
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", text)
    if m:
        return int(m.group(1)), int(m.group(2)), text[: m.start()]
    return 1, 1, text


class _Reader:
    """Turns the parsed tables into a LibraryConfig, reporting each entry it has to leave out."""

    def __init__(self, path: Path, text: str, rules: set[str]) -> None:
        self.path, self.lines, self.known = path, text.splitlines(), rules
        self.problems: list[ConfigProblem] = []

    def problem(self, section: str, key: str, message: str) -> None:
        line, column = self.locate(section, key)
        self.problems.append(ConfigProblem(str(self.path), line, column, "warning", message))

    def locate(self, section: str, key: str) -> tuple[int, int]:
        """Where ``key`` is written under ``[section]`` (tomllib keeps no positions): a text search."""
        start = next((i for i, t in enumerate(self.lines) if re.match(rf"\s*\[\s*{re.escape(section)}\b", t)), None)
        if not key:
            return (start + 1 if start is not None else 1), 1
        last = key.split(".")[-1]
        pattern = re.compile(rf"""^(\s*)(["']?[\w.\-"']*{re.escape(last)}["']?)\s*[=.\]]""")
        for i in range(start or 0, len(self.lines)):
            m = pattern.match(self.lines[i]) or (re.match(rf"^(\s*)\[\s*{re.escape(section)}\.", self.lines[i]))
            if m and last in self.lines[i]:
                return i + 1, len(m.group(1)) + 1
        return (start + 1 if start is not None else 1), 1

    def read(self, data: dict[str, Any]) -> LibraryConfig:
        for key in data:
            if key not in SECTIONS:
                self.problem(key, "", f"unknown section [{key}]; the config knows {', '.join(SECTIONS)}")
        accept = self.accept(self.table(data, "accept"))
        rules = self.rules(self.table(data, "rules"))
        views = self.views(self.table(data, "views"))
        words = self.table(data, "spelling").get("words", [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            self.problem("spelling", "words", "spelling words should be a list of texts")
            words = []
        return LibraryConfig(self.path, accept, rules, views, tuple(self.problems), tuple(words))

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.problem(name, "", f"{name} should be a table ([{name}]), not {type(value).__name__}")
            return {}
        return value

    def accept(self, table: dict[str, Any], prefix: str = "") -> dict[str, tuple[Any, ...]]:
        out: dict[str, tuple[Any, ...]] = {}
        for key, value in table.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):  # an unquoted dotted key (lifecycle.usage_stage = …) nests tables
                out.update(self.accept(value, dotted + "."))
            elif isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
                out[dotted] = tuple(value)
            elif not isinstance(value, (list, dict)):
                out[dotted] = (value,)
            else:
                self.problem("accept", dotted, f"accept {dotted!r} should be a list of values")
        return out

    def rules(self, table: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        for rule, level in table.items():
            if self.known and rule not in self.known:
                self.problem("rules", rule, f"unknown rule {rule!r}; rule ids are the ones findings carry")
            elif level not in LEVELS:
                self.problem("rules", rule, f"rule {rule!r} is set to {level!r}; use one of {', '.join(LEVELS)}")
            else:
                out[rule] = level
        return out

    def views(self, table: dict[str, Any]) -> dict[str, SavedView]:
        out: dict[str, SavedView] = {}
        for name, view in table.items():
            ok = isinstance(view, dict)
            query = view.get("query", "") if ok else None
            columns = view.get("columns", []) if ok else None
            sort = view.get("sort") if ok else None
            if (
                not isinstance(query, str)
                or not isinstance(columns, list)
                or not all(isinstance(c, str) for c in columns)
                or not (sort is None or isinstance(sort, str))
            ):
                self.problem("views", name, f"view {name!r} should have query = text, columns = [texts], sort = text")
                continue
            out[name] = SavedView(name, query, tuple(columns), sort)
        return out


def accept_value(path: Path | str, field_path: str, value: Any) -> bool:
    """Add ``value`` to ``[accept] field_path`` ("accept this value for the library"), creating the
    file or the entry as needed. False when the value was already accepted."""

    def change(doc: Any) -> bool:
        accept = _table(doc, "accept")
        values = _existing(accept, field_path)
        if values is None:
            accept[field_path] = tomlkit.array().multiline(False)
            accept[field_path].append(value)
        elif value in values:
            return False
        else:
            values.append(value)
        return True

    return _edit(path, change)


def add_spelling_word(path: Path | str, word: str) -> bool:
    """Add ``word`` to ``[spelling] words`` ("Add to library dictionary"), creating the file or the
    table as needed. False when already there."""

    def change(doc: Any) -> bool:
        table = _table(doc, "spelling")
        if "words" not in table:
            table["words"] = tomlkit.array().multiline(False)
        if word in table["words"]:
            return False
        table["words"].append(word)
        return True

    return _edit(path, change)


def config_path(folder: Path | str) -> Path:
    """Where a library's config is, or would be written: the one that applies, else in the folder."""
    return find_config(folder) or Path(folder) / CONFIG_NAME


def save_view(path: Path | str, view: SavedView) -> None:
    """Write ``[views.NAME]`` (replacing a view of that name), so curators share their views through git."""

    def change(doc: Any) -> bool:
        entry = tomlkit.table()
        entry["query"] = view.query
        columns = tomlkit.array()
        columns.extend(view.columns)
        entry["columns"] = columns
        if view.sort:
            entry["sort"] = view.sort
        _table(doc, "views", super_table=True)[view.name] = entry
        return True

    _edit(path, change)


def delete_view(path: Path | str, name: str) -> bool:
    """Remove ``[views.NAME]``; False when there is no such view."""

    def change(doc: Any) -> bool:
        views = doc.get("views")
        if views is None or name not in views:
            return False
        del views[name]
        return True

    return Path(path).exists() and _edit(path, change)


def _edit(path: Path | str, change: Any) -> bool:
    """Parse the config with tomlkit, let ``change(doc)`` edit it (False: nothing to do), and write it
    back atomically. Everything the change does not touch stays byte for byte: comments, order,
    spacing, quoting."""
    path = Path(path)
    doc = tomlkit.parse(path.read_bytes().decode("utf-8") if path.exists() else "")
    if not change(doc):
        return False
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
    _cache.clear()
    return True


def _table(doc: Any, name: str, super_table: bool = False) -> Any:
    """The top-level table ``name``, added at the end (after a blank line) when missing."""
    if name not in doc:
        text = tomlkit.dumps(doc)
        if text and not text.endswith("\n\n"):
            doc.add(tomlkit.nl())
        doc.add(name, tomlkit.table(is_super_table=super_table))
    return doc[name]


def _existing(accept: Any, field_path: str) -> Any:
    """The accepted list of ``field_path``: under a quoted dotted key, or nested (unquoted) tables."""
    if field_path in accept:
        return accept[field_path]
    node = accept
    for part in field_path.split("."):
        if not hasattr(node, "get") or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, list) else None
