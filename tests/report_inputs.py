"""A small run's report inputs for the report tests: four programme x instrument rows (a
numeric test, an ordinal rating, a programme with a hostile name and a suppressed one) with
their pairs, pools, subgroups and history."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from evaluasi.privacy import release_categories
from evaluasi.report import ReportInput, RunInfo, write_report
from evaluasi.results import PAIRED_COLUMNS, RESULT_COLUMNS

HOSTILE = "<script>alert(1)</script>"
WIB = timezone(timedelta(hours=7))


def result_row(
    program_id: str,
    name: str,
    instrument: str,
    pre: np.ndarray,
    post: np.ndarray,
    **overrides: object,
) -> dict[str, object]:
    """A results row whose descriptive numbers agree with the pairs it came from."""
    d = post - pre
    n = len(d)
    row: dict[str, object] = dict.fromkeys(RESULT_COLUMNS, np.nan)
    row.update(
        program_id=program_id,
        instrument=instrument,
        program_name=name,
        program_type="PKP",
        start_date=pd.Timestamp("2026-07-06"),
        end_date=pd.Timestamp("2026-09-25"),
        jp=120.0,
        cost_idr=185_000_000.0,
        instrument_label=instrument.title(),
        instrument_kind="numeric",
        scale_min=0.0,
        scale_max=100.0,
        n_participants=float(n + 4),
        n_pre=float(n + 2),
        n_post=float(n + 1),
        n_paired=float(n),
        pre_mean=pre.mean(),
        pre_sd=pre.std(ddof=1),
        post_mean=post.mean(),
        post_sd=post.std(ddof=1),
        mean_diff=d.mean(),
        sd_diff=d.std(ddof=1),
        se_diff=d.std(ddof=1) / np.sqrt(n),
        df=float(n - 1),
        notes="",
        n_comparison=np.nan,
    )
    row.update(
        ci_low=row["mean_diff"] - 2.0 * row["se_diff"],
        ci_high=row["mean_diff"] + 2.0 * row["se_diff"],
        t_stat=row["mean_diff"] / row["se_diff"],
        cohen_dz=row["mean_diff"] / row["sd_diff"],
        p_value=0.0004,
        p_holm=0.0012,
        q_bh=0.0008,
        wilcoxon_v=300.0,
        wilcoxon_p=0.0011,
        rank_biserial=0.62,
        shapiro_w=0.97,
        shapiro_p=0.41,
        pct_improved=70.0,
        pct_unchanged=10.0,
        pct_declined=20.0,
        normalized_gain=0.21,
        mde_dz=0.53,
        d_av=0.6,
    )
    row.update(dz_ci_low=row["cohen_dz"] - 0.4, dz_ci_high=row["cohen_dz"] + 0.4)
    row.update(
        mean_diff_shrunk=row["mean_diff"] * 0.8,
        mean_diff_shrunk_ci_low=row["ci_low"] * 0.8,
        mean_diff_shrunk_ci_high=row["ci_high"] * 0.8,
        shrunk_rank=1.0,
    )
    row.update(overrides)
    if row["instrument_kind"] == "ordinal":
        row.update(_category_columns(pre, post, int(row["scale_max"])))
    # The verdict rests on the paired change unless a row says otherwise.
    basis = {
        "verdict_basis": "paired",
        "verdict_estimate": row["mean_diff"],
        "verdict_ci_low": row["ci_low"],
        "verdict_ci_high": row["ci_high"],
        "verdict_p": row["p_value"],
        "verdict_q": row["q_bh"],
    }
    row.update({name: value for name, value in basis.items() if name not in overrides})
    return row


def _category_columns(pre: np.ndarray, post: np.ndarray, k: int) -> dict[str, object]:
    """The published table of an ordinal row, as results.compute makes it (privacy.py)."""
    table = np.zeros((k, k))
    np.add.at(table, (pre.astype(int) - 1, post.astype(int) - 1), 1)
    release = release_categories(table, ordinal=True)

    def listed(values: np.ndarray) -> list[int | None]:
        return [None if np.isnan(v) else int(v) for v in values]

    return {
        "transition": json.dumps([listed(line) for line in release.cells]),
        "pre_counts": json.dumps(listed(release.pre_counts)),
        "post_counts": json.dumps(listed(release.post_counts)),
        "pre_median_category": float(release.pre_median),
        "post_median_category": float(release.post_median),
        "n_categories": float(k),
    }


def make_report_input() -> ReportInput:
    rng = np.random.default_rng(7)
    lead_pre = rng.normal(62, 9, 30).round()
    lead_post = (lead_pre + rng.normal(7, 6, 30)).round()
    likert_pre = rng.integers(2, 5, 30).astype(float)
    likert_post = np.clip(likert_pre + rng.integers(-1, 2, 30), 1, 5).astype(float)
    hostile_pre = rng.normal(70, 8, 12).round(1)
    hostile_post = hostile_pre - rng.normal(4, 3, 12).round(1)
    small = np.array([60.0, 70.0, 65.0])
    results = pd.DataFrame(
        [
            result_row(
                "PKP-2026-01",
                "Pelatihan Kepemimpinan Pengawas",
                "pengetahuan",
                lead_pre,
                lead_post,
                verdict="positive",
            ),
            result_row(
                "PKP-2026-01",
                "Pelatihan Kepemimpinan Pengawas",
                "sikap",
                likert_pre,
                likert_post,
                verdict="not_shown",
                verdict_basis="sign",
                verdict_estimate=0.5,
                verdict_ci_low=np.nan,
                verdict_ci_high=np.nan,
                instrument_kind="ordinal",
                scale_min=1.0,
                scale_max=5.0,
                q_bh=0.31,
                p_value=0.2,
                ci_low=-0.1,
            ),
            result_row(
                "TEK-07",
                HOSTILE,
                "pengetahuan",
                hostile_pre,
                hostile_post,
                verdict="negative",
                program_type="TEKNIS",
                cost_idr=np.nan,
                notes="no_scale_max;made_up_code",
            ),
            result_row(
                "../../x",
                "Latsar CPNS Gelombang 3",
                "pengetahuan",
                small,
                small + np.array([5.0, 2.0, 9.0]),
                verdict="insufficient",
                program_type="LATSAR",
                notes="too_few_pairs;suppressed_small_group",
                verdict_basis=None,
                **dict.fromkeys([*PAIRED_COLUMNS, "p_holm", "q_bh"], np.nan),
            ),
        ]
    )
    pairs = pd.concat(
        [
            pd.DataFrame(
                {
                    "program_id": "PKP-2026-01",
                    "instrument": "pengetahuan",
                    "pre": lead_pre,
                    "post": lead_post,
                }
            ),
            pd.DataFrame(
                {
                    "program_id": "PKP-2026-01",
                    "instrument": "sikap",
                    "pre": likert_pre,
                    "post": likert_post,
                }
            ),
            pd.DataFrame(
                {
                    "program_id": "TEK-07",
                    "instrument": "pengetahuan",
                    "pre": hostile_pre,
                    "post": hostile_post,
                }
            ),
        ],
        ignore_index=True,
    )
    sources = pd.DataFrame(
        {
            "source": ["programs.csv", "scores.xlsx"],
            "table": ["programs", "scores"],
            "rows_read": [4, 1250],
            "rows_loaded": [4, 1234],
            "rows_quarantined": [0, 16],
        }
    )
    rejections = pd.DataFrame(
        {
            "source": ["scores.xlsx", "scores.xlsx"],
            "table": ["scores", "scores"],
            "column": ["nip", "score"],
            "reason": ["nip_not_18_digits", "score_out_of_range"],
            "rows": [11, 5],
        }
    )
    run = RunInfo(
        run_id="2026Q3-20261001T0200",
        started_at=datetime(2026, 10, 1, 2, 0, tzinfo=WIB),
        period="2026Q3",
        lang="id",
        parameters={"period": "2026Q3", "program": "all"},
        versions={"python": "3.11.7", "evaluasi": "0.1.0", "plotly": "7.1.0"},
        input_fingerprints={"scores.xlsx": "a" * 64, "programs.csv": "b" * 64},
    )
    contract = pd.DataFrame(
        {
            "table": ["scores", "scores"],
            "expectation": [
                "expect_column_values_to_match_regex",
                "expect_column_values_to_be_in_set",
            ],
            "column": ["nip", "phase"],
            "success": [True, True],
            "element_count": [250_000, 250_000],
            "unexpected_count": [0, 0],
            "sampled": [True, True],
        }
    )
    pooled = pd.DataFrame(
        [
            {
                "scope": "instrument",
                "instrument": "pengetahuan",
                "program_type": None,
                "k": 2,
                "pooled_estimate": 1.5,
                "pooled_se": 3.0,
                "pooled_ci_low": -4.4,
                "pooled_ci_high": 7.4,
                "pooled_p": 0.6,
                "tau2": 40.0,
                "i2": 93.5,
                "pi_low": None,
                "pi_high": None,
            }
        ]
    )
    subgroups = pd.DataFrame(
        {
            "program_id": "PKP-2026-01",
            "instrument": "pengetahuan",
            "dimension": ["unit", "unit", "unit", "sex", "sex"],
            "level": ["Inspektorat", "Dinas Kesehatan", "Bappeda", "female", "male"],
            "n_paired": [17, 9, np.nan, np.nan, np.nan],
            "mean_diff": [7.5, 6.1, np.nan, np.nan, np.nan],
            "ci_low": [4.0, 1.2, np.nan, np.nan, np.nan],
            "ci_high": [11.0, 11.0, np.nan, np.nan, np.nan],
            "suppressed": [False, False, True, True, True],
        }
    )
    subgroup_tests = pd.DataFrame(
        {
            "program_id": "PKP-2026-01",
            "instrument": "pengetahuan",
            "dimension": ["unit", "sex"],
            "welch_f": [0.42, np.nan],
            "welch_df1": [1.0, np.nan],
            "welch_df2": [18.3, np.nan],
            "welch_p": [0.525, np.nan],
        }
    )
    history = pd.DataFrame(
        {
            "period": ["2026Q2", "2026Q3"],
            "run_id": ["r2", "2026Q3-20261001T0200"],
            "is_current": [False, True],
            "n_programs": [5, 3],
            "n_results": [9, 4],
            "n_participants": [210, 81],
            "share_positive": [22.2222, 25.0],
            "median_dz": [0.31, 0.52],
        }
    )
    return ReportInput(
        run=run,
        results=results,
        pairs=pairs,
        sources=sources,
        rejections=rejections,
        contract=contract,
        pooled=pooled,
        subgroups=subgroups,
        subgroup_tests=subgroup_tests,
        history=history,
    )


def in_language(lang: str, report: ReportInput) -> ReportInput:
    return replace(report, run=replace(report.run, lang=lang))


def write(tmp_path: Path, report: ReportInput, lang: str = "id") -> tuple[Path, list[Path]]:
    out = tmp_path / "sandbox" / "a" / "report"
    out.mkdir(parents=True)
    return out, write_report(out, in_language(lang, report))
