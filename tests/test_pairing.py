"""Pairing performance records around programmes, for participants and comparison colleagues."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from evaluasi import warehouse
from evaluasi.pairing import derive_performance_scores
from evaluasi.sources.catalog import PerformanceWindow

# Defaults: pre at most 12 months before the start; post 3 to 15 months after the end.
START, END = "2024-07-01", "2024-07-31"


class Warehouse:
    """A throw-away warehouse file whose canonical rows are inserted directly."""

    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path))
        self.con.execute(warehouse.sql("schema"))
        self._row = itertools.count(1)

    def _lineage(self) -> tuple[str, str, int]:
        return ("t", "", next(self._row))

    def program(
        self, program_id: str, start: str = START, end: str = END, type: str = "TEKNIS"
    ) -> None:
        self.con.execute(
            "insert into programs (program_id, name, type, start_date, end_date, jp,"
            " source, sheet, source_row) values (?, ?, ?, ?, ?, 40, ?, ?, ?)",
            [program_id, program_id, type, start, end, *self._lineage()],
        )

    def person(
        self,
        nip: str,
        unit: str | None = None,
        rank: str | None = None,
        program_id: str | None = None,
    ) -> None:
        self.con.execute(
            "insert into participants (nip, program_id, unit, rank, source, sheet, source_row)"
            " values (?, ?, ?, ?, ?, ?, ?)",
            [nip, program_id, unit, rank, *self._lineage()],
        )

    def records(self, nip: str, *dated: tuple[str, float], instrument: str = "skp") -> None:
        for period_end, value in dated:
            self.con.execute(
                "insert into performance values (?, ?, ?, ?, ?, ?, ?)",
                [nip, instrument, period_end, value, *self._lineage()],
            )

    def score(
        self,
        nip: str,
        program_id: str,
        phase: str,
        score: float,
        instrument: str = "skp",
        group: str = "participant",
    ) -> None:
        self.con.execute(
            "insert into scores values (?, ?, ?, ?, ?, null, ?, ?, ?, ?)",
            [nip, program_id, instrument, phase, score, group, *self._lineage()],
        )

    def derive(self, windows: dict[str, PerformanceWindow] | None = None) -> int:
        return derive_performance_scores(self.con, windows or {})

    def rows(self, group: str = "participant", program_id: str = "P") -> set[tuple]:
        """(nip, instrument, phase, score, assessed_on) of one group of one programme."""
        return set(
            self.con.execute(
                "select nip, instrument, phase, score, assessed_on from performance_scores"
                ' where "group" = ? and program_id = ?',
                [group, program_id],
            ).fetchall()
        )

    def comparison_nips(self, program_id: str = "P") -> set[str]:
        return {row[0] for row in self.rows("comparison", program_id)}


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    built = Warehouse(tmp_path / "w.duckdb")
    built.program("P")
    yield built
    built.con.close()


def enrol(wh: Warehouse, nip: str, program_id: str = "P", unit: str = "Dinas Kesehatan") -> None:
    wh.person(nip, unit=unit, rank="III/a", program_id=program_id)


# Participants -----------------------------------------------------------------------------------


def test_pre_is_the_latest_record_before_the_start_within_the_window(wh):
    enrol(wh, "A")
    wh.records("A", ("2023-12-31", 2.0), ("2024-03-31", 3.0), ("2024-06-30", 4.0))
    assert wh.derive() == 1
    assert wh.rows() == {("A", "skp", "pre", 4.0, d("2024-06-30"))}


def test_a_record_on_the_start_date_counts_as_pre(wh):
    enrol(wh, "A")
    wh.records("A", ("2024-06-30", 3.0), ("2024-07-01", 4.0))
    wh.derive()
    assert wh.rows() == {("A", "skp", "pre", 4.0, d("2024-07-01"))}


def test_a_record_older_than_the_pre_window_gives_no_pre(wh):
    enrol(wh, "A")
    enrol(wh, "B")
    wh.records("A", ("2023-06-30", 3.0))
    # The window's first day (start - 12 months) is still inside.
    wh.records("B", ("2023-07-01", 3.0))
    wh.derive()
    assert wh.rows() == {("B", "skp", "pre", 3.0, d("2023-07-01"))}


def test_no_record_gives_no_row(wh):
    enrol(wh, "A")
    enrol(wh, "B")
    wh.records("B", ("2024-06-30", 3.0))
    assert wh.derive() == 1
    assert {row[0] for row in wh.rows()} == {"B"}


def test_records_during_the_training_are_neither_pre_nor_post(wh):
    enrol(wh, "A")
    # Post begins at end + 3 months = 2024-10-31.
    wh.records("A", ("2024-07-15", 3.0), ("2024-07-31", 3.5), ("2024-10-30", 4.0))
    assert wh.derive() == 0


def test_post_is_the_first_record_at_least_n_months_after_the_end(wh):
    enrol(wh, "A")
    wh.records(
        "A", ("2024-09-30", 3.0), ("2024-10-31", 4.0), ("2024-12-31", 5.0), ("2025-03-31", 6.0)
    )
    wh.derive()
    assert wh.rows() == {("A", "skp", "post", 4.0, d("2024-10-31"))}


def test_a_record_beyond_the_post_window_gives_no_post(wh):
    enrol(wh, "A")
    enrol(wh, "B")
    # The window's last day is end + (3 + 12) months = 2025-10-31.
    wh.records("A", ("2025-11-01", 3.0))
    wh.records("B", ("2025-10-31", 3.0))
    wh.derive()
    assert wh.rows() == {("B", "skp", "post", 3.0, d("2025-10-31"))}


def test_month_ends_clamp_to_the_last_day_of_the_shorter_month(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.program("P", start="2024-01-02", end="2024-01-31")
    enrol(wh, "A")
    enrol(wh, "B")
    # 31 Jan 2024 + 1 month = 29 Feb 2024 (there is no 31 Feb): 28 Feb is still during the training.
    wh.records("A", ("2024-02-28", 3.0))
    wh.records("B", ("2024-02-29", 3.0))
    wh.derive({"skp": PerformanceWindow(12, 1, 12)})
    assert wh.rows() == {("B", "skp", "post", 3.0, d("2024-02-29"))}


def test_windows_per_instrument_come_from_the_dict_and_others_use_defaults(wh):
    enrol(wh, "A")
    for instrument in ("skp", "kinerja"):
        records = (("2024-01-31", 2.0), ("2024-12-31", 4.0), ("2025-03-31", 5.0))
        wh.records("A", *records, instrument=instrument)
    wh.derive({"skp": PerformanceWindow(pre_window_months=3, post_after_months=7)})
    assert wh.rows() == {
        ("A", "kinerja", "pre", 2.0, d("2024-01-31")),
        ("A", "kinerja", "post", 4.0, d("2024-12-31")),
        # 2024-01-31 is more than 3 months before the start; post begins at 2025-02-28.
        ("A", "skp", "post", 5.0, d("2025-03-31")),
    }


def test_a_direct_score_wins_over_a_derived_one(wh):
    enrol(wh, "A")
    wh.records("A", ("2024-06-30", 3.0), ("2024-12-31", 4.0))
    wh.score("A", "P", "pre", 2.5)
    wh.score("A", "P", "post", 9.0, instrument="knowledge_test")
    assert wh.derive() == 1
    assert wh.rows() == {("A", "skp", "post", 4.0, d("2024-12-31"))}


def test_enrolment_comes_from_participants_rows_and_from_participant_scores(wh):
    enrol(wh, "A")
    wh.score("B", "P", "pre", 60.0, instrument="knowledge_test")
    wh.score("C", "P", "pre", 60.0, instrument="knowledge_test", group="comparison")
    wh.person("D", unit="Dinas Kesehatan", rank="III/a")  # register only: not enrolled
    for person in "ABCD":
        wh.records(person, ("2024-06-30", 3.0))
    wh.derive()
    assert {row[0] for row in wh.rows()} == {"A", "B"}


def test_rerunning_replaces_the_rows_without_duplicates(wh):
    enrol(wh, "A")
    wh.person("B", unit="Dinas Kesehatan", rank="III/b")
    for person in "AB":
        wh.records(person, ("2024-06-30", 3.0), ("2024-12-31", 4.0))
    first = wh.derive()
    everything = "select * from performance_scores order by all"
    before = wh.con.execute(everything).fetchall()
    assert wh.derive() == first == 4
    assert wh.con.execute(everything).fetchall() == before


# Comparison group -------------------------------------------------------------------------------


def both_records(wh: Warehouse, *nips: str) -> None:
    for person in nips:
        wh.records(person, ("2024-06-30", 3.0), ("2024-12-31", 4.0))


def test_comparison_colleagues_share_the_opd_and_rank_band(wh):
    enrol(wh, "A")
    wh.person("A", unit="Dinas Kesehatan", rank="III/a")  # A's register row
    wh.person("B", unit="DINAS  kesehatan", rank="Penata Muda Tingkat I (III/b)")
    wh.person("C", unit="Dinas Pendidikan", rank="III/a")  # other OPD
    wh.person("D", unit="Dinas Kesehatan", rank="Pembina (IV/a)")  # other band
    wh.person("E", unit="Dinas Kesehatan", rank="IX")  # PPPK: unknown band
    wh.person("F", unit="Dinas Kesehatan", rank=None)  # unknown band
    both_records(wh, *"ABCDEF")
    wh.derive()
    assert wh.comparison_nips() == {"B", "E", "F"}
    assert wh.rows("comparison") >= {
        ("B", "skp", "pre", 3.0, d("2024-06-30")),
        ("B", "skp", "post", 4.0, d("2024-12-31")),
    }


def test_a_participant_of_unknown_rank_draws_colleagues_on_the_opd_only(wh):
    wh.person("A", unit="Dinas Kesehatan", rank="Staf", program_id="P")
    wh.person("B", unit="Dinas Kesehatan", rank="IV/b")
    wh.person("C", unit="Dinas Pendidikan", rank="IV/b")
    both_records(wh, *"ABC")
    wh.derive()
    assert wh.comparison_nips() == {"B"}


def test_unit_and_rank_come_from_the_register_row_first(wh):
    enrol(wh, "A")
    # B's enrolment elsewhere says another OPD, the register row wins.
    wh.program("Q", start="2020-01-06", end="2020-01-10")
    wh.person("B", unit="Dinas Pendidikan", rank="IV/a", program_id="Q")
    wh.person("B", unit="Dinas Kesehatan", rank="III/c")
    # C has only an enrolment row (of another programme), which then gives the unit and rank.
    wh.person("C", unit="Dinas Kesehatan", rank="III/d", program_id="Q")
    both_records(wh, *"ABC")
    wh.derive()
    assert wh.comparison_nips() == {"B", "C"}


def test_colleagues_trained_in_the_window_in_a_programme_of_the_same_type_are_excluded(wh):
    enrol(wh, "A")
    wh.program("Q", start="2024-03-04", end="2024-03-08", type="TEKNIS")  # in P's window
    wh.program("R", start="2024-03-04", end="2024-03-08", type="LATSAR")  # another type
    wh.program("S", start="2021-03-01", end="2021-03-05", type="TEKNIS")  # long before
    # P's evidence window for skp is [2023-07-01, 2025-10-31]; T ends on its first day.
    wh.program("T", start="2023-06-26", end="2023-07-01", type="TEKNIS")
    for person, program_id in (("F", "Q"), ("G", "R"), ("H", "S"), ("J", "T")):
        wh.person(person, unit="Dinas Kesehatan", rank="III/b")
        enrol(wh, person, program_id)
    both_records(wh, *"AFGHJ")
    wh.derive()
    assert wh.comparison_nips() == {"G", "H"}


def test_enrolled_participants_never_appear_as_comparison(wh):
    enrol(wh, "A")
    enrol(wh, "B")
    wh.score("C", "P", "post", 70.0, instrument="knowledge_test")
    for person in "ABC":
        wh.person(person, unit="Dinas Kesehatan", rank="III/a")
    wh.person("D", unit="Dinas Kesehatan", rank="III/a")
    both_records(wh, *"ABCD")
    wh.derive()
    assert wh.comparison_nips() == {"D"}
    assert {row[0] for row in wh.rows()} == {"A", "B", "C"}


def test_comparison_rows_use_the_programme_dates_and_keep_half_pairs(wh):
    enrol(wh, "A")
    wh.records("A", ("2024-06-30", 3.0))
    for person in "BCD":
        wh.person(person, unit="Dinas Kesehatan", rank="III/a")
    wh.records("B", ("2023-06-30", 1.0), ("2024-03-31", 2.0), ("2024-07-15", 2.5))
    wh.records("C", ("2024-09-30", 3.0), ("2025-01-31", 3.5), ("2026-01-31", 4.0))
    wh.records("D", ("2025-12-31", 4.0))  # beyond the post window: nothing
    wh.derive()
    assert wh.rows("comparison") == {
        ("B", "skp", "pre", 2.0, d("2024-03-31")),
        ("C", "skp", "post", 3.5, d("2025-01-31")),
    }


def test_comparison_rows_follow_per_instrument_windows_and_direct_scores(wh):
    enrol(wh, "A")
    wh.person("B", unit="Dinas Kesehatan", rank="III/a")
    both_records(wh, "A", "B")
    wh.score("B", "P", "post", 3.9, group="comparison")
    wh.derive({"skp": PerformanceWindow(pre_window_months=0)})
    # pre_window 0: only a record on the start date itself would do.
    assert wh.rows("comparison") == set()


def test_no_comparison_rows_for_an_instrument_no_participant_has(wh):
    enrol(wh, "A")
    wh.person("B", unit="Dinas Kesehatan", rank="III/a")
    both_records(wh, "A")
    wh.records("B", ("2024-06-30", 3.0), instrument="kinerja")
    wh.derive()
    assert wh.comparison_nips() == set()


@pytest.mark.parametrize(
    ("rank", "band"),
    [
        ("III/a", "III"),
        ("Penata Muda (III/a)", "III"),
        ("Pengatur Tingkat I (II/d)", "II"),
        ("iv-b", "IV"),
        ("I a", "I"),
        ("IX", None),
        ("Golongan III", None),
        ("", None),
        (None, None),
    ],
)
def test_rank_bands_parse_the_roman_numeral_of_the_golongan(wh, rank, band):
    wh.person("A", unit=" Dinas  Kesehatan ", rank=rank)
    got = wh.con.execute(warehouse.sql("int_rank_bands")).fetchall()
    assert got == [("A", "dinas kesehatan", band)]
