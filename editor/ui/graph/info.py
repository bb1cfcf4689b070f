"""The library graph's side panel texts: the overview's largest groups and a group's or a
pattern's links, as rich text with links the window follows (``open:SLUG``, ``show:SLUG``)."""

from __future__ import annotations

from collections.abc import Callable

from editor.model.library.overview import Overview
from editor.ui.common.richtext import esc
from editor.ui.common.theme import colors


def overview_html(view: Overview, name: str | None, word: str) -> str:
    """The largest groups; with ``name``, that group's count and the groups it links to most."""
    if name is None:
        rows = "".join(f"<br>{esc(n)} · {c}" for n, c in view.nodes[:8])
        return f"<p><b>Largest {word}</b>{rows}</p>"
    count = dict(view.nodes).get(name, 0)
    links = sorted(((t if s == name else s, c) for s, t, c in view.edges if name in (s, t)), key=lambda x: -x[1])
    rows = "".join(f"<br>{esc(o)} · {c} links" for o, c in links[:10])
    return f"<p><b>{esc(name)}</b> · {count} patterns</p><p>Linked most with{rows or ' nothing'}</p>"


def pattern_html(slug: str, near: list[str], title: Callable[[str], str], group: Callable[[str], str]) -> str:
    """A pattern, a link to open it, and its neighbours (each a link that shows it)."""
    muted = colors().muted
    rows = "".join(
        f"<br><a href='show:{n}'>{esc(title(n))}</a> <span style='color:{muted}'>({esc(group(n))})</span>"
        for n in near[:40]
    )
    return (
        f"<p><b>{esc(title(slug))}</b><br>{slug} · {esc(group(slug))}"
        f"<br><a href='open:{slug}'>Open pattern</a></p><p>{len(near)} neighbours{rows}</p>"
    )
