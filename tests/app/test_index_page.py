"""The sample's page, driven handler by handler against a real local server.

Each test asserts the exact console sequence the sample's ``console.log`` /
``console.error`` calls produce: the same first arguments, and the callback
result as the second argument.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app import Console, IndexPage, ReadyState, Runtime
from app.console import ConsoleEntry
from tests.app.conftest import UNIT, WsServer

Line = tuple[str, tuple[Any, ...]]

CONNECT_OK = {"errMsg": "connectSocket:ok", "socketTaskId": 1}
NOT_CONNECTED_CLOSE = {"errMsg": "closeSocket:fail WebSocket is not connected"}


class Watcher:
    """Collects the console's lines; tests await the line they expect next."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._changed = asyncio.Event()
        console.subscribe(lambda _entry: self._changed.set())

    def lines(self) -> list[Line]:
        return [(e.level, e.args) for e in self.console.entries]

    async def until(self, first_arg: str, count: int = 1, within: float = UNIT) -> None:
        def seen() -> int:
            return sum(1 for _, args in self.lines() if args and args[0] == first_arg)

        async with asyncio.timeout(within):
            while seen() < count:
                self._changed.clear()
                await self._changed.wait()


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def watch(console: Console) -> Watcher:
    return Watcher(console)


@pytest.fixture
async def page(runtime: Runtime, console: Console, echo_server: WsServer) -> IndexPage:
    return IndexPage(runtime, console, echo_server.url())


async def opened(page: IndexPage, watch: Watcher) -> None:
    page.socket_connect()
    await watch.until("WebSocket 已连接")


def type_into(page: IndexPage, value: str) -> None:
    """``bindinput="inputChange"``: the event the input sends."""
    page.input_change({"detail": {"value": value}})


async def test_connect_then_open(page: IndexPage, watch: Watcher) -> None:
    page.socket_connect()
    task = page.socket_task
    assert task is not None
    states = [task.ready_state]
    assert watch.lines() == []  # callbacks come later, never inside the call
    await watch.until("WebSocket 已连接")
    states.append(task.ready_state)
    assert watch.lines() == [
        ("log", ("创建成功", CONNECT_OK)),
        ("log", ("创建完毕", CONNECT_OK)),
        ("log", ("WebSocket 已连接",)),
    ]
    assert states == [ReadyState.CONNECTING, ReadyState.OPEN]


async def test_send_then_echo(page: IndexPage, watch: Watcher) -> None:
    await opened(page, watch)
    type_into(page, "你好 hello")
    assert page.data == {"inputValue": "你好 hello"}
    page.send_socket()
    await watch.until("socket message:")
    assert watch.lines()[3:] == [
        ("log", ("---- send", "你好 hello")),
        ("log", ("send success", {"errMsg": "sendSocketMessage:ok"})),
        ("log", ("socket message:", {"data": "你好 hello"})),
    ]


async def test_close_then_closed(page: IndexPage, watch: Watcher, echo_server: WsServer) -> None:
    await opened(page, watch)
    page.close_socket()
    await watch.until("WebSocket 已断开")
    assert watch.lines()[3:] == [
        ("log", ("---- close",)),
        ("log", ("close success", {"errMsg": "closeSocket:ok"})),
        ("log", ("WebSocket 已断开",)),
    ]
    assert page.socket_task is not None
    assert page.socket_task.ready_state is ReadyState.CLOSED
    await asyncio.wait_for(echo_server.closed_event.wait(), UNIT)
    assert echo_server.closes == [(1000, "")]


async def test_connect_to_a_dead_port(
    runtime: Runtime, console: Console, watch: Watcher, unused_tcp_port: int
) -> None:
    page = IndexPage(runtime, console, f"ws://127.0.0.1:{unused_tcp_port}/")
    page.socket_connect()
    await watch.until("WebSocket 已断开")
    lines = watch.lines()
    assert lines[:2] == [
        ("log", ("创建成功", CONNECT_OK)),
        ("log", ("创建完毕", CONNECT_OK)),
    ]
    level, (first, error) = lines[2]
    assert (level, first) == ("error", "WebSocket 发生错误:")
    assert error["errMsg"] == (
        f"connection refused by 127.0.0.1:{unused_tcp_port}: nothing is listening there"
    )
    assert lines[3:] == [("log", ("WebSocket 已断开",))]
    assert len(lines) == 4
    assert page.socket_task is not None
    assert page.socket_task.ready_state is ReadyState.CLOSED


