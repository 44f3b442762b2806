"""Header rows: finding one, naming its columns, and saying why none was found.

Conventions shared by every reader (the module docstring of `files` has the rest):

* The header row is the first of the first 50 non-blank rows that holds every expected name
  (after `normalise_header`); title rows above it are skipped. `header_row` names it instead.
* Column names are the header cells after `normalise_header`. A blank cell in column 7 becomes
  `column_7`; a repeated name, or one that would clash with the lineage columns `sheet` and
  `source_row`, gets its column number appended (`nama_5`). The first occurrence keeps the name.
* A repeated header that the mapping reads (a canonical column, or a header mapped under
  `[sources.columns]`) is refused: which of the two columns holds the values cannot be guessed,
  and picking the first would silently drop the second. A repeated header nobody reads stays,
  numbered as above, and is logged.
* Messages never show a data row. The cells of a row are shown only when it holds at least one
  expected name: then it is a header, and its cells are column names, not NIPs or names.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from evaluasi.sources.extract import SourceError, normalise_header

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 50
# The widest header a reader takes. Real exports have tens of columns, a wide questionnaire a
# few hundred; far more is a stray cell or a wrong separator, and reading it would take minutes
# and gigabytes (every row padded to that width), so it is refused with what to delete.
MAX_COLUMNS = 1_000
LINEAGE = ("sheet", "source_row")
_SHOWN_CELLS = 8
_SHOWN_CHARS = 40


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


@dataclass(frozen=True)
class Closest:
    """The row that comes closest to being the header: it holds some expected names, so its
    cells are column names and may be shown."""

    row: int
    matches: int
    lacking: str
    cells: str


def closest_row(
    rows: Sequence[tuple[int, Sequence[str]]], expected: Sequence[str], header_row: int | None
) -> Closest | None:
    """Among the rows `locate_header` searched, the one with the most expected names (the
    earliest on a tie), or None when no row holds any."""
    if header_row is not None:
        searched = [(number, cells) for number, cells in rows if number == header_row]
    else:
        searched = [(number, cells) for number, cells in rows if any(c.strip() for c in cells)]
        searched = searched[:HEADER_SEARCH_ROWS]
    best: Closest | None = None
    for number, cells in searched:
        names = set(unique_names(cells))
        matches = len(set(expected) & names)
        if matches and (best is None or matches > best.matches):
            lacking = names_text([name for name in expected if name not in names])
            best = Closest(number, matches, lacking, cells_text(cells))
    return best


def missing_header(
    rows: Sequence[tuple[int, Sequence[str]]], expected: Sequence[str], header_row: int | None
) -> tuple[str, dict[str, object]]:
    """Why `locate_header` found nothing in `rows`: a catalogue key and its fields, without the
    file (the caller adds it). The texts end with what to do."""
    fields: dict[str, object] = {"names": names_text(expected), "limit": HEADER_SEARCH_ROWS}
    if header_row is not None:
        fields["row"] = header_row
        if not any(number == header_row for number, _ in rows):
            return "header_row_absent", fields
    elif not any(any(cell.strip() for cell in cells) for _, cells in rows):
        return "file_empty", {}
    closest = closest_row(rows, expected, header_row)
    key = "header_row_lacks" if header_row is not None else "header_not_found"
    if closest is None:
        return key, fields
    fields.update(row=closest.row, lacking=closest.lacking, cells=closest.cells)
    return f"{key}_closest", fields


def best_match(rows: Sequence[tuple[int, Sequence[str]]], expected: Sequence[str]) -> int:
    """How many `expected` names the best of the first non-blank `rows` holds."""
    closest = closest_row(rows, expected, None)
    return closest.matches if closest else 0


def check_repeated(
    cells: Sequence[str],
    reads: Mapping[str, str],
    *,
    key: str,
    letters: bool,
    **where: object,
) -> None:
    """Refuse header `cells` when a header the mapping reads appears twice; see the module
    docstring. `reads` maps each header the mapping reads (normalised) to its canonical
    column; `where` names the source for the message `key`; `letters` gives positions as
    spreadsheet columns (C, H) rather than numbers (3, 8)."""
    first: dict[str, int] = {}
    for number, cell in enumerate(cells, start=1):
        name = normalise_header(cell)
        if not name:
            continue
        if name not in first:
            first[name] = number
            continue
        positions = [_position(first[name], letters), _position(number, letters)]
        if name in reads:
            raise SourceError(
                key,
                **where,
                header=name,
                column=reads[name],
                first=positions[0],
                second=positions[1],
            )
        log.info(
            "%s: columns %s and %s are both headed %r; no column is read from it, so both are kept",
            ", ".join(str(value) for value in where.values()),
            *positions,
            name,
        )


def _position(number: int, letters: bool) -> str:
    return get_column_letter(number) if letters else str(number)


def names_text(names: Sequence[str]) -> str:
    """Expected column names for a message: `'nip', 'program_id'`."""
    return ", ".join(repr(name) for name in names) or "-"


def cells_text(cells: Sequence[str]) -> str:
    """A header row's cells for a message: the first few, each cut short. Header rows only."""
    shown = [repr(cell[:_SHOWN_CHARS]) for cell in cells[:_SHOWN_CELLS]]
    return ", ".join(shown) + (", …" if len(cells) > _SHOWN_CELLS else "")
