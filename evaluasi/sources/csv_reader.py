"""CSV exports into DuckDB as raw text, fast: DuckDB's `read_csv` does the work, not Python.

Python only reads the first MiB (the head) to find the encoding, the header and the separator;
the file itself is parsed once by DuckDB's parallel reader, with these conventions:

* Encoding: UTF-8, with or without BOM. A file whose head is not UTF-8, or in which DuckDB finds
  bytes that are not UTF-8, is read as Windows-1252 (bytes 1252 leaves undefined as Latin-1,
  so every byte means something): it is transcoded, streaming, to a UTF-8 copy in a temporary
  folder that is removed afterwards. A UTF-16 file (it starts with a BOM) is transcoded too.
  A file mixing UTF-8 and 1252 comes out with mojibake in its UTF-8 parts; nothing is lost.
* Separator: `,`, `;` or tab, whichever splits the header into the most fields (quotes
  respected); the quote is `"`, doubled inside a quoted value. Quoted values may hold
  separators and line breaks.
* Rows: a record is one row however many lines it spans. Blank lines are not rows: DuckDB skips
  them, and they are not counted. So `source_row` = the header's row number (non-blank records
  from the top, title rows included) + the record's position after the header, computed from
  the rowids of the table DuckDB loads in file order (insertion order is kept for the scan).
  DuckDB's rejects table is no help here: its `line` counts blank lines. A record of empty
  cells (`;;;;`) or a line of spaces is a row a spreadsheet shows, so it keeps its number, but
  it is dropped, like an empty XLSX row.
* Ragged rows: every record is loaded, with `null_padding` and one column more than the header
  has, and an impossible `nullstr` so that empty cells are '' and only padding is NULL. A record
  with a value in the spare column has too many fields; one that is NULL in the last named
  header column has too few (blank header cells at the end may be left out). Such records become
  `MalformedRow`s, whose text is the record's fields joined again with the separator (quoted
  where needed): the same as the file's text unless the file quoted values needlessly. Records
  with more fields than the spare column allows end up in DuckDB's rejects table, which gives
  the largest field count; the file is then read once more, that wide. DuckDB's parallel reader
  refuses to pad some records that hold a quoted line break; the file is then read serially.
* Quote errors (a quoted value followed by more text, or a quote that is never closed) are
  fatal: the reader cannot tell where the following rows start, so SourceError names the row.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from evaluasi.sources.extract import MalformedRow, SourceError
from evaluasi.sources.files import (
    best_match,
    header_advice,
    literal,
    locate_header,
    missing_header,
    plain_path,
    quote,
    unique_names,
)

HEAD_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t")
# DuckDB reads cells equal to `nullstr` as NULL; no export contains this, so NULL means padding.
_PADDING = "\x01evaluasi-padding\x02"
_MAX_WIDTH = 16_384
_TEXT_LIMIT = 2_000


@dataclass(frozen=True)
class _Layout:
    """Where the data starts and how it is split, found in the head of the file."""

    delimiter: str
    header_number: int  # the header's row number, as source_row counts
    skip: int  # physical lines up to and including the header, for read_csv's `skip`
    names: list[str]
    named: int  # columns up to the last non-blank header cell; shorter rows are malformed


@dataclass(frozen=True)
class _Reject:
    line: int
    kind: str
    fields: int | None
    text: str


class _NotUtf8(Exception):
    """DuckDB found bytes that are not UTF-8: read the file again as Windows-1252."""


class _NotParallel(Exception):
    """DuckDB's parallel reader cannot pad a record with a quoted line break: read serially."""


def extract_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    expected: Sequence[str],
    into: str,
    header_row: int | None,
) -> tuple[int, list[MalformedRow]]:
    """Copy CSV `path` into temp table `into`; (rows read, malformed rows). See module doc."""
    head, truncated = _head(path)
    encoding = _sniff(head, truncated)
    if encoding == "utf-8":
        try:
            with plain_path(path) as readable:
                return _extract_utf8(con, path, readable, expected, into, header_row)
        except _NotUtf8:
            encoding = "cp1252"
    with tempfile.TemporaryDirectory(prefix="evaluasi-csv-") as folder:
        copy = Path(folder) / "utf8.csv"
        _transcode(path, copy, encoding)
        try:
            return _extract_utf8(con, path, copy, expected, into, header_row)
        except _NotUtf8:  # cannot happen: the copy was written as UTF-8
            raise SourceError(
                f"{path}: the text encoding is not recognised; save it as CSV UTF-8"
            ) from None


