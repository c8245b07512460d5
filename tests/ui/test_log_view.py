"""The log panel, its models, the gauges, the binary composer and the session dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.events import (
    ApiCalled,
    Direction,
    Event,
    FrameEvent,
    ListenerFired,
    Opcode,
    ReadyState,
    StateChanged,
)
from app.log_filter import LogDirection, LogFilter, LogKind, LogRow
from app.session import MASK, Session, open_session
from tests.recorded import recorded_sessions
from ui.gauges import RateGauges
from ui.log_model import ROW_ROLE, Column, LogFilterProxy, LogTableModel
from ui.log_view import _HELD_MAX, BinaryComposer, LogView
from ui.session_actions import (
    SessionActions,
    open_session_interactive,
    save_session_interactive,
)

Recorded = dict[str, list[Event]]


@pytest.fixture
def recorded() -> Recorded:
    return recorded_sessions()


@pytest.fixture
def log_view(qtbot: QtBot) -> LogView:
    view = LogView()
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def text_frames(n: int, start: int = 0, task_id: int = 1) -> list[Event]:
    return [
        FrameEvent(
            task_id=task_id,
            direction=Direction.IN,
            opcode=Opcode.TEXT,
            size=6,
            data=f"m{k:05d}",
            mono=100.0 + k * 0.001,
        )
        for k in range(start, start + n)
    ]


# -- models -------------------------------------------------------------------------------------


def test_table_model_passes_qtmodeltester(qtmodeltester: Any, recorded: Recorded) -> None:
    model = LogTableModel(max_rows=40)
    model.append_events(recorded["parallel"][:30])
    qtmodeltester.check(model, force_py=True)
    # The checks keep running while rows come, go (over the cap) and are cleared.
    model.append_events(recorded["parallel"][30:])
    assert model.rowCount() == 40
    model.set_masked(True)
    model.retranslate()
    model.clear()
    model.append_events(recorded["echo"])


def test_filter_proxy_passes_qtmodeltester(qtmodeltester: Any, recorded: Recorded) -> None:
    model = LogTableModel(max_rows=40)
    model.append_events(recorded["parallel"][:30])
    proxy = LogFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_log_filter(LogFilter(kinds=frozenset({LogKind.TEXT, LogKind.CALL})))
    qtmodeltester.check(proxy, force_py=True)
    model.append_events(recorded["parallel"][30:])
    proxy.set_log_filter(LogFilter(tasks=frozenset({2})))
    assert proxy.rowCount() > 0
    model.clear()
    model.append_events(recorded["echo"])
    proxy.set_log_filter(LogFilter())
    assert proxy.rowCount() == model.rowCount()


def test_model_columns_roles_and_explanations(recorded: Recorded) -> None:
    model = LogTableModel()
    model.append_events(recorded["close_4001"])
    assert model.rowCount() == len(recorded["close_4001"])
    assert model.columnCount() == Column.COUNT
    assert model.headerData(Column.EXPLANATION, Qt.Orientation.Horizontal) == "In plain words"
    last = model.index(model.rowCount() - 1, Column.EXPLANATION)
    assert model.data(last) == "closed by the application with its own code"
    row = model.data(last, ROW_ROLE)
    assert isinstance(row, LogRow)
    assert row.kind is LogKind.LISTENER
    first = model.index(0, Column.DIRECTION)
    assert model.data(first) == "↑ out"
    assert model.data(model.index(0, Column.KIND)) == "call"
    assert model.data(model.index(0, Column.TASK)) == "#1"
    assert model.data(model.index(0, Column.TASK), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(QModelIndex()) is None
    assert model.task_ids() == [1]


def test_row_cap_drops_the_oldest_and_counts_them(qtbot: QtBot) -> None:
    view = LogView(max_rows=50)
    qtbot.addWidget(view)
    view.show()  # shown: each batch goes to the rows at once
    qtbot.waitExposed(view)
    reported: list[int] = []
    view.model.dropped_changed.connect(reported.append)
    for start in range(0, 120, 10):
        view.append_events(text_frames(10, start))
    assert view.model.rowCount() == 50
    assert view.model.dropped == 70
    assert reported == [10, 20, 30, 40, 50, 60, 70]
    first = view.model.row_at(0)
    assert isinstance(first.event, FrameEvent)
    assert first.event.data == "m00070"
    assert "70 older dropped" in view.count_label.text()
    # A single batch larger than the cap keeps its newest rows.
    view.append_events(text_frames(80, 1000))
    assert view.model.rowCount() == 50
    assert view.model.dropped == 150


def test_a_hidden_log_adds_its_batches_in_one_go_with_the_same_rows(qtbot: QtBot) -> None:
    shown, hidden = LogView(max_rows=50), LogView(max_rows=50)
    for view in (shown, hidden):
        qtbot.addWidget(view)
    shown.show()
    qtbot.waitExposed(shown)
    inserts: list[int] = []
    hidden._live_model.rowsInserted.connect(lambda *_: inserts.append(1))
    for start in range(0, 90, 10):
        batch = text_frames(10, start)
        for view in (shown, hidden):
            view.append_events(batch)
        if start == 0:
            inserts.clear()  # (a first task's entry in the task filter reads the rows)
    assert inserts == []  # held while nobody sees the rows
    hidden.show()  # shown: the held batches are added at once
    qtbot.waitExposed(hidden)
    assert inserts == [1]
    for view in (shown, hidden):
        assert view.model.rowCount() == 50
        assert view.model.dropped == 40
    assert [r.seq for r in hidden.model.rows()] == [r.seq for r in shown.model.rows()]
    assert hidden.count_label.text() == shown.count_label.text()
    # Held events are bounded: once _HELD_MAX are held they are added, hidden or not.
    hidden.hide()
    hidden.append_events(text_frames(_HELD_MAX - 1, 10_000))
    assert len(hidden._held) == _HELD_MAX - 1
    hidden.append_events(text_frames(1, 3000))
    assert not hidden._held
    assert hidden._live_model.dropped == 40 + _HELD_MAX


def test_byte_budget_drops_the_oldest_rows() -> None:
    model = LogTableModel(max_rows=1000, max_bytes=60)
    model.append_events(text_frames(8))  # 6 bytes each
    assert model.rowCount() == 8
    assert model.retained_bytes == 48
    model.append_events(text_frames(4, 8))
    assert model.rowCount() == 10  # 60 bytes
    assert model.retained_bytes == 60
    assert model.dropped == 2
    first = model.row_at(0).event
    assert isinstance(first, FrameEvent)
    assert first.data == "m00002"
    model.clear()
    assert model.retained_bytes == 0


# -- filters and search ---------------------------------------------------------------------------


def test_filters_by_task_direction_kind_and_search(
    log_view: LogView, recorded: Recorded, qtbot: QtBot
) -> None:
    events = recorded["parallel"]
    log_view.append_events(events)
    total = len(events)
    assert log_view.proxy.rowCount() == total
    # Task 2 only.
    index = log_view.task_combo.findData("2")
    assert index > 0
    log_view.task_combo.setCurrentIndex(index)
    rows = [log_view.proxy.row_at(r) for r in range(log_view.proxy.rowCount())]
    assert rows
    assert all(r is not None and r.task_id == 2 for r in rows)
    # …incoming only…
    log_view.direction_combo.setCurrentIndex(log_view.direction_combo.findData("in"))
    rows = [log_view.proxy.row_at(r) for r in range(log_view.proxy.rowCount())]
    assert all(r is not None and r.direction is LogDirection.IN for r in rows)
    # …text frames only (untick everything else in the Kinds menu).
    for kind, action in log_view._kind_actions.items():
        action.setChecked(kind is LogKind.TEXT)
    rows = [log_view.proxy.row_at(r) for r in range(log_view.proxy.rowCount())]
    assert rows
    assert all(r is not None and r.kind is LogKind.TEXT for r in rows)
    assert "of" in log_view.count_label.text()
    # Search (debounced): only pushes.
    QTest.keyClicks(log_view.search_edit, '"seq": 2')
    qtbot.waitUntil(lambda: log_view.proxy.rowCount() == 1, timeout=2000)
    only = log_view.proxy.row_at(0)
    assert only is not None
    assert '"seq": 2' in str(getattr(only.event, "data", ""))
    # Back to everything.
    log_view.search_edit.clear()
    log_view._all_kinds_action.trigger()
    log_view.task_combo.setCurrentIndex(0)
    log_view.direction_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: log_view.proxy.rowCount() == total, timeout=2000)


# -- autoscroll, copy, detail --------------------------------------------------------------------


def test_autoscroll_pauses_and_counts_new_rows(log_view: LogView, qtbot: QtBot) -> None:
    log_view.append_events(text_frames(300))
    bar = log_view.table.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    assert log_view.autoscroll
    # Scrolling up pauses.
    bar.setValue(0)
    assert not log_view.autoscroll
    assert log_view.pause_button.isChecked()
    log_view.append_events(text_frames(25, 300))
    log_view.append_events(text_frames(12, 325))
    assert log_view.pending == 37
    assert bar.value() == 0
    assert log_view.new_button.isVisibleTo(log_view)
    assert log_view.new_button.text() == "37 new ↓"
    # The button jumps to the newest and resumes.
    QTest.mouseClick(log_view.new_button, Qt.MouseButton.LeftButton)
    assert log_view.autoscroll
    assert log_view.pending == 0
    assert bar.value() == bar.maximum()
    assert not log_view.new_button.isVisibleTo(log_view)
    # The Pause button does the same as scrolling.
    QTest.mouseClick(log_view.pause_button, Qt.MouseButton.LeftButton)
    assert not log_view.autoscroll
    held = bar.value()
    log_view.append_events(text_frames(3, 400))
    assert log_view.pending == 3
    qtbot.waitUntil(lambda: bar.maximum() > held, timeout=2000)
    assert bar.value() == held


def test_copy_rows_and_detail_pane(log_view: LogView, recorded: Recorded) -> None:
    events = recorded["echo"]
    log_view.append_events(events)
    binary_row = next(
        i for i, e in enumerate(events) if isinstance(e, FrameEvent) and e.opcode is Opcode.BINARY
    )
    log_view.table.selectRow(binary_row)
    detail = log_view.detail.toPlainText()
    assert "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b" in detail
    json_row = next(
        i
        for i, e in enumerate(events)
        if isinstance(e, FrameEvent) and isinstance(e.data, str) and e.data.startswith("{")
    )
    log_view.table.selectRow(json_row)
    assert '  "type": "greeting",' in log_view.detail.toPlainText()
    # Copy a selection of two rows as tab-separated text.
    log_view.table.selectRow(0)
    log_view.table.selectionModel().select(
        log_view.proxy.index(1, 0),
        log_view.table.selectionModel().SelectionFlag.Select
        | log_view.table.selectionModel().SelectionFlag.Rows,
    )
    text = log_view.copy_selection()
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].split("\t")[Column.SUMMARY].startswith("connectSocket({url:")
    assert lines[1].split("\t")[Column.KIND] == "state"
    assert QApplication.clipboard().text() == text
    # Explanation column travels along.
    log_view.table.clearSelection()
    log_view.table.selectRow(len(events) - 1)
    assert log_view.copy_selection().endswith("closed normally")
    assert "In plain words: closed normally" in log_view.detail.toPlainText()


def test_presenter_mode_masks_secrets(log_view: LogView) -> None:
    secret = "abc-SECRET"
    events: list[Event] = [
        ApiCalled(
            task_id=1,
            api="connectSocket",
            args={"url": f"wss://h/?token={secret}", "header": {"Authorization": secret}},
        ),
        StateChanged(task_id=1, old=None, new=ReadyState.CONNECTING),
    ]
    log_view.append_events(events)
    summary = log_view.model.index(0, Column.SUMMARY)
    assert secret in log_view.model.data(summary)
    log_view.table.selectRow(0)
    assert secret in log_view.detail.toPlainText()
    log_view.set_presenter(True)
    assert secret not in log_view.model.data(summary)
    assert MASK in log_view.model.data(summary)
    assert secret not in log_view.detail.toPlainText()
    assert log_view.table.verticalHeader().defaultSectionSize() > 22
    log_view.set_presenter(False)
    assert secret in log_view.model.data(summary)


def test_replay_is_read_only_and_live_keeps_recording(
    log_view: LogView, recorded: Recorded
) -> None:
    log_view.append_events(recorded["echo"][:4])
    log_view.load_events(recorded["drop"])
    assert log_view.read_only
    assert log_view.banner.isVisibleTo(log_view)
    assert log_view.proxy.rowCount() == len(recorded["drop"])
    assert not log_view.autoscroll
    log_view.append_events(recorded["echo"][4:6])
    assert log_view.read_only
    assert log_view.proxy.rowCount() == len(recorded["drop"])
    assert log_view.live_model.rowCount() == 6
    assert log_view.pending == 0
    QTest.mouseClick(log_view.back_to_live_button, Qt.MouseButton.LeftButton)
    assert not log_view.read_only
    assert log_view.proxy.rowCount() == 6
    assert log_view.autoscroll
    assert log_view.task_combo.count() == 2  # "All tasks" and task #1


# -- gauges ---------------------------------------------------------------------------------------


def test_gauges_rates_totals_and_idle_stop(qtbot: QtBot) -> None:
    now = [100.0]
    gauges = RateGauges(clock=lambda: now[0])
    qtbot.addWidget(gauges)
    gauges.show()
    frames = [
        FrameEvent(
            task_id=1,
            direction=Direction.IN if k % 3 else Direction.OUT,
            opcode=Opcode.TEXT,
            size=100,
            data="x" * 100,
            mono=99.5 + k * 0.01,
        )
        for k in range(30)
    ]
    gauges.append_events(frames)
    assert gauges.running
    snap = gauges.snapshot
    assert snap.msgs_in == 20
    assert snap.msgs_out == 10
    assert snap.msgs_in_per_s == pytest.approx(20.0)
    assert snap.bytes_out_per_s == pytest.approx(1000.0)
    gauges.grab()  # paints without error
    # Time passes with nothing new: the rates fall to zero and the timer stops.
    now[0] = 103.0
    gauges._on_timer_timeout()
    gauges._on_timer_timeout()
    assert gauges.snapshot.msgs_in_per_s == 0
    assert gauges.snapshot.msgs_in == 20
    assert not gauges.running
    # Non-frames do not start it.
    gauges.append_events([ListenerFired(task_id=1, listener="onOpen", payload={})])
    assert not gauges.running
    gauges.clear()
    assert gauges.snapshot.msgs_in == 0


def test_gauges_refresh_on_the_timer(qtbot: QtBot) -> None:
    gauges = RateGauges()
    qtbot.addWidget(gauges)
    gauges.append_events(text_frames(5))
    before = gauges.refreshes
    qtbot.waitUntil(lambda: gauges.refreshes >= before + 1, timeout=2000)


def test_gauges_draw_again_only_when_they_change(qtbot: QtBot) -> None:
    now = [100.0]
    gauges = RateGauges(clock=lambda: now[0])
    qtbot.addWidget(gauges)
    gauges.resize(800, gauges.height())
    gauges.show()
    gauges.append_events(text_frames(5))
    first = gauges.grab().toImage()  # a paint event, as on screen
    drawn = gauges.drawings
    assert drawn >= 1
    for _ in range(3):  # the panel around them repainted: the kept picture is copied
        gauges.grab()
    assert gauges.drawings == drawn
    now[0] += 0.25
    gauges.refresh()  # a new sample: drawn again, once
    second = gauges.grab().toImage()
    gauges.grab()
    assert gauges.drawings == drawn + 1
    assert second != first
    gauges.set_presenter(True)  # a new look
    gauges.grab()
    assert gauges.drawings == drawn + 2


# -- binary composer -----------------------------------------------------------------------------


def test_binary_composer_sends_bytes_and_explains_errors(qtbot: QtBot, tmp_path: Path) -> None:
    composer = BinaryComposer(max_bytes=64)
    qtbot.addWidget(composer)
    composer.show()
    QTest.keyClicks(composer.hex_edit, "48 65 6c 6c 6f")
    assert composer.current_bytes() == b"Hello"
    assert composer.send_button.isEnabled()
    assert composer.status.text().startswith("5 bytes [48 65 6c 6c 6f]")
    with qtbot.waitSignal(composer.send_binary, timeout=1000) as blocker:
        QTest.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [b"Hello"]
    assert isinstance(blocker.args[0], bytes)

    composer.set_hex("48 65\n6c 6")
    assert composer.current_bytes() is None
    assert not composer.send_button.isEnabled()
    assert composer.status.text() == (
        "line 2, column 4: '6' has an odd number of hex digits; write every byte as two "
        "digits (e.g. 0f, not f)"
    )
    composer.set_hex("zz")
    assert composer.status.text().startswith("line 1, column 1: 'z' is not a hex digit")
    composer.set_hex("00" * 65)
    assert "more than 64 bytes" in composer.status.text()

    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(20)))
    assert composer.load_file(blob)
    assert composer.current_bytes() == bytes(range(20))
    assert "blob.bin" in composer.status.text()
    assert not composer.hex_edit.isEnabled()
    composer.set_can_send(False)
    assert not composer.send_button.isEnabled()
    composer.set_can_send(True)
    with qtbot.waitSignal(composer.send_binary, timeout=1000) as blocker:
        QTest.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [bytes(range(20))]
    composer.clear_file()
    assert composer.hex_edit.isEnabled()

    big = tmp_path / "big.bin"
    big.write_bytes(bytes(65))
    assert not composer.load_file(big)
    assert composer.status.text() == "big.bin is too large: at most 64 bytes can be sent"
    assert not composer.load_file(tmp_path / "nope.bin")
    assert "does not exist" in composer.status.text()


# -- session dialogs -----------------------------------------------------------------------------


def test_session_actions_record_save_and_open(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    actions = SessionActions()
    for start in range(0, len(recorded["echo"]), 5):
        actions.append_events(recorded["echo"][start : start + 5])
    path = tmp_path / "session"
    with qtbot.waitSignal(actions.session_saved, timeout=1000):
        saved = actions.save(None, path=path, include_secrets=False)
    assert saved == tmp_path / "session.jsonl"
    assert open_session(saved).header.masked
    with qtbot.waitSignal(actions.session_opened, timeout=1000) as blocker:
        session = actions.open(None, path=saved)
    assert isinstance(session, Session)
    assert blocker.args[0] is session
    assert len(session.events) == len(recorded["echo"])


def test_session_dialogs_report_problems(tmp_path: Path) -> None:
    problems: list[tuple[str, str]] = []

    def report(title: str, message: str) -> None:
        problems.append((title, message))

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "ttsocket-session", "version": 1}\n{oops\n', encoding="utf-8")
    assert open_session_interactive(None, path=bad, report=report) is None
    title, message = problems[-1]
    assert title == "Cannot open the session"
    assert "Line 2: not valid JSON" in message
    assert save_session_interactive(None, [], path=tmp_path / "x.jsonl", report=report) is None
    assert problems[-1][1] == "There is nothing to save yet."
    events = recorded_sessions()["drop"]
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    assert (
        save_session_interactive(None, events, path=folder, include_secrets=True, report=report)
        is None
    )
    assert problems[-1][0] == "Cannot save the session"


def test_chinese_log_texts(
    log_view: LogView, recorded: Recorded, language: Callable[[str], None], qtbot: QtBot
) -> None:
    log_view.append_events(recorded["tls_failure"])
    language("zh")
    qtbot.waitUntil(lambda: log_view.windowTitle() == "日志", timeout=2000)
    model = log_view.model
    assert model.data(model.index(0, Column.KIND)) == "调用"
    assert model.headerData(Column.EXPLANATION, Qt.Orientation.Horizontal) == "通俗解释"
    last = model.index(model.rowCount() - 1, Column.EXPLANATION)
    assert model.data(last) == "服务器的证书不受信任"
    assert log_view._kind_actions[LogKind.ERROR].text() == "错误"


def test_a_hidden_log_stops_following_rows_and_comes_back_as_it_was(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel, QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    view = LogView()
    tabs.addTab(QLabel("console"), "Console")
    tabs.addTab(view, "Log")
    tabs.resize(1000, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert not view.attached  # never shown yet
    view.append_events(text_frames(300))
    assert view.proxy.rowCount() == 0  # nothing follows the rows while hidden
    tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.attached, timeout=2000)
    assert view.proxy.rowCount() == 300
    # Paused on a selected row, then hidden while rows keep arriving.
    view.set_autoscroll(False)
    view.table.selectRow(5)
    chosen = [row.seq for row in view.selected_rows()]
    assert len(chosen) == 1
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not view.attached, timeout=2000)
    view.append_events(text_frames(500, 300))
    assert view.proxy.rowCount() == 0
    tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.attached, timeout=2000)
    assert view.proxy.rowCount() == 800
    assert view.count_label.text() == "800 rows"
    assert [row.seq for row in view.selected_rows()] == chosen
    assert view.table.verticalScrollBar().value() < view.table.verticalScrollBar().maximum()
    # Following the newest rows again: shown at the bottom after a hide and show.
    view.set_autoscroll(True)
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not view.attached, timeout=2000)
    view.append_events(text_frames(100, 800))
    tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.attached, timeout=2000)
    bar = view.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)
    assert view.proxy.rowCount() == 900
