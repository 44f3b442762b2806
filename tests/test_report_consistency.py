"""Every figure a page shows agrees with results.csv and with the inputs.

The demo province and the reference inbox (the designs whose statistics match R) are run
through the real pipeline (ingest, evaluate, publish; no Prefect), in Indonesian and English.
The pages are then read as a reader sees them (tests/page_reader.py parses the HTML and the
numbers independently of the report code) and each figure is compared:

* with results.csv: key figures, the results table, the forest plots, the count and mean
  tiles, every number of every statistics table (each must be a value of the row it belongs
  to), the category tables and bars;
* with the inputs, the rows of the inbox's scores files that loaded: the counts of scores, the
  pass rates and middle categories, the transition tables, the bars and the individual scores
  drawn, the drop-outs; and the data-quality page with the rows in the files themselves.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import run_request, site_settings
from disclosure_attack import published_from_row, recovered_cells, recovered_margins
from page_reader import Element, Shown, figure, numbers, parse
from test_results_designs import write_designs_inbox

from evaluasi import operations, warehouse
from evaluasi.demo import write_demo_inbox
from evaluasi.messages import t
from evaluasi.privacy import MIN_GROUP

PHASES = {"pre": "pre", "post": "post"}
GROUPS = {"", "participant", "peserta"}


@dataclass(frozen=True)
class Run:
    """One published run and what it was made from."""

    name: str
    lang: str
    inbox: Path
    folder: Path
    warehouse: Path

    @cached_property
    def results(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "results.csv", dtype={"program_id": str})

    @cached_property
    def pooled(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "pooled.csv")

    @cached_property
    def subgroups(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "subgroups.csv", dtype={"program_id": str})

    def page(self, name: str) -> tuple[str, Element]:
        html = (self.folder / name).read_text(encoding="utf-8")
        return html, parse(html)

    @cached_property
    def quarantined(self) -> set[tuple[str, int]]:
        with warehouse.connect(self.warehouse) as con:
            rows = con.execute("select distinct source, source_row from quarantine").fetchall()
        return {(source, int(row)) for source, row in rows}

    @cached_property
    def scores(self) -> pd.DataFrame:
        """The rows of the inbox's scores files that loaded, as the files have them, with pre
        and post per person: the inputs, read without the pipeline's readers."""
        frames = []
        for path in sorted(self.inbox.glob("scores*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            for number, row in enumerate(rows, start=2):  # the header is row 1
                if (path.name, number) not in self.quarantined:
                    frames.append(row)
        scores = pd.DataFrame(frames)
        scores = scores[scores["group"].fillna("").str.strip().str.lower().isin(GROUPS)]
        scores = scores.assign(
            nip=scores["nip"].str.replace(r"[\s.'\"]", "", regex=True),
            phase=scores["phase"].str.strip().str.lower(),
        )
        return scores

    @cached_property
    def instruments(self) -> pd.DataFrame:
        path = self.inbox / "instruments.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return frame.set_index("instrument")

    def pairs(self, program_id: str, instrument: str) -> pd.DataFrame:
        """Each participant's pre and post score of the inputs, codes for category labels."""
        rows = self.scores[
            (self.scores["program_id"].str.strip() == program_id)
            & (self.scores["instrument"].str.strip() == instrument)
        ]
        categories = (
            self.instruments.loc[instrument, "categories"]
            if instrument in (self.instruments.index)
            else ""
        )
        if categories:
            labels = [label.strip().lower() for label in categories.split(";")]
            value = rows["score"].str.strip().str.lower().map(lambda v: labels.index(v) + 1)
        else:
            value = rows["score"].str.replace(",", ".").astype(float)
        wide = rows.assign(value=value).pivot_table(
            index="nip", columns="phase", values="value", aggfunc="first"
        )
        return wide.reindex(columns=["pre", "post"])


def _run(root: Path, name: str, lang: str, write: object) -> Run:
    inbox = root / "inbox"
    write(inbox)  # type: ignore[operator]
    settings = site_settings(root, lang)
    request = run_request(settings, lang=lang)
    folder = operations.execute(request)
    return Run(name, lang, inbox, folder, settings.warehouse)


def _designs(inbox: Path) -> None:
    programs = ["ANX", "SKP", "AHR", "TINY", "SAME", "NOPOST"]
    write_designs_inbox(
        inbox,
        pd.DataFrame(
            {
                "program_id": programs,
                "name": [f"Programme {p}" for p in programs],
                "type": "TEKNIS",
                "start_date": "2026-07-06",
                "end_date": "2026-07-10",
                "jp": "40",
                "cost_idr": "90000000",
            }
        ),
    )


@pytest.fixture(scope="module", params=[("demo", "id"), ("demo", "en"), ("reference", "id")])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    name, lang = request.param
    root = tmp_path_factory.mktemp(f"{name}-{lang}")
    return _run(root, name, lang, write_demo_inbox if name == "demo" else _designs)


# Helpers ------------------------------------------------------------------------------------


def _one(text: str, lang: str) -> Shown:
    found = numbers(text, lang)
    assert len(found) == 1, (text, found)
    return found[0]


def _rows_by_link(run: Run) -> dict[tuple[str, str], pd.Series]:
    """results.csv rows by (page, anchor), from the links of the index's results table."""
    _, index = run.page("index.html")
    table = index.by_id("results-table")
    rows = {}
    results = run.results
    for row, link in zip(
        table.find_all("tr")[1:],
        [a.attrs["href"] for a in table.find_all("a")],
        strict=True,
    ):
        name = row.find("th").text
        label = row.find_all("td")[0].text
        match = results[
            (results["program_name"].fillna(results["program_id"]) == name)
            & (results["instrument_label"].fillna(results["instrument"]) == label)
        ]
        assert len(match) == 1, (name, label)
        page, anchor = link.split("#")
        rows[(page, anchor)] = match.iloc[0]
    return rows


def _sections(run: Run) -> list[tuple[str, Element, pd.Series]]:
    """(page html, instrument section, its results row) for every programme x instrument."""
    found = []
    pages: dict[str, tuple[str, Element]] = {}
    for (page, anchor), row in _rows_by_link(run).items():
        if page not in pages:
            pages[page] = run.page(page)
        html, document = pages[page]
        found.append((html, document.by_id(anchor), row))
    return found


def _published(row: pd.Series) -> bool:
    return row["n_paired"] >= MIN_GROUP and "suppressed_small_group" not in str(row["notes"])


# The summary ---------------------------------------------------------------------------------


def test_key_figures_come_from_results(run: Run) -> None:
    _, index = run.page("index.html")
    tiles = {
        kpi.find("p", class_="kpi-label").text: kpi.find("p", class_="kpi-value").text
        for kpi in index.find_all("div", class_="kpi")
    }
    results = run.results
    per_programme = results.groupby("program_id").agg(
        n=("n_participants", "max"), cost=("cost_idr", "first"), jp=("jp", "first")
    )
    lang = run.lang
    assert _one(tiles[t("kpi_programmes", lang)], lang).agrees(results["program_id"].nunique())
    assert _one(tiles[t("kpi_participants", lang)], lang).agrees(per_programme["n"].sum())
    positive = (results["verdict"] == "positive").mean() * 100
    assert _one(tiles[t("kpi_positive", lang)], lang).agrees(positive)
    costed = per_programme[per_programme["cost"].notna() & (per_programme["n"] > 0)]
    shown = _one(tiles[t("kpi_cost", lang)], lang)
    per_participant = costed["cost"].sum() / costed["n"].sum()
    assert shown.agrees(per_participant / 1e6) or shown.agrees(per_participant)


def test_the_results_table_is_results_csv(run: Run) -> None:
    lang = run.lang
    _, index = run.page("index.html")
    table = index.by_id("results-table")
    by_link = _rows_by_link(run)
    assert len(by_link) == len(run.results)
    for tr, row in zip(table.find_all("tr")[1:], by_link.values(), strict=True):
        cells = [cell.text for cell in tr.find_all("td")]
        verdict, n_paired, change, dz, q = cells[1:6]
        assert verdict == t(f"verdict_{row['verdict']}", lang)
        assert _one(n_paired, lang).agrees(row["n_paired"])
        if not _published(row):
            assert (change, dz, q) == ("—", "—", "—")
            continue
        for text, columns in (
            (change, ("mean_diff", "ci_low", "ci_high")),
            (dz, ("cohen_dz", "dz_ci_low", "dz_ci_high")),
        ):
            values = [row[c] for c in columns if pd.notna(row[c])]
            shown = numbers(text, lang)
            assert len(shown) == len(values), (text, values)
            assert all(s.agrees(v) for s, v in zip(shown, values, strict=True)), (text, values)
        if pd.notna(row["q_bh"]) and row["q_bh"] >= 0.001:
            assert _one(q, lang).agrees(row["q_bh"])


def test_forest_plots_draw_the_results(run: Run) -> None:
    html, index = run.page("index.html")
    charts = [element.attrs["id"] for element in index.find_all("div", class_="chart")]
    forests = [chart for chart in charts if chart.startswith("chart-forest-")]
    assert forests
    estimates = run.results[["verdict_estimate", "mean_diff", "mean_diff_shrunk"]]
    values = estimates.to_numpy(dtype=float).ravel()
    values = np.concatenate([values, values * 100])  # shares are drawn in percentage points
    values = values[np.isfinite(values)]
    drawn = 0
    for chart in forests:
        for trace in figure(html, chart)["data"]:
            if trace.get("type") != "scatter" or trace.get("mode") != "markers":
                continue
            for x in trace["x"]:
                if x is None:
                    continue
                assert np.any(np.isclose(values, x, rtol=0, atol=1e-9)), (chart, trace["name"], x)
                drawn += 1
    assert drawn >= run.results["verdict_estimate"].notna().sum()


def test_unevaluated_programmes_are_the_ones_without_results(run: Run) -> None:
    """The summary names every programme of the inbox that has no result: a programs row
    without one, or an id that at least MIN_GROUP score rows name and no programs row gives."""
    programs = pd.read_csv(run.inbox / "programs.csv", dtype=str)
    given = {p.strip() for p in programs["program_id"].dropna()}
    named = Counter()
    for path in run.inbox.glob("scores*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            named.update(row["program_id"].strip() for row in csv.DictReader(handle))
    evaluated = set(run.results["program_id"])
    missing = (given - evaluated) | {
        program_id
        for program_id, count in named.items()
        if program_id not in given and count >= MIN_GROUP
    }
    _, index = run.page("index.html")
    section = index.find("section", class_="unevaluated")
    listed = set() if section is None else set(re.findall(r"\(([^()]+)\):", section.text))
    assert listed == missing


# Programme pages -----------------------------------------------------------------------------


def test_count_tiles_come_from_results_and_the_inputs(run: Run) -> None:
    lang = run.lang
    for _, section, row in _sections(run):
        tiles = section.find("dl", class_="tiles").pairs()
        for key, column in (
            ("count_enrolled", "n_participants"),
            ("count_pre", "n_pre"),
            ("count_post", "n_post"),
            ("count_paired", "n_paired"),
        ):
            assert _one(tiles[t(key, lang)], lang).agrees(row[column]), (row["program_id"], key)
        if row["n_participants"] > 0:
            share = (row["n_participants"] - row["n_paired"]) / row["n_participants"] * 100
            assert _one(tiles[t("count_attrition", lang)], lang).agrees(share)
        if row["instrument"] in set(run.scores["instrument"].str.strip()):
            pairs = run.pairs(row["program_id"], row["instrument"])
            assert row["n_pre"] == pairs["pre"].notna().sum()
            assert row["n_post"] == pairs["post"].notna().sum()
            assert row["n_paired"] == (pairs["pre"].notna() & pairs["post"].notna()).sum()


def test_means_pass_rates_and_middle_categories_agree_with_the_inputs(run: Run) -> None:
    lang = run.lang
    checked = Counter()
    for _, section, row in _sections(run):
        if not _published(row):
            continue
        tiles = section.find("dl", class_="tiles").pairs()
        kind = row["instrument_kind"]
        from_inputs = row["instrument"] in set(run.scores["instrument"].str.strip())
        pairs = run.pairs(row["program_id"], row["instrument"]).dropna() if from_inputs else None
        if kind == "numeric":
            for when, mean, sd in (
                ("before", "pre_mean", "pre_sd"),
                ("after", "post_mean", "post_sd"),
            ):
                shown = numbers(tiles[t(f"mean_{when}", lang)], lang)
                assert shown[0].agrees(row[mean]) and shown[1].agrees(row[sd])
                if pairs is not None:
                    column = "pre" if when == "before" else "post"
                    assert shown[0].agrees(pairs[column].mean())
        elif kind == "binary":
            for when, column in (("before", "pre"), ("after", "post")):
                tile = tiles[t(f"pass_rate_{when}", lang)]
                rate = row[f"pass_rate_{column}"]
                checked["binary"] += 1
                if pd.isna(rate):
                    assert tile == t("cell_suppressed", lang)
                    continue
                assert _one(tile, lang).agrees(rate * 100)
                if pairs is not None:  # code 2 is the passing label, the second category
                    assert _one(tile, lang).agrees((pairs[column] == 2).mean() * 100)
        else:
            labels = row["instrument_categories"].split(";")
            for when, column in (("before", "pre"), ("after", "post")):
                tile = tiles[t(f"median_{when}", lang)]
                assert tile == labels[int(row[f"{column}_median_category"]) - 1]
                if pairs is not None:
                    lower = int(np.quantile(pairs[column], 0.5, method="inverted_cdf"))
                    assert tile == labels[lower - 1]
            checked["ordinal"] += 1
    assert checked["binary"] and checked["ordinal"]


def _true_table(run: Run, row: pd.Series) -> np.ndarray | None:
    if row["instrument"] not in set(run.scores["instrument"].str.strip()):
        return None
    pairs = run.pairs(row["program_id"], row["instrument"]).dropna().astype(int)
    k = 2 if row["instrument_kind"] == "binary" else len(row["instrument_categories"].split(";"))
    table = np.zeros((k, k))
    np.add.at(table, (pairs["pre"] - 1, pairs["post"] - 1), 1)
    return table


def test_category_tables_show_the_published_cells_and_nothing_to_solve_for(run: Run) -> None:
    lang = run.lang
    withheld = t("cell_suppressed", lang)
    seen = 0
    for html, section, row in _sections(run):
        if row["instrument_kind"] == "numeric" or not _published(row):
            continue
        table = section.find("table", class_="transition")
        shown = [cells[1:] for cells in table.table_rows()[1:]]
        if row["instrument_kind"] == "binary":
            cells = [[row["n_ff"], row["n_fp"]], [row["n_pf"], row["n_pp"]]]
            published = [[None if pd.isna(v) else int(v) for v in line] for line in cells]
        else:
            published = json.loads(row["transition"])
        truth = _true_table(run, row)
        for i, line in enumerate(published):
            for j, value in enumerate(line):
                if value is None:
                    assert shown[i][j] == withheld
                else:
                    assert _one(shown[i][j], lang).agrees(value)
                    if truth is not None:
                        assert truth[i, j] == value
                    # a count of 1-4 only where the improved/declined counts fix it anyway
                    assert not 0 < value < MIN_GROUP or (
                        row["instrument_kind"] == "binary" and i != j
                    )
        attacker = published_from_row(row.to_dict(), published)
        assert recovered_cells(attacker) == {} and recovered_margins(attacker) == {}
        # No histogram of the change per participant: its counts per distance of change would
        # give the withheld cells back.
        charts = [c.attrs["id"] for c in section.find_all("div", class_="chart")]
        assert not any(chart.endswith("-change") for chart in charts)
        # The bars draw the published margins as shares, withheld ones hatched, never as 0.
        chart_id = section.find("div", class_="chart").attrs["id"]
        assert chart_id.endswith("-distribution")
        traces = figure(html, chart_id)["data"]
        for column, trace in zip(
            ("pre_counts", "post_counts"),
            [tr for tr in traces if "pattern" not in tr.get("marker", {})],
            strict=True,
        ):
            counts = json.loads(row[column])
            for count, share in zip(counts, trace["y"], strict=True):
                if count is None:
                    assert share is None
                else:
                    assert math.isclose(share, count / row["n_paired"] * 100, abs_tol=1e-3)
        hatched = [tr for tr in traces if "pattern" in tr.get("marker", {})]
        assert len(hatched) == sum(
            any(c is None for c in json.loads(row[column]))
            for column in ("pre_counts", "post_counts")
        )
        seen += 1
    assert seen


def test_individual_scores_drawn_are_the_inputs(run: Run) -> None:
    checked = 0
    for html, section, row in _sections(run):
        if row["instrument_kind"] != "numeric" or not _published(row):
            continue
        if row["instrument"] not in set(run.scores["instrument"].str.strip()):
            continue
        pairs = run.pairs(row["program_id"], row["instrument"]).dropna()
        charts = [c.attrs["id"] for c in section.find_all("div", class_="chart")]
        change = next((c for c in charts if c.endswith("-change")), None)
        if change is not None:
            bars = figure(html, change)["data"][0]
            assert sum(bars["y"]) == len(pairs)
        distribution = next(c for c in charts if c.endswith("-distribution"))
        traces = figure(html, distribution)["data"]
        lines = [tr for tr in traces if tr.get("mode") == "lines+markers" and len(tr["y"]) > 2]
        if lines:
            drawn = sorted(
                (round(tr["y"][i], 6), round(tr["y"][i + 1], 6))
                for tr in lines
                for i in range(0, len(tr["y"]), 3)
            )
            expected = sorted(
                (round(a, 6), round(b, 6)) for a, b in zip(pairs["pre"], pairs["post"], strict=True)
            )
            assert drawn == expected
            checked += 1
    assert checked or run.name == "reference"


def test_the_dropout_panel_counts_who_did_not_finish(run: Run) -> None:
    lang = run.lang
    title = t("attrition_title", lang)
    for _, section, row in _sections(run):
        if not _published(row):
            continue
        panels = [
            p
            for p in section.find_all("div", class_="panel")
            if p.find("h3") and p.find("h3").text == title
        ]
        dropouts = row["n_dropouts"]
        if pd.isna(dropouts):
            assert not panels
            continue
        (panel,) = panels
        if dropouts == 0:
            assert t("attrition_none", lang) in panel.text
        else:
            assert t("attrition_none", lang) not in panel.text
            assert numbers(panel.text, lang)[0].agrees(dropouts)
            assert dropouts == row["n_pre"] - row["n_paired"]


def _allowed(run: Run, row: pd.Series) -> np.ndarray:
    """The values a statistics table of `row` may show: the row's own numbers (and the shares
    among them in percent), its instrument's pools, its subgroup rows, and the constants the
    texts name."""
    values = pd.to_numeric(row, errors="coerce").dropna().to_numpy(dtype=float)
    pooled = run.pooled[run.pooled["instrument"] == row["instrument"]]
    subgroups = run.subgroups[
        (run.subgroups["program_id"] == row["program_id"])
        & (run.subgroups["instrument"] == row["instrument"])
    ]
    extra = [
        frame.select_dtypes("number").to_numpy(dtype=float).ravel() for frame in (pooled, subgroups)
    ]
    base = np.concatenate([values, *extra])
    base = base[np.isfinite(base)]
    # the constants the texts name: groups of 5, 95% intervals, p < 0.001
    return np.concatenate([base, base * 100, np.abs(base), [MIN_GROUP, 95.0, 0.05, 0.001]])


def test_every_number_of_a_statistics_table_is_a_value_of_its_row(run: Run) -> None:
    lang = run.lang
    checked = 0
    for _, section, row in _sections(run):
        if not _published(row):
            continue
        allowed = _allowed(run, row)
        for table in section.find_all("table", class_="stats"):
            for cells in table.table_rows():
                for shown in numbers(cells[-1], lang):
                    tolerance = 0.5 * 10 ** (-shown.decimals) + 1e-9
                    assert np.any(np.abs(allowed - abs(shown.value)) <= tolerance) or np.any(
                        np.abs(allowed - shown.value) <= tolerance
                    ), (row["program_id"], row["instrument"], cells)
                    checked += 1
    assert checked


# The data-quality page -----------------------------------------------------------------------


def _data_rows(path: Path) -> int:
    """Records in a CSV file below its header, blank lines and all-empty records left out."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return sum(1 for cells in rows[1:] if any(cell.strip() for cell in cells))


def test_the_quality_page_counts_the_rows_of_the_files(run: Run) -> None:
    lang = run.lang
    _, quality = run.page("quality.html")
    section = next(
        s for s in quality.find_all("section") if s.attrs.get("aria-labelledby") == "sources-title"
    )
    rows = section.table_rows()[1:-1]  # the header, then the files, then the total
    with warehouse.connect(run.warehouse) as con:
        ledger = (
            con.execute(
                "select source, rows_read, rows_loaded, rows_quarantined from source_files"
                " where run_id = (select max(run_id) from runs where status = 'completed')"
            )
            .df()
            .set_index("source")
        )
    assert {cells[0] for cells in rows} == set(ledger.index)
    for source, _table, read, loaded, quarantined, _share in rows:
        expected = ledger.loc[source]
        assert _one(read, lang).agrees(expected["rows_read"])
        assert _one(loaded, lang).agrees(expected["rows_loaded"])
        assert _one(quarantined, lang).agrees(expected["rows_quarantined"])
        assert expected["rows_read"] == _data_rows(run.inbox / source)
        quarantined_rows = {row for file, row in run.quarantined if file == source}
        assert len(quarantined_rows) == expected["rows_quarantined"]


def test_no_withheld_cell_is_given_away_by_the_csv_or_the_workbook(run: Run) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(run.folder / "results.xlsx", read_only=True)
    cells = {}
    for sheet in workbook.worksheets:
        header = None
        for values in sheet.iter_rows(values_only=True):
            if header is None:
                header = list(values)
                continue
            record = dict(zip(header, values, strict=False))
            if "transition" in record or "n_ff" in record:
                cells[(record.get("program_id"), record.get("instrument"))] = record
    for _, row in run.results.iterrows():
        record = cells.get((row["program_id"], row["instrument"]))
        if record is None or row["instrument_kind"] == "numeric":
            continue
        for column in ("transition", "pre_counts", "post_counts", "n_ff", "n_pp", "pass_rate_pre"):
            if column in record:
                csv_value = row[column]
                xlsx_value = record[column]
                if pd.isna(csv_value):
                    assert xlsx_value is None, (row["program_id"], column)
                elif isinstance(csv_value, str):
                    assert xlsx_value == csv_value
                else:
                    assert math.isclose(float(xlsx_value), float(csv_value), rel_tol=1e-12)


def test_text_numbers_do_not_hide_in_the_dates(run: Run) -> None:
    """The page reader's numbers on a date line are the date's (a guard for the tests above)."""
    assert [n.value for n in numbers("6 Juli 2026", "id")] == [6.0, 2026.0]
    assert re.search(r"\d", "—") is None