def _extract_utf8(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    readable: Path,
    expected: Sequence[str],
    into: str,
    header_row: int | None,
) -> tuple[int, list[MalformedRow]]:
    """Read `readable` (UTF-8: `path` itself or its transcoded copy); errors name `path`."""
    head, truncated = _head(readable)
    text = codecs.getincrementaldecoder("utf-8-sig")("replace").decode(head, final=not truncated)
    layout = _layout(text, truncated, expected, header_row, path)
    token = uuid.uuid4().hex
    raw, rejects, scans = (f"_evaluasi_csv_{name}_{token}" for name in ("raw", "rej", "scan"))
    width = len(layout.names) + 1
    parallel = True
    try:
        while True:
            try:
                found = _scan(con, readable, layout, width, parallel, (raw, rejects, scans), path)
            except _NotParallel:
                parallel = False
                continue
            if any(reject.kind == "INVALID ENCODING" for reject in found):
                raise _NotUtf8
            fatal = [reject for reject in found if reject.kind != "TOO MANY COLUMNS"]
            if fatal:
                raise SourceError(_fatal_message(path, layout, fatal[0]))
            if not found:
                break
            widest = max(reject.fields or 0 for reject in found)
            width = widest if widest > width else width * 2
            if width > _MAX_WIDTH:
                raise SourceError(
                    f"{path}: row {_approximate_row(layout, found[0].line)} has more than "
                    f"{_MAX_WIDTH} fields; check the separator and export the file again"
                )
        malformed = _publish(con, raw, into, layout, width)
    finally:
        for table in (raw, rejects, scans):
            con.execute(f"DROP TABLE IF EXISTS {quote(table)}")
    (loaded,) = con.execute(f"SELECT count(*) FROM {quote(into)}").fetchone()
    return int(loaded) + len(malformed), malformed


# The head: encoding, header and separator -------------------------------------------------


def _head(path: Path) -> tuple[bytes, bool]:
    """The first MiB, cut after its last line break when the file is longer; (bytes, cut?)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES + 1)
    if len(head) <= HEAD_BYTES:
        return head, False
    head = head[:HEAD_BYTES]
    cut = head.rfind(b"\n")
    return (head[: cut + 1] if cut >= 0 else head), True


def _sniff(head: bytes, truncated: bool) -> str:
    """'utf-8' (to be confirmed by DuckDB on the whole file), 'utf-16' or 'cp1252'."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _layout(
    text: str, truncated: bool, expected: Sequence[str], header_row: int | None, path: Path
) -> _Layout:
    """Find the header row and the separator in the head's `text`; SourceError if none fits."""
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
        raise SourceError(
            f"{path}: {missing_header(rows, expected, header_row)}; {header_advice(expected)}"
        )
    number, _, _, delimiter = min(candidates)
    _, cells, lines = next(record for record in parsed[delimiter] if record[0] == number)
    named = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=1)
    return _Layout(delimiter, number, lines, unique_names(cells), named)


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


# Transcoding ------------------------------------------------------------------------------


def _cp1252_table() -> str:
    """Byte -> character: Windows-1252, and Latin-1 for the five bytes 1252 leaves undefined."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_CP1252 = _cp1252_table()


def _transcode(source: Path, target: Path, encoding: str) -> None:
    """Stream `source` (cp1252 or utf-16) into `target` as UTF-8, 4 MiB at a time."""
    decoder = codecs.getincrementaldecoder("utf-16")() if encoding == "utf-16" else None
    with source.open("rb") as reading, target.open("wb") as writing:
        first = True
        for block in iter(lambda: reading.read(1 << 22), b""):
            if decoder is not None:
                text = decoder.decode(block)
            else:
                if first and block.startswith(codecs.BOM_UTF8):
                    block = block[len(codecs.BOM_UTF8) :]  # a BOM on a 1252 file: drop it
                text = codecs.charmap_decode(block, "strict", _CP1252)[0]
            first = False
            writing.write(text.encode("utf-8"))
        if decoder is not None:
            writing.write(decoder.decode(b"", final=True).encode("utf-8"))


# DuckDB ------------------------------------------------------------------------------------


def _scan(
    con: duckdb.DuckDBPyConnection,
    readable: Path,
    layout: _Layout,
    width: int,
    parallel: bool,
    tables: tuple[str, str, str],
    path: Path,
) -> list[_Reject]:
    """Load every record after the header into `raw`, one column per field; the rejected ones.

    `tables` are (raw, rejects, scans). Every record needs padding (the spare column), and the
    parallel reader refuses to pad one with a quoted line break, depending on where it falls
    in the file: then `_NotParallel` asks for a serial read.
    """
    raw, rejects, scans = tables
    columns = ", ".join(f"{literal(f' c{i}')}: 'VARCHAR'" for i in range(width))
    for table in (rejects, scans):  # DuckDB appends to an existing rejects table
        con.execute(f"DROP TABLE IF EXISTS {quote(table)}")
    # Rowids must follow the file, so row numbers do: on for the scan if the caller turned it off.
    (ordered,) = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote(raw)} AS SELECT * FROM read_csv("
            f"{literal(str(readable))}, header = false, skip = {layout.skip}, "
            f"delim = {literal(layout.delimiter)}, quote = '\"', escape = '\"', "
            f"nullstr = {literal(_PADDING)}, auto_detect = false, columns = {{{columns}}}, "
            "null_padding = true, strict_mode = true, store_rejects = true, "
            f"rejects_table = {literal(rejects)}, rejects_scan = {literal(scans)}, "
            f"parallel = {str(parallel).lower()})"
        )
    except duckdb.Error as error:
        if parallel and "null_padding in conjunction with quoted new lines" in str(error):
            raise _NotParallel from error
        reason = str(error).strip().splitlines()[0]
        raise SourceError(f"{path}: DuckDB cannot read it ({reason}); export it again") from error
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if ordered else 'false'}")
    # One rejected record may be reported once per surplus field; keep one entry per record.
    found = con.execute(
        "SELECT line, arg_min(error_type, byte_position), max(try_cast(regexp_extract("
        f"error_message, 'Found: (\\d+)', 1) AS INTEGER)), arg_min(csv_line, byte_position) "
        f"FROM {quote(rejects)} GROUP BY line ORDER BY line"
    ).fetchall()
    return [
        _Reject(int(line), str(kind), fields, str(text or "")) for line, kind, fields, text in found
    ]


def _fatal_message(path: Path, layout: _Layout, reject: _Reject) -> str:
    row = _approximate_row(layout, reject.line)
    text = (reject.text.splitlines() or [""])[0][:80]
    if reject.kind == "UNQUOTED VALUE":
        problem = (
            f"a quoted value is not closed properly near row {row} ({text!r}), so the rows after "
            'it cannot be told apart; write a " inside a value as "" and end every quoted value '
            "at a separator, or export the file again"
        )
    elif reject.kind == "LINE SIZE OVER MAXIMUM":
        problem = (
            f"row {row} ({text!r}) is longer than 2 MB, usually because a quote is never "
            "closed; fix the quotes or export the file again"
        )
    else:
        problem = f"row {row} ({text!r}) cannot be read ({reject.kind}); export the file again"
    return f"{path}: {problem}"


def _approximate_row(layout: _Layout, line: int) -> int:
    # DuckDB numbers records after `skip` lines, counting blank lines: exact without them.
    return layout.header_number + line - layout.skip


def _column(index: int) -> str:
    """The raw table's column `index`: a leading space, which no normalised header name has."""
    return quote(f" c{index}")


