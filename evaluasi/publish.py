"""Publishing a run folder atomically and pointing `latest` at it.

The folder is written under a hidden staging name and renamed into place only when complete, then
`latest` is swapped in one rename. A run that fails before that leaves `latest` as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

LATEST = "latest"
# Hidden names of what is being written; a killed run may leave them (operations.recover).
STAGING_PREFIX = ".staging-"
LATEST_TEMP_PREFIX = f".{LATEST}-"


def publish_folder(reports_dir: Path, run_id: str, write: Callable[[Path], None]) -> Path:
    """Write a run's folder with `write(folder)`, move it to `reports_dir/run_id`, update latest."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    staging = reports_dir / f"{STAGING_PREFIX}{run_id}"
    final = reports_dir / run_id
    if final.exists():
        raise FileExistsError(f"{final} already exists; run ids must be unique")
    staging.mkdir()
    try:
        write(staging)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    point_latest(reports_dir, run_id)
    return final


def point_latest(reports_dir: Path, run_id: str) -> None:
    """Atomically make `reports_dir/latest` a relative symlink to `run_id`."""
    temporary = reports_dir / f"{LATEST_TEMP_PREFIX}{run_id}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(run_id, target_is_directory=True)
    os.replace(temporary, reports_dir / LATEST)
