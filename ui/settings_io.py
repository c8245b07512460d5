"""Reading and writing the stored :class:`~app.config.AppConfig` (a ``QSettings`` group).

Kept apart from :mod:`ui.settings_panel` (which re-exports these names) so that the
start-up reads the settings without importing the panel's widgets: the panel is
built after the window's first paint.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from app.settings_store import Loaded, from_strings, to_strings

if TYPE_CHECKING:
    from app.config import AppConfig

__all__ = ["SETTINGS_GROUP", "load_config", "read_config", "save_config"]

logger = logging.getLogger(__name__)

# The ``QSettings`` group holding the config.
SETTINGS_GROUP = "config"


def _stored_text(value: Any) -> Any:
    """QSettings may hand back bools or ints from some back ends; strings stay strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value


def read_config(settings: QSettings) -> Loaded:
    """The stored config and the warnings about values that had to be reset."""
    settings.beginGroup(SETTINGS_GROUP)
    try:
        values = {key: _stored_text(settings.value(key)) for key in settings.childKeys()}
    finally:
        settings.endGroup()
    return from_strings(values)


def load_config(settings: QSettings) -> AppConfig:
    """The stored config; corrupt values fall back to defaults (logged), never an exception."""
    return read_config(settings).config


def save_config(settings: QSettings, config: AppConfig) -> bool:
    """Store ``config``; returns False (and logs) if the settings could not be written."""
    settings.beginGroup(SETTINGS_GROUP)
    try:
        for key, value in to_strings(config).items():
            settings.setValue(key, value)
    finally:
        settings.endGroup()
    settings.sync()
    if settings.status() is not QSettings.Status.NoError:
        logger.error(
            "could not save the settings to %s: %s", settings.fileName(), settings.status()
        )
        return False
    return True
