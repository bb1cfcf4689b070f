"""One preview render as plain data, and the loop of the worker process that renders it.

The preview renders in a separate process: Python-Markdown holds the GIL, so a thread alone would
still stall the window, and a process can be killed when a body blows the time budget. A job is a
pickled ``PreviewJob``; the answer is ``("ok", html)`` or ``("error", message)``. The worker keeps its
renderers (and their per-section caches) between jobs, so a keystroke re-renders one section.
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from typing import Any

from editor.model.render import page as render

MAX_LIVE_BODY_CHARS = 400_000  # larger bodies pause the live preview without trying
MAX_HTML_CHARS = 2_000_000  # larger results would stall the window in QTextDocument.setHtml
# Qt lays out a table on the GUI thread at ~0.3 ms a cell (measured: 250 cells 70-95 ms, 1,000 cells
# 0.5 s, 25,000 cells 15 s), so the live preview stops at this many cells.
MAX_LIVE_CELLS = 250


@dataclass(frozen=True)
class PreviewJob:
    """What ``render.render_pattern`` reads from a Document, as picklable data."""

    theme: str
    data: Any
    error: str | None
    text: str
    body: str
    line: int
    has_parts: bool
    limit: bool = True  # False for "render once": no size limits

    @property
    def parts(self) -> bool | None:
        return True if self.has_parts else None

    def body_line(self) -> int:
        return self.line


def job_for(doc: Any, theme: str, limit: bool = True) -> PreviewJob:
    has_parts = doc.parts is not None
    return PreviewJob(
        theme,
        doc.data,
        None if doc.error is None else str(doc.error),
        doc.text if not has_parts else "",
        doc.body if has_parts else "",
        doc.body_line() if has_parts else 1,
        has_parts,
        limit,
    )


class TooLarge(Exception):
    """The body or its HTML is past the live preview's size budget."""


def render_job(job: PreviewJob) -> str:
    """The preview HTML for a job; ``TooLarge`` past the size budget (unless ``job.limit`` is off)."""
    if job.limit and max(len(job.body), len(job.text)) > MAX_LIVE_BODY_CHARS:
        raise TooLarge("body")
    out = render.render_pattern(job, theme=job.theme)
    if job.limit and (len(out) > MAX_HTML_CHARS or _cells(out) - _cells(render.render_card(job.data)) > MAX_LIVE_CELLS):
        raise TooLarge("html")
    return out


def _cells(html: str) -> int:
    return sum(html.count(tag) for tag in ("<td>", "<td ", "<th>", "<th "))


def answer(payload: bytes) -> tuple[str, str]:
    """One job's answer: ("ok", html), ("too-large", what) or ("error", message). Never raises."""
    try:
        return "ok", render_job(pickle.loads(payload))
    except TooLarge as exc:
        return "too-large", str(exc)
    except RecursionError:
        return "error", "the body is nested too deeply to render"
    except Exception as exc:  # a renderer bug must not take the preview down with it
        return "error", f"{type(exc).__name__}: {exc}"


def serve(conn: Any) -> None:
    """The worker process: answer jobs until the pipe closes (the app quit or killed us)."""
    sys.setrecursionlimit(4000)  # deep but real nesting renders; a crash here only costs this process
    conn.send(("ready", ""))
    while True:
        try:
            payload = conn.recv_bytes()
        except (EOFError, OSError):
            return
        conn.send(answer(payload))
