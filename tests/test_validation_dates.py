"""Implausible dates are quarantined with a reason, on the real ingest: years not written in four
digits, dates outside each table's plausible window (every date path: ISO, DD/MM/YYYY, Excel
serial numbers, workbook date cells), and a post score dated before its pre score."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import PROGRAMS, load_inbox, nip, score_rows, write_inbox
from openpyxl import Workbook
from test_validation import row

from evaluasi.messages import t
from evaluasi.validation.stage import date_windows

# One score row, as test_validation writes them.
score = row


def ledger_holds(loaded) -> bool:
    ledger = loaded.source_files
    return bool((ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all())


def latest(table: str) -> dt.date:
    return date_windows(dt.date.today())[table][1]


@pytest.mark.parametrize(
    ("assessed_on", "reason"),
    [
        ("20/10/25", "year_not_four_digits"),
        ("1/3/26", "year_not_four_digits"),
        ("25.10.20", "year_not_four_digits"),
        ("0001-01-01", "date_implausible"),
        ("9999-12-31", "date_implausible"),
        ("01/01/0001", "date_implausible"),
        ("31/12/9999", "date_implausible"),
        ("2958465", "date_implausible"),  # Excel serial of 9999-12-31
        ("100", "date_implausible"),  # Excel serial of 1900-04-09
        ("1949-12-31", "date_implausible"),
    ],
)
def test_implausible_assessment_date_is_quarantined(tmp_path, assessed_on, reason):
    loaded = load_inbox(
        write_inbox(tmp_path / "inbox", [*score_rows(), score(assessed_on=assessed_on)])
    )
    assert loaded.quarantine[["source_row", "column", "reason"]].values.tolist() == [
        [len(score_rows()) + 2, "assessed_on", reason]
    ]
    assert len(loaded.scores) == len(score_rows())
    assert ledger_holds(loaded)


def test_a_two_digit_year_says_to_write_four_digits(tmp_path):
    loaded = load_inbox(
        write_inbox(tmp_path / "inbox", [*score_rows(), score(assessed_on="20/10/25")])
    )
    (detail,) = loaded.quarantine["detail"]
    assert detail == t("reason_year_not_four_digits", "id")
    assert "empat digit" in detail and "20/10/2025" in detail
    assert "four digits" in t("reason_year_not_four_digits", "en")


def test_an_implausible_date_names_the_window(tmp_path):
    loaded = load_inbox(
        write_inbox(tmp_path / "inbox", [*score_rows(), score(assessed_on="9999-12-31")])
    )
    (detail,) = loaded.quarantine["detail"]
    window = t(
        "detail_date_window", "id", earliest="1950-01-01", latest=latest("scores").isoformat()
    )
    assert detail == f"{t('reason_date_implausible', 'id')} ({window})"


def test_dates_at_the_edges_of_the_window_load(tmp_path):
    edge = latest("scores")
    rows = [
        score(assessed_on="1950-01-01"),
        score(nip=nip(902), assessed_on=edge.isoformat()),
        score(nip=nip(903), assessed_on=(edge + dt.timedelta(days=1)).isoformat()),
    ]
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), *rows]))
    assert loaded.quarantine[["source_row", "reason"]].values.tolist() == [
        [len(score_rows()) + 4, "date_implausible"]
    ]
    assert ledger_holds(loaded)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("start_date", "06/07/26", "year_not_four_digits"),
        ("start_date", "0001-01-01", "date_implausible"),
        ("end_date", "9999-12-31", "date_implausible"),
        ("end_date", "31/12/9999", "date_implausible"),
        ("end_date", "2958465", "date_implausible"),
    ],
)
def test_implausible_programme_date_rejects_the_programme_and_names_it(
    tmp_path, column, value, reason
):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    programs.loc[0, column] = value
    programs.to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    rejected = loaded.quarantine[loaded.quarantine["table"] == "programs"]
    assert rejected[["source_row", "column", "reason"]].values.tolist() == [[2, column, reason]]
    assert "P-A" not in set(loaded.programs["program_id"])
    scores = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    assert set(scores["reason"]) == {"program_rejected"}
    assert len(scores) == 2 * 8
    assert ledger_holds(loaded)


def test_a_programme_planned_years_ahead_loads(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    start = latest("programs") - dt.timedelta(days=30)
    programs.loc[2, ["start_date", "end_date"]] = [
        start.isoformat(),
        latest("programs").isoformat(),
    ]
    programs.to_csv(folder / "programs.csv", index=False)
    rows = [r for r in score_rows() if r["program_id"] != "P-C"]
    pd.DataFrame(rows).to_csv(folder / "scores.csv", index=False)
    loaded = load_inbox(folder)
    assert loaded.quarantine.empty
    assert "P-C" in set(loaded.programs["program_id"])


def test_implausible_performance_period_is_quarantined(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    (folder / "performance.csv").write_text(
        "nip,instrument,period_end,value\n"
        f"{nip(1)},supervisor_rating,2026-03-31,3.5\n"
        f"{nip(1)},supervisor_rating,31/12/9999,3.5\n"
        f"{nip(1)},supervisor_rating,31/12/25,3.5\n"
        f"{nip(1)},supervisor_rating,0001-01-01,3.5\n"
    )
    loaded = load_inbox(folder)
    rejected = loaded.quarantine[loaded.quarantine["table"] == "performance"]
    assert rejected[["source_row", "column", "reason"]].values.tolist() == [
        [3, "period_end", "date_implausible"],
        [4, "period_end", "year_not_four_digits"],
        [5, "period_end", "date_implausible"],
    ]
    assert len(loaded.performance) == 1
    assert ledger_holds(loaded)


def test_workbook_date_cells_and_serial_numbers_meet_the_same_window(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    book = Workbook()
    sheet = book.active
    sheet.title = "Nilai"
    sheet.append(["nip", "program_id", "instrument", "phase", "score", "assessed_on"])
    sheet.append([nip(901), "P-A", "knowledge_test", "pre", 50, dt.datetime(9999, 12, 31)])
    sheet.append([nip(902), "P-A", "knowledge_test", "pre", 50, dt.datetime(1900, 4, 9)])
    sheet.append([nip(903), "P-A", "knowledge_test", "pre", 50, 2958465])
    sheet.append([nip(904), "P-A", "knowledge_test", "pre", 50, dt.datetime(2026, 7, 6)])
    sheet.append([nip(905), "P-A", "knowledge_test", "pre", 50, 46209])  # 2026-07-06
    for cell in sheet["F"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet["F4"].number_format = "General"
    sheet["F6"].number_format = "General"
    book.save(folder / "scores_lms.xlsx")
    loaded = load_inbox(folder)
    rejected = loaded.quarantine[loaded.quarantine["source"] == "scores_lms.xlsx"]
    assert rejected[["source_row", "reason"]].values.tolist() == [
        [2, "date_implausible"],
        [3, "date_implausible"],
        [4, "date_implausible"],
    ]
    extra = loaded.scores[loaded.scores["source"] == "scores_lms.xlsx"]
    assert extra["assessed_on"].tolist() == [pd.Timestamp("2026-07-06")] * 2
    assert ledger_holds(loaded)


def test_post_dated_before_pre_quarantines_both_scores_naming_each_other(tmp_path):
    rows = [
        score(assessed_on="2026-07-10"),
        score(phase="post", score="60", assessed_on="2026-07-06"),
    ]
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), *rows]))
    pre_row, post_row = len(score_rows()) + 2, len(score_rows()) + 3
    rejected = loaded.quarantine.sort_values("source_row")
    assert rejected[
        ["source_row", "column", "reason", "related_source", "related_row"]
    ].values.tolist() == [
        [pre_row, "assessed_on", "post_before_pre", "scores.csv", post_row],
        [post_row, "assessed_on", "post_before_pre", "scores.csv", pre_row],
    ]
    pair = t(
        "detail_pair_out_of_order",
        "id",
        pre_row=f"scores.csv baris {pre_row}",
        pre_date="2026-07-10",
        post_row=f"scores.csv baris {post_row}",
        post_date="2026-07-06",
    )
    assert set(rejected["detail"]) == {f"{t('reason_post_before_pre', 'id')} ({pair})"}
    assert (loaded.scores["nip"] != nip(901)).all()
    assert ledger_holds(loaded)


def test_pairs_on_the_same_day_or_without_a_date_load(tmp_path):
    rows = [
        score(assessed_on="2026-07-06"),
        score(phase="post", score="60", assessed_on="2026-07-06"),
        score(nip=nip(902), assessed_on="2026-07-10"),
        score(nip=nip(902), phase="post", score="60", assessed_on=""),
        # Pre and post of different instruments or programmes are not a pair.
        score(nip=nip(903), assessed_on="2026-07-10"),
        score(
            nip=nip(903),
            phase="post",
            instrument="supervisor_rating",
            score="3",
            assessed_on="2026-07-01",
        ),
    ]
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), *rows]))
    assert loaded.quarantine.empty
    assert ledger_holds(loaded)


def test_pair_rule_across_files(tmp_path):
    folder = write_inbox(tmp_path / "inbox", [*score_rows(), score(assessed_on="2026-07-10")])
    pd.DataFrame([score(phase="post", score="60", assessed_on="2026-07-06")]).to_csv(
        folder / "scores_post.csv", index=False
    )
    loaded = load_inbox(folder)
    rejected = loaded.quarantine.sort_values("source")
    assert rejected[["source", "reason", "related_source"]].values.tolist() == [
        ["scores.csv", "post_before_pre", "scores_post.csv"],
        ["scores_post.csv", "post_before_pre", "scores.csv"],
    ]
    assert ledger_holds(loaded)


def test_the_contract_checks_the_windows(tmp_path):
    loaded = load_inbox(write_inbox(tmp_path / "inbox"))
    contract = loaded.summary.expectations
    between = contract[contract["expectation"] == "expect_column_values_to_be_between"]
    assert {("programs", "start_date"), ("programs", "end_date"), ("scores", "assessed_on")} <= set(
        zip(between["table"], between["column"], strict=True)
    )
    assert contract["success"].all()
