"""Copy a CSV, XLSX or Parquet export into a DuckDB temp table as raw text (see `extract`).

Conventions shared by the three readers:

* The header row is the first of the first 50 non-blank rows that holds every `expected` name
  (after `normalise_header`); title rows above it are skipped. `header_row` (1-based, counted
  as `source_row` counts) names it instead. Without such a row the reader raises SourceError.
* Column names are the header cells after `normalise_header`. A blank cell in column 7 becomes
  `column_7`; a repeated name, or one that would clash with the lineage columns `sheet` and
  `source_row`, gets its column number appended (`nama_5`). The first occurrence keeps the name.
* Cells are text exactly as the file has them, '' when empty (never NULL). CSV and XLSX rows
  whose cells are all empty are dropped and not counted in `rows_read`.
* `source_row` is what a user sees: the spreadsheet row for CSV and XLSX (title rows and the
  header count, blank CSV lines do not), `file_row_number + 1` for Parquet.

Format-specific rules are in `csv_reader`, `xlsx_reader` and `_extract_parquet` below.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from evaluasi.sources.extract import Extracted, SourceError, normalise_header

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 50
LINEAGE = ("sheet", "source_row")
SUFFIXES = (".csv", ".xlsx", ".parquet")
_SHOWN_CELLS = 8


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
) -> Extracted:
    """Create (or replace) temp table `into` with the file's rows as text; see the module doc.

    The format follows the suffix (.csv, .xlsx, .parquet, any case). `sheet` limits an XLSX
    file to one sheet; other formats ignore it, as Parquet ignores `header_row`. Raises
    SourceError, naming the file and what to do, when the file cannot be read or has no header
    row with every `expected` name; `into` is then left untouched.
    """
    # The readers import this module's header helpers, so they are imported here, not on top.
    from evaluasi.sources.csv_reader import extract_csv
    from evaluasi.sources.xlsx_reader import extract_xlsx

    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(
            f"{path}: cannot read {suffix or 'a file without a suffix'}; save it as "
            f"{', '.join(SUFFIXES)} (CSV in UTF-8 is the safest)"
        )
    if not path.is_file():
        raise SourceError(f"{path}: the file does not exist or is not a file")
    fingerprint = file_fingerprint(path)
    expected = [normalise_header(name) for name in expected]
    if sheet is not None and suffix != ".xlsx":
        # A source's glob may match CSV files as well as workbooks: the sheet is for the latter.
        log.info("%s: sheet = %r does not apply to a %s file; ignored", path, sheet, suffix)
    if suffix == ".csv":
        rows_read, malformed = extract_csv(con, path, expected, into, header_row)
    elif suffix == ".xlsx":
        rows_read, malformed = extract_xlsx(con, path, expected, into, sheet, header_row)
    else:
        rows_read, malformed = _extract_parquet(con, path, expected, into)
    return Extracted(source, table, fingerprint, into, rows_read, tuple(malformed))


def unique_names(cells: Sequence[str]) -> list[str]:
    """Column names for header `cells` (already text): normalised, non-blank and unique."""
    taken = set(LINEAGE)
    names = []
    for number, cell in enumerate(cells, start=1):
        name = normalise_header(cell)
        if not name or name in taken:
            name = f"{name or 'column'}_{number}"
            while name in taken:
                name += "_"
        taken.add(name)
        names.append(name)
    return names


def locate_header(
    rows: Iterable[tuple[int, Sequence[str]]], expected: Sequence[str], header_row: int | None
) -> tuple[int, Sequence[str]] | None:
    """The (row number, cells) of the header among `rows`, or None; see the module docstring.

    `rows` are (row number, cells as text) in file order; blank rows may be left out.
    """
    wanted = set(expected)
    searched = 0
    for number, cells in rows:
        if header_row is not None:
            if number == header_row:
                found = any(cell.strip() for cell in cells) and wanted <= set(unique_names(cells))
                return (number, cells) if found else None
            if number > header_row:
                return None
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if wanted <= set(unique_names(cells)):
            return number, cells
        searched += 1
        if searched >= HEADER_SEARCH_ROWS:
            return None
    return None


def missing_header(
    rows: Sequence[tuple[int, Sequence[str]]], expected: Sequence[str], header_row: int | None
) -> str:
    """Why `locate_header` found nothing in `rows`: the missing names and what the file holds.

    Returns the middle of a SourceError message; the caller adds the file and what to do.
    """
    filled = [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]
    if header_row is not None:
        given = [(number, cells) for number, cells in rows if number == header_row]
        if not given:
            return f"has no row {header_row} (header_row = {header_row})"
        number, cells = given[0]
        lacking = [name for name in expected if name not in unique_names(cells)]
        return f"row {number} (header_row) lacks {_names(lacking)}; it holds {_cells(cells)}"
    if not filled:
        return "is empty"
    searched = filled[:HEADER_SEARCH_ROWS]
    best = max(searched, key=lambda row: _matches(row[1], expected))
    first_number, first_cells = filled[0]
    closest = ""
    if _matches(best[1], expected):
        lacking = [name for name in expected if name not in unique_names(best[1])]
        closest = f" (row {best[0]} comes closest but lacks {_names(lacking)})"
    return (
        f"has no header row with {_names(expected)} in its first {HEADER_SEARCH_ROWS} "
        f"non-blank rows{closest}; its first non-blank row {first_number} holds "
        f"{_cells(first_cells)}"
    )


def best_match(rows: Sequence[tuple[int, Sequence[str]]], expected: Sequence[str]) -> int:
    """How many `expected` names the best of the first non-blank `rows` holds."""
    filled = [cells for _, cells in rows if any(cell.strip() for cell in cells)]
    return max((_matches(cells, expected) for cells in filled[:HEADER_SEARCH_ROWS]), default=0)


def _matches(cells: Sequence[str], expected: Sequence[str]) -> int:
    return len(set(expected) & set(unique_names(cells)))


def header_advice(expected: Sequence[str]) -> str:
    """What to do about a missing header, the end of every missing-header message."""
    return (
        f"put the column names {_names(expected)} in one row above the data, or map this "
        "file's own column names (and header_row) under [[sources]] in sources.toml"
    )


@contextmanager
def plain_path(path: Path) -> Iterator[Path]:
    """`path`, or a link to it without `*?[{`, which DuckDB's readers take for glob patterns."""
    if not any(char in str(path) for char in "*?[{"):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="evaluasi-") as folder:
        link = Path(folder) / f"file{path.suffix.lower()}"
        try:
            link.symlink_to(path.resolve())
        except OSError:  # no symlinks here (some Windows setups): a copy reads the same
            shutil.copyfile(path, link)
        yield link


