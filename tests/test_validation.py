"""Every kind of bad row is quarantined with a reason; everything else loads; nothing is lost."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import BROKEN_NIP, PROGRAMS, nip, score_rows, with_broken_row, write_inbox

from evaluasi.sources.inbox import InboxError, check_inbox, read_inbox
from evaluasi.validation import validate_tables
from evaluasi.validation.validate import REASONS


def validate(folder):
    return validate_tables(read_inbox(folder))


def row(**changes: str) -> dict[str, str]:
    base = {
        "nip": nip(901),
        "program_id": "P-A",
        "instrument": "knowledge_test",
        "phase": "pre",
        "score": "50",
        "assessed_on": "2026-07-06",
        "group": "",
    }
    return base | changes


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        (row(nip=BROKEN_NIP), "nip", "nip_stored_as_number"),
        (row(nip="196513071990021001"), "nip", "nip_invalid"),
        (row(nip=""), "nip", "missing_value"),
        (row(program_id="P-Z"), "program_id", "unknown_program"),
        (row(instrument="iq_test"), "instrument", "unknown_instrument"),
        (row(phase="pst"), "phase", "unknown_phase"),
        (row(score="850"), "score", "score_outside_scale"),
        (row(score="-1"), "score", "score_outside_scale"),
        (row(score="n/a"), "score", "not_a_number"),
        (row(score=""), "score", "missing_value"),
        (row(assessed_on="31/02/2026"), "assessed_on", "not_a_date"),
        (row(group="control"), "group", "unknown_group"),
        (row(instrument="supervisor_rating", score="6"), "score", "score_outside_scale"),
    ],
)
def test_bad_score_row_is_quarantined_with_reason(tmp_path, bad, column, reason):
    validated = validate(write_inbox(tmp_path, [*score_rows(), bad]))
    rejected = validated.rejections
    assert rejected[["source_row", "column", "reason"]].values.tolist() == [
        [len(score_rows()) + 2, column, reason]
    ]
    assert rejected["source_file"].tolist() == ["scores.csv"]
    assert rejected["detail"].str.len().min() > 20, "the detail says what to do"
    assert set(rejected["reason"]) <= set(REASONS)
    assert len(validated.scores) == len(score_rows())


def test_accepted_spellings_are_normalised(tmp_path):
    rows = [
        row(
            phase="Sebelum",
            score="50,5",
            assessed_on="06/07/2026",
            group="comparison",
            nip="19850312 201001 1 901",
        )
    ]
    validated = validate(write_inbox(tmp_path, [*score_rows(), *rows]))
    assert validated.rejections.empty
    loaded = validated.scores.iloc[-1]
    assert (loaded.nip, loaded.phase, loaded.score, loaded.group) == (
        nip(901),
        "pre",
        50.5,
        "comparison",
    )
    assert loaded.assessed_on == pd.Timestamp("2026-07-06")


def test_ordinal_scores_are_labels_of_the_instruments_categories(tmp_path):
    write_inbox(
        tmp_path,
        [
            row(instrument="skp", score="Baik"),
            row(instrument="skp", phase="post", score="sangat baik"),
            row(instrument="skp", nip=nip(903), score="Istimewa"),
        ],
    )
    (tmp_path / "instruments.csv").write_text(
        "instrument,kind,scale_min,scale_max,categories\n"
        "knowledge_test,numeric,0,100,\n"
        "skp,ordinal,,,Sangat Kurang;Kurang;Butuh Perbaikan;Baik;Sangat Baik\n"
    )
    validated = validate(tmp_path)
    assert validated.scores["score"].tolist() == [4.0, 5.0]
    assert validated.rejections[["column", "reason"]].values.tolist() == [
        ["score", "unknown_category"]
    ]


def test_exact_duplicate_keeps_first_copy_and_conflicts_quarantine_all(tmp_path):
    first = row()
    conflicting = [row(nip=nip(902), score="40"), row(nip=nip(902), score="41")]
    validated = validate(write_inbox(tmp_path, [*score_rows(), first, first, *conflicting]))
    reasons = validated.rejections.set_index("source_row")["reason"].to_dict()
    base = len(score_rows()) + 2
    assert reasons == {
        base + 1: "duplicate_row",
        base + 2: "conflicting_duplicate",
        base + 3: "conflicting_duplicate",
    }
    assert (validated.scores["nip"] == nip(901)).sum() == 1


def test_programme_with_dates_out_of_order_takes_its_scores_along(tmp_path):
    write_inbox(tmp_path)
    programs = PROGRAMS.copy()
    programs.loc[2, "end_date"] = "2026-07-01"
    programs.to_csv(tmp_path / "programs.csv", index=False)
    validated = validate(tmp_path)
    by_table = validated.rejections.groupby(["table", "reason"]).size().to_dict()
    assert by_table == {("programs", "dates_out_of_order"): 1, ("scores", "unknown_program"): 6}


def test_every_row_read_is_loaded_or_quarantined(tmp_path):
    validated = validate(write_inbox(tmp_path, with_broken_row(score_rows())))
    sources = validated.sources.set_index("source_file")
    assert (sources["rows_read"] == sources["rows_loaded"] + sources["rows_quarantined"]).all()
    assert sources.loc["scores.csv", "rows_quarantined"] == 1
    assert sources.loc["scores.csv", "rows_loaded"] == len(validated.scores)
    assert validated.rejections["raw"].str.contains(BROKEN_NIP, regex=False).all()


def test_expectation_summary_counts_failures_per_rule(tmp_path):
    validated = validate(write_inbox(tmp_path, with_broken_row(score_rows())))
    summary = validated.expectations.set_index(["table", "reason"])["unexpected"]
    assert summary[("scores", "nip_stored_as_number")] == 1
    assert summary[("scores", "unknown_program")] == 0


def test_missing_inbox_table_and_column_are_clear_errors(tmp_path):
    with pytest.raises(InboxError, match="does not exist"):
        check_inbox(tmp_path / "nowhere")
    write_inbox(tmp_path)
    (tmp_path / "programs.csv").unlink()
    with pytest.raises(InboxError, match=r"programs\.csv is missing"):
        check_inbox(tmp_path)
    write_inbox(tmp_path)
    pd.DataFrame(score_rows()).drop(columns="phase").to_csv(tmp_path / "scores.csv", index=False)
    with pytest.raises(InboxError, match=r"scores\.csv: column phase is missing"):
        read_inbox(tmp_path)


def test_non_utf8_file_is_a_clear_error(tmp_path):
    write_inbox(tmp_path)
    (tmp_path / "programs.csv").write_bytes(
        "program_id,name\nP-A,Pelatihan Ã\xa0\n".encode("cp1252", errors="replace") + b"\xff\n"
    )
    with pytest.raises(InboxError, match=r"programs.csv: .*not UTF-8"):
        read_inbox(tmp_path)
