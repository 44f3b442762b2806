"""Safety under operations: one run at a time per warehouse, and a run killed at any stage
leaves the warehouse consistent and the last good report published; the next run completes.

Runs happen in their own processes (tests/run_driver.py, outside Prefect) so that they can be
killed with SIGKILL, as an operator's `kill -9` would.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import score_rows, write_inbox

from evaluasi import warehouse
from evaluasi.lock import WarehouseBusy, run_lock

DRIVER = Path(__file__).with_name("run_driver.py")
PROJECT = DRIVER.parent.parent


def drive(
    root: Path, *extra: str, wait: float | None = None, **environ: str
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), **environ}
    if wait is not None:
        env["EVALUASI_LOCK_WAIT"] = str(wait)
    return subprocess.Popen(
        [
            sys.executable,
            str(DRIVER),
            str(root / "inbox"),
            str(root / "warehouse.duckdb"),
            str(root / "reports"),
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out.strip(), err


def state(root: Path) -> dict[str, object]:
    """What must not change when a run is killed: the ledger of sources, the canonical rows,
    the stored results, and the published folders."""
    with warehouse.connect(root / "warehouse.duckdb") as con:

        def count(table: str) -> int:
            return con.execute(f"select count(*) from {table}").fetchone()[0]

        runs = con.execute("select run_id, status from runs order by started_at").fetchall()
        counts = {
            table: count(table)
            for table in ("scores", "programs", "source_files", "program_results", "quarantine")
        }
    reports = root / "reports"
    return {
        "runs": runs,
        "counts": counts,
        "latest": os.readlink(reports / "latest"),
        "folders": sorted(p.name for p in reports.iterdir() if not p.name.startswith(".")),
    }


@pytest.fixture(scope="module")
def good_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse and reports folder after one good run."""
    root = tmp_path_factory.mktemp("good")
    write_inbox(root / "inbox")
    code, _, err = finished(drive(root))
    assert code == 0, err
    return root


