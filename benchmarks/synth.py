"""A synthetic library of any size, cloned from the corpus: ``python benchmarks/synth.py OUT [--count N]``.

Copy k of a pattern gets the slug ``<slug>-x<k>``, an id with a suffix of its own and a title
ending in "(k)"; its links point into the same copy. The corpus is a partial sample, so most
of its targets are missing: those are sent, deterministically, to an existing pattern of the
same copy, except about one in ten, which stays dangling as in a real library being written.
Only frontmatter lines are touched; bodies are copied as they are.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CORPUS

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
# `slug: x`, `- slug: x`, `id: x`, `target: x`, `- x` (bare slug or pat_ id), optionally quoted
_VALUE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?:(?P<key>slug|id|target):\s+)?)(?P<q>[\"']?)"
    r"(?P<value>[a-z0-9][a-z0-9_-]*)(?P=q)\s*$"
)
_PARENT = re.compile(r"^\s*([a-z_]+):\s*$")
_RELATIONS = {
    "generalizes_from",
    "specializes_to",
    "enables",
    "requires",
    "alternatives",
    "complementary",
    "tools",
    "related",
}
_TITLE = re.compile(r"^(title:\s+)(.*?)\s*$")


def _suffix_id(pattern_id: str, k: int) -> str:
    if k == 0:
        return pattern_id
    tail = "".join(_CROCKFORD[(k >> s) & 31] for s in (10, 5, 0))
    return pattern_id[:-3] + tail


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _retitle(line: str, k: int) -> str:
    m = _TITLE.match(line)
    if not m or k == 0:
        return line
    value = m.group(2)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return f"{m.group(1)}{value[:-1]} ({k}){value[-1]}"
    return f"{m.group(1)}{value} ({k})"


def generate(out: Path, count: int = 10_000, source: Path = CORPUS) -> list[Path]:
    """Write ``count`` pattern files into ``out`` (created if needed); returns their paths."""
    files = sorted(source.glob("*.md"))
    if not files:
        raise SystemExit(f"no pattern files in {source}")
    texts = [p.read_text(encoding="utf-8") for p in files]
    slugs = sorted(p.stem for p in files)
    ids: set[str] = set()
    for text in texts:
        m = re.search(r"^id:\s*(pat_[a-z0-9]+)\s*$", text, re.M)
        if m:
            ids.add(m.group(1))
    out.mkdir(parents=True, exist_ok=True)
    known = set(slugs)
    written: list[Path] = []
    k = 0
    while len(written) < count:
        for path, text in zip(files, texts):
            if len(written) >= count:
                break

            def slug_in_copy(value: str, k: int = k) -> str:
                if value not in known and _stable(value) % 10:
                    value = slugs[_stable(value) % len(slugs)]  # a missing target, sent to a real one
                return value if k == 0 else f"{value}-x{k}"

            end = text.find("\n---", 3)
            head, body = text[:end], text[end:]
            lines = head.split("\n")
            parent = ""
            for i, line in enumerate(lines):
                if line.startswith("title:"):
                    lines[i] = _retitle(line, k)
                    continue
                p = _PARENT.match(line)
                if p:
                    parent = p.group(1)
                    continue
                m = _VALUE.match(line)
                if not m:
                    continue
                value, key = m.group("value"), m.group("key")
                in_links = parent in _RELATIONS
                if value.startswith("pat_") and (key == "id" or in_links):
                    new = _suffix_id(value, k) if value in ids or (key == "id" and not line.startswith(" ")) else value
                elif key in ("slug", "target") or (key in (None, "id") and in_links):
                    new = slug_in_copy(value)
                else:
                    continue
                lines[i] = f"{m.group('lead')}{m.group('q')}{new}{m.group('q')}"
            name = path.stem if k == 0 else f"{path.stem}-x{k}"
            target = out / f"{name}.md"
            target.write_text("\n".join(lines) + body, encoding="utf-8")
            written.append(target)
        k += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.count)
    print(f"{len(paths)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
