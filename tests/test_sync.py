"""Git inside the app, on local bare repositories over file://: clone, changes, share, get the latest.

The two-clone test is the issue's: each clone edits the same pattern on adjacent lines, each shares
and updates in turn, and both changes end up in both clones with no conflict and no other byte changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pygit2
import pytest

from editor.model.sync import changes as sync_changes
from editor.model.sync import clone, share, update
from editor.model.sync.errors import NotALibrary, NothingToShare, PushRejected, SyncError, UnresolvedConflicts
from tests.sync_helpers import ANN, BEN, edit, make_bare_library, url_of

SCORE = "    resilience: 4.5\n"
PILLAR = "    ownership: 3.0\n"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    return make_bare_library(tmp_path)


def _clone(bare: Path, dest: Path) -> Path:
    return clone.clone(url_of(bare), dest).library


def test_clone_finds_the_pattern_folder_and_leaves_nothing_else(bare: Path, tmp_path: Path) -> None:
    got = clone.clone(url_of(bare), tmp_path / "mine")
    assert got.root == tmp_path / "mine"
    assert got.library == tmp_path / "mine" / "_patterns"
    assert sorted(p.name for p in got.library.iterdir()) == [
        "adaptive-facilitation.md",
        "harm-repair-conversations.md",
        "peer-support-circles.md",
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-made folder
    assert "*.conflicts.json" in (got.root / ".git" / "info" / "exclude").read_text()


def test_clone_from_a_plain_local_path(bare: Path, tmp_path: Path) -> None:
    assert clone.clone(str(bare), tmp_path / "a").library.name == "_patterns"
    # a "fast start" from a local folder is a full copy: libgit2 cannot make a local one shallow
    assert not pygit2.Repository(str(clone.clone(str(bare), tmp_path / "b", depth=1).root)).is_shallow


def test_clone_refuses_a_folder_in_use_and_a_repository_without_patterns(bare: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(SyncError, match="not empty"):
        clone.clone(url_of(bare), busy)
    assert (busy / "notes.txt").read_text() == "mine"
    empty = tmp_path / "plain"
    repo = pygit2.init_repository(str(empty), initial_head="main")
    (empty / "README.md").write_text("# nothing here\n")
    repo.index.add_all()
    repo.index.write()
    sig = ANN.signature()
    repo.create_commit("HEAD", sig, sig, "readme\n", repo.index.write_tree(), [])
    with pytest.raises(NotALibrary, match="not a pattern library"):
        clone.clone(str(empty), tmp_path / "x")
    assert not (tmp_path / "x").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".x")]


def test_cancel_removes_the_half_made_clone(bare: Path, tmp_path: Path) -> None:
    from editor.model.sync.errors import Cancelled

    with pytest.raises(Cancelled):
        clone.clone(url_of(bare), tmp_path / "c", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.git"]


def test_changes_list_each_pattern_with_a_semantic_summary(bare: Path, tmp_path: Path) -> None:
    lib = _clone(bare, tmp_path / "mine")
    assert sync_changes.changes(lib).is_empty
    edit(lib / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    edit(
        lib / "adaptive-facilitation.md",
        "  enables:\n",
        "  enables:\n    - slug: harm-repair-conversations\n      weight: 0.6\n",
    )
    (lib / "peer-support-circles.md").unlink()
    shutil.copyfile(lib / "harm-repair-conversations.md", lib / "new-one.md")
    got = sync_changes.changes(lib)
    by = {Path(f.path).name: f for f in got.files}
    assert by["adaptive-facilitation.md"].summary == "Resilience 4.5 → 3.5; +1 enables"
    assert by["adaptive-facilitation.md"].title == "Adaptive Facilitation"
    assert (by["peer-support-circles.md"].status, by["new-one.md"].status) == ("deleted", "added")
    assert json.loads(json.dumps(got.to_json()))["branch"] == "main"


def test_discard_restores_the_last_sync_and_gives_the_bytes_back(bare: Path, tmp_path: Path) -> None:
    from editor.model.sync.aside import discard, restore
    from editor.model.sync.repo import open_repo

    lib = _clone(bare, tmp_path / "mine")
    target = lib / "adaptive-facilitation.md"
    original = target.read_bytes()
    edit(target, SCORE, "    resilience: 1.0\n")
    edited = target.read_bytes()
    repo = open_repo(lib)
    assert discard(repo, "_patterns/adaptive-facilitation.md") == edited
    assert target.read_bytes() == original
    restore(repo, "_patterns/adaptive-facilitation.md", edited)  # undo
    assert target.read_bytes() == edited
    kept = list((Path(repo.path) / "pattern-editor" / "kept-aside").rglob("adaptive-facilitation.md"))
    assert [k.read_bytes() for k in kept] == [edited]


def test_two_contributors_edit_adjacent_lines_and_both_changes_reach_both(bare: Path, tmp_path: Path) -> None:
    a = _clone(bare, tmp_path / "ann")
    b = _clone(bare, tmp_path / "ben")
    name = "adaptive-facilitation.md"
    original = (a / name).read_bytes()
    edit(a / name, SCORE, "    resilience: 3.5\n")
    edit(b / name, PILLAR, "    ownership: 4.0\n")
    shared = share.share(a, "Resilience lower\n", branch="main", identity=ANN)
    assert shared.direct and shared.pull_request is None
    with pytest.raises(PushRejected, match="get the latest first"):
        share.share(b, "Ownership higher\n", branch="main", identity=BEN)
    assert b"ownership: 4.0" in (b / name).read_bytes()  # kept while rejected
    got = update.update(b, identity=BEN)
    assert not got.conflicts and got.merge_commit
    assert got.summary() == "1 pattern updated"
    share.share(b, branch="main", identity=BEN)  # the earlier commit, now with the merge
    back = update.update(a, identity=ANN)
    assert not back.conflicts and not back.merge_commit
    both = original.replace(SCORE.encode(), b"    resilience: 3.5\n").replace(PILLAR.encode(), b"    ownership: 4.0\n")
    assert (a / name).read_bytes() == both
    assert (b / name).read_bytes() == both
    for lib in (a, b):
        assert sync_changes.changes(lib).is_empty


def test_two_relationships_added_side_by_side_merge(bare: Path, tmp_path: Path) -> None:
    a = _clone(bare, tmp_path / "ann")
    b = _clone(bare, tmp_path / "ben")
    name = "adaptive-facilitation.md"
    anchor = "    - slug: reflective-debrief-rituals\n      weight: 0.78\n"
    edit(a / name, anchor, anchor + "    - slug: harm-repair-conversations\n      weight: 0.61\n")
    edit(b / name, anchor, anchor + "    - slug: peer-support-circles-two\n      weight: 0.52\n")
    share.share(a, branch="main", identity=ANN)
    got = update.update(b, identity=BEN)  # b's edit is not committed yet: merged in the working folder
    assert not got.conflicts and got.merged == ["_patterns/" + name]
    text = (b / name).read_text()
    assert "harm-repair-conversations\n      weight: 0.61" in text and "peer-support-circles-two" in text


def test_topic_branch_share_gives_a_pull_request_address(bare: Path, tmp_path: Path) -> None:
    lib = _clone(bare, tmp_path / "ann")
    repo = pygit2.Repository(str(lib.parent))
    edit(lib / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    plan = share.plan(lib)
    assert plan.message.startswith("Adaptive Facilitation: Resilience 4.5 → 3.5")
    assert plan.branch == "patterns/adaptive-facilitation-resilience"
    done = share.share(lib, identity=ANN)
    assert done.branch == plan.branch and not done.direct
    assert done.pull_request is None  # a local remote: no forge to open a pull request on
    remote = pygit2.Repository(str(bare))
    assert remote.references[f"refs/heads/{plan.branch}"].target == repo.head.target
    assert repo.head.shorthand == plan.branch
    assert sync_changes.changes(lib).is_empty
    with pytest.raises(NothingToShare):
        share.share(lib, identity=ANN)


def test_same_field_conflict_opens_with_markers_and_blocks_sharing(bare: Path, tmp_path: Path) -> None:
    a = _clone(bare, tmp_path / "ann")
    b = _clone(bare, tmp_path / "ben")
    name = "adaptive-facilitation.md"
    edit(a / name, SCORE, "    resilience: 3.5\n")
    edit(b / name, SCORE, "    resilience: 2.0\n")
    share.share(a, branch="main", identity=ANN)
    mine = (b / name).read_bytes()
    got = update.update(b, identity=BEN)
    path = "_patterns/" + name
    assert list(got.conflicts) == [path]
    assert got.conflicts[path][0]["path"] == "ontology.commons_assessment.resilience"
    assert (b / (name + ".conflicts.json")).exists()
    assert got.aside is not None and (got.aside / path).read_bytes() == mine
    assert sync_changes.changes(b).files[0].conflicted
    with pytest.raises(UnresolvedConflicts):
        share.share(b, branch="main", identity=BEN)
    with pytest.raises(UnresolvedConflicts):
        update.update(b, identity=BEN)


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (
            "git@github.com:commons/patterns.git",
            "https://github.com/commons/patterns/compare/main...patterns/x?expand=1",
        ),
        (
            "https://github.com/commons/patterns",
            "https://github.com/commons/patterns/compare/main...patterns/x?expand=1",
        ),
        (
            "https://gitlab.com/group/sub/patterns.git",
            "https://gitlab.com/group/sub/patterns/-/merge_requests/new?merge_request%5Bsource_branch%5D=patterns/x"
            "&merge_request%5Btarget_branch%5D=main",
        ),
        (
            "ssh://git@codeberg.org/commons/patterns.git",
            "https://codeberg.org/commons/patterns/compare/main...patterns/x",
        ),
        ("https://git.example.org/commons/patterns.git", None),
        ("/srv/git/library.git", None),
    ],
)
def test_pull_request_address_per_forge(remote: str, expected: str | None) -> None:
    from editor.model.sync.forge import pull_request_url

    assert pull_request_url(remote, "patterns/x", "main") == expected
