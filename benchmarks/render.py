"""Report benchmark: writing the static HTML report of a national-size run.

Generates a quarter's run (2026Q3) of ``--programmes`` programmes (default 1,000) as
``pipeline.read_inputs`` would hand it over: each programme has 2 or 3 instruments drawn from the
demo's kinds (the 0-100 knowledge test with one decimal, the 1-5 supervisor rating in whole
points, the SKP predikat with five categories and the pass/fail exam); programme sizes are mixed
(about 74% small, 6-40 participants; 20% medium, 41-300; 4.5% large, 301-3,000; and 1.5% under
5 participants, whose pages show suppressed results); up to 12% drop out before the post-test,
a few pre-tests are missing, and a fifth of the programmes with at least 20 participants have
comparison colleagues on their numeric instruments. Every participant has a unit, rank band,
sex and age band (2% unknown in each). Effects differ by programme (some none, some harmful),
so every verdict appears. ``results.compute`` and ``results.publishable_pairs`` then build the
``ReportInput`` as ``pipeline.publish`` does (pooled, subgroup and subgroup-test tables
included), with empty source and rejection tables and a run history of the 7 earlier quarters
made up around this run's counts. None of this is timed.

Timed: ``evaluasi.report.render.write_report`` into a fresh folder, everything it does (page
contexts, plotly figures and their JSON, jinja, copying plotly.js and the stylesheet, writing
the files), in its own child process so that the peak resident memory of the render is known
(the process's peak is reset once the report input is loaded). Each ``--repeat`` runs in a
fresh process. Target: rendering 1,000 programme pages takes under a minute; the output gives
seconds per 1,000 programme pages from the whole ``write_report`` time (summary, quality and
methods pages included). ``--profile`` adds one more, untimed render under cProfile and prints
its top entries by cumulative and by own time.

    .venv/bin/python benchmarks/render.py [--programmes 1000] [--lang id] [--repeat 1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import measure
import numpy as np
import pandas as pd
from measure import reset_peak_rss

from evaluasi.messages import LANGUAGES

SEED = 20261123
INPUT_FILE = "report-input.pickle"
PROFILE = "render-profile"
# Programme size bands: share of the programmes and the range of participants. Medium and large
# sizes are log-uniform in their range; at least one programme is tiny and one large.
SIZE_BANDS = {
    "tiny": (0.015, 2, 4),
    "small": (0.74, 6, 40),
    "medium": (0.2, 41, 300),
    "large": (0.045, 301, 3_000),
}
# The demo's instruments (evaluasi/demo.py): name, label, kind, scale, categories, and how often
# a programme uses one (each programme draws 2 or 3 without replacement by these weights).
INSTRUMENTS = {
    "knowledge_test": ("Tes pengetahuan", "numeric", 0.0, 100.0, None, 0.45),
    "supervisor_rating": ("Penilaian perilaku oleh atasan", "numeric", 1.0, 5.0, None, 0.25),
    "skp_predikat": (
        "Predikat kinerja SKP",
        "ordinal",
        np.nan,
        np.nan,
        "Sangat Kurang;Kurang;Butuh Perbaikan;Baik;Sangat Baik",
        0.2,
    ),
    "lulus_ujian": ("Kelulusan ujian akhir", "binary", np.nan, np.nan, "Tidak Lulus;Lulus", 0.1),
}
# Comparison colleagues: share of the programmes of at least COMPARISON_MIN_SIZE participants,
# measured on the numeric instruments only (as in the demo's comparison programmes).
COMPARISON_SHARE = 0.2
COMPARISON_MIN_SIZE = 20
MAX_DROPOUT_SHARE = 0.12
MISSING_PRE_SHARE = 0.01
# SKP predikat from a latent level: about 1%, 3%, 8%, 70% and 18% before training.
PREDIKAT_CUTS = (-2.3, -1.8, -1.2, 0.9)
# Type: course days, jp, cost per participant (IDR) and the names of its programmes.
PROGRAMME_TYPES = {
    "PKP": (110, 290, 28_500_000, ("Pelatihan Kepemimpinan Pengawas",)),
    "PKA": (120, 380, 42_000_000, ("Pelatihan Kepemimpinan Administrator",)),
    "LATSAR": (68, 241, 11_500_000, ("Latsar CPNS Golongan III", "Latsar CPNS Golongan II")),
    "TEKNIS": (
        4,
        40,
        4_000_000,
        (
            "Pelatihan Pengadaan Barang/Jasa",
            "Pelatihan Pengelolaan Keuangan Daerah Berbasis SIPD",
            "Pelatihan Manajemen Aset Daerah",
            "Pelatihan Pelayanan Publik Prima",
            "Pelatihan Pengelolaan Arsip Dinamis",
            "Pelatihan Analisis Data untuk Satu Data Indonesia",
            "Pelatihan Sistem Pemerintahan Berbasis Elektronik",
            "Pelatihan Penyusunan Laporan Kinerja Instansi Pemerintah",
        ),
    ),
    "FUNGSIONAL": (
        14,
        120,
        9_500_000,
        tuple(
            f"Pelatihan Jabatan Fungsional {family}"
            for family in (
                "Analis Kebijakan",
                "Perencana",
                "Arsiparis",
                "Pranata Komputer",
                "Auditor",
                "Analis Sumber Daya Manusia Aparatur",
                "Pengelola Pengadaan Barang/Jasa",
            )
        ),
    ),
}
TYPE_WEIGHTS = (0.15, 0.08, 0.12, 0.4, 0.25)
# The run evaluates one quarter: programmes end in it, and the index shows the earlier quarters.
PERIOD, PERIOD_START, PERIOD_DAYS = "2026Q3", "2026-07-01", 92
EARLIER_PERIODS = ("2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2")
# Subgroup levels of the participants (pipeline.SUBGROUP_DIMENSIONS); a level is unknown for
# UNKNOWN_LEVEL_SHARE of them in each dimension.
SUBGROUP_LEVELS = {
    "unit": (
        "Sekretariat Daerah",
        "Dinas Pendidikan dan Kebudayaan",
        "Dinas Kesehatan",
        "Badan Pendapatan Daerah",
        "Badan Perencanaan Pembangunan Daerah",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Badan Kepegawaian Daerah",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Komunikasi, Informatika dan Statistik",
        "Inspektorat",
    ),
    "rank_band": ("II", "III", "IV"),
    "sex": ("female", "male"),
    "age_band": ("<30", "30-39", "40-49", "50+"),
}
SUBGROUP_WEIGHTS = {
    "unit": (12, 18, 14, 10, 6, 7, 5, 10, 6, 6),
    "rank_band": (2, 6, 2),
    "sex": (1, 1),
    "age_band": (2, 3, 3, 2),
}
UNKNOWN_LEVEL_SHARE = 0.02
COST_MISSING_SHARE = 0.05
TARGET_SECONDS = 60.0  # per 1,000 programme pages


# --- the synthetic run ------------------------------------------------------------------------


def programme_sizes(programmes: int, rng: np.random.Generator) -> np.ndarray:
    """Participants per programme, shuffled: band counts by the shares of ``SIZE_BANDS``."""
    counts = {band: round(share * programmes) for band, (share, _, _) in SIZE_BANDS.items()}
    counts["tiny"] = max(counts["tiny"], 1)
    counts["large"] = max(counts["large"], 1)
    counts["small"] = programmes - sum(c for band, c in counts.items() if band != "small")
    sizes = []
    for band, (_, low, high) in SIZE_BANDS.items():
        if band in ("tiny", "small"):
            sizes.append(rng.integers(low, high + 1, counts[band]))
        else:
            drawn = np.exp(rng.uniform(np.log(low), np.log(high + 1), counts[band]))
            sizes.append(np.floor(drawn).astype(np.int64))
    return rng.permutation(np.concatenate(sizes))


def register(sizes: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """The programme register: id, name (topic and angkatan), type, dates, jp and cost."""
    programmes = sizes.size
    types = rng.choice(list(PROGRAMME_TYPES), size=programmes, p=TYPE_WEIGHTS)
    end = pd.Timestamp(PERIOD_START) + pd.to_timedelta(
        rng.integers(0, PERIOD_DAYS, programmes), "D"
    )
    angkatan: dict[str, int] = {}
    names, days, jp, cost = [], [], [], []
    for kind, size in zip(types, sizes, strict=True):
        length, hours, per_person, topics = PROGRAMME_TYPES[kind]
        topic = topics[rng.integers(len(topics))]
        angkatan[topic] = angkatan.get(topic, 0) + 1
        names.append(f"{topic} Angkatan {angkatan[topic]}")
        days.append(length)
        jp.append(float(hours))
        cost.append(float(per_person * size))
    cost = np.where(rng.random(programmes) < COST_MISSING_SHARE, np.nan, cost)
    width = len(str(programmes))
    return pd.DataFrame(
        {
            "program_id": [f"PRG-{i:0{width}d}" for i in range(1, programmes + 1)],
            "program_name": names,
            "program_type": types,
            "start_date": (end - pd.to_timedelta(days, "D")).astype("datetime64[us]"),
            "end_date": end.astype("datetime64[us]"),
            "jp": jp,
            "cost_idr": cost,
        }
    )


def scores(
    instrument: str, ability: np.ndarray, effect: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pre and post scores of people with standard-normal ``ability`` in one programme, each
    person's training ``effect`` in standard units of the instrument (0: comparison colleague).
    Ordinal and binary scores are category codes from 1, as the warehouse stores them."""
    n = ability.size
    if instrument == "knowledge_test":
        pre = rng.uniform(45.0, 70.0) + 12.0 * ability + rng.normal(0.0, 6.0, n)
        post = pre + 12.0 * effect + rng.normal(0.0, 7.0, n)
        return np.clip(np.round(pre, 1), 0.0, 100.0), np.clip(np.round(post, 1), 0.0, 100.0)
    if instrument == "supervisor_rating":
        latent = rng.uniform(2.6, 3.6) + 0.6 * ability
        pre = latent + rng.normal(0.0, 0.5, n)
        post = latent + 0.6 * effect + rng.normal(0.0, 0.5, n)
        return np.clip(np.rint(pre), 1.0, 5.0), np.clip(np.rint(post), 1.0, 5.0)
    if instrument == "skp_predikat":
        latent = 0.5 * ability + rng.normal(0.0, 0.75, n)
        pre = latent + rng.normal(0.0, 0.35, n)
        post = latent + 0.9 * effect + rng.normal(0.0, 0.35, n)
        return np.searchsorted(PREDIKAT_CUTS, pre) + 1.0, np.searchsorted(PREDIKAT_CUTS, post) + 1.0
    pass_mark = rng.uniform(-0.3, 0.8)
    pre = ability + rng.normal(0.0, 0.7, n) >= pass_mark
    post = ability + 1.5 * effect + rng.normal(0.0, 0.7, n) >= pass_mark
    return pre + 1.0, post + 1.0


