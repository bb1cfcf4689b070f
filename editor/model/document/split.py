"""Exact split of a pattern file into prefix, frontmatter, closing delimiter and body.

Nothing is normalised: the parts concatenate back to the original text. Handles a BOM,
CRLF, blank lines before the opening ``---``, a closing ``---`` without a final newline,
and ``---`` lines inside the body (only the first one after the opening closes the block).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from editor.model.errors import LoadError, ParseError

BOM = "\ufeff"
_DELIM = re.compile(r"---[ \t]*(\r\n|\n|\r|$)")
_LINE = re.compile(r"[^\r\n]*(\r\n|\n|\r|$)")


@dataclass(frozen=True)
class Parts:
    """Offsets into the text: ``text[:fm_start]`` is BOM + blank lines + opening ``---``."""

    fm_start: int
    fm_end: int  # start of the closing delimiter line
    body_start: int
    newline: str  # the file's line ending, used for every line an edit adds

    def frontmatter(self, text: str) -> str:
        return text[self.fm_start : self.fm_end]

    def body(self, text: str) -> str:
        return text[self.body_start :]

    def lines_before(self, text: str, offset: int) -> int:
        """How many line breaks come before ``offset`` (CRLF, LF and lone-CR files alike)."""
        if self.newline == "\r":
            return text.count("\r", 0, offset)
        return text.count("\n", 0, offset)


def detect_newline(text: str) -> str:
    i = text.find("\n")
    if i > 0 and text[i - 1] == "\r":
        return "\r\n"
    if i < 0 and "\r" in text:
        return "\r"
    return "\n"


def decode(data: bytes, file: str = "") -> str:
    """Strict UTF-8; binary content is refused with the byte offset of the first problem."""
    wide = _wide_encoding(data)
    if wide:
        raise LoadError(f"{wide} text: save it as UTF-8", file)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(f"binary file (NUL byte at offset {nul}); a pattern is UTF-8 text", file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})", file, line, col) from None


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes are text in one of them (Windows tools save UTF-16),
    told by the byte-order mark or, without one, by NUL bytes in only every other place (the
    high bytes of ASCII characters)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = data[:512]
    head = head[: len(head) - len(head) % 2]
    for nuls, chars in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):  # little-, then big-endian
        if len(head) >= 8 and b"\x00" not in chars and nuls.count(0) * 3 > len(nuls):
            return "UTF-16"
    return None


def split(text: str, file: str = "") -> Parts:
    if not text.strip(BOM + " \t\r\n"):
        raise ParseError("empty file: a pattern starts with a '---' line and YAML frontmatter", file, 1, 1)
    pos = 1 if text.startswith(BOM) else 0
    line_no = 1
    # Blank lines before the opening delimiter are kept as part of the prefix.
    while True:
        m = _LINE.match(text, pos)
        line = text[pos : m.end()]
        if line.strip() or m.end() == len(text):
            break
        pos = m.end()
        line_no += 1
    opening = _DELIM.match(text, pos)
    if not opening:
        raise ParseError("no frontmatter: the file must start with a '---' line", file, line_no, 1)
    newline = opening.group(1) or detect_newline(text)
    fm_start = opening.end()
    pos = fm_start
    line_no += 1
    while pos < len(text):
        m = _DELIM.match(text, pos)
        if m:
            return Parts(fm_start, pos, m.end(), newline)
        m = _LINE.match(text, pos)
        if m.end() == pos:  # pragma: no cover - _LINE always advances before end of text
            break
        pos = m.end()
        line_no += 1
    first = text.count("\n", 0, fm_start) or 1
    raise ParseError("frontmatter is not closed: no '---' line after the opening one", file, first, 1)
