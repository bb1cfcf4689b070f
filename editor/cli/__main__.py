"""``python -m editor.cli``: the same as ``pattern-cli``."""

import sys

from editor.cli import main

sys.exit(main())