def generate(programmes: int, seed: int = SEED) -> tuple[pd.DataFrame, ...]:
    """The programme summary, the pairs and the subgroup pairs, as ``pipeline.read_inputs``
    gives them.

    Pairs: one row per person x instrument with pre and post (NaN: no score), participants and
    comparison colleagues, sorted as ``int_pairs``; programme, instrument and group categorical.
    Subgroup pairs: the participants' complete pairs once per subgroup dimension.
    """
    rng = np.random.default_rng(seed)
    sizes = programme_sizes(programmes, rng)
    programs = register(sizes, rng)
    names = list(INSTRUMENTS)
    weights = np.array([spec[-1] for spec in INSTRUMENTS.values()])
    frames = []
    for program_id, size in zip(programs["program_id"], sizes, strict=True):
        chosen = sorted(
            names[i] for i in rng.choice(len(names), rng.integers(2, 4), False, weights)
        )
        n_comparison = (
            round(size * rng.uniform(0.5, 1.0))
            if size >= COMPARISON_MIN_SIZE and rng.random() < COMPARISON_SHARE
            else 0
        )
        participant = np.arange(size + n_comparison) >= n_comparison
        ability = rng.standard_normal(participant.size)
        effect = np.where(participant, rng.normal(0.35, 0.35), 0.0)
        levels = {
            dimension: person_levels(dimension, participant.size, rng)
            for dimension in SUBGROUP_LEVELS
        }
        # Drop-outs miss every post-test; a programme under 5 keeps everyone and every score.
        dropped = participant & (rng.random(participant.size) < rng.uniform(0, MAX_DROPOUT_SHARE))
        dropped &= size >= 5
        for instrument in chosen:
            numeric = INSTRUMENTS[instrument][1] == "numeric"
            people = np.ones_like(participant) if numeric else participant
            pre, post = scores(instrument, ability[people], effect[people], rng)
            post[dropped[people]] = np.nan
            pre[(rng.random(pre.size) < MISSING_PRE_SHARE) & (size >= 5)] = np.nan
            frames.append(
                pd.DataFrame(
                    {
                        "program_id": program_id,
                        "instrument": instrument,
                        "group": np.where(participant[people], "participant", "comparison"),
                        "pre": pre,
                        "post": post,
                        **{dimension: level[people] for dimension, level in levels.items()},
                    }
                )
            )
    everyone = pd.concat(frames, ignore_index=True).sort_values(
        ["program_id", "instrument", "group"], kind="stable", ignore_index=True
    )
    keys = ["program_id", "instrument"]
    everyone = everyone.astype({c: "category" for c in [*keys, "group"]})
    pairs = everyone[[*keys, "group", "pre", "post"]]
    complete = everyone[
        (everyone["group"] == "participant") & everyone["pre"].notna() & everyone["post"].notna()
    ]
    subgroup_pairs = pd.concat([complete[[*keys, "pre", "post"]]] * len(levels), ignore_index=True)
    subgroup_pairs["dimension"] = pd.Categorical.from_codes(
        np.repeat(np.arange(len(levels)), len(complete)), list(SUBGROUP_LEVELS)
    )
    subgroup_pairs["level"] = pd.Categorical(
        np.concatenate([complete[dimension].to_numpy(object) for dimension in SUBGROUP_LEVELS])
    )
    return summary_frame(pairs, programs, sizes), pairs, subgroup_pairs


