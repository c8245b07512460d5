"""The bundled CJK font subset makes Chinese UI text render without any system CJK font."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QImage,
    QPalette,
    QRawFont,
    QTextLayout,
)
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui.devtools.font_subset import gb2312_hanzi, scan_cjk_chars
from ui.resources import (
    CJK_FAMILY,
    CJK_FONT_FILE,
    app_font,
    cjk_family,
    latin_family,
    load_fonts,
    read_text,
    resource_path,
)

UI_STRINGS = (
    "创建 WebSocket",
    "关闭 WebSocket",
    "发送 WebSocket 数据",
    "创建成功",
    "创建完毕",
    "WebSocket 已连接",
    "WebSocket 已断开",
    "WebSocket 发生错误:",
    "连接中",
    "已连接",
    "关闭中",
    "已关闭",
)

#: A Latin-only family; with font merging off it draws Han characters as tofu boxes.
NON_CJK_FAMILY = "DejaVu Sans"

MAX_SUBSET_BYTES = 4 * 1024 * 1024


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _exact_font(family: str, pixel_size: int = 28) -> QFont:
    """*family* only: no fallback to other fonts for characters it lacks."""
    font = QFont(family)
    font.setPixelSize(pixel_size)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return font


def _render(qtbot: QtBot, text: str, font: QFont) -> QImage:
    label = QLabel(text)
    qtbot.addWidget(label)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(Qt.GlobalColor.white))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(Qt.GlobalColor.black))
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.resize(480, 64)
    return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _ink(image: QImage) -> int:
    """Number of dark (text) pixels."""
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 200
    )


@pytest.fixture
def fonts(qapp: QApplication) -> list[str]:
    return load_fonts()


def test_license_and_font_are_shipped() -> None:
    assert resource_path("fonts", "OFL.txt").is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in read_text("fonts", "OFL.txt")
    subset = resource_path("fonts", CJK_FONT_FILE)
    assert subset.is_file()
    assert subset.stat().st_size < MAX_SUBSET_BYTES


def test_load_fonts_registers_the_cjk_family(fonts: list[str]) -> None:
    assert CJK_FAMILY in fonts
    assert cjk_family() == CJK_FAMILY
    assert CJK_FAMILY in QFontDatabase.families()


def test_load_fonts_is_idempotent(fonts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    added: list[str] = []
    original: Callable[[str], int] = QFontDatabase.addApplicationFont

    def counting(path: str) -> int:
        added.append(path)
        return original(path)

    monkeypatch.setattr(QFontDatabase, "addApplicationFont", staticmethod(counting))
    assert load_fonts() == fonts
    assert load_fonts() == fonts
    assert added == []


def test_app_font_puts_latin_first_and_cjk_as_fallback(fonts: list[str]) -> None:
    latin, cjk = latin_family(), cjk_family()
    expected = [latin, cjk] if latin != cjk else [cjk]
    assert app_font().families() == expected
    assert app_font(15.5).pointSizeF() == pytest.approx(15.5)


def test_app_font_keeps_the_latin_family_for_latin_text(fonts: list[str]) -> None:
    latin = latin_family()
    if latin == cjk_family():
        pytest.skip("the platform UI font is the CJK subset itself")
    assert QFontDatabase.hasFamily(latin)
    layout = QTextLayout("WebSocket", app_font(14))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    used = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert used
    assert cjk_family() not in used, f"Latin text drawn with {used}, not {latin!r}"


def test_subset_font_supports_every_ui_character(fonts: list[str]) -> None:
    font = _exact_font(cjk_family())
    assert QFontInfo(font).family() == cjk_family()
    raw = QRawFont.fromFont(font)
    assert raw.isValid()
    # supportsCharacter(str) goes through a QChar conversion that misreports many
    # BMP characters in PySide6; the code point overload is reliable.
    assert raw.familyName() == cjk_family()
    missing = {ch for text in UI_STRINGS for ch in text if not raw.supportsCharacter(ord(ch))}
    assert not missing, f"subset lacks {''.join(sorted(missing))!r}"


@pytest.mark.parametrize("text", UI_STRINGS)
def test_app_font_resolves_han_to_the_subset(fonts: list[str], text: str) -> None:
    """Lay out each character with app_font() and check the font Qt really picked."""
    font = app_font(14)
    for ch in text:
        if ch.isspace():
            continue
        layout = QTextLayout(ch, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        indexes = [index for run in runs for index in run.glyphIndexes()]
        assert indexes, f"no glyphs for {ch!r}"
        assert 0 not in indexes, f"{ch!r} renders as .notdef (tofu)"
        if _is_han(ch):
            used = {run.rawFont().familyName() for run in runs}
            assert used == {cjk_family()}, f"{ch!r} drawn with {used}"


def test_label_renders_real_glyphs_not_tofu(qtbot: QtBot, fonts: list[str]) -> None:
    tofu_font = _exact_font(NON_CJK_FAMILY)
    if QRawFont.fromFont(tofu_font).supportsCharacter(ord("创")):
        pytest.skip(f"{NON_CJK_FAMILY!r} resolves to a font with CJK glyphs here")
    subset_font = _exact_font(cjk_family())
    text = UI_STRINGS[0]

    with_subset = _render(qtbot, text, subset_font)
    with_tofu = _render(qtbot, text, tofu_font)
    with_app_font = _render(qtbot, text, app_font(21))

    assert _ink(with_subset) > 200, "subset render is blank"
    assert _ink(with_app_font) > 200, "app_font() render is blank"
    assert with_subset != with_tofu
    assert with_app_font != with_tofu

    # Tofu boxes look alike for every missing character; real glyphs do not.
    assert _render(qtbot, "创", tofu_font) == _render(qtbot, "建", tofu_font)
    assert _render(qtbot, "创", subset_font) != _render(qtbot, "建", subset_font)


def test_subset_covers_gb2312_and_project_strings(fonts: list[str]) -> None:
    raw = QRawFont(str(resource_path("fonts", CJK_FONT_FILE)), 16)
    assert raw.isValid()
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    assert all(raw.supportsCharacter(ord(ch)) for ch in hanzi)
    missing = sorted(ch for ch in scan_cjk_chars() if not raw.supportsCharacter(ord(ch)))
    assert not missing, (
        f"UI uses characters missing from {CJK_FONT_FILE}: {''.join(missing)!r}; "
        "rebuild it with `python -m ui.devtools.font_subset`"
    )
