"""Exceptions of ttsocket-demo.

Exception tree::

    TTSocketError
    └── ConfigError       a runtime or app setting is invalid (bad mode, CA file, domain)

The tt API itself never raises for bad input: it reports through ``fail`` and
``onError`` callbacks. These exceptions are for configuration done in code.
"""

from __future__ import annotations

__all__ = ["ConfigError", "TTSocketError"]


class TTSocketError(Exception):
    """Root of every ttsocket-demo exception."""


class ConfigError(TTSocketError, ValueError):
    """A setting is invalid; the message says which and why."""
