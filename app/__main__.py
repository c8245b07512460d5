"""``python -m app``: start the desktop app (the same as the ``ttsocket-demo`` command).

The UI is imported inside :func:`main`, so ``import app`` never imports Qt.
"""

from __future__ import annotations

import sys


def main() -> int:
    from ui.main import main as run_ui

    return run_ui(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
