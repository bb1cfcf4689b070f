"""Issue 10 item 5: the preview opens nothing outside the library, never hangs on a FIFO, renders in a
worker process within a budget, pauses past it, and a failed render leaves every panel consistent."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from editor.model.render import blocks
from editor.model.render import page as render
from editor.model.render import safety as render_safety
from editor.model.render.job import PreviewJob, answer
from editor.model.schema import open_pattern
from editor.ui.document import preview_worker
from editor.ui.document.controller import DocumentController
from editor.ui.document.preview import PAUSED_TEXT, PreviewPane

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")


def png_bytes(width: int = 7, height: int = 5) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImage(width, height, QImage.Format.Format_RGB32).save(buffer, "PNG")
    return bytes(data)


class FifoSpy:
    """A FIFO that records whether anything opened it for reading (and feeds each reader a PNG, so
    a preview that does open it cannot hang the test)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self.released = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        data = png_bytes()
        while not self.released:
            with open(self.path, "wb") as fh:  # blocks until a reader opens the FIFO
                if self.released:
                    return
                self.opened.set()
                try:
                    fh.write(data)
                except BrokenPipeError:
                    pass

    def close(self) -> None:
        self.released = True
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer's open return
        self.thread.join(5)
        os.close(fd)


def pattern(folder: Path, body: str, slug: str = "x", title: str = "X Pattern") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(f"---\ntitle: {title}\nslug: {slug}\n---\n\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def pane(qtbot):
    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(600, 800)
    widget.show()
    return widget


def show(pane: PreviewPane, path: Path, library: Path | None = None) -> DocumentController:
    controller = DocumentController(open_pattern(path))
    pane.library_folder = (lambda: library) if library else None
    pane.show_document(controller)
    assert pane.wait_rendered()
    pane.document().size()  # lays the document out: images are fetched here
    pane.grab()
    return controller


# ---------------------------------------------------------------- nothing outside the library


@posix_only
@pytest.mark.parametrize(
    "form",
    [
        '<img src="{abs}">',
        "![]({rel})",
        "![]({rel_deep})",
        '<img src="file://{abs}">',
        '<p style="background-image: ur\\6c({abs})">css escape</p>',
        '<p style="background: url({abs})">css</p>',
        "<style>p {{ background-image: url({abs}) }}</style>\n\ntext",
        '<table background="{abs}"><tr><td>t</td></tr></table>',
        '<img src="\\\\host\\share\\x.png">',
        "![](//{abs})",
    ],
)
def test_no_path_outside_the_library_is_ever_opened(pane, tmp_path: Path, form: str) -> None:
    spy = FifoSpy(tmp_path / "outside.png")
    try:
        rel_deep = "../" * len(tmp_path.parts) + str(spy.path).lstrip("/")
        path = pattern(tmp_path / "lib", form.format(abs=spy.path, rel="../outside.png", rel_deep=rel_deep) + "\n")
        show(pane, path, tmp_path / "lib")
        assert not spy.opened.wait(0.3)
        assert pane.state == "shown"
    finally:
        spy.close()


@posix_only
def test_a_fifo_inside_the_library_never_hangs_the_window(pane, tmp_path: Path) -> None:
    spy = FifoSpy(tmp_path / "lib" / "pipe.png") if (tmp_path / "lib").mkdir() is None else None
    try:
        show(pane, pattern(tmp_path / "lib", "![pipe](pipe.png)\n"), tmp_path / "lib")
        assert not spy.opened.wait(0.3) and pane.state == "shown"
    finally:
        spy.close()


def test_an_image_inside_the_library_is_shown(pane, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "images").mkdir(parents=True)
    (lib / "images" / "map.png").write_bytes(png_bytes(7, 5))
    show(pane, pattern(lib, "![map](images/map.png)\n"), lib)
    image = pane.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("pattern-image:images%2Fmap.png"))
    assert (image.width(), image.height()) == (7, 5)


