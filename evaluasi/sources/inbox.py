"""Read the canonical inbox folder (SPEC §3) into raw text tables that remember file and row.

Every value is read as text, exactly as written, so that NIPs keep their digits and the
validation step can say precisely what was wrong with a value. Parsing and checking happen later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"


@dataclass(frozen=True)
class TableSpec:
    """The canonical columns of one inbox table."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
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
        ),
        TableSpec(
            "instruments",
            ("instrument", "kind", "scale_min", "scale_max"),
            ("label", "level", "categories"),
            mandatory=False,
        ),
        TableSpec(
            "participants",
            ("nip",),
            ("name", "unit", "rank", "position"),
            mandatory=False,
        ),
        TableSpec(
            "scores",
            ("nip", "program_id", "instrument", "phase", "score"),
            ("assessed_on", "group"),
        ),
    )
}

# Used when an inbox has no instruments file: the two instruments every BPSDM collects.
DEFAULT_INSTRUMENTS = pd.DataFrame(
    {
        "instrument": ["knowledge_test", "supervisor_rating"],
        "label": ["Tes pengetahuan", "Penilaian perilaku oleh atasan"],
        "kind": ["numeric", "numeric"],
        "scale_min": ["0", "1"],
        "scale_max": ["100", "5"],
        "level": ["2", "3"],
        "categories": ["", ""],
    }
)


class InboxError(Exception):
    """The inbox cannot be read at all; the message says which file and what to do."""


@dataclass(frozen=True)
class SourceFile:
    """One file read from the inbox, with its fingerprint and how many data rows it had."""

    path: Path
    table: str
    sha256: str
    rows_read: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class RawTable:
    """All rows of one canonical table, as text, with `source_file` and `source_row` columns."""

    spec: TableSpec
    frame: pd.DataFrame
    files: tuple[SourceFile, ...]


def fingerprint(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_inbox(inbox: Path) -> dict[str, RawTable]:
    """Read every canonical table of an inbox folder.

    A table may arrive as several files (`scores.csv`, `scores_2026q3.csv`, ...); they are stacked.
    Extra columns are ignored. A missing optional table is empty (instruments get defaults).
    Raises InboxError when the folder, a mandatory table or a required column is missing.
    """
    tables = {}
    for spec, paths in _table_files(inbox).items():
        parts = [_read_csv(path, spec) for path in paths]
        files = tuple(file for _, file in parts)
        if parts:
            frame = pd.concat([frame for frame, _ in parts], ignore_index=True)
        elif spec.name == "instruments":
            frame = DEFAULT_INSTRUMENTS.assign(**{SOURCE_FILE: "(default)", SOURCE_ROW: 0})
        else:
            frame = pd.DataFrame(columns=[*spec.columns, SOURCE_FILE, SOURCE_ROW], dtype="string")
        tables[spec.name] = RawTable(spec, frame, files)
    return tables


def _read_csv(path: Path, spec: TableSpec) -> tuple[pd.DataFrame, SourceFile]:
    frame = _load_csv(path, spec)
    frame = frame.reindex(columns=list(spec.columns), fill_value="")
    frame = frame.apply(lambda column: column.str.strip()).astype("string")
    # Row numbers as a spreadsheet shows them: the header is row 1.
    frame[SOURCE_FILE] = path.name
    frame[SOURCE_ROW] = range(2, len(frame) + 2)
    return frame, SourceFile(path, spec.name, fingerprint(path), len(frame))


def _load_csv(path: Path, spec: TableSpec, nrows: int | None = None) -> pd.DataFrame:
    """All values as text, header names lower-cased; InboxError if unreadable or incomplete."""
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=nrows
        )
    except UnicodeDecodeError as error:
        raise InboxError(
            f"{path}: byte {error.start} is not UTF-8; save the file as CSV UTF-8 and drop it "
            "in again"
        ) from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InboxError(
            f"{path}: not a readable CSV file ({error}); re-export it as CSV"
        ) from error
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    missing = [column for column in spec.required if column not in frame.columns]
    if missing:
        raise InboxError(
            f"{path}: column {', '.join(missing)} is missing (header row has "
            f"{', '.join(frame.columns)}); add it, the {spec.name} table needs "
            f"{', '.join(spec.required)}"
        )
    return frame


def check_inbox(inbox: Path) -> None:
    """Fail fast, reading only header rows, when an inbox cannot be read at all.

    Raises InboxError naming the folder, file or column and what to do.
    """
    for spec, paths in _table_files(inbox).items():
        for path in paths:
            _load_csv(path, spec, nrows=0)


def _table_files(inbox: Path) -> dict[TableSpec, list[Path]]:
    if not inbox.is_dir():
        raise InboxError(f"inbox folder {inbox} does not exist; create it or pass --inbox DIR")
    files = {}
    for spec in TABLES.values():
        paths = sorted(p for p in inbox.glob(f"{spec.name}*.csv") if p.is_file())
        if not paths and spec.mandatory:
            raise InboxError(
                f"{inbox / (spec.name + '.csv')} is missing: every inbox needs a {spec.name} table"
            )
        files[spec] = paths
    return files