async def test_send_before_connect(page: IndexPage, watch: Watcher) -> None:
    type_into(page, "early")
    page.send_socket()
    page.close_socket()
    await asyncio.sleep(0)  # nothing is scheduled: the sample only logs
    assert watch.lines() == [("log", ("---- send", "early")), ("log", ("---- close",))]
    assert page.socket_task is None


async def test_close_twice(page: IndexPage, watch: Watcher) -> None:
    await opened(page, watch)
    page.close_socket()
    page.close_socket()
    await watch.until("WebSocket 已断开")
    assert watch.lines()[3:] == [
        ("log", ("---- close",)),
        ("log", ("---- close",)),
        ("log", ("close success", {"errMsg": "closeSocket:ok"})),
        ("log", ("close fail", NOT_CONNECTED_CLOSE)),
        ("log", ("WebSocket 已断开",)),
    ]
    # And once more after it closed: the task still exists, so close is called and fails.
    page.close_socket()
    await watch.until("close fail", count=2)
    assert watch.lines()[8:] == [
        ("log", ("---- close",)),
        ("log", ("close fail", NOT_CONNECTED_CLOSE)),
    ]


async def test_second_connect_is_ignored_by_the_guard(
    page: IndexPage, watch: Watcher, runtime: Runtime
) -> None:
    await opened(page, watch)
    task = page.socket_task
    page.socket_connect()
    page.socket_connect()
    assert page.socket_task is task
    assert len(runtime.active_tasks) == 1
    page.close_socket()
    await watch.until("WebSocket 已断开")
    before = watch.lines()
    page.socket_connect()  # after a close too: the sample never creates again
    await asyncio.sleep(0)
    assert page.socket_task is task
    assert watch.lines() == before
    assert [args[0] for _, args in before].count("创建成功") == 1


async def test_reload_then_connect_again(page: IndexPage, watch: Watcher) -> None:
    seen: list[dict[str, Any]] = []
    page.watch(seen.append)
    await opened(page, watch)
    type_into(page, "draft")
    page.close_socket()
    await watch.until("WebSocket 已断开")
    page.reload()
    assert page.socket_task is None
    assert page.data == {"inputValue": ""}
    assert seen == [{"inputValue": "draft"}, {"inputValue": ""}]
    page.socket_connect()
    await watch.until("WebSocket 已连接", count=2)
    second = {"errMsg": "connectSocket:ok", "socketTaskId": 2}
    assert watch.lines()[-3:] == [
        ("log", ("创建成功", second)),
        ("log", ("创建完毕", second)),
        ("log", ("WebSocket 已连接",)),
    ]


async def test_reload_leaves_an_open_socket_open(
    page: IndexPage, watch: Watcher, runtime: Runtime
) -> None:
    await opened(page, watch)
    old = page.socket_task
    page.reload()
    assert page.socket_task is None
    assert old is not None
    assert old.ready_state is ReadyState.OPEN
    assert runtime.active_tasks == [old]


async def test_console_text_reads_like_the_devtools(page: IndexPage, watch: Watcher) -> None:
    await opened(page, watch)
    texts = [e.text for e in watch.console.entries]
    assert texts == [
        '创建成功 {errMsg: "connectSocket:ok", socketTaskId: 1}',
        '创建完毕 {errMsg: "connectSocket:ok", socketTaskId: 1}',
        "WebSocket 已连接",
    ]


def _entries_of(console: Console) -> list[ConsoleEntry]:
    return console.entries


async def test_the_page_passes_its_connect_options(
    runtime: Runtime,
    console: Console,
    watch: Watcher,
    make_server: Callable[..., Awaitable[WsServer]],
) -> None:
    server = await make_server(subprotocols=["chat"])
    page = IndexPage(
        runtime,
        console,
        server.url(),
        connect_options={"protocols": ["chat"], "header": {"X-Demo": "1"}},
    )
    page.socket_connect()
    await watch.until("WebSocket 已连接")
    assert page.socket_task is not None
    assert page.socket_task.protocol == "chat"
    assert server.requests[0]["X-Demo"] == "1"
    assert [e.args[0] for e in _entries_of(console)] == ["创建成功", "创建完毕", "WebSocket 已连接"]
