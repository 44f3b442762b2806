"""Copy a CSV, XLSX or Parquet export into a DuckDB temp table as raw text (see `extract`).

Conventions shared by the three readers:

* The header row, column names and repeated headers follow `headers`: the first of the first
  50 non-blank rows that holds every `expected` name, or the row `header_row` names. Without
  such a row the reader raises SourceError. A header that the mapping reads (`reads`) may not
  appear twice; other repeated or blank header cells get numbered names (`nama_5`).
* A header wider than `headers.MAX_COLUMNS` is refused: it is a stray cell or the wrong
  separator, and reading it would pad every row to that width.
* Cells are text exactly as the file has them, '' when empty (never NULL). CSV and XLSX rows
  whose cells are all empty are dropped and not counted in `rows_read`.
* `source_row` is what a user sees: the spreadsheet row for CSV and XLSX (title rows and the
  header count, blank CSV lines do not), `file_row_number + 1` for Parquet.
* Errors name the file (and row and column where there is one) and never quote a cell of a
  data row, only header cells.

Format-specific rules are in `csv_reader`, `xlsx_reader` and `_extract_parquet` below.

`check_header` raises what `extract_file` would raise about the file's format and its header,
reading only what finding the header takes: the head of a CSV file, the first rows of each
sheet, a Parquet file's schema. Each reader's first step is that check, so the two agree.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from evaluasi.sources.csv_reader import csv_header, extract_csv
from evaluasi.sources.duck import literal, plain_path, quote, reason
from evaluasi.sources.extract import Extracted, SourceError, normalise_header
from evaluasi.sources.headers import (
    MAX_COLUMNS,
    cells_text,
    check_repeated,
    names_text,
    unique_names,
)
from evaluasi.sources.xlsx_reader import extract_xlsx, xlsx_header

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".xlsx", ".parquet")


def file_fingerprint(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in blocks so large exports stay out of memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    source: str,
    table: str,
    expected: Sequence[str],
    into: str,
    sheet: str | None = None,
    header_row: int | None = None,
    reads: Mapping[str, str] | None = None,
) -> Extracted:
    """Create (or replace) temp table `into` with the file's rows as text; see the module doc.

    The format follows the suffix (.csv, .xlsx, .parquet, any case). `sheet` limits an XLSX
    file to one sheet; other formats ignore it, as Parquet ignores `header_row`. `reads` maps
    every header the mapping reads to its canonical column (default: the `expected` names).
    Raises SourceError, naming the file and what to do, when the file cannot be read or has no
    header row with every `expected` name; `into` is then left untouched.
    """
    suffix, expected, reads = _prepare(path, expected, sheet, reads)
    fingerprint = file_fingerprint(path)
    if suffix == ".csv":
        rows_read, malformed = extract_csv(con, path, expected, into, header_row, reads)
    elif suffix == ".xlsx":
        rows_read, malformed = extract_xlsx(con, path, expected, into, sheet, header_row, reads)
    else:
        rows_read, malformed = _extract_parquet(con, path, expected, into, reads)
    return Extracted(source, table, fingerprint, into, rows_read, tuple(malformed))


def check_header(
    path: Path,
    *,
    expected: Sequence[str],
    sheet: str | None = None,
    header_row: int | None = None,
    reads: Mapping[str, str] | None = None,
) -> None:
    """Raise the SourceError `extract_file` would raise for the file's format and header,
    without reading its rows (see the module docstring); the arguments are extract_file's."""
    suffix, expected, reads = _prepare(path, expected, sheet, reads)
    if suffix == ".csv":
        csv_header(path, expected, header_row, reads)
    elif suffix == ".xlsx":
        xlsx_header(path, expected, sheet, header_row, reads)
    else:
        # DESCRIBE reads the footer alone; a connection of its own, as nothing else is needed.
        with duckdb.connect() as con, plain_path(path) as readable:
            _parquet_columns(con, path, readable, expected, reads)


