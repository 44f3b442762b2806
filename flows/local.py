"""Running a flow from the command line on this machine: a temporary Prefect API server that
dies with the command, and a console that tells user errors without tracebacks.

Without a server, Prefect starts a temporary one itself (`SubprocessASGIServer`) as a child
process and stops it at exit; a command killed while it starts (`kill -9`, a closed terminal)
leaves that child running for good. So the command starts the same server itself, as a child
the kernel stops when its parent dies (`prctl(PR_SET_PDEATHSIG)`), and points PREFECT_API_URL
at it. When PREFECT_API_URL is set already, that server is used and none is started.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import prefect
from prefect.logging.configuration import ensure_logging_setup
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    get_current_settings,
    temporary_settings,
)

from evaluasi.errors import EvaluasiError

_PR_SET_PDEATHSIG = 1
_STOP_SECONDS = 5.0


class ServerDidNotStart(RuntimeError):
    """The temporary Prefect server did not answer within the startup timeout."""


@contextmanager
def prefect_api() -> Iterator[str]:
    """A Prefect API for the flows run inside: PREFECT_API_URL when set, else a temporary
    server that is stopped on exit and dies with this process. Yields the API's URL."""
    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        _server_command(port),
        env={
            **os.environ,
            # As Prefect's own temporary server: no UI, ephemeral mode.
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **get_current_settings().to_environment_variables(exclude_unset=True),
        },
        preexec_fn=_die_with_parent(os.getpid()),
    )
    try:
        _wait_until_healthy(
            server, url, float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        )
        with temporary_settings({PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                _drain_workers()
    finally:
        server.terminate()
        try:
            server.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _drain_workers() -> None:
    """Send the logs and events still queued before the server goes (as Prefect's own test
    harness does): otherwise their workers retry against a closed port at exit."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    with contextlib.suppress(RuntimeError):  # no log was sent to the API
        APILogWorker.instance().drain()
    EventsWorker.drain_all()


def _server_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(prefect.__module_path__.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent(parent: int) -> Callable[[], None]:
    """In the child, before it runs the server: ask the kernel for SIGTERM when the parent
    dies, and stop at once if it already has (the race between fork and prctl)."""

    def arrange() -> None:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def _wait_until_healthy(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise ServerDidNotStart(
                    f"the temporary Prefect server exited with code {server.returncode}"
                )
            try:
                if client.get(f"{url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    raise ServerDidNotStart(
        f"the temporary Prefect server did not answer within {timeout:g} s; raise "
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS or set PREFECT_API_URL to a running one"
    )


class _NoTracebackForTold(logging.Filter):
    """A user error or a failed run is told in its message; its traceback helps no user (and
    `--debug` shows it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], EvaluasiError):
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_tracebacks() -> None:
    """Drop the tracebacks of EvaluasiErrors from Prefect's console output."""
    ensure_logging_setup()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _NoTracebackForTold) for f in handler.filters):
            handler.addFilter(_NoTracebackForTold())
