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

What is refused, with a ConfigError naming the file, the source and the setting: anything but
the keys above, values of the wrong kind (a label spelling must be text, `pre = ["1"]`, not
`pre = 1`), a password in `url`, a `url` SQLAlchemy cannot read (never echoed: it may hold a
password), and a `files` glob that could reach outside the inbox: absolute (`/data/*.csv`) or
climbing out with `..`. The readers also refuse files a glob reaches through a link that leads
outside the inbox (`landing`).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from evaluasi.errors import UserError
from evaluasi.sources.tables import TABLES

CONFIG_NAME = "sources.toml"
FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")


class ConfigError(UserError):
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
        raise ConfigError("config_not_toml", file=path, reason=str(error)) from error
    unknown = set(document) - {"sources", "performance"}
    if unknown:
        raise ConfigError("config_unknown_section", file=path, sections=sorted(unknown))
    entries = document.get("sources", [])
    if not isinstance(entries, list) or not all(isinstance(item, dict) for item in entries):
        raise ConfigError("config_sources_not_tables", file=path)
    files, queries = [], []
    names: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        parsed = _source(entry, _Where(path, index))
        if parsed.name in names:
            raise ConfigError("config_name_twice", file=path, index=index, name=parsed.name)
        names.add(parsed.name)
        (files if isinstance(parsed, FileSource) else queries).append(parsed)
    performance = document.get("performance", {})
    if not isinstance(performance, dict) or not all(
        isinstance(values, dict) for values in performance.values()
    ):
        raise ConfigError("config_performance_not_tables", file=path)
    windows = {
        instrument: _window(values, path, instrument) for instrument, values in performance.items()
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
_TEXT_KEYS = ("sheet", "query", "url", "url_env", "url_secret", "password_env", "password_secret")


@dataclass(frozen=True)
class _Where:
    """Which entry of which file a message is about: `source #2 (lms)`."""

    path: Path
    index: int
    name: str = ""

    def fields(self) -> dict[str, object]:
        return {"file": self.path, "source": f"#{self.index} ({self.name})"}

    def error(self, key: str, **fields: object) -> ConfigError:
        return ConfigError(key, **self.fields(), **fields)


def _source(entry: dict[str, Any], where: _Where) -> FileSource | SqlSource:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("config_source_name", file=where.path, index=where.index)
    where = _Where(where.path, where.index, name)
    table = entry.get("table")
    if not isinstance(table, str) or table not in TABLES:
        raise where.error("config_table", tables=", ".join(TABLES), given=repr(table))
    is_sql = "query" in entry
    unknown = set(entry) - (_SQL_KEYS if is_sql else _FILE_KEYS)
    if unknown:
        raise where.error("config_unknown_key", keys=sorted(unknown))
    for key in _TEXT_KEYS:
        if key in entry and not isinstance(entry[key], str):
            raise where.error("config_not_text", setting=key)
    mapping = _mapping(entry, table, where)
    if is_sql:
        return _sql_source(entry, name, table, mapping, where)
    pattern = entry.get("files")
    if not isinstance(pattern, str) or not pattern.strip():
        raise where.error("config_files_missing")
    _check_pattern(pattern, where)
    header_row = entry.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise where.error("config_header_row")
    return FileSource(name, table, pattern, mapping, entry.get("sheet"), header_row)


def _check_pattern(pattern: str, where: _Where) -> None:
    """Refuse a glob that could reach outside the inbox: absolute, or climbing with `..`.

    Both spellings of a path count: a Windows drive or backslash is as absolute as a slash.
    """
    windows = PureWindowsPath(pattern)
    if PurePosixPath(pattern).is_absolute() or windows.drive or windows.root:
        raise where.error("config_files_absolute", pattern=pattern)
    if ".." in windows.parts:  # Windows paths split on both / and \
        raise where.error("config_files_parent", pattern=pattern)


def _sql_source(
    entry: dict[str, Any], name: str, table: str, mapping: Mapping, where: _Where
) -> SqlSource:
    url_keys = [key for key in ("url", "url_env", "url_secret") if entry.get(key)]
    if len(url_keys) != 1:
        raise where.error("config_url_count")
    url = entry.get("url")
    if url is not None and _has_password(url, where):
        raise where.error("config_url_password")
    if entry.get("password_env") and entry.get("password_secret"):
        raise where.error("config_password_both")
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


def _has_password(url: str, where: _Where) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    failed = False
    try:
        return make_url(url).password is not None
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        failed = True
    # Raised outside the except block: SQLAlchemy's error may quote the URL, password and all.
    if failed:
        raise where.error("config_url_unparseable")
    return False


def _mapping(entry: dict[str, Any], table: str, where: _Where) -> Mapping:
    spec = TABLES[table]
    sections = {}
    for section in ("columns", "constants", "labels"):
        values = entry.get(section, {})
        if not isinstance(values, dict):
            raise where.error("config_not_a_table", section=section)
        unknown = set(values) - set(spec.columns)
        if unknown:
            raise where.error(
                "config_unknown_column",
                section=section,
                unknown=sorted(unknown),
                table=table,
                columns=", ".join(spec.columns),
            )
        sections[section] = values
    columns, constants, labels = sections["columns"], sections["constants"], sections["labels"]
    for section, values in (("columns", columns), ("constants", constants)):
        for column, value in values.items():
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise where.error("config_not_text", setting=f"{section}.{column}")
    both = set(columns) & set(constants)
    if both:
        raise where.error("config_column_and_constant", columns=sorted(both))
    return Mapping(
        columns={k: str(v) for k, v in columns.items()},
        constants={k: str(v) for k, v in constants.items()},
        labels={column: _spellings(column, values, where) for column, values in labels.items()},
    )


def _spellings(column: str, labels: object, where: _Where) -> dict[str, str]:
    """{source spelling (lower-case, single spaces): canonical label} of one column."""
    if not isinstance(labels, dict):
        raise where.error("config_labels_not_a_table", column=column)
    spellings: dict[str, str] = {}
    for canonical, variants in labels.items():
        listed = [variants] if isinstance(variants, str) else variants
        if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
            raise where.error("config_label_spellings", column=column, label=canonical)
        for variant in listed:
            spellings[" ".join(variant.split()).lower()] = canonical
    return spellings


def _window(values: dict[str, Any], path: Path, instrument: str) -> PerformanceWindow:
    defaults = PerformanceWindow()
    unknown = set(values) - set(defaults.__dataclass_fields__)
    if unknown:
        raise ConfigError(
            "config_window_unknown_key", file=path, instrument=instrument, keys=sorted(unknown)
        )
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError("config_window_months", file=path, instrument=instrument, setting=key)
    return PerformanceWindow(**values)
