"""Land every source's rows, as text, in the warehouse's `landed_*` tables: incrementally.

A source is a file in the inbox or a configured query. Its fingerprint (the bytes of a file or
the rows of a query, plus its mapping) decides what happens: an unchanged source is not read
again; a changed one replaces its own earlier landed rows and nothing else; a source that is gone
loses its rows. Validation then rebuilds the canonical tables from everything landed, so a row
fixed in one file and a programme added in another are judged together.

The caller holds the transaction: if any source cannot be read, nothing changes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from pathlib import Path

import duckdb

from evaluasi.sources.catalog import (
    CONFIG_NAME,
    Catalog,
    FileSource,
    Mapping,
    SqlSource,
    convention_sources,
)
from evaluasi.sources.database import extract_query
from evaluasi.sources.extract import Extracted, SourceError, normalise_header
from evaluasi.sources.files import extract_file, file_fingerprint
from evaluasi.sources.tables import TABLES, TableSpec

log = logging.getLogger(__name__)

EXTRACT_TABLE = "extracted"


@dataclass(frozen=True)
class FileUnit:
    """One inbox file and the source entry that claims it."""

    path: Path
    relative: str
    entry: FileSource


@dataclass(frozen=True)
class LandedSource:
    """What landing did with one source this run."""

    source: str
    table: str
    fingerprint: str
    status: str  # "loaded" (read this run) or "unchanged"
    rows_read: int


def discover_files(inbox: Path, catalog: Catalog) -> list[FileUnit]:
    """Every inbox file that some source claims: configured entries first, then conventions.

    Conventions only look at the top of the inbox; configured globs may reach into folders.
    Hidden files, Office lock files (`~$...`) and the configuration itself are never sources.
    """
    if not inbox.is_dir():
        raise SourceError(f"inbox folder {inbox} does not exist; create it or pass --inbox DIR")
    units: dict[Path, FileUnit] = {}
    for entry in (*catalog.files, *convention_sources()):
        for path in sorted(inbox.glob(entry.pattern)):
            if path in units or not path.is_file() or _ignored(path):
                continue
            units[path] = FileUnit(path, path.relative_to(inbox).as_posix(), entry)
    return sorted(units.values(), key=lambda unit: unit.relative)


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name == CONFIG_NAME


def check_sources(inbox: Path, catalog: Catalog) -> list[FileUnit]:
    """The inbox files to read, after checking (without reading them) that every mandatory
    table has a source. Raises SourceError naming what is missing and where to put it."""
    units = discover_files(inbox, catalog)
    tables = {unit.entry.table for unit in units} | {entry.table for entry in catalog.queries}
    missing = [spec.name for spec in TABLES.values() if spec.mandatory and spec.name not in tables]
    if missing:
        raise SourceError(
            f"no source gives the {' and '.join(missing)} table: put "
            + " and ".join(f"{name}.csv (or .xlsx, .parquet)" for name in missing)
            + f" in {inbox} or configure a source for it in {CONFIG_NAME}"
        )
    return units


def land_sources(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    catalog: Catalog,
    run_id: str,
    environ: MappingType[str, str] | None = None,
) -> list[LandedSource]:
    """Bring `landed_*` up to date with the sources; see the module docstring.

    Raises SourceError (naming the source and what to do) when a source cannot be read, or when
    no source gives a mandatory table.
    """
    units = check_sources(inbox, catalog)
    known = dict(con.execute("select source, fingerprint from landed_sources").fetchall())
    landed = [_land_file(con, unit, known, run_id) for unit in units]
    landed += [_land_query(con, entry, known, run_id, environ) for entry in catalog.queries]
    present = {item.source for item in landed}
    for source in set(known) - present:
        log.info("source %s is gone; its rows are removed", source)
        _forget(con, source)
    return landed


def _land_file(
    con: duckdb.DuckDBPyConnection, unit: FileUnit, known: dict[str, str], run_id: str
) -> LandedSource:
    entry = unit.entry
    parts = [file_fingerprint(unit.path), entry.table, entry.mapping.digest()]
    parts += [str(entry.sheet), str(entry.header_row)]
    fingerprint = _combine(parts)
    if known.get(unit.relative) == fingerprint:
        return _unchanged(con, unit.relative, entry.table, fingerprint)
    spec = TABLES[entry.table]
    extracted = extract_file(
        con,
        unit.path,
        source=unit.relative,
        table=entry.table,
        expected=_expected_headers(spec, entry.mapping),
        into=EXTRACT_TABLE,
        sheet=entry.sheet,
        header_row=entry.header_row,
    )
    return _replace(con, extracted, spec, entry.mapping, fingerprint, run_id)


def _land_query(
    con: duckdb.DuckDBPyConnection,
    entry: SqlSource,
    known: dict[str, str],
    run_id: str,
    environ: MappingType[str, str] | None,
) -> LandedSource:
    extracted = extract_query(con, entry, into=EXTRACT_TABLE, environ=environ)
    fingerprint = _combine([extracted.fingerprint, entry.table, entry.mapping.digest()])
    if known.get(entry.source) == fingerprint:
        con.execute(f"drop table if exists {EXTRACT_TABLE}")
        return _unchanged(con, entry.source, entry.table, fingerprint)
    spec = TABLES[entry.table]
    _require_headers(con, extracted, spec, entry.mapping)
    return _replace(con, extracted, spec, entry.mapping, fingerprint, run_id)


def _combine(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _unchanged(
    con: duckdb.DuckDBPyConnection, source: str, table: str, fingerprint: str
) -> LandedSource:
    (rows_read,) = con.execute(
        "select rows_read from landed_sources where source = ?", [source]
    ).fetchone()
    log.info("source %s is unchanged; kept as landed", source)
    return LandedSource(source, table, fingerprint, "unchanged", int(rows_read))


def _expected_headers(spec: TableSpec, mapping: Mapping) -> list[str]:
    return [
        normalise_header(mapping.header_for(column))
        for column in spec.required
        if column not in mapping.constants
    ]


def _require_headers(
    con: duckdb.DuckDBPyConnection, extracted: Extracted, spec: TableSpec, mapping: Mapping
) -> None:
    headers = _headers(con)
    missing = [name for name in _expected_headers(spec, mapping) if name not in headers]
    if missing:
        raise SourceError(
            f"{extracted.source}: column {', '.join(missing)} is missing from its result "
            f"(it has {', '.join(sorted(headers))}); return it from the query or map it under "
            "[sources.columns]"
        )


def _headers(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(f"describe {EXTRACT_TABLE}").fetchall()
    return {row[0] for row in rows} - {"sheet", "source_row"}


def _replace(
    con: duckdb.DuckDBPyConnection,
    extracted: Extracted,
    spec: TableSpec,
    mapping: Mapping,
    fingerprint: str,
    run_id: str,
) -> LandedSource:
    source = extracted.source
    _forget(con, source)
    selects, params = _mapped_columns(spec, mapping, _headers(con))
    columns = ", ".join(_quote(column) for column in spec.columns)
    con.execute(
        f"insert into landed_{spec.name} (source, sheet, source_row, {columns}) "
        f"select ?, sheet, source_row, {', '.join(selects)} from {EXTRACT_TABLE}",
        [source, *params],
    )
    if extracted.malformed:
        con.executemany(
            "insert into landed_malformed values (?, ?, ?, ?, ?, ?)",
            [
                [source, row.sheet, row.source_row, spec.name, row.text, row.problem]
                for row in extracted.malformed
            ],
        )
    con.execute(
        "insert into landed_sources values (?, ?, ?, ?, ?)",
        [source, spec.name, fingerprint, extracted.rows_read, run_id],
    )
    con.execute(f"drop table if exists {EXTRACT_TABLE}")
    log.info("source %s: %d rows read into %s", source, extracted.rows_read, spec.name)
    return LandedSource(source, spec.name, fingerprint, "loaded", extracted.rows_read)


def _mapped_columns(
    spec: TableSpec, mapping: Mapping, headers: set[str]
) -> tuple[list[str], list[str]]:
    """One select expression per canonical column, and the values they bind, in order.

    A constant is bound; a mapped column is read (empty when an optional column is absent);
    the source's own label spellings become canonical labels, other values stay as written.
    """
    selects: list[str] = []
    params: list[str] = []
    for column in spec.columns:
        if column in mapping.constants:
            selects.append("?")
            params.append(mapping.constants[column])
            continue
        header = normalise_header(mapping.header_for(column))
        if header not in headers:
            selects.append("''")
            continue
        expression = f"coalesce({_quote(header)}, '')"
        spellings = mapping.labels.get(column, {})
        if spellings:
            cases = " ".join("when ? then ?" for _ in spellings)
            expression = f"case label_key({expression}) {cases} else {expression} end"
            for spelling, canonical in spellings.items():
                params += [spelling, canonical]
        selects.append(expression)
    return selects, params


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _forget(con: duckdb.DuckDBPyConnection, source: str) -> None:
    for spec in TABLES.values():
        con.execute(f"delete from landed_{spec.name} where source = ?", [source])
    con.execute("delete from landed_malformed where source = ?", [source])
    con.execute("delete from landed_sources where source = ?", [source])