def person_levels(dimension: str, people: int, rng: np.random.Generator) -> np.ndarray:
    """Each person's level in ``dimension`` (None: unknown), by ``SUBGROUP_WEIGHTS``."""
    weights = np.array(SUBGROUP_WEIGHTS[dimension], dtype=float)
    levels = np.array(SUBGROUP_LEVELS[dimension], dtype=object)
    drawn = levels[rng.choice(levels.size, people, p=weights / weights.sum())]
    drawn[rng.random(people) < UNKNOWN_LEVEL_SHARE] = None
    return drawn


def summary_frame(pairs: pd.DataFrame, programs: pd.DataFrame, sizes: np.ndarray) -> pd.DataFrame:
    """The columns of ``fct_program_summary``, counted from the pairs (every participant is
    enrolled in the programme)."""
    participant = pairs["group"] == "participant"
    has_pre, has_post = pairs["pre"].notna(), pairs["post"].notna()
    counts = (
        pairs.assign(
            n_pre=participant & has_pre,
            n_post=participant & has_post,
            n_paired=participant & has_pre & has_post,
            n_comparison=~participant & has_pre & has_post,
        )
        .groupby(["program_id", "instrument"], observed=True)[
            ["n_pre", "n_post", "n_paired", "n_comparison"]
        ]
        .sum()
        .astype(np.int64)
        .reset_index()
        .astype({"program_id": "str", "instrument": "str"})
    )
    instruments = pd.DataFrame(
        [
            (name, label, kind, low, high, categories)
            for name, (label, kind, low, high, categories, _) in INSTRUMENTS.items()
        ],
        columns=[
            "instrument",
            "instrument_label",
            "instrument_kind",
            "scale_min",
            "scale_max",
            "instrument_categories",
        ],
    )
    enrolled = programs[["program_id"]].assign(n_participants=sizes.astype(np.int64))
    summary = counts.merge(programs, on="program_id").merge(instruments, on="instrument")
    summary = summary.merge(enrolled, on="program_id")
    columns = [
        "program_id",
        "instrument",
        *programs.columns[1:],
        *instruments.columns[1:],
        "n_participants",
        "n_pre",
        "n_post",
        "n_paired",
        "n_comparison",
    ]
    return summary[columns].sort_values(["program_id", "instrument"], ignore_index=True)


