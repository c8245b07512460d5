"""Parent side: spawning the server and the clients, reading their result lines."""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import select
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import RESULT_PREFIX

__all__ = ["ROOT", "ChildFailedError", "ServerHandle", "child_env", "demo_server", "run_child"]

logger = logging.getLogger(__name__)

#: The repository root: children run from here so ``app``, ``ui`` and ``bench`` import.
ROOT = Path(__file__).resolve().parent.parent


class ChildFailedError(RuntimeError):
    """A client process failed, timed out or printed no result."""


_scratch: tempfile.TemporaryDirectory[str] | None = None


def _scratch_dir() -> Path:
    """A private folder for the children's settings, logs and caches, removed at exit."""
    global _scratch
    if _scratch is None:
        _scratch = tempfile.TemporaryDirectory(prefix="ttsocket-bench-")
        atexit.register(_scratch.cleanup)
    return Path(_scratch.name)


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every child: the repository importable, Qt offscreen, and the
    app's settings, logs, caches and bytecode in a scratch folder (never the user's own)."""
    env = dict(os.environ)
    scratch = _scratch_dir()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(scratch / name.lower())
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Bytecode is cached as an installed copy has it (pip compiles on install), in the
    # scratch folder: without this, a machine that sets PYTHONDONTWRITEBYTECODE would
    # make every app spawn compile the project's source again before its first paint.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    if extra:
        env.update(extra)
    return env


def run_child(
    module: str,
    args: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    python_args: Sequence[str] = (),
) -> dict[str, Any]:
    """Run ``python -m module args`` and return the JSON of its ``RESULT`` line."""
    cmd = [sys.executable, *python_args, "-m", module, *args]
    try:
        proc = subprocess.run(
            cmd,
            cwd=ROOT,
            env=child_env(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ChildFailedError(
            f"{module} {' '.join(args)}: timed out after {timeout:.0f} s"
        ) from exc
    return parse_result(module, proc.returncode, proc.stdout, proc.stderr)


def parse_result(module: str, returncode: int, stdout: str, stderr: str) -> dict[str, Any]:
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            if returncode == 0:
                return result
    tail = stderr.strip().splitlines()[-1:] or [f"exit status {returncode}, no result"]
    raise ChildFailedError(f"{module}: {tail[0]}")


@dataclass(frozen=True, slots=True)
class ServerHandle:
    url: str
    port: int
    pid: int


@contextlib.contextmanager
def demo_server(timeout: float = 20.0) -> Iterator[ServerHandle]:
    """The demo server in its own process; stopped (stdin closed) on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server_proc"],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        if os.name == "posix":
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            if not ready:
                proc.kill()
                raise ChildFailedError(f"the demo server did not start within {timeout:.0f} s")
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise ChildFailedError(f"the demo server did not start: {err.strip()[-300:]}")
        info = json.loads(line)
        yield ServerHandle(url=str(info["url"]), port=int(info["port"]), pid=proc.pid)
    finally:
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
