"""Ingest benchmark: a national-size inbox (10 million score rows) as CSV and as Parquet.

Generates the inbox with DuckDB (1,000 programmes x 2,500 participants x 2 instruments x pre and
post, about 2% messy rows), then runs each ingest stage on a fresh warehouse and prints, from one
run, the wall time and the peak resident memory of the process during each stage. Targets (issue
3): the whole ingest under 90 s and under 4 GB on a 2-core machine.

    .venv/bin/python benchmarks/ingest.py [--rows 10000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from evaluasi import warehouse
from evaluasi.ledger import record_ledger
from evaluasi.pairing import derive_performance_scores
from evaluasi.sources.catalog import Catalog
from evaluasi.sources.landing import land_sources
from evaluasi.validation.contract import check_contract
from evaluasi.validation.stage import rebuild_canonical

PEOPLE_PER_PROGRAM = 2_500


class PeakMemory:
    """Samples this process's resident memory every 20 ms; `peak()` since the last `reset()`."""

    def __init__(self) -> None:
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._peak = max(self._peak, _rss_bytes())
            time.sleep(0.02)

    def reset(self) -> None:
        self._peak = _rss_bytes()

    def peak(self) -> int:
        return max(self._peak, _rss_bytes())


def _rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def generate(folder: Path, rows: int) -> None:
    """programs.csv, and scores as scores.csv or scores.parquet (the same rows), in `folder`."""
    programs = max(1, rows // (PEOPLE_PER_PROGRAM * 4))
    con = duckdb.connect()
    con.execute(f"set temp_directory = '{folder / 'tmp'}'")
    con.execute(
        """
        create table programs as
        select
            'PRG-' || lpad(i::varchar, 4, '0') as program_id,
            'Pelatihan ' || i as name,
            (['PKP', 'PKA', 'LATSAR', 'TEKNIS', 'FUNGSIONAL'])[1 + i % 5] as type,
            date '2025-01-06' + (i % 300)::integer as start_date,
            date '2025-01-10' + (i % 300)::integer as end_date,
            40 as jp
        from range(?) as r(i)
        """,
        [programs],
    )
    # A valid NIP per person: birth date, appointment year/month, sex digit, serial; about 2% of
    # rows are messy (a NIP stored as a number, a score out of scale, an unknown phase).
    con.execute(
        f"""
        create table scores as
        with people as (
            select p.program_id, p.start_date, p.end_date, k
            from programs as p, range({PEOPLE_PER_PROGRAM}) as r(k)
        ),
        rows as (
            select
                program_id, k, instrument, phase,
                case when phase = 'pre' then start_date else end_date end as assessed_on,
                hash(program_id, k, instrument, phase) as h
            from people,
                (values ('knowledge_test'), ('supervisor_rating')) as i(instrument),
                (values ('pre'), ('post')) as ph(phase)
        )
        select
            case when h % 100 = 0 then '1.96502071990022E+17'
                else strftime(date '1970-01-01' + (h % 12000)::integer, '%Y%m%d')
                    || '2010' || lpad((1 + h % 12)::varchar, 2, '0') || (1 + h % 2)::varchar
                    || lpad((k % 1000)::varchar, 3, '0') end as nip,
            program_id,
            instrument,
            case when h % 100 = 1 then 'tengah' else phase end as phase,
            case when h % 100 = 2 then '150'
                when instrument = 'knowledge_test' then (40 + h % 60)::varchar
                else replace(round(1 + (h % 400) / 100.0, 1)::varchar, '.', ',') end as score,
            strftime(assessed_on, '%d/%m/%Y') as assessed_on
        from rows
        """
    )
    con.execute(f"copy programs to '{folder / 'programs.csv'}' (header)")
    con.execute(f"copy scores to '{folder / 'scores.csv'}' (header, delimiter ';')")
    con.execute(f"copy scores to '{folder / 'scores.parquet'}' (format parquet)")
    con.close()
    shutil.rmtree(folder / "tmp", ignore_errors=True)


def run(inbox: Path, work: Path, label: str, memory: PeakMemory) -> list[tuple[str, float, int]]:
    """Ingest `inbox` into a fresh warehouse, stage by stage; (stage, seconds, peak bytes)."""
    timings: list[tuple[str, float, int]] = []

    def stage(name: str, action: Callable[[], object]) -> object:
        memory.reset()
        start = time.perf_counter()
        result = action()
        timings.append((f"{label}: {name}", time.perf_counter() - start, memory.peak()))
        return result

    path = work / f"{label}.duckdb"
    path.unlink(missing_ok=True)
    catalog = Catalog()
    with warehouse.connect(path) as con, warehouse.transaction(con):
        landed = stage("read (land)", lambda: land_sources(con, inbox, catalog, "bench"))
        stage("validate (SQL rules)", lambda: rebuild_canonical(con, "bench", "id"))
        stage("contract (GX)", lambda: check_contract(con, "bench"))
        stage("pair performance", lambda: derive_performance_scores(con, {}))
        stage("ledger", lambda: record_ledger(con, "bench", landed))
    total = sum(seconds for _, seconds, _ in timings)
    timings.append((f"{label}: whole ingest", total, max(peak for _, _, peak in timings)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="evaluasi-bench-"))
    source = base / "generated"
    if not (source / "scores.parquet").exists():
        source.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        generate(source, args.rows)
        print(f"generated {args.rows:,} score rows in {time.perf_counter() - started:.1f} s")
    memory = PeakMemory()
    results = []
    for suffix in ("csv", "parquet"):
        inbox = base / f"inbox-{suffix}"
        shutil.rmtree(inbox, ignore_errors=True)
        inbox.mkdir()
        shutil.copy(source / "programs.csv", inbox / "programs.csv")
        (inbox / f"scores.{suffix}").symlink_to(source / f"scores.{suffix}")
        results += run(inbox, base, suffix, memory)
    print(f"\n{'stage':<34} {'seconds':>9} {'peak RSS (GB)':>14}")
    for name, seconds, peak in results:
        print(f"{name:<34} {seconds:>9.1f} {peak / 1e9:>14.2f}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
