"""What every reader (file or SQL) hands to the loader: raw text rows in a DuckDB temp table.

A reader never parses or judges values: it copies them as text, exactly as the source has them,
so that NIPs keep their digits and validation can say precisely what was wrong. It does find the
header, the separator and the encoding, and it counts every row it read, including rows it could
not split into columns (`malformed`), which the loader quarantines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluasi.errors import UserError


class SourceError(UserError):
    """A source cannot be read at all; the message names it (file or query) and what to do.

    Raised before anything is written, so the warehouse keeps what it had. Its catalogue texts
    are in `texts/errors_sources.toml`; like every UserError, it never quotes a value read from
    a data row, only the file, row, column and setting.
    """


@dataclass(frozen=True)
class MalformedRow:
    """A row the reader could not split into the header's columns (CSV only).

    `text` is the row as read: it goes to the quarantine, in the restricted data area, never
    into a message. `problem` says what is wrong with it without quoting it.
    """

    sheet: str
    source_row: int
    text: str
    problem: str


@dataclass(frozen=True)
class Extracted:
    """One source unit (a file or a query) copied into DuckDB temp table `relation`.

    The temp table has one VARCHAR column per source column, named as the source's header after
    `normalise_header` (so `Kode Pelatihan ` becomes `kode pelatihan`), plus `sheet` (VARCHAR, ''
    except for XLSX) and `source_row` (BIGINT, see `tables.LINEAGE_COLUMNS`). Empty cells are ''.
    `rows_read` = rows in `relation` + len(`malformed`).
    """

    source: str
    table: str
    fingerprint: str
    relation: str
    rows_read: int
    malformed: tuple[MalformedRow, ...] = field(default=())


def normalise_header(name: object) -> str:
    """A header cell as matched against the column mapping: stripped, lower-case, single spaces."""
    return " ".join(str(name).replace("\ufeff", "").split()).lower()
