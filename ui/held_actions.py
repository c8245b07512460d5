"""``HeldActions``: what the user does before the core runs, done in order once it does.

The window is painted before the core (runtime, page logic) is built; taps, edits and
menu actions made meanwhile are held here and released by ``go_live``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["HeldActions"]


class HeldActions:
    """Holds actions until :meth:`release`; after it, nothing is held."""

    def __init__(self) -> None:
        self._held: list[Callable[[], None]] = []
        self._live = False

    @property
    def live(self) -> bool:
        """Whether actions run as they happen (:meth:`release` was called)."""
        return self._live

    def hold(self, action: Callable[[], None]) -> bool:
        """Keep ``action`` if the core does not run yet; True if it was kept."""
        if self._live:
            return False
        self._held.append(action)
        return True

    def release(self, first: Callable[[], None] | None = None) -> None:
        """From now on actions run as they happen: call ``first`` (if given), then do the
        held actions in the order they were made."""
        self._live = True
        if first is not None:
            first()
        held, self._held = self._held, []
        for action in held:
            action()
