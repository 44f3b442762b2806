"""What validation found, as the summary and data-quality pages read it: the programmes the latest
load leaves without anything to evaluate, and the rejections in the order to show them.

Both come from `evaluasi/sql/` models over the warehouse (`fct_unevaluated_programs`,
`fct_rejection_summary`); neither carries a NIP or a person's name.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from evaluasi import warehouse
from evaluasi.messages import t

# Why a programme cannot be evaluated; the catalogue explains each as `unevaluated_<code>`.
UNEVALUATED_REASONS = ("program_row_rejected", "program_not_given", "no_scores_loaded")
UNEVALUATED_COLUMNS = [
    "program_id",
    "name",
    "reason",
    "rule",
    "program_source",
    "program_sheet",
    "program_row",
    "scores_landed",
    "scores_quarantined",
]
# Roles of the lines of the rejection summary, in the order they come.
REJECTION_ROLES = ("root_cause", "knock_on", "row")


def unevaluated_programs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per programme id that a landed source names but the latest load leaves with
    nothing to evaluate (UNEVALUATED_COLUMNS): rejected programme rows first, then ids no
    programs source gives, then loaded programmes none of whose scores loaded."""
    return warehouse.query(con, "fct_unevaluated_programs")


def rejection_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Quarantined rows counted per source, table, column and reason, root causes first and
    each knock-on line after its root (see evaluasi/sql/fct_rejection_summary.sql)."""
    return warehouse.query(con, "fct_rejection_summary")


def row_reference(source: str, sheet: str | None, source_row: int, lang: str) -> str:
    """A row as a user finds it: `programs.csv row 4` (`programs.csv baris 4`), with the sheet
    of a workbook; the words the rules use for the `related_*` rows in a quarantine detail."""
    key = "detail_row_reference_sheet" if sheet else "detail_row_reference"
    return t(key, lang, source=source, sheet=sheet or "", row=source_row)
