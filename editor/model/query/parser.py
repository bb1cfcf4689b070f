"""The query language's parser: text -> a small AST, with the column of every term.

Terms joined by spaces are ANDed; ``OR`` binds looser than AND; a leading ``-`` negates a term
or a parenthesised group. A term is ``PATH:VALUE``, ``PATH~TEXT``, ``PATH<N`` (``<=``, ``>``,
``>=``), ``PATH!=VALUE``, ``has:PATH``, ``missing:PATH``, ``links:SLUG``, ``layout:v7|legacy`` or
a bare word. Values may be quoted ("in progress"). Errors are QueryError with a 1-based column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class QueryError(ValueError):
    """A query that does not parse; ``column`` is 1-based in the query text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column


@dataclass(frozen=True)
class Term:
    op: str  # ":", "~", "<", "<=", ">", ">=", "!=", "has", "missing", "links", "layout", "word"
    path: str  # the dotted path or alias ("" for links, layout and words)
    value: str | float
    column: int


@dataclass(frozen=True)
class Not:
    inner: Node


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


Node = Term | Not | And | Or
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
_OPS = ("<=", ">=", "!=", "<", ">", ":", "~")  # two-character operators first
_KEYWORDS = ("has", "missing", "links", "layout")
_NUMERIC = {"<", "<=", ">", ">="}
LAYOUT_NAMES = {"v7": "v7.1", "v7.1": "v7.1", "legacy": "legacy"}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(", ")", "-", "OR", "term"
    text: str
    column: int
    quoted: bool = False  # a term that is only a quoted phrase


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok(c, c, i + 1))
            i += 1
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and (i == 0 or text[i - 1] in " \t(-"):
            toks.append(_Tok("-", c, i + 1))
            i += 1
        else:
            start, quote = i, None
            while i < n:  # a term runs to a space or parenthesis outside quotes
                c = text[i]
                if quote:
                    if c == quote:
                        quote = None
                elif c in "\"'" and (i == start or text[i - 1] in ":~<>=!"):
                    quote = c
                elif c.isspace() or c in "()":
                    break
                i += 1
            if quote:
                raise QueryError(f"unclosed quote {quote}", text.index(quote, start) + 1)
            word = text[start:i]
            kind = "OR" if word == "OR" else "term"
            toks.append(_Tok(kind, word, start + 1, quoted=word[0] in "\"'"))
    return toks


def parse(text: str) -> Node | None:
    """The AST of ``text``; None for an empty query (which matches every file)."""
    toks = _lex(text)
    if not toks:
        return None
    parser = _Parser(toks, len(text))
    node = parser.or_expr()
    if parser.pos < len(toks):
        tok = toks[parser.pos]
        raise QueryError(f"unexpected {tok.text!r}" if tok.kind != ")" else "unmatched ')'", tok.column)
    return node


class _Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary+; unary := '-' unary | primary."""

    def __init__(self, toks: list[_Tok], end: int) -> None:
        self.toks, self.pos, self.end = toks, 0, end

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            if self.peek() is None or self.peek().kind in (")", "OR"):
                raise QueryError("expected a term after OR", tok.column)
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in (")", "OR"):
            parts.append(self.unary())
        if not parts:
            tok = self.peek()
            if tok is None:
                raise QueryError("expected a term", self.end + 1)
            raise QueryError(
                f"expected a term before {tok.text!r}" if tok.kind == "OR" else "empty parentheses", tok.column
            )
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        tok = self.toks[self.pos]
        if tok.kind == "-":
            self.pos += 1
            if self.peek() is None or self.peek().kind in (")", "OR"):
                raise QueryError("expected a term after '-'", tok.column)
            return Not(self.unary())
        if tok.kind == "(":
            self.pos += 1
            inner = self.or_expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError("'(' is never closed", tok.column)
            self.pos += 1
            return inner
        self.pos += 1
        return _term(tok)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1]
    return value


def _term(tok: _Tok) -> Term:
    text, col = tok.text, tok.column
    m = None if tok.quoted else _PATH.match(text)
    op = next((o for o in _OPS if m and text.startswith(o, m.end())), None)
    if m is None or op is None:
        return Term("word", "", _unquote(text), col)
    path, raw = m.group(), text[m.end() + len(op) :]
    value = _unquote(raw)
    value_col = col + m.end() + len(op)
    if not value.strip():
        what = "a number" if op in _NUMERIC else "a path" if path in _KEYWORDS and op == ":" else "a value"
        raise QueryError(f"expected {what} after '{op}'", value_col)
    if op == ":" and path in _KEYWORDS:
        return _keyword(path, value, col, value_col)
    if op in _NUMERIC:
        try:
            return Term(op, path, float(value), col)
        except ValueError:
            raise QueryError(f"expected a number after '{op}', not {value!r}", value_col) from None
    return Term(op, path, value, col)


def _keyword(word: str, value: str, col: int, value_col: int) -> Term:
    if word == "layout":
        if value.lower() not in LAYOUT_NAMES:
            raise QueryError(f"layout is v7 or legacy, not {value!r}", value_col)
        return Term("layout", "", LAYOUT_NAMES[value.lower()], col)
    if word in ("has", "missing") and not _PATH.fullmatch(value):
        raise QueryError(f"expected a dotted field path after '{word}:', not {value!r}", value_col)
    return Term(word, value if word != "links" else "", value, col)


def is_structured(text: str) -> bool:
    """Whether ``text`` asks more than bare words (a field, NOT, OR): a library filter box answers
    bare words with its fuzzy ranking and anything else with the query. A bad query counts as
    structured, so its error is shown."""
    try:
        node = parse(text)
    except QueryError:
        return True
    return node is not None and not _words_only(node)


def _words_only(node: Node) -> bool:
    if isinstance(node, Term):
        return node.op == "word"
    if isinstance(node, And):
        return all(_words_only(p) for p in node.parts)
    return False
