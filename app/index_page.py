"""``IndexPage``: a line-by-line port of the sample's ``Page({...})``.

The module-level ``let socketTask`` of the sample is per page instance here, so a
"reload" is a new ``IndexPage`` (or :meth:`IndexPage.reload`), exactly as the
devtools reload a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.console import Console
from app.runtime import Runtime
from app.socket_task import SocketTask

__all__ = ["DEFAULT_SAMPLE_URL", "IndexPage"]

DEFAULT_SAMPLE_URL = "wss://someurl"


class IndexPage:
    def __init__(
        self,
        runtime: Runtime,
        console: Console,
        url: str = DEFAULT_SAMPLE_URL,
        *,
        connect_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.runtime = runtime
        self.console = console
        self.url = url
        self.connect_options: dict[str, Any] = dict(connect_options or {})
        self.data: dict[str, Any] = {"inputValue": ""}
        self.socket_task: SocketTask | None = None
        self._watchers: list[Callable[[dict[str, Any]], None]] = []

    # -- the sample, handler by handler --------------------------------------------------

    def socket_connect(self, _event: object = None) -> None:
        # 如果已经创建,就不再创建了
        if self.socket_task:
            return
        console = self.console
        self.socket_task = self.runtime.connect_socket(
            {
                **self.connect_options,
                "url": self.url,
                # 创建成功的回调
                "success": lambda res: console.log("创建成功", res),
                # 创建失败的回调
                "fail": lambda res: console.log("创建失败", res),
                # 创建完毕的回调
                "complete": lambda res: console.log("创建完毕", res),
            }
        )
        task = self.socket_task
        # 此时表示 websocket 已经处于 open 状态
        task.on_open(lambda _res: console.log("WebSocket 已连接"))
        # 此时表示 websocket 已经处于 closed 状态
        task.on_close(lambda _res: console.log("WebSocket 已断开"))
        # 此处表示 websocket 有错误发生
        task.on_error(lambda error: console.error("WebSocket 发生错误:", error))
        # 每次 WebSocket 发送的信息
        task.on_message(lambda message: console.log("socket message:", message))

    def close_socket(self, _event: object = None) -> None:
        # 主动关闭 websocket 连接
        self.console.log("---- close")
        if self.socket_task:
            console = self.console
            self.socket_task.close(
                {
                    # 关闭成功的回调
                    "success": lambda res: console.log("close success", res),
                    # 关闭失败的回调
                    "fail": lambda res: console.log("close fail", res),
                }
            )

    def send_socket(self, _event: object = None) -> None:
        # 向 websocket 发送信息
        self.console.log("---- send", self.data["inputValue"])
        if self.socket_task:
            console = self.console
            # send 发送的数据必须是 object类型
            self.socket_task.send(
                {
                    # 具体发送的数据的 key 必须是 data
                    "data": self.data["inputValue"],
                    # 发送成功的回调
                    "success": lambda res: console.log("send success", res),
                    # 发送失败的回调
                    "fail": lambda res: console.log("send fail", res),
                }
            )

    def input_change(self, e: Mapping[str, Any]) -> None:
        self.set_data({"inputValue": e["detail"]["value"]})

    # -- the framework around it ---------------------------------------------------------

    def set_data(self, patch: Mapping[str, Any]) -> None:
        """``this.setData``: merge and notify watchers (the view re-renders from ``data``)."""
        self.data.update(patch)
        for fn in tuple(self._watchers):
            fn(dict(self.data))

    def watch(self, fn: Callable[[dict[str, Any]], None]) -> Callable[[], None]:
        self._watchers.append(fn)

        def unwatch() -> None:
            if fn in self._watchers:
                self._watchers.remove(fn)

        return unwatch

    def reload(self) -> None:
        """Reload the page: fresh ``data`` and no ``socketTask``. Earlier sockets stay open,
        as in the mini-program (a reload does not close them)."""
        self.socket_task = None
        self.set_data({"inputValue": ""})
