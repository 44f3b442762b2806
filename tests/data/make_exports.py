"""Write the messy exports in `exports/` that tests/test_sources_files.py reads.

Each file imitates one way real BPSDM exports arrive: Excel's `;` CSV with decimal commas,
tab-separated text, a BOM, Windows-1252 and Latin-1 text, title rows above the header, quoted
line breaks, ragged rows, blank lines, a workbook with several sheets, and Parquet with typed
columns. The output is deterministic, byte for byte: run `python tests/data/make_exports.py`
after changing it and commit the files it writes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2026, 1, 1, 0, 0, 0)

# Valid NIPs: born 1985-03-12, appointed 2010-01, sex digit, serial.
NIP_1 = "198503122010011001"
NIP_2 = "198503122010011002"
NIP_3 = "198503122010012003"
# An 18-digit NIP that a spreadsheet stored as a number: only 15-17 digits survive.
NIP_AS_NUMBER = 196502071990022001

CSV_FILES: dict[str, tuple[str, str]] = {
    # name: (text, encoding); line ends are written exactly as given.
    "scores_semicolon.csv": (
        "nip;program_id;instrument;phase;score;assessed_on\r\n"
        f"{NIP_1};P-A;knowledge_test;pre;55,5;06/07/2026\r\n"
        f"{NIP_2};P-A;knowledge_test;post;72,25;10/07/2026\r\n"
        f"{NIP_3};P-A;knowledge_test;pre;1.234,5;46209\r\n",
        "utf-8",
    ),
    "scores_tab.csv": (
        "nip\tprogram_id\tinstrument\tphase\tscore\n"
        f"{NIP_1}\tP-A\tknowledge_test\tpre\t60,5\n"
        f"{NIP_2}\tP-A, angkatan 2\tknowledge_test\tpost\t70\n",
        "utf-8",
    ),
    "participants_bom.csv": (
        "\ufeffnip,name,unit\n"
        f'{NIP_1},"Sri Rahayu, S.Kom.",Bidang Pengembangan Kompetensi\n'
        f"{NIP_2},Ni Luh Putu Ayu,Sekretariat\n",
        "utf-8",
    ),
    "participants_cp1252.csv": (
        "nip;name;unit\r\n"
        f"{NIP_1};Ma\u2019ruf Hidayat;Anggaran \u20ac dan Rp\r\n"
        f"{NIP_2};Dewi Lestari;Sekretariat\r\n",
        "cp1252",
    ),
    "participants_latin1.csv": (
        f"nip,name\n{NIP_1},Jos\u00e9 da Costa\n{NIP_2},Andr\u00e9\n",
        "latin-1",
    ),
    # Title rows and a blank line above the header; the title has commas, so it has fields.
    "scores_title_rows.csv": (
        "REKAP NILAI PRE-TEST DAN POST-TEST\n"
        "Pelatihan Analisis Data, Angkatan I, Tahun 2026\n"
        "\n"
        "No,NIP,Kode Pelatihan,Instrumen,Fase,Nilai\n"
        f"1,{NIP_1},P-A,knowledge_test,pre,55\n"
        f"2,{NIP_1},P-A,knowledge_test,post,70\n"
        f"3,{NIP_2},P-A,knowledge_test,pre,48\n",
        "utf-8",
    ),
    "scores_quoted.csv": (
        "nip,program_id,instrument,phase,score,comment\n"
        f'{NIP_1},P-A,knowledge_test,pre,55,"hadir, tepat waktu"\n'
        f'{NIP_1},P-A,knowledge_test,post,70,"baris pertama\nbaris kedua ""dikutip"""\n'
        f"{NIP_2},P-A,knowledge_test,pre,60,\n",
        "utf-8",
    ),
    # Row 3 has an unquoted decimal comma (7 fields), row 5 stops early (4 fields).
    "scores_ragged.csv": (
        "nip,program_id,instrument,phase,score,assessed_on\n"
        f"{NIP_1},P-A,knowledge_test,pre,55,2026-07-06\n"
        f"{NIP_1},P-A,knowledge_test,post,70,5,2026-07-10\n"
        f"{NIP_2},P-A,knowledge_test,pre,60,2026-07-06\n"
        f"{NIP_2},P-A,knowledge_test,post\n"
        f"{NIP_3},P-A,knowledge_test,pre,58,2026-07-06\n",
        "utf-8",
    ),
    # Blank lines between records and at the end are not rows; `;;;;` is an empty row.
    "scores_blank_lines.csv": (
        "nip;program_id;instrument;phase;score\r\n"
        f"{NIP_1};P-A;knowledge_test;pre;55\r\n"
        "\r\n"
        "\r\n"
        f"{NIP_1};P-A;knowledge_test;post;70\r\n"
        "\r\n"
        ";;;;\r\n"
        f"{NIP_2};P-A;knowledge_test;pre;60\r\n"
        "\r\n"
        "\r\n",
        "utf-8",
    ),
    # A participants list saved as scores: the header lacks program_id, instrument, ...
    "scores_no_header.csv": (
        f"Daftar Peserta\nnip;nama\n{NIP_1};Sri Rahayu\n",
        "utf-8",
    ),
    "scores.txt": ("nip,program_id\n", "utf-8"),
}