def quote(identifier: str) -> str:
    """A DuckDB identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A DuckDB string literal, for table-function arguments that take no parameters."""
    return "'" + text.replace("'", "''") + "'"


def _names(names: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in names) or "nothing"


def _cells(cells: Sequence[str]) -> str:
    shown = [repr(cell[:40]) for cell in cells[:_SHOWN_CELLS]]
    more = f" and {len(cells) - _SHOWN_CELLS} more cells" if len(cells) > _SHOWN_CELLS else ""
    return ", ".join(shown) + more


# Parquet ------------------------------------------------------------------------------------


def _extract_parquet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    expected: Sequence[str],
    into: str,
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
        return _copy_parquet(con, path, readable, expected, into)


def _copy_parquet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    expected: Sequence[str],
    into: str,
) -> tuple[int, list]:
    scan = f"read_parquet({literal(str(readable))}, file_row_number = true)"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(str(readable))})")
        columns = [(row[0], row[1]) for row in described.fetchall()]
    except duckdb.Error as error:
        raise SourceError(
            f"{path}: not a readable Parquet file ({_first_line(error)}); export it again"
        ) from error
    names = unique_names([name for name, _ in columns])
    lacking = [name for name in expected if name not in names]
    if lacking:
        raise SourceError(
            f"{path}: the columns lack {_names(lacking)}; it has "
            f"{_cells([name for name, _ in columns])}; add them to the export, or map this "
            "file's own column names under [[sources]] in sources.toml"
        )
    selects = [
        f"coalesce({_parquet_text(quote(column), kind)}, '') AS {quote(name)}"
        for (column, kind), name in zip(columns, names, strict=True)
    ]
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote(into)} AS SELECT "
            + "".join(f"{select}, " for select in selects)
            + f"'' AS sheet, CAST(file_row_number + 1 AS BIGINT) AS source_row FROM {scan}"
        )
    except duckdb.Error as error:
        raise SourceError(
            f"{path}: reading the Parquet file failed ({_first_line(error)}); export it again"
        ) from error
    (rows_read,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(rows_read), []


def _parquet_text(column: str, kind: str) -> str:
    if kind.startswith("TIMESTAMP") and "WITH TIME ZONE" not in kind:
        return (
            f"CASE WHEN {column} = date_trunc('day', {column}) "
            f"THEN strftime({column}, '%Y-%m-%d') ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
