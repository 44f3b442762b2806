"""CSV exports into DuckDB as raw text, fast: DuckDB's `read_csv` does the work, not Python.

Python reads the bytes once to settle the encoding and count line ends (`csv_encoding`), and
the first MiB (the head) to find the header and the separator; the file itself is parsed by
DuckDB's parallel reader, with these conventions:

* Separator: `,`, `;` or tab, whichever splits the header into the most fields (quotes
  respected); the quote is `"`, doubled inside a quoted value. Quoted values may hold
  separators and line breaks.
* Line ends: CR, LF and CRLF each end a line, as in a spreadsheet. A file that uses one kind
  throughout (old Macs wrote CR alone) is read as it is. A file that mixes kinds outside quotes
  (a line break pasted into a cell leaves a lone CR) is first written again with one kind
  (`csv_records`), because DuckDB refuses the mix; a record that a lone CR cut in two and
  that no longer fits the header is quarantined with a problem naming the CR.
* Rows: a record is one row however many lines it spans. Blank lines are not rows: DuckDB skips
  them, and they are not counted. So `source_row` = the header's row number (non-blank records
  from the top, title rows included) + the record's position after the header, computed from
  the rowids of the table DuckDB loads in file order (insertion order is kept for the scan).
  A record of empty cells (`;;;;`) or a line of spaces is a row a spreadsheet shows, so it keeps
  its number, but it is dropped, like an empty XLSX row.
* Ragged rows: every record is loaded, with `null_padding` and one column more than the header
  has, and an impossible `nullstr` so that empty cells are '' and only padding is NULL. A record
  with a value in the spare column has too many fields; one that is NULL in the last named
  header column has too few (blank header cells at the end may be left out). Such records become
  `MalformedRow`s, whose text is the record's fields joined again with the separator (quoted
  where needed): the same as the file's text unless the file quoted values needlessly.
* A first, strict DuckDB pass runs on a connection of its own and only counts, so that what it
  refuses never aborts the caller's transaction. When it refuses, `csv_records` walks the file
  to say why: a quote error, an over-long line or a record of more than `MAX_COLUMNS` fields is
  fatal (SourceError names the row); records wider than the spare column are listed with their
  text, and the load then runs without strict mode (DuckDB keeps their first fields, and the
  row numbers stay right). DuckDB's parallel reader refuses to pad some records that hold a
  quoted line break; the file is then read serially.
* Errors name the file and the row, never a value: DuckDB's own reason is passed on without
  the row text it quotes.
* `csv_header` is the reader's first step alone: from the head (`csv_encoding.utf8_head`), with
  no DuckDB, it raises every error the reader raises about the encoding and the header.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from evaluasi.sources.csv_encoding import LineEnds, read_head, utf8_head, utf8_text
from evaluasi.sources.csv_records import RecordCheck, check_records, row_text
from evaluasi.sources.duck import Cleanup, literal, plain_path, quote, reason
from evaluasi.sources.extract import MalformedRow, SourceError
from evaluasi.sources.headers import (
    MAX_COLUMNS,
    best_match,
    check_repeated,
    locate_header,
    missing_header,
    unique_names,
)

DELIMITERS = (",", ";", "\t")
# DuckDB reads cells equal to `nullstr` as NULL; no export contains this, so NULL means padding.
_PADDING = "\x01evaluasi-padding\x02"
_NOT_PARALLEL = "null_padding in conjunction with quoted new lines"


@dataclass(frozen=True)
class _Layout:
    """Where the data starts and how it is split, found in the head of the file."""

    delimiter: str
    header_number: int  # the header's row number, as source_row counts
    skip: int  # physical lines up to and including the header, for read_csv's `skip`
    cells: list[str]  # the header cells as written
    names: list[str]
    named: int  # columns up to the last non-blank header cell; shorter rows are malformed

    @property
    def width(self) -> int:
        """Columns of DuckDB's scan: the header's and a spare one."""
        return len(self.names) + 1


@dataclass(frozen=True)
class _Options:
    strict: bool = True
    parallel: bool = True


def extract_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    expected: Sequence[str],
    into: str,
    header_row: int | None,
    reads: Mapping[str, str],
) -> tuple[int, list[MalformedRow]]:
    """Copy CSV `path` into temp table `into`; (rows read, malformed rows). See module doc."""
    with tempfile.TemporaryDirectory(prefix="evaluasi-csv-") as name:
        folder = Path(name)
        readable, ends = utf8_text(path, folder)
        with plain_path(readable) as plain:
            return _extract(con, path, plain, folder, ends, expected, into, header_row, reads)


def csv_header(
    path: Path, expected: Sequence[str], header_row: int | None, reads: Mapping[str, str]
) -> list[str]:
    """The column names of CSV `path`, from its head alone; raises what `extract_csv` raises
    for the encoding and the header (see the module docstring)."""
    head, truncated = utf8_head(path)
    return _header(head, truncated, expected, header_row, reads, path).names


def _header(
    head: bytes,
    truncated: bool,
    expected: Sequence[str],
    header_row: int | None,
    reads: Mapping[str, str],
    path: Path,
) -> _Layout:
    """The layout of the UTF-8 `head`, after refusing a header too wide or repeated."""
    layout = _layout(head, truncated, expected, header_row, path)
    if len(layout.cells) > MAX_COLUMNS:
        raise SourceError(
            "header_too_wide",
            file=path,
            row=layout.header_number,
            columns=len(layout.cells),
            limit=MAX_COLUMNS,
        )
    check_repeated(layout.cells, reads, key="header_duplicate", letters=True, file=path)
    return layout


def _extract(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    folder: Path,
    ends: LineEnds,
    expected: Sequence[str],
    into: str,
    header_row: int | None,
    reads: Mapping[str, str],
) -> tuple[int, list[MalformedRow]]:
    """Read UTF-8 `readable` (`path` or its copy); errors name `path`."""
    layout = _header(*read_head(readable), expected, header_row, reads, path)
    checked: RecordCheck | None = None
    if ends.stray_cr:
        readable, checked = _check(readable, path, layout, ends, folder / "lines.csv")
        layout = _layout(*read_head(readable), expected, header_row, path)
    options = _Options(strict=not (checked and checked.wide))
    while (failure := _probe(readable, layout, options)) is not None:
        if options.parallel and _NOT_PARALLEL in failure:
            options = replace(options, parallel=False)
            continue
        if options.strict and checked is None:
            copy = folder / "lines.csv" if ends.mixed else None
            readable, checked = _check(readable, path, layout, ends, copy)
            if copy is not None:
                layout = _layout(*read_head(readable), expected, header_row, path)
            options = replace(options, strict=not checked.wide)
            continue
        raise SourceError("csv_unreadable", file=path, reason=failure)
    return _load(con, path, readable, layout, options, checked, into)


def _check(
    readable: Path, path: Path, layout: _Layout, ends: LineEnds, copy: Path | None
) -> tuple[Path, RecordCheck]:
    """Walk the file with `csv_records`; (the file to read from now on, what was found)."""
    checked = check_records(
        readable,
        path,
        delimiter=layout.delimiter,
        header_number=layout.header_number,
        width=layout.width,
        stray_cr=ends.stray_cr,
        copy_to=copy,
    )
    return (copy or readable), checked


# The head: header and separator -----------------------------------------------------------


def _layout(
    head: bytes, truncated: bool, expected: Sequence[str], header_row: int | None, path: Path
) -> _Layout:
    """Find the header row and the separator in `head` (UTF-8, cut by `read_head`, `truncated`
    when the file goes on); SourceError if none fits."""
    if truncated and not any(end in head for end in (b"\n", b"\r")):
        raise SourceError("csv_first_line_too_long", file=path)
    text = codecs.getincrementaldecoder("utf-8-sig")("replace").decode(head, final=not truncated)
    parsed = {delimiter: _records(text, delimiter, truncated) for delimiter in DELIMITERS}
    candidates = []
    for delimiter, records in parsed.items():
        rows = [(number, cells) for number, cells, _ in records]
        hit = locate_header(rows, expected, header_row)
        if hit is not None:
            # The earliest header row wins; on one row, the separator giving the most fields.
            candidates.append((hit[0], -len(hit[1]), DELIMITERS.index(delimiter), delimiter))
    if not candidates:
        # Explain with the likeliest separator: the one under which a row comes closest.
        splits = [[(number, cells) for number, cells, _ in rows] for rows in parsed.values()]
        rows = max(splits, key=lambda rows: best_match(rows, expected))
        key, fields = missing_header(rows, expected, header_row)
        raise SourceError(key, file=path, **fields)
    number, _, _, delimiter = min(candidates)
    _, cells, lines = next(record for record in parsed[delimiter] if record[0] == number)
    named = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=1)
    return _Layout(delimiter, number, lines, list(cells), unique_names(cells), named)


def _records(text: str, delimiter: str, truncated: bool) -> list[tuple[int, list[str], int]]:
    """(row number, cells, physical lines read so far) of each non-blank record in `text`."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    records = []
    number = 0
    try:
        for cells in reader:
            if not cells:  # a blank line: not a row
                continue
            number += 1
            records.append((number, cells, reader.line_num))
    except csv.Error:
        return records  # an oversized or broken value: what came before is enough to go on
    if truncated and records:
        records.pop()  # may be cut short by the end of the head
    return records


