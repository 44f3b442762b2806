"""Chart summaries and the JSON embedded in inline scripts."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go

from evaluasi.report.charts import (
    box_summary,
    change_bins,
    level_shares,
    score_levels,
    script_json,
    shorten,
)
from evaluasi.report.charts_summary import FOREST_ROWS_MAX, EffectRow, chunks, x_range


def test_script_json_cannot_close_the_script() -> None:
    figure = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    text = script_json(figure)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["data"][0]["x"] == ["</script><script>alert(1)</script>"]
    assert script_json({"s": "a\u2028b"}) == '{"s":"a\\u2028b"}'


def test_box_summary_uses_r_type_7_quartiles() -> None:
    summary = box_summary([1, 2, 3, 4, 10])
    assert (summary.minimum, summary.q1, summary.median, summary.q3, summary.maximum) == (
        1,
        2,
        3,
        4,
        10,
    )
    assert summary.mean == 4
    assert box_summary([1, 2, 3, 4]).q1 == 1.75  # R: quantile(1:4, 0.25) == 1.75


def test_likert_scores_are_drawn_as_levels() -> None:
    levels = score_levels([2, 3, 4], [3, 4, 4], 1, 5)
    assert levels == [1, 2, 3, 4, 5]
    assert level_shares([3, 4, 4, 5], levels) == [0, 0, 25, 50, 25]
    # Numeric scores withhold nothing: their paired lines and mean show individual scores.
    many = [2] * 2 + [3] * 6 + [4] * 12
    assert level_shares(many, levels) == [0, 10, 30, 60, 0]
    assert score_levels([2.5, 3], [3, 4], 1, 5) is None
    assert score_levels([60, 62], [64, 65], 0, 100) is None  # a test scored 0-100
    assert score_levels([0, 1, 1], [1, 1, 0], None, None) == [0, 1]


def test_change_bins_centre_a_bin_on_zero() -> None:
    bins = change_bins(np.array([-2, 0, 0, 1, 3, 3]))
    assert [b.centre for b in bins] == [-2, -1, 0, 1, 2, 3]
    assert [b.count for b in bins] == [1, 0, 2, 1, 0, 2]
    assert all(b.whole for b in bins)
    wide = change_bins(np.linspace(-7.3, 41.9, 50))
    assert sum(b.count for b in wide) == 50
    assert any(b.low < 0 < b.high for b in wide)
    assert not wide[0].whole
    assert change_bins(np.array([2.5] * 5))[0].count == 5


def test_long_labels_keep_both_ends() -> None:
    label = shorten("Pelatihan Kepemimpinan Pengawas Angkatan III Tahun Anggaran 2026", 38)
    assert len(label) == 38 and label.endswith("2026") and label.startswith("Pelatihan")


def _effect(estimate: float) -> EffectRow:
    return EffectRow("P", "positive", (estimate, estimate - 1, estimate + 1), None, None, "")


def test_forest_parts_are_even_and_page_sized() -> None:
    assert [len(part) for part in chunks([_effect(i) for i in range(45)])] == [15, 15, 15]
    assert [len(part) for part in chunks([_effect(i) for i in range(FOREST_ROWS_MAX)])] == [20]
    assert [len(part) for part in chunks([_effect(i) for i in range(21)])] == [11, 10]
    assert chunks([]) == []


def test_forest_axis_keeps_zero_and_the_pool_in_view() -> None:
    low, high = x_range([_effect(3.0), _effect(5.0)], (9.0, 8.0, 10.0))
    assert low < 0 < 2 < 6 < 10 < high
