"""Every design and kind of instrument through the whole pipeline, checked in `results.csv`.

An inbox is written from published data whose R output the unit tests already hold: MASS
``anorexia`` (CBT against the control group as comparison colleagues), a 5-category ordinal table
and Bentur et al.'s paired binary table. The statistics must reach `results.csv` unchanged, next
to programmes that are too small, unchanged or without post-test scores.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_inbox
from disclosure_attack import published_from_row, recovered_cells, recovered_margins
from test_stats_comparison import ANOREXIA_POSTWT, ANOREXIA_PREWT, ANOREXIA_TREAT, EXPECTED_ANOREXIA
from test_stats_ordinal_binary import BINARY_EXPECTED, BINARY_TABLES, ORDINAL_EXPECTED, SMALL

from evaluasi.results import RESULT_COLUMNS, SPEC_COLUMNS

PREDIKAT = ["Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik"]
LULUS = ["Tidak Lulus", "Lulus"]
START, END = "2026-03-02", "2026-03-06"


class People:
    """Valid, distinct NIPs: birth dates a day apart from 1975-01-01, both sexes."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        born = dt.date(1975, 1, 1) + dt.timedelta(days=self.count)
        return f"{born:%Y%m%d}200501{1 + self.count % 2}{self.count % 1000:03d}"


def _rows(people: People, program: str, instrument: str, group: str, pairs) -> list[dict]:
    rows = []
    for pre, post in pairs:
        person = people.next()
        for phase, score in (("pre", pre), ("post", post)):
            if score is None:
                continue
            rows.append(
                {
                    "nip": person,
                    "program_id": program,
                    "instrument": instrument,
                    "phase": phase,
                    "score": str(score),
                    "group": group,
                }
            )
    return rows


