"""The source configuration (`sources.toml`): which files and queries feed which canonical table.

With no configuration the inbox conventions of SPEC §3 apply: every `<table>*.csv`, `*.xlsx` and
`*.parquet` file in the inbox is a source of that table, its header names are the canonical
column names, and extra columns are ignored. A configuration adds sources with their own column
names, fixed values and label spellings; files it does not claim still follow the conventions.

```toml
[[sources]]
name = "skp_ekinerja"            # unique, shown in the ledger and on the data-quality page
table = "performance"            # a canonical table
files = "ekinerja/skp_*.xlsx"    # glob, relative to the inbox
sheet = "Rekap"                  # optional: only this sheet (default: every sheet with the header)
header_row = 4                   # optional: 1-based row of the header (default: found)
[sources.columns]                # canonical column = the source's header
nip = "NIP Pegawai"
period_end = "Periode"
value = "Predikat"
[sources.constants]              # canonical column = one value for every row
instrument = "skp_predikat"
[sources.labels.value]           # canonical label = the source's spellings
"Baik" = ["B", "baik sekali"]

[[sources]]
name = "lms"
table = "scores"
url = "postgresql+psycopg://monev@db.bpsdm.local/lms"  # no password here, ever
password_env = "EVALUASI_LMS_PASSWORD"  # or password_secret = "<Prefect Secret block>"
query = "select nip, kode as program_id, ... from nilai"
# url_env = "EVALUASI_LMS_URL" or url_secret = "<block>" give the whole URL instead

[performance.skp_predikat]       # pairing windows of a periodic instrument, in months
pre_window_months = 12           # pre: latest record at most this long before the start
post_after_months = 6            # post: first record at least this long after the end ...
post_window_months = 12          # ... and at most this much later than that
```
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluasi.sources.tables import TABLES

CONFIG_NAME = "sources.toml"
FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")


class ConfigError(Exception):
    """The source configuration is wrong; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Mapping:
    """How one source's columns and labels map onto its canonical table.

    `columns` maps a canonical column to the source's header (default: the canonical name);
    `constants` gives a canonical column one value for every row; `labels` maps, per canonical
    column, each source spelling (lower-case) to the canonical label.
    """

    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def header_for(self, column: str) -> str:
        """The source header that holds canonical `column`."""
        return self.columns.get(column, column)

    def digest(self) -> str:
        """A fingerprint of the mapping, so that changing it reloads the source."""
        text = json.dumps([self.columns, self.constants, self.labels], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FileSource:
    """Files matching `pattern` (a glob relative to the inbox) feed `table`."""

    name: str
    table: str
    pattern: str
    mapping: Mapping = field(default_factory=Mapping)
    sheet: str | None = None
    header_row: int | None = None


@dataclass(frozen=True)
class SqlSource:
    """A query against a database reachable by a SQLAlchemy URL feeds `table`.

    The URL comes from `url` (never with a password), `url_env` or `url_secret`; the password,
    if the URL has none, from `password_env` or `password_secret` (a Prefect Secret block).
    """

    name: str
    table: str
    query: str
    mapping: Mapping = field(default_factory=Mapping)
    url: str | None = None
    url_env: str | None = None
    url_secret: str | None = None
    password_env: str | None = None
    password_secret: str | None = None

    @property
    def source(self) -> str:
        """The name of this source in the ledger and the quarantine."""
        return f"sql:{self.name}"


@dataclass(frozen=True)
class PerformanceWindow:
    """Where pre and post records of a periodic instrument are looked for, in months."""

    pre_window_months: int = 12
    post_after_months: int = 3
    post_window_months: int = 12


@dataclass(frozen=True)
class Catalog:
    """Every configured source and pairing window; the conventions cover the rest."""

    files: tuple[FileSource, ...] = ()
    queries: tuple[SqlSource, ...] = ()
    windows: dict[str, PerformanceWindow] = field(default_factory=dict)
    path: Path | None = None

    def window(self, instrument: str) -> PerformanceWindow:
        return self.windows.get(instrument, PerformanceWindow())


def convention_sources() -> tuple[FileSource, ...]:
    """The inbox conventions as file sources: `<table>*.<suffix>` for every canonical table."""
    return tuple(
        FileSource(name=table, table=table, pattern=f"{table}*{suffix}")
        for table in TABLES
        for suffix in FILE_SUFFIXES
    )


def load_catalog(path: Path | None) -> Catalog:
    """Read a `sources.toml`; no file (or `None`) means the conventions alone."""
    if path is None or not path.is_file():
        return Catalog()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix the file") from error
    unknown = set(document) - {"sources", "performance"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown section {', '.join(sorted(unknown))}; "
            "only [[sources]] and [performance.<instrument>] are read"
        )
    files, queries = [], []
    names: set[str] = set()
    for index, entry in enumerate(document.get("sources", []), start=1):
        where = f"{path}: source #{index}"
        parsed = _source(entry, where)
        if parsed.name in names:
            raise ConfigError(f"{where}: the name {parsed.name!r} is used twice; make it unique")
        names.add(parsed.name)
        (files if isinstance(parsed, FileSource) else queries).append(parsed)
    windows = {
        instrument: _window(values, f"{path}: [performance.{instrument}]")
        for instrument, values in document.get("performance", {}).items()
    }
    return Catalog(tuple(files), tuple(queries), windows, path)


_FILE_KEYS = {"name", "table", "files", "sheet", "header_row", "columns", "constants", "labels"}
_SQL_KEYS = {
    "name",
    "table",
    "query",
    "url",
    "url_env",
    "url_secret",
    "password_env",
    "password_secret",
    "columns",
    "constants",
    "labels",
}


def _source(entry: dict[str, Any], where: str) -> FileSource | SqlSource:
    name = entry.get("name")
    table = entry.get("table")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f'{where}: give it a name = "..."')
    where = f"{where} ({name})"
    if table not in TABLES:
        raise ConfigError(f"{where}: table must be one of {', '.join(TABLES)}, not {table!r}")
    is_sql = "query" in entry
    allowed = _SQL_KEYS if is_sql else _FILE_KEYS
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    mapping = _mapping(entry, table, where)
    if is_sql:
        return _sql_source(entry, name, table, mapping, where)
    if not isinstance(entry.get("files"), str):
        raise ConfigError(f'{where}: give files = "<glob relative to the inbox>" or a query')
    header_row = entry.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise ConfigError(f"{where}: header_row is a row number from 1")
    return FileSource(name, table, entry["files"], mapping, entry.get("sheet"), header_row)


