"""Crash recovery: unsaved text kept beside the user's state, offered back on the next start.

One JSON file per document, written atomically; removed when the document is saved or its
changes are discarded. Nothing here ever touches the pattern file itself.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from editor.model.document.storage import atomic_write
from editor.model.errors import PatternError, SaveError


@dataclass(frozen=True)
class Recovered:
    path: str
    text: str
    saved_digest: str  # sha256 of the file as it was when the edits began
    time: float

    @property
    def name(self) -> str:
        return Path(self.path).name


def default_folder() -> Path:
    from editor.base.profile import profile_dir

    return profile_dir("state") / "recovery"


class RecoveryStore:
    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder else default_folder()

    def _file(self, path: str) -> Path:
        key = hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{key}.json"

    def keep(self, path: str, text: str, saved_digest: str) -> None:
        """Snapshot unsaved text. Every failure (full disk, no folder, text that cannot be encoded)
        comes out as SaveError naming the snapshot file, so callers can report it and carry on."""
        target = self.folder
        try:
            target = self._file(path)
            self.folder.mkdir(parents=True, exist_ok=True)
            payload = {
                "path": str(Path(path).resolve()),
                "text": text,
                "saved_digest": saved_digest,
                "time": time.time(),
                "format": 1,
            }
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        # a lone surrogate raises UnicodeEncodeError (a ValueError); resolve() of a link loop, RuntimeError
        except (OSError, ValueError, RuntimeError) as exc:
            raise SaveError(f"unsaved work not kept for recovery: {exc}", str(target)) from None
        try:
            atomic_write(target, data)
        except PatternError as exc:
            raise SaveError(f"unsaved work not kept for recovery: {exc.message}", str(target)) from None
        except OSError as exc:
            raise SaveError(f"unsaved work not kept for recovery: {exc.strerror or exc}", str(target)) from None

    def discard(self, path: str) -> None:
        try:
            self._file(path).unlink()
        except FileNotFoundError:
            pass

    def entries(self) -> list[Recovered]:
        if not self.folder.is_dir():
            return []
        found = []
        for file in sorted(self.folder.glob("*.json")):
            try:
                payload = json.loads(file.read_text(encoding="utf-8"))
                found.append(
                    Recovered(
                        payload["path"], payload["text"], payload.get("saved_digest", ""), float(payload.get("time", 0))
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged recovery file is skipped, never fatal
        return found