def _copy(good_run: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(good_run, root, symlinks=True)
    return root


def _grow_inbox(root: Path) -> None:
    """A new programme in the inbox: an ingest that committed would change the counts."""
    rows = score_rows()
    extra = [{**row, "program_id": "P-NEW"} for row in rows if row["program_id"] == "P-A"]
    pd.DataFrame(rows + extra).to_csv(root / "inbox" / "scores.csv", index=False)
    programs = pd.read_csv(root / "inbox" / "programs.csv", dtype=str)
    new = programs[programs["program_id"] == "P-A"].assign(program_id="P-NEW", name="Baru")
    pd.concat([programs, new]).to_csv(root / "inbox" / "programs.csv", index=False)


@pytest.mark.parametrize("stage", ["ingest", "evaluate", "publish", "finish"])
def test_a_run_killed_at_any_stage_harms_nothing(
    good_run: Path, tmp_path: Path, stage: str
) -> None:
    root = _copy(good_run, tmp_path)
    before = state(root)
    _grow_inbox(root)
    code, _, _ = finished(drive(root, "--kill-at", stage))
    assert code == -signal.SIGKILL

    after = state(root)
    killed_id, killed_status = after["runs"][-1]
    assert killed_status == "running"  # the ledger cannot know yet; the next run will say
    if stage in ("ingest", "evaluate", "publish"):
        # nothing of the killed run is visible: the last good report stays published
        assert after["latest"] == before["latest"]
        assert after["folders"] == before["folders"]
    if stage == "ingest":
        assert after["counts"] == before["counts"]  # the new programme was rolled back
    if stage == "evaluate":
        assert after["counts"]["program_results"] == before["counts"]["program_results"]
    if stage == "finish":
        # the report was complete and published before the kill
        assert after["latest"] == killed_id
        assert (root / "reports" / killed_id / "index.html").is_file()
    assert (root / "reports" / before["latest"] / "index.html").is_file()

    code, out, err = finished(drive(root))
    assert code == 0, err
    final = state(root)
    # Killed after its folder was published: the ledger says so, as `latest` did.
    assert dict(final["runs"])[killed_id] == ("completed" if stage == "finish" else "interrupted")
    assert final["runs"][-1][1] == "completed"
    assert final["latest"] == Path(out).name
    if stage == "finish":
        with warehouse.connect(root / "warehouse.duckdb") as con:
            report_dir, n_results, rows_read = con.execute(
                "select report_dir, n_results, rows_read from runs where run_id = ?", [killed_id]
            ).fetchone()
        assert Path(report_dir).name == killed_id and n_results > 0 and rows_read > 0
    assert not [p for p in (root / "reports").iterdir() if p.name.startswith(".")]
    results = pd.read_csv(Path(out) / "results.csv", dtype={"program_id": str})
    assert "P-NEW" in set(results["program_id"])


def _mail(sink: tuple[object, int]) -> dict[str, str]:
    """Environment that makes a run email the test's SMTP sink."""
    return {
        "EVALUASI_NOTIFY_TO": "kepala.bidang@bpsdm.example.go.id",
        "EVALUASI_NOTIFY_FROM": "evaluasi@bpsdm.example.go.id",
        "EVALUASI_SMTP_HOST": "127.0.0.1",
        "EVALUASI_SMTP_PORT": str(sink[1]),
        "EVALUASI_SMTP_SECURITY": "insecure",
    }


def _subjects(received: list) -> list[str]:
    from email import message_from_bytes

    return [message_from_bytes(envelope.content)["Subject"] for envelope in received]


def test_a_source_that_is_down_is_retried_then_the_run_fails_and_publishes_nothing(
    good_run: Path, tmp_path: Path, sink: tuple[object, int], received: list
) -> None:
    root = _copy(good_run, tmp_path)
    before = state(root)
    (root / "inbox" / "sources.toml").write_text(
        "[[sources]]\n"
        'name = "simpeg"\n'
        'table = "performance"\n'
        'url_env = "EVALUASI_T_SIMPEG_URL"\n'
        "query = \"select nip, 'skp' as instrument, period_end, value from skp\"\n",
        encoding="utf-8",
    )
    code, _, err = finished(
        drive(
            root,
            # nothing listens on port 1
            EVALUASI_T_SIMPEG_URL="postgresql+psycopg://monev@127.0.0.1:1/simpeg",
            EVALUASI_SOURCE_ATTEMPTS="3",
            EVALUASI_SOURCE_RETRY_DELAY="0.2",
            **_mail(sink),
        )
    )
    assert code == 2
    assert "sql:simpeg" in err and "cannot connect" in err
    assert "(tried 3 times over 0.6 s)" in err
    after = state(root)
    assert after["runs"][-1][1] == "failed"
    failed_id = after["runs"][-1][0]
    assert _subjects(received) == [f"[evaluasi] Run {failed_id} periode all gagal"]
    assert {k: v for k, v in after.items() if k != "runs"} == {
        k: v for k, v in before.items() if k != "runs"
    }


def test_a_run_waits_for_the_run_that_holds_the_warehouse(good_run: Path, tmp_path: Path) -> None:
    root = _copy(good_run, tmp_path)
    with run_lock(root / "warehouse.duckdb", "run held-by-test", wait_seconds=0):
        impatient = drive(root, wait=0)
        patient = drive(root, wait=120)
        code, _, err = finished(impatient)
        assert code == 2
        assert "is in use by another run (run held-by-test)" in err
        assert "EVALUASI_LOCK_WAIT" in err
        time.sleep(3)
        assert patient.poll() is None  # still waiting
    code, out, err = finished(patient)
    assert code == 0, err
    assert state(root)["latest"] == Path(out).name


def test_two_runs_at_once_both_complete_one_after_the_other(
    good_run: Path, tmp_path: Path, sink: tuple[object, int], received: list
) -> None:
    root = _copy(good_run, tmp_path)
    first, second = drive(root, **_mail(sink)), drive(root, **_mail(sink))
    results = [finished(first), finished(second)]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    after = state(root)
    assert [status for _, status in after["runs"]] == ["completed"] * 3
    assert {Path(out).name for _, out, _ in results} <= set(after["folders"])
    with warehouse.connect(root / "warehouse.duckdb") as con:
        ledger = con.execute(
            "select run_id, count(*) from source_files group by run_id order by run_id"
        ).fetchall()
    assert len(ledger) == 3  # each run recorded its own sources, none mixed
    assert sorted(_subjects(received)) == sorted(
        f"[evaluasi] Laporan all sudah terbit (run {Path(out).name})" for _, out, _ in results
    )


def test_lock_is_released_when_its_holder_ends(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    acquired = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with run_lock(path, "run A", wait_seconds=0):
            acquired.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    acquired.wait(10)
    with pytest.raises(WarehouseBusy, match=r"\(run A\)"), run_lock(path, "run B", 0.3):
        pass
    release.set()
    holder.join()
    with run_lock(path, "run B", wait_seconds=0):
        assert (tmp_path / "w.duckdb.lock").read_text() == "run B"
