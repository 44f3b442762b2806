"""`results.xlsx`: the run's results for M&E staff, one formatted sheet per instrument kind, the
pooled and subgroup tables, and a sheet that says what every column and note code means.

The cells hold the values of results.csv, pooled.csv and subgroups.csv under the same column
names; only how Excel shows them (number formats, widths) is chosen here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluasi.messages import t
from evaluasi.privacy import (
    CATEGORY_TABLE_COLUMNS,
    MARGIN_COLUMNS,
    MEDIAN_COLUMNS,
    MIN_GROUP,
    PASS_RATE_COLUMNS,
)
from evaluasi.report.views import code_label, note_codes
from evaluasi.results import (
    COUNT_COLUMNS,
    DESCRIPTIVE_COLUMNS,
    EXTRA_COLUMNS,
    FORMULA_START,
    KEYS,
    POOLED_COLUMNS,
    SPEC_COLUMNS,
)
from evaluasi.stats.engine import BINARY_ONLY, CATEGORY_COLUMNS, KINDS
from evaluasi.stats.ordinal import ORDINAL_COLUMNS
from evaluasi.stats.subgroups import LEVEL_COLUMNS, LEVEL_KEY_COLUMNS
from evaluasi.stats.verdict import VERDICT_COLUMNS

VERDICT_LABEL = "verdict_label"


def _attributes(*not_of_kind: str) -> list[str]:
    """The programme and instrument attributes, without instrument_kind (the sheet says it)."""
    return [c for c in DESCRIPTIVE_COLUMNS if c not in ("instrument_kind", *not_of_kind)]


_PCT = ["pct_improved", "pct_unchanged", "pct_declined"]
_VERDICT = ["verdict", VERDICT_LABEL, *VERDICT_COLUMNS[1:]]
# The columns each kind fills, in results.csv's order within each group.
KIND_COLUMNS: dict[str, list[str]] = {
    "numeric": [
        *KEYS,
        *_attributes("instrument_categories"),
        *SPEC_COLUMNS,
        VERDICT_LABEL,
        *(c for c in EXTRA_COLUMNS if c not in (*CATEGORY_COLUMNS, *CATEGORY_TABLE_COLUMNS)),
        "notes",
    ],
    "ordinal": [
        *KEYS,
        *_attributes("scale_min", "scale_max"),
        *COUNT_COLUMNS,
        *(c for c in ORDINAL_COLUMNS if c not in ("n_paired", "notes")),
        *MARGIN_COLUMNS,
        *MEDIAN_COLUMNS,
        # The sign-test basis of an ordinal verdict has no interval.
        *(c for c in _VERDICT if c not in ("verdict_ci_low", "verdict_ci_high")),
        "notes",
    ],
    "binary": [
        *KEYS,
        *_attributes("scale_min", "scale_max"),
        *COUNT_COLUMNS,
        *BINARY_ONLY,
        *MARGIN_COLUMNS,
        *PASS_RATE_COLUMNS,
        *_PCT,
        *_VERDICT,
        "notes",
    ],
}
SUBGROUP_COLUMNS = [*LEVEL_KEY_COLUMNS, *LEVEL_COLUMNS]
# Columns kept in view while scrolling right: what a row is about.
_FROZEN = {"kind": len(KEYS) + 1, "pooled": 3, "subgroups": len(LEVEL_KEY_COLUMNS)}

P_FORMAT = "0.0000"
PERCENT_FORMAT = "0.0"
ESTIMATE_FORMAT = "0.00"
COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
_DATE_COLUMNS = frozenset({"start_date", "end_date"})
_P_COLUMNS = frozenset({"p_value", "p_holm", "q_bh", "verdict_q", "mcnemar_midp"})
_COUNT_COLUMNS = frozenset({"k", "df", "q_df", "stuart_maxwell_df", "shrunk_rank", *MEDIAN_COLUMNS})
# Values as they come (whole hours, scale limits, a confidence level like 0.95 or 0.969).
_GENERAL_COLUMNS = frozenset({"jp", "scale_min", "scale_max", "hl_conf_level"})
_SPECIAL_FORMATS = {
    "cost_idr": "#,##0",
    "attrition_rate": "0.0%",  # a fraction from 0 to 1 in results.csv, shown as a percentage
    "pass_rate_pre": "0.0%",
    "pass_rate_post": "0.0%",
    "i2": PERCENT_FORMAT,  # already in percent
}
_BOLD = Font(bold=True)
_MIN_WIDTH, _MAX_WIDTH, _NOTE_WIDTH = 8, 50, 100


def write_results_xlsx(
    results: pd.DataFrame,
    pooled: pd.DataFrame,
    subgroups: pd.DataFrame,
    path: Path,
    lang: str,
) -> None:
    """Write `results.xlsx`: a sheet per instrument kind present in ``results`` (KIND_COLUMNS),
    then pooled.csv's and subgroups.csv's tables when they have rows, then the notes sheet.

    Every table has its column names in a bold, frozen header row with an autofilter; numbers
    keep full precision (p-values shown 0.0000, percentages 0.0, estimates 0.00, counts 0, dates
    yyyy-mm-dd); empty values are empty cells; text is always stored as text, never as a formula.
    ``verdict_label`` beside ``verdict`` is the verdict in ``lang``. The tables must already be
    free of identifiers and small groups (results.compute); nothing is added to them.
    """
    book = Workbook()
    book.remove(book.active)
    sheets: list[tuple[str, list[str]]] = []
    label = results["verdict"].map(lambda code: t(f"verdict_{code}", lang), na_action="ignore")
    labelled = results.assign(**{VERDICT_LABEL: label})
    for kind in KINDS:
        rows = labelled[results["instrument_kind"] == kind]
        if len(rows):
            name = t(f"xlsx_sheet_{kind}", lang)
            _write_table(book.create_sheet(name), rows, KIND_COLUMNS[kind], _FROZEN["kind"])
            sheets.append((name, KIND_COLUMNS[kind]))
    for table, frame, columns in (
        ("pooled", pooled, POOLED_COLUMNS),
        ("subgroups", subgroups, SUBGROUP_COLUMNS),
    ):
        if len(frame):
            name = t(f"xlsx_sheet_{table}", lang)
            _write_table(book.create_sheet(name), frame, columns, _FROZEN[table])
            sheets.append((name, columns))
    codes = [*results["notes"], *pooled["pooled_notes"]]
    _write_notes(book.create_sheet(t("xlsx_sheet_notes", lang)), sheets, codes, lang)
    book.save(path)


def _write_table(
    sheet: Worksheet, frame: pd.DataFrame, columns: Sequence[str], frozen: int
) -> None:
    widths = [len(column) + 3 for column in columns]  # room for the autofilter button
    for j, column in enumerate(columns, 1):
        sheet.cell(row=1, column=j, value=column).font = _BOLD
    formats = [_number_format(column) for column in columns]
    for i, row in enumerate(frame.reindex(columns=columns).itertuples(index=False), 2):
        for j, raw in enumerate(row, 1):
            value = _cell_value(raw)
            if value is None:
                continue
            cell = _text_safe(sheet.cell(row=i, column=j, value=value))
            if not isinstance(value, str | bool):
                cell.number_format = formats[j - 1]
            widths[j - 1] = max(widths[j - 1], _shown_length(value))
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(frame), 1) + 1}"
    sheet.freeze_panes = f"{get_column_letter(frozen + 1)}2"
    for j, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(j)].width = min(
            max(width, _MIN_WIDTH), _MAX_WIDTH
        )


def _write_notes(
    sheet: Worksheet,
    sheets: Sequence[tuple[str, Sequence[str]]],
    note_values: Sequence[object],
    lang: str,
) -> None:
    """What the workbook holds: each column once with its label and the sheets it is on, then
    the meaning of every note code that occurs in it."""
    intro = [
        t("xlsx_notes_source", lang),
        t("xlsx_notes_empty", lang, min_group=MIN_GROUP),
        t("xlsx_notes_methods", lang),
    ]
    for i, text in enumerate(intro, 1):
        sheet.cell(row=i, column=1, value=text)
    in_sheets: dict[str, list[str]] = {}
    for name, columns in sheets:
        for column in columns:
            in_sheets.setdefault(column, []).append(name)
    top = len(intro) + 2
    end = _write_block(
        sheet,
        top,
        [t(f"xlsx_notes_{head}", lang) for head in ("column", "label", "sheets")],
        [[c, t(f"column_{c}", lang), ", ".join(names)] for c, names in in_sheets.items()],
    )
    sheet.auto_filter.ref = f"A{top}:C{max(end, top + 1)}"
    sheet.freeze_panes = f"A{top + 1}"
    codes = sorted({code for value in note_values for code in note_codes(value)})
    if codes:
        _write_block(
            sheet,
            end + 2,
            [t(f"xlsx_notes_{head}", lang) for head in ("code", "meaning")],
            [[code, code_label("note", code, lang)] for code in codes],
        )
    longest = max((len(text) for text in [*in_sheets, *codes]), default=0)
    sheet.column_dimensions["A"].width = min(longest + 3, _MAX_WIDTH)
    sheet.column_dimensions["B"].width = _NOTE_WIDTH
    sheet.column_dimensions["C"].width = _MAX_WIDTH


def _write_block(sheet: Worksheet, top: int, heads: list[str], rows: list[list[str]]) -> int:
    """A small text table from row ``top``: bold heads, wrapped descriptions. Its last row."""
    for j, head in enumerate(heads, 1):
        sheet.cell(row=top, column=j, value=head).font = _BOLD
    for i, values in enumerate(rows, top + 1):
        for j, value in enumerate(values, 1):
            cell = _text_safe(sheet.cell(row=i, column=j, value=_cell_value(value)))
            if j == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return top + len(rows)


def _cell_value(value: object) -> object:
    """A table value as Excel stores it: None for every kind of missing, dates without a time,
    plain Python numbers; infinities as results.csv writes them (Excel has no such number)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):  # pandas Timestamps too
        return value.date()
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if isinstance(value, date):
        return value
    # Control characters cannot be stored in a workbook at all; a name that has one loses it.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _text_safe(cell: Cell) -> Cell:
    """Text from the data stays text: openpyxl stores a string starting with `=` as a formula,
    and quotePrefix keeps Excel from reading `=`, `+`, `-` or `@` as one when the cell is edited."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _number_format(column: str) -> str:
    if column in _DATE_COLUMNS:
        return DATE_FORMAT
    if column in _SPECIAL_FORMATS:
        return _SPECIAL_FORMATS[column]
    if column in _GENERAL_COLUMNS:
        return "General"
    if column in _P_COLUMNS or column.endswith("_p"):
        return P_FORMAT
    if column.startswith("pct_"):
        return PERCENT_FORMAT
    if column.startswith("n_") or column in _COUNT_COLUMNS:
        return COUNT_FORMAT
    return ESTIMATE_FORMAT


def _shown_length(value: object) -> int:
    """About how many characters Excel shows for a value, to size its column."""
    if isinstance(value, str):
        return len(value) + 1
    if isinstance(value, date):
        return len("yyyy-mm-dd") + 1
    if isinstance(value, bool):
        return len("FALSE") + 1
    return len(f"{value:,.2f}") + 1