def test_a_symlink_out_of_the_library_is_not_followed(pane, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (tmp_path / "secret.png").write_bytes(png_bytes(7, 5))
    try:
        (lib / "link.png").symlink_to(tmp_path / "secret.png")
    except OSError:
        pytest.skip("no symlinks here")
    show(pane, pattern(lib, "![x](link.png)\n"), lib)
    image = pane.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("pattern-image:link.png"))
    assert (image.width(), image.height()) != (7, 5)  # the blank stand-in, not the file


@pytest.mark.parametrize(
    "src",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        "file:///etc/passwd",
        "\\\\host\\share\\x.png",
        "//host/share/x.png",
        "C:/Windows/x.png",
        "c:\\x.png",
        "data:image/png;base64,AA",
        "https://example.org/x.png",
        "a\\..\\..\\x.png",
        "",
    ],
)
def test_image_urls(src: str) -> None:
    url = render_safety.image_url(src)
    if src == "../../../../etc/passwd":  # relative: allowed to the loader, which checks the library
        assert url == "pattern-image:..%2F..%2F..%2F..%2Fetc%2Fpasswd"
    else:
        assert url is None


def test_reading_library_images(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "sub").mkdir(parents=True)
    (lib / "ok.png").write_bytes(b"x" * 10)
    (tmp_path / "out.png").write_bytes(b"y")
    read = render_safety.read_library_image
    assert read("pattern-image:ok.png", lib / "sub", lib) is None  # relative to the pattern's folder
    assert read("pattern-image:..%2Fok.png", lib / "sub", lib) == b"x" * 10
    assert read("pattern-image:..%2Fout.png", lib, lib) is None
    assert read("pattern-image:ok.png", lib, lib, max_bytes=9) is None
    assert read("pattern-image:sub", lib, lib) is None  # a folder
    assert read("ok.png", lib, lib) is None and read("file:ok.png", lib, lib) is None
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", lib / "zero.png")
        assert read("pattern-image:zero.png", lib, lib) is None


def test_the_sanitizer_drops_styles_that_load_and_keeps_the_rest() -> None:
    html = render.render_body(
        '<p style="color: red; background-image: url(x.png)">a</p>\n\n'
        '<p style="color: ur\\6c(x)">b</p>\n\n<style>p { color: red }</style>\n\n'
        '<link rel="stylesheet" href="x.css">\n\n<p style="font-weight: bold">c</p>\n'
    )
    low = html.lower()
    assert "url" not in low and "<style" not in low and "<link" not in low and "\\" not in low
    assert 'style="font-weight:bold"' in html and ">a</p>" in html and ">b</p>" in html


# ---------------------------------------------------------------- off the GUI thread, with a budget


def test_render_runs_in_a_worker_process(pane, tmp_path: Path) -> None:
    controller = DocumentController(open_pattern(pattern(tmp_path, "Some **text**.\n")))
    pane.show_document(controller)
    assert pane.state == "rendering"  # show_document returned before the body was rendered
    assert pane.wait_rendered() and pane.state == "shown"
    assert "X Pattern" in pane.toPlainText() and "Some text." in pane.toPlainText()
    process = preview_worker.service()._process
    assert process is not None and process.pid != os.getpid()


def test_a_large_body_pauses_with_a_button_to_render_once(qtbot, pane, tmp_path: Path) -> None:
    table = "| a | b | c | d |\n|---|---|---|---|\n" + "| 1 | 2 | 3 | 4 |\n" * 80  # 324 cells: past the live budget
    show(pane, pattern(tmp_path, table + "\nEnd.\n"))
    assert pane.state == "paused"
    assert pane.notice_label.text() == PAUSED_TEXT and pane.render_once_button.isVisible()
    assert "X Pattern" in pane.toPlainText()  # the card names the open pattern
    qtbot.mouseClick(pane.render_once_button, Qt.MouseButton.LeftButton)
    assert pane.state == "rendering"
    assert pane.wait_rendered() and pane.state == "shown"
    assert "End." in pane.toPlainText() and not pane.render_once_button.isVisible()


