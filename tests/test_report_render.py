"""The HTML report as a whole: files, languages, escaping, offline assets, suppression."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaluasi.report import ReportInput, RunInfo, write_report
from evaluasi.report.views import METHOD_SECTIONS
from evaluasi.results import (
    DESCRIPTIVE_COLUMNS,
    KEYS,
    PAIRED_COLUMNS,
    RESULT_COLUMNS,
    SPEC_COLUMNS,
)

HOSTILE = "<script>alert(1)</script>"
WIB = timezone(timedelta(hours=7))


def _result(
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
    row.update(overrides)
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


@pytest.fixture
def report_input() -> ReportInput:
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
            _result(
                "PKP-2026-01",
                "Pelatihan Kepemimpinan Pengawas",
                "pengetahuan",
                lead_pre,
                lead_post,
                verdict="positive",
            ),
            _result(
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
            _result(
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
            _result(
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
    return ReportInput(
        run=run,
        results=results,
        pairs=pairs,
        sources=sources,
        rejections=rejections,
        contract=contract,
    )


def _in(lang: str, report: ReportInput) -> ReportInput:
    return replace(report, run=replace(report.run, lang=lang))


def _write(tmp_path: Path, report: ReportInput, lang: str = "id") -> tuple[Path, list[Path]]:
    out = tmp_path / "sandbox" / "a" / "report"
    out.mkdir(parents=True)
    return out, write_report(out, _in(lang, report))


def _programme_pages(out: Path) -> list[Path]:
    return sorted(out.glob("program-*.html"))


def test_writes_every_page_and_asset(tmp_path: Path, report_input: ReportInput) -> None:
    out, written = _write(tmp_path, report_input)
    names = {path.relative_to(out).as_posix() for path in written}
    assert {
        "index.html",
        "quality.html",
        "methods.html",
        "assets/plotly.min.js",
        "assets/style.css",
    } <= names
    assert len(_programme_pages(out)) == 3
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        names
    )
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000


def test_nothing_is_written_outside_the_folder(tmp_path: Path, report_input: ReportInput) -> None:
    out, written = _write(tmp_path, report_input)
    assert all(path.resolve().is_relative_to(out.resolve()) for path in written)
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(out)]
    assert outside == []
    for page in _programme_pages(out):
        assert re.fullmatch(r"program-[a-z0-9-]+\.html", page.name)


def test_folder_must_exist_and_hold_no_report(tmp_path: Path, report_input: ReportInput) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        write_report(tmp_path / "missing", report_input)
    (tmp_path / "results.csv").write_text("x")
    write_report(tmp_path, report_input)
    assert (tmp_path / "results.csv").read_text() == "x"
    with pytest.raises(ValueError, match="already holds a report"):
        write_report(tmp_path, report_input)


def test_missing_columns_are_named(tmp_path: Path, report_input: ReportInput) -> None:
    broken = replace(report_input, results=report_input.results.drop(columns=["q_bh"]))
    with pytest.raises(ValueError, match="q_bh"):
        write_report(tmp_path, broken)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("lang", "labels", "number"),
    [
        ("id", ["Berdampak positif", "Belum terbukti", "Menurun", "Data belum cukup"], "1.250"),
        ("en", ["Positive impact", "Not shown", "Declined", "Insufficient data"], "1,250"),
    ],
)
def test_languages(
    tmp_path: Path, report_input: ReportInput, lang: str, labels: list[str], number: str
) -> None:
    out, written = _write(tmp_path, report_input, lang)
    for path in written:
        if path.suffix == ".html":
            assert f'<html lang="{lang}">' in path.read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    for label in labels:
        assert label in index
    assert number in (out / "quality.html").read_text(encoding="utf-8")
    p_text = "&lt; 0,001" if lang == "id" else "&lt; 0.001"
    assert p_text in index
    programme = (out / "program-pkp-2026-01.html").read_text(encoding="utf-8")
    assert ("Rp 185.000.000" if lang == "id" else "Rp 185,000,000") in programme


def test_period_and_date_in_header(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Triwulan III 2026" in index
    assert "1 Oktober 2026" in index


def test_hostile_programme_name_is_text(tmp_path: Path, report_input: ReportInput) -> None:
    out, written = _write(tmp_path, report_input)
    for path in written:
        if path.suffix == ".html":
            assert HOSTILE not in path.read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    # chart labels: escaped for plotly's own markup, then for the inline script
    assert "\\u0026lt;script\\u0026gt;alert(1)" in index
    assert index.count("<script") == index.count("</script>")
    page = (out / "program-tek-07.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_network_references(tmp_path: Path, report_input: ReportInput) -> None:
    out, written = _write(tmp_path, report_input)
    files = {path.relative_to(out).as_posix() for path in written}
    for path in written:
        if path.suffix not in {".html", ".css"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path.name
        assert "//" not in re.findall(r"url\(([^)]*)\)", text)
        for target in re.findall(r'(?:src|href)="([^"]*)"', text):
            if target.startswith("#"):
                continue
            file_part = target.split("#")[0]
            assert ":" not in file_part and not file_part.startswith("/"), target
            assert ".." not in file_part.split("/"), target
            assert file_part in files, target


def test_plotly_is_shipped_and_referenced_relatively(
    tmp_path: Path, report_input: ReportInput
) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/plotly.min.js"></script>' in index
    assert '<link rel="stylesheet" href="assets/style.css">' in index


def test_forest_plot_and_its_table(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<div id="chart-forest"' in index
    assert 'Plotly.newPlot("chart-forest"' in index
    table = index.split('id="forest-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 3  # header and the three results that have a d_z
    assert "Latsar" not in table


def test_results_table_links_every_row(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    table = index.split('id="results-table"')[1].split("</table>")[0]
    assert table.count("data-verdict=") == 4
    assert 'href="program-pkp-2026-01.html#instrument-sikap"' in table


def test_suppressed_programme_has_counts_but_no_chart(
    tmp_path: Path, report_input: ReportInput
) -> None:
    out, _ = _write(tmp_path, report_input)
    [page] = [p for p in _programme_pages(out) if "Latsar" in p.read_text(encoding="utf-8")]
    text = page.read_text(encoding="utf-8")
    assert page.name == "program-x.html"
    assert "Plotly" not in text and "plotly.min.js" not in text
    assert "terlalu kecil untuk dipublikasikan" in text
    assert "Berpasangan" in text
    assert "Statistik lengkap" not in text


def test_programme_page_content(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    text = (out / "program-pkp-2026-01.html").read_text(encoding="utf-8")
    assert text.count("Plotly.newPlot(") == 4
    assert "Tidak ada kelompok pembanding" in text
    assert "Regresi ke rata-rata" in text
    assert 'href="methods.html#method-cohen_dz"' in text
    assert "Kelompok pembanding" not in text.split("Statistik lengkap")[1].split("</main>")[0]
    hostile = (out / "program-tek-07.html").read_text(encoding="utf-8")
    assert "made_up_code" in hostile  # unknown note codes are shown as they are
    assert "tidak memiliki skor maksimum" in hostile


def test_comparison_panel_only_with_a_comparison_group(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.copy()
    results.loc[0, ["n_comparison", "did_estimate", "did_ci_low", "did_ci_high", "did_p"]] = [
        25,
        4.0,
        1.0,
        7.0,
        0.01,
    ]
    out, _ = _write(tmp_path, replace(report_input, results=results))
    text = (out / "program-pkp-2026-01.html").read_text(encoding="utf-8")
    assert text.count("Dibandingkan kelompok pembanding") == 1


def test_quality_and_methods_pages(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input, "en")
    quality = (out / "quality.html").read_text(encoding="utf-8")
    assert "nip_not_18_digits" in quality and "data/" in quality and "inbox" in quality
    assert "expect_column_values_to_match_regex" in quality
    assert "250,000 (sample)" in quality and "passed" in quality
    methods = (out / "methods.html").read_text(encoding="utf-8")
    for column in [*SPEC_COLUMNS, "notes"]:
        assert f"<code>{column}</code>" in methods, column
    assert "a" * 64 in methods and "3.11.7" in methods and "program" in methods


def test_methods_page_defines_every_result_column() -> None:
    # An auditor must find how every number of results.csv was made; the page lists each
    # column once, under the section that defines it, and only columns of results.csv.
    documented = [column for _, columns in METHOD_SECTIONS for column in columns]
    statistics = [c for c in RESULT_COLUMNS if c not in (*KEYS, *DESCRIPTIVE_COLUMNS)]
    assert [c for c in statistics if c not in documented] == []
    assert [c for c in documented if c not in RESULT_COLUMNS] == []
    assert len(documented) == len(set(documented))


def test_empty_run_still_renders(tmp_path: Path, report_input: ReportInput) -> None:
    empty = replace(
        report_input, results=report_input.results.iloc[0:0], pairs=report_input.pairs.iloc[0:0]
    )
    out, written = _write(tmp_path, empty)
    assert len(written) == 5
    assert "Run ini belum memiliki hasil." in (out / "index.html").read_text(encoding="utf-8")


def test_started_at_may_be_utc(tmp_path: Path, report_input: ReportInput) -> None:
    run = replace(report_input.run, started_at=datetime(2026, 10, 1, tzinfo=UTC))
    out, _ = _write(tmp_path, replace(report_input, run=run))
    assert "UTC+00:00" in (out / "index.html").read_text(encoding="utf-8")


def test_summary_lists_strongest_rises_first_and_cuts_long_lists(
    tmp_path: Path, report_input: ReportInput
) -> None:
    base = report_input.results.iloc[[0]]
    rows = [
        base.assign(program_id=f"P{i}", program_name=f"Programme {i}", cohen_dz=i / 10)
        for i in range(1, 8)
    ]
    out, _ = _write(tmp_path, replace(report_input, results=pd.concat(rows, ignore_index=True)))
    index = (out / "index.html").read_text(encoding="utf-8")
    line = index.split("Skor naik secara meyakinkan pada")[1].split("</p>")[0]
    named = re.findall(r"Programme (\d)", line)
    assert named == ["7", "6", "5", "4", "3"]
    assert "dan 2 program lainnya" in line


def test_ordinal_and_binary_instruments_show_their_own_tests_and_table(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.astype({"instrument_categories": object, "transition": object})
    ordinal = results["instrument"] == "sikap"
    results.loc[ordinal, "instrument_categories"] = "Kurang;Cukup;Baik"
    results.loc[ordinal, "transition"] = "[[6,null,0],[0,12,null],[0,0,8]]"
    results.loc[ordinal, ["sign_test_p", "stuart_maxwell_stat", "stuart_maxwell_df"]] = [
        0.0312,
        6.5,
        2,
    ]
    results.loc[ordinal, ["stuart_maxwell_p", "bhapkar_stat", "bhapkar_p"]] = [0.0388, 7.1, 0.0287]
    results.loc[ordinal, "n_comparison"] = 40  # colleagues counted, but not used for ordinal
    out, _ = _write(tmp_path, replace(report_input, results=results))
    page = (out / "program-pkp-2026-01.html").read_text(encoding="utf-8")
    sikap = page.split('id="instrument-sikap"')[1]
    assert "Perpindahan kategori" in sikap and "<th scope=\"row\">Cukup</th>" in sikap
    assert sikap.count("&lt;\u00a05") == 2  # escaped like every text
    assert "Uji Stuart-Maxwell" in sikap and "χ²(2) = 6,50" in sikap
    assert "Uji t berpasangan" not in sikap
    assert "Dibandingkan kelompok pembanding" not in sikap
