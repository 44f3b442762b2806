"""Shared fixtures: small canonical inboxes written from Python, and an isolated Prefect."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# Before Prefect is imported anywhere: no analytics, room for a slow temporary server.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

BROKEN_NIP = "1.96502071990022E+17"


def nip(serial: int, sex: int = 1) -> str:
    """A valid NIP: born 1985-03-12, appointed 2010-01, the given sex digit and serial."""
    return f"19850312201001{sex}{serial:03d}"


PROGRAMS = pd.DataFrame(
    {
        "program_id": ["P-A", "P-B", "P-C"],
        "name": ["Pelatihan Analisis Data", "Latsar CPNS Angkatan 1", "Pelatihan Kecil"],
        "type": ["TEKNIS", "LATSAR", "FUNGSIONAL"],
        "start_date": ["2026-07-06", "2026-04-06", "2026-08-03"],
        "end_date": ["2026-07-10", "2026-05-29", "2026-08-07"],
        "jp": ["40", "270", "24"],
        "cost_idr": ["150000000", "", "20000000"],
        "organizer": ["BPSDM", "BPSDM", "BPSDM"],
    }
)

# Knowledge-test scores (pre, post) per participant; P-C has 3 people (suppressed).
SCORES = {
    "P-A": [(55, 70), (60, 72.5), (48, 66), (70, 71), (65, 80), (52, 52), (58, 75), (61, 60)],
    "P-B": [
        (62, 64),
        (70, 69),
        (66, 71),
        (59, 63),
        (75, 74),
        (68, 72),
        (71, 70),
        (64, 66),
        (69, 75),
        (72, 71),
    ],
    "P-C": [(50, 60), (55, 58), (60, 70)],
}
# The Latsar programme also has a supervisor rating (1-5); its post comes in 2026Q3.
SUPERVISOR = [(3.2, 3.6), (3.5, 3.5), (2.8, 3.4), (3.9, 4.1), (3.0, 3.3), (3.6, 3.5)]


def score_rows() -> list[dict[str, str]]:
    rows = []
    serial = 1
    for program_id, pairs in SCORES.items():
        program = PROGRAMS.set_index("program_id").loc[program_id]
        for pre, post in pairs:
            person = nip(serial, sex=1 + serial % 2)
            serial += 1
            for phase, score, on in (
                ("pre", pre, program.start_date),
                ("post", post, program.end_date),
            ):
                rows.append(
                    {
                        "nip": person,
                        "program_id": program_id,
                        "instrument": "knowledge_test",
                        "phase": phase,
                        "score": str(score),
                        "assessed_on": on,
                        "group": "",
                    }
                )
    latsar = [r["nip"] for r in rows if r["program_id"] == "P-B" and r["phase"] == "pre"]
    for person, (pre, post) in zip(latsar, SUPERVISOR, strict=False):
        rows.append(
            {
                "nip": person,
                "program_id": "P-B",
                "instrument": "supervisor_rating",
                "phase": "pre",
                "score": str(pre),
                "assessed_on": "2026-04-01",
                "group": "",
            }
        )
        rows.append(
            {
                "nip": person,
                "program_id": "P-B",
                "instrument": "supervisor_rating",
                "phase": "post",
                "score": str(post),
                "assessed_on": "2026-08-31",
                "group": "",
            }
        )
    return rows


def write_inbox(folder: Path, scores: list[dict[str, str]] | None = None) -> Path:
    """A canonical inbox (programs, scores; default instruments) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    PROGRAMS.to_csv(folder / "programs.csv", index=False)
    pd.DataFrame(score_rows() if scores is None else scores).to_csv(
        folder / "scores.csv", index=False
    )
    return folder


