"""XLSX workbooks into DuckDB as raw text, read with openpyxl (read-only, cached values).

* The file must be a workbook (a zip). A password-protected workbook (Excel encrypts it into an
  OLE compound file), an old Excel 97-2003 .xls file and a CSV named .xlsx are recognised by
  their first bytes and refused with what to do, rather than with openpyxl's zip error.
* Sheets: every sheet in which the header row is found (see `headers`), stacked into one table
  whose columns are the union of theirs (a column a sheet lacks is '' there); `sheet` names the
  sheet. Sheets without the header are skipped and logged. With `sheet` given, only that sheet.
* Columns run to the last non-blank header cell; cells further right are not read. The rows
  after the header are read only that wide (openpyxl's `max_col`), so a stray cell far to the
  right (column XFD) costs nothing; a header row itself wider than `MAX_COLUMNS` is refused
  with the cell to delete.
* `source_row` is the sheet's own row number. Rows whose cells are all empty are dropped.
* Cell values become text the way Excel shows them, so that validation sees what a user sees:
  text as is (outer spaces stripped, so a NIP typed as text keeps all 18 digits); dates
  `YYYY-MM-DD`, with ` HH:MM:SS` when there is a time of day (rounded to the second); times
  `HH:MM:SS`; TRUE/FALSE; whole numbers without `.0`; numbers of 1e15 and more in Excel's
  scientific form with 15 significant digits (`1.96502071990022E+17`: an 18-digit NIP stored
  as a number has lost its last digits, and this text lets validation recognise it); other
  numbers as Python's shortest round-trip form (`72.5`). A formula shows its cached result,
  '' when the workbook was never recalculated by Excel.
* `xlsx_header` is the reader without the rows after the header: it opens the workbook and
  searches each sheet's first rows, and raises every error the reader raises about the format,
  the sheet and the header (not those of a damaged data row).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from evaluasi.sources.duck import Cleanup, literal, quote, reason
from evaluasi.sources.extract import MalformedRow, SourceError
from evaluasi.sources.headers import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    Closest,
    check_repeated,
    closest_row,
    locate_header,
    names_text,
    unique_names,
)

log = logging.getLogger(__name__)

BATCH_ROWS = 10_000
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE file's directory (UTF-16LE): Excel's encrypted package, or the
# workbook stream of an Excel 97-2003 file.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_XLS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


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
    reads: Mapping[str, str],
) -> tuple[int, list[MalformedRow]]:
    """Copy the workbook's sheets into temp table `into`; (rows read, []). See module doc."""
    workbook = _open(path)
    token = uuid.uuid4().hex
    copied: list[_Sheet] = []
    misses: dict[str, Closest | None] = {}
    try:
        with Cleanup(con) as cleanup:
            for index, title in enumerate(_titles(workbook, path, sheet)):
                worksheet = workbook[title]
                where = _Where(path, title, reads)
                header = _find_header(worksheet, expected, header_row, where)
                if isinstance(header, _Miss):
                    misses[title] = header.closest
                    continue
                stage = f"_evaluasi_xlsx_{token}_{index}"
                cleanup.add(f"DROP TABLE IF EXISTS temp.main.{quote(stage)}")
                _read_sheet(con, worksheet, stage, header, where)
                copied.append(_Sheet(title, stage, header.names))
            if not copied:
                raise _no_header(path, misses, expected, header_row)
            if misses:
                log.info(
                    "%s: sheets without the header row, skipped: %s",
                    path,
                    ", ".join(repr(title) for title in misses),
                )
            try:
                _stack(con, copied, into)
            except duckdb.Error as error:
                raise SourceError("file_load_failed", file=path, reason=reason(error)) from error
    finally:
        workbook.close()
    (rows_read,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(rows_read), []


def xlsx_header(
    path: Path,
    expected: Sequence[str],
    sheet: str | None,
    header_row: int | None,
    reads: Mapping[str, str],
) -> None:
    """Raise what `extract_xlsx` raises for the format, the sheet and the header, reading
    each sheet only as far as its header search goes (see the module docstring)."""
    workbook = _open(path)
    try:
        misses: dict[str, Closest | None] = {}
        titles = _titles(workbook, path, sheet)
        for title in titles:
            where = _Where(path, title, reads)
            header = _find_header(workbook[title], expected, header_row, where)
            if isinstance(header, _Miss):
                misses[title] = header.closest
        if len(misses) == len(titles):
            raise _no_header(path, misses, expected, header_row)
    finally:
        workbook.close()


def _open(path: Path) -> openpyxl.Workbook:
    """The workbook, read-only with cached values; SourceError when it is none."""
    _refuse_other_formats(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl's errors for a damaged file have no common base
        raise SourceError("xlsx_unreadable", file=path, reason=type(error).__name__) from error


def _titles(workbook: openpyxl.Workbook, path: Path, sheet: str | None) -> list[str]:
    """The sheets to read: `sheet`, which must exist, or all of them."""
    if sheet is None:
        return list(workbook.sheetnames)
    if sheet not in workbook.sheetnames:
        raise SourceError(
            "xlsx_no_such_sheet",
            file=path,
            sheet=sheet,
            sheets=", ".join(repr(name) for name in workbook.sheetnames),
        )
    return [sheet]


def _refuse_other_formats(path: Path) -> None:
    """SourceError for a file that is not a zip, saying what it is instead."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_ZIP):
        return
    if not head:
        raise SourceError("xlsx_empty", file=path)
    if head.startswith(_OLE):
        raise SourceError(_ole_kind(path), file=path)
    if b"\x00" not in head:
        raise SourceError("xlsx_is_text", file=path)
    raise SourceError("xlsx_unreadable", file=path, reason="BadZipFile")


def _ole_kind(path: Path) -> str:
    """The catalogue key for an OLE compound file: encrypted workbook, .xls, or either."""
    xls = False
    overlap = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            window = overlap + block
            if _ENCRYPTED in window:
                return "xlsx_encrypted"
            xls = xls or any(name in window for name in _XLS)
            overlap = window[-64:]
    return "xlsx_is_xls" if xls else "xlsx_encrypted_or_xls"


@dataclass(frozen=True)
class _Miss:
    """A sheet without the header row, and the row that came closest."""

    closest: Closest | None


@dataclass(frozen=True)
class _Header:
    """A sheet's header row: its number, and its cells up to the last non-blank one."""

    number: int
    cells: list[str]

    @property
    def names(self) -> list[str]:
        return unique_names(self.cells)


@dataclass(frozen=True)
class _Where:
    """Where a sheet is, for messages, and what the mapping reads from it."""

    path: Path
    title: str
    reads: Mapping[str, str]


def _find_header(
    worksheet: object, expected: Sequence[str], header_row: int | None, where: _Where
) -> _Header | _Miss:
    """The sheet's header row, or why not (a chart sheet holds no cells). openpyxl's errors
    for a damaged sheet become a SourceError naming the file."""
    if not hasattr(worksheet, "iter_rows"):
        return _Miss(None)
    try:
        return _search(worksheet, expected, header_row, where)
    except SourceError:
        raise
    except Exception as error:  # a damaged sheet: XML, zip or value errors, no common base
        raise SourceError(
            "xlsx_unreadable", file=where.path, reason=type(error).__name__
        ) from error


def _search(
    worksheet: object, expected: Sequence[str], header_row: int | None, where: _Where
) -> _Header | _Miss:
    # Some writers store a wrong size (e.g. A1) in the file; reading to the end is safe.
    worksheet.reset_dimensions()
    seen: list[tuple[int, list[str]]] = []
    rows = worksheet.iter_rows(values_only=True)
    try:
        hit = locate_header(_remembered(rows, seen), expected, header_row)
    finally:
        rows.close()  # the search stops early; its rows are read again from the header on
    if hit is None:
        return _Miss(closest_row(seen, expected, header_row))
    number, cells = hit
    width = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
    if width > MAX_COLUMNS:
        raise SourceError(
            "sheet_header_too_wide",
            file=where.path,
            sheet=where.title,
            row=number,
            column=get_column_letter(width),
            columns=width,
            limit=MAX_COLUMNS,
        )
    check_repeated(
        cells[:width],
        where.reads,
        key="sheet_header_duplicate",
        letters=True,
        file=where.path,
        sheet=where.title,
    )
    return _Header(number, list(cells[:width]))


def _read_sheet(
    con: duckdb.DuckDBPyConnection, worksheet: object, stage: str, header: _Header, where: _Where
) -> None:
    """Copy the rows after `header` into `stage`. openpyxl's errors for a damaged sheet
    become a SourceError naming the file."""
    try:
        _copy_rows(con, worksheet, stage, header)
    except duckdb.Error as error:  # the warehouse side: memory, disk, ...
        raise SourceError("file_load_failed", file=where.path, reason=reason(error)) from error
    except Exception as error:  # a damaged sheet: XML, zip or value errors, no common base
        raise SourceError(
            "xlsx_unreadable", file=where.path, reason=type(error).__name__
        ) from error


def _copy_rows(
    con: duckdb.DuckDBPyConnection, worksheet: object, stage: str, header: _Header
) -> None:
    width = len(header.cells)
    columns = ", ".join(f"c{i} VARCHAR" for i in range(width))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(stage)} ({columns}, source_row BIGINT)")
    batch: list[list[str]] = []
    numbers: list[int] = []
    # Only as wide as the header, however far right a stray cell sits in the rows below.
    data = worksheet.iter_rows(min_row=header.number + 1, max_col=width, values_only=True)
    for row_number, row in enumerate(data, start=header.number + 1):
        texts = [cell_text(value) for value in row[:width]]
        if not any(texts):
            continue
        texts += [""] * (width - len(texts))
        batch.append(texts)
        numbers.append(row_number)
        if len(batch) >= BATCH_ROWS:
            _insert(con, stage, batch, numbers, width)
            batch, numbers = [], []
    if batch:
        _insert(con, stage, batch, numbers, width)


def _remembered(
    rows: Iterator[tuple[object, ...]], seen: list[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of `rows`, each also kept in `seen` for the message."""
    for number, row in enumerate(rows, start=1):
        seen.append((number, [cell_text(value) for value in row]))
        yield seen[-1]


def _no_header(
    path: Path,
    misses: dict[str, Closest | None],
    expected: Sequence[str],
    header_row: int | None,
) -> SourceError:
    """No sheet has the header: name the sheets searched and the one that came closest."""
    fields: dict[str, object] = {
        "file": path,
        "sheets": ", ".join(repr(title) for title in misses),
        "names": names_text(expected),
        "limit": HEADER_SEARCH_ROWS,
        "row": header_row or 0,
    }
    key = "xlsx_header_row_lacks" if header_row is not None else "xlsx_no_header"
    near = [(closest, title) for title, closest in misses.items() if closest is not None]
    if not near:
        return SourceError(key, **fields)
    closest, title = max(near, key=lambda item: item[0].matches)
    fields.update(sheet=title, row=closest.row, lacking=closest.lacking, cells=closest.cells)
    return SourceError(f"{key}_closest", **fields)


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
        con.unregister(view)  # not a statement: works in an aborted transaction too


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
