"""Errors raised by the model. Each carries a location a curator can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PatternError(Exception):
    """Base error: ``file:line:col: message`` (line and column are 1-based, 0 = unknown)."""

    message: str
    file: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = self.file or "<text>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class LoadError(PatternError):
    """The file cannot be read as a pattern at all (missing, binary, too large)."""


class ParseError(PatternError):
    """The frontmatter does not parse; the document is read-only until it does."""


class PathError(PatternError, KeyError):
    """A field path does not exist or does not fit the data."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return PatternError.__str__(self)


class EditError(PatternError):
    """An edit could not be applied faithfully; the document is unchanged."""


class SaveError(PatternError):
    """Saving was refused or failed; the file on disk is unchanged."""


class ExternalChangeError(SaveError):
    """The file changed on disk since it was loaded; saving needs ``force``."""
