"""Share My Changes and Get the Latest, from the window.

Both start the same way: unsaved edits in open tabs are saved first (the user is asked; Cancel
stops, so nothing typed is ever lost or left behind), then the git work runs in a ``SyncTask``
(off the GUI thread; its progress and Cancel in the Changes panel), and the result shows at the
top of the Changes panel, never as raw git output.

Share: who is sharing is asked once; the plan (which patterns, a drafted message and branch) is
made on a worker, shown in the Share dialog, then committed and pushed. A push the library
rejects because it moved on offers "Get the latest first", then to share again.

Get the latest: clean tabs of the files that came in reload (no "changed on disk?" question),
the library index follows, the summary ("14 patterns updated, 3 new") offers Review of the range,
and a conflict opens the first conflicted file in the conflict view (the others are listed in the
Changes panel with a badge).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from editor.model.errors import PatternError
from editor.model.sync import repo as _repo
from editor.model.sync.errors import Cancelled, PushRejected, UnresolvedConflicts
from editor.model.sync.share import ShareResult, plan, share
from editor.model.sync.update import UpdateResult, update
from editor.ui.common.richtext import esc
from editor.ui.common.worker import Worker
from editor.ui.sync.changes_panel import repo_root, show_changes
from editor.ui.sync.runner import SyncTask, message_for

SHARE, LATEST = "Share My Changes", "Get the Latest"


# ---------------------------------------------------------------- the steps both share


def _ready(window, title: str) -> Path | None:
    """The library folder when it is in a repository and no other sync runs; else None (said why)."""
    panel = window.changes_panel
    folder = window.library.folder
    if panel.busy:
        window.statusBar().showMessage("Wait for the current sharing to finish (or cancel it)", 5000)
        return None
    if folder is None or repo_root(folder) is None:
        window.dialogs.info(title, "This library is not in a shared repository, so there is nothing to share or get.")
        return None
    return Path(folder)


def save_first(window, title: str) -> bool:
    """Unsaved edits in open tabs are saved before sharing or getting the latest (asked; False: stop)."""
    ws = window.workspace
    dirty = [t for t in ws.document_tabs() if t.doc.dirty]
    if not dirty:
        return True
    names = ", ".join(f"“{t.title()}”" for t in dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
    if not window.dialogs.confirm(
        title, f"Save your unsaved changes to {names} first? They are included once saved.", "Save and Continue"
    ):
        return False
    return ws.save_all()


def who(window, root: Path | None, ask: bool) -> _repo.Identity | None:
    """The saved identity; else (``ask``) asked once, prefilled from git's settings, and saved."""
    saved = _repo.saved_identity()
    if saved is not None or not ask:
        return saved
    name = email = ""
    try:
        fallback = _repo.identity_for(_repo.open_repo(root) if root else None)
        name, email = fallback.name, fallback.email
    except (PatternError, OSError):
        pass
    answer = window.dialogs.ask_identity(name, email)
    if not answer:
        return None
    identity = _repo.Identity(*answer)
    try:
        _repo.save_identity(identity)
    except OSError as exc:
        window.dialogs.error("Who is sharing?", f"Could not remember it ({exc}); it is used this time only.")
    return identity


def _task(window) -> SyncTask:
    return SyncTask(window.dialogs, window.settings, window.changes_panel)


# ---------------------------------------------------------------- share


def share_changes(window, answer=None) -> None:
    """File → Share My Changes… (``answer``: share again as before, after getting the latest)."""
    folder = _ready(window, SHARE)
    if folder is None or not save_first(window, SHARE):
        return
    root = repo_root(folder)
    identity = who(window, root, ask=True)
    if identity is None:
        return
    panel = window.changes_panel
    show_changes(window)
    worker = Worker("share-plan", parent=panel)
    window.statusBar().showMessage("Preparing to share…", 3000)
    panel.preparing = True

    def planned(p) -> None:
        worker.deleteLater()
        panel.preparing = False
        stuck = [f for f in p.files if f.conflicted]
        if stuck:
            _conflicts(window, root, [f.path for f in stuck], SHARE)
            return
        if not p.files and not p.unshared:
            window.dialogs.info(SHARE, "Nothing to share: no pattern changed since the last sync.")
            return
        chosen = answer or window.dialogs.ask_share(p)
        if chosen is not None:
            _push(window, folder, root, identity, chosen, direct=chosen.branch == p.target)

    def failed(exc) -> None:
        worker.deleteLater()
        panel.preparing = False
        window.dialogs.error(SHARE, message_for(exc))

    worker.finished.connect(planned)
    worker.failed.connect(failed)
    worker.start(lambda _job: plan(folder))


def _push(window, folder: Path, root: Path | None, identity, answer, direct: bool) -> None:
    panel = window.changes_panel
    task = _task(window)
    panel.begin("Publishing your changes…" if direct else "Sending your changes for review…", task)
    task.succeeded.connect(lambda result: _shared(window, result))
    task.failed.connect(lambda exc: _share_failed(window, root, exc, answer))
    task.finished.connect(panel.refresh)
    task.start(
        lambda auth, progress, cancelled: share(
            folder, answer.message, answer.branch, identity=identity, auth=auth, progress=progress, cancelled=cancelled
        )
    )


def _shared(window, result: ShareResult) -> None:
    panel = window.changes_panel
    n = len(result.files)
    what = f"{n} pattern{'s' if n != 1 else ''}" if n else "your saved versions"
    if result.direct:
        panel.notify(f"<b>Published</b> {what} to the library. Others get them with Get the Latest.")
    elif result.pull_request:
        url = result.pull_request
        panel.notify(
            f"<b>Sent</b> {what} for review. Last step: <a href='{esc(url)}'>open the review request</a> "
            "and press its button.",
            [("Copy Link", "changes:copy-link", lambda: QGuiApplication.clipboard().setText(url))],
        )
    else:
        panel.notify(f"<b>Sent</b> {what} for review. Tell the library's maintainers: they take them in from there.")
    panel.notice_text.setToolTip(f"On {result.remote}/{result.branch}")
    window.statusBar().showMessage(f"Shared {what} on {result.remote}/{result.branch}", 8000)


