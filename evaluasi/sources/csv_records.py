"""Walk a CSV file record by record in Python, for the files DuckDB's strict reader refuses.

DuckDB reads a well-formed file fast; this walk explains the others, with exact row numbers
(`source_row`, as `csv_reader` counts rows: non-blank records from the top of the file):

* a quote error (a quoted value followed by more text, or never closed) is fatal, because the
  rows after it cannot be told apart: SourceError names the row;
* a line longer than 2 MB (DuckDB's limit too) is fatal, and so is a record with more than
  `headers.MAX_COLUMNS` fields: reading it would cost minutes and gigabytes;
* records with more fields than DuckDB's scan keeps (`width`) are listed with their field
  count and text, so that they can be quarantined in full (DuckDB, told not to be strict, keeps
  their first `width` fields and the row number stays right);
* a lone CR (not followed by LF, outside quotes) ends a record, as in a spreadsheet; when the
  file's lines mostly end otherwise, the records on either side of one are listed (`stray`);
* with `copy_to`, the records are written again with CRLF after every record, so that DuckDB
  reads a file whose lines all end alike (quoted line breaks stay inside their values).

It is linear in the file's size and holds one record at a time.
"""

from __future__ import annotations

import csv
import io
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from evaluasi.sources.extract import SourceError
from evaluasi.sources.headers import MAX_COLUMNS

# DuckDB's max_line_size, in bytes; here in characters, which is at least as long.
MAX_LINE = 2_000_000
TEXT_LIMIT = 2_000
# A quoted value may span lines up to the same length; csv's default limit is 128 KiB.
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE))


@dataclass(frozen=True)
class RecordCheck:
    """What the walk found: see the module docstring."""

    records: int  # non-blank records after the header
    wide: dict[int, tuple[int, str]]  # source_row -> (fields, text), beyond `width` fields
    stray: frozenset[int]  # source_rows next to a lone CR


class _LineTooLong(Exception):
    pass


class _Lines:
    """The file's physical lines (a CR, LF or CRLF ends one), each at most MAX_LINE long."""

    def __init__(self, handle: io.TextIOBase) -> None:
        self._handle = handle
        self.lone_cr = False  # the last line read ended with a CR not followed by LF

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._handle.readline(MAX_LINE)
        if not line:
            raise StopIteration
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        self.lone_cr = line.endswith("\r")
        return line


def check_records(
    readable: Path,
    path: Path,
    *,
    delimiter: str,
    header_number: int,
    width: int,
    stray_cr: bool,
    copy_to: Path | None = None,
) -> RecordCheck:
    """Walk UTF-8 `readable` (errors name `path`); see the module docstring."""
    with ExitStack() as stack:
        handle = stack.enter_context(readable.open(encoding="utf-8-sig", newline=""))
        writer = None
        if copy_to is not None:
            out = stack.enter_context(copy_to.open("w", encoding="utf-8", newline=""))
            # CRLF, so that csv quotes a value holding a lone CR or LF and no bare one is left.
            writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        lines = _Lines(handle)
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=True)
        number = records = 0
        wide: dict[int, tuple[int, str]] = {}
        stray: set[int] = set()
        after_cr = False
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise SourceError(_quote_key(error), file=path, row=number + 1) from None
            except _LineTooLong:
                raise SourceError("csv_line_too_long", file=path, row=number + 1) from None
            if writer is not None:
                writer.writerow(cells)
            if not cells:  # a blank line: not a row
                after_cr = after_cr or (stray_cr and lines.lone_cr)
                continue
            number += 1
            if stray_cr and (after_cr or lines.lone_cr):
                stray.add(number)
            after_cr = stray_cr and lines.lone_cr
            if number <= header_number:
                continue
            records += 1
            if len(cells) > MAX_COLUMNS:
                raise SourceError(
                    "csv_too_many_fields",
                    file=path,
                    row=number,
                    fields=len(cells),
                    limit=MAX_COLUMNS,
                )
            if len(cells) > width:
                wide[number] = (len(cells), row_text(cells, delimiter))
    return RecordCheck(records, wide, frozenset(stray))


def _quote_key(error: csv.Error) -> str:
    if "expected after" in str(error):
        return "csv_quote_then_text"
    return "csv_quote_not_closed"  # end of data inside quotes, or a quoted value past 2 MB


def row_text(cells: list[str], delimiter: str) -> str:
    """A record's fields joined again with the separator (quoted where needed), cut short."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
    text = buffer.getvalue()
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "..."
