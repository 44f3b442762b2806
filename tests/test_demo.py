"""The demo inbox: byte-identical per seed, believable in shape, valid NIPs, about 2% messy rows,
and every design and instrument kind the statistics handle once it is ingested and evaluated.

Everything is checked from the written files (and, at the end, from the results of the ingest
and statistics stages, without Prefect) with rules stated here, not taken from the generator, so
that a change in the generator that breaks the contract makes these tests fail.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from statistics import correlation, mean

import pandas as pd
import pytest
from conftest import evaluate

from evaluasi import demo, warehouse
from evaluasi.demo import DEMO_MARKER, DemoSummary, write_demo_inbox
from evaluasi.sources.tables import DEFAULT_INSTRUMENTS

SCALES = {"knowledge_test": (0.0, 100.0), "supervisor_rating": (1.0, 5.0)}
PREDIKAT = ("Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik")
EXAM = ("Tidak Lulus", "Lulus")  # failing label first, as binary instruments need
CATEGORIES = {"skp_predikat": PREDIKAT, "lulus_ujian": EXAM}
PASS_MARK = 65.0  # the exam's, which the pre-test is marked against too
TYPES = {"PKP", "PKA", "PKN", "LATSAR", "TEKNIS", "FUNGSIONAL"}
RANKS_IV = {"IV/a", "IV/b", "IV/c", "IV/d", "IV/e"}
RANKS = {f"{group}/{letter}" for group in ("II", "III") for letter in "abcd"} | RANKS_IV
LAST_ASSESSMENT = date(2026, 9, 30)
CSV_FILES = ("programs.csv", "instruments.csv", "participants.csv", "scores.csv", "performance.csv")
# SKP predikat come at quarter ends, from a year before the first programme starts.
FIRST_PREDIKAT = date(2024, 9, 30)
# The pipeline's default windows take the post record at least 3 months after the end.
POST_AFTER = timedelta(days=91)


def nip_problem(nip: str) -> str | None:
    """Why `nip` is not a valid PNS NIP by the inbox contract, or None when it is valid."""
    if not re.fullmatch(r"\d{18}", nip):
        return "not 18 digits"
    try:
        birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "impossible birth date"
    if not 1966 <= birth.year <= 2001:
        return "birth year outside 1966-2001"
    appointed = (int(nip[8:12]), int(nip[12:14]))
    if not 1 <= appointed[1] <= 12:
        return "impossible appointment month"
    if appointed > (2025, 6):
        return "appointed after 2025-06"
    if appointed < (birth.year + 18, birth.month):
        return "appointed before the age of 18"
    if nip[14] not in "12":
        return "sex digit not 1 or 2"
    if nip[15:] == "000":
        return "serial 000"
    return None


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("197002071995021001", None),
        ("200112312025062999", None),
        ("197013071995021001", "impossible birth date"),
        ("197002301995021001", "impossible birth date"),
        ("19700207199502100", "not 18 digits"),
        ("1.96502071990022E+17", "not 18 digits"),
        ("197002071995131001", "impossible appointment month"),
        ("199001012025071001", "appointed after 2025-06"),
        ("199006012008051001", "appointed before the age of 18"),
        ("197002071995023001", "sex digit not 1 or 2"),
        ("197002071995021000", "serial 000"),
        ("196002071990021001", "birth year outside 1966-2001"),
    ],
)
def test_nip_check_of_these_tests_rejects_what_it_should(nip, problem):
    assert nip_problem(nip) == problem


@dataclass(frozen=True)
class Inbox:
    summary: DemoSummary
    programs: dict[str, dict[str, str]]
    participants: dict[str, dict[str, str]]
    scores: list[dict[str, str]]
    instruments: dict[str, dict[str, str]]
    performance: list[dict[str, str]]

    def row_problem(self, row: dict[str, str]) -> str | None:
        """Why a score row cannot be used, or None when it is a valid row."""
        if nip_problem(row["nip"]) is not None:
            return "invalid nip"
        if row["nip"] not in self.participants:
            return "unknown person"
        if row["program_id"] not in self.programs:
            return "unknown programme"
        if row["instrument"] not in SCALES | CATEGORIES:
            return "unknown instrument"
        if row["phase"] not in ("pre", "post") or row["group"] not in ("participant", "comparison"):
            return "unknown label"
        if row["instrument"] in CATEGORIES:
            return None if row["score"] in CATEGORIES[row["instrument"]] else "not a category"
        try:
            value = float(row["score"])
        except ValueError:
            return "score not a number"
        low, high = SCALES[row["instrument"]]
        if not low <= value <= high:
            return "score outside scale"
        return None

    @cached_property
    def valid_scores(self) -> list[dict[str, str]]:
        """Valid rows, each exact copy once."""
        seen: set[tuple[str, ...]] = set()
        rows = []
        for row in self.scores:
            key = tuple(row.values())
            if self.row_problem(row) is None and key not in seen:
                seen.add(key)
                rows.append(row)
        return rows

    def messy_rows(self) -> list[dict[str, str]]:
        """Invalid rows plus every repeat of an exact duplicate."""
        counts = Counter(tuple(row.values()) for row in self.scores)
        header = list(self.scores[0])
        repeats = [
            dict(zip(header, key, strict=True)) for key, n in counts.items() for _ in range(n - 1)
        ]
        return [row for row in self.scores if self.row_problem(row) is not None] + repeats


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(folder: Path, summary: DemoSummary) -> Inbox:
    return Inbox(
        summary=summary,
        programs={r["program_id"]: r for r in read_csv(folder / "programs.csv")},
        participants={r["nip"]: r for r in read_csv(folder / "participants.csv")},
        scores=read_csv(folder / "scores.csv"),
        instruments={r["instrument"]: r for r in read_csv(folder / "instruments.csv")},
        performance=read_csv(folder / "performance.csv"),
    )


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> Inbox:
    folder = tmp_path_factory.mktemp("demo") / "inbox"
    return load(folder, write_demo_inbox(folder))


def paired(inbox: Inbox, group: str = "participant") -> dict[tuple[str, str], list[tuple]]:
    """(programme, numeric instrument) -> [(nip, pre, post)] for people with both scores."""
    values: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for row in inbox.valid_scores:
        if row["group"] == group and row["instrument"] in SCALES:
            key = (row["program_id"], row["instrument"], row["nip"])
            values[key][row["phase"]] = float(row["score"])
    pairs: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for (program_id, instrument, nip), phases in sorted(values.items()):
        if len(phases) == 2:
            pairs[program_id, instrument].append((nip, phases["pre"], phases["post"]))
    return pairs


def mean_change(pairs: list[tuple]) -> float:
    return mean(post - pre for _, pre, post in pairs)


def quarter(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.year}Q{(parsed.month - 1) // 3 + 1}"


# --- Determinism --------------------------------------------------------------------------------


def test_same_seed_writes_byte_identical_files(tmp_path, demo_inbox):
    first = demo_inbox.summary.files[0].parent  # written with the default seed
    again = write_demo_inbox(tmp_path)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert set(CSV_FILES) | {DEMO_MARKER} <= set(names)
    for name in names:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert again.messy_by_kind == demo_inbox.summary.messy_by_kind


def test_another_seed_writes_other_people_and_scores(tmp_path, demo_inbox):
    write_demo_inbox(tmp_path, seed=7)
    other = read_csv(tmp_path / "participants.csv")
    assert {r["nip"] for r in other} != set(demo_inbox.participants)
    assert read_csv(tmp_path / "scores.csv") != demo_inbox.scores


def test_summary_lists_the_files_written(demo_inbox):
    files = demo_inbox.summary.files
    assert all(path.is_file() for path in files)
    assert {path.name for path in files} == {*CSV_FILES, DEMO_MARKER}
    assert demo_inbox.summary.n_score_rows == len(demo_inbox.scores)
    assert demo_inbox.summary.n_asn == len(demo_inbox.participants)
    assert demo_inbox.summary.n_performance_rows == len(demo_inbox.performance)


# --- People -------------------------------------------------------------------------------------


def test_participants_are_about_3000_asn_with_valid_unique_nips(demo_inbox):
    rows = read_csv(demo_inbox.summary.files[0].parent / "participants.csv")
    nips = [row["nip"] for row in rows]
    assert 2900 <= len(set(nips)) == len(nips) <= 3100
    problems = {nip: nip_problem(nip) for nip in nips if nip_problem(nip)}
    assert problems == {}
    assert {row["rank"] for row in rows} <= RANKS
    assert 8 <= len({row["unit"] for row in rows}) <= 12
    assert all(row["name"] and row["position"] for row in rows)


def test_names_match_the_sex_digit_of_the_nip(demo_inbox):
    titles = {"H.": "1", "Lalu": "1", "Hj.": "2", "Baiq": "2"}
    first_names = {**dict.fromkeys(demo._MALE_FIRST, "1"), **dict.fromkeys(demo._FEMALE_FIRST, "2")}
    distinct = set()
    for nip, row in demo_inbox.participants.items():
        words = row["name"].split(",")[0].split()
        distinct.add(tuple(words))
        for word in words[:-1]:
            assert titles.get(word, nip[14]) == nip[14], row["name"]
        given = next(word for word in words if word not in titles)
        assert first_names[given] == nip[14], row["name"]
    assert len(distinct) > 1500  # plenty of combinations, not a handful of names repeated


# --- Programmes ---------------------------------------------------------------------------------


def test_25_programmes_of_every_type_over_four_quarters(demo_inbox):
    programs = demo_inbox.programs.values()
    assert len(programs) == 25 == demo_inbox.summary.n_programs
    types = Counter(p["type"] for p in programs)
    assert set(types) == TYPES
    assert types["LATSAR"] >= 3 and types["TEKNIS"] >= 5 and types["FUNGSIONAL"] >= 5
    quarters = Counter(quarter(p["end_date"]) for p in programs)
    assert set(quarters) == {"2025Q4", "2026Q1", "2026Q2", "2026Q3"}
    assert min(quarters.values()) >= 3
    for p in programs:
        assert date.fromisoformat(p["start_date"]) <= date.fromisoformat(p["end_date"])
        assert int(p["jp"]) > 0 and int(p["cost_idr"]) > 0


def test_one_tiny_programme_and_the_others_20_to_150_participants(demo_inbox):
    enrolled = defaultdict(set)
    for row in demo_inbox.valid_scores:
        if row["group"] == "participant":
            enrolled[row["program_id"]].add(row["nip"])
    sizes = {program_id: len(enrolled[program_id]) for program_id in demo_inbox.programs}
    tiny = [program_id for program_id, size in sizes.items() if size < 20]
    assert tiny == [demo_inbox.summary.tiny_program]
    assert sizes[tiny[0]] == 4
    assert all(20 <= size <= 150 for program_id, size in sizes.items() if program_id not in tiny)
    people = Counter(nip for nips in enrolled.values() for nip in nips)
    assert any(count > 1 for count in people.values())  # some attend more than one programme


def test_latsar_takes_new_appointees_and_leadership_training_seniors(demo_inbox):
    for row in demo_inbox.valid_scores:
        kind = demo_inbox.programs[row["program_id"]]["type"]
        person = demo_inbox.participants[row["nip"]]
        appointed = int(row["nip"][8:12])
        if kind == "LATSAR":
            assert appointed in (2024, 2025), row
        elif kind in ("PKP", "PKA", "PKN") and row["group"] == "participant":
            assert appointed <= 2018, row
            assert person["rank"] in {"III/b", "III/c", "III/d"} | RANKS_IV, row


def test_assessment_dates_follow_the_programme(demo_inbox):
    for row in demo_inbox.valid_scores:
        program = demo_inbox.programs[row["program_id"]]
        start = date.fromisoformat(program["start_date"])
        end = date.fromisoformat(program["end_date"])
        on = date.fromisoformat(row["assessed_on"])
        assert on <= LAST_ASSESSMENT and on.weekday() < 5, row
        if row["instrument"] in ("knowledge_test", "lulus_ujian"):
            assert on == (start if row["phase"] == "pre" else end), row
        elif row["phase"] == "pre":
            assert start - timedelta(days=21) <= on < start, row
        else:
            assert end + timedelta(days=75) <= on <= end + timedelta(days=105), row


def test_scores_are_plain_decimals_on_their_scale_or_category_labels(demo_inbox):
    for row in demo_inbox.valid_scores:
        if row["instrument"] in CATEGORIES:
            assert row["score"] in CATEGORIES[row["instrument"]], row
            continue
        pattern = r"\d{1,3}\.\d" if row["instrument"] == "knowledge_test" else r"[1-5]\.\d\d"
        assert re.fullmatch(pattern, row["score"]), row


def test_instruments_are_the_two_defaults_plus_an_ordinal_and_a_binary_one(demo_inbox):
    instruments = demo_inbox.instruments
    assert set(instruments) == {*SCALES, *CATEGORIES}
    # The defaults an inbox without instruments.csv gets, unchanged.
    for values in zip(*DEFAULT_INSTRUMENTS.values(), strict=True):
        default = dict(zip(DEFAULT_INSTRUMENTS, values, strict=True))
        assert instruments[default["instrument"]] == default
    for name, scale in SCALES.items():
        row = instruments[name]
        assert (float(row["scale_min"]), float(row["scale_max"])) == scale
    for name, kind, level in (("skp_predikat", "ordinal", "4"), ("lulus_ujian", "binary", "2")):
        row = instruments[name]
        assert (row["kind"], row["level"]) == (kind, level)
        assert row["scale_min"] == row["scale_max"] == ""
        assert tuple(row["categories"].split(";")) == CATEGORIES[name]
        assert row["label"]


def test_most_programmes_have_a_supervisor_rating(demo_inbox):
    rated = {
        row["program_id"]
        for row in demo_inbox.valid_scores
        if row["instrument"] == "supervisor_rating"
    }
    tested = {
        row["program_id"]
        for row in demo_inbox.valid_scores
        if row["instrument"] == "knowledge_test"
    }
    assert tested == set(demo_inbox.programs)
    assert len(demo_inbox.programs) / 2 < len(rated) < len(demo_inbox.programs)


# --- Effects, drop-outs, comparison groups ------------------------------------------------------


def test_effects_differ_and_exactly_one_programme_harms(demo_inbox):
    pairs = paired(demo_inbox)
    # A handful of pairs says nothing about an effect (that is why the report suppresses them).
    programs = [p for p in demo_inbox.programs if len(pairs[p, "knowledge_test"]) >= 10]
    assert len(programs) == len(demo_inbox.programs) - 1
    knowledge = {p: mean_change(pairs[p, "knowledge_test"]) for p in programs}
    rating = {
        p: mean_change(pairs[p, "supervisor_rating"])
        for p in programs
        if pairs[p, "supervisor_rating"]
    }
    harmful = [p for p, change in rating.items() if change < -0.15]
    assert harmful == [demo_inbox.summary.harmful_program]
    assert -4 < knowledge[harmful[0]] < 4  # about flat
    strong = [p for p, change in rating.items() if change >= 0.3 and knowledge[p] >= 8]
    assert len(strong) >= 3
    assert sum(abs(change) < 3 for change in knowledge.values()) >= 3
    assert max(knowledge.values()) <= 20 and max(rating.values()) <= 0.6


def test_pre_and_post_scores_correlate(demo_inbox):
    pairs = [
        pair
        for (_, instrument), rows in paired(demo_inbox).items()
        if instrument == "knowledge_test"
        for pair in rows
    ]
    assert correlation([pre for _, pre, _ in pairs], [post for _, _, post in pairs]) > 0.4


def test_some_participants_drop_out_of_every_programme(demo_inbox):
    # Over both instruments: only one row per person and programme is broken, so someone whose
    # knowledge post-test was broken still shows a supervisor post rating where there is one.
    phases = defaultdict(set)
    for row in demo_inbox.valid_scores:
        if row["group"] == "participant":
            phases[row["program_id"], row["nip"]].add(row["phase"])
    for program_id in demo_inbox.programs:
        people = [p for (pid, _), p in phases.items() if pid == program_id and "pre" in p]
        if len(people) >= 20:
            share = sum("post" not in p for p in people) / len(people)
            # 3-15% drop out; in programmes without a rating a broken post-test looks like one.
            assert 0.02 <= share <= 0.25, (program_id, share)


def test_comparison_groups_are_untrained_colleagues_measured_alike(demo_inbox):
    rows = demo_inbox.valid_scores
    programs_with_comparison = sorted({r["program_id"] for r in rows if r["group"] == "comparison"})
    assert 4 <= len(programs_with_comparison) <= 6
    assert programs_with_comparison == sorted(demo_inbox.summary.comparison_programs)
    comparison_pairs = paired(demo_inbox, group="comparison")
    participant_pairs = paired(demo_inbox)
    for program_id in programs_with_comparison:

        def people(group: str, pid: str = program_id) -> set[str]:
            return {r["nip"] for r in rows if r["program_id"] == pid and r["group"] == group}

        def dates(group: str, pid: str = program_id) -> set[tuple[str, str]]:
            return {
                (r["phase"], r["assessed_on"])
                for r in rows
                if r["program_id"] == pid
                and r["group"] == group
                and r["instrument"] == "knowledge_test"
            }

        colleagues, trained = people("comparison"), people("participant")
        assert len(colleagues) >= 10 and not colleagues & trained
        units = {demo_inbox.participants[nip]["unit"] for nip in trained}
        assert {demo_inbox.participants[nip]["unit"] for nip in colleagues} <= units
        assert dates("comparison") == dates("participant")
    pooled = [
        pair
        for (_, instrument), rows in comparison_pairs.items()
        if instrument == "knowledge_test"
        for pair in rows
    ]
    assert abs(mean_change(pooled)) < 3
    strongest = max(
        programs_with_comparison, key=lambda p: mean_change(participant_pairs[p, "knowledge_test"])
    )
    assert (
        mean_change(participant_pairs[strongest, "knowledge_test"])
        > mean_change(comparison_pairs[strongest, "knowledge_test"]) + 5
    )


def test_one_programme_ends_with_a_pass_fail_exam(demo_inbox):
    program_id = demo_inbox.summary.exam_program
    exam = [r for r in demo_inbox.valid_scores if r["instrument"] == "lulus_ujian"]
    assert {r["program_id"] for r in exam} == {program_id}
    assert {r["group"] for r in exam} == {"participant"}
    tests = {
        (r["nip"], r["phase"]): float(r["score"])
        for r in demo_inbox.valid_scores
        if r["program_id"] == program_id and r["instrument"] == "knowledge_test"
    }
    for row in exam:
        if row["phase"] == "pre" and (row["nip"], "pre") in tests:
            assert (row["score"] == "Lulus") == (tests[row["nip"], "pre"] >= PASS_MARK), row

    def pass_rate(phase: str) -> float:
        marks = [r["score"] == "Lulus" for r in exam if r["phase"] == phase]
        return sum(marks) / len(marks)

    assert len(exam) >= 150
    assert 0.2 <= pass_rate("pre") <= 0.7 and pass_rate("post") >= pass_rate("pre") + 0.15


# --- Performance records ------------------------------------------------------------------------


def test_every_asn_has_a_quarterly_skp_predikat_from_a_full_quarter_in_service(demo_inbox):
    rows = demo_inbox.performance
    assert {r["instrument"] for r in rows} == {"skp_predikat"}
    keys = [(r["nip"], r["period_end"]) for r in rows]
    assert len(set(keys)) == len(keys)
    assert {r["nip"] for r in rows} == set(demo_inbox.participants)
    for row in rows:
        end = date.fromisoformat(row["period_end"])
        assert FIRST_PREDIKAT <= end <= LAST_ASSESSMENT and row["value"] in PREDIKAT, row
        assert end.month % 3 == 0 and (end + timedelta(days=1)).day == 1, row
        appointed = (int(row["nip"][8:12]), int(row["nip"][12:14]))
        assert (end.year, end.month - 2) >= appointed, row
    shares = Counter(r["value"] for r in rows)
    assert 0.6 <= shares["Baik"] / len(rows) <= 0.85
    assert shares["Sangat Baik"] > shares["Butuh Perbaikan"] > shares["Kurang"]
    assert 0 < shares["Sangat Kurang"] < 0.02 * len(rows)
    # Appraisals are sticky: most people keep last quarter's predikat.
    by_person = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["nip"], r["period_end"])):
        by_person[row["nip"]].append(row["value"])
    kept = [a == b for values in by_person.values() for a, b in itertools.pairwise(values)]
    assert 0.7 <= mean(kept) < 0.97


def test_predikat_surround_programmes_that_ended_early_enough(demo_inbox):
    """Participants and untrained colleagues of their OPD have a record in the year before the
    start and one from 3 months after the end, for programmes that ended early enough."""
    records = defaultdict(list)
    for row in demo_inbox.performance:
        records[row["nip"]].append(date.fromisoformat(row["period_end"]))
    enrolled = defaultdict(set)
    for row in demo_inbox.valid_scores:
        if row["group"] == "participant":
            enrolled[row["program_id"]].add(row["nip"])
    covered = []
    for program_id, nips in enrolled.items():
        program = demo_inbox.programs[program_id]
        start = date.fromisoformat(program["start_date"])
        end = date.fromisoformat(program["end_date"])
        if end + POST_AFTER > LAST_ASSESSMENT:
            continue
        units = {demo_inbox.participants[nip]["unit"] for nip in nips}
        colleagues = {
            nip for nip, row in demo_inbox.participants.items() if row["unit"] in units
        } - nips

        def paired_share(people: set[str], start: date = start, end: date = end) -> float:
            return mean(
                any(start - timedelta(days=365) <= d <= start for d in records[nip])
                and any(
                    end + POST_AFTER <= d <= end + POST_AFTER + timedelta(days=365)
                    for d in records[nip]
                )
                for nip in people
            )

        assert paired_share(colleagues) >= 0.8, program_id
        covered.append((program_id, paired_share(nips)))
    assert len(covered) >= 15
    assert sum(share >= 0.7 for _, share in covered) >= len(covered) - 2


# --- Messy rows ---------------------------------------------------------------------------------


def test_about_two_percent_of_score_rows_are_messy(demo_inbox):
    messy = demo_inbox.messy_rows()
    share = len(messy) / len(demo_inbox.scores)
    assert 0.01 <= share <= 0.03
    assert len(messy) == demo_inbox.summary.n_messy_rows
    assert len({row["program_id"] for row in messy}) >= 15  # spread, not in one file
    problems = Counter(demo_inbox.row_problem(row) for row in messy)
    assert problems["invalid nip"] and problems["unknown programme"]
    assert problems["unknown label"] and problems["score not a number"]
    assert problems["score outside scale"] and problems[None]  # None: an exact duplicate
    nips = [row["nip"] for row in messy]
    assert any(len(nip) == 17 and nip.isdigit() for nip in nips)
    assert any(nip_problem(nip) == "impossible birth date" for nip in nips)


def test_a_scientific_notation_nip_breaks_a_pre_test_whose_post_test_is_fine(demo_inbox):
    numbers = [row for row in demo_inbox.scores if re.fullmatch(r"\d\.\d+E\+17", row["nip"])]
    assert numbers
    valid = demo_inbox.valid_scores
    found = False
    for row in numbers:
        if (row["instrument"], row["phase"]) != ("knowledge_test", "pre"):
            continue
        approx = float(row["nip"])
        same_programme = {
            (r["nip"], r["phase"])
            for r in valid
            if r["program_id"] == row["program_id"] and r["instrument"] == "knowledge_test"
        }
        # Excel keeps 15 significant digits, so the lost serial is within 1000 of the number.
        found |= any(
            abs(int(nip) - approx) < 1000 and (nip, "pre") not in same_programme
            for nip, phase in same_programme
            if phase == "post"
        )
    assert found


# --- Through ingest and statistics --------------------------------------------------------------


@dataclass(frozen=True)
class Evaluated:
    results: pd.DataFrame
    quarantine: pd.DataFrame


@pytest.fixture(scope="module")
def evaluated(demo_inbox: Inbox, tmp_path_factory: pytest.TempPathFactory) -> Evaluated:
    """The demo inbox loaded into a fresh warehouse and evaluated over every period, as
    `evaluasi demo` does, without Prefect and without the report."""
    root = tmp_path_factory.mktemp("evaluated")
    results = evaluate(demo_inbox.summary.files[0].parent, root)
    with warehouse.connect(root / "w.duckdb") as con:
        quarantine = con.execute("select source, reason from quarantine").df()
    return Evaluated(results, quarantine)


def by_instrument(results: pd.DataFrame, instrument: str) -> pd.DataFrame:
    return results[results["instrument"] == instrument].set_index("program_id")


def test_only_the_messy_score_rows_are_quarantined(demo_inbox, evaluated):
    assert set(evaluated.quarantine["source"]) == {"scores.csv"}
    assert len(evaluated.quarantine) == demo_inbox.summary.n_messy_rows


def test_comparison_programmes_are_judged_by_difference_in_differences(demo_inbox, evaluated):
    did = evaluated.results[evaluated.results["verdict_basis"] == "did"]
    assert set(did["instrument"]) <= set(SCALES)
    assert set(did["program_id"]) == set(demo_inbox.summary.comparison_programs)
    assert (did["n_comparison"] >= 8).all()
    design = ["did_estimate", "did_ci_low", "did_ci_high", "did_p", "ancova_effect", "ancova_p"]
    assert did[design].notna().all().all()
    assert (did["verdict_estimate"] == did["did_estimate"]).all()


def test_skp_predikat_rows_carry_a_transition_table_and_marginal_homogeneity(demo_inbox, evaluated):
    predikat = by_instrument(evaluated.results, "skp_predikat")
    tested = predikat[predikat["transition"].notna()]
    assert len(tested) >= 10
    # Stuart-Maxwell and Bhapkar use the off-diagonal cells: where one is withheld, the test
    # would give it back and is withheld with it (privacy.py).
    for _, row in tested.iterrows():
        off_diagonal = [
            c
            for i, line in enumerate(json.loads(row["transition"]))
            for j, c in enumerate(line)
            if i != j
        ]
        if None in off_diagonal:
            assert pd.isna(row["stuart_maxwell_p"]) and "cell_tests_withheld" in row["notes"]
    assert tested["notes"].str.contains("cell_tests_withheld").any()
    for program_id, row in tested.iterrows():
        end = date.fromisoformat(str(row["end_date"])[:10])
        assert end + POST_AFTER <= LAST_ASSESSMENT, program_id
        table = json.loads(row["transition"])
        assert len(table) == len(table[0]) == len(PREDIKAT) == row["n_categories"]
        # cells of 1 to 4 people are withheld (null); the others add up to at most n_paired
        shown = [c for line in table for c in line if c is not None]
        assert all(c == 0 or c >= 5 for c in shown)
        assert sum(shown) <= row["n_paired"]
    harmful = demo_inbox.summary.harmful_program
    assert predikat.loc[harmful, "verdict"] == "negative"
    assert (predikat.loc[list(demo_inbox.summary.strong_programs), "verdict"] == "positive").any()
    # Ordinal comparison designs are not computed; the colleagues' records are paired regardless.
    assert predikat["did_estimate"].isna().all()
    assert (tested["n_comparison"] >= 8).all()


def test_the_exam_row_carries_mcnemar(demo_inbox, evaluated):
    exam = by_instrument(evaluated.results, "lulus_ujian")
    assert list(exam.index) == [demo_inbox.summary.exam_program]
    row = exam.iloc[0]
    assert row["verdict_basis"] == "mcnemar" and row["mcnemar_p"] < 0.05
    cells = row[["n_ff", "n_fp", "n_pf", "n_pp"]]
    assert cells.sum() <= row["n_paired"] and row["n_paired"] >= 50
    # Who passed after failing and failed after passing are the shares that improved and
    # declined, published anyway; the concordant cells follow the small-group rule.
    assert (row["n_fp"], row["n_pf"]) == (
        round(row["pct_improved"] * row["n_paired"] / 100),
        round(row["pct_declined"] * row["n_paired"] / 100),
    )
    assert all(c >= 5 or c == 0 for c in row[["n_ff", "n_pp"]].dropna())
    assert row["prop_diff"] > 0.1
