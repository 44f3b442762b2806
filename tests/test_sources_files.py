"""File readers: messy CSV, XLSX and Parquet exports land in DuckDB as exact text with rows.

The exports are in tests/data/exports, written by tests/data/make_exports.py.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

import duckdb
import pytest

from evaluasi.sources.extract import MalformedRow, SourceError
from evaluasi.sources.files import extract_file, file_fingerprint
from evaluasi.sources.xlsx_reader import cell_text

DATA = Path(__file__).parent / "data"
EXPORTS = DATA / "exports"
NIP_1 = "198503122010011001"
NIP_2 = "198503122010011002"
NIP_3 = "198503122010012003"
SCORES = ["nip", "program_id", "instrument", "phase", "score"]
WORKBOOK = ["nip", "kode pelatihan", "instrumen", "fase", "nilai"]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def extract(con, path, expected, **options):
    return extract_file(
        con, path, source=path.name, table="scores", expected=expected, into="raw", **options
    )


def columns(con) -> list[str]:
    return [row[0] for row in con.execute("DESCRIBE raw").fetchall()]


def rows(con, *names: str) -> list[tuple]:
    selected = ", ".join(f'"{name}"' for name in names)
    return con.execute(f"SELECT {selected} FROM raw ORDER BY sheet, source_row").fetchall()


def test_fingerprint_is_sha256_of_the_bytes():
    path = EXPORTS / "participants_cp1252.csv"
    assert file_fingerprint(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_semicolon_separator_keeps_decimal_commas_and_dates_as_written(con):
    result = extract(con, EXPORTS / "scores_semicolon.csv", SCORES)
    assert columns(con) == [*SCORES, "assessed_on", "sheet", "source_row"]
    assert rows(con, "nip", "score", "assessed_on", "sheet", "source_row") == [
        (NIP_1, "55,5", "06/07/2026", "", 2),
        (NIP_2, "72,25", "10/07/2026", "", 3),
        (NIP_3, "1.234,5", "46209", "", 4),
    ]
    assert result.rows_read == 3
    assert result.malformed == ()
    assert result.relation == "raw"
    assert result.source == "scores_semicolon.csv"
    assert result.table == "scores"


def test_tab_separated(con):
    extract(con, EXPORTS / "scores_tab.csv", SCORES)
    assert rows(con, "nip", "program_id", "score", "source_row") == [
        (NIP_1, "P-A", "60,5", 2),
        (NIP_2, "P-A, angkatan 2", "70", 3),
    ]


def test_utf8_with_bom(con):
    extract(con, EXPORTS / "participants_bom.csv", ["nip", "name"])
    assert columns(con)[:3] == ["nip", "name", "unit"]
    assert rows(con, "nip", "name", "source_row") == [
        (NIP_1, "Sri Rahayu, S.Kom.", 2),
        (NIP_2, "Ni Luh Putu Ayu", 3),
    ]


def test_cp1252_is_transcoded_and_the_fingerprint_is_of_the_original(con):
    path = EXPORTS / "participants_cp1252.csv"
    result = extract(con, path, ["nip", "name"])
    assert rows(con, "nip", "name", "unit", "source_row") == [
        (NIP_1, "Ma\u2019ruf Hidayat", "Anggaran \u20ac dan Rp", 2),
        (NIP_2, "Dewi Lestari", "Sekretariat", 3),
    ]
    assert result.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()


def test_latin1(con):
    extract(con, EXPORTS / "participants_latin1.csv", ["nip"])
    assert rows(con, "name", "source_row") == [("Jos\u00e9 da Costa", 2), ("Andr\u00e9", 3)]


def test_non_utf8_byte_after_the_head_is_found_by_duckdb(con, tmp_path):
    # The first MiB is plain ASCII, so only DuckDB's scan of the whole file sees the 1252 byte.
    path = tmp_path / "participants.csv"
    lines = [b"nip,name\n"] + [f"{i},Peserta {i}\n".encode() for i in range(60_000)]
    lines.append("60000,Andr\u00e9 \u2019\n".encode("cp1252"))
    path.write_bytes(b"".join(lines))
    assert path.stat().st_size > (1 << 20)
    result = extract(con, path, ["nip"])
    assert result.rows_read == 60_001
    assert con.execute("SELECT name, source_row FROM raw WHERE nip = '60000'").fetchall() == [
        ("Andr\u00e9 \u2019", 60_002)
    ]


def test_bytes_undefined_in_cp1252_are_read_as_latin1(con, tmp_path):
    path = tmp_path / "participants.csv"
    path.write_bytes(b"nip,name\n1,a\x81b\x80\n")
    extract(con, path, ["nip"])
    assert rows(con, "name") == [("a\x81b\u20ac",)]


def test_utf16_is_transcoded(con, tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text(f"nip\tname\r\n{NIP_1}\tAndr\u00e9\r\n", encoding="utf-16")
    extract(con, path, ["nip"])
    assert rows(con, "nip", "name", "source_row") == [(NIP_1, "Andr\u00e9", 2)]


def test_title_rows_above_the_header_are_skipped_and_counted(con):
    # Title rows 1-2, a blank line (not a row), the header on row 3.
    extract(con, EXPORTS / "scores_title_rows.csv", ["nip", "kode pelatihan", "nilai"])
    assert columns(con) == [
        "no",
        "nip",
        "kode pelatihan",
        "instrumen",
        "fase",
        "nilai",
        "sheet",
        "source_row",
    ]
    assert rows(con, "no", "nip", "fase", "nilai", "source_row") == [
        ("1", NIP_1, "pre", "55", 4),
        ("2", NIP_1, "post", "70", 5),
        ("3", NIP_2, "pre", "48", 6),
    ]


def test_header_row_can_be_given(con):
    extract(con, EXPORTS / "scores_title_rows.csv", ["nip"], header_row=3)
    assert rows(con, "nip", "source_row")[0] == (NIP_1, 4)


def test_header_row_without_the_names_is_an_error(con):
    with pytest.raises(SourceError) as caught:
        extract(con, EXPORTS / "scores_title_rows.csv", ["nip"], header_row=2)
    message = str(caught.value)
    assert "scores_title_rows.csv: row 2 (header_row) holds none of the column names" in message
    # Row 2 holds none of the names, so it may be a data row: its cells are not shown.
    assert "it holds" not in message


def test_quoted_newline_separator_and_quote(con):
    extract(con, EXPORTS / "scores_quoted.csv", SCORES)
    assert rows(con, "phase", "comment", "source_row") == [
        ("pre", "hadir, tepat waktu", 2),
        ("post", 'baris pertama\nbaris kedua "dikutip"', 3),
        ("pre", "", 4),
    ]


def test_quoted_line_break_the_parallel_reader_refuses_is_read_serially(con, tmp_path):
    # DuckDB's parallel reader will not pad this record (a spare column is always padded).
    path = tmp_path / "participants.csv"
    path.write_bytes(b'nip,name\r\n1,"a\r\nb"\r\n2,c')
    result = extract(con, path, ["nip"])
    assert rows(con, "nip", "name", "source_row") == [("1", "a\r\nb", 2), ("2", "c", 3)]
    assert result.rows_read == 2


def test_ragged_rows_are_malformed_and_the_rest_loads(con):
    result = extract(con, EXPORTS / "scores_ragged.csv", SCORES)
    assert rows(con, "nip", "phase", "score", "assessed_on", "source_row") == [
        (NIP_1, "pre", "55", "2026-07-06", 2),
        (NIP_2, "pre", "60", "2026-07-06", 4),
        (NIP_3, "pre", "58", "2026-07-06", 6),
    ]
    assert result.malformed == (
        MalformedRow(
            "",
            3,
            f"{NIP_1},P-A,knowledge_test,post,70,5,2026-07-10",
            "7 fields where the header has 6",
        ),
        MalformedRow("", 5, f"{NIP_2},P-A,knowledge_test,post", "4 fields where the header has 6"),
    )
    assert result.rows_read == 5 == len(rows(con, "nip")) + len(result.malformed)


def test_rows_far_wider_than_the_header_are_read_again_wider(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("nip,score\n1,2\n2,3,4,5,6,7,8,9\n3,4\n", encoding="utf-8")
    result = extract(con, path, ["nip"])
    assert rows(con, "nip", "source_row") == [("1", 2), ("3", 4)]
    assert result.malformed == (
        MalformedRow("", 3, "2,3,4,5,6,7,8,9", "8 fields where the header has 2"),
    )


def test_blank_lines_are_not_rows(con):
    # Header 1, rows 2 and 3, `;;;;` on row 4 (an empty row: dropped), row 5; blank lines between.
    result = extract(con, EXPORTS / "scores_blank_lines.csv", SCORES)
    assert rows(con, "nip", "phase", "source_row") == [
        (NIP_1, "pre", 2),
        (NIP_1, "post", 3),
        (NIP_2, "pre", 5),
    ]
    assert result.rows_read == 3
    assert result.malformed == ()


def test_blank_and_repeated_header_cells_get_unique_names(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("NIP,Nilai,,nilai,Sheet,\n1,2,3,4,5\n", encoding="utf-8")
    result = extract(con, path, ["nip"])
    assert columns(con) == [
        "nip",
        "nilai",
        "column_3",
        "nilai_4",
        "sheet_5",
        "column_6",
        "sheet",
        "source_row",
    ]
    # The last header cell is blank, so a row may leave it out.
    assert rows(con, "nip", "nilai_4", "sheet_5", "column_6", "sheet") == [("1", "4", "5", "", "")]
    assert result.malformed == ()


def test_quote_error_is_fatal_and_names_the_row(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text('nip,name\n1,a\n2,"Budi" Santoso\n3,c\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"scores\.csv: on row 3 a quoted value is followed"):
        extract(con, path, ["nip"])


def test_missing_header_names_the_file_the_names_and_the_closest_header_row(con):
    path = EXPORTS / "scores_no_header.csv"
    with pytest.raises(SourceError) as caught:
        extract(con, path, SCORES)
    message = str(caught.value)
    assert str(path) in message
    assert "row 2 comes closest but lacks 'program_id', 'instrument', 'phase', 'score'" in message
    # Row 2 holds 'nip', so it is a header and its cells are column names; row 1 (a title) and
    # row 3 (a data row with a NIP and a name) are never quoted.
    assert "(it holds 'nip', 'nama')" in message
    assert "Daftar Peserta" not in message and NIP_1 not in message
    assert "sources.toml" in message
    assert "Sri Rahayu" not in caught.value.text("id")


def test_empty_file_is_an_error(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(SourceError, match=r"scores\.csv: is empty"):
        extract(con, path, ["nip"])


def test_unknown_suffix_is_an_error(con):
    with pytest.raises(SourceError, match=r"scores\.txt: cannot read \.txt"):
        extract(con, EXPORTS / "scores.txt", ["nip"])


def test_suffix_is_case_insensitive(con, tmp_path):
    path = tmp_path / "SCORES.CSV"
    path.write_bytes((EXPORTS / "scores_tab.csv").read_bytes())
    assert extract(con, path, SCORES).rows_read == 2


@pytest.mark.parametrize("name", ["scores [rev]*.csv", "participants?.parquet"])
def test_glob_characters_in_the_file_name_are_not_globs(con, tmp_path, name):
    # DuckDB's readers expand `*?[`: a sibling that matches the pattern must not be read too.
    source = EXPORTS / ("scores_tab.csv" if name.endswith(".csv") else "participants.parquet")
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    sibling = tmp_path / name.replace("[rev]*", "e").replace("?", "1")
    sibling.write_bytes(source.read_bytes())
    assert extract(con, path, ["nip"]).rows_read == 2


def test_into_is_replaced_and_helper_tables_are_gone(con):
    con.execute("CREATE TEMP TABLE raw AS SELECT 1 AS old")
    con.execute("BEGIN")
    result = extract(con, EXPORTS / "scores_ragged.csv", SCORES)
    # Inside a transaction DuckDB's rowids do not start at 0; row numbers must not move.
    assert rows(con, "source_row") == [(2,), (4,), (6,)]
    assert [row.source_row for row in result.malformed] == [3, 5]
    con.execute("COMMIT")
    assert "old" not in columns(con)
    tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    assert tables == ["raw"]


def test_row_numbers_follow_the_file_even_without_insertion_order(con):
    con.execute("SET preserve_insertion_order = false")
    extract(con, EXPORTS / "scores_blank_lines.csv", SCORES)
    assert rows(con, "phase", "source_row") == [("pre", 2), ("post", 3), ("pre", 5)]
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone() == (False,)


def test_a_failed_read_leaves_into_alone(con, tmp_path):
    con.execute("CREATE TEMP TABLE raw AS SELECT 1 AS old")
    path = tmp_path / "scores.csv"
    path.write_text('nip,name\n1,"open\n', encoding="utf-8")
    with pytest.raises(SourceError):
        extract(con, path, ["nip"])
    assert columns(con) == ["old"]


# XLSX ---------------------------------------------------------------------------------------


def test_workbook_sheets_are_stacked_and_notes_skipped(con, caplog):
    with caplog.at_level(logging.INFO, logger="evaluasi.sources.xlsx_reader"):
        result = extract(con, EXPORTS / "scores_workbook.xlsx", WORKBOOK)
    assert columns(con) == [*WORKBOOK, "tanggal", "hadir", "keterangan", "sheet", "source_row"]
    assert rows(con, *WORKBOOK, "tanggal", "hadir", "keterangan", "sheet", "source_row") == [
        (NIP_1, "P-A", "knowledge_test", "pre", "55", "2026-07-06", "TRUE", "", "Angkatan 1", 5),
        (
            "1.96502071990022E+17",
            "P-A",
            "knowledge_test",
            "pre",
            "61",
            "2026-07-06",
            "FALSE",
            "",
            "Angkatan 1",
            6,
        ),
        (
            NIP_3,
            "P-A",
            "knowledge_test",
            "post",
            "72.5",
            "2026-07-10 14:30:00",
            "",
            "",
            "Angkatan 1",
            8,
        ),
        (NIP_2, "P-B", "knowledge_test", "pre", "80", "2026-04-06", "", "", "Angkatan 2", 2),
        (NIP_2, "P-B", "knowledge_test", "post", "0.1", "", "", "susulan", "Angkatan 2", 3),
    ]
    assert result.rows_read == 5
    assert result.malformed == ()
    assert "Catatan" in caplog.text


def test_one_sheet_only(con):
    extract(con, EXPORTS / "scores_workbook.xlsx", WORKBOOK, sheet="Angkatan 2")
    assert rows(con, "fase", "sheet", "source_row") == [
        ("pre", "Angkatan 2", 2),
        ("post", "Angkatan 2", 3),
    ]
    assert "hadir" not in columns(con)


def test_header_row_in_a_workbook(con):
    extract(con, EXPORTS / "scores_workbook.xlsx", ["nip"], sheet="Angkatan 1", header_row=4)
    assert rows(con, "nip", "source_row")[0] == (NIP_1, 5)


def test_absent_sheet_is_an_error(con):
    with pytest.raises(SourceError, match=r"scores_workbook\.xlsx: has no sheet 'Rekap'"):
        extract(con, EXPORTS / "scores_workbook.xlsx", WORKBOOK, sheet="Rekap")


def test_sheet_without_the_header_is_an_error(con):
    with pytest.raises(
        SourceError, match=r"scores_workbook\.xlsx: no sheet \('Catatan'\) has a row with the"
    ):
        extract(con, EXPORTS / "scores_workbook.xlsx", WORKBOOK, sheet="Catatan")


def test_workbook_without_the_header_names_every_sheet_and_the_closest(con):
    with pytest.raises(SourceError) as caught:
        extract(con, EXPORTS / "scores_workbook.xlsx", ["nip", "program_id"])
    message = str(caught.value)
    assert "scores_workbook.xlsx: no sheet ('Angkatan 1', 'Angkatan 2', 'Catatan') has" in message
    assert "the closest is row 4 of sheet 'Angkatan 1', which lacks 'program_id'" in message
    assert NIP_1 not in message


def test_broken_workbook_is_an_error(con, tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"\x00\x01 neither a zip nor text")
    with pytest.raises(SourceError, match=r"scores\.xlsx: not a readable \.xlsx workbook"):
        extract(con, path, ["nip"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  198503122010011001 ", "198503122010011001"),
        (True, "TRUE"),
        (False, "FALSE"),
        (55, "55"),
        (61.0, "61"),
        (72.5, "72.5"),
        (-3.0, "-3"),
        (999_999_999_999_999.0, "999999999999999"),
        (196502071990022001.0, "1.96502071990022E+17"),
        (1e15, "1E+15"),
        (1.5e20, "1.5E+20"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_cell_text_dates_and_times():
    import datetime as dt

    assert cell_text(dt.datetime(2026, 7, 6)) == "2026-07-06"
    assert cell_text(dt.datetime(2026, 7, 6, 10, 29, 59, 999_999)) == "2026-07-06 10:30:00"
    assert cell_text(dt.date(2026, 7, 6)) == "2026-07-06"
    assert cell_text(dt.time(8, 30)) == "08:30:00"


# Parquet ------------------------------------------------------------------------------------


def test_parquet_columns_are_cast_to_text(con):
    result = extract(con, EXPORTS / "participants.parquet", ["nip", "nama"])
    assert columns(con) == [
        "nip",
        "nip (angka)",
        "tanggal lahir",
        "hadir pada",
        "tanggal mulai",
        "nama",
        "nilai",
        "sheet",
        "source_row",
    ]
    assert rows(con, *columns(con)) == [
        (
            NIP_1,
            "1.96502071990022e+17",
            "1985-03-12",
            "2026-07-06 08:30:00",
            "2026-07-06",
            "Sri Rahayu",
            "72.5",
            "",
            1,
        ),
        (NIP_2, "", "1990-12-31", "", "2026-07-10", "", "70.0", "", 2),
    ]
    assert result.rows_read == 2


def test_parquet_without_the_columns_is_an_error(con):
    with pytest.raises(SourceError, match=r"participants\.parquet: the columns lack 'program_id'"):
        extract(con, EXPORTS / "participants.parquet", ["nip", "program_id"])


def test_broken_parquet_is_an_error(con, tmp_path):
    path = tmp_path / "scores.parquet"
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(SourceError, match=r"scores\.parquet: not a readable Parquet file"):
        extract(con, path, ["nip"])


def test_the_committed_exports_are_what_the_script_writes(tmp_path):
    sys.path.insert(0, str(DATA))
    try:
        import make_exports
    finally:
        sys.path.remove(str(DATA))
    make_exports.main(tmp_path)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(path.name for path in EXPORTS.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (EXPORTS / name).read_bytes(), name
