"""pattern-editor: the desktop application's entry point."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv if argv is None else ["pattern-editor", *argv])
    label = QLabel("Pattern Editor")
    label.resize(640, 400)
    label.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
