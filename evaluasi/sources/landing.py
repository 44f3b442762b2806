"""Land every source's rows, as text, in the warehouse's `landed_*` tables: incrementally.

A source is a file in the inbox or a configured query. Its fingerprint (the bytes of a file or
the rows of a query, plus its mapping) decides what happens: an unchanged source is not read
again; a changed one replaces its own earlier landed rows and nothing else; a source that is gone
loses its rows. Validation then rebuilds the canonical tables from everything landed, so a row
fixed in one file and a programme added in another are judged together.

The caller holds the transaction: if any source cannot be read, nothing changes.

The inbox is a boundary. Configured globs cannot leave it (`catalog` refuses absolute ones and
`..`), and a file a glob finds through a link, or inside a linked folder anywhere along its
path, that resolves outside the inbox is refused with a SourceError naming it, not skipped:
skipping would quietly drop a source the user meant to load, and refusing reads nothing from
outside either way. Files no source claims are listed by `unclaimed_files`, so that nothing in
the inbox is ignored without a word.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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
from evaluasi.sources.files import check_header, extract_file, file_fingerprint
from evaluasi.sources.tables import TABLES, TableSpec

log = logging.getLogger(__name__)

EXTRACT_TABLE = "extracted"
# Files Windows and macOS leave in shared folders; not exports, and not worth a warning.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


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
    Raises SourceError for a claimed file that is a broken link or leads outside the inbox
    (see the module docstring).
    """
    if not inbox.is_dir():
        raise SourceError("inbox_missing", inbox=inbox)
    root = inbox.resolve()
    units: dict[Path, FileUnit] = {}
    for entry in (*catalog.files, *convention_sources()):
        for path in _matches(inbox, entry.pattern):
            if path in units or _ignored(path):
                continue
            relative = path.relative_to(inbox).as_posix()
            if path.is_symlink() and not path.exists():
                raise SourceError("inbox_broken_link", file=relative)
            if not path.is_file():
                continue
            if not path.resolve().is_relative_to(root):
                raise SourceError("inbox_link_outside", file=relative)
            units[path] = FileUnit(path, relative, entry)
    return sorted(units.values(), key=lambda unit: unit.relative)


def _matches(inbox: Path, pattern: str) -> list[Path]:
    """The paths `pattern` matches in `inbox`. `catalog` refuses absolute patterns and `..`;
    this refuses them again for a Catalog built in code."""
    parts = PurePosixPath(pattern.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts:
        raise SourceError("inbox_pattern_outside", pattern=pattern)
    return sorted(inbox.glob(pattern))


def _ignored(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "~$")) or name == CONFIG_NAME or name.lower() in _SYSTEM_FILES


def unclaimed_files(inbox: Path, catalog: Catalog) -> list[str]:
    """Inbox-relative paths of the files no source claims, sorted; without reading them.

    Looked at: the top of the inbox (where the conventions look) and every folder a configured
    glob looks into (the folder its pattern names before the first wildcard, and the folders
    under it when the pattern goes on into subfolders). A folder at the top that no glob looks
    into is listed once, as `name/`, rather than file by file: its files are ignored too.
    Hidden files and folders, Office lock files (`~$...`), Windows' Thumbs.db and desktop.ini
    and sources.toml are never listed.
    """
    if not inbox.is_dir():
        return []
    entries = (*catalog.files, *convention_sources())
    claimed = {path for entry in entries for path in _claimed(inbox, entry.pattern)}
    looked = [(inbox, False), *_looked_into(inbox, catalog)]
    found = {
        path.relative_to(inbox).as_posix()
        for folder, recursive in looked
        for path in _files(folder, recursive)
        if path not in claimed
    }
    for child in inbox.iterdir():
        if child.is_dir() and not _ignored(child) and not _covered(child, looked):
            found.add(f"{child.name}/")
    return sorted(found)


def _covered(child: Path, looked: list[tuple[Path, bool]]) -> bool:
    """Whether some glob looks into folder `child` (or a folder in it, or all below it)."""
    return any(
        child == folder or child in folder.parents or (recursive and folder in child.parents)
        for folder, recursive in looked
    )


