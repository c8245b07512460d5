"""Suite-wide setup: Qt renders offscreen, so the tests need no display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from tests.servers.hostile import hostile  # noqa: F401  (fixture for every test)