def _sql_source(
    entry: dict[str, Any], name: str, table: str, mapping: Mapping, where: str
) -> SqlSource:
    url_keys = [key for key in ("url", "url_env", "url_secret") if entry.get(key)]
    if len(url_keys) != 1:
        raise ConfigError(f"{where}: give exactly one of url, url_env, url_secret")
    url = entry.get("url")
    if url is not None and _has_password(url):
        raise ConfigError(
            f"{where}: the url holds a password; remove it and set password_env (an environment "
            "variable) or password_secret (a Prefect Secret block) instead"
        )
    if entry.get("password_env") and entry.get("password_secret"):
        raise ConfigError(f"{where}: give password_env or password_secret, not both")
    return SqlSource(
        name=name,
        table=table,
        query=entry["query"],
        mapping=mapping,
        url=url,
        url_env=entry.get("url_env"),
        url_secret=entry.get("url_secret"),
        password_env=entry.get("password_env"),
        password_secret=entry.get("password_secret"),
    )


def _has_password(url: str) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password is not None
    except ArgumentError as error:
        raise ConfigError(f"{url!r} is not a SQLAlchemy URL ({error})") from error


def _mapping(entry: dict[str, Any], table: str, where: str) -> Mapping:
    spec = TABLES[table]
    columns = entry.get("columns", {})
    constants = entry.get("constants", {})
    labels = entry.get("labels", {})
    for section, values in (("columns", columns), ("constants", constants), ("labels", labels)):
        unknown = set(values) - set(spec.columns)
        if unknown:
            raise ConfigError(
                f"{where}: [{section}] names {', '.join(sorted(unknown))}, which {table} does not "
                f"have; its columns are {', '.join(spec.columns)}"
            )
    both = set(columns) & set(constants)
    if both:
        raise ConfigError(f"{where}: {', '.join(sorted(both))} is both a column and a constant")
    spellings: dict[str, dict[str, str]] = {}
    for column, table_of_labels in labels.items():
        spellings[column] = {}
        for canonical, variants in table_of_labels.items():
            for variant in [variants] if isinstance(variants, str) else variants:
                spellings[column][" ".join(str(variant).split()).lower()] = canonical
    return Mapping(
        columns={k: str(v) for k, v in columns.items()},
        constants={k: str(v) for k, v in constants.items()},
        labels=spellings,
    )


def _window(values: dict[str, Any], where: str) -> PerformanceWindow:
    defaults = PerformanceWindow()
    unknown = set(values) - set(defaults.__dataclass_fields__)
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    window = PerformanceWindow(**values)
    for key, value in vars(window).items():
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}: {key} is a whole number of months, not {value!r}")
    return window
