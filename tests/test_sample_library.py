"""The bundled library: the seed byte for byte, zero errors, no dangling links."""

from __future__ import annotations

from editor.base.assets import sample_library
from editor.model.check.validation import validate
from editor.model.library.index import LibraryIndex
from editor.model.schema import open_pattern

from .conftest import SAMPLES, SEED


def test_seed_is_byte_identical_to_the_shared_seed() -> None:
    if SEED.exists():
        assert (SAMPLES / SEED.name).read_bytes() == SEED.read_bytes()


def test_library_validates_clean() -> None:
    files = sorted(SAMPLES.glob("*.md"))
    assert len(files) >= 10
    library = LibraryIndex(SAMPLES, use_cache=False)
    library.build()
    for path in files:
        findings = validate(open_pattern(path), library)
        bad = [f.text() for f in findings if f.severity == "error" or f.rule == "dangling-link"]
        assert not bad, bad


def test_assets_find_the_sample_library() -> None:
    assert sample_library().resolve() == SAMPLES.resolve()
