"""The canonical tables of SPEC §3: their columns, which are required, and their keys.

Every source, file or SQL, ends up as rows of one of these tables. The same names are used in
`evaluasi/sql/`, in the inbox file names (`scores*.csv`), in the source configuration and in the
report.
"""

from __future__ import annotations

from dataclasses import dataclass

# Columns every landed and loaded row carries, saying where it came from. `source` is the file
# path relative to the inbox (or `sql:<name>` for a query), `sheet` the workbook sheet (empty for
# other sources), `source_row` the row a user sees: the spreadsheet row for CSV and XLSX (header
# is row 1 unless title rows come first), the record number for Parquet and query results.
LINEAGE_COLUMNS: tuple[str, str, str] = ("source", "sheet", "source_row")


@dataclass(frozen=True)
class TableSpec:
    """The canonical columns of one table.

    `required` columns must be in every source's header (after mapping); `optional` ones may be
    absent and are then empty. `key` identifies a row: two rows with one key are duplicates.
    """

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    mandatory: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "programs",
            ("program_id", "name", "type", "start_date", "end_date", "jp"),
            ("cost_idr", "organizer"),
            key=("program_id",),
        ),
        TableSpec(
            "instruments",
            ("instrument", "kind", "scale_min", "scale_max"),
            ("label", "level", "categories"),
            key=("instrument",),
            mandatory=False,
        ),
        # A row with a program_id enrols the person in that programme; rows without one form the
        # register of the agency's staff, from which comparison groups are drawn.
        TableSpec(
            "participants",
            ("nip",),
            ("name", "unit", "rank", "position", "program_id"),
            key=("nip", "program_id"),
            mandatory=False,
        ),
        TableSpec(
            "scores",
            ("nip", "program_id", "instrument", "phase", "score"),
            ("assessed_on", "group"),
            key=("nip", "program_id", "instrument", "phase"),
        ),
        # Periodic records not tied to a programme (SKP predikat, performance scores).
        TableSpec(
            "performance",
            ("nip", "instrument", "period_end", "value"),
            key=("nip", "instrument", "period_end"),
            mandatory=False,
        ),
    )
}

# Used when no source gives an instruments table: the two instruments every BPSDM collects.
DEFAULT_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "instrument": ("knowledge_test", "supervisor_rating"),
    "label": ("Tes pengetahuan", "Penilaian perilaku oleh atasan"),
    "kind": ("numeric", "numeric"),
    "scale_min": ("0", "1"),
    "scale_max": ("100", "5"),
    "level": ("2", "3"),
    "categories": ("", ""),
}
