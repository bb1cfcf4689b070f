"""TypeIDs, slugs, the template, creating patterns (valid, unique, never overwriting), CLI."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model.check.validation import ERROR, INFO, WARNING, validate
from editor.model.errors import SaveError
from editor.model.library.index import LibraryIndex
from editor.model.library.newpattern import create_pattern, new_pattern_text, slugify, unique_slug, write_new
from editor.model.library.typeid import decode, encode, is_typeid, new_typeid, uuid7, uuid_of
from editor.model.schema import TYPEID_PATTERN, open_pattern

from .conftest import SAMPLES

SEED = SAMPLES / "restorative-practices-helpers.md"


# ---------------------------------------------------------------- TypeID


def test_new_typeid_is_a_strict_pattern_id() -> None:
    ids = [new_typeid() for _ in range(200)]
    assert all(re.match(TYPEID_PATTERN, i) for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # time-ordered, even within one millisecond
    u = uuid_of(ids[0])
    assert u.version == 7 and u.variant == "specified in RFC 4122"
    assert abs(int.from_bytes(u.bytes[:6], "big") / 1000 - dt.datetime.now().timestamp()) < 60
    assert new_typeid("user").startswith("user_") and is_typeid(ids[0]) and not is_typeid("pat_123")


def test_typeid_encoding_round_trips_and_rejects_bad_input() -> None:
    u = uuid7(ms=0x0123456789AB)
    assert decode(encode(u)) == u and len(encode(u)) == 26 and encode(u)[0] in "01234567"
    assert encode(uuid_of("pat_01khvcxd8reves5ybk5kxyw5aa")) == "01khvcxd8reves5ybk5kxyw5aa"
    for bad in ("8zzzzzzzzzzzzzzzzzzzzzzzzz", "01khvcxd8reves5ybk5kxyw5ai", "short"):
        with pytest.raises(ValueError):
            decode(bad)
    with pytest.raises(ValueError):
        new_typeid("Bad-Prefix")


# ---------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Peer Support Circles", "peer-support-circles"),
        ("Café Culture & Co.", "cafe-culture-co"),
        ("  The Founder's   Dilemma!  ", "the-founders-dilemma"),
        ("Zero-Knowledge (ZK) Proofs", "zero-knowledge-zk-proofs"),
        ("1984", "1984"),
        ("???", "untitled-pattern"),
        ("北京", "untitled-pattern"),
        ("word " * 30, ("word-" * 12).rstrip("-")),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", slugify(title)) and len(slugify(title)) <= 60


def test_unique_slug_counts_up(tmp_path: Path) -> None:
    assert unique_slug(tmp_path, "x") == "x"
    (tmp_path / "x.md").write_text("")
    (tmp_path / "x-2.md").write_text("")
    assert unique_slug(tmp_path, "x") == "x-3"
    index = LibraryIndex(SAMPLES, cache_dir=tmp_path / "cache")
    index.build()
    assert unique_slug(tmp_path, "peer-support-circles", index) == "peer-support-circles-2"


# ---------------------------------------------------------------- the template


def _layout(text: str) -> list[str]:
    """Banner, comment and blank lines, and each key with its indentation (values and list items dropped)."""
    fm = text.split("\n---\n", 1)[0]
    out = []
    for line in fm.splitlines():
        if not line.strip() or line.startswith("#") or line == "---":
            out.append(line)
        else:
            m = re.match(r"^( {0,4}[a-z_]+):", line)  # list items' own keys sit deeper (or after "- ")
            if m:
                out.append(m.group(1))
    return out


FULL = {
    "summary": "Neighbours share surplus through a standing network, the way fungi move nutrients between trees "
    "in a forest.",
    "labels": {
        "corporate": "Surplus Sharing Networks",
        "government": "Community Resource Exchange",
        "activist": "Mutual Aid Webs",
        "tech": "Resource Routing",
    },
    "tension": "Scarcity vs. Abundance",
    "attribution": "commons.engineering by cloudsters, https://cloudsters.net",
}


def test_template_has_the_seed_layout() -> None:
    text = new_pattern_text("Mycelial Mutual Aid", "mycelial-mutual-aid", **FULL)
    seed = SEED.read_text(encoding="utf-8")
    mine = _layout(text)
    theirs = [line for line in _layout(seed) if line != "    vitality_reasoning"]  # not written: no placeholder
    assert mine == theirs  # same banners, blank lines, keys and key order
    sections = re.findall(r"^### (.+)$", text, re.M)
    assert sections == [
        f"Section {i}: {n}"
        for i, n in enumerate(
            [
                "Context",
                "Problem",
                "Solution",
                "Implementation",
                "Consequences",
                "Known Uses",
                "Cognitive Era",
                "Vitality",
            ],
            1,
        )
    ]
    assert text.count("\n---\n") == 9  # closing delimiter + the rule after the callout + 7 between sections
    assert "> **The core conflict is Scarcity vs. Abundance.**" in text


def test_template_writes_no_placeholders_or_empty_values() -> None:
    for layout in ("v7.1", "legacy"):
        for options in ({}, FULL):
            text = new_pattern_text("X", "x", layout=layout, **options)
            assert '""' not in text and "''" not in text.replace("version: '1.0'", "")
            assert not re.search(r"\{[A-Za-z]", text) and "Force A" not in text and "*(" not in text
            data = yaml.safe_load(text.split("---\n")[1])
            labels = data.get("context_labels") or {}
            assert all(isinstance(v, str) and v.strip() for v in labels.values())
    bare = yaml.safe_load(new_pattern_text("X", "x").split("---\n")[1])
    assert "context_labels" not in bare and "summary" not in bare and "attribution" not in bare
    some = yaml.safe_load(new_pattern_text("X", "x", labels={"tech": "X for Products"}).split("---\n")[1])
    assert some["context_labels"] == {"tech": "X for Products"}


def test_new_pattern_validates_without_errors(tmp_path: Path) -> None:
    path = create_pattern(tmp_path, "Mycelial Mutual Aid", **FULL)
    assert path == tmp_path / "mycelial-mutual-aid.md"
    doc = open_pattern(path)
    findings = validate(doc, LibraryIndex(tmp_path, use_cache=False))
    assert [f for f in findings if f.severity == ERROR] == []
    # what is left for the curator to write, and only that
    assert {(f.rule, f.message.split(" (")[0]) for f in findings if f.severity == WARNING} <= {
        ("spec-key-missing", "Vitality reasoning"),
        ("body-sections", "Section 3 should open with '> **Therefore, …**'"),
    }
    assert {f.rule for f in findings if f.severity == INFO} == {"word-count"}  # the sections are empty
    data = doc.data
    assert re.match(TYPEID_PATTERN, data["id"]) and data["slug"] == "mycelial-mutual-aid"
    assert data["title"] == "Mycelial Mutual Aid" and data["context_labels"] == FULL["labels"]
    assert (
        data["summary"].startswith("Neighbours share surplus")
        and data["graph_garden"]["last_pruned"] == dt.date.today()
    )
    assert all(
        len(line) <= 72
        for line in path.read_text(encoding="utf-8").split("\n---\n")[0].splitlines()
        if not line.startswith("#") and not line.startswith("attribution")
    )
    text = path.read_text(encoding="utf-8")
    assert text.endswith("### Section 8: Vitality\n") and "\r" not in text and not re.search(r"[ \t]$", text, re.M)


def test_legacy_layout_validates_without_errors(tmp_path: Path) -> None:
    path = create_pattern(tmp_path, "Flat Pattern", summary="An older, flat file.", layout="legacy")
    doc = open_pattern(path)
    assert "classification" in doc.data and "ontology" not in doc.data and "relationships" not in doc.data
    assert [f for f in validate(doc) if f.severity == ERROR] == []


@pytest.mark.parametrize(
    "title",
    ['A "quoted" title: with # signs', "Ünïcödé ✓ Pattern", "1984", "Yes", "null", "back\\slash", "tab\tand\nnewline"],
)
def test_awkward_titles_read_back_exactly(tmp_path: Path, title: str) -> None:
    path = create_pattern(tmp_path, title, summary="A summary.")
    doc = open_pattern(path)
    assert doc.data["title"] == " ".join(title.split())
    assert isinstance(doc.data["slug"], str) and doc.data["slug"] == path.stem
    assert [f for f in validate(doc) if f.severity == ERROR] == []


def test_new_pattern_text_is_deterministic_given_its_inputs() -> None:
    a = new_pattern_text("X", "x", today=dt.date(2026, 1, 2), pattern_id="pat_01khvcxd8reves5ybk5kxyw5aa")
    b = new_pattern_text("X", "x", today=dt.date(2026, 1, 2), pattern_id="pat_01khvcxd8reves5ybk5kxyw5aa")
    assert a == b and "last_pruned: 2026-01-02\n" in a and "id: pat_01khvcxd8reves5ybk5kxyw5aa\n" in a
    assert "summary" not in yaml.safe_load(a.split("---\n")[1])  # never a placeholder summary
    with pytest.raises(ValueError):
        new_pattern_text("   ", "x")
    with pytest.raises(ValueError):
        new_pattern_text("X", "Not A Slug")


def test_create_never_overwrites_and_numbers_slugs(tmp_path: Path) -> None:
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    first = create_pattern(tmp_path, "Shared Kitchen", index=index)
    before = first.read_bytes()
    second = create_pattern(tmp_path, "Shared Kitchen", index=index)
    third = create_pattern(tmp_path, "shared kitchen!", index=index)
    assert [p.name for p in (first, second, third)] == [
        "shared-kitchen.md",
        "shared-kitchen-2.md",
        "shared-kitchen-3.md",
    ]
    assert first.read_bytes() == before
    assert index.get("shared-kitchen-3") is not None and len(index) == 3
    assert open_pattern(second).data["id"] != open_pattern(first).data["id"]
    with pytest.raises(SaveError, match="already exists"):
        write_new(first, b"overwritten?")
    assert first.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "shared-kitchen-2.md",
        "shared-kitchen-3.md",
        "shared-kitchen.md",
    ]  # no temporary files left
    with pytest.raises(SaveError, match="not a folder"):
        create_pattern(tmp_path / "missing", "X")


def test_stub_for_a_dangling_link_keeps_the_slug(tmp_path: Path) -> None:
    from editor.model.library.newpattern import create_stub

    from .test_library import write_pattern

    write_pattern(tmp_path, "linker", rels={"enables": ["mutual-aid-fund"]})
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    assert [link.target for link in index.dangling()] == ["mutual-aid-fund"]
    path = create_stub(tmp_path, "mutual-aid-fund", index=index)
    assert path.name == "mutual-aid-fund.md" and index.get("mutual-aid-fund").title == "Mutual Aid Fund"
    assert index.dangling() == []
    with pytest.raises(SaveError, match="already exists"):
        create_stub(tmp_path, "mutual-aid-fund")
    with pytest.raises(ValueError):
        create_stub(tmp_path, "Not A Slug")


def test_cli_new(capsys, tmp_path: Path) -> None:
    assert (
        main(
            ["new", str(tmp_path), "--title", "Seed Library", "--summary", "Lend seeds, get seeds back.", "--no-cache"]
        )
        == 0
    )
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "seed-library.md" and path.exists()
    assert main(["validate", str(path), "--fail-on", "error"]) == 0
    capsys.readouterr()
    assert main(["new", str(tmp_path), "--title", "   ", "--no-cache"]) == 2
    assert main(["new", str(tmp_path / "nope"), "--title", "X"]) == 2
