"""XLSX workbooks into DuckDB as raw text, read with openpyxl (read-only, cached values).

* Sheets: every sheet in which the header row is found (see `files`), stacked into one table
  whose columns are the union of theirs (a column a sheet lacks is '' there); `sheet` names the
  sheet. Sheets without the header are skipped and logged. With `sheet` given, only that sheet.
* Columns run to the last non-blank header cell; cells further right are not read.
* `source_row` is the sheet's own row number. Rows whose cells are all empty are dropped.
* Cell values become text the way Excel shows them, so that validation sees what a user sees:
  text as is (outer spaces stripped, so a NIP typed as text keeps all 18 digits); dates
  `YYYY-MM-DD`, with ` HH:MM:SS` when there is a time of day (rounded to the second); times
  `HH:MM:SS`; TRUE/FALSE; whole numbers without `.0`; numbers of 1e15 and more in Excel's
  scientific form with 15 significant digits (`1.96502071990022E+17`: an 18-digit NIP stored
  as a number has lost its last digits, and this text lets validation recognise it); other
  numbers as Python's shortest round-trip form (`72.5`). A formula shows its cached result,
  '' when the workbook was never recalculated by Excel.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from evaluasi.sources.extract import MalformedRow, SourceError
from evaluasi.sources.files import (
    header_advice,
    literal,
    locate_header,
    missing_header,
    quote,
    unique_names,
)

log = logging.getLogger(__name__)

BATCH_ROWS = 10_000


@dataclass(frozen=True)
class _Sheet:
    """One sheet copied into staging table `stage` (c0..cN, source_row)."""

    title: str
    stage: str
    names: list[str]


def extract_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    expected: Sequence[str],
    into: str,
    sheet: str | None,
    header_row: int | None,
) -> tuple[int, list[MalformedRow]]:
    """Copy the workbook's sheets into temp table `into`; (rows read, []). See module doc."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SourceError(
            f"{path}: not a readable .xlsx workbook ({type(error).__name__}: {error}); open it "
            "in Excel and save it again as .xlsx"
        ) from error
    token = uuid.uuid4().hex
    stages: list[str] = []
    copied: list[_Sheet] = []
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SourceError(
                f"{path}: has no sheet {sheet!r}; its sheets are "
                f"{', '.join(repr(name) for name in workbook.sheetnames)}: fix sheet = in "
                "sources.toml"
            )
        lacking: list[tuple[str, str]] = []
        for index, title in enumerate([sheet] if sheet is not None else workbook.sheetnames):
            worksheet = workbook[title]
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet holds no cells
                lacking.append((title, "is a chart, not a sheet with cells"))
                continue
            # Some writers store a wrong size (e.g. A1) in the file; reading to the end is safe.
            worksheet.reset_dimensions()
            stage = f"_evaluasi_xlsx_{token}_{index}"
            stages.append(stage)
            result = _copy_sheet(
                con, worksheet.iter_rows(values_only=True), stage, expected, header_row
            )
            if isinstance(result, str):
                lacking.append((title, result))
            else:
                copied.append(_Sheet(title, stage, result))
        reasons = "; ".join(f"sheet {title!r} {reason}" for title, reason in lacking)
        if not copied:
            where = f"{path}," if sheet is not None else f"{path}: no sheet has the header:"
            raise SourceError(f"{where} {reasons}; {header_advice(expected)}")
        if lacking:
            log.info("%s: sheets skipped: %s", path, reasons)
        _stack(con, copied, into)
    finally:
        workbook.close()
        for stage in stages:
            con.execute(f"DROP TABLE IF EXISTS {quote(stage)}")
    (rows_read,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(rows_read), []


def _copy_sheet(
    con: duckdb.DuckDBPyConnection,
    values: Iterator[tuple[object, ...]],
    stage: str,
    expected: Sequence[str],
    header_row: int | None,
) -> list[str] | str:
    """Copy one sheet's rows after its header into `stage`; its column names, or why not."""
    numbered = enumerate(values, start=1)
    seen: list[tuple[int, list[str]]] = []

    def searched() -> Iterator[tuple[int, list[str]]]:
        for number, row in numbered:
            seen.append((number, [cell_text(value) for value in row]))
            yield seen[-1]

    hit = locate_header(searched(), expected, header_row)
    if hit is None:
        return missing_header(seen, expected, header_row)
    cells = hit[1]
    width = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
    columns = ", ".join(f"c{i} VARCHAR" for i in range(width))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(stage)} ({columns}, source_row BIGINT)")
    batch: list[list[str]] = []
    numbers: list[int] = []
    # `numbered` goes on after the header row, where locate_header stopped.
    for number, row in numbered:
        texts = [cell_text(value) for value in row[:width]]
        if not any(texts):
            continue
        texts += [""] * (width - len(texts))
        batch.append(texts)
        numbers.append(number)
        if len(batch) >= BATCH_ROWS:
            _insert(con, stage, batch, numbers, width)
            batch, numbers = [], []
    if batch:
        _insert(con, stage, batch, numbers, width)
    return unique_names(cells[:width])


def _insert(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    batch: list[list[str]],
    numbers: list[int],
    width: int,
) -> None:
    frame = pd.DataFrame(batch, columns=[f"c{i}" for i in range(width)], dtype=object)
    frame["source_row"] = pd.Series(numbers, dtype="int64")
    view = f"{stage}_batch"
    con.register(view, frame)
    try:
        con.execute(f"INSERT INTO {quote(stage)} SELECT * FROM {quote(view)}")
    finally:
        con.unregister(view)


def _stack(con: duckdb.DuckDBPyConnection, sheets: list[_Sheet], into: str) -> None:
    """All staged sheets as one temp table `into`: the union of their columns, '' where absent."""
    union: list[str] = []
    for item in sheets:
        union += [name for name in item.names if name not in union]
    selects = []
    for item in sheets:
        position = {name: i for i, name in enumerate(item.names)}
        cells = [f"c{position[name]}" if name in position else "''" for name in union]
        columns = "".join(
            f"{cell} AS {quote(name)}, " for cell, name in zip(cells, union, strict=True)
        )
        selects.append(
            f"SELECT {columns}{literal(item.title)} AS sheet, source_row FROM {quote(item.stage)}"
        )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(into)} AS " + " UNION ALL ".join(selects))


def cell_text(value: object) -> str:
    """One cell's cached value as text; see the module docstring."""
    # Order matters: bool is an int, datetime is a date.
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        value = _to_second(value)
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        moment = _to_second(dt.datetime.combine(dt.date(2000, 1, 1), value))
        return moment.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = round(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).strip()


def _number_text(value: float) -> str:
    if not math.isfinite(value):
        return repr(value)
    if abs(value) >= 1e15:
        # Excel keeps 15 significant digits and shows large numbers in scientific form.
        mantissa, exponent = f"{value:.14E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _to_second(value: dt.datetime) -> dt.datetime:
    # Excel stores times as fractions of a day, so 10:30 may come back as 10:29:59.999999.
    rounded = value.replace(microsecond=0)
    return rounded + dt.timedelta(seconds=1) if value.microsecond >= 500_000 else rounded
