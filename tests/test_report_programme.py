"""Programme pages: the distribution chart each instrument gets, and the panels on attrition,
effect sizes, other programmes, subgroups and category moves."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from report_inputs import make_report_input, write

from evaluasi.report import ReportInput
from evaluasi.report.charts_programme import RAIN_SAMPLE, density


@pytest.fixture
def report_input() -> ReportInput:
    return make_report_input()


def _page(tmp_path: Path, report: ReportInput, program: str = "pkp-2026-01", lang: str = "id"):
    out, _ = write(tmp_path, report, lang)
    return (out / f"program-{program}.html").read_text(encoding="utf-8")


def _figure(page: str, chart_id: str) -> dict:
    """The plotly figure embedded for `chart_id`, decoded from its inline script."""
    script = page.split(f'id="{chart_id}"')[1].split("var f = ")[1]
    return json.loads(script.split("; Plotly.newPlot")[0])


def _section(page: str, instrument: str) -> str:
    return page.split(f'id="instrument-{instrument}"')[1].split("</section>")[0]


def test_small_programme_shows_every_pair_as_a_line(
    tmp_path: Path, report_input: ReportInput
) -> None:
    page = _page(tmp_path, report_input)
    figure = _figure(page, "chart-1-distribution")
    lines = [trace for trace in figure["data"] if trace["mode"] == "lines+markers"]
    pairs = report_input.pairs[report_input.pairs["instrument"] == "pengetahuan"]
    pairs = pairs[pairs["program_id"] == "PKP-2026-01"]
    # one segment (before, after, gap) per pair, over the up/same/down traces, plus the means
    segments = sum(len(trace["x"]) // 3 for trace in lines[:-1])
    assert segments == len(pairs) == 30
    assert lines[-1]["y"] == pytest.approx([pairs["pre"].mean(), pairs["post"].mean()])
    up = sum(1 for a, b in zip(pairs["pre"], pairs["post"], strict=True) if b > a)
    assert lines[0]["name"] == f"Naik ({up})"
    assert "Setiap garis adalah satu peserta" in page


def test_large_programme_gets_a_raincloud_of_a_fixed_sample(
    tmp_path: Path, report_input: ReportInput
) -> None:
    rng = np.random.default_rng(3)
    pre = rng.normal(60, 10, 400).round(1)
    post = (pre + rng.normal(5, 6, 400)).round(1)
    pairs = report_input.pairs[report_input.pairs["instrument"] != "pengetahuan"]
    big = pd.DataFrame(
        {"program_id": "PKP-2026-01", "instrument": "pengetahuan", "pre": pre, "post": post}
    )
    report = replace(report_input, pairs=pd.concat([pairs, big], ignore_index=True))
    first = _figure(_page(tmp_path / "a", report), "chart-1-distribution")
    again = _figure(_page(tmp_path / "b", report), "chart-1-distribution")
    assert first == again  # the sample is drawn with a fixed seed
    kinds = [trace["type"] for trace in first["data"]]
    assert kinds == ["scatter", "box", "scatter"] * 2
    rain = first["data"][2]
    assert len(rain["y"]) == RAIN_SAMPLE and set(rain["y"]) <= set(pre)
    box = first["data"][4]
    assert box["median"] == [pytest.approx(np.median(post))]


def test_density_agrees_with_r_to_the_eye() -> None:
    # The raincloud's shape only, never a published number: binning may move it by 0.1%.
    # R 4.2: d <- density(c(1, 2, 2, 3, 7), bw = "nrd0", from = 0, to = 8, n = 80)
    # d$bw 0.4867923114; approx(d$x, d$y, xout = c(2, 5))$y 3.668129171e-01 7.838510854e-05
    grid, heights = density(np.array([1.0, 2, 2, 3, 7]), 0.0, 8.0)
    assert np.interp(2.0, grid, heights) == pytest.approx(3.668129171e-01, rel=1e-3)
    assert np.interp(5.0, grid, heights) == pytest.approx(7.838510854e-05, rel=0.05)


def test_categories_are_labelled_and_moves_drawn_as_a_heatmap(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.astype(
        {"instrument_categories": object, "transition": object, "pre_counts": object}
    )
    ordinal = results["instrument"] == "sikap"
    results.loc[ordinal, "instrument_categories"] = "Sangat kurang;Kurang;Cukup;Baik;Sangat baik"
    results.loc[ordinal, "transition"] = json.dumps(
        [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 5, 6, None, 0], [0, 0, None, 7, None], [0] * 5]
    )
    results.loc[ordinal, "pre_counts"] = json.dumps([0, None, 13, None, 0])
    page = _page(tmp_path, replace(report_input, results=results))
    section = _section(page, "sikap")
    bars = _figure(page, "chart-2-distribution")
    assert bars["data"][0]["x"] == ["Sangat kurang", "Kurang", "Cukup", "Baik", "Sangat baik"]
    # A withheld share is no bar of its own but a hatched one labelled withheld: never 0%.
    before, hatched = bars["data"][0], bars["data"][1]
    assert before["y"][1] is None and before["y"][0] == 0
    assert hatched["y"][1] > 0 and hatched["text"][1] == "ditahan" and hatched["y"][0] is None
    heatmap = _figure(page, "chart-2-transition")["data"][0]
    assert heatmap["type"] == "heatmap" and heatmap["z"][2][3] is None
    assert heatmap["text"][2][3] == "ditahan"
    assert "Kategori tengah sebelum" in section  # no means for an ordinal scale
    assert "Rata-rata sebelum" not in section


def test_binary_instrument_shows_pass_rates_from_the_results(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.astype(
        {"instrument_categories": object, "pre_counts": object, "post_counts": object}
    )
    binary = results["instrument"] == "sikap"
    results.loc[binary, "instrument_kind"] = "binary"
    results.loc[binary, "instrument_categories"] = "Tidak lulus;Lulus"
    # 6 failed both times, 12 passed after failing, 2 failed after passing, 10 passed both.
    results.loc[binary, ["n_ff", "n_fp", "n_pf", "n_pp"]] = [6, 12, 2, 10]
    results.loc[binary, ["pass_rate_pre", "pass_rate_post"]] = [12 / 30, 22 / 30]
    results.loc[binary, "pre_counts"] = json.dumps([18, 12])
    results.loc[binary, "post_counts"] = json.dumps([8, 22])
    pairs = report_input.pairs.copy()
    rows = pairs["instrument"] == "sikap"
    # Stored codes: 1 = the first (failing) label, 2 = the passing one.
    pairs.loc[rows, "pre"] = np.r_[[1] * 6, [1] * 12, [2] * 2, [2] * 10]
    pairs.loc[rows, "post"] = np.r_[[1] * 6, [2] * 12, [1] * 2, [2] * 10]
    page = _page(tmp_path, replace(report_input, results=results, pairs=pairs))
    section = _section(page, "sikap")
    tiles = section.split("Tingkat kelulusan sebelum")[1]
    assert "40%" in tiles.split("Tingkat kelulusan sesudah")[0] and "73%" in tiles
    assert "chart-2-change" not in section
    bars = _figure(page, "chart-2-distribution")["data"]
    assert bars[0]["x"] == ["Tidak lulus", "Lulus"]
    assert [round(v) for v in bars[0]["y"]] == [60, 40] and [round(v) for v in bars[1]["y"]] == [
        27,
        73,
    ]
    assert 'id="chart-2-transition"' in section


def test_panels_on_effects_other_programmes_subgroups_and_attrition(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.copy()
    results.loc[0, ["n_dropouts", "attrition_rate", "pre_mean_dropouts", "dropout_pre_smd"]] = [
        6,
        0.15,
        55.0,
        0.45,
    ]
    results.loc[0, ["hedges_gz", "gz_ci_low", "gz_ci_high", "hl_estimate"]] = [0.9, 0.5, 1.3, 7.0]
    results.loc[0, ["hl_ci_low", "hl_ci_high", "hl_conf_level"]] = [4.5, 9.5, 0.9503]
    page = _page(tmp_path, replace(report_input, results=results))
    section = _section(page, "pengetahuan")
    effects = section.split("Ukuran efek")[1].split("</table>")[0]
    assert "+0,90 [+0,50; +1,30]" in effects and "+7,0 [+4,5; +9,5]" in effects
    pooled = section.split("Dibandingkan program lain")[1].split("</table>")[0]
    assert "+1,5 [\u22124,4; +7,4]; 2 program" in pooled and "1 dari 2" in pooled
    attrition = section.split("Peserta yang tidak menyelesaikan</h3>")[1].split("</div>")[0]
    assert "6 dari 34 peserta terdaftar (15%)" in attrition
    assert "rata-rata 55,0, dibanding" in attrition and "+0,45" in attrition
    assert "sudah berbeda sejak awal" in attrition
    subgroups = section.split("Menurut subkelompok peserta")[1]
    assert "Inspektorat" in subgroups and "+7,5 [+4,0; +11,0]" in subgroups
    assert "Bappeda" not in subgroups and "1 subkelompok lain (disembunyikan)" in subgroups
    assert "F(1; 18,3) = 0,42; p = 0,525" in subgroups
    assert "Jenis kelamin" not in subgroups  # every level withheld: no table at all


def test_exact_hodges_lehmann_level_is_named_when_not_95(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.copy()
    results.loc[0, ["hl_estimate", "hl_ci_low", "hl_ci_high", "hl_conf_level"]] = [7, 4, 9, 0.9375]
    section = _section(_page(tmp_path, replace(report_input, results=results)), "pengetahuan")
    assert "(IK eksak 93,8%)" in section


def test_normality_caveat_points_to_the_robust_estimate(
    tmp_path: Path, report_input: ReportInput
) -> None:
    results = report_input.results.copy()
    results.loc[0, ["shapiro_p", "hl_estimate", "hl_ci_low", "hl_ci_high"]] = [0.003, 7, 4, 9]
    section = _section(_page(tmp_path, replace(report_input, results=results)), "pengetahuan")
    caveats = section.split("Hal yang perlu diingat")[1].split("</ul>")[0]
    assert "tidak menyebar normal (Shapiro-Wilk, p = 0,003)" in caveats
    assert "+7,0 [+4,0; +9,0]" in caveats


def test_english_panels(tmp_path: Path, report_input: ReportInput) -> None:
    page = _page(tmp_path, report_input, lang="en")
    assert "Compared with other programmes" in page and "By participant subgroup" in page
    assert "Agency (OPD)" in page and "Effect sizes" in page
    assert re.search(r"Cost per participant per JP</dt><dd>Rp [\d,]+", page)


def test_individual_scores_never_show_the_order_of_the_rows(
    tmp_path: Path, report_input: ReportInput
) -> None:
    page = _page(tmp_path, report_input)
    for trace in _figure(page, "chart-1-distribution")["data"][:-1]:
        starts = trace["y"][0::3]  # each segment is (before, after, gap)
        assert starts == sorted(starts)
    rng = np.random.default_rng(5)
    pre = rng.normal(60, 10, 90).round(1)  # a raincloud small enough to show every score
    pairs = report_input.pairs[report_input.pairs["instrument"] != "pengetahuan"]
    big = pd.DataFrame(
        {"program_id": "PKP-2026-01", "instrument": "pengetahuan", "pre": pre, "post": pre[::-1]}
    )
    report = replace(report_input, pairs=pd.concat([pairs, big], ignore_index=True))
    rain = _figure(_page(tmp_path / "rain", report), "chart-1-distribution")["data"]
    assert rain[2]["y"] == sorted(pre) and rain[5]["y"] == sorted(pre[::-1])
