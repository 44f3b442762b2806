"""Published CSV files never hand a spreadsheet a formula: text that starts like one gets a
leading ', numbers (a negative change) stay numbers."""

from __future__ import annotations

import csv

import pandas as pd

from evaluasi.results import write_csv


def test_formula_like_text_is_neutralised_and_numbers_are_not(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "program_name": ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "Latsar"],
            "level": pd.Categorical(["@SUM(A1:A9)", "-2+3", "Dinas Kesehatan"]),
            "mean_diff": [-1.5, 2.0, -0.25],
        }
    )
    path = tmp_path / "results.csv"
    write_csv(frame, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["program_name"] for row in rows] == [
        '\'=HYPERLINK("http://x","klik")',
        "'+cmd|' /C calc'!A0",
        "Latsar",
    ]
    assert [row["level"] for row in rows] == ["'@SUM(A1:A9)", "'-2+3", "Dinas Kesehatan"]
    assert [row["mean_diff"] for row in rows] == ["-1.5", "2.0", "-0.25"]
