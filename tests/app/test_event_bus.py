"""``EventBus``: delivery in order, one subscriber's failure never stops the others,
and held runs of events (a flood's slice) delivered together when released."""

from __future__ import annotations

import logging

import pytest

from app.events import Event, EventBus, Notice


def notices(n: int) -> list[Event]:
    return [Notice(task_id=None, level="info", message=str(i)) for i in range(n)]


def watched_bus() -> tuple[EventBus, list[Event], list[list[Event]]]:
    """A bus, what a plain subscriber got (each event) and what a batch one got (lists)."""
    bus = EventBus()
    one: list[Event] = []
    runs: list[list[Event]] = []
    bus.subscribe(one.append)
    bus.subscribe(lambda events: runs.append(list(events)), batch=True)
    return bus, one, runs


def test_plain_and_batch_subscribers_get_every_event_in_order() -> None:
    bus, one, runs = watched_bus()
    events = notices(3)
    for event in events:
        bus.publish(event)
    assert one == events
    # Outside a hold, a batch subscriber gets each event as a list of one.
    assert runs == [[e] for e in events]


def test_held_events_are_delivered_at_release_in_order() -> None:
    bus, one, runs = watched_bus()
    first, second, third = notices(3)
    held = bus.hold()
    bus.publish(first)
    held.append(second)  # a publisher's own events go to the same list
    bus.hold()  # nested: only the outermost release delivers
    bus.publish(third)
    bus.release()
    assert one == []
    assert runs == []
    bus.release()
    assert one == [first, second, third]
    assert runs == [[first, second, third]]
    # Released: the next event goes out at once.
    (fourth,) = notices(1)
    bus.publish(fourth)
    assert one[-1] is fourth
    assert runs[-1] == [fourth]


def test_a_failing_subscriber_is_logged_and_the_others_still_get_everything(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    got: list[Event] = []

    def broken(_events: list[Event]) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken, batch=True)
    bus.subscribe(lambda _event: 1 / 0)
    bus.subscribe(got.append)
    events = notices(2)
    with caplog.at_level(logging.ERROR, logger="app.events"):
        bus.hold()
        for event in events:
            bus.publish(event)
        bus.release()
        bus.publish(events[0])
    assert got == [*events, events[0]]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failed on 2 events" in m for m in messages) == 1
    assert sum("failed on notice" in m for m in messages) == 4  # 2 held, 1 each after


def test_unsubscribing_stops_delivery_and_has_subscribers_follows() -> None:
    bus = EventBus()
    assert not bus.has_subscribers
    runs: list[list[Event]] = []
    unsubscribe = bus.subscribe(runs.append, batch=True)
    assert bus.has_subscribers
    unsubscribe()
    unsubscribe()  # a second call changes nothing
    assert not bus.has_subscribers
    bus.hold()
    bus.publish(notices(1)[0])
    bus.release()
    assert runs == []
