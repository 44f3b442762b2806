"""Periodic performance records, end to end: inbox -> ASOF pairing -> programme results."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from conftest import PROGRAMS, evaluate, load_inbox, nip

PERIODS = ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31", "2027-03-31"]


def kinerja(person: int, period: int, trained: bool) -> float:
    """A performance score that rises after the training for the trained people only."""
    base = 70 + person
    return float(base + (8 if trained and period >= 3 else 0) + period)


def write_performance_inbox(folder):
    folder.mkdir(parents=True)
    PROGRAMS.iloc[:1].to_csv(folder / "programs.csv", index=False)  # P-A, 6-10 July 2026
    pd.DataFrame({"nip": [], "program_id": [], "instrument": [], "phase": [], "score": []}).to_csv(
        folder / "scores.csv", index=False
    )
    (folder / "instruments.csv").write_text(
        "instrument,kind,scale_min,scale_max,label\nkinerja,numeric,0,120,Nilai kinerja\n"
    )
    people = range(1, 11)
    trained = set(range(1, 7))
    register = pd.DataFrame(
        {
            "nip": [nip(p) for p in people],
            "unit": ["Dinas A"] * 10,
            "rank": ["Penata Muda (III/a)"] * 10,
            "program_id": ["P-A" if p in trained else "" for p in people],
        }
    )
    # The untrained also appear once as plain register rows; the trained only as enrolments.
    register.to_csv(folder / "participants.csv", index=False)
    records = [
        {
            "nip": nip(p),
            "instrument": "kinerja",
            "period_end": period_end,
            "value": str(kinerja(p, i, p in trained)).replace(".", ","),
        }
        for p in people
        for i, period_end in enumerate(PERIODS)
    ]
    pd.DataFrame(records).to_csv(folder / "performance.csv", index=False, sep=";")
    (folder / "sources.toml").write_text(
        "[performance.kinerja]\npre_window_months = 12\npost_after_months = 3\n"
        "post_window_months = 6\n"
    )
    return folder


def test_performance_records_are_paired_and_evaluated(tmp_path):
    inbox = write_performance_inbox(tmp_path / "inbox")
    results = evaluate(inbox, tmp_path)
    row = results.set_index(["program_id", "instrument"]).loc[("P-A", "kinerja")]
    # pre = 30 June 2026 (latest on or before 6 July); post = 31 December 2026 (first on or
    # after 10 October); 30 September falls inside the post_after window and counts as neither.
    diffs = [kinerja(p, 3, True) - kinerja(p, 1, True) for p in range(1, 7)]
    assert (row["n_participants"], row["n_paired"], row["n_comparison"]) == (6, 6, 4)
    assert row["mean_diff"] == sum(diffs) / 6
    assert row["pre_mean"] == sum(kinerja(p, 1, True) for p in range(1, 7)) / 6

    loaded = load_inbox(inbox, tmp_path / "w.duckdb", run_id="again")
    derived = loaded.performance_scores
    assert set(derived["assessed_on"]) == {pd.Timestamp("2026-06-30"), pd.Timestamp("2026-12-31")}
    comparison = derived[derived["group"] == "comparison"]
    assert sorted(comparison["nip"].unique()) == [nip(p) for p in range(7, 11)]
    assert dt.date(2026, 9, 30) not in set(derived["assessed_on"].dt.date)


def test_several_records_on_one_date_are_quarantined_and_pairing_uses_the_others(tmp_path):
    inbox = write_performance_inbox(tmp_path / "inbox")
    records = pd.read_csv(inbox / "performance.csv", sep=";", dtype=str)
    # Person 1 has two different values on 30 June 2026: neither can be trusted.
    clash = records[(records["nip"] == nip(1)) & (records["period_end"] == "2026-06-30")]
    clash = clash.assign(value="99")
    pd.concat([records, clash]).to_csv(inbox / "performance.csv", index=False, sep=";")
    loaded = load_inbox(inbox)
    assert loaded.quarantine["reason"].tolist() == ["conflicting_duplicate"] * 2
    pre = loaded.performance_scores.query("nip == @nip(1) and phase == 'pre'")
    # The pre score then falls back to the latest remaining record in the window: 31 March.
    assert pre["assessed_on"].tolist() == [pd.Timestamp("2026-03-31")]
    assert pre["score"].tolist() == [kinerja(1, 0, True)]
