"""`results.xlsx`: the numbers of results.csv, pooled.csv and subgroups.csv, one sheet per
instrument kind, formatted for M&E staff, with nothing from the data read as a formula.

The inbox is the one of `test_results_designs` (a numeric programme with a comparison group, an
ordinal and a binary one, a programme too small to publish) with programme names that a
spreadsheet would take for formulas.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import load_inbox
from openpyxl.worksheet.worksheet import Worksheet
from test_results_designs import START, write_designs_inbox

from evaluasi.messages import t
from evaluasi.report.excel import KIND_COLUMNS, SUBGROUP_COLUMNS, write_results_xlsx
from evaluasi.results import FORMULA_START, POOLED_COLUMNS, RESULT_COLUMNS

NAMES = {
    "ANX": '=HYPERLINK("http://x")',
    "SKP": "+62 Predikat Kinerja",
    "AHR": "-Latsar @Angkatan 2",
    "TINY": "@SUM(A1:A9)",
}
KIND_OF = {"ANX": "numeric", "TINY": "numeric", "SKP": "ordinal", "AHR": "binary"}
SHEETS = {
    "id": ["Numerik", "Ordinal", "Biner", "Gabungan", "Subkelompok", "Keterangan"],
    "en": ["Numeric", "Ordinal", "Binary", "Pooled", "Subgroups", "Notes"],
}
TABLE_SHEETS = {"numeric": 0, "ordinal": 1, "binary": 2, "pooled": 3, "subgroups": 4}


@dataclass(frozen=True)
class Published:
    folder: Path
    evaluation: object
    nips: set[str]

    def book(self, lang: str) -> openpyxl.Workbook:
        return openpyxl.load_workbook(self.folder / f"results-{lang}.xlsx")

    def csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.folder / name, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    from evaluasi import pipeline
    from evaluasi import results as result_table
    from evaluasi.config import Settings
    from evaluasi.periods import parse_period

    root = tmp_path_factory.mktemp("excel")
    inbox = root / "inbox"
    write_designs_inbox(
        inbox,
        pd.DataFrame(
            {
                "program_id": list(NAMES),
                "name": list(NAMES.values()),
                "type": "TEKNIS",
                "start_date": START,
                "end_date": "2026-03-06",
                "jp": "40",
                "cost_idr": ["150000000", "", "20000000", ""],
            }
        ),
    )
    scores = pd.read_csv(inbox / "scores.csv", dtype=str)

    settings = Settings(
        data_dir=root, inbox=inbox, warehouse=root / "w.duckdb", reports_dir=root / "reports"
    )
    load_inbox(inbox, settings.warehouse)
    request = pipeline.RunRequest(
        settings=settings, period=parse_period("all", dt.date(2026, 11, 23)), flow="test"
    )
    evaluation = pipeline.evaluate(request)
    folder = root / "out"
    folder.mkdir()
    result_table.write_results_csv(evaluation.results, folder / "results.csv")
    result_table.write_csv(evaluation.pooled, folder / "pooled.csv")
    result_table.write_csv(evaluation.subgroups, folder / "subgroups.csv")
    for lang in ("id", "en"):
        write_results_xlsx(
            evaluation.results,
            evaluation.pooled,
            evaluation.subgroups,
            folder / f"results-{lang}.xlsx",
            lang,
        )
    return Published(folder, evaluation, set(scores["nip"]))


def _header(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _rows_of(sheet: Worksheet) -> list[dict[str, object]]:
    header = _header(sheet)
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]


def _assert_same(cell: object, expected: object, where: str) -> None:
    """A cell holds what the CSV holds: empty for empty, numbers to 1e-12, dates and text."""
    if not isinstance(expected, str) and pd.isna(expected):
        assert cell is None, where
    elif isinstance(cell, dt.datetime):
        assert cell.time() == dt.time(0) and cell.date().isoformat() == expected, where
    elif isinstance(expected, str) and expected.startswith("'") and cell == expected[1:]:
        # results.csv neutralises a formula-like text with a leading '; the sheet stores the
        # text itself as text
        assert expected[1:].startswith(FORMULA_START), where
    elif isinstance(cell, bool) or isinstance(expected, str):
        assert cell == expected, where
    else:
        assert isinstance(cell, int | float), where
        assert math.isclose(cell, expected, rel_tol=1e-12, abs_tol=1e-12), where


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_sheet_per_kind_then_pooled_subgroups_and_notes(published, lang) -> None:
    assert published.book(lang).sheetnames == SHEETS[lang]
    for table, index in TABLE_SHEETS.items():
        assert t(f"xlsx_sheet_{table}", lang) == SHEETS[lang][index]


def test_each_kind_has_only_its_columns_under_the_csv_names(published) -> None:
    book = published.book("en")
    for kind in ("numeric", "ordinal", "binary"):
        header = _header(book[SHEETS["en"][TABLE_SHEETS[kind]]])
        assert header == KIND_COLUMNS[kind]
        assert len(set(header)) == len(header)
        # One name per concept: every column is a results.csv column, plus the verdict's label.
        assert set(header) - set(RESULT_COLUMNS) == {"verdict_label"}
        assert header.index("verdict_label") == header.index("verdict") + 1
        assert header[:3] == ["program_id", "instrument", "program_name"]
        assert "instrument_kind" not in header
    numeric, ordinal, binary = (set(KIND_COLUMNS[k]) for k in ("numeric", "ordinal", "binary"))
    assert {"mean_diff", "did_estimate", "hedges_gz", "rtm_expected_change", "shrunk_rank"} <= (
        numeric
    )
    assert not numeric & {"transition", "sign_test_p", "n_ff", "mcnemar_p", "prop_diff"}
    assert {"transition", "sign_test_p", "stuart_maxwell_p", "bhapkar_p", "wilcoxon_p"} <= ordinal
    assert not ordinal & {"mean_diff", "p_value", "n_ff", "mcnemar_p", "verdict_ci_low"}
    assert {"n_ff", "n_fp", "n_pf", "n_pp", "mcnemar_p", "prop_diff_ci_high"} <= binary
    assert not binary & {"mean_diff", "transition", "sign_test_p", "did_estimate"}
    assert _header(book[SHEETS["en"][TABLE_SHEETS["pooled"]]]) == POOLED_COLUMNS
    assert _header(book[SHEETS["en"][TABLE_SHEETS["subgroups"]]]) == SUBGROUP_COLUMNS


@pytest.mark.parametrize("lang", ["id", "en"])
def test_kind_sheets_hold_the_values_of_results_csv(published, lang) -> None:
    csv = published.csv("results.csv")
    book = published.book(lang)
    for kind in ("numeric", "ordinal", "binary"):
        expected = csv[csv["instrument_kind"] == kind].reset_index(drop=True)
        rows = _rows_of(book[SHEETS[lang][TABLE_SHEETS[kind]]])
        assert [r["program_id"] for r in rows] == list(expected["program_id"])
        for row, (_, want) in zip(rows, expected.iterrows(), strict=True):
            for column, cell in row.items():
                where = f"{kind} {row['program_id']} {column}"
                if column == "verdict_label":
                    assert cell == t(f"verdict_{want['verdict']}", lang), where
                else:
                    _assert_same(cell, want[column], where)
    assert {KIND_OF[p] for p in csv["program_id"]} == {"numeric", "ordinal", "binary"}


def test_pooled_and_subgroup_sheets_hold_the_values_of_their_csv(published) -> None:
    book = published.book("id")
    for table, name in (("pooled", "pooled.csv"), ("subgroups", "subgroups.csv")):
        expected = published.csv(name)
        rows = _rows_of(book[SHEETS["id"][TABLE_SHEETS[table]]])
        assert len(rows) == len(expected) > 0
        for i, (row, (_, want)) in enumerate(zip(rows, expected.iterrows(), strict=True)):
            for column, cell in row.items():
                _assert_same(cell, want[column], f"{table} row {i} {column}")


def test_empty_values_are_empty_cells(published) -> None:
    sheet = published.book("en")["Numeric"]
    tiny = next(r for r in _rows_of(sheet) if r["program_id"] == "TINY")
    assert tiny["n_paired"] == 3
    assert tiny["mean_diff"] is None and tiny["p_value"] is None and tiny["cost_idr"] is None
    assert tiny["verdict"] == "insufficient" and tiny["verdict_label"] == "Insufficient data"
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert not any(
        isinstance(v, str) and v.lower() in {"nan", "<na>", "nat", "none"} for v in values
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_names_that_look_like_formulas_are_stored_as_text(published, lang) -> None:
    book = published.book(lang)
    seen = {}
    for kind in ("numeric", "ordinal", "binary"):
        sheet = book[SHEETS[lang][TABLE_SHEETS[kind]]]
        column = _header(sheet).index("program_name") + 1
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=column)
            program = sheet.cell(row=row, column=1).value
            assert cell.data_type == "s" and cell.quotePrefix, program
            seen[program] = cell.value
    assert seen == NAMES
    with zipfile.ZipFile(published.folder / f"results-{lang}.xlsx") as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(part)), part


def test_header_formats_and_number_formats(published) -> None:
    book = published.book("en")
    sheet = book["Numeric"]
    header = _header(sheet)
    last = openpyxl.utils.get_column_letter(len(header))
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"

    def number_format(column: str) -> str:
        return sheet.cell(row=2, column=header.index(column) + 1).number_format

    expected = {
        "p_value": "0.0000",
        "q_bh": "0.0000",
        "did_p": "0.0000",
        "verdict_q": "0.0000",
        "pct_improved": "0.0",
        "mean_diff": "0.00",
        "did_estimate": "0.00",
        "n_paired": "0",
        "n_comparison": "0",
        "start_date": "yyyy-mm-dd",
        "cost_idr": "#,##0",
        "attrition_rate": "0.0%",
    }
    assert {column: number_format(column) for column in expected} == expected
    for column in header:
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(header.index(column) + 1)]
        assert 8 <= width.width <= 50, column
    assert book["Ordinal"].freeze_panes == "D2"
    assert book["Pooled"].freeze_panes == "D2"
    assert book["Subgroups"].freeze_panes == "E2"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_notes_sheet_labels_every_column_and_note_code(published, lang) -> None:
    book = published.book(lang)
    sheet = book[SHEETS[lang][-1]]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    top = next(i for i, row in enumerate(values) if row[0] == t("xlsx_notes_column", lang))
    assert values[top][:3] == [t(f"xlsx_notes_{h}", lang) for h in ("column", "label", "sheets")]
    end = next(i for i in range(top + 1, len(values)) if values[i][0] is None)
    listed = {row[0]: row for row in values[top + 1 : end]}
    data_sheets = SHEETS[lang][:-1]
    columns = {c for name in data_sheets for c in _header(book[name])}
    assert set(listed) == columns and len(listed) == end - top - 1
    for column, (_, label, sheets) in listed.items():
        assert label == t(f"column_{column}", lang) and label, column
        assert set(sheets.split(", ")) == {n for n in data_sheets if column in _header(book[n])}
    codes = {row[0]: row[1] for row in values[end + 2 :] if row[0]}
    results_codes = {
        code
        for value in published.csv("results.csv")["notes"].dropna()
        for code in value.split(";")
    }
    assert results_codes and results_codes <= set(codes)
    assert codes["suppressed_small_group"] == t("note_suppressed_small_group", lang)
    assert values[1][0] == t("xlsx_notes_empty", lang, min_group=5)


def test_no_nip_in_the_workbook(published) -> None:
    for lang in ("id", "en"):
        with zipfile.ZipFile(published.folder / f"results-{lang}.xlsx") as archive:
            text = b"".join(archive.read(part) for part in archive.namelist()).decode()
        assert not any(nip in text for nip in published.nips)


def test_only_the_tables_with_rows_get_a_sheet(tmp_path, published) -> None:
    evaluation = published.evaluation
    ordinal = evaluation.results[evaluation.results["instrument_kind"] == "ordinal"]
    path = tmp_path / "results.xlsx"
    write_results_xlsx(
        ordinal, evaluation.pooled.iloc[:0], evaluation.subgroups.iloc[:0], path, "id"
    )
    assert openpyxl.load_workbook(path).sheetnames == ["Ordinal", "Keterangan"]


def test_every_results_column_is_on_a_kind_sheet_and_every_column_has_a_label() -> None:
    on_sheets = set().union(*KIND_COLUMNS.values())
    assert on_sheets == (set(RESULT_COLUMNS) - {"instrument_kind"}) | {"verdict_label"}
    for column in on_sheets | set(POOLED_COLUMNS) | set(SUBGROUP_COLUMNS):
        for lang in ("id", "en"):
            assert t(f"column_{column}", lang), (column, lang)
