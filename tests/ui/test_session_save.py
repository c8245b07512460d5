"""Saving a session in slices: the window keeps running, nothing recorded is lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.events import Direction, Event, FrameEvent, ListenerFired, Opcode
from app.session import dumps_session, open_session
from ui.session_actions import SessionActions


def _flood(n: int) -> list[Event]:
    events: list[Event] = []
    for k in range(n):
        text = f"{k:06d}" + "x" * 74
        events.append(
            FrameEvent(task_id=1, direction=Direction.IN, opcode=Opcode.TEXT, size=80, data=text)
        )
        events.append(ListenerFired(task_id=1, listener="onMessage", payload={"data": text}))
    return events


def test_a_large_session_is_saved_in_slices_while_the_loop_runs(
    qtbot: QtBot, tmp_path: Path
) -> None:
    actions = SessionActions()
    events = _flood(20_000)
    actions.append_events(events)
    progress: list[tuple[int, int]] = []
    actions.save_progress.connect(lambda done, total: progress.append((done, total)))
    beats: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(lambda: beats.append(len(progress)))
    heartbeat.start()
    target = tmp_path / "flood.jsonl"
    with qtbot.waitSignal(actions.session_saved, timeout=60_000) as saved:
        assert actions.start_save(None, path=target, include_secrets=False)
        assert actions.saving
        actions.append_events(_flood(5))  # after the start: not in this file
    heartbeat.stop()
    assert saved.args == [str(target)]
    assert not actions.saving
    assert progress[0] == (0, 40_000)
    assert progress[-1] == (40_000, 40_000)
    assert len(progress) >= 3  # written in several slices ...
    assert len(set(beats)) >= 3  # ... with the loop running between them
    session = open_session(target)
    assert list(session.events) == events
    expected = dumps_session(events, mask=True).splitlines()
    assert target.read_text(encoding="utf-8").splitlines()[1:] == expected[1:]
    assert [p.name for p in tmp_path.iterdir()] == ["flood.jsonl"]


def test_save_problems_are_reported_not_raised(qtbot: QtBot, tmp_path: Path) -> None:
    problems: list[tuple[str, str]] = []

    def report(title: str, message: str) -> None:
        problems.append((title, message))

    actions = SessionActions()
    assert not actions.start_save(None, path=tmp_path / "x.jsonl", report=report)
    assert problems[-1] == ("Cannot save the session", "There is nothing to save yet.")
    actions.append_events(_flood(3_000))
    missing = tmp_path / "no-such-folder" / "x.jsonl"
    assert not actions.start_save(None, path=missing, include_secrets=False, report=report)
    assert problems[-1][0] == "Cannot save the session"
    assert str(missing) in problems[-1][1]
    assert not actions.saving

    first = tmp_path / "first.jsonl"
    assert actions.start_save(None, path=first, include_secrets=False, report=report)
    assert not actions.start_save(None, path=tmp_path / "second.jsonl", report=report)
    assert problems[-1][1] == "A session is being saved; wait until it is written."
    with qtbot.waitSignal(actions.session_saved, timeout=5_000):
        actions.finish_save()  # the window is closing: the rest is written now
    assert not actions.saving
    assert len(open_session(first).events) == 6_000
    assert not (tmp_path / "second.jsonl").exists()