def _share_failed(window, root: Path | None, exc: BaseException, answer) -> None:
    dialogs = window.dialogs
    if isinstance(exc, Cancelled):
        window.statusBar().showMessage("Sharing cancelled. Your changes are kept here.", 6000)
        return
    if isinstance(exc, UnresolvedConflicts):
        _conflicts(window, root, list(exc.paths), SHARE)
        return
    if isinstance(exc, PushRejected):  # asked once the task has ended (its progress gone)
        QTimer.singleShot(0, window, lambda: _offer_latest(window, answer))
        return
    dialogs.error(SHARE, message_for(exc))


def _offer_latest(window, answer) -> None:
    if window.dialogs.confirm(
        SHARE,
        "Others shared changes since you last got the library, so yours were not sent yet. "
        "They are kept here.\n\nGet the latest first (your changes are combined with theirs), then share again?",
        "Get the latest first",
    ):
        get_latest(window, then=lambda: _share_again(window, answer))


def _share_again(window, answer) -> None:
    if window.dialogs.confirm(SHARE, "You have the latest now, combined with your changes. Share them again?", "Share"):
        share_changes(window, answer)


# ---------------------------------------------------------------- get the latest


def get_latest(window, then: Callable[[], object] | None = None) -> None:
    """File → Get the Latest (``then``: what to do after a clean update, e.g. share again)."""
    folder = _ready(window, LATEST)
    if folder is None or not save_first(window, LATEST):
        return
    root = repo_root(folder)
    identity = None  # the saved one or git's own settings, found by the model
    try:
        _repo.identity_for(_repo.open_repo(folder))
    except (PatternError, OSError):
        identity = who(window, root, ask=True)  # a merge commit needs a name to sign it
        if identity is None:
            return
    panel = window.changes_panel
    show_changes(window)
    task = _task(window)
    panel.begin("Getting the latest…", task)
    task.succeeded.connect(lambda result: _updated(window, root, result, then))
    task.failed.connect(lambda exc: _update_failed(window, root, exc))
    task.finished.connect(panel.refresh)
    task.start(
        lambda auth, progress, cancelled: update(
            folder, identity=identity, auth=auth, progress=progress, cancelled=cancelled
        )
    )


def _updated(window, root: Path | None, result: UpdateResult, then) -> None:
    if root is not None:
        follow_tabs(window, root, result)
    window.library.refresh()
    panel = window.changes_panel
    buttons = []
    if not result.up_to_date:
        rng = f"{result.old_head[:10]}..{result.new_head[:10]}"  # short: the review window shows the range
        buttons.append(("Review", "changes:review", lambda: window.workspace.review([rng])))
    if result.up_to_date and not result.incoming:
        panel.notify("<b>Up to date.</b> Nothing new was shared since you last got the library.")
        window.statusBar().showMessage("Already up to date", 5000)
        if then is not None:
            QTimer.singleShot(0, window, then)
        return
    text = esc(result.summary())
    if result.conflicts:
        text += " (changed on both sides: choose between the two versions)"
    elif result.kept:
        text += ". Patterns the library removed but you had edited are kept here."
    panel.notify(f"<b>Got the latest.</b> {text}", buttons, until_resolved=bool(result.conflicts))
    window.statusBar().showMessage(result.summary(), 8000)
    if result.conflicts and root is not None:
        window.workspace.open_file(root / sorted(result.conflicts)[0])  # markers: the conflict view
    elif then is not None:
        QTimer.singleShot(0, window, then)  # once this task has ended


def follow_tabs(window, root: Path, result: UpdateResult) -> None:
    """Open tabs follow the files that changed: a clean tab reloads (a file that now holds
    conflicts reopens in the conflict view, a removed one closes); a tab typed into meanwhile
    keeps its edits and shows the changed-on-disk banner instead."""
    ws = window.workspace
    touched = set(result.incoming) | set(result.merged) | set(result.conflicts) | set(result.kept)
    for rel in sorted(touched):
        full = root / rel
        tab = ws.tab_for(full)
        if tab is None or tab.doc.dirty:
            continue
        if rel in result.conflicts or not full.is_file():
            ws.close_tab(ws.tabs.indexOf(tab), ask=False)
            continue
        try:
            ws.reload_from_disk(tab)
        except PatternError as exc:
            window.dialogs.error(LATEST, str(exc))


def _update_failed(window, root: Path | None, exc: BaseException) -> None:
    if isinstance(exc, Cancelled):
        window.statusBar().showMessage("Cancelled. Nothing was changed.", 6000)
        return
    if isinstance(exc, UnresolvedConflicts):
        _conflicts(window, root, list(exc.paths), LATEST)
        return
    window.dialogs.error(LATEST, message_for(exc))


def _conflicts(window, root: Path | None, paths: list[str], title: str) -> None:
    """Files still holding conflicts: say which, and open the first in the conflict view."""
    names = ", ".join(Path(p).stem for p in paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    verb = "sharing" if title == SHARE else "getting the latest"
    window.dialogs.error(
        title,
        f"Choose between the two versions in {names} before {verb}: "
        "they are marked in the Changes panel, and the first is open now.",
    )
    if root is not None and paths:
        window.workspace.open_file(root / paths[0])
    window.changes_panel.refresh()
