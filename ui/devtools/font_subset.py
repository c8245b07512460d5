"""Rebuild ``resources/fonts/NotoSansSC-Subset.otf`` from Noto Sans CJK SC Regular.

Usage (from the project root)::

    python -m ui.devtools.font_subset [--source PATH] [--output PATH]

The source is the Simplified Chinese face of Noto Sans CJK Regular, as shipped by
the Debian/Ubuntu ``fonts-noto-cjk`` package (``NotoSansCJK-Regular.ttc``) or as a
standalone ``NotoSansCJKsc-Regular.otf`` / ``NotoSansSC-Regular.otf``.  The
package is only needed to run this script; the application ships the subset.

The subset keeps:

* ASCII and Latin-1 (U+0020-U+007E, U+00A0-U+00FF),
* General Punctuation (U+2000-U+206F),
* CJK Symbols and Punctuation (U+3000-U+303F),
* Halfwidth and Fullwidth Forms (U+FF00-U+FFEF),
* every hanzi of GB 2312 (rows 0xB0-0xF7, 6763 characters),
* every CJK character that occurs in ``ui/``, ``app/`` and
  ``resources/translations/*.ts``, so UI strings are always covered.

Hinting, vertical metrics, layout features that a horizontal Chinese UI does not
use and all but the essential name records are dropped.  The script also writes
``resources/fonts/OFL.txt`` (the font's copyright notice plus the SIL Open Font
License 1.1 text taken from the package's copyright file).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # fontTools is a build-time tool only: the character-set helpers below stay
    # importable without it.
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FONTS_DIR = PROJECT_ROOT / "resources" / "fonts"
DEFAULT_OUTPUT = FONTS_DIR / "NotoSansSC-Subset.otf"
DEFAULT_LICENSE_OUTPUT = FONTS_DIR / "OFL.txt"

#: PostScript name of the face that is cut down.
SOURCE_PS_NAME = "NotoSansCJKsc-Regular"

#: Where the source font is looked for when ``--source`` is not given.
SOURCE_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf"),
)

#: Files holding the license text of the source font (Debian copyright format or plain).
LICENSE_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/doc/fonts-noto-cjk/copyright"),
    Path("/usr/share/doc/fonts-noto-cjk/LICENSE"),
    Path("/usr/share/doc/fonts-noto-cjk/LICENSE.gz"),
)

#: Directories (relative to the project root) scanned for CJK characters, with globs.
SCAN_SOURCES: tuple[tuple[str, str], ...] = (
    ("ui", "**/*"),
    ("app", "**/*"),
    ("resources/translations", "*.ts"),
)
SCAN_SUFFIXES = frozenset({".py", ".ts", ".ui", ".qml", ".json", ".txt", ".md", ".qss", ".html"})

#: Fixed code point ranges (inclusive).
BASE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)

#: Blocks whose characters count as "CJK" when scanning project files.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK Radicals Supplement, Kangxi Radicals
    (0x2FF0, 0x2FFF),  # Ideographic Description Characters
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3190, 0x31FF),  # Kanbun, Bopomofo Ext., CJK Strokes, Katakana Ext.
    (0x3200, 0x33FF),  # Enclosed CJK Letters and Months, CJK Compatibility
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x20000, 0x3FFFF),  # Supplementary / Tertiary Ideographic Planes
)

#: OpenType layout features kept; everything else (vertical, width variants,
#: locl alternates for other CJK locales, aalt, ...) is dropped.
LAYOUT_FEATURES: tuple[str, ...] = ("ccmp", "liga", "calt", "kern", "mark", "mkmk")

#: Tables a horizontal UI does not need.
DROP_TABLES: tuple[str, ...] = ("VORG", "vhea", "vmtx", "BASE", "DSIG")

#: Name records kept: copyright, family, subfamily, unique id, full name, version,
#: PostScript name, trademark, license description, license URL.
NAME_IDS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 7, 13, 14)


def _ranges(ranges: Iterable[tuple[int, int]]) -> Iterator[int]:
    for first, last in ranges:
        yield from range(first, last + 1)


def is_cjk(ch: str) -> bool:
    """Whether *ch* belongs to one of the CJK blocks in :data:`CJK_RANGES`."""
    cp = ord(ch)
    return any(first <= cp <= last for first, last in CJK_RANGES)


def gb2312_hanzi() -> list[str]:
    """All hanzi of GB 2312 (levels 1 and 2), in code order: 6763 characters."""
    chars: list[str] = []
    for row in range(0xB0, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, col)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def iter_scanned_files(root: Path = PROJECT_ROOT) -> Iterator[Path]:
    """Project files whose CJK characters must be covered by the subset."""
    for rel, pattern in SCAN_SOURCES:
        base = root / rel
        if not base.is_dir():
            continue
        for path in sorted(base.glob(pattern)):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if pattern == "**/*" and path.suffix not in SCAN_SUFFIXES:
                continue
            yield path


def scan_cjk_chars(root: Path = PROJECT_ROOT) -> set[str]:
    """Every CJK character occurring in the files of :func:`iter_scanned_files`."""
    found: set[str] = set()
    for path in iter_scanned_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found.update(ch for ch in text if is_cjk(ch))
    return found


def wanted_codepoints(root: Path = PROJECT_ROOT) -> set[int]:
    """The full set of code points the subset is asked to contain."""
    cps = set(_ranges(BASE_RANGES))
    cps.update(ord(ch) for ch in gb2312_hanzi())
    cps.update(ord(ch) for ch in scan_cjk_chars(root))
    return cps


def find_source() -> Path:
    for candidate in SOURCE_CANDIDATES:
        if candidate.is_file():
            return candidate
    searched = "\n  ".join(str(p) for p in SOURCE_CANDIDATES)
    raise FileNotFoundError(
        "Noto Sans CJK SC Regular not found; install fonts-noto-cjk or pass --source.\n"
        f"Searched:\n  {searched}"
    )


def _ps_name(font: TTFont) -> str:
    name = font["name"].getDebugName(6)
    return name if isinstance(name, str) else ""


def open_sc_face(path: Path) -> TTFont:
    """Open the Simplified Chinese Regular face from a .ttc collection or a single font."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in {".ttc", ".otc"}:
        collection = TTCollection(str(path), lazy=True)
        names = [_ps_name(face) for face in collection.fonts]
        for index, ps_name in enumerate(names):
            if ps_name == SOURCE_PS_NAME:
                collection.close()
                return TTFont(str(path), fontNumber=index, lazy=False, recalcTimestamp=False)
        collection.close()
        raise LookupError(f"{path} has no {SOURCE_PS_NAME} face (faces: {', '.join(names)})")
    font = TTFont(str(path), lazy=False, recalcTimestamp=False)
    if _ps_name(font) not in {SOURCE_PS_NAME, "NotoSansSC-Regular"}:
        print(f"warning: {path} is {_ps_name(font)!r}, not {SOURCE_PS_NAME}", file=sys.stderr)
    return font


