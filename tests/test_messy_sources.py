"""The same data as a clean canonical inbox and as messy real-world exports gives identical results.

The messy side spreads the conftest inbox over what agencies really have: programmes as a
Windows-1252 CSV with `;`, decimal commas, Indonesian thousands and DD/MM/YYYY dates; one
programme's scores in an e-learning XLSX export with title rows, its own column names and phase
labels, real Excel dates and NIPs typed with spaces; one in a Parquet file; one in a PostgreSQL
table read by a configured query. Bad rows (a NIP Excel stored as a number, an exact duplicate)
are quarantined and change nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import sqlalchemy
from conftest import PROGRAMS, evaluate, load_inbox, score_rows, write_inbox
from openpyxl import Workbook
from services import connect

from evaluasi.results import SPEC_COLUMNS

PHASE_LABELS = {"pre": "Sebelum", "post": "Sesudah"}


def write_programs_cp1252(folder: Path) -> None:
    lines = ["program_id;name;type;start_date;end_date;jp;cost_idr;organizer"]
    for p in PROGRAMS.itertuples():
        start = dt.date.fromisoformat(p.start_date).strftime("%d/%m/%Y")
        end = dt.date.fromisoformat(p.end_date).strftime("%d/%m/%Y")
        cost = f"{int(p.cost_idr):,}".replace(",", ".") if p.cost_idr else ""
        lines.append(
            f"{p.program_id};{p.name};{p.type};{start};{end};{p.jp},0;{cost};{p.organizer}"
        )
    text = "\r\n".join(lines) + "\r\n"
    (folder / "programs_export.csv").write_bytes(text.encode("cp1252"))


def spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def write_lms_workbook(folder: Path, rows: list[dict[str, str]]) -> None:
    """An LMS export: two title rows, Indonesian headers, labels, decimal commas, Excel dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Nilai Peserta"
    sheet.append(["Rekap Nilai Pre-test dan Post-test"])
    sheet.append(["BPSDM Provinsi Contoh, dicetak 2026-11-01"])
    sheet.append(["No", "NIP", "Kode Diklat", "Jenis Tes", "Tahap", "Nilai", "Tanggal Tes"])
    for number, row in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                spaced(row["nip"]),
                row["program_id"],
                row["instrument"],
                PHASE_LABELS[row["phase"]],
                row["score"].replace(".", ","),
                dt.datetime.fromisoformat(row["assessed_on"]),
            ]
        )
    # An exact copy of the first data row, and a NIP that Excel stored as a number.
    sheet.append([len(rows) + 1, *[cell.value for cell in sheet[4][1:]]])
    sheet.append([len(rows) + 2, 1.96502071990022e17, "P-A", "knowledge_test", "Sebelum", "50"])
    book.save(folder / "lms_export.xlsx")


def write_parquet(folder: Path, rows: list[dict[str, str]]) -> None:
    frame = pd.DataFrame(rows).assign(
        phase=lambda f: f["phase"] + "-test",
        score=lambda f: f["score"].astype(float),
        assessed_on=lambda f: pd.to_datetime(f["assessed_on"]).dt.date,
    )
    with duckdb.connect() as con:
        con.register("frame", frame)
        con.execute(f"copy frame to '{folder / 'scores_pc.parquet'}' (format parquet)")


@pytest.fixture
def postgres_scores():
    """A table in the real PostgreSQL server; yields its name and drops it afterwards."""
    service = connect("postgresql")
    table = f"nilai_{uuid.uuid4().hex[:8]}"
    yield service, table
    with service.engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"drop table if exists {table}"))


def write_postgres(service, table: str, rows: list[dict[str, str]]) -> None:
    with service.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                f"create table {table} (nip_pegawai varchar(18), kode varchar(20), "
                "instrumen varchar(40), tahap varchar(10), nilai numeric(6, 2), tanggal date)"
            )
        )
        connection.execute(
            sqlalchemy.text(f"insert into {table} values (:n, :p, :i, :t, :v, :d)"),
            [
                {
                    "n": r["nip"],
                    "p": r["program_id"],
                    "i": r["instrument"],
                    "t": "awal" if r["phase"] == "pre" else "akhir",
                    "v": r["score"],
                    "d": dt.date.fromisoformat(r["assessed_on"]),
                }
                for r in rows
            ],
        )


def write_config(folder: Path, service, table: str) -> None:
    url = service.url.render_as_string(hide_password=False)
    (folder / "sources.toml").write_text(
        f"""
[[sources]]
name = "lms"
table = "scores"
files = "lms_*.xlsx"
[sources.columns]
nip = "NIP"
program_id = "Kode Diklat"
instrument = "Jenis Tes"
phase = "Tahap"
score = "Nilai"
assessed_on = "Tanggal Tes"

[[sources]]
name = "simpeg"
table = "scores"
url = "{url}"
query = "select nip_pegawai, kode, instrumen, tahap, nilai, tanggal from {table}"
[sources.columns]
nip = "nip_pegawai"
program_id = "kode"
instrument = "instrumen"
phase = "tahap"
score = "nilai"
assessed_on = "tanggal"
[sources.labels.phase]
pre = ["awal"]
post = ["akhir"]
""",
        encoding="utf-8",
    )


def test_messy_exports_give_the_same_results_as_the_clean_inbox(tmp_path, postgres_scores):
    service, table = postgres_scores
    clean = evaluate(write_inbox(tmp_path / "clean" / "inbox"), tmp_path / "clean")

    rows = score_rows()
    by_program = {p: [r for r in rows if r["program_id"] == p] for p in ("P-A", "P-B", "P-C")}
    messy = tmp_path / "messy" / "inbox"
    messy.mkdir(parents=True)
    write_programs_cp1252(messy)
    write_lms_workbook(messy, by_program["P-A"])
    write_postgres(service, table, by_program["P-B"])
    write_parquet(messy, by_program["P-C"])
    write_config(messy, service, table)

    results = evaluate(messy, tmp_path / "messy")
    pd.testing.assert_frame_equal(results[SPEC_COLUMNS], clean[SPEC_COLUMNS], check_exact=True)
    assert results["program_name"].tolist() == clean["program_name"].tolist()

    loaded = load_inbox(messy, tmp_path / "messy" / "w.duckdb", run_id="again")
    ledger = loaded.source_files.query("run_id == 'again'").set_index("source")
    assert set(ledger["status"]) == {"unchanged"}
    assert ledger.loc["sql:simpeg", "rows_read"] == len(by_program["P-B"])
    assert ledger.loc["lms_export.xlsx", "rows_quarantined"] == 2
    reasons = loaded.quarantine.set_index("source_row")["reason"].to_dict()
    first_data_row, last = 4, 4 + len(by_program["P-A"])
    assert reasons == {last: "duplicate_row", last + 1: "nip_stored_as_number"}
    assert first_data_row in set(loaded.scores["source_row"])
