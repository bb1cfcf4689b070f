from __future__ import annotations

import pytest

from editor.model.document.split import decode, split
from editor.model.errors import LoadError, ParseError


@pytest.mark.parametrize(
    "text, fm, body",
    [
        ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n"),
        ("---\na: 1\n---", "a: 1\n", ""),
        ("\ufeff---\na: 1\n---\n", "a: 1\n", ""),
        ("\n\n---\na: 1\n---\nx", "a: 1\n", "x"),
        ("---\r\na: 1\r\n---\r\nb\r\n", "a: 1\r\n", "b\r\n"),
        ("---\na: 1\n---\n\n---\nid: x\n---\n", "a: 1\n", "\n---\nid: x\n---\n"),
        ("---\n---\nbody", "", "body"),
        ("--- \na: 1\n---\n", "a: 1\n", ""),
    ],
)
def test_split_exact(text: str, fm: str, body: str) -> None:
    parts = split(text)
    assert parts.frontmatter(text) == fm
    assert parts.body(text) == body
    assert text[: parts.fm_start] + fm + text[parts.fm_end : parts.body_start] + body == text


def test_newline_detected() -> None:
    assert split("---\r\na: 1\r\n---\r\n").newline == "\r\n"
    assert split("---\na: 1\n---\n").newline == "\n"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("", 1, "empty file"),
        ("  \n\n", 1, "empty file"),
        ("# Title\n\ntext\n", 1, "no frontmatter"),
        ("\n\nnot yaml\n", 3, "no frontmatter"),
        ("---\na: 1\nb: 2\n", 1, "not closed"),
    ],
)
def test_split_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ParseError) as exc:
        split(text, "f.md")
    assert exc.value.line == line
    assert message in exc.value.message
    assert str(exc.value).startswith(f"f.md:{line}")


def test_decode_refuses_binary_and_bad_utf8() -> None:
    with pytest.raises(LoadError, match="binary"):
        decode(b"---\n\x00\x01", "x.md")
    with pytest.raises(LoadError) as exc:
        decode(b"---\na: \xff\n", "x.md")
    assert (exc.value.line, exc.value.column) == (2, 4)
