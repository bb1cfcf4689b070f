"""Checks a static site: every href/src/url() resolves to a file, nothing external is referenced."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "xlink:href", "action", "srcset", "poster", "data") and value is not None:
                self.refs.append(value)
            if name == "style" and value:
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag) -> None:
        self._in_style = False

    def handle_data(self, data) -> None:
        if self._in_style:
            self.styles.append(data)


def problems(site: Path) -> list[str]:
    out = []
    pages = sorted(site.rglob("*.html"))
    for css in site.rglob("*.css"):
        for ref in _URL.findall(css.read_text(encoding="utf-8")):
            if not ref.startswith("data:"):
                out.append(f"{css}: url({ref})")
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        refs = parser.refs + [u for s in parser.styles for u in _URL.findall(s)]
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("//") or ref.startswith("/"):
                out.append(f"{page.relative_to(site)}: external or absolute {ref!r}")
                continue
            if not parts.path:  # "#anchor" on the same page
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                out.append(f"{page.relative_to(site)}: broken {ref!r}")
    return out
