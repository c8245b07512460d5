"""Access to the files of the :mod:`resources` package, and the bundled fonts.

Everything the UI loads from disk goes through :func:`resource_path` or
:func:`read_text`, so the same code works from a source checkout, an installed wheel
and an archive: files are read from the package's folder when it has one (what
:func:`importlib.resources.files` gives in that case), and through
:mod:`importlib.resources` only when the package is imported from an archive (that
module is not loaded at start-up otherwise).

Fonts: ``resources/fonts`` ships a subset of Noto Sans CJK SC (family name
``"Noto Sans CJK SC"``) so Chinese labels render as real glyphs on machines without
any CJK font.  Call :func:`load_fonts` once a :class:`~PySide6.QtGui.QGuiApplication`
exists, then use :func:`app_font` (the platform's UI family for Latin text, the CJK
subset as fallback for everything the UI family lacks).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "CJK_FAMILY",
    "CJK_FONT_FILE",
    "FONT_SUFFIXES",
    "app_font",
    "cjk_family",
    "latin_family",
    "load_fonts",
    "read_text",
    "resource_path",
]

_log = logging.getLogger(__name__)

#: The package holding the data files.
_PACKAGE = "resources"

#: File name of the bundled CJK subset inside ``resources/fonts``.
CJK_FONT_FILE = "NotoSansSC-Subset.otf"

#: Family name stored in the subset's name table (what Qt registers).
CJK_FAMILY = "Noto Sans CJK SC"

#: Font files :func:`load_fonts` registers.
FONT_SUFFIXES = frozenset({".otf", ".ttf"})

#: Keeps files extracted from a non-filesystem install (zip) alive until exit.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)

#: Registered fonts: resource name -> (Qt application font id, families).
_registered: dict[str, tuple[int, tuple[str, ...]]] = {}


#: The package's folder on disk (``None`` until looked up, or if it has none).
_folder: list[Path | None] = []


def _package_folder() -> Path | None:
    """The folder of the :mod:`resources` package, if it is a folder on disk.

    That is what :func:`importlib.resources.files` returns for such a package; a
    package imported from an archive (or without a ``__file__``) has none.
    """
    if not _folder:
        module = importlib.import_module(_PACKAGE)
        origin = getattr(module, "__file__", None)
        folder = Path(origin).parent if origin else None
        _folder.append(folder if folder is not None and folder.is_dir() else None)
    return _folder[0]


def _traversable(*parts: str) -> Traversable:
    node: Traversable | None = _package_folder()
    if node is None:
        from importlib.resources import files  # a package in an archive

        node = files(_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_path(*parts: str) -> Path:
    """Filesystem path of ``resources/<parts...>`` (the file need not exist).

    From a checkout or an unpacked wheel this is the real file; if the package is
    imported from an archive, the file is extracted to a temporary location that
    stays valid for the life of the process.
    """
    node = _traversable(*parts)
    if isinstance(node, Path):
        return node
    from importlib.resources import as_file

    return _extracted.enter_context(as_file(node))


def read_text(*parts: str) -> str:
    """UTF-8 text of ``resources/<parts...>``."""
    return _traversable(*parts).read_text(encoding="utf-8")


def _require_gui_app() -> None:
    if not isinstance(QGuiApplication.instance(), QGuiApplication):
        raise RuntimeError("fonts can only be loaded once a QGuiApplication exists")


def _font_resources() -> list[Traversable]:
    fonts_dir = _traversable("fonts")
    if not fonts_dir.is_dir():
        return []
    found = [
        entry
        for entry in fonts_dir.iterdir()
        if entry.is_file() and Path(entry.name).suffix.lower() in FONT_SUFFIXES
    ]
    return sorted(found, key=lambda entry: entry.name)


def _register(entry: Traversable) -> tuple[int, tuple[str, ...]] | None:
    if isinstance(entry, Path):
        font_id = QFontDatabase.addApplicationFont(str(entry))
    else:
        font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
    if font_id < 0:
        _log.warning("could not load font resource fonts/%s", entry.name)
        return None
    return font_id, tuple(QFontDatabase.applicationFontFamilies(font_id))


def load_fonts() -> list[str]:
    """Register every ``.otf``/``.ttf`` in ``resources/fonts`` with Qt.

    Returns the family names provided by those files (each once, in file-name
    order).  Idempotent: fonts already registered are not added again.  Needs a
    :class:`~PySide6.QtGui.QGuiApplication`; a file Qt refuses is logged and skipped.
    """
    _require_gui_app()
    families: list[str] = []
    for entry in _font_resources():
        known = _registered.get(entry.name)
        # An id stays valid while the application lives; re-add if Qt forgot it.
        if known is None or not QFontDatabase.applicationFontFamilies(known[0]):
            registered = _register(entry)
            if registered is None:
                _registered.pop(entry.name, None)
                continue
            _registered[entry.name] = known = registered
        families.extend(f for f in known[1] if f not in families)
    return families


def cjk_family() -> str:
    """Family name of the bundled CJK font (registers the fonts if needed)."""
    load_fonts()
    known = _registered.get(CJK_FONT_FILE)
    if known is not None and known[1]:
        return known[1][0]
    return CJK_FAMILY


def latin_family() -> str:
    """The platform's general UI family, used first so Latin text keeps its look.

    Generic names such as fontconfig's ``"Sans Serif"`` are resolved to the real
    family behind them: in a families list Qt skips names it has no font for, which
    would let the CJK subset take over Latin text as well.
    """
    _require_gui_app()
    general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    family = general.family()
    if family and QFontDatabase.hasFamily(family):
        return family
    return QFontInfo(general).family() or family


def app_font(point_size: float | None = None) -> QFont:
    """The UI font: platform UI family first, the CJK subset as fallback.

    Based on the platform's general font (size, weight, hinting preferences);
    *point_size* overrides the size.
    """
    cjk = cjk_family()
    latin = latin_family()
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    font.setFamilies([latin, cjk] if latin and latin != cjk else [cjk])
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
