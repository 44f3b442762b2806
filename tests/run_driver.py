"""A run outside Prefect, in its own process, that can kill itself at a chosen point.

    python tests/run_driver.py INBOX WAREHOUSE REPORTS [--kill-at STAGE]

STAGE is where the process sends itself SIGKILL, as an operator's `kill -9` or a power cut
would: `ingest` (every source loaded, inside the ingest transaction), `evaluate` (the first
result table stored, inside its transaction), `publish` (the HTML written into the staging
folder) or `finish` (the report published, the ledger not yet told). Prints the published
folder on success.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_after(module: object, name: str, calls: int = 1) -> None:
    original = getattr(module, name)
    seen = 0

    def wrapped(*args: object, **kwargs: object) -> object:
        nonlocal seen
        result = original(*args, **kwargs)
        seen += 1
        if seen >= calls:
            _die()
        return result

    setattr(module, name, wrapped)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("inbox", type=Path)
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("reports", type=Path)
    parser.add_argument("--kill-at", choices=("ingest", "evaluate", "publish", "finish"))
    parser.add_argument("--allow-shrink", action="store_true")
    args = parser.parse_args()

    from evaluasi import operations, pipeline, warehouse
    from evaluasi.config import load_settings
    from evaluasi.errors import EvaluasiError
    from evaluasi.periods import ALL

    if args.kill_at == "ingest":
        _kill_after(pipeline, "record_ledger")
    elif args.kill_at == "evaluate":
        _kill_after(warehouse, "_insert")
    elif args.kill_at == "publish":
        _kill_after(pipeline, "write_report")
    elif args.kill_at == "finish":
        original = pipeline.finish

        def finish(request: object, status: str, **fields: object) -> None:
            if status == "completed":
                _die()
            original(request, status, **fields)

        pipeline.finish = finish

    settings = load_settings().with_overrides(
        inbox=args.inbox.resolve(),
        warehouse=args.warehouse.resolve(),
        reports_dir=args.reports.resolve(),
    )
    now = datetime.now(UTC)
    request = pipeline.RunRequest(
        settings=settings,
        period=ALL,
        flow="adhoc",
        run_id=pipeline.new_run_id(now),
        started_at=now,
        allow_shrink=args.allow_shrink,
    )
    try:
        folder = operations.execute(request)
    except EvaluasiError as error:
        print(f"evaluasi: error: {error}", file=sys.stderr)
        return error.exit_code
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