def with_broken_row(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows plus one extra pre score whose NIP Excel stored as a number."""
    broken = dict(rows[0], nip=BROKEN_NIP, score="99")
    return [*rows[:1], broken, *rows[1:]]


@dataclass(frozen=True)
class Loaded:
    """What one load of an inbox left in the warehouse (as frames) and the ingest summary."""

    summary: object
    tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError as error:
            raise AttributeError(name) from error


def load_inbox(inbox: Path, warehouse_file: Path | None = None, run_id: str = "run-1") -> Loaded:
    """Run the ingest stage (no Prefect) on `inbox` into `warehouse_file` and read it back."""
    from evaluasi import warehouse
    from evaluasi.pipeline import load_sources
    from evaluasi.sources.catalog import load_catalog

    path = warehouse_file or inbox.parent / f"{inbox.name}.duckdb"
    with warehouse.connect(path) as con, warehouse.transaction(con):
        # Any inbox, however broken: the shrink guard is the run's business (test_evidence.py).
        summary = load_sources(
            con, inbox, load_catalog(inbox / "sources.toml"), run_id, allow_shrink=True
        )
    names = (
        "programs",
        "instruments",
        "participants",
        "scores",
        "performance",
        "performance_scores",
        "quarantine",
        "source_files",
        "landed_sources",
    )
    with warehouse.connect(path) as con:
        tables = {name: con.execute(f"select * from {name} order by all").df() for name in names}
    return Loaded(summary, tables)


def site_settings(root: Path, lang: str = "id") -> object:
    """Settings of an agency's working folder `root`: `inbox/`, `data/` (restricted, with the
    warehouse) and `reports/`."""
    from evaluasi.config import Settings

    return Settings(
        data_dir=root / "data",
        inbox=root / "inbox",
        warehouse=root / "data" / "warehouse.duckdb",
        reports_dir=root / "reports",
        lang=lang,
    )


def run_request(settings: object, **fields: object) -> object:
    """A request for a run over every period, with its run id and start time, as the flows
    make one; `fields` (lang, allow_shrink, run_id, ...) override."""
    import datetime as dt

    from evaluasi import pipeline
    from evaluasi.periods import parse_period

    now = dt.datetime.now(dt.UTC)
    values = {
        "settings": settings,
        "period": parse_period("all", dt.date(2026, 11, 23)),
        "flow": "test",
        "run_id": pipeline.new_run_id(now),
        "started_at": now,
        **fields,
    }
    return pipeline.RunRequest(**values)


@pytest.fixture
def con() -> Iterator[object]:
    """An in-memory DuckDB connection for the readers' tests."""
    import duckdb

    connection = duckdb.connect()
    yield connection
    connection.close()


def extract(con: object, path: Path, expected: tuple[str, ...] = ("nip",), **options: object):
    """Read `path` as a scores source into temp table `raw` (evaluasi.sources.files)."""
    from evaluasi.sources.files import extract_file

    return extract_file(
        con, path, source=path.name, table="scores", expected=list(expected), into="raw", **options
    )


def evaluate(inbox: Path, root: Path) -> pd.DataFrame:
    """Ingest `inbox` into a fresh warehouse under `root` and return the results table (no
    Prefect, every programme)."""
    import datetime as dt

    from evaluasi import pipeline
    from evaluasi.config import Settings
    from evaluasi.periods import parse_period

    settings = Settings(
        data_dir=root, inbox=inbox, warehouse=root / "w.duckdb", reports_dir=root / "reports"
    )
    load_inbox(inbox, settings.warehouse)
    request = pipeline.RunRequest(
        settings=settings, period=parse_period("all", dt.date(2026, 11, 23)), flow="test"
    )
    return pipeline.evaluate(request).results


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return write_inbox(tmp_path / "inbox")


@pytest.fixture(scope="session")
def prefect_harness():
    """An isolated temporary Prefect server and database for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


# An SMTP sink for the notification tests (test_notify.py, test_operations.py).


class Recorder:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield recorder, controller.port
    finally:
        controller.stop()


@pytest.fixture
def received(sink: tuple[Recorder, int]) -> list[Envelope]:
    recorder, _ = sink
    recorder.envelopes.clear()
    return recorder.envelopes