# DuckDB ------------------------------------------------------------------------------------


def _read_csv(readable: Path, layout: _Layout, options: _Options) -> str:
    columns = ", ".join(f"{literal(f' c{i}')}: 'VARCHAR'" for i in range(layout.width))
    return (
        f"read_csv({literal(str(readable))}, header = false, skip = {layout.skip}, "
        f"delim = {literal(layout.delimiter)}, quote = '\"', escape = '\"', "
        f"nullstr = {literal(_PADDING)}, auto_detect = false, columns = {{{columns}}}, "
        f"null_padding = true, strict_mode = {str(options.strict).lower()}, "
        f"parallel = {str(options.parallel).lower()})"
    )


def _probe(readable: Path, layout: _Layout, options: _Options) -> str | None:
    """DuckDB's reason for refusing the file as `options` read it, or None if it reads.

    On a connection of its own, so that a refusal never aborts the caller's transaction (and
    an internal DuckDB error cannot invalidate the warehouse). Counting parses every record;
    the bytes are UTF-8 already, which counting alone would not check.
    """
    with duckdb.connect() as probe:
        try:
            probe.execute(f"SELECT count(*) FROM {_read_csv(readable, layout, options)}")
        except duckdb.Error as error:
            return reason(error) + (f" ({_NOT_PARALLEL})" if _NOT_PARALLEL in str(error) else "")
    return None


