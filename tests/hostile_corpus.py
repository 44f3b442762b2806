"""The hostile-input corpus: exports as agencies really send them, broken in one way each.

Every case starts from the same small inbox (three programmes, 54 knowledge-test and rating
scores, a staff register with names, four instruments) and changes one thing. Its expected
outcome is one of:

* `Loaded`: every row loads (or a named row loads with a named value);
* `Quarantined`: a named row of a named file is quarantined with a reason, at a column;
* `Refused`: the run stops with one UserError of a given catalogue key that names the file.

tests/test_hostile_inputs.py runs each through the real pipeline and checks the outcome, the
ledger (rows read = loaded + quarantined for every source) and that no NIP or name of the inbox
reaches anything outside the restricted data area.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from conftest import PROGRAMS, nip, score_rows
from openpyxl import Workbook

HEADER = ["nip", "program_id", "instrument", "phase", "score", "assessed_on", "group"]
NAMES = ("Budi Santoso", "Siti Rahayu", "Agus Wibowo", "Dewi Lestari", "Hendra Gunawan")
INSTRUMENTS = pd.DataFrame(
    {
        "instrument": ["knowledge_test", "supervisor_rating", "skp", "lulus"],
        "label": ["Tes pengetahuan", "Penilaian atasan", "Predikat SKP", "Kelulusan"],
        "kind": ["numeric", "numeric", "ordinal", "binary"],
        "scale_min": ["0", "1", "", ""],
        "scale_max": ["100", "5", "", ""],
        "level": ["2", "3", "3", "2"],
        "categories": ["", "", "Kurang;Cukup;Baik", "Tidak Lulus;Lulus"],
    }
)


def base_inbox(folder: Path) -> Path:
    """The inbox every case starts from; scores.csv data row k is spreadsheet row k + 1."""
    folder.mkdir(parents=True, exist_ok=True)
    PROGRAMS.to_csv(folder / "programs.csv", index=False)
    INSTRUMENTS.to_csv(folder / "instruments.csv", index=False)
    rows = score_rows()
    write_scores(folder, rows)
    people = sorted({row["nip"] for row in rows})
    pd.DataFrame(
        {
            "nip": people,
            "name": [NAMES[i % len(NAMES)] + f" {i}" for i in range(len(people))],
            "unit": ["Dinas Kesehatan", "Badan Kepegawaian"] * (len(people) // 2)
            + ["Dinas Kesehatan"] * (len(people) % 2),
            "rank": "III/a",
        }
    ).to_csv(folder / "participants.csv", index=False)
    return folder


def write_scores(folder: Path, rows: list[dict[str, str]], name: str = "scores.csv") -> None:
    pd.DataFrame(rows, columns=HEADER).to_csv(folder / name, index=False)


def scores_text(rows: list[dict[str, str]] | None = None, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows if rows is not None else score_rows():
        writer.writerow([row[column] for column in HEADER])
    return buffer.getvalue()


@dataclass(frozen=True)
class Loaded:
    """Every row loads; `row` (scores.csv spreadsheet row) has `column` = `value` if given."""

    file: str = "scores.csv"
    row: int | None = None
    column: str = ""
    value: object = None
    unclaimed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quarantined:
    file: str
    row: int
    reason: str
    column: str | None = None  # None: any column (malformed rows have none)


@dataclass(frozen=True)
class Refused:
    key: str
    file: str  # the message names it (a file, a source, a setting)
    row: int | None = None


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], None]
    expect: Loaded | Quarantined | Refused
    secrets: tuple[str, ...] = field(default=())  # besides the inbox's NIPs and names


CASES: list[Case] = []


def case(name: str, expect: Loaded | Quarantined | Refused, *secrets: str):
    def register(build: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(name, build, expect, secrets))
        return build

    return register


def _edit(row_number: int, **changes: str) -> Callable[[Path], None]:
    """A build that changes data row `row_number` (spreadsheet row row_number + 1)."""

    def build(inbox: Path) -> None:
        rows = score_rows()
        rows[row_number - 1] = {**rows[row_number - 1], **changes}
        write_scores(inbox, rows)

    return build


def _add(*rows: dict[str, str]) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        write_scores(inbox, [*score_rows(), *rows])

    return build


def _raw(text: str | bytes, name: str = "scores.csv") -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (inbox / name).write_bytes(data)

    return build


def _sources(toml: str) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        (inbox / "sources.toml").write_text(toml, encoding="utf-8")

    return build


FIRST = score_rows()[0]
ROW_3 = 3  # data row 3 is spreadsheet row 4, a post score of P-A's second participant


def _row(extra: dict[str, str]) -> dict[str, str]:
    return {**FIRST, **extra}


# Encodings, separators and line ends --------------------------------------------------------

case("utf8_bom", Loaded())(_raw(codecs.BOM_UTF8 + scores_text().encode()))
case("utf16_bom", Loaded())(_raw(codecs.BOM_UTF16_LE + scores_text().encode("utf-16-le")))
case("utf16_without_bom", Refused("csv_utf16_without_bom", "scores.csv"))(
    _raw(scores_text().encode("utf-16-le"))
)
case("semicolons", Loaded())(_raw(scores_text(delimiter=";")))
case("tabs", Loaded())(_raw(scores_text(delimiter="\t")))
case("crlf", Loaded())(_raw(scores_text().replace("\n", "\r\n")))
case("old_mac_cr", Loaded())(_raw(scores_text().replace("\n", "\r")))
case("title_rows_above_the_header", Loaded(row=5, column="score", value=70.0))(
    _raw("Rekap nilai pelatihan\nBPSDM Provinsi\n" + scores_text())
)
case("blank_lines", Loaded())(_raw(scores_text().replace("\n", "\n\n", 5)))
case("empty_records", Loaded())(_raw(scores_text() + ",,,,,,\n,,,,,,\n"))


def _latin1(inbox: Path) -> None:
    programs = PROGRAMS.assign(name=PROGRAMS["name"].str.replace("Data", "Données"))
    (inbox / "programs.csv").write_bytes(programs.to_csv(index=False).encode("latin-1"))


case("latin1_programme_names", Loaded(file="programs.csv"))(_latin1)


def _lone_cr(position: str) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        lines = scores_text().split("\n")
        if position == "mid":
            lines[ROW_3] = lines[ROW_3].replace("knowledge", "know\rledge")
        else:
            cells = lines[ROW_3].split(",")
            cells[2] = "\r" + cells[2]
            lines[ROW_3] = ",".join(cells)
        (inbox / "scores.csv").write_bytes("\n".join(lines).encode())

    return build


case("lone_cr_mid_value", Quarantined("scores.csv", ROW_3 + 1, "malformed_row"))(_lone_cr("mid"))
case("lone_cr_start_of_field", Quarantined("scores.csv", ROW_3 + 1, "malformed_row"))(
    _lone_cr("start")
)
case("quoted_line_break_in_a_name", Loaded(file="programs.csv"))(
    lambda inbox: PROGRAMS.assign(name=PROGRAMS["name"] + "\nAngkatan II").to_csv(
        inbox / "programs.csv", index=False
    )
)


def _ragged(extra: str) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        lines = scores_text().split("\n")
        lines[ROW_3] = lines[ROW_3] + extra if extra else lines[ROW_3].rsplit(",", 2)[0]
        (inbox / "scores.csv").write_text("\n".join(lines), encoding="utf-8")

    return build


case("row_with_too_many_fields", Quarantined("scores.csv", ROW_3 + 1, "malformed_row"))(
    _ragged(",x,y")
)
case("row_with_too_few_fields", Quarantined("scores.csv", ROW_3 + 1, "malformed_row"))(_ragged(""))
case("quote_never_closed", Refused("csv_quote_not_closed", "scores.csv"))(
    _raw(scores_text().replace("P-A,knowledge_test,post", 'P-A,"knowledge_test,post', 1))
)
case("empty_file", Refused("file_empty", "scores.csv"))(_raw(b""))
case("binary_file_named_csv", Refused("csv_not_text", "scores.csv"))(
    _raw(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
)
case("a_header_of_100000_columns", Refused("header_too_wide", "scores.csv"))(
    _raw(",".join(HEADER + [f"c{i}" for i in range(100_000)]) + "\n")
)
case("a_row_of_1000000_fields", Refused("csv_too_many_fields", "scores.csv"))(
    _raw(scores_text() + ",".join(["1"] * 1_000_000) + "\n")
)
case("the_score_column_twice", Refused("header_duplicate", "scores.csv"))(
    _raw(scores_text().replace("assessed_on,group", "assessed_on,score", 1))
)


def _unread_column_twice(inbox: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*HEADER, "keterangan", "keterangan"])
    for row in score_rows():
        writer.writerow([*(row[column] for column in HEADER), "a", "b"])
    (inbox / "scores.csv").write_text(buffer.getvalue(), encoding="utf-8")


case("an_unread_column_twice", Loaded())(_unread_column_twice)
case("programs_lack_columns", Refused("header_not_found_closest", "programs.csv"))(
    _raw("program_id,name\nP-A,Pelatihan\n", "programs.csv")
)

# NIPs ----------------------------------------------------------------------------------------

case("nip_with_spaces", Loaded(row=ROW_3 + 1))(_edit(ROW_3, nip="19850312 201001 1 002"))
case("nip_with_dots_and_quotes", Loaded(row=ROW_3 + 1))(_edit(ROW_3, nip="'19850312.201001.1.002"))
case(
    "nip_stored_as_a_number",
    Quarantined("scores.csv", ROW_3 + 1, "nip_stored_as_number", "nip"),
)(_edit(ROW_3, nip="1.98503122010011E+17"))
case("nip_of_17_digits", Quarantined("scores.csv", ROW_3 + 1, "nip_not_18_digits", "nip"))(
    _edit(ROW_3, nip="19850312201001100")
)
case("nip_with_a_letter_o", Quarantined("scores.csv", ROW_3 + 1, "nip_not_18_digits", "nip"))(
    _edit(ROW_3, nip="1985O312201001100" + "2")
)
case(
    "nip_with_month_13",
    Quarantined("scores.csv", ROW_3 + 1, "nip_invalid_birth_date", "nip"),
)(_edit(ROW_3, nip="198513122010011002"))
case("nip_with_sex_digit_3", Quarantined("scores.csv", ROW_3 + 1, "nip_invalid_sex_digit", "nip"))(
    _edit(ROW_3, nip="198503122010013002")
)
case("nip_missing", Quarantined("scores.csv", ROW_3 + 1, "missing_value", "nip"))(
    _edit(ROW_3, nip="")
)
case("nip_of_pppk", Loaded(row=56))(_add(_row({"nip": "198503122021211005", "phase": "pre"})))

# Values --------------------------------------------------------------------------------------

case("decimal_comma", Loaded(row=ROW_3 + 1, column="score", value=72.5))(_edit(ROW_3, score="72,5"))
case(
    "score_outside_the_scale", Quarantined("scores.csv", ROW_3 + 1, "score_outside_scale", "score")
)(_edit(ROW_3, score="150"))
case("score_in_words", Quarantined("scores.csv", ROW_3 + 1, "not_a_number", "score"))(
    _edit(ROW_3, score="tujuh puluh")
)
case("score_empty", Quarantined("scores.csv", ROW_3 + 1, "missing_value", "score"))(
    _edit(ROW_3, score="")
)
case("formula_as_a_score", Quarantined("scores.csv", ROW_3 + 1, "not_a_number", "score"))(
    _edit(ROW_3, score="=A1+B1")
)
case("phase_in_indonesian", Loaded(row=ROW_3 + 1))(_edit(ROW_3, phase="Sebelum"))
case("phase_unknown", Quarantined("scores.csv", ROW_3 + 1, "unknown_phase", "phase"))(
    _edit(ROW_3, phase="tengah")
)
case("group_unknown", Quarantined("scores.csv", ROW_3 + 1, "unknown_group", "group"))(
    _edit(ROW_3, group="tamu")
)
case(
    "instrument_unknown", Quarantined("scores.csv", ROW_3 + 1, "unknown_instrument", "instrument")
)(_edit(ROW_3, instrument="tes_akhir"))
case("programme_unknown", Quarantined("scores.csv", ROW_3 + 1, "unknown_program", "program_id"))(
    _edit(ROW_3, program_id="P-Z")
)
case("category_label_unknown", Quarantined("scores.csv", 56, "unknown_category", "score"))(
    _add(_row({"instrument": "skp", "score": "Istimewa"}))
)
case("category_label_in_other_case", Loaded(row=56))(
    _add(_row({"instrument": "skp", "score": "  baik "}))
)
case("pass_fail_label", Loaded(row=56, column="score", value=2.0))(
    _add(_row({"instrument": "lulus", "score": "Lulus"}))
)

# Dates ---------------------------------------------------------------------------------------

case("date_dd_mm_yyyy", Loaded(row=ROW_3 + 1))(_edit(ROW_3, assessed_on="06/07/2026"))
case("date_as_excel_serial", Loaded(row=ROW_3 + 1))(_edit(ROW_3, assessed_on="46209"))
case(
    "date_with_a_two_digit_year",
    Quarantined("scores.csv", ROW_3 + 1, "year_not_four_digits", "assessed_on"),
)(_edit(ROW_3, assessed_on="20/10/25"))
case("date_in_year_1", Quarantined("scores.csv", ROW_3 + 1, "date_implausible", "assessed_on"))(
    _edit(ROW_3, assessed_on="0001-01-01")
)
case("date_in_year_9999", Quarantined("scores.csv", ROW_3 + 1, "date_implausible", "assessed_on"))(
    _edit(ROW_3, assessed_on="9999-12-31")
)
case("date_in_words", Quarantined("scores.csv", ROW_3 + 1, "not_a_date", "assessed_on"))(
    _edit(ROW_3, assessed_on="kemarin")
)
case("post_dated_before_pre", Quarantined("scores.csv", ROW_3 + 2, "post_before_pre"))(
    _edit(ROW_3 + 1, assessed_on="2026-01-01")
)


def _programme_ends_before_it_starts(inbox: Path) -> None:
    PROGRAMS.assign(end_date=["2026-06-01", *PROGRAMS["end_date"][1:]]).to_csv(
        inbox / "programs.csv", index=False
    )


case(
    "programme_ends_before_it_starts",
    Quarantined("scores.csv", 2, "program_rejected", "program_id"),
)(_programme_ends_before_it_starts)

# Repeated rows -------------------------------------------------------------------------------

case("score_row_twice", Quarantined("scores.csv", 56, "duplicate_row"))(_add(FIRST))
case("score_given_twice_differently", Quarantined("scores.csv", 56, "conflicting_duplicate"))(
    _add(_row({"score": "99"}))
)


def _programme_twice(agree: bool) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        extra = PROGRAMS.iloc[[0]].assign(
            organizer="" if agree else "LAN", cost_idr="150000000" if agree else "9"
        )
        pd.concat([PROGRAMS, extra]).to_csv(inbox / "programs.csv", index=False)

    return build


case("programme_given_twice_alike", Quarantined("programs.csv", 5, "duplicate_row"))(
    _programme_twice(agree=True)
)
case("programme_given_twice_differently", Quarantined("scores.csv", 2, "program_rejected"))(
    _programme_twice(agree=False)
)
case("instrument_given_twice_alike", Quarantined("instruments.csv", 6, "duplicate_row"))(
    lambda inbox: pd.concat([INSTRUMENTS, INSTRUMENTS.iloc[[0]]]).to_csv(
        inbox / "instruments.csv", index=False
    )
)

# Files and the inbox -------------------------------------------------------------------------

case("a_file_no_table_claims", Loaded(unclaimed=("nilai_posttest.csv",)))(
    _raw(scores_text(), "nilai_posttest.csv")
)
case("a_second_scores_file", Loaded(file="scores_lms.csv"))(
    lambda inbox: write_scores(
        inbox, [_row({"program_id": "P-B", "phase": "pre"})], "scores_lms.csv"
    )
)


def _workbook(inbox: Path, name: str, formula_row: int | None = None) -> None:
    book = Workbook()
    notes = book.active
    notes.title = "Catatan"
    notes.append(["Ekspor dari SIMDIKLAT"])
    sheet = book.create_sheet("Nilai")
    sheet.append(HEADER)
    for number, row in enumerate(score_rows(), start=2):
        cells = [row[column] for column in HEADER]
        cells[4] = float(cells[4])
        if number == formula_row:
            cells[4] = "=D2*2"  # never calculated: no cached value
        sheet.append(cells)
    book.save(inbox / name)


def _xlsx_scores(formula_row: int | None = None) -> Callable[[Path], None]:
    def build(inbox: Path) -> None:
        (inbox / "scores.csv").unlink()
        _workbook(inbox, "scores.xlsx", formula_row)

    return build


case("workbook_with_a_notes_sheet", Loaded(file="scores.xlsx"))(_xlsx_scores())
case(
    "workbook_formula_never_calculated",
    Quarantined("scores.xlsx", ROW_3 + 1, "missing_value", "score"),
)(_xlsx_scores(formula_row=ROW_3 + 1))


def _stray_cell(inbox: Path) -> None:
    (inbox / "scores.csv").unlink()
    _workbook(inbox, "scores.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(inbox / "scores.xlsx")
    book["Nilai"]["XFD1"] = "x"
    book.save(inbox / "scores.xlsx")


case("workbook_with_a_stray_cell_in_xfd", Refused("sheet_header_too_wide", "scores.xlsx"))(
    _stray_cell
)
case("password_protected_workbook", Refused("xlsx_encrypted_or_xls", "scores.xlsx"))(
    lambda inbox: (
        (inbox / "scores.csv").unlink(),
        (inbox / "scores.xlsx").write_bytes(
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + os.urandom(2048)
        ),
    )
)
case("csv_renamed_xlsx", Refused("xlsx_is_text", "scores.xlsx"))(
    lambda inbox: (inbox / "scores.csv").rename(inbox / "scores.xlsx")
)


def _link_outside(inbox: Path) -> None:
    outside = inbox.parent / "outside.csv"
    outside.write_text(scores_text(), encoding="utf-8")
    (inbox / "scores_extra.csv").symlink_to(outside)


case("a_link_out_of_the_inbox", Refused("inbox_link_outside", "scores_extra.csv"))(_link_outside)
case("a_glob_out_of_the_inbox", Refused("config_files_parent", "sources.toml"))(
    _sources('[[sources]]\nname = "x"\ntable = "scores"\nfiles = "../*.csv"\n')
)
case("an_absolute_glob", Refused("config_files_absolute", "sources.toml"))(
    _sources('[[sources]]\nname = "x"\ntable = "scores"\nfiles = "/etc/*.csv"\n')
)
case("label_spellings_given_as_a_number", Refused("config_label_spellings", "sources.toml"))(
    _sources(
        '[[sources]]\nname = "x"\ntable = "scores"\nfiles = "lms/*.csv"\n'
        "[sources.labels.phase]\npre = 1\n"
    )
)
case("a_password_in_a_url", Refused("config_url_password", "sources.toml"), "rahasia123")(
    _sources(
        '[[sources]]\nname = "simpeg"\ntable = "performance"\n'
        'url = "postgresql+psycopg://monev:rahasia123@db/simpeg"\nquery = "select 1"\n'
    )
)
case("a_url_that_does_not_parse", Refused("config_url_unparseable", "sources.toml"), "rahasia456")(
    _sources(
        '[[sources]]\nname = "simpeg"\ntable = "performance"\n'
        'url = "postgresql+psycopg://monev:rahasia456@db:notaport/simpeg"\nquery = "select 1"\n'
    )
)
case("sources_toml_that_is_not_toml", Refused("config_not_toml", "sources.toml"))(
    _sources("[[sources]\nname = x\n")
)

# What the data say, and the report shows -----------------------------------------------------

case("a_formula_in_a_programme_name", Loaded(file="programs.csv"))(
    lambda inbox: PROGRAMS.assign(
        name=['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "@SUM(A1)"]
    ).to_csv(inbox / "programs.csv", index=False)
)
case("markup_in_a_programme_name", Loaded(file="programs.csv"))(
    lambda inbox: PROGRAMS.assign(name="<script>alert(1)</script>").to_csv(
        inbox / "programs.csv", index=False
    )
)


def _register_row_with_a_bad_nip(inbox: Path) -> None:
    register = pd.read_csv(inbox / "participants.csv", dtype=str)
    extra = pd.DataFrame({"nip": ["1.98503122010011E+17"], "name": ["Rahmat Hidayat"]})
    pd.concat([register, extra]).to_csv(inbox / "participants.csv", index=False)


case(
    "a_named_person_with_a_broken_nip",
    Quarantined("participants.csv", 23, "nip_stored_as_number", "nip"),
    "Rahmat Hidayat",
)(_register_row_with_a_bad_nip)
case("every_nip_stored_as_a_number", Refused("evidence_none", "scores.csv"))(
    lambda inbox: write_scores(
        inbox, [{**row, "nip": "1.98503122010011E+17"} for row in score_rows()]
    )
)
case("scores_header_only", Refused("evidence_none", "scores.csv"))(_raw(",".join(HEADER) + "\n"))
case("no_scores_file", Refused("sources_missing_table", "scores"))(
    lambda inbox: (inbox / "scores.csv").unlink()
)
case("a_supervisor_rating_of_5_5", Quarantined("scores.csv", 45, "score_outside_scale", "score"))(
    _edit(44, score="5,5")
)

__all__ = ["CASES", "NAMES", "base_inbox", "nip"]