def _table_pairs(table: list[list[int]], labels: list[str]) -> list[tuple[str, str]]:
    return [
        (labels[i], labels[j])
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


def write_designs_inbox(inbox: Path, programs: pd.DataFrame) -> None:
    """An inbox with `programs` and, for those of ANX, SKP, AHR, TINY, SAME and NOPOST among
    them, the scores described in the module docstring."""
    inbox.mkdir(parents=True, exist_ok=True)
    programs.to_csv(inbox / "programs.csv", index=False)
    pd.DataFrame(
        {
            "instrument": ["weight", "predikat", "lulus"],
            "label": ["Berat", "Predikat SKP", "Kelulusan"],
            "kind": ["numeric", "ordinal", "binary"],
            "scale_min": ["0", "", ""],
            "scale_max": ["200", "", ""],
            "level": ["4", "4", "2"],
            "categories": ["", ";".join(PREDIKAT), ";".join(LULUS)],
        }
    ).to_csv(inbox / "instruments.csv", index=False)
    people = People()
    anorexia = pd.DataFrame(
        {"treat": ANOREXIA_TREAT, "pre": ANOREXIA_PREWT, "post": ANOREXIA_POSTWT}
    )
    rows = []
    for treat, group in (("CBT", "participant"), ("Cont", "comparison")):
        arm = anorexia[anorexia["treat"] == treat]
        rows += _rows(people, "ANX", "weight", group, zip(arm["pre"], arm["post"], strict=True))
    rows += _rows(people, "SKP", "predikat", "participant", _table_pairs(SMALL, PREDIKAT))
    rows += _rows(
        people, "AHR", "lulus", "participant", _table_pairs(BINARY_TABLES["bentur"], LULUS)
    )
    rows += _rows(people, "TINY", "weight", "participant", [(60, 64), (70, 71), (80, 86)])
    rows += _rows(people, "SAME", "weight", "participant", [(60 + k, 60 + k) for k in range(6)])
    rows += _rows(people, "NOPOST", "weight", "participant", [(60 + k, None) for k in range(6)])
    wanted = set(programs["program_id"])
    scores = pd.DataFrame([row for row in rows if row["program_id"] in wanted])
    scores.to_csv(inbox / "scores.csv", index=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    root = tmp_path_factory.mktemp("designs")
    inbox = root / "inbox"
    programs = ["ANX", "SKP", "AHR", "TINY", "SAME", "NOPOST"]
    programs_frame = pd.DataFrame(
        {
            "program_id": programs,
            "name": [f"Programme {p}" for p in programs],
            "type": "TEKNIS",
            "start_date": START,
            "end_date": END,
            "jp": "40",
        }
    )
    write_designs_inbox(inbox, programs_frame)
    return _published(root, inbox)


def _published(root: Path, inbox: Path) -> pd.DataFrame:
    """Load the inbox, evaluate every programme and read `results.csv` back as a reader would."""
    from evaluasi import pipeline
    from evaluasi.config import Settings
    from evaluasi.periods import parse_period
    from evaluasi.results import write_results_csv

    settings = Settings(
        data_dir=root, inbox=inbox, warehouse=root / "w.duckdb", reports_dir=root / "reports"
    )
    load_inbox(inbox, settings.warehouse)
    request = pipeline.RunRequest(
        settings=settings, period=parse_period("all", dt.date(2026, 11, 23)), flow="test"
    )
    path = root / "results.csv"
    write_results_csv(pipeline.evaluate(request).results, path)
    return pd.read_csv(path, keep_default_na=False, na_values=[""]).set_index("program_id")


def test_results_csv_has_the_spec_columns_first(results: pd.DataFrame) -> None:
    assert ["program_id", *list(results.columns)] == RESULT_COLUMNS
    assert RESULT_COLUMNS[2 : 2 + len(SPEC_COLUMNS)] == SPEC_COLUMNS


def test_comparison_group_design_matches_r(results: pd.DataFrame) -> None:
    row = results.loc["ANX"]
    for column, expected in EXPECTED_ANOREXIA["CBT"].items():
        assert row[column] == pytest.approx(expected, rel=1e-9), column
    assert row["n_paired"] == 29
    assert row["verdict_basis"] == "did"
    assert row["verdict_estimate"] == pytest.approx(EXPECTED_ANOREXIA["CBT"]["did_estimate"])
    assert row["verdict"] == "not_shown"  # did_p = 0.10: the comparison speaks, not the t-test
    assert row["rtm_reference"] == "comparison"


def _table_from_row(row: pd.Series) -> list[list[int | None]]:
    return json.loads(row["transition"])


def test_ordinal_instrument_matches_r_or_is_withheld_with_its_cells(results: pd.DataFrame) -> None:
    row = results.loc["SKP"]
    # Tests computed from the cells would give withheld cells back: withheld with them.
    withheld_tests = {"stuart_maxwell_stat", "stuart_maxwell_df", "stuart_maxwell_p"}
    withheld_tests |= {"bhapkar_stat", "bhapkar_p", "wilcoxon_v", "wilcoxon_p"}
    for column, expected in ORDINAL_EXPECTED["small"].items():
        if column in withheld_tests and math.isnan(row[column]):
            continue
        assert row[column] == pytest.approx(expected, rel=1e-9), column
    assert math.isnan(row["stuart_maxwell_p"]) and math.isnan(row["bhapkar_p"])
    assert {"suppressed_small_cells", "cell_tests_withheld"} <= set(row["notes"].split(";"))
    published = published_from_row(row.to_dict(), _table_from_row(row))
    assert recovered_cells(published) == {} and recovered_margins(published) == {}
    shown = [c for line in published.cells for c in line if c is not None]
    assert shown and not [c for c in shown if 0 < c < 5]
    assert row["n_categories"] == 5 and row["verdict_basis"] == "sign"
    # margins before 6, 8, 7, 3, 0 and after 3, 8, 7, 6, 0: half of 24 is reached at 2 and 3
    assert (row["pre_median_category"], row["post_median_category"]) == (2, 3)
    assert math.isnan(row["t_stat"]) and math.isnan(row["mcnemar_p"])


def test_binary_instrument_matches_r_or_is_withheld_with_its_cells(results: pd.DataFrame) -> None:
    row = results.loc["AHR"]
    withheld_tests = {"prop_diff_ci_low", "prop_diff_ci_high"}
    for column, expected in BINARY_EXPECTED["bentur"].items():
        if column in withheld_tests:
            assert math.isnan(row[column]), column
        else:
            assert row[column] == pytest.approx(expected, rel=1e-9), column
    (ff, fp), (pf, pp) = BINARY_TABLES["bentur"]
    # Who passed after failing (7) and failed after passing (1) are the shares improved and
    # declined, published for every programme: shown as they are. The 1 who passed both times
    # is withheld with the 12 who failed both, and so are the pass rates and the Newcombe
    # interval, each of which would give them back.
    assert (row["n_fp"], row["n_pf"]) == (fp, pf)
    assert math.isnan(row["n_ff"]) and math.isnan(row["n_pp"])
    assert math.isnan(row["pass_rate_pre"]) and math.isnan(row["pass_rate_post"])
    assert math.isnan(row["verdict_ci_low"]) and row["verdict_estimate"] == pytest.approx(
        BINARY_EXPECTED["bentur"]["prop_diff"]
    )
    assert {"suppressed_small_cells", "cell_tests_withheld"} <= set(row["notes"].split(";"))
    assert row["pct_improved"] == pytest.approx(100 * fp / (ff + fp + pf + pp))
    assert row["verdict_basis"] == "mcnemar"


def test_edge_programmes_give_empty_values_with_reasons(results: pd.DataFrame) -> None:
    statistics = ["mean_diff", "p_value", "cohen_dz", "hl_estimate", "verdict_p"]
    tiny, same, nopost = results.loc["TINY"], results.loc["SAME"], results.loc["NOPOST"]
    assert tiny["n_paired"] == 3 and tiny[statistics].isna().all()
    assert "suppressed_small_group" in tiny["notes"].split(";")
    assert tiny["verdict"] == "insufficient"

    assert same["n_paired"] == 6 and same["mean_diff"] == 0
    assert np.isnan([same["t_stat"], same["p_value"], same["wilcoxon_p"]]).all()
    assert {"no_variation", "all_differences_zero"} <= set(same["notes"].split(";"))
    assert same["verdict"] == "insufficient"

    assert (nopost["n_pre"], nopost["n_post"], nopost["n_paired"]) == (6, 0, 0)
    assert nopost[statistics].isna().all()
    assert {"too_few_pairs", "suppressed_small_group", "no_post_scores"} <= set(
        nopost["notes"].split(";")
    )
    assert nopost["verdict"] == "insufficient"
