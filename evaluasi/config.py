"""Every path and setting of a run, from one place: defaults, then `EVALUASI_*` variables.

Relative defaults are taken from the working directory, so that a checkout (or an agency's
working folder) holds its own `data/` (restricted: inbox, warehouse, rejected rows) and
`reports/` (published).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from evaluasi.errors import UserError

LANGUAGES = ("id", "en")
DEFAULT_MEMORY_LIMIT = "3GB"
DEFAULT_LOCK_WAIT_SECONDS = 600.0


def duckdb_memory_limit(environ: dict[str, str] | None = None) -> str:
    """How much memory DuckDB may use before it spills to disk: EVALUASI_MEMORY_LIMIT (`3GB`).

    Keeps a national-size load inside a 4 GB machine budget, whatever the machine's RAM.
    """
    env = os.environ if environ is None else environ
    return env.get("EVALUASI_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)


@dataclass(frozen=True)
class Settings:
    """Where a run reads from and writes to.

    `data_dir` is the restricted area: it holds personal data (NIPs in the inbox, the warehouse and
    rejected rows) and must never be published. `reports_dir` is what gets published.
    """

    data_dir: Path
    inbox: Path
    warehouse: Path
    reports_dir: Path
    lang: str = "id"
    sources: Path | None = None
    # How long a run waits for another run on the same warehouse to end before it gives up.
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS

    @property
    def sources_file(self) -> Path:
        """The source configuration: `sources` when set, else `sources.toml` in the inbox."""
        return self.sources if self.sources is not None else self.inbox / "sources.toml"

    @property
    def restricted_dir(self) -> Path:
        """Folder for exports that contain NIPs (rejected rows); inside the restricted data area."""
        return self.data_dir / "restricted"

    def with_overrides(self, **changes: Path | str | None) -> Settings:
        """A copy with the given fields replaced; `None` values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(cwd: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from defaults under `cwd` and the `EVALUASI_*` environment variables.

    EVALUASI_DATA_DIR (default `data`), EVALUASI_INBOX (default `<data>/inbox`), EVALUASI_WAREHOUSE
    (default `<data>/warehouse.duckdb`), EVALUASI_REPORTS (default `reports`), EVALUASI_LANG (`id`),
    EVALUASI_SOURCES (default `<inbox>/sources.toml`), EVALUASI_LOCK_WAIT (seconds a run waits
    for another run on the same warehouse, default 600).
    """
    base = Path.cwd() if cwd is None else cwd
    env = os.environ if environ is None else environ

    def path(name: str, default: Path) -> Path:
        value = env.get(name)
        return (base / value if value else default).resolve()

    data_dir = path("EVALUASI_DATA_DIR", base / "data")
    sources = env.get("EVALUASI_SOURCES")
    lang = env.get("EVALUASI_LANG", "id")
    if lang not in LANGUAGES:
        raise UserError("setting_choice", name="EVALUASI_LANG", value=lang, choices=LANGUAGES)
    return Settings(
        data_dir=data_dir,
        inbox=path("EVALUASI_INBOX", data_dir / "inbox"),
        warehouse=path("EVALUASI_WAREHOUSE", data_dir / "warehouse.duckdb"),
        reports_dir=path("EVALUASI_REPORTS", base / "reports"),
        lang=lang,
        sources=(base / sources).resolve() if sources else None,
        lock_wait_seconds=_seconds(env, "EVALUASI_LOCK_WAIT", DEFAULT_LOCK_WAIT_SECONDS),
    )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise UserError("setting_seconds", name=name, value=value)
    return seconds
