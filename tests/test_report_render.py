"""The HTML report as a whole: files, languages, escaping, offline assets, suppression."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from report_inputs import HOSTILE, make_report_input, write

from evaluasi.report import ReportInput, write_report
from evaluasi.report.views import METHOD_SECTIONS
from evaluasi.results import (
    DESCRIPTIVE_COLUMNS,
    KEYS,
    RESULT_COLUMNS,
    SPEC_COLUMNS,
)


@pytest.fixture
def report_input() -> ReportInput:
    return make_report_input()


def _write(tmp_path: Path, report: ReportInput, lang: str = "id") -> tuple[Path, list[Path]]:
    return write(tmp_path, report, lang)


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


def test_forest_plots_per_instrument_and_their_tables(
    tmp_path: Path, report_input: ReportInput
) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'Plotly.newPlot("chart-forest-pengetahuan-1"' in index
    assert 'Plotly.newPlot("chart-forest-sikap-1"' in index
    # numeric instruments come first
    assert index.index("chart-forest-pengetahuan-1") < index.index("chart-forest-sikap-1")
    tables = index.split('class="data compact forest-table"')[1:]
    first = tables[0].split("</table>")[0]
    assert first.count("<tr>") == 1 + 2  # header, PKP and TEK: the suppressed Latsar is left out
    assert "Latsar" not in first
    assert "Rata-rata gabungan 2 program: +1,5 [\u22124,4; +7,4]." in index
    # the shrunken change is in the table beside the chart
    pkp = report_input.results.iloc[0]
    shrunk = f"{pkp['mean_diff_shrunk']:+.1f}".replace(".", ",").replace("-", "\u2212")
    assert shrunk in first
    assert "Tidak digambar karena datanya belum cukup: 1 hasil" in index


def test_long_forest_lists_are_cut_into_page_sized_charts(
    tmp_path: Path, report_input: ReportInput
) -> None:
    base = report_input.results.iloc[[0]]
    rows = [
        base.assign(program_id=f"P{i:02d}", program_name=f"Programme {i}", mean_diff=float(i))
        for i in range(45)
    ]
    out, _ = _write(tmp_path, replace(report_input, results=pd.concat(rows, ignore_index=True)))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'Plotly.newPlot\("chart-forest-pengetahuan-(\d)"', index) == ["1", "2", "3"]
    assert index.count('<th scope="row"><a href="program-p') == 45


def test_trend_against_earlier_periods(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    table = index.split('id="trend-table"')[1].split("</table>")[0]
    assert "Triwulan II 2026" in table and "Triwulan III 2026 <span" in table
    assert '<tr class="current">' in table and "(run ini)" in table
    assert "22%" in table and "+0,31" in table
    assert 'Plotly.newPlot("chart-trend"' in index
    alone = replace(report_input, history=report_input.history.iloc[[1]])
    out, _ = _write(tmp_path / "alone", alone)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Belum ada run periode sebelumnya" in index and "chart-trend" not in index


def test_cost_and_coverage_on_the_summary(tmp_path: Path, report_input: ReportInput) -> None:
    out, _ = _write(tmp_path, report_input)
    index = (out / "index.html").read_text(encoding="utf-8")
    # PKP (34 enrolled) and Latsar (7) cost Rp 185 million each; TEK has no cost.
    assert "Biaya per peserta" in index
    assert "Rp 9,0 juta" in index  # 370,000,000 / 41
    assert "Rp 75.203 per peserta per JP" in index  # 370,000,000 / (41 x 120)
    assert "2 program dengan data biaya, total Rp 370,0 juta" in index
    assert "Data: 1.254 baris dibaca dari 2 sumber, 16 dikarantina (1,3%)" in index
    assert "3 dari 4 hasil program \u00d7 instrumen dapat dinilai" in index
    free = report_input.results.assign(cost_idr=np.nan)
    out, _ = _write(tmp_path / "free", replace(report_input, results=free))
    assert "Biaya per peserta" not in (out / "index.html").read_text(encoding="utf-8")


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
    # the numeric instrument's distribution and change charts, the ordinal one's distribution
    # and heatmap
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
    assert "Perpindahan kategori" in sikap and '<th scope="row">Cukup</th>' in sikap
    moves = sikap.split('class="data transition"')[1].split("</table>")[0]
    assert moves.count(">ditahan<") == 2
    assert "Uji Stuart-Maxwell" in sikap and "χ²(2) = 6,50" in sikap
    assert "Uji t berpasangan" not in sikap
    assert "Dibandingkan kelompok pembanding" not in sikap
