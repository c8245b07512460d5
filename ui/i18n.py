"""Interface language: Chinese (the sample's labels, the default) or English (the source text).

Every UI string is written in English and goes through Qt's translation system
(``self.tr`` / ``QCoreApplication.translate``). For Chinese, :func:`set_language`
installs every ``resources/translations/*_zh_CN.qm`` (one per UI area) plus Qt's
own ``qtbase_zh_CN.qm`` (standard dialog buttons); for English it removes them.
Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to
every widget, which retranslates itself in ``changeEvent``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import resource_path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "current_language",
    "installed_catalogs",
    "set_language",
    "translations_dir",
]

logger = logging.getLogger(__name__)

LANGUAGES: Final = ("zh", "en")
DEFAULT_LANGUAGE: Final = "zh"
_SUFFIX: Final = {"zh": "zh_CN"}
_LOCALES: Final = {
    "zh": QLocale("zh_CN"),
    "en": QLocale("en_US"),
}

_installed: list[tuple[str, QTranslator]] = []
_language: str = "en"  # nothing installed yet: the source text


def translations_dir() -> Path:
    return resource_path("translations")


def current_language() -> str:
    """``"zh"`` or ``"en"``: the language last set with :func:`set_language`."""
    return _language


def installed_catalogs() -> list[str]:
    """Names of the translation catalogs installed now (e.g. ``["qtbase_zh_CN", "main_zh_CN"]``)."""
    return [name for name, _ in _installed]


def _catalog_files(suffix: str) -> list[Path]:
    folder = translations_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*_{suffix}.qm"))


def set_language(language: str) -> list[str]:
    """Switch the interface to ``language`` (``"zh"`` or ``"en"``), live.

    Returns the catalogs installed. Raises ``ValueError`` for an unknown language.
    A catalog that cannot be loaded is logged and skipped (its strings stay English).
    """
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QCoreApplication")
    for _name, translator in _installed:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    QLocale.setDefault(_LOCALES[language])
    _language = language
    suffix = _SUFFIX.get(language)
    if suffix is None:
        return []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{suffix}", qt_dir):
        QCoreApplication.installTranslator(qt_base)
        _installed.append((f"qtbase_{suffix}", qt_base))
    else:
        logger.info("Qt's own %s translation is not available in %s", suffix, qt_dir)
    for path in _catalog_files(suffix):
        translator = QTranslator(app)
        if not translator.load(str(path)):
            logger.warning("could not load translation %s", path)
            continue
        QCoreApplication.installTranslator(translator)
        _installed.append((path.stem, translator))
    return installed_catalogs()