def _claimed(inbox: Path, pattern: str) -> list[Path]:
    try:
        return _matches(inbox, pattern)
    except SourceError:  # check_sources refuses it; here it simply claims nothing
        return []


def _looked_into(inbox: Path, catalog: Catalog) -> list[tuple[Path, bool]]:
    """(folder, recursive) for every configured glob that looks below the top of the inbox."""
    looked = []
    for entry in catalog.files:
        parts = PurePosixPath(entry.pattern.replace("\\", "/")).parts
        literal = []
        for part in parts[:-1]:
            if any(char in part for char in "*?["):
                break
            literal.append(part)
        if ".." in parts or (parts and parts[0] == "/"):
            continue
        recursive = len(literal) < len(parts) - 1
        if literal or recursive:
            looked.append((inbox.joinpath(*literal), recursive))
    return looked


def _files(folder: Path, recursive: bool) -> Iterator[Path]:
    """The files in `folder` (and its subfolders), skipping hidden and ignored ones."""
    if not folder.is_dir():
        return
    for child in sorted(folder.iterdir()):
        if _ignored(child):
            continue
        if child.is_file():
            yield child
        elif recursive and child.is_dir():
            yield from _files(child, recursive)


def check_sources(inbox: Path, catalog: Catalog) -> list[FileUnit]:
    """The inbox files to read, after checking (without reading them) that every mandatory
    table has a source. Raises SourceError naming what is missing and where to put it.
    Logs a warning for every file in the inbox that no source claims."""
    units = discover_files(inbox, catalog)
    for name in unclaimed_files(inbox, catalog):
        log.warning("%s in the inbox matches no source and is not read", name)
    tables = {unit.entry.table for unit in units} | {entry.table for entry in catalog.queries}
    missing = [spec.name for spec in TABLES.values() if spec.mandatory and spec.name not in tables]
    if missing:
        raise SourceError(
            "sources_missing_table",
            tables=", ".join(missing),
            files=", ".join(f"{name}.csv" for name in missing),
            inbox=inbox,
        )
    return units


def check_headers(inbox: Path, catalog: Catalog) -> None:
    """Check every inbox file as `land_sources` will read it, from what finding its header
    takes (see `files.check_header`): raises the SourceError the full read would raise for a
    file that is not what its name says, a sheet that is not there, or a header that is absent,
    too wide or repeated where the mapping reads it. Queries are not run: `load_catalog` has
    checked their configuration."""
    for unit in discover_files(inbox, catalog):
        spec = TABLES[unit.entry.table]
        check_header(
            unit.path,
            expected=_expected_headers(spec, unit.entry.mapping),
            sheet=unit.entry.sheet,
            header_row=unit.entry.header_row,
            reads=_read_headers(spec, unit.entry.mapping),
        )


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
        reads=_read_headers(spec, entry.mapping),
    )
    return _replace(con, extracted, spec, entry.mapping, fingerprint, run_id)


def _land_query(
    con: duckdb.DuckDBPyConnection,
    entry: SqlSource,
    known: dict[str, str],
    run_id: str,
    environ: MappingType[str, str] | None,
) -> LandedSource:
    reads = _read_headers(TABLES[entry.table], entry.mapping)
    extracted = extract_query(con, entry, into=EXTRACT_TABLE, environ=environ, reads=reads)
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


def _read_headers(spec: TableSpec, mapping: Mapping) -> dict[str, str]:
    """Every header the mapping reads (normalised), with the canonical column it gives."""
    return {
        normalise_header(mapping.header_for(column)): column
        for column in spec.columns
        if column not in mapping.constants
    }


def _require_headers(
    con: duckdb.DuckDBPyConnection, extracted: Extracted, spec: TableSpec, mapping: Mapping
) -> None:
    headers = _headers(con)
    missing = [name for name in _expected_headers(spec, mapping) if name not in headers]
    if missing:
        raise SourceError(
            "sql_column_missing",
            source=extracted.source,
            columns=", ".join(missing),
            found=", ".join(sorted(headers)),
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
