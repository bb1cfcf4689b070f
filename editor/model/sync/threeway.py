"""Three-way merges for getting the latest: whole trees (for a merge commit) and single files.

Pattern files go through the semantic merge (fields by path, relationships by slug, body by
section), so a score and the pillar below it, or two relationships, combine without a conflict. Files
that are not patterns, or do not parse, fall back to libgit2's line merge.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygit2
from pygit2.enums import FileMode

from editor.model.document.split import decode
from editor.model.errors import PatternError
from editor.model.merge.merge import MergeResult, merge_texts
from editor.model.sync.repo import is_pattern_path


@dataclass
class Merged:
    data: bytes
    clean: bool
    semantic: MergeResult | None = None  # the semantic merge's result (its conflict record)

    @property
    def record(self) -> list[dict]:
        return self.semantic.record() if self.semantic is not None else []


def merge_bytes(
    repo: pygit2.Repository, path: str, base: bytes | None, ours: bytes, theirs: bytes, names: tuple[str, str]
) -> Merged:
    """Merge THEIRS' change (from BASE) into OURS."""
    if ours == theirs or theirs == base:
        return Merged(ours, True)
    if ours == base:
        return Merged(theirs, True)
    if base is not None and is_pattern_path(path):
        try:
            texts = [decode(b, path) for b in (base, ours, theirs)]
            result = merge_texts(*texts, names=("base", names[0], names[1]))
            return Merged(result.text.encode("utf-8"), result.clean, result)
        except PatternError:
            pass  # a side does not parse: merge its lines
    return _line_merge(repo, path, base, ours, theirs, names)


def _line_merge(
    repo: pygit2.Repository, path: str, base: bytes | None, ours: bytes, theirs: bytes, names: tuple[str, str]
) -> Merged:
    def entry(data: bytes | None) -> pygit2.IndexEntry | None:
        return None if data is None else pygit2.IndexEntry(path, repo.create_blob(data), FileMode.BLOB)

    result = repo.merge_file_from_index(entry(base), entry(ours), entry(theirs))
    return Merged(result.contents.encode("utf-8"), bool(result.automergeable))


def _blob(tree: pygit2.Tree, path: str) -> tuple[pygit2.Oid, int] | None:
    try:
        obj = tree[path]
    except KeyError:
        return None
    return obj.id, obj.filemode


def changed_between(repo: pygit2.Repository, a: pygit2.Tree, b: pygit2.Tree) -> dict[str, str]:
    """Paths that differ between two trees: path -> added | modified | deleted."""
    out: dict[str, str] = {}
    for d in repo.diff(a, b).deltas:
        char = d.status_char()
        if char == "A":
            out[d.new_file.path] = "added"
        elif char == "D":
            out[d.old_file.path] = "deleted"
        else:
            out[d.new_file.path] = "modified"
    return out


def merge_trees(
    repo: pygit2.Repository, base: pygit2.Tree, ours: pygit2.Tree, theirs: pygit2.Tree, names: tuple[str, str]
) -> tuple[pygit2.Oid, set[str]]:
    """OURS' tree with THEIRS' changes since BASE. A path both sides changed that does not merge
    cleanly keeps OURS' version; those paths are returned for the working folder to show."""
    index = pygit2.Index()
    index.read_tree(ours)
    conflicted: set[str] = set()
    for path in changed_between(repo, base, theirs):
        b, o, t = _blob(base, path), _blob(ours, path), _blob(theirs, path)
        if o == b or (o is None and b is None):
            _put(index, path, t)
        elif o == t:
            continue
        elif o is None or t is None:
            # one side removed what the other changed: keep the changed version, nothing is lost
            _put(index, path, o or t)
        else:
            merged = merge_bytes(repo, path, repo[b[0]].data if b else None, repo[o[0]].data, repo[t[0]].data, names)
            if merged.clean:
                _put(index, path, (repo.create_blob(merged.data), o[1]))
            else:
                conflicted.add(path)
    return index.write_tree(repo), conflicted


def _put(index: pygit2.Index, path: str, blob: tuple[pygit2.Oid, int] | None) -> None:
    if blob is None:
        try:
            index.remove(path)
        except (OSError, KeyError, pygit2.GitError):
            pass
    else:
        index.add(pygit2.IndexEntry(path, blob[0], blob[1]))
