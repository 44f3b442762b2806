"""The `evaluasi` command: usage mistakes exit 2 in one line; a real run exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_inbox

from evaluasi.cli import main

EVALUASI = Path(sys.executable).with_name("evaluasi")


def test_missing_inbox_is_one_line_and_exit_2(tmp_path, capsys):
    code = main(["run", "--inbox", str(tmp_path / "nope"), "--reports", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "does not exist" in err


def test_bad_period_is_one_line_and_exit_2(inbox, capsys):
    assert main(["run", "--inbox", str(inbox), "--period", "2026Q7"]) == 2
    assert "quarter like 2026Q3" in capsys.readouterr().err


def test_missing_column_is_one_line_and_exit_2(inbox, capsys):
    (inbox / "programs.csv").write_text("program_id,name\nP-A,x\n")
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(inbox.parent / "w.duckdb")]) == 2
    # Prefect's own log lines may come first, depending on what ran before in this process.
    ours = [line for line in capsys.readouterr().err.splitlines() if line.startswith("evaluasi:")]
    assert len(ours) == 1
    assert "programs.csv: has no header row" in ours[0] and "lacks 'type', 'start_date'" in ours[0]


def test_unknown_option_exits_2():
    result = subprocess.run([EVALUASI, "run", "--colour"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_demo_refuses_to_overwrite_real_data(inbox, tmp_path, capsys):
    assert main(["demo", "--inbox", str(inbox), "--reports", str(tmp_path / "r")]) == 2
    assert "not the demo's" in capsys.readouterr().err


@pytest.mark.e2e
def test_real_run_from_the_command_line(tmp_path):
    """The console script as a user runs it, with its own temporary Prefect server."""
    write_inbox(tmp_path / "data" / "inbox")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVALUASI"))}
    result = subprocess.run(
        [EVALUASI, "run", "--period", "all", "--lang", "en"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    index = Path(result.stdout.strip().splitlines()[-1])
    assert index.is_file() and index.parent.parent == tmp_path / "reports"
    assert (tmp_path / "reports" / "latest" / "results.csv").is_file()
    assert (tmp_path / "data" / "warehouse.duckdb").is_file()
    assert 'lang="en"' in index.read_text()


def test_runs_lists_the_ledger_newest_first(tmp_path, capsys):
    from datetime import UTC, datetime, timedelta

    from evaluasi import warehouse

    path = tmp_path / "w.duckdb"
    assert main(["runs", "--warehouse", str(path)]) == 2
    assert "no run has been made" in capsys.readouterr().err
    start = datetime(2026, 10, 1, 0, 0, tzinfo=UTC)
    with warehouse.connect(path) as con:
        for index, status in enumerate(("completed", "failed")):
            run_id = f"run-{index}"
            warehouse.start_run(
                con, run_id, "quarterly", {}, "2026Q3", "id", start + timedelta(hours=index), {}
            )
            fields = (
                {"n_programs": 3, "n_results": 7, "rows_read": 1234, "report_dir": "/r/run-0"}
                if status == "completed"
                else {"error": "SourceError: pg down"}
            )
            warehouse.finish_run(
                con, run_id, status, start + timedelta(hours=index, minutes=2), **fields
            )
    assert main(["runs", "--warehouse", str(path), "--limit", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["run_id", "flow", "period", "status"]
    assert lines[1].startswith("run-1") and "SourceError: pg down" in lines[1]
    assert "2026-10-01 07:00" in lines[2] and "1,234" in lines[2] and "/r/run-0" in lines[2]
    assert " 120 " in lines[2]  # seconds
    assert main(["runs", "--warehouse", str(path), "--limit", "0"]) == 2
