"""The library's repository as a contributor sees it: where it is, which folder holds the patterns,
which branch is the library's main line, and who is signing the changes."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pygit2

from editor.base.profile import profile_dir
from editor.model.sync.errors import NotALibrary, SyncError

STATE = "pattern-editor"  # our folder inside .git: kept-aside copies
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", "_site", "site", "dist", "build"}
PATTERN_FOLDERS = ("_patterns", "patterns")  # preferred names when two folders hold as many patterns
HEAD_BYTES = 4096


def open_repo(folder: str | os.PathLike) -> pygit2.Repository:
    """The repository holding ``folder`` (the library's pattern folder or any folder inside it)."""
    found = pygit2.discover_repository(str(folder))
    if found is None:
        raise SyncError(f"{folder} is not a shared library (it was not got from a repository)", str(folder))
    repo = pygit2.Repository(found)
    if repo.is_bare:
        raise SyncError(f"{found} has no working folder to edit", str(folder))
    return repo


def workdir(repo: pygit2.Repository) -> Path:
    return Path(repo.workdir)


def state_dir(repo: pygit2.Repository) -> Path:
    return Path(repo.path) / STATE


def is_pattern_bytes(head: bytes) -> bool:
    """Markdown that opens with a frontmatter holding an identity key."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"---"):
        return False
    return re.search(rb"^(id|slug|title|pattern_id)\s*:", text[:HEAD_BYTES], re.M) is not None


def is_pattern_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.lower().endswith(".md") and not name.startswith("_") and name.lower() != "readme.md"


def find_pattern_folder(root: Path) -> Path:
    """The folder holding most of the repository's pattern files (``_patterns/`` in the public
    library). Raises NotALibrary when there are none."""
    counts: Counter[Path] = Counter()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in files:
            if not is_pattern_path(name):
                continue
            try:
                with open(os.path.join(folder, name), "rb") as fh:
                    head = fh.read(HEAD_BYTES)
            except OSError:
                continue
            if is_pattern_bytes(head):
                counts[Path(folder)] += 1
    if not counts:
        raise NotALibrary(
            f"{root} holds no pattern files (markdown files that open with a frontmatter), "
            "so it is not a pattern library",
            str(root),
        )
    best = max(counts.values())
    tied = [f for f, n in counts.items() if n == best]
    tied.sort(key=lambda f: (f.name not in PATTERN_FOLDERS, len(f.parts), str(f)))
    return tied[0]


# ---------------------------------------------------------------- branches and remotes


def current_branch(repo: pygit2.Repository) -> str:
    if repo.head_is_unborn:
        raise SyncError("the library has no saved versions yet", repo.workdir)
    if repo.head_is_detached:
        raise SyncError(
            "the library's folder is set to an old version, not a branch: open it in git to choose one",
            repo.workdir,
        )
    return repo.head.shorthand


def remote_name(repo: pygit2.Repository, wanted: str | None = None) -> str:
    names = [r.name for r in repo.remotes]
    if wanted:
        if wanted not in names:
            raise SyncError(f"the library has no remote named {wanted!r} (it has: {', '.join(names) or 'none'})")
        return wanted
    if not names:
        raise SyncError("the library has no remote to share with or get from", repo.workdir)
    return "origin" if "origin" in names else names[0]


def default_branch(repo: pygit2.Repository, remote: str) -> str:
    """The remote's main line: what its HEAD points at when the clone recorded it, else main/master."""
    ref = repo.references.get(f"refs/remotes/{remote}/HEAD")
    if ref is not None and ref.type == pygit2.enums.ReferenceType.SYMBOLIC:
        return ref.target.removeprefix(f"refs/remotes/{remote}/")
    for name in ("main", "master", "trunk"):
        if f"refs/remotes/{remote}/{name}" in repo.references:
            return name
    return current_branch(repo)


# ---------------------------------------------------------------- who signs


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    def signature(self) -> pygit2.Signature:
        return pygit2.Signature(self.name, self.email)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @classmethod
    def parse(cls, text: str) -> Identity:
        m = re.fullmatch(r"\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*", text)
        if m is None:
            raise SyncError(f"write the author as Name <email>, not {text!r}")
        return cls(m.group(1), m.group(2))


def _identity_file() -> Path:
    return profile_dir("settings") / "identity.json"


def saved_identity() -> Identity | None:
    """The name and email the app asked for once (shared by the window and pattern-cli)."""
    try:
        data = json.loads(_identity_file().read_text("utf-8"))
        return Identity(data["name"], data["email"]) if data.get("name") and data.get("email") else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_identity(identity: Identity) -> None:
    from editor.model.document.storage import atomic_write

    path = _identity_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"name": identity.name, "email": identity.email}, indent=2).encode() + b"\n")


def identity_for(repo: pygit2.Repository | None, given: Identity | None = None) -> Identity:
    """``given``, else the app's saved identity, else git's configured user. Raises SyncError."""
    if given is not None:
        return given
    saved = saved_identity()
    if saved is not None:
        return saved
    if repo is not None:
        try:
            sig = repo.default_signature
            return Identity(sig.name, sig.email)
        except (KeyError, pygit2.GitError):
            pass
    raise SyncError('say who is sharing: a name and an email (--author "Name <email>", or the app asks once)')