def subset_options() -> subset.Options:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    options.layout_features = list(LAYOUT_FEATURES)
    options.layout_scripts = ["*"]
    options.name_IDs = list(NAME_IDS)
    options.name_languages = [0x0409]
    options.name_legacy = False
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.notdef_outline = True
    options.glyph_names = False
    options.legacy_kern = False
    options.symbol_cmap = False
    options.recalc_bounds = True
    options.prune_unicode_ranges = True
    options.prune_codepage_ranges = True
    return options


def build_subset(source: Path, output: Path, root: Path = PROJECT_ROOT) -> tuple[int, int]:
    """Write the subset; returns (code points requested, code points mapped)."""
    from fontTools import subset

    font = open_sc_face(source)
    cmap = font.getBestCmap()
    requested = wanted_codepoints(root)
    missing_ui = sorted(ch for ch in scan_cjk_chars(root) if ord(ch) not in cmap)
    if missing_ui:
        print(
            "warning: project characters the source font cannot render: " + "".join(missing_ui),
            file=sys.stderr,
        )
    available = sorted(cp for cp in requested if cp in cmap)
    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=available)
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    font.close()
    return len(requested), len(available)


def _undebianize(lines: list[str]) -> str:
    """Turn a Debian copyright-format continuation block into plain text."""
    out: list[str] = []
    for line in lines:
        body = line[1:] if line.startswith(" ") else line
        out.append("" if body == "." else body)
    return "\n".join(out).strip("\n") + "\n"


def read_ofl_text() -> str:
    """The SIL OFL 1.1 text from the installed package's license files."""
    for candidate in LICENSE_CANDIDATES:
        if not candidate.is_file():
            continue
        if candidate.suffix == ".gz":
            raw = gzip.decompress(candidate.read_bytes()).decode("utf-8")
        else:
            raw = candidate.read_text(encoding="utf-8")
        if candidate.name != "copyright":
            return raw.strip("\n") + "\n"
        lines = raw.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("License: SIL-1.1") or line.startswith("License: OFL-1.1"):
                block: list[str] = []
                for body in lines[index + 1 :]:
                    if not body.startswith(" "):
                        break
                    block.append(body)
                if block:
                    return _undebianize(block)
    raise FileNotFoundError("SIL Open Font License text not found in the fonts-noto-cjk docs")


def build_license(source_font: Path, output: Path) -> None:
    font = open_sc_face(source_font)
    name = font["name"]
    notices = [
        text
        for text in (name.getDebugName(0), name.getDebugName(7))
        if isinstance(text, str) and text
    ]
    font.close()
    header = "\n".join(notices)
    output.write_text(
        "Noto Sans CJK SC (subset shipped as NotoSansSC-Subset.otf)\n"
        f"{header}\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
        + read_ofl_text(),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.devtools.font_subset",
        description="Cut Noto Sans CJK SC Regular down to the characters the UI needs.",
    )
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc or an SC .otf")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--license-output", type=Path, default=DEFAULT_LICENSE_OUTPUT)
    parser.add_argument("--no-license", action="store_true", help="do not rewrite OFL.txt")
    args = parser.parse_args(argv)

    source: Path = args.source if args.source is not None else find_source()
    output: Path = args.output
    requested, mapped = build_subset(source, output)
    print(f"source:  {source}")
    print(f"output:  {output} ({output.stat().st_size:,} bytes)")
    print(f"mapped:  {mapped} of {requested} requested code points")
    if not args.no_license:
        build_license(source, args.license_output)
        print(f"license: {args.license_output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