def history_frame(results: pd.DataFrame, run_id: str, started_at: datetime) -> pd.DataFrame:
    """``history.run_history`` of the run: its own row counted from ``results`` as the model
    counts it, after the earlier quarters' runs (each quarter back 3% fewer programmes and 2%
    fewer positive results, give or take)."""
    from evaluasi.history import HISTORY_COLUMNS
    from evaluasi.pipeline import new_run_id

    current = {
        "n_programs": results["program_id"].nunique(),
        "n_results": len(results),
        "n_participants": int(results.groupby("program_id")["n_participants"].max().sum()),
        "n_testable": int((results["verdict"] != "insufficient").sum()),
        "n_positive": int((results["verdict"] == "positive").sum()),
        "n_negative": int((results["verdict"] == "negative").sum()),
    }
    median_dz = float(results["cohen_dz"].median())
    rng = np.random.default_rng(SEED + 1)
    rows = []
    for back, period in enumerate(reversed(EARLIER_PERIODS), start=1):
        scale = 1.0 - 0.03 * back + rng.normal(0.0, 0.03)
        counts = {column: round(count * scale) for column, count in current.items()}
        counts["n_positive"] = round(counts["n_positive"] * (1.0 - 0.02 * back))
        year, quarter = int(period[:4]), int(period[-1])
        # Run on the first working days after the quarter closed.
        run_at = datetime(year + quarter // 4, quarter % 4 * 3 + 1, 5, 2, 30, tzinfo=UTC)
        rows.append(
            {
                "period": period,
                "run_id": new_run_id(run_at),
                "started_at": run_at,
                "is_current": False,
                **counts,
                "median_dz": median_dz - 0.02 * back,
            }
        )
    rows.append(
        {
            "period": PERIOD,
            "run_id": run_id,
            "started_at": started_at.astimezone(UTC),
            "is_current": True,
            **current,
            "median_dz": median_dz,
        }
    )
    history = pd.DataFrame(rows).sort_values("period", ignore_index=True)
    history["share_positive"] = 100.0 * history["n_positive"] / history["n_results"]
    return history[list(HISTORY_COLUMNS)]


def report_input(programmes: int, lang: str) -> tuple[object, dict[str, object]]:
    """The ``ReportInput`` of the synthetic run, as ``pipeline.publish`` builds it, and facts
    about it for the output."""
    from evaluasi import results as result_table
    from evaluasi.periods import JAKARTA
    from evaluasi.pipeline import library_versions, new_run_id
    from evaluasi.report.render import (
        REJECTION_COLUMNS,
        SOURCE_COLUMNS,
        ReportInput,
        RunInfo,
    )

    summary, pairs, subgroup_pairs = generate(programmes)
    computed = result_table.compute(summary, pairs, subgroup_pairs)
    results = computed.programs
    started_at = datetime(2026, 10, 5, 9, 30, tzinfo=JAKARTA)
    run = RunInfo(
        run_id=new_run_id(started_at),
        started_at=started_at,
        period=PERIOD,
        lang=lang,
        parameters={"period": PERIOD, "lang": lang, "program_ids": "None"},
        versions=library_versions(),
        input_fingerprints={
            name: f"{index:064x}"
            for index, name in enumerate(("programs.csv", "instruments.csv", "scores.csv"))
        },
    )
    report = ReportInput(
        run=run,
        results=results,
        pairs=result_table.publishable_pairs(results, pairs),
        sources=pd.DataFrame(columns=list(SOURCE_COLUMNS)),
        rejections=pd.DataFrame(columns=list(REJECTION_COLUMNS)),
        pooled=computed.pooled,
        subgroups=computed.subgroups,
        subgroup_tests=computed.subgroup_tests,
        history=history_frame(results, run.run_id, started_at),
    )
    per_programme = summary.groupby("program_id")["n_participants"].first()
    facts = {
        "result_rows": len(results),
        "suppressed_rows": int((results["n_paired"] < result_table.MIN_GROUP).sum()),
        "kinds": results["instrument_kind"].value_counts().to_dict(),
        "verdicts": results["verdict"].value_counts().to_dict(),
        "pair_rows": len(pairs),
        "published_pairs": len(report.pairs),
        "subgroup_rows": len(computed.subgroups),
        "with_comparison": int(summary.groupby("program_id")["n_comparison"].max().gt(0).sum()),
        "participants": np.percentile(per_programme, [0, 50, 90, 100]).tolist(),
        "participants_total": int(per_programme.sum()),
    }
    return report, facts


# --- the children: prepare once, render per repeat --------------------------------------------


def prepare(folder: Path, programmes: int, lang: str) -> dict[str, object]:
    started = time.perf_counter()
    report, facts = report_input(programmes, lang)
    with open(folder / INPUT_FILE, "wb") as stored:
        pickle.dump(report, stored, protocol=pickle.HIGHEST_PROTOCOL)
    return facts | {"seconds": time.perf_counter() - started}


def render(folder: Path, step: str, profile: bool) -> dict[str, object]:
    """Load the report input, reset the peak, time ``write_report`` into a new folder (or,
    with ``profile``, print its cProfile instead)."""
    from evaluasi.report.render import write_report

    with open(folder / INPUT_FILE, "rb") as stored:
        report = pickle.load(stored)
    out = folder / step
    out.mkdir()
    start_rss = reset_peak_rss()
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(write_report, out, report)
        shown = pstats.Stats(profiler).strip_dirs()
        shown.sort_stats("cumulative").print_stats(25)
        shown.sort_stats("tottime").print_stats(15)
        shutil.rmtree(out)
        return {}
    started = time.perf_counter()
    written = write_report(out, report)
    seconds = time.perf_counter() - started
    pages = [path for path in written if path.suffix == ".html"]
    result = {
        "seconds": seconds,
        "pages": len(pages),
        "programme_pages": sum(path.name.startswith("program-") for path in pages),
        "bytes": sum(path.stat().st_size for path in written),
        "html_bytes": sum(path.stat().st_size for path in pages),
        "start_rss": start_rss,
    }
    shutil.rmtree(out)
    return result


# --- the parent: runs every step in a child and prints the table ------------------------------


def run_child(step: str, folder: Path, extra: list[str]) -> tuple[dict, int]:
    """Run ``step`` in a fresh interpreter; its result and its own peak RSS in bytes."""
    return measure.run_child(__file__, step, folder, extra, f"{step}.json")


def describe(facts: dict, programmes: int) -> None:
    low, median, p90, high = facts["participants"]
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in facts["kinds"].items())
    verdicts = ", ".join(f"{count:,} {verdict}" for verdict, count in facts["verdicts"].items())
    print(
        f"Synthetic run: {programmes:,} programmes, {facts['participants_total']:,} participants "
        f"({low:.0f}/{median:.0f}/{p90:.0f}/{high:.0f} min/median/90th percentile/max per "
        f"programme), {facts['with_comparison']} with comparison colleagues; "
        f"{facts['result_rows']:,} result rows ({kinds}), {facts['suppressed_rows']} under 5 "
        f"pairs; verdicts {verdicts}; {facts['pair_rows']:,} pair rows, "
        f"{facts['published_pairs']:,} of them published pairs; {facts['subgroup_rows']:,} "
        f"subgroup rows. Generated and computed (untimed) in {facts['seconds']:.1f} s."
    )


