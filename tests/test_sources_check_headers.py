"""The header check before a run: from the head of each inbox file alone, the same SourceError
(key and fields) as the full read, and nothing read beyond what finding the header takes."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import nip, write_inbox
from openpyxl import Workbook

from evaluasi.sources import csv_encoding
from evaluasi.sources.catalog import Catalog, FileSource, SqlSource
from evaluasi.sources.csv_encoding import HEAD_BYTES
from evaluasi.sources.extract import SourceError
from evaluasi.sources.files import check_header, extract_file
from evaluasi.sources.headers import MAX_COLUMNS
from evaluasi.sources.landing import check_headers

EXPORTS = Path(__file__).parent / "data" / "exports"
NIP = nip(7)
SCORES = ["nip", "program_id", "instrument", "phase", "score"]
WORKBOOK = ["nip", "kode pelatihan", "instrumen", "fase", "nilai"]
OLE = bytes.fromhex("D0CF11E0A1B11AE1")
# A header cell with a character outside ASCII (an en dash), as UTF-8.
DASHED = "nilai \u2013 akhir"


def _bytes(name: str, content: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return build


def _export(name: str) -> Callable[[Path], Path]:
    return lambda folder: EXPORTS / name


def _long_csv(header: str, tail: bytes = b"") -> Callable[[Path], Path]:
    """`header`, then enough rows to pass the head, then `tail`."""

    def build(folder: Path) -> Path:
        path = folder / "scores.csv"
        rows = "".join(f"{NIP},P-{i},{i % 100}\n" for i in range(HEAD_BYTES // 20))
        path.write_bytes(f"{header}\n{rows}".encode() + tail)
        return path

    return build


def _workbook(*sheets: tuple[str, list[list[object]]]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = folder / "scores.xlsx"
        book.save(path)
        return path

    return build


def _wide_workbook(folder: Path) -> Path:
    book = Workbook()
    book.active.append(["nip", "score"])
    book.active.cell(row=1, column=MAX_COLUMNS + 1, value="catatan")
    path = folder / "scores.xlsx"
    book.save(path)
    return path


def _renamed_workbook(folder: Path) -> Path:
    book = Workbook()
    book.active.append(["nip"])
    book.save(folder / "book.xlsx")
    path = folder / "scores.csv"
    path.write_bytes((folder / "book.xlsx").read_bytes())
    return path


def _parquet(select: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "scores.parquet"
        with duckdb.connect() as con:
            con.execute(f"COPY (SELECT {select}) TO '{path}' (FORMAT parquet)")
        return path

    return build


WIDE = ",".join(["nip", *(f"c{i}" for i in range(MAX_COLUMNS))])
READS = {"nip": "nip", "name": "name", "unit": "unit"}

# (id, build, options for extract_file / check_header, the key both must raise)
BROKEN = [
    ("csv_lacks", _bytes("s.csv", f"nip,program_id\n{NIP},P-A\n".encode()), SCORES, {}),
    ("csv_no_header", _bytes("s.csv", b"a,b\n1,2\n"), ["nip"], {}),
    ("csv_empty", _bytes("s.csv", b""), ["nip"], {}),
    ("csv_header_row_absent", _export("scores_title_rows.csv"), ["nip"], {"header_row": 40}),
    ("csv_header_row_lacks", _export("scores_title_rows.csv"), ["nip"], {"header_row": 2}),
    ("csv_repeated", _bytes("s.csv", b"NIP,Name,Unit,name\n1,a,b,c\n"), ["nip"], {"reads": READS}),
    ("csv_too_wide", _bytes("s.csv", f"{WIDE}\n{NIP}\n".encode()), ["nip"], {}),
    ("csv_first_line", _bytes("s.csv", b"nip," + b"x" * (HEAD_BYTES + 10)), ["nip"], {}),
    ("csv_utf16_no_bom", _bytes("s.csv", f"nip,score\r\n{NIP},8\r\n".encode("utf-16-le")), [], {}),
    ("csv_not_text", _renamed_workbook, ["nip"], {}),
    (
        "csv_utf16_lacks",
        _bytes("s.csv", codecs.BOM_UTF16_LE + f"nip\tscore\r\n{NIP}\t8\r\n".encode("utf-16-le")),
        SCORES,
        {},
    ),
    (
        "csv_utf16_broken",
        _bytes("s.csv", codecs.BOM_UTF16_LE + "nip\r\n".encode("utf-16-le") + b"\x00\xdc1\x00"),
        ["nip"],
        {},
    ),
    ("csv_cp1252_lacks", _bytes("s.csv", "nip;Nama Peserta é\n1;a\n".encode("cp1252")), SCORES, {}),
    # The head is UTF-8 but a byte after it is not: the whole file, its header too, is 1252.
    (
        "csv_utf8_head_1252_tail",
        _long_csv(f"nip,program_id,{DASHED}", b"\xe9\n"),
        ["nip", DASHED],
        {},
    ),
    ("xlsx_lacks", _export("scores_workbook.xlsx"), ["nip", "program_id"], {}),
    ("xlsx_no_such_sheet", _export("scores_workbook.xlsx"), WORKBOOK, {"sheet": "Rekap"}),
    ("xlsx_sheet_lacks", _export("scores_workbook.xlsx"), WORKBOOK, {"sheet": "Catatan"}),
    ("xlsx_header_row", _export("scores_workbook.xlsx"), ["nip"], {"header_row": 2}),
    (
        "xlsx_repeated_in_second_sheet",
        _workbook(("A", [["nip", "score"], [NIP, 8]]), ("B", [["nip", "score", "NIP"]])),
        ["nip"],
        {},
    ),
    ("xlsx_too_wide", _wide_workbook, ["nip"], {}),
    ("xlsx_nothing_close", _workbook(("A", [["catatan"]])), ["nip"], {}),
    ("xlsx_encrypted", _bytes("s.xlsx", OLE + "EncryptedPackage".encode("utf-16-le")), [], {}),
    ("xlsx_is_xls", _bytes("s.xlsx", OLE + b"\x00" * 64 + "Workbook".encode("utf-16-le")), [], {}),
    ("xlsx_is_text", _bytes("s.xlsx", f"nip;score\n{NIP};80\n".encode()), ["nip"], {}),
    ("xlsx_empty", _bytes("s.xlsx", b""), ["nip"], {}),
    ("xlsx_bad_zip", _bytes("s.xlsx", b"PK\x03\x04 not really a zip"), ["nip"], {}),
    ("xlsx_binary", _bytes("s.xlsx", b"\x00\x01 neither a zip nor text"), ["nip"], {}),
    ("parquet_lacks", _export("participants.parquet"), ["nip", "program_id"], {}),
    ("parquet_repeated", _parquet('1 AS nip, 2 AS "NIP "'), ["nip"], {}),
    ("parquet_junk", _bytes("s.parquet", b"PAR1 not parquet"), ["nip"], {}),
    ("parquet_too_wide", _parquet(", ".join(f"1 AS c{i}" for i in range(1001))), [], {}),
    ("suffix", _export("scores.txt"), ["nip"], {}),
    ("missing", lambda folder: folder / "gone.csv", ["nip"], {}),
]
KEYS = {
    "csv_lacks": "header_not_found_closest",
    "csv_no_header": "header_not_found",
    "csv_empty": "file_empty",
    "csv_header_row_absent": "header_row_absent",
    "csv_header_row_lacks": "header_row_lacks",
    "csv_repeated": "header_duplicate",
    "csv_too_wide": "header_too_wide",
    "csv_first_line": "csv_first_line_too_long",
    "csv_utf16_no_bom": "csv_utf16_without_bom",
    "csv_not_text": "csv_not_text",
    "csv_utf16_lacks": "header_not_found_closest",
    "csv_utf16_broken": "csv_utf16_broken",
    "csv_cp1252_lacks": "header_not_found_closest",
    "csv_utf8_head_1252_tail": "header_not_found_closest",
    "xlsx_lacks": "xlsx_no_header_closest",
    "xlsx_no_such_sheet": "xlsx_no_such_sheet",
    "xlsx_sheet_lacks": "xlsx_no_header",
    "xlsx_header_row": "xlsx_header_row_lacks",
    "xlsx_repeated_in_second_sheet": "sheet_header_duplicate",
    "xlsx_too_wide": "sheet_header_too_wide",
    "xlsx_nothing_close": "xlsx_no_header",
    "xlsx_encrypted": "xlsx_encrypted",
    "xlsx_is_xls": "xlsx_is_xls",
    "xlsx_is_text": "xlsx_is_text",
    "xlsx_empty": "xlsx_empty",
    "xlsx_bad_zip": "xlsx_unreadable",
    "xlsx_binary": "xlsx_unreadable",
    "parquet_lacks": "parquet_columns_lack",
    "parquet_repeated": "header_duplicate",
    "parquet_junk": "parquet_unreadable",
    "parquet_too_wide": "parquet_too_wide",
    "suffix": "file_suffix",
    "missing": "file_missing",
}


def full_read(path: Path, expected: list[str], options: dict) -> SourceError:
    with duckdb.connect() as con, pytest.raises(SourceError) as caught:
        extract_file(
            con, path, source=path.name, table="scores", expected=expected, into="raw", **options
        )
    return caught.value


def head_check(path: Path, expected: list[str], options: dict) -> SourceError:
    with pytest.raises(SourceError) as caught:
        check_header(path, expected=expected, **options)
    return caught.value


@pytest.mark.parametrize(
    ("name", "build", "expected", "options"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_the_head_check_raises_what_the_full_read_raises(tmp_path, name, build, expected, options):
    path = build(tmp_path)
    full = full_read(path, expected, options)
    head = head_check(path, expected, options)
    assert full.key == KEYS[name]
    assert (head.key, head.fields) == (full.key, full.fields)


GOOD = [
    ("scores_semicolon.csv", SCORES, {}),
    ("scores_tab.csv", SCORES, {}),
    ("scores_quoted.csv", SCORES, {}),
    ("scores_ragged.csv", SCORES, {}),
    ("scores_blank_lines.csv", SCORES, {}),
    ("scores_title_rows.csv", ["nip", "kode pelatihan", "nilai"], {}),
    ("scores_title_rows.csv", ["nip"], {"header_row": 3}),
    ("participants_bom.csv", ["nip", "name"], {}),
    ("participants_cp1252.csv", ["nip"], {}),
    ("participants_latin1.csv", ["nip"], {}),
    ("scores_workbook.xlsx", WORKBOOK, {}),
    ("scores_workbook.xlsx", WORKBOOK, {"sheet": "Angkatan 2"}),
    ("scores_workbook.xlsx", ["nip"], {"sheet": "Angkatan 1", "header_row": 4}),
    ("participants.parquet", ["nip", "nama"], {}),
]


@pytest.mark.parametrize(("name", "expected", "options"), GOOD)
def test_good_exports_pass_the_head_check_and_the_full_read(name, expected, options):
    path = EXPORTS / name
    check_header(path, expected=expected, **options)
    with duckdb.connect() as con:
        extract_file(
            con, path, source=name, table="scores", expected=expected, into="raw", **options
        )


def test_a_utf8_head_whose_file_stays_utf8_passes(tmp_path):
    # The same non-ASCII header as the broken case, without the 1252 byte after the head.
    path = _long_csv(f"nip,program_id,{DASHED}")(tmp_path)
    check_header(path, expected=[DASHED])


# check_headers on an inbox -----------------------------------------------------------------


@pytest.fixture
def no_full_read(monkeypatch):
    """Fail on what only a full read does: DuckDB, and a CSV file streamed to its end."""

    def refuse(*args, **kwargs):
        raise AssertionError("the header check read more than the head")

    monkeypatch.setattr(duckdb, "connect", refuse)
    monkeypatch.setattr(csv_encoding, "_blocks", refuse)


def test_a_large_good_inbox_is_checked_from_the_heads_alone(tmp_path, no_full_read):
    inbox = write_inbox(tmp_path / "inbox")
    rows = "".join(
        f"{nip(i % 1000)},P-A,knowledge_test,{('pre', 'post')[i % 2]},{i % 100}\n"
        for i in range(200_000)
    )
    (inbox / "scores.csv").write_text("nip,program_id,instrument,phase,score\n" + rows)
    assert (inbox / "scores.csv").stat().st_size > 8 * HEAD_BYTES
    check_headers(inbox, Catalog())


def test_a_file_lacking_columns_is_named_with_what_it_lacks(tmp_path, no_full_read):
    inbox = write_inbox(tmp_path / "inbox")
    (inbox / "programs.csv").write_text("program_id,name\nP-A,x\n")
    with pytest.raises(SourceError) as caught:
        check_headers(inbox, Catalog())
    assert caught.value.key == "header_not_found_closest"
    assert caught.value.fields["file"] == str(inbox / "programs.csv")
    assert caught.value.fields["lacking"] == "'type', 'start_date', 'end_date', 'jp'"


def test_a_configured_sheet_that_does_not_exist_is_refused(tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    (inbox / "lms").mkdir()
    (inbox / "lms" / "book.xlsx").write_bytes((EXPORTS / "scores_workbook.xlsx").read_bytes())
    entry = FileSource(name="lms", table="scores", pattern="lms/*.xlsx", sheet="Rekap")
    with pytest.raises(SourceError) as caught:
        check_headers(inbox, Catalog(files=(entry,)))
    assert caught.value.key == "xlsx_no_such_sheet"
    assert caught.value.fields["file"] == str(inbox / "lms" / "book.xlsx")


def test_queries_are_not_run(tmp_path, no_full_read):
    inbox = write_inbox(tmp_path / "inbox")
    query = SqlSource(
        name="lms",
        table="scores",
        query="select * from nowhere",
        url="postgresql://evaluasi@127.0.0.1:1/none",
    )
    check_headers(inbox, Catalog(queries=(query,)))
