"""Export the rejected rows of the latest load for M&E staff to fix and drop back in.

One file per canonical table (`scores_rejected.csv` or `.xlsx`): the row's values under the
canonical column names, then what was wrong (`reason`, `detail`) and where the row came from
(`source`, `sheet`, `source_row`). Because the file name starts with the table's name and extra
columns are ignored, a corrected file dropped into the inbox loads as it is; rows that cannot be
fixed should be deleted from it first, or they are quarantined again.

The files hold NIPs: they are written to the restricted data area, never under the reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from evaluasi.sources.tables import TABLES

Format = Literal["csv", "xlsx"]


def rejected_rows(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """One row per rejected row of `table`: canonical columns, reasons, details and lineage."""
    columns = TABLES[table].columns
    values = ", ".join(
        f"coalesce(json_extract_string(any_value(raw), '$.\"{c}\"'), '') as \"{c}\""
        for c in columns
    )
    return con.execute(
        f"""
        select
            {values},
            string_agg(reason, '; ' order by "column", reason) as reason,
            string_agg(detail, ' | ' order by "column", reason) as detail,
            source, sheet, source_row
        from quarantine
        where "table" = ?
        group by source, sheet, source_row
        order by source, sheet, source_row
        """,
        [table],
    ).df()


def export_rejected(con: duckdb.DuckDBPyConnection, folder: Path, fmt: Format) -> list[Path]:
    """Write every table's rejected rows into `folder` as CSV (UTF-8) or XLSX; return the files.

    Tables without rejected rows get no file; files left by an earlier export are replaced.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table}_rejected.{fmt}"
        path.unlink(missing_ok=True)
        frame = rejected_rows(con, table)
        if frame.empty:
            continue
        if fmt == "csv":
            frame.to_csv(path, index=False, encoding="utf-8")
        else:
            _write_xlsx(frame, path, table)
        written.append(path)
    return written


def _write_xlsx(frame: pd.DataFrame, path: Path, table: str) -> None:
    """Every value as text (a NIP stays 18 digits in Excel), a bold frozen header, wide columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = table
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([str(value) for value in row])
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells[:200])
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width, 8) + 2, 60)
    sheet.freeze_panes = "A2"
    book.save(path)
