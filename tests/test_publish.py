"""A run folder appears whole or not at all, and `latest` only ever points at a whole one."""

from __future__ import annotations

import pytest

from evaluasi.publish import LATEST, publish_folder


def write_ok(folder):
    (folder / "index.html").write_text("ok")


def test_publish_moves_folder_into_place_and_points_latest(tmp_path):
    first = publish_folder(tmp_path, "run-1", write_ok)
    second = publish_folder(tmp_path, "run-2", write_ok)
    assert (tmp_path / LATEST).resolve() == second.resolve()
    assert (tmp_path / LATEST / "index.html").read_text() == "ok"
    assert first.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [LATEST, "run-1", "run-2"]


def test_failed_write_leaves_latest_and_no_partial_folder(tmp_path):
    publish_folder(tmp_path, "run-1", write_ok)

    def write_fails(folder):
        (folder / "index.html").write_text("half")
        raise RuntimeError("chart failed")

    with pytest.raises(RuntimeError, match="chart failed"):
        publish_folder(tmp_path, "run-2", write_fails)
    assert (tmp_path / LATEST).resolve().name == "run-1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LATEST, "run-1"]
