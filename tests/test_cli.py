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
    code = main(
        ["run", "--lang", "en", "--inbox", str(tmp_path / "nope"), "--reports", str(tmp_path)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "does not exist" in err


def test_messages_are_indonesian_unless_english_is_asked_for(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EVALUASI_LANG", raising=False)
    assert main(["run", "--period", "2026Q7", "--inbox", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "evaluasi: kesalahan: periode '2026Q7' bukan triwulan seperti 2026Q3 dan bukan kata all\n"
    )
    assert main(["run", "--lang", "en", "--period", "2026Q7"]) == 2
    assert "error: period '2026Q7' is not a quarter like 2026Q3" in capsys.readouterr().err
    monkeypatch.setenv("EVALUASI_LANG", "en")
    assert main(["run", "--period", "2026Q7"]) == 2
    assert "is not a quarter" in capsys.readouterr().err
    # argparse's own words speak the language too
    monkeypatch.delenv("EVALUASI_LANG")
    with pytest.raises(SystemExit):
        main(["run", "--colour"])
    assert "kesalahan: argumen tidak dikenal: --colour" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "penggunaan: evaluasi" in capsys.readouterr().out


def test_bad_period_is_one_line_and_exit_2(inbox, capsys):
    assert main(["run", "--lang", "en", "--inbox", str(inbox), "--period", "2026Q7"]) == 2
    assert "quarter like 2026Q3" in capsys.readouterr().err


def test_a_damaged_warehouse_is_one_line_with_advice_before_prefect(inbox, capsys):
    damaged = inbox.parent / "w.duckdb"
    damaged.write_bytes(b"not a duckdb file at all" * 200)
    code = main(["run", "--lang", "en", "--inbox", str(inbox), "--warehouse", str(damaged)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "is damaged" in err and "Restore it from your backup, or move it aside" in err


def test_missing_column_is_one_line_and_exit_2(inbox, capsys):
    (inbox / "programs.csv").write_text("program_id,name\nP-A,x\n")
    warehouse_file = str(inbox.parent / "w.duckdb")
    assert main(["run", "--lang", "en", "--inbox", str(inbox), "--warehouse", warehouse_file]) == 2
    # The header check runs before Prefect: the one line is all there is.
    ours = capsys.readouterr().err.splitlines()
    assert len(ours) == 1 and ours[0].startswith("evaluasi:")
    assert "programs.csv: none of its first 50 non-blank rows" in ours[0]
    assert "lacks 'type', 'start_date'" in ours[0]


def test_a_file_lacking_columns_stops_the_command_before_prefect(tmp_path):
    """The header check runs in the preflight: one line naming the file and what it lacks,
    exit 2, and Prefect (whose temporary server takes seconds to start) is never imported."""
    inbox = write_inbox(tmp_path / "data" / "inbox")
    (inbox / "programs.csv").write_text("program_id,name\nP-A,x\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVALUASI"))}
    command = [EVALUASI, "run", "--lang", "en"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"evaluasi: error: {inbox / 'programs.csv'}: ")
    assert "lacks 'type', 'start_date', 'end_date', 'jp'" in lines[0]
    assert "temporary server" not in result.stderr and "Traceback" not in result.stderr
    # The same command with Python's import log (-X importtime): no module of Prefect.
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    profiled = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert profiled.returncode == 2
    imports = [line for line in profiled.stderr.splitlines() if line.startswith("import time:")]
    modules = {line.rsplit("|", 1)[1].strip() for line in imports[1:]}
    assert "evaluasi.preflight" in modules
    assert not {name for name in modules if name.split(".")[0] == "prefect"}


def test_unknown_option_exits_2():
    result = subprocess.run([EVALUASI, "run", "--colour"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_demo_refuses_to_overwrite_real_data(inbox, tmp_path, capsys):
    assert main(["demo", "--lang", "en", "--inbox", str(inbox), "--reports", str(tmp_path)]) == 2
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
    assert main(["runs", "--lang", "en", "--warehouse", str(path)]) == 2
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


@pytest.mark.e2e
@pytest.mark.parametrize("delay", [0.0, 1.0, 4.0])
def test_a_command_killed_while_prefect_starts_leaves_no_server_behind(tmp_path, delay):
    """The temporary Prefect server is a child that dies with the command (flows/local.py),
    whenever the command is killed: while the server starts, or once it answers."""
    import signal
    import time

    import psutil

    write_inbox(tmp_path / "data" / "inbox")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "EVALUASI"))}
    command = subprocess.Popen(
        [EVALUASI, "run", "--period", "all"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(command.pid)
    deadline = time.monotonic() + 120
    server = None
    while server is None and time.monotonic() < deadline and command.poll() is None:
        server = next((c for c in parent.children() if _is_server(c)), None)
        time.sleep(0.05)
    assert server is not None, "the command never started its temporary Prefect server"
    time.sleep(delay)
    command.send_signal(signal.SIGKILL)
    command.wait(timeout=30)
    assert _ends(server, 30), f"the temporary Prefect server {server.pid} outlived the command"


def _is_server(process) -> bool:
    import psutil

    try:
        return "uvicorn" in " ".join(process.cmdline())
    except psutil.Error:  # a short-lived child that has just exited
        return False


def _ends(process, timeout: float) -> bool:
    """Whether `process` ends within `timeout` seconds; an unreaped zombie has ended."""
    import time

    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False