def print_table(measured: list[tuple[dict, int]], lang: str) -> None:
    print(
        "\n| run | lang | pages | programme pages | MB written | of which HTML | seconds "
        "| pages/s | s per 1,000 programme pages | start RSS | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for run, (result, peak) in enumerate(measured, start=1):
        seconds = result["seconds"]
        per_thousand = seconds / result["programme_pages"] * 1000
        print(
            f"| {run} | {lang} | {result['pages']:,} | {result['programme_pages']:,} "
            f"| {result['bytes'] / 1e6:.1f} | {result['html_bytes'] / 1e6:.1f} | {seconds:.1f} "
            f"| {result['pages'] / seconds:.1f} | {per_thousand:.1f} "
            f"| {result['start_rss'] / 1e9:.2f} GB | {peak / 1e9:.2f} GB |"
        )
    print(
        "\nseconds: wall time of write_report (every page rendered, plotly.js and the stylesheet "
        "copied, every file written). MB written: every file (plotly.min.js included); start "
        "RSS: after loading the report input; peak RSS: ru_maxrss from os.wait4, the peak "
        "reset at start. One process per run."
    )
    best = min(result["seconds"] / result["programme_pages"] * 1000 for result, _ in measured)
    worst = max(result["seconds"] / result["programme_pages"] * 1000 for result, _ in measured)
    met = "met" if worst < TARGET_SECONDS else "MISSED"
    spread = f"{best:.1f}-{worst:.1f}" if len(measured) > 1 else f"{worst:.1f}"
    print(
        f"\nTarget: 1,000 programme pages under {TARGET_SECONDS:.0f} s: {met} "
        f"({spread} s per 1,000 programme pages)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=1_000)
    parser.add_argument("--lang", choices=LANGUAGES, default="id")
    parser.add_argument("--repeat", type=int, default=1, help="renders, each in a new process")
    parser.add_argument(
        "--profile", action="store_true", help="print the cProfile of one more, untimed render"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        result = prepare(args.folder, args.programmes, args.lang)
    elif args.child:
        result = render(args.folder, args.child, args.child == PROFILE)
    if args.child:
        (args.folder / f"{args.child}.json").write_text(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="evaluasi-bench-render-") as name:
        folder = Path(name)
        options = ["--programmes", str(args.programmes), "--lang", args.lang]
        facts, _ = run_child("prepare", folder, options)
        describe(facts, args.programmes)
        load_before = os.getloadavg()[0]
        measured = [
            run_child(f"render-{run}", folder, options) for run in range(1, args.repeat + 1)
        ]
        load_after = os.getloadavg()[0]
        print_table(measured, args.lang)
        print(
            f"Machine load (1-minute average) before / after the renders: {load_before:.1f} / "
            f"{load_after:.1f} on {os.cpu_count()} cores; other work inflates the times."
        )
        if args.profile:
            print("\ncProfile of one more render (not timed above; profiling slows it down):")
            sys.stdout.flush()
            run_child(PROFILE, folder, options)


if __name__ == "__main__":
    main()
