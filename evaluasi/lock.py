"""One run at a time per warehouse: an advisory lock on a file beside the DuckDB file.

DuckDB locks its file only while a connection is open, and a run opens and closes it between
stages; a second run could otherwise rebuild the canonical tables between the first run's
ingest and its evaluation. The run lock is held from before the run is recorded until it ends.
It is an `flock`, which the kernel releases when the process dies, so a killed run never leaves
a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evaluasi.warehouse import WarehouseError

_POLL_SECONDS = 0.2


class WarehouseBusy(WarehouseError):
    """Another run holds the warehouse, and it did not finish within the wait allowed."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def run_lock(warehouse: Path, holder: str, wait_seconds: float) -> Iterator[None]:
    """Hold the run lock of `warehouse`, waiting up to `wait_seconds` for another run to end.

    `holder` (run id, process) is written into the lock file so that a run kept waiting can
    say who holds it. Raises WarehouseBusy when the wait runs out.
    """
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        "warehouse_busy", file=warehouse, holder=_holder(path), wait=wait_seconds
                    ) from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, holder.encode("utf-8"), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "unknown"
