"""Every kind of bad row is quarantined with a reason; everything else loads; nothing is lost."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import (
    BROKEN_NIP,
    PROGRAMS,
    SUPERVISOR,
    load_inbox,
    nip,
    score_rows,
    with_broken_row,
    write_inbox,
)

from evaluasi import warehouse
from evaluasi.messages import t
from evaluasi.sources.catalog import Catalog
from evaluasi.sources.extract import SourceError
from evaluasi.sources.landing import check_sources
from evaluasi.validation.stage import REASONS


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
        (row(nip="196513071990021001"), "nip", "nip_invalid_birth_date"),
        (row(nip="19850312201013 1 001"), "nip", "nip_invalid_appointment"),
        (row(nip="198503122010013001"), "nip", "nip_invalid_sex_digit"),
        (row(nip="1985031220100110"), "nip", "nip_not_18_digits"),
        (row(nip=""), "nip", "missing_value"),
        (row(program_id="P-Z"), "program_id", "unknown_program"),
        (row(instrument="iq_test"), "instrument", "unknown_instrument"),
        (row(phase="pst"), "phase", "unknown_phase"),
        (row(score="850"), "score", "score_outside_scale"),
        (row(score="-1"), "score", "score_outside_scale"),
        (row(score="n/a"), "score", "not_a_number"),
        (row(score=""), "score", "missing_value"),
        (row(assessed_on="31/02/2026"), "assessed_on", "not_a_date"),
        (row(group="treatment"), "group", "unknown_group"),
        (row(instrument="supervisor_rating", score="6"), "score", "score_outside_scale"),
    ],
)
def test_bad_score_row_is_quarantined_with_reason(tmp_path, bad, column, reason):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), bad]))
    rejected = loaded.quarantine
    assert rejected[["source_row", "column", "reason"]].values.tolist() == [
        [len(score_rows()) + 2, column, reason]
    ]
    assert rejected["source"].tolist() == ["scores.csv"]
    assert rejected["detail"].tolist() == [t(f"reason_{reason}", "id")]
    assert set(rejected["reason"]) <= set(REASONS)
    assert len(loaded.scores) == len(score_rows())


def test_a_row_breaking_two_rules_is_one_quarantined_row_with_two_reasons(tmp_path):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), row(nip="", score="")]))
    assert sorted(loaded.quarantine["column"]) == ["nip", "score"]
    ledger = loaded.source_files.set_index("source")
    assert ledger.loc["scores.csv", "rows_quarantined"] == 1


def test_accepted_spellings_are_normalised(tmp_path):
    rows = [
        row(
            phase="Sebelum",
            score="50,5",
            assessed_on="06/07/2026",
            group="pembanding",
            nip="19850312 201001 1 901",
        ),
        row(phase="POST-TEST", nip=nip(901), score="55", assessed_on="46213", group="comparison"),
    ]
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), *rows]))
    assert loaded.quarantine.empty
    extra = loaded.scores[loaded.scores["nip"] == nip(901)].sort_values("phase", ascending=False)
    assert extra[["phase", "score", "group"]].values.tolist() == [
        ["pre", 50.5, "comparison"],
        ["post", 55.0, "comparison"],
    ]
    assert extra["assessed_on"].tolist() == [pd.Timestamp("2026-07-06"), pd.Timestamp("2026-07-10")]


@pytest.mark.parametrize("spelling", ["pre", "pre-test", "pretest", "sebelum", "awal", "Pre Test"])
def test_built_in_pre_spellings(tmp_path, spelling):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), row(phase=spelling)]))
    assert loaded.quarantine.empty


@pytest.mark.parametrize(
    "spelling", ["post", "post-test", "posttest", "sesudah", "setelah", "akhir", "AKHIR"]
)
def test_built_in_post_spellings(tmp_path, spelling):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", [*score_rows(), row(phase=spelling)]))
    assert loaded.quarantine.empty


def test_ordinal_scores_are_labels_of_the_instruments_categories(tmp_path):
    folder = write_inbox(
        tmp_path / "inbox",
        [
            row(instrument="skp", score="Baik"),
            row(instrument="skp", phase="post", score="sangat baik"),
            row(instrument="skp", nip=nip(903), score="Istimewa"),
        ],
    )
    (folder / "instruments.csv").write_text(
        "instrument,kind,scale_min,scale_max,categories\n"
        "knowledge_test,numeric,0,100,\n"
        "skp,ordinal,,,Sangat Kurang;Kurang;Butuh Perbaikan;Baik;Sangat Baik\n"
    )
    loaded = load_inbox(folder)
    assert sorted(loaded.scores["score"]) == [4.0, 5.0]
    assert loaded.quarantine[["column", "reason"]].values.tolist() == [
        ["score", "unknown_category"]
    ]


def test_instrument_rules(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    (folder / "instruments.csv").write_text(
        "instrument,kind,scale_min,scale_max,level,categories\n"
        "knowledge_test,numeric,0,100,2,\n"
        "a,numeric,5,1,,\n"
        "b,scale,0,1,,\n"
        "c,ordinal,,,,Baik\n"
        "d,binary,,,,Tidak lulus;Lulus;Istimewa\n"
        "e,numeric,0,10,7,\n"
        "f,binary,,,,Tidak lulus;Lulus\n"
    )
    loaded = load_inbox(folder)
    instruments = loaded.quarantine[loaded.quarantine["table"] == "instruments"]
    reasons = instruments.set_index("source_row")["reason"].to_dict()
    assert reasons == {
        3: "scale_out_of_order",
        4: "unknown_kind",
        5: "categories_invalid",
        6: "categories_invalid",
        7: "out_of_range",
    }
    assert sorted(loaded.instruments["instrument"]) == ["f", "knowledge_test"]
    # The instruments file replaces the defaults: supervisor ratings are now unknown.
    scores = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    assert set(scores["reason"]) == {"unknown_instrument"}
    assert len(scores) == 2 * len(SUPERVISOR)
    assert (loaded.scores["instrument"] == "knowledge_test").all()


def test_exact_duplicate_keeps_first_copy_and_conflicts_quarantine_all(tmp_path):
    first = row()
    conflicting = [row(nip=nip(902), score="40"), row(nip=nip(902), score="41")]
    loaded = load_inbox(
        write_inbox(tmp_path / "inbox", [*score_rows(), first, first, *conflicting])
    )
    reasons = loaded.quarantine.set_index("source_row")["reason"].to_dict()
    base = len(score_rows()) + 2
    assert reasons == {
        base + 1: "duplicate_row",
        base + 2: "conflicting_duplicate",
        base + 3: "conflicting_duplicate",
    }
    assert (loaded.scores["nip"] == nip(901)).sum() == 1
    assert set(loaded.quarantine["column"]) == {"nip,program_id,instrument,phase"}


def test_duplicates_across_files_keep_the_first_file(tmp_path):
    folder = write_inbox(tmp_path / "inbox", [*score_rows(), row()])
    pd.DataFrame([row()]).to_csv(folder / "scores_late.csv", index=False)
    loaded = load_inbox(folder)
    assert loaded.quarantine[["source", "reason"]].values.tolist() == [
        ["scores_late.csv", "duplicate_row"]
    ]


def test_programme_with_dates_out_of_order_takes_its_scores_along(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    programs = PROGRAMS.copy()
    programs.loc[2, "end_date"] = "2026-07-01"
    programs.to_csv(folder / "programs.csv", index=False)
    loaded = load_inbox(folder)
    by_table = loaded.quarantine.groupby(["table", "reason"]).size().to_dict()
    # The scores follow from the rejected programme row, which they name; they are not scores
    # of a programme no file gives.
    assert by_table == {("programs", "dates_out_of_order"): 1, ("scores", "program_rejected"): 6}
    scores = loaded.quarantine[loaded.quarantine["table"] == "scores"]
    assert set(zip(scores["related_source"], scores["related_row"], strict=True)) == {
        ("programs.csv", 4)
    }
    assert scores["detail"].str.endswith("(programs.csv baris 4 ditolak: dates_out_of_order)").all()


def test_every_row_read_is_loaded_or_quarantined(tmp_path):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", with_broken_row(score_rows())))
    ledger = loaded.source_files.set_index("source")
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()
    assert ledger.loc["scores.csv", "rows_quarantined"] == 1
    assert ledger.loc["scores.csv", "rows_loaded"] == len(loaded.scores)
    assert loaded.quarantine["raw"].str.contains(BROKEN_NIP, regex=False).all()


def test_contract_checks_are_recorded(tmp_path):
    loaded = load_inbox(write_inbox(tmp_path / "inbox", with_broken_row(score_rows())))
    contract = loaded.summary.expectations
    assert contract["success"].all()
    scores = contract[contract["table"] == "scores"]
    assert "expect_column_values_to_match_regex" in set(scores["expectation"])
    assert (scores["element_count"] == len(score_rows())).all()


def test_missing_inbox_and_table_are_clear_errors(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        check_sources(tmp_path / "nowhere", Catalog())
    folder = write_inbox(tmp_path / "inbox")
    (folder / "programs.csv").unlink()
    with pytest.raises(SourceError, match=r"no source gives the programs table"):
        check_sources(folder, Catalog())


def test_missing_column_is_a_clear_error_and_nothing_changes(tmp_path):
    folder = write_inbox(tmp_path / "inbox")
    first = load_inbox(folder)
    pd.DataFrame(score_rows()).drop(columns="phase").to_csv(folder / "scores.csv", index=False)
    with pytest.raises(SourceError, match=r"scores\.csv.*phase"):
        load_inbox(folder)
    with warehouse.connect(folder.parent / "inbox.duckdb") as con:
        assert con.execute("select count(*) from scores").fetchone()[0] == len(first.scores)
