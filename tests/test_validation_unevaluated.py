"""Programmes a landed source names but the load leaves with nothing to evaluate
(evaluasi/sql/fct_unevaluated_programs.sql), on the real ingest."""

from __future__ import annotations

import pandas as pd
from conftest import PROGRAMS, SCORES, load_inbox, nip, score_rows, write_inbox

from evaluasi import warehouse
from evaluasi.messages import LANGUAGES, t
from evaluasi.validation.findings import (
    UNEVALUATED_COLUMNS,
    UNEVALUATED_REASONS,
    unevaluated_programs,
)


def unevaluated(folder) -> pd.DataFrame:
    loaded = load_inbox(folder)
    ledger = loaded.source_files
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()
    with warehouse.connect(folder.parent / f"{folder.name}.duckdb") as con:
        return unevaluated_programs(con)


def test_a_clean_inbox_leaves_no_programme_unevaluated(tmp_path):
    frame = unevaluated(write_inbox(tmp_path / "inbox"))
    assert frame.empty
    assert list(frame.columns) == UNEVALUATED_COLUMNS


def test_every_programme_that_cannot_be_evaluated_says_why(tmp_path):
    folder = tmp_path / "inbox"
    programs = pd.concat(
        [
            PROGRAMS,
            pd.DataFrame(
                [
                    PROGRAMS.iloc[0].to_dict()
                    | {"program_id": "P-D", "name": "Pelatihan Tanpa Nilai"},
                    PROGRAMS.iloc[0].to_dict()
                    | {"program_id": "P-E", "name": "Pelatihan Nilai Rusak"},
                ]
            ),
        ],
        ignore_index=True,
    )
    programs.loc[2, "end_date"] = "2026-07-01"  # P-C: rejected row
    broken = [
        score_rows()[0] | {"program_id": "P-E", "score": "n/a"},
        score_rows()[0] | {"program_id": "P-E", "nip": "1.96502071990022E+17"},
    ]
    typo = [score_rows()[0] | {"program_id": "P-Z"}, score_rows()[1] | {"program_id": "P-Z"}]
    write_inbox(folder, [*score_rows(), *broken, *typo])
    programs.to_csv(folder / "programs.csv", index=False)
    (folder / "participants.csv").write_text(f"nip,program_id\n{nip(1)},P-Y\n{nip(2)},P-D\n")
    frame = unevaluated(folder)
    assert list(frame.columns) == UNEVALUATED_COLUMNS
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    n_c = 2 * len(SCORES["P-C"])
    assert rows == [
        [
            "P-C",
            "Pelatihan Kecil",
            "program_row_rejected",
            "dates_out_of_order",
            "programs.csv",
            "",
            4,
            n_c,
            n_c,
        ],
        ["P-Y", None, "program_not_given", None, None, None, None, 0, 0],
        ["P-Z", None, "program_not_given", None, None, None, None, 2, 2],
        ["P-D", "Pelatihan Tanpa Nilai", "no_scores_loaded", None, "programs.csv", "", 5, 0, 0],
        ["P-E", "Pelatihan Nilai Rusak", "no_scores_loaded", None, "programs.csv", "", 6, 2, 2],
    ]
    assert set(frame["reason"]) <= set(UNEVALUATED_REASONS)


def test_a_conflicting_programme_keeps_its_name_and_rule(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    copy = PROGRAMS.iloc[[1]].assign(jp="300", name="Latsar CPNS Angkatan I")
    pd.concat([PROGRAMS, copy]).to_csv(folder / "programs.csv", index=False)
    frame = unevaluated(folder)
    assert frame[["program_id", "name", "reason", "rule", "program_row"]].values.tolist() == [
        ["P-B", "Latsar CPNS Angkatan 1", "program_row_rejected", "conflicting_duplicate", 3]
    ]


def test_a_programme_evaluated_from_performance_records_alone_is_not_listed(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    extra = PROGRAMS.iloc[1].to_dict() | {"program_id": "P-F", "name": "Pelatihan Kinerja"}
    pd.concat([PROGRAMS, pd.DataFrame([extra])]).to_csv(folder / "programs.csv", index=False)
    (folder / "participants.csv").write_text(f"nip,program_id\n{nip(1)},P-F\n{nip(2)},P-G\n")
    # P-F runs 2026-04-06 to 2026-05-29: pre before the start, post 3 to 15 months after the end.
    (folder / "performance.csv").write_text(
        "nip,instrument,period_end,value\n"
        f"{nip(1)},supervisor_rating,2026-03-31,3\n"
        f"{nip(1)},supervisor_rating,2026-09-30,4\n"
    )
    frame = unevaluated(folder)
    assert frame["program_id"].tolist() == ["P-G"]


def test_no_nip_and_no_persons_name_is_in_it(tmp_path):
    folder = write_inbox(tmp_path / "inbox", [r | {"program_id": "P-Z"} for r in score_rows()])
    (folder / "participants.csv").write_text(
        f"nip,name,program_id\n{nip(1)},Budi Santoso,P-Y\n{nip(2)},Siti Aminah,P-A\n"
    )
    frame = unevaluated(folder)
    assert set(frame["program_id"]) == {"P-A", "P-B", "P-C", "P-Y", "P-Z"}
    text = frame.to_csv(index=False)
    assert "nip" not in set(frame.columns) and "19850312" not in text
    assert "Budi" not in text and "Siti" not in text


def test_every_reason_has_a_text_in_both_languages():
    for reason in UNEVALUATED_REASONS:
        for lang in LANGUAGES:
            assert t(f"unevaluated_{reason}", lang)