def _prepare(
    path: Path, expected: Sequence[str], sheet: str | None, reads: Mapping[str, str] | None
) -> tuple[str, list[str], dict[str, str]]:
    """(suffix, expected names normalised, reads) for a file that exists with a known suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError("file_suffix", file=path, suffix=suffix or "-")
    if not path.is_file():
        raise SourceError("file_missing", file=path)
    names = [normalise_header(name) for name in expected]
    if sheet is not None and suffix != ".xlsx":
        # A source's glob may match CSV files as well as workbooks: the sheet is for the latter.
        log.info("%s: sheet = %r does not apply to a %s file; ignored", path, sheet, suffix)
    return suffix, names, {name: name for name in names} if reads is None else dict(reads)


# Parquet ------------------------------------------------------------------------------------


def _extract_parquet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    expected: Sequence[str],
    into: str,
    reads: Mapping[str, str],
) -> tuple[int, list]:
    """Every column cast to VARCHAR by DuckDB, NULL as ''; `source_row` = file_row_number + 1.

    DuckDB's text for typed values, which validation sees: BIGINT `196502071990022001` exactly;
    DOUBLE `196502071990022001` as `1.96502071990022e+17` (shortest round-trip form, so a NIP
    stored as a float is recognisable as such), `70.0` as `70.0`, `72.5` as `72.5`; DATE as
    `2026-01-31`; BOOLEAN as `true`/`false`. TIMESTAMP is `2026-01-31 10:11:12` (sub-seconds
    kept), and `2026-01-31` at midnight, the same rule as the XLSX and SQL readers; TIMESTAMP
    WITH TIME ZONE in the session's time zone with its offset (`2026-01-02 03:00:00+00`);
    DECIMAL(10,2) `1.50`. Parquet has no title rows, so `header_row` does not apply.
    """
    with plain_path(path) as readable:
        return _copy_parquet(con, path, readable, expected, into, reads)


def _copy_parquet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    expected: Sequence[str],
    into: str,
    reads: Mapping[str, str],
) -> tuple[int, list]:
    columns = _parquet_columns(con, path, readable, expected, reads)
    names = unique_names([name for name, _ in columns])
    selects = [
        f"coalesce({_parquet_text(quote(column), kind)}, '') AS {quote(name)}"
        for (column, kind), name in zip(columns, names, strict=True)
    ]
    scan = f"read_parquet({literal(str(readable))}, file_row_number = true)"
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote(into)} AS SELECT "
            + "".join(f"{select}, " for select in selects)
            + f"'' AS sheet, CAST(file_row_number + 1 AS BIGINT) AS source_row FROM {scan}"
        )
    except duckdb.Error as error:
        raise SourceError("parquet_read_failed", file=path, reason=reason(error)) from error
    (rows_read,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(rows_read), []


def _parquet_columns(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    expected: Sequence[str],
    reads: Mapping[str, str],
) -> list[tuple[str, str]]:
    """(name, type) of every column in the schema, after refusing a schema too wide, a
    repeated header the mapping reads, or one without every `expected` name."""
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(str(readable))})")
        columns = [(row[0], row[1]) for row in described.fetchall()]
    except duckdb.Error as error:
        raise SourceError("parquet_unreadable", file=path, reason=reason(error)) from error
    if len(columns) > MAX_COLUMNS:
        raise SourceError("parquet_too_wide", file=path, columns=len(columns), limit=MAX_COLUMNS)
    check_repeated(
        [name for name, _ in columns], reads, key="header_duplicate", letters=False, file=path
    )
    names = unique_names([name for name, _ in columns])
    lacking = [name for name in expected if name not in names]
    if lacking:
        raise SourceError(
            "parquet_columns_lack",
            file=path,
            lacking=names_text(lacking),
            cells=cells_text([name for name, _ in columns]),
        )
    return columns


def _parquet_text(column: str, kind: str) -> str:
    if kind.startswith("TIMESTAMP") and "WITH TIME ZONE" not in kind:
        return (
            f"CASE WHEN {column} = date_trunc('day', {column}) "
            f"THEN strftime({column}, '%Y-%m-%d') ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"
