"""A run that would replace a good report with a much emptier one stops, says why, and leaves
the warehouse and `latest` as they were; `allow_shrink` lets a deliberate shrink through."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import BROKEN_NIP, run_request, score_rows, site_settings, write_inbox

from evaluasi import operations, pipeline, warehouse
from evaluasi.evidence import EvidenceShrank


def _request(root: Path, allow_shrink: bool = False) -> pipeline.RunRequest:
    return run_request(site_settings(root), allow_shrink=allow_shrink)


def _state(root: Path) -> dict[str, object]:
    with warehouse.connect(root / "data" / "warehouse.duckdb") as con:
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("scores", "programs", "landed_scores", "program_results")
        }
        statuses = [row[0] for row in con.execute("select status from runs").fetchall()]
    latest = root / "reports" / "latest"
    return {
        "counts": counts,
        "statuses": statuses,
        "latest": os.readlink(latest) if latest.is_symlink() else None,
    }


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evidence")
    write_inbox(root / "inbox")
    operations.execute(_request(root))
    return root


def _copy(good: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(good, root, symlinks=True)
    return root


def test_a_header_only_scores_file_on_a_first_run_stops_and_publishes_nothing(
    tmp_path: Path,
) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    (inbox / "scores.csv").write_text(
        "nip,program_id,instrument,phase,score,assessed_on,group\n", encoding="utf-8"
    )
    with pytest.raises(EvidenceShrank) as raised:
        operations.execute(_request(tmp_path))
    text = raised.value.text("en")
    assert "No scores row could be loaded" in text and "scores.csv (0 / 0 / 0 / 0)" in text
    assert "--allow-shrink" in raised.value.text("id")
    assert not (tmp_path / "reports" / "latest").exists()
    assert _state(tmp_path)["statuses"] == ["failed"]


def test_every_score_rejected_after_a_good_run_stops_and_keeps_latest(
    good: Path, tmp_path: Path
) -> None:
    root = _copy(good, tmp_path)
    before = _state(root)
    broken = [dict(row, nip=BROKEN_NIP) for row in score_rows()]  # Excel stored NIPs as numbers
    pd.DataFrame(broken).to_csv(root / "inbox" / "scores.csv", index=False)
    with pytest.raises(EvidenceShrank) as raised:
        operations.execute(_request(root))
    text = raised.value.text("en")
    assert "No scores row could be loaded" in text and "scores.csv (54 / 0 / 54 / 54)" in text
    after = _state(root)
    # Rolled back: the canonical tables, the landed rows and `latest` are as they were.
    assert after["counts"] == before["counts"] and after["latest"] == before["latest"]
    assert after["statuses"] == [*before["statuses"], "failed"]


def test_a_deliberate_shrink_goes_through_with_allow_shrink(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    before = _state(root)
    rows = [row for row in score_rows() if row["program_id"] == "P-C"]  # 3 of 27 people
    pd.DataFrame(rows).to_csv(root / "inbox" / "scores.csv", index=False)
    with pytest.raises(EvidenceShrank) as raised:
        operations.execute(_request(root))
    text = raised.value.text("en")
    assert "shrank drastically" in text and "scores 54 → 6" in text
    folder = operations.execute(_request(root, allow_shrink=True))
    after = _state(root)
    assert after["latest"] == folder.name != before["latest"]
    assert after["counts"]["scores"] == len(rows)


def test_a_modest_correction_is_not_a_shrink(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    rows = [row for row in score_rows() if row["program_id"] != "P-C"]  # 6 of 54 rows fewer
    pd.DataFrame(rows).to_csv(root / "inbox" / "scores.csv", index=False)
    folder = operations.execute(_request(root))
    assert _state(root)["latest"] == folder.name
