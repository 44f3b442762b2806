"""Settings from defaults and EVALUASI_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluasi.config import DEFAULT_LOCK_WAIT_SECONDS, load_settings
from evaluasi.errors import UserError


def test_defaults_live_under_the_working_folder(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, {})
    assert settings.inbox == tmp_path / "data" / "inbox"
    assert settings.warehouse == tmp_path / "data" / "warehouse.duckdb"
    assert settings.reports_dir == tmp_path / "reports"
    assert settings.lock_wait_seconds == DEFAULT_LOCK_WAIT_SECONDS


def test_lock_wait_is_read_in_seconds(tmp_path: Path) -> None:
    assert load_settings(tmp_path, {"EVALUASI_LOCK_WAIT": "2.5"}).lock_wait_seconds == 2.5
    assert load_settings(tmp_path, {"EVALUASI_LOCK_WAIT": "0"}).lock_wait_seconds == 0
    for bad in ("-1", "soon"):
        with pytest.raises(UserError, match="EVALUASI_LOCK_WAIT must be a number of seconds"):
            load_settings(tmp_path, {"EVALUASI_LOCK_WAIT": bad})
