"""Memory measurement shared by the benchmark scripts (Linux only)."""

from __future__ import annotations

import gc


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
