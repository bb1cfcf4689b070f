"""TypeIDs: ``pat_`` + a UUIDv7 in 26 lowercase Crockford base32 characters (first one 0-7).

Time-ordered (the first 48 bits are Unix milliseconds), so new ids sort after older ones;
ids minted within the same millisecond by this process still increase.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case: no i, l, o, u
_DECODE = {ch: i for i, ch in enumerate(ALPHABET)}
_SUFFIX = re.compile(r"^[0-7][0-9a-hjkmnp-tv-z]{25}$")
_PREFIX = re.compile(r"^[a-z]([a-z_]{0,61}[a-z])?$")
_lock = threading.Lock()
_last = (0, 0)  # (milliseconds, 74 random bits) of the last id minted here


def uuid7(ms: int | None = None) -> uuid.UUID:
    """A version-7 UUID (RFC 9562): 48-bit ms timestamp, version, 74 random bits, variant."""
    global _last
    now = int(time.time() * 1000) if ms is None else ms
    rand = int.from_bytes(os.urandom(10), "big") >> 6  # 74 bits
    with _lock:
        last_ms, last_rand = _last
        if now <= last_ms:  # same millisecond (or the clock stepped back): keep ids increasing
            now, rand = last_ms, last_rand + 1
            if rand >= 1 << 74:
                now, rand = last_ms + 1, 0
        _last = (now, rand)
    value = (now & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))
    return uuid.UUID(int=value)


def encode(value: uuid.UUID) -> str:
    """26 base32 characters for 128 bits (the two spare top bits are zero, hence 0-7 first)."""
    n = value.int
    return "".join(ALPHABET[(n >> (5 * i)) & 31] for i in reversed(range(26)))


def decode(suffix: str) -> uuid.UUID:
    if not _SUFFIX.match(suffix):
        raise ValueError(f"{suffix!r} is not a 26-character TypeID suffix")
    n = 0
    for ch in suffix:
        n = n << 5 | _DECODE[ch]
    return uuid.UUID(int=n)


def new_typeid(prefix: str = "pat") -> str:
    """A fresh TypeID such as ``pat_01khvcxd8reves5ybk5kxyw5aa``."""
    if not _PREFIX.match(prefix):
        raise ValueError(f"TypeID prefix {prefix!r} must be lowercase letters (and inner underscores)")
    return f"{prefix}_{encode(uuid7())}"


def uuid_of(typeid: str) -> uuid.UUID:
    """The UUID inside a TypeID (``ValueError`` when it is not one)."""
    prefix, sep, suffix = typeid.rpartition("_")
    if not sep or not _PREFIX.match(prefix):
        raise ValueError(f"{typeid!r} is not a TypeID (prefix_suffix)")
    return decode(suffix)


def is_typeid(text: str, prefix: str = "pat") -> bool:
    return text.startswith(prefix + "_") and bool(_SUFFIX.match(text[len(prefix) + 1 :]))
