"""Concurrent saves lose nothing: every `pattern-cli set` either keeps its change or says it refused.

The CI test runs 10 processes x 3 rounds; PE_STRESS=1 runs the 10 x 30 of the issue
(``PE_STRESS=1 pytest -m slow tests/test_concurrent_saves.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from editor.model.document import storage
from editor.model.errors import ExternalChangeError
from editor.model.schema import open_pattern

from .conftest import ROOT, SAMPLES

SEED = "restorative-practices-helpers.md"
# ten different keys, each set by its own process
KEYS = [
    "title",
    "summary",
    "context_labels.corporate",
    "context_labels.government",
    "context_labels.activist",
    "context_labels.tech",
    "ontology.domain",
    "ontology.search_hints.primary_tension",
    "ontology.commons_assessment.vitality_reasoning",
    "aliases",
]


def _value(key: str, round_: int, proc: int) -> str:
    if key == "ontology.domain":
        return f"d-r{round_}-p{proc}"
    if key.endswith("primary_tension"):
        return f"A{round_}x{proc} vs. B"
    if key == "aliases":
        return f"[a{round_}x{proc}]"
    return f"v{round_}x{proc}"


def _in_file(data: dict, key: str, want: str) -> bool:
    for part in key.split("."):
        data = data[part]
    return data == [want[1:-1]] if key == "aliases" else str(data) == want


def stress(folder: Path, rounds: int) -> dict[str, int]:
    """Run ``len(KEYS)`` concurrent `set` processes per round; count saved, lost and refused runs."""
    path = folder / SEED
    path.write_bytes((SAMPLES / SEED).read_bytes())
    counts = {"saved": 0, "lost": 0, "refused": 0}
    for r in range(rounds):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "editor.cli", "set", str(path), f"{k}={_value(k, r, i)}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for i, k in enumerate(KEYS)
        ]
        results = [(p.communicate(), p.returncode) for p in procs]
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        for i, (key, ((out, err), code)) in enumerate(zip(KEYS, results)):
            if code == 0 and "saved" in out:
                counts["saved"] += 1
                counts["lost"] += not _in_file(data, key, _value(key, r, i))
            else:
                assert code != 0 and err.strip(), f"{key}: neither saved nor said why: {out!r} {err!r}"
                counts["refused"] += 1
    return counts


def test_ten_concurrent_sets_lose_nothing(tmp_path: Path) -> None:
    counts = stress(tmp_path, rounds=3)
    assert counts["lost"] == 0, counts
    assert counts["saved"] == 3 * len(KEYS), counts  # under the lock each re-reads the file: none needs to refuse


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.skipif(not os.environ.get("PE_STRESS"), reason="set PE_STRESS=1 for the 10 x 30 stress run")
def test_ten_concurrent_sets_thirty_rounds(tmp_path: Path) -> None:
    counts = stress(tmp_path, rounds=30)
    print(f"10 processes x 30 rounds: {counts}")
    assert counts["lost"] == 0, counts


def test_stamp_check_and_replace_are_one_step(tmp_path: Path, monkeypatch) -> None:
    """Two editors that opened the same version save at once: one wins, the other is refused.
    A slow temporary-file write widens the gap between the stamp check and the replace; without
    the lock both passed the check and the first save was silently lost."""
    path = tmp_path / SEED
    path.write_bytes((SAMPLES / SEED).read_bytes())
    docs = [open_pattern(path) for _ in range(2)]
    for i, doc in enumerate(docs):
        doc.set("title", f"Editor {i}")
    slow_temp = storage._complete_temp

    def slow(*args, **kwargs):
        time.sleep(0.2)
        return slow_temp(*args, **kwargs)

    monkeypatch.setattr(storage, "_complete_temp", slow)
    outcomes: dict[int, str] = {}
    start = threading.Barrier(2)

    def save(i: int) -> None:
        start.wait()
        try:
            docs[i].save()
            outcomes[i] = "saved"
        except ExternalChangeError:
            outcomes[i] = "refused"

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(i for i, o in outcomes.items() if o == "saved")
    assert f"Editor {winner}" in path.read_text(encoding="utf-8")