def test_a_render_past_the_time_budget_is_killed_and_paused(pane, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(preview_worker, "LIVE_BUDGET_S", 0.3)
    show(pane, pattern(tmp_path, "[" * 8000 + "\n"))
    assert pane.state == "paused" and "X Pattern" in pane.toPlainText()
    assert preview_worker.service()._process is None  # killed at the budget; the next render respawns
    controller = DocumentController(open_pattern(pattern(tmp_path, "Small.\n", slug="y", title="Y Pattern")))
    pane.show_document(controller)
    assert pane.wait_rendered() and pane.state == "shown" and "Small." in pane.toPlainText()


def test_failures_are_answers_not_exceptions() -> None:
    import pickle

    job = PreviewJob("sepia", {}, None, "", "x", 1, True)
    state, message = answer(pickle.dumps(job))
    assert state == "error" and "sepia" in message


# ---------------------------------------------------------------- the panels follow the open pattern


def test_a_body_that_cannot_render_leaves_every_panel_on_the_open_pattern(qtbot, tmp_path: Path, monkeypatch) -> None:
    from editor.model.document.recovery import RecoveryStore
    from editor.ui.common.settings import Settings
    from editor.ui.window.mainwindow import MainWindow

    from .ui_helpers import ScriptedDialogs, copy_library

    library = copy_library(tmp_path)
    deep = "".join("  " * i + "- x\n" for i in range(500))
    bad = pattern(library, deep, slug="deep-lists", title="Deep Lists")
    # A renderer crash (the 500-level list raised RecursionError in the old GUI-thread render)
    monkeypatch.setattr(render, "render_body", lambda *a, **k: (_ for _ in ()).throw(RecursionError("deep")))
    monkeypatch.setenv("PATTERN_EDITOR_PREVIEW_INPROCESS", "1")  # the patched renderer runs in this process
    window = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(window)
    window.open_folder(library, wait=True)
    window.show()
    window.open_slug("restorative-practices-helpers")
    assert window.preview.wait_rendered()
    window.open_file(bad)
    assert window.preview.wait_rendered()
    assert window.preview.state == "failed"
    assert "Deep Lists" in window.preview.toPlainText() and "could not render" in window.preview.toPlainText()
    assert window.status_path.text() == str(window.current_tab().doc.path) and "deep-lists" in window.status_path.text()
    assert window.problems.findings == window.current_tab().findings
    assert window.mini_graph.controller is window.current_tab().controller


def test_the_500_level_list_renders_in_the_worker(pane, tmp_path: Path) -> None:
    show(pane, pattern(tmp_path, "".join("  " * i + "- x\n" for i in range(500))))
    assert pane.state in ("shown", "failed", "paused") and "X Pattern" in pane.toPlainText()  # never raises


# ---------------------------------------------------------------- section by section


def test_a_keystroke_re_renders_one_section() -> None:
    doc = open_pattern(Path(__file__).parent.parent / "patterns" / "restorative-practices-helpers.md")
    render.reset_cache()
    first = render.render_body(doc.body, base_line=doc.body_line())
    hits, misses = render.section_stats()
    assert misses > 5 and hits == 0
    at = doc.body.index("Section 4")
    edited = doc.body[: at + 20] + "z" + doc.body[at + 20 :]
    second = render.render_body(edited, base_line=doc.body_line())
    assert render.section_stats() == (hits + misses - 1, misses + 1)
    assert second != first and render.render_body(doc.body, base_line=doc.body_line()) == first
    # a new line early on moves every later anchor, still without re-rendering those sections
    moved = render.render_body("\n" + doc.body, base_line=doc.body_line())
    assert render.anchor_for_line(moved, 300) == render.anchor_for_line(
        render.block_lines("\n" + doc.body, base_line=doc.body_line()), 300
    )


def test_sections_render_exactly_like_the_whole_body() -> None:
    for path in sorted((Path(__file__).parent.parent / "patterns").glob("*.md")):
        doc = open_pattern(path)
        renderer = render._renderer("light")
        lines = doc.body.splitlines()
        blocks.fence_second_frontmatter(lines)
        whole = renderer._convert(lines, blocks.block_starts(lines), doc.body_line())[0]
        assert render.render_body(doc.body, base_line=doc.body_line()).replace("\n", "") == whole.replace("\n", ""), (
            path.name
        )