def write_csvs(folder: Path) -> None:
    for name, (text, encoding) in CSV_FILES.items():
        (folder / name).write_bytes(text.encode(encoding))


def write_workbook(folder: Path) -> None:
    """Two data sheets (one with title rows) and a notes sheet without the header."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Angkatan 1"
    first.append(["REKAP NILAI PELATIHAN ANALISIS DATA"])
    first.append(["Angkatan 1"])
    first.append([])
    first.append(["NIP", "Kode Pelatihan", "Instrumen", "Fase", "Nilai", "Tanggal", "Hadir"])
    first.append([NIP_1, "P-A", "knowledge_test", "pre", 55, dt.datetime(2026, 7, 6), True])
    # What Excel keeps of an 18-digit number: a double, written as such in the XML.
    first.append(
        [float(NIP_AS_NUMBER), "P-A", "knowledge_test", "pre", 61.0, dt.date(2026, 7, 6), False]
    )
    first.append([])
    first.append(
        [f" {NIP_3} ", "P-A", "knowledge_test", "post", 72.5, dt.datetime(2026, 7, 10, 14, 30)]
    )
    first["A5"].number_format = "@"  # a NIP typed into a text-formatted cell
    second = workbook.create_sheet("Angkatan 2")
    second.append(["Fase", "NIP", "Kode Pelatihan", "Instrumen", "Nilai", "Tanggal", "Keterangan"])
    second.append(["pre", NIP_2, "P-B", "knowledge_test", 80.0, dt.datetime(2026, 4, 6), ""])
    second.append(["post", NIP_2, "P-B", "knowledge_test", 0.1, None, "susulan"])
    notes = workbook.create_sheet("Catatan")
    notes.append(["Data diambil dari SIMPEG, 1 Agustus 2026."])
    notes.append(["Nilai: 0-100"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (folder / "scores_workbook.xlsx").write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that every run writes the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T00:00:00Z",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return buffer.getvalue()


def write_parquet(folder: Path) -> None:
    """Typed columns: an int64 NIP, a double NIP, a DATE, TIMESTAMPs and a NULL."""
    path = (folder / "participants.parquet").as_posix().replace("'", "''")
    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
            SELECT * FROM (VALUES
                ({NIP_1}::BIGINT, {NIP_AS_NUMBER}::DOUBLE, DATE '1985-03-12',
                 TIMESTAMP '2026-07-06 08:30:00', TIMESTAMP '2026-07-06 00:00:00',
                 'Sri Rahayu', 72.5::DOUBLE),
                ({NIP_2}::BIGINT, NULL, DATE '1990-12-31',
                 NULL, TIMESTAMP '2026-07-10 00:00:00',
                 NULL, 70.0::DOUBLE)
            ) AS t("NIP", "NIP (angka)", "Tanggal Lahir", "Hadir Pada", "Tanggal Mulai",
                   "Nama", "Nilai")
        ) TO '{path}' (FORMAT parquet)
        """
    )
    con.close()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_csvs(folder)
    write_workbook(folder)
    write_parquet(folder)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "exports")