def _load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    layout: _Layout,
    options: _Options,
    checked: RecordCheck | None,
    into: str,
) -> tuple[int, list[MalformedRow]]:
    """Load every record after the header into `into`, as the probe read it."""
    raw = f"_evaluasi_csv_raw_{uuid.uuid4().hex}"
    with Cleanup(con) as cleanup:
        cleanup.add(f"DROP TABLE IF EXISTS temp.main.{quote(raw)}")
        # Rowids must follow the file, so row numbers do: on for the scan if the caller turned
        # it off, and back as it was afterwards.
        (ordered,) = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
        with Cleanup(con) as restore:
            restore.add(f"SET preserve_insertion_order = {'true' if ordered else 'false'}")
            con.execute("SET preserve_insertion_order = true")
            try:
                con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {quote(raw)} AS SELECT * FROM "
                    + _read_csv(readable, layout, options)
                )
            except duckdb.Error as error:  # the probe read it: memory, disk, ...
                raise SourceError("file_load_failed", file=path, reason=reason(error)) from error
        malformed = _publish(con, raw, into, layout, checked, path)
    (loaded,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(loaded) + len(malformed), malformed


def _column(index: int) -> str:
    """The raw table's column `index`: a leading space, which no normalised header name has."""
    return quote(f" c{index}")


def _wrong_width(layout: _Layout) -> str:
    """SQL: the record has a value in the spare column, or none in the last named one."""
    return f"({_column(len(layout.names))} IS NOT NULL OR {_column(layout.named - 1)} IS NULL)"


def _publish(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    into: str,
    layout: _Layout,
    checked: RecordCheck | None,
    path: Path,
) -> list[MalformedRow]:
    """Turn `raw` into temp table `into` in place, and return its malformed records.

    In place, because copying millions of rows again costs seconds: `source_row` is computed
    from the rowid (records in file order, as the scan preserves insertion order), malformed
    and empty records are deleted (the DELETE returns them, which saves a scan), the spare
    column is dropped and the rest renamed.
    """
    table = quote(raw)
    fields = ", ".join(_column(i) for i in range(layout.width))
    # Rowids count the records in file order from the first rowid: 0 in a committed table, a
    # large number while the caller's transaction is open (DuckDB's transaction-local rowids).
    (first, total) = con.execute(f"SELECT min(rowid), count(*) FROM {table}").fetchone()
    if checked is not None and total != checked.records:
        # Two parsers disagree on where records end: no row number could be trusted.
        raise SourceError("csv_inconsistent", file=path, first=total, second=checked.records)
    con.execute(f"ALTER TABLE {table} ADD COLUMN sheet VARCHAR DEFAULT ''")
    con.execute(f"ALTER TABLE {table} ADD COLUMN source_row BIGINT")
    offset = layout.header_number + 1 - (first or 0)
    con.execute(f"UPDATE {table} SET source_row = rowid + {offset}")
    wrong = _wrong_width(layout)
    # An empty first cell is rare, so the concatenation is seldom evaluated.
    empty = f"({_column(0)} = '' AND concat({fields}) = '')"
    deleted = con.execute(
        f"DELETE FROM {table} WHERE {wrong} OR {empty} RETURNING source_row, {wrong}, {fields}"
    ).fetchall()
    malformed = [
        _malformed_row(int(number), [cell for cell in cells if cell is not None], layout, checked)
        for number, is_wrong, *cells in sorted(deleted)
        if is_wrong and any(cell.strip() for cell in cells if cell is not None)
    ]
    for index in range(layout.named, len(layout.names)):
        # Blank header cells at the end may be missing from a row: '' there, not NULL.
        column = _column(index)
        con.execute(f"UPDATE {table} SET {column} = '' WHERE {column} IS NULL")
    con.execute(f"ALTER TABLE {table} DROP COLUMN {_column(len(layout.names))}")
    for index, name in enumerate(layout.names):
        con.execute(f"ALTER TABLE {table} RENAME COLUMN {_column(index)} TO {quote(name)}")
    con.execute(f"DROP TABLE IF EXISTS temp.main.{quote(into)}")
    con.execute(f"ALTER TABLE {table} RENAME TO {quote(into)}")
    return malformed


def _malformed_row(
    source_row: int, cells: list[str], layout: _Layout, checked: RecordCheck | None
) -> MalformedRow:
    """A record with too many or too few fields, as the file has it (the walk kept the fields
    of a record wider than the scan)."""
    count, text = len(cells), row_text(cells, layout.delimiter)
    if checked is not None and source_row in checked.wide:
        count, text = checked.wide[source_row]
    noun = "field" if count == 1 else "fields"
    problem = f"{count} {noun} where the header has {len(layout.names)}"
    if checked is not None and source_row in checked.stray:
        problem += (
            "; a lone carriage return (CR) ends a row next to this one, so the row was split "
            "there: look for a line break typed or pasted into a cell"
        )
    return MalformedRow(sheet="", source_row=source_row, text=text, problem=problem)
