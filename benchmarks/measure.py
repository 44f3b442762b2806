"""Memory measurement shared by the benchmark scripts (Linux only)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path


def reset_peak_rss() -> int:
    """This process's RSS in bytes, made its peak so far (Linux ``clear_refs`` 5): the
    ru_maxrss that ``os.wait4`` reports then covers only what runs afterwards."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmRSS in /proc/self/status")


def run_child(
    script: str, step: str, folder: Path, extra: list[str], result_name: str
) -> tuple[dict, int]:
    """Run `script --child step --folder folder *extra` in a fresh interpreter; the JSON result
    it writes to `folder/result_name` and its own peak RSS in bytes.

    ``os.wait4`` returns the child's resource usage. A child's ru_maxrss starts from its
    parent's RSS at fork, which stays below a step's: the parent holds no data itself.
    """
    command = [sys.executable, script, "--child", step, "--folder", str(folder), *extra]
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{step} failed (exit {process.returncode}); its error is above")
    result = json.loads((folder / result_name).read_text())
    return result, usage.ru_maxrss * 1024