def _wrong_width(layout: _Layout) -> str:
    """SQL: the record has a value in the spare column, or none in the last named one."""
    return f"({_column(len(layout.names))} IS NOT NULL OR {_column(layout.named - 1)} IS NULL)"


def _publish(
    con: duckdb.DuckDBPyConnection, raw: str, into: str, layout: _Layout, width: int
) -> list[MalformedRow]:
    """Turn `raw` into temp table `into` in place, and return its malformed records.

    In place, because copying millions of rows again costs seconds: `source_row` is computed
    from the rowid (records in file order, as the scan preserves insertion order), malformed
    and empty records are deleted (the DELETE returns them, which saves a scan), the spare
    columns are dropped and the rest renamed.
    """
    table = quote(raw)
    fields = ", ".join(_column(i) for i in range(width))
    con.execute(f"ALTER TABLE {table} ADD COLUMN sheet VARCHAR DEFAULT ''")
    con.execute(f"ALTER TABLE {table} ADD COLUMN source_row BIGINT")
    # Rowids count the records in file order from the first rowid: 0 in a committed table, a
    # large number while the caller's transaction is open (DuckDB's transaction-local rowids).
    (first,) = con.execute(f"SELECT min(rowid) FROM {table}").fetchone()
    offset = layout.header_number + 1 - (first or 0)
    con.execute(f"UPDATE {table} SET source_row = rowid + {offset}")
    wrong = _wrong_width(layout)
    # An empty first cell is rare, so the concatenation is seldom evaluated.
    empty = f"({_column(0)} = '' AND concat({fields}) = '')"
    deleted = con.execute(
        f"DELETE FROM {table} WHERE {wrong} OR {empty} RETURNING source_row, {wrong}, {fields}"
    ).fetchall()
    malformed = [
        _malformed_row(int(number), [cell for cell in cells if cell is not None], layout)
        for number, is_wrong, *cells in sorted(deleted)
        if is_wrong and any(cell.strip() for cell in cells if cell is not None)
    ]
    for index in range(layout.named, len(layout.names)):
        # Blank header cells at the end may be missing from a row: '' there, not NULL.
        column = _column(index)
        con.execute(f"UPDATE {table} SET {column} = '' WHERE {column} IS NULL")
    for index in range(len(layout.names), width):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {_column(index)}")
    for index, name in enumerate(layout.names):
        con.execute(f"ALTER TABLE {table} RENAME COLUMN {_column(index)} TO {quote(name)}")
    con.execute(f"DROP TABLE IF EXISTS temp.main.{quote(into)}")
    con.execute(f"ALTER TABLE {table} RENAME TO {quote(into)}")
    return malformed


def _malformed_row(source_row: int, cells: list[str], layout: _Layout) -> MalformedRow:
    """A record with too many or too few fields; a line of spaces or separators is blank."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=layout.delimiter, lineterminator="").writerow(cells)
    text = buffer.getvalue()
    noun = "field" if len(cells) == 1 else "fields"
    return MalformedRow(
        sheet="",
        source_row=source_row,
        text=text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT] + "...",
        problem=f"{len(cells)} {noun} where the header has {len(layout.names)}",
    )
