"""How much a key is demanded, as in PATTERN_FORMAT.md: R required, S expected in every v7.1 file,
O optional, X an extension seen in real files (kept, never demanded).

A module of its own so that the kinds, which check missing keys, sit below the ``Field`` naming them.
"""

REQUIRED, EXPECTED, OPTIONAL, EXTENSION = "R", "S", "O", "X"
