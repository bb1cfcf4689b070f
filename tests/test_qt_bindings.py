"""The installed Qt bindings must not leak references to None.

PySide6 6.12.0 returns None from void methods without taking a reference; every call to
``setText``, ``lineTo``… lowers None's count until Python 3.11 aborts with "none_dealloc".
pyproject excludes that release; this test catches any other build with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QLabel


def _none_delta(call, n: int = 2000) -> int:
    before = sys.getrefcount(None)
    for _ in range(n):
        call()
    return sys.getrefcount(None) - before


def test_void_methods_keep_none_alive(qapp) -> None:
    path = QPainterPath()
    point = QPointF(1.0, 2.0)
    label = QLabel()
    for name, call in (
        ("QPainterPath.lineTo", lambda: path.lineTo(point)),
        ("QLabel.setText", lambda: label.setText("x")),
    ):
        assert _none_delta(call) > -100, f"{name} leaks references to None: this PySide6 build crashes long sessions"
