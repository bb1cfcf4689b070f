"""What the preview may show and load: an nh3 (ammonia) allow-list for HTML, and images only from
regular files inside the library folder.

Two layers, because QTextDocument reads local files on its own: when ``loadResource`` gives no
data it opens the URL as a path, and an image that stays null is loaded again by file name.
1. Every image the renderer emits points at ``pattern-image:<percent-encoded relative path>``:
   no path separators, no scheme Qt knows, so Qt's fallbacks can never reach a real file.
2. The preview's ``loadResource`` always answers (never None) and reads bytes only through
   ``read_library_image``: a relative path that resolves (symlinks followed) inside the library,
   a regular file opened without blocking, below ``MAX_IMAGE_BYTES``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import nh3

IMAGE_SCHEME = "pattern-image"
MAX_IMAGE_BYTES = 10 * 1024 * 1024
LINK_SCHEMES = {"http", "https", "mailto", "pattern"}

# Tags QTextBrowser draws (its "Supported HTML Subset"), minus anything that fetches or runs.
_TAGS = {
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
}
_GENERIC = {"class", "style", "title", "id", "align", "valign", "width", "height", "dir", "lang"}
_ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "name"},
    "img": {"src", "alt"},
    "font": {"color", "size"},
    "ol": {"start", "type"},
    "ul": {"type"},
    "li": {"value"},
    "table": {"bgcolor", "border", "cellspacing", "cellpadding"},
    "tr": {"bgcolor"},
    "td": {"bgcolor", "colspan", "rowspan", "nowrap"},
    "th": {"bgcolor", "colspan", "rowspan", "nowrap"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Content dropped with its tag (nh3 default is script and style).
_DROP_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "head",
}
# Styles keep only properties that can never name a URL in Qt's CSS (no background, *-image).
_STYLE_PROPERTIES = {
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "font-size",
    "font-family",
    "text-decoration",
    "text-align",
    "vertical-align",
    "white-space",
    "line-height",
    "margin",
    "margin-top",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "padding",
    "padding-top",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "border-color",
    "border-style",
    "border-width",
    "border-collapse",
    "border",
    "width",
    "height",
    "font-variant",
    "text-indent",
}
# A style carrying one of these is dropped whole: url()/image-set load files, a backslash is a CSS
# escape (ur\6c), and the rest are old script or import hooks.
_STYLE_HOOKS = ("url", "\\", "image", "expression", "@", "behavior", "binding", "src")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "style":
        low = value.lower()
        return None if any(hook in low for hook in _STYLE_HOOKS) else value
    if tag == "img" and name == "src":
        return value if value.startswith(IMAGE_SCHEME + ":") else None
    return value


def clean_output(fragment: str) -> str:
    """The rendered HTML as the preview receives it: the allow-list is the last step of every
    render (the app's own HTML included, so nothing reaches Qt around it)."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        clean_content_tags=_DROP_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes=LINK_SCHEMES | {IMAGE_SCHEME},
        filter_style_properties=_STYLE_PROPERTIES,
    )


# ---------------------------------------------------------------- images


def image_url(src: str) -> str | None:
    """The preview URL for an image ``src`` in a pattern, or None when it can only be a placeholder:
    remote, ``file:``/``data:`` or any scheme, absolute, UNC (``\\\\host\\share``), a drive letter or
    any backslash. Only plain relative paths remain; the library check happens at load time."""
    src = src.strip()
    if not src or "\\" in src or src.startswith("/") or "\x00" in src:
        return None
    try:
        parts = urlsplit(src)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or (parts.query and not parts.path):
        return None
    path = unquote(parts.path)
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or (len(path) > 1 and path[1] == ":"):
        return None
    return f"{IMAGE_SCHEME}:{quote(path, safe='')}"


def image_path(url: str) -> str | None:
    """The relative path inside a ``pattern-image:`` URL (None for any other URL)."""
    prefix = IMAGE_SCHEME + ":"
    if not url.startswith(prefix):
        return None
    path = unquote(url[len(prefix) :])
    return path if image_url(path) == url else None


def read_library_image(
    url: str,
    document_folder: str | os.PathLike | None,
    library: str | os.PathLike | None,
    max_bytes: int = MAX_IMAGE_BYTES,
) -> bytes | None:
    """The bytes of an image the preview may show, or None.

    ``url`` is a ``pattern-image:`` URL; its path is relative to the pattern's folder. The target,
    with every symlink resolved, must lie inside ``library`` and be a regular file no larger than
    ``max_bytes``. It is opened non-blocking and checked again on the open descriptor, so a FIFO or
    device swapped in after the first check cannot hang the window."""
    relative = image_path(url)
    if relative is None or document_folder is None or library is None:
        return None
    try:
        root = Path(library).resolve(strict=True)
        target = (Path(document_folder) / PurePosixPath(relative)).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a symlink loop
        return None
    if not target.is_relative_to(root):
        return None
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            return None
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
        return data if len(data) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)
