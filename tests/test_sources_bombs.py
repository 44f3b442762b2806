"""Resource bombs end in seconds with a clear reason, never hang or exhaust memory.

Each file is as small as shows the problem. Before these limits, a row of 50,000 fields kept
DuckDB busy for well over ten seconds (its error handling grows with the square of the surplus
fields: a million would take more than an hour), a header of 100,000 columns did not finish in
minutes, and a workbook whose header row has a stray cell in column XFD took half a minute for
200 rows, padding every row to 16,384 cells.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import extract, nip
from openpyxl import Workbook

from evaluasi.sources.extract import SourceError
from evaluasi.sources.headers import MAX_COLUMNS

SECONDS = 5


def refused_quickly(con, path: Path) -> SourceError:
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        extract(con, path)
    assert time.monotonic() - started < SECONDS
    return caught.value


def test_a_row_with_tens_of_thousands_of_fields_is_refused_in_seconds(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"nip,score\n1,2\n" + b",".join([b"1"] * 50_000) + b"\n3,4\n")
    error = refused_quickly(con, path)
    assert str(error) == (
        f"{path}: row 3 has 50000 fields, more than the {MAX_COLUMNS} evaluasi reads; check the "
        "separator on that row (or in the whole file) and export it again"
    )


def test_a_row_of_fields_spread_over_quoted_line_breaks_is_refused_too(con, tmp_path):
    # Each field holds a line break, so no line is long; the record still is.
    path = tmp_path / "scores.csv"
    path.write_bytes(b"nip,score\n1,2\n" + b",".join([b'"a\nb"'] * 20_000) + b"\n")
    assert "row 3 has 20000 fields" in str(refused_quickly(con, path))


def test_a_header_with_100_000_columns_is_refused_in_seconds(con, tmp_path):
    path = tmp_path / "scores.csv"
    header = ",".join(["nip", *(f"c{i}" for i in range(99_999))])
    path.write_text(f"{header}\n1,2\n", encoding="utf-8")
    error = refused_quickly(con, path)
    assert str(error).startswith(
        f"{path}: the header (row 1) has 100000 columns, more than the {MAX_COLUMNS} evaluasi reads"
    )


def test_a_line_longer_than_2_mb_is_refused_with_its_row_and_no_text(con, tmp_path):
    path = tmp_path / "scores.csv"
    long = nip(1).encode() + b',"' + b"x" * 3_000_000 + b'"'
    path.write_bytes(b"nip,score\n1,2\n" + long + b"\n3,4\n")
    error = refused_quickly(con, path)
    message = str(error)
    assert message.startswith(f"{path}: row 3 is longer than 2 MB")
    assert nip(1) not in message and "xxx" not in message


def test_a_first_line_longer_than_the_head_is_refused(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"nip," + b"x" * (2 << 20) + b"\n1,2\n")
    assert "its first line is longer than 1 MB" in str(refused_quickly(con, path))


def workbook(path: Path, rows: int, stray_row: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["nip", "program_id", "instrument", "phase", "score"])
    for i in range(rows):
        sheet.append([nip(i % 999), "P-A", "knowledge_test", "pre", 50 + i % 50])
    sheet.cell(row=stray_row, column=16_384, value="x")  # XFD
    book.save(path)
    return path


def test_a_stray_cell_in_column_xfd_of_the_header_row_is_refused_in_seconds(con, tmp_path):
    path = workbook(tmp_path / "scores.xlsx", rows=200, stray_row=1)
    error = refused_quickly(con, path)
    assert str(error).startswith(
        f"{path}, sheet 'Sheet': header row 1 reaches column XFD (16384 columns, more than the "
        f"{MAX_COLUMNS} evaluasi reads)"
    )
    assert "delete column XFD" in str(error)


def test_a_stray_cell_in_column_xfd_below_the_header_costs_nothing(con, tmp_path):
    path = workbook(tmp_path / "scores.xlsx", rows=2_000, stray_row=700)
    started = time.monotonic()
    result = extract(con, path)
    assert time.monotonic() - started < SECONDS
    assert result.rows_read == 2_000
    assert [row[0] for row in con.execute("DESCRIBE raw").fetchall()] == [
        "nip",
        "program_id",
        "instrument",
        "phase",
        "score",
        "sheet",
        "source_row",
    ]
