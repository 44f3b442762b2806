"""Reference rows (programmes, instruments) on the real ingest: a row given twice keeps one copy
when the copies agree; a rejected reference row is the named root cause of the rows that depend
on it; the rejection summary lists root causes first with their knock-on rows under them."""

from __future__ import annotations

import pandas as pd
from conftest import PROGRAMS, SCORES, SUPERVISOR, load_inbox, nip, score_rows, write_inbox

from evaluasi import warehouse
from evaluasi.messages import t
from evaluasi.validation.findings import REJECTION_ROLES, rejection_summary, row_reference
from evaluasi.validation.stage import rebuild_canonical

N_SCORES_P_A = 2 * len(SCORES["P-A"])
N_SCORES_P_B = 2 * len(SCORES["P-B"]) + 2 * len(SUPERVISOR)

INSTRUMENTS = (
    "instrument,kind,scale_min,scale_max,label,level,categories\n"
    "knowledge_test,numeric,0,100,Tes pengetahuan,2,\n"
    "supervisor_rating,numeric,1,5,Penilaian atasan,3,\n"
)


def ledger_holds(loaded) -> bool:
    ledger = loaded.source_files
    return bool((ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all())


def programs_with(*extra: dict[str, str]) -> pd.DataFrame:
    return pd.concat([PROGRAMS, pd.DataFrame(list(extra))], ignore_index=True)


def copy_of(index: int, **changes: str) -> dict[str, str]:
    return PROGRAMS.iloc[index].to_dict() | changes


def kept_detail(kept: str, lang: str = "id") -> str:
    return t("detail_duplicate_kept", lang, kept=kept)


def test_agreeing_copies_of_a_programme_keep_one_and_every_score(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    # The copy leaves the optional cost empty and writes the organizer and name in other
    # capitals and spacing: nothing given in both disagrees.
    copy = copy_of(0, cost_idr="", organizer="bpsdm", name="pelatihan  analisis data")
    programs_with(copy).to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    assert loaded.quarantine[["table", "source_row", "column", "reason"]].values.tolist() == [
        ["programs", 5, "program_id", "duplicate_row"]
    ]
    (rejected,) = loaded.quarantine.itertuples()
    assert rejected.detail == kept_detail("programs.csv baris 2")
    assert (rejected.related_source, rejected.related_row) == ("programs.csv", 2)
    kept = loaded.programs.set_index("program_id").loc["P-A"]
    assert (kept.source_row, kept.cost_idr, kept.organizer) == (2, 150_000_000.0, "BPSDM")
    assert len(loaded.scores) == len(score_rows())
    assert ledger_holds(loaded)


def test_the_copy_with_most_values_given_is_kept_even_when_later(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = programs_with(copy_of(1, cost_idr="95000000"))
    programs.loc[1, "organizer"] = ""
    programs.to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    assert loaded.quarantine[["source_row", "reason", "related_row"]].values.tolist() == [
        [3, "duplicate_row", 5]
    ]
    assert loaded.quarantine["detail"].tolist() == [kept_detail("programs.csv baris 5")]
    kept = loaded.programs.set_index("program_id").loc["P-B"]
    assert (kept.source_row, kept.cost_idr, kept.organizer) == (5, 95_000_000.0, "BPSDM")
    assert len(loaded.scores) == len(score_rows())


def test_on_a_tie_the_first_copy_in_source_order_is_kept(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = programs_with(copy_of(2, organizer=""))
    programs.loc[2, "cost_idr"] = ""
    programs.to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    assert loaded.quarantine[["source_row", "reason", "related_row"]].values.tolist() == [
        [5, "duplicate_row", 4]
    ]


def test_a_copy_in_another_file_names_the_file_kept(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    pd.DataFrame([copy_of(0, jp="40.0", start_date="06/07/2026")]).to_csv(
        folder / "programs_2026.csv", index=False
    )
    loaded = load_inbox(folder)
    assert loaded.quarantine[
        ["source", "reason", "related_source", "related_row"]
    ].values.tolist() == [["programs_2026.csv", "duplicate_row", "programs.csv", 2]]
    assert loaded.quarantine["detail"].tolist() == [kept_detail("programs.csv baris 2")]
    assert ledger_holds(loaded)


def test_copies_that_really_conflict_are_all_rejected_and_name_the_columns(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs_with(copy_of(0, jp="32", end_date="2026-07-09")).to_csv(
        folder / "programs.csv", index=False
    )
    loaded = load_inbox(folder)
    programs = loaded.quarantine[loaded.quarantine["table"] == "programs"]
    assert programs[["source_row", "reason"]].values.tolist() == [
        [2, "conflicting_duplicate"],
        [5, "conflicting_duplicate"],
    ]
    note = t(
        "detail_conflicting_columns",
        "id",
        columns="end_date, jp",
        rows="programs.csv baris 2, programs.csv baris 5",
    )
    assert set(programs["detail"]) == {f"{t('reason_conflicting_duplicate', 'id')} ({note})"}
    assert programs["related_source"].isna().all()
    # The scores follow the root cause, which they name: the first rejected copy.
    scores = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    assert len(scores) == N_SCORES_P_A
    assert set(scores["reason"]) == {"program_rejected"}
    assert set(scores["related_row"]) == {2}
    assert ledger_holds(loaded)


def test_agreeing_copies_of_an_instrument_keep_one(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    (folder / "instruments.csv").write_text(
        INSTRUMENTS
        + "knowledge_test,numeric,0,100,TES PENGETAHUAN,,\n"
        + "supervisor_rating,numeric,1.0,5,,3,\n"
    )
    loaded = load_inbox(folder)
    assert loaded.quarantine[["source_row", "reason", "related_row"]].values.tolist() == [
        [4, "duplicate_row", 2],
        [5, "duplicate_row", 3],
    ]
    assert sorted(loaded.instruments["source_row"]) == [2, 3]
    assert len(loaded.scores) == len(score_rows())
    assert ledger_holds(loaded)


def test_an_ordinal_instrument_given_twice_with_other_spacing_in_its_categories(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    (folder / "instruments.csv").write_text(
        INSTRUMENTS
        + "skp,ordinal,,,SKP,3,Kurang;Baik;Sangat Baik\n"
        + "skp,ordinal,,,SKP,3,kurang ; baik ; sangat baik\n"
        + "kt2,ordinal,,,,,Kurang;Baik\n"
        + "kt2,ordinal,,,,,Baik;Kurang\n"
    )
    loaded = load_inbox(folder)
    reasons = loaded.quarantine.set_index("source_row")["reason"].to_dict()
    assert reasons == {5: "duplicate_row", 6: "conflicting_duplicate", 7: "conflicting_duplicate"}


def test_a_score_of_a_rejected_programme_names_the_root_row(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    programs.loc[1, "jp"] = "banyak"
    programs.to_csv(folder / "programs.csv", index=False)
    (folder / "participants.csv").write_text(
        f"nip,program_id\n{nip(1)},P-B\n{nip(2)},P-Z\n{nip(3)},\n"
    )
    extra = score_rows()[0] | {"program_id": "P-Z"}
    pd.DataFrame([*score_rows(), extra]).to_csv(folder / "scores.csv", index=False)
    loaded = load_inbox(folder)
    quarantine = loaded.quarantine
    by_reason = quarantine.groupby(["source", "reason"]).size().to_dict()
    assert by_reason == {
        ("programs.csv", "not_a_number"): 1,
        ("scores.csv", "program_rejected"): N_SCORES_P_B,
        ("scores.csv", "unknown_program"): 1,
        ("participants.csv", "program_rejected"): 1,
        ("participants.csv", "unknown_program"): 1,
    }
    knock_on = quarantine[quarantine["reason"] == "program_rejected"]
    root = t("detail_root_row", "id", row="programs.csv baris 3", reasons="not_a_number")
    assert set(knock_on["detail"]) == {f"{t('reason_program_rejected', 'id')} ({root})"}
    assert set(zip(knock_on["related_source"], knock_on["related_row"], strict=True)) == {
        ("programs.csv", 3)
    }
    unknown = quarantine[quarantine["reason"] == "unknown_program"]
    assert set(unknown["detail"]) == {t("reason_unknown_program", "id")}
    assert unknown["related_source"].isna().all()
    assert ledger_holds(loaded)


def test_a_root_row_with_two_broken_rules_names_both(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    programs.loc[2, ["jp", "start_date"]] = ["-4", "2026-13-01"]
    programs.to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    knock_on = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    root = t(
        "detail_root_row", "id", row="programs.csv baris 4", reasons="not_a_date, out_of_range"
    )
    assert set(knock_on["detail"]) == {f"{t('reason_program_rejected', 'id')} ({root})"}


def test_rows_of_a_rejected_instrument_name_it(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    (folder / "instruments.csv").write_text(
        "instrument,kind,scale_min,scale_max\n"
        "knowledge_test,numeric,0,100\n"
        "supervisor_rating,numeric,5,1\n"
    )
    (folder / "performance.csv").write_text(
        f"nip,instrument,period_end,value\n{nip(1)},supervisor_rating,2026-03-31,3\n"
        f"{nip(1)},skp,2026-03-31,3\n"
    )
    loaded = load_inbox(folder)
    by_reason = loaded.quarantine.groupby(["table", "reason"]).size().to_dict()
    assert by_reason == {
        ("instruments", "scale_out_of_order"): 1,
        ("scores", "instrument_rejected"): 2 * len(SUPERVISOR),
        ("performance", "instrument_rejected"): 1,
        ("performance", "unknown_instrument"): 1,
    }
    knock_on = loaded.quarantine[loaded.quarantine["reason"] == "instrument_rejected"]
    assert set(knock_on["related_row"]) == {3}
    assert (
        knock_on["detail"]
        .str.endswith("(instruments.csv baris 3 ditolak: scale_out_of_order)")
        .all()
    )
    assert ledger_holds(loaded)


def test_a_root_row_in_a_workbook_names_its_sheet(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    programs.loc[0, "end_date"] = "2026-07-01"
    with pd.ExcelWriter(folder / "programs.xlsx") as writer:
        programs.to_excel(writer, sheet_name="Program", index=False)
    (folder / "programs.csv").unlink()
    loaded = load_inbox(folder)
    knock_on = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    assert set(knock_on["related_sheet"]) == {"Program"}
    reference = row_reference("programs.xlsx", "Program", 2, "id")
    assert reference == "programs.xlsx lembar Program baris 2"
    assert knock_on["detail"].str.contains(reference, regex=False).all()
    assert row_reference("programs.csv", "", 4, "en") == "programs.csv row 4"


def test_the_summary_puts_root_causes_first_with_their_knock_on_rows_under_them(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = programs_with(copy_of(0, organizer=""), copy_of(1, type="PKP"))
    programs.loc[2, "end_date"] = "2026-07-01"
    programs.to_csv(folder / "programs.csv", index=False)
    broken = score_rows()[0] | {"score": "n/a"}
    unknown = score_rows()[0] | {"program_id": "P-Z"}
    pd.DataFrame([broken, *score_rows()[1:], unknown]).to_csv(folder / "scores.csv", index=False)
    loaded = load_inbox(folder)
    summary = loaded.summary.rejections
    columns = ["role", "source", "column", "reason", "rows", "related_source", "related_row"]
    assert summary[columns].astype(object).where(
        summary[columns].notna(), None
    ).values.tolist() == [
        ["root_cause", "programs.csv", "end_date", "dates_out_of_order", 1, None, None],
        ["knock_on", "scores.csv", "program_id", "program_rejected", 6, "programs.csv", 4],
        ["root_cause", "programs.csv", "program_id", "conflicting_duplicate", 2, None, None],
        [
            "knock_on",
            "scores.csv",
            "program_id",
            "program_rejected",
            N_SCORES_P_B,
            "programs.csv",
            3,
        ],
        ["root_cause", "programs.csv", "program_id", "duplicate_row", 1, "programs.csv", 2],
        ["row", "scores.csv", "program_id", "unknown_program", 1, None, None],
        ["row", "scores.csv", "score", "not_a_number", 1, None, None],
    ]
    assert summary["position"].tolist() == list(range(1, 8))
    assert set(summary["role"]) <= set(REJECTION_ROLES)
    # What the data-quality page reads today is still there.
    assert {"source", "table", "column", "reason", "rows"} <= set(summary.columns)
    assert summary["rows"].sum() == len(loaded.quarantine)
    with warehouse.connect(folder.parent / "inbox.duckdb") as con:
        assert rejection_summary(con).equals(summary)
    assert ledger_holds(loaded)


def test_scores_given_twice_keep_todays_rule(tmp_path):
    # Among scores a copy differing in anything is a conflict: nothing is filled in from another.
    first = score_rows()[0]
    copy = first | {"assessed_on": ""}
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), copy]))
    assert set(loaded.quarantine["reason"]) == {"conflicting_duplicate"}
    assert len(loaded.quarantine) == 2
    assert loaded.quarantine["related_source"].isna().all()


def test_details_speak_the_run_language(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = programs_with(copy_of(0, organizer=""))
    programs.loc[2, "end_date"] = "2026-07-01"
    programs.to_csv(folder / "programs.csv", index=False)
    load_inbox(folder)
    with warehouse.connect(folder.parent / "inbox.duckdb") as con:
        rebuild_canonical(con, "run-2", "en")
        details = dict(
            con.execute(
                "select reason, any_value(detail) from quarantine group by reason"
            ).fetchall()
        )
    root = t("detail_root_row", "en", row="programs.csv row 4", reasons="dates_out_of_order")
    assert details == {
        "dates_out_of_order": t("reason_dates_out_of_order", "en"),
        "duplicate_row": kept_detail("programs.csv row 2", "en"),
        "program_rejected": f"{t('reason_program_rejected', 'en')} ({root})",
    }
