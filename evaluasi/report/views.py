"""What each page shows, worked out from the run's tables: texts and numbers ready for templates.

Numbers are formatted here, once, for the report language; templates only lay them out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from evaluasi.messages import MESSAGES, t
from evaluasi.report import charts
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_ci,
    format_count,
    format_date_range,
    format_datetime,
    format_number,
    format_p,
    format_p_clause,
    format_percent,
    format_period,
    format_rupiah,
)
from evaluasi.report.slugs import assign_slugs
from evaluasi.results import COMPARISON_COLUMNS, SHRUNK_COLUMNS
from evaluasi.stats.comparison import ADJUSTED_MEAN_COLUMNS
from evaluasi.stats.engine import ATTRITION_RESULT_COLUMNS, BINARY_ONLY, ORDINAL_ONLY, RTM_COLUMNS
from evaluasi.stats.verdict import VERDICT_COLUMNS

if TYPE_CHECKING:
    from evaluasi.report.render import ReportInput, RunInfo

MIN_PAIRS = 5
ATTRITION_WARNING = 10.0  # percent
SUPPRESSED_NOTE = "suppressed_small_group"
FINDINGS_LIMIT = 5  # programmes named per verdict line on the summary
VERDICTS = charts.VERDICT_ORDER

Row = Mapping[str, Any]

# Statistic columns of results.csv documented under each methods section: the SPEC section 4
# ones in its order, each further family after the one it extends. Columns of the other result
# files (pooled.csv, subgroups.csv, subgroup_tests.csv) are named in their sections' texts.
METHOD_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("counts", ("n_participants", "n_pre", "n_post", "n_paired")),
    ("attrition", ATTRITION_RESULT_COLUMNS),
    ("descriptives", ("pre_mean", "pre_sd", "post_mean", "post_sd")),
    ("mean_change", ("mean_diff", "sd_diff", "se_diff", "ci_low", "ci_high")),
    ("t_test", ("t_stat", "df", "p_value")),
    ("cohen_dz", ("cohen_dz", "dz_ci_low", "dz_ci_high")),
    ("d_av", ("d_av",)),
    (
        "more_effect_sizes",
        ("hedges_gz", "gz_ci_low", "gz_ci_high", "d_rm", "pre_post_r", "prob_superiority"),
    ),
    ("wilcoxon", ("wilcoxon_v", "wilcoxon_p")),
    ("hodges_lehmann", ("hl_estimate", "hl_ci_low", "hl_ci_high", "hl_conf_level")),
    ("rank_biserial", ("rank_biserial",)),
    ("shapiro", ("shapiro_w", "shapiro_p")),
    ("pct", ("pct_improved", "pct_unchanged", "pct_declined")),
    ("normalized_gain", ("normalized_gain",)),
    ("normalized_change", ("mean_individual_gain", "normalized_change")),
    ("mde", ("mde_dz",)),
    ("ordinal", ORDINAL_ONLY),
    ("binary", BINARY_ONLY),
    ("adjustment", ("p_holm", "q_bh")),
    ("comparison", (*COMPARISON_COLUMNS, *ADJUSTED_MEAN_COLUMNS)),
    ("regression_to_mean", RTM_COLUMNS),
    ("verdict", VERDICT_COLUMNS),
    ("pooling", ()),
    ("shrinkage", tuple(SHRUNK_COLUMNS)),
    ("subgroups", ()),
    ("attribution", ()),
    ("small_groups", ("notes",)),
    ("privacy", ()),
    ("charts", ()),
    ("numbers", ()),
)


@dataclass(frozen=True)
class PageNames:
    """File names of programme pages and ids of instrument sections, shared by every link."""

    programmes: dict[str, str]
    instruments: dict[str, str]

    @classmethod
    def for_results(cls, results: pd.DataFrame) -> PageNames:
        return cls(
            programmes=assign_slugs(results["program_id"].astype(str)),
            instruments=assign_slugs(results["instrument"].astype(str)),
        )

    def page(self, program_id: object) -> str:
        return f"program-{self.programmes[str(program_id)]}.html"

    def anchor(self, instrument: object) -> str:
        return f"instrument-{self.instruments[str(instrument)]}"


@dataclass(frozen=True)
class Chart:
    id: str
    json: Markup  # already escaped for an inline script by charts.script_json
    label: str


def _chart(chart_id: str, figure: object, label: str) -> Chart:
    return Chart(id=chart_id, json=Markup(charts.script_json(figure)), label=label)


def plotly_config() -> Markup:
    return Markup(charts.script_json(charts.PLOTLY_CONFIG))


def _text(value: object) -> str:
    """A text cell: empty for missing values, which pandas gives as NaN or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def note_codes(value: object) -> list[str]:
    return [code.strip() for code in _text(value).split(";") if code.strip()]


def is_suppressed(row: Row) -> bool:
    """Too small a group to publish statistics or charts for."""
    n_paired = as_float(row["n_paired"])
    return n_paired is None or n_paired < MIN_PAIRS or SUPPRESSED_NOTE in note_codes(row["notes"])


def verdict_view(code: object, lang: str) -> dict[str, str]:
    verdict = _text(code)
    if verdict in VERDICTS:
        return {
            "code": verdict,
            "label": t(f"verdict_{verdict}", lang),
            "explain": t(f"verdict_{verdict}_explain", lang),
        }
    return {"code": "other", "label": verdict or EMPTY, "explain": ""}


def code_label(family: str, code: str, lang: str) -> str:
    """The reader's text for a code of a family (`note`, `reason`); unknown codes show as is."""
    key = f"{family}_{code}"
    return t(key, lang) if key in MESSAGES[lang] else code


def _score_decimals(row: Row) -> int:
    """Two decimals on short scales (1-5 Likert), one on long ones (0-100 tests)."""
    low, high = as_float(row["scale_min"]), as_float(row["scale_max"])
    return 1 if low is not None and high is not None and high - low >= 20 else 2


def _ci_text(row: Row, estimate: str, low: str, high: str, lang: str, decimals: int) -> str:
    def number(column: str) -> str:
        return format_number(row[column], lang, decimals, signed=True)

    return format_ci(number(estimate), number(low), number(high), lang)


def common_context(run: RunInfo, lang: str, active: str, page_title: str) -> dict[str, Any]:
    generated = format_datetime(run.started_at, lang)
    return {
        "lang": lang,
        "t": partial(t, lang=lang),
        "active": active,
        "page_title": page_title,
        "header_meta": t(
            "header_meta", lang, period=format_period(run.period, lang), generated=generated
        ),
        "footer": t(
            "footer_text",
            lang,
            version=run.versions.get("evaluasi", EMPTY),
            run_id=run.run_id,
            generated=generated,
        ),
        "charts": False,
        "plotly_config": plotly_config(),
    }


def _programme_order(results: pd.DataFrame) -> list[str]:
    """Programme ids by name, so every list in the report reads in the same order."""
    first = results.drop_duplicates("program_id")
    keyed = sorted(
        (_text(name).casefold(), str(program_id))
        for program_id, name in zip(first["program_id"], first["program_name"], strict=True)
    )
    return [program_id for _, program_id in keyed]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def index_context(report: ReportInput, names: PageNames, lang: str) -> dict[str, Any]:
    results = report.results
    order = _programme_order(results)
    rank = {program_id: index for index, program_id in enumerate(order)}
    rows = sorted(
        _records(results), key=lambda row: (rank[str(row["program_id"])], _text(row["instrument"]))
    )
    result_rows = [_result_row(row, names, lang) for row in rows]

    per_programme = results.groupby(results["program_id"].astype(str))["n_participants"].max()
    participants = pd.to_numeric(per_programme, errors="coerce")
    positive = sum(1 for row in result_rows if row["verdict"]["code"] == "positive")
    total = len(result_rows)
    kpis = [
        {
            "value": format_count(len(order), lang),
            "label": t("kpi_programmes", lang),
            "detail": t("kpi_programmes_detail", lang, rows=format_count(total, lang)),
            "verdict": "",
        },
        {
            "value": format_count(participants.sum(min_count=1), lang),
            "label": t("kpi_participants", lang),
            "detail": t("kpi_participants_detail", lang),
            "verdict": "",
        },
        {
            "value": format_percent(positive / total * 100 if total else None, lang),
            "label": t("kpi_positive", lang),
            "detail": t(
                "kpi_positive_detail",
                lang,
                positive=format_count(positive, lang),
                total=format_count(total, lang),
            ),
            "verdict": "positive",
        },
    ]

    points = [
        charts.ForestPoint(
            programme=row["program_name"],
            instrument=row["instrument_label"],
            dz=dz,
            low=row["dz_low"],
            high=row["dz_high"],
            verdict=row["verdict_code"],
            estimate_text=row["dz"],
        )
        for row in result_rows
        if (dz := row["dz_value"]) is not None
    ]
    forest = _chart("chart-forest", charts.forest_figure(points, lang), t("forest_title", lang))
    forest_rows = sorted(
        (row for row in result_rows if row["dz_value"] is not None),
        key=lambda row: -row["dz_value"],
    )

    context = common_context(report.run, lang, "index", t("summary_title", lang))
    context.update(
        kpis=kpis,
        findings=_findings(result_rows, order, lang),
        verdict_legend=[verdict_view(code, lang) for code in VERDICTS],
        results=result_rows,
        forest=forest if points else None,
        forest_rows=forest_rows,
        not_plotted=total - len(points),
        charts=bool(points),
    )
    return context


def _result_row(row: Row, names: PageNames, lang: str) -> dict[str, Any]:
    decimals = _score_decimals(row)
    program_id = str(row["program_id"])
    verdict = _text(row["verdict"])
    published = not is_suppressed(row)

    def shown(column: str) -> float | None:
        return as_float(row[column]) if published else None

    return {
        "program_id": program_id,
        "program_name": _text(row["program_name"]) or program_id,
        "page": names.page(program_id),
        "anchor": names.anchor(row["instrument"]),
        "instrument_label": _text(row["instrument_label"]) or _text(row["instrument"]),
        "verdict": verdict_view(row["verdict"], lang),
        "verdict_code": verdict,
        "verdict_rank": VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS),
        "n_paired": format_count(row["n_paired"], lang),
        "n_paired_value": as_float(row["n_paired"]),
        "mean_change": (
            _ci_text(row, "mean_diff", "ci_low", "ci_high", lang, decimals) if published else EMPTY
        ),
        "mean_change_value": shown("mean_diff"),
        "dz": _ci_text(row, "cohen_dz", "dz_ci_low", "dz_ci_high", lang, 2) if published else EMPTY,
        "dz_value": shown("cohen_dz"),
        "dz_low": shown("dz_ci_low"),
        "dz_high": shown("dz_ci_high"),
        "q": format_p(row["q_bh"], lang) if published else EMPTY,
        "q_value": shown("q_bh"),
    }


def _findings(rows: Sequence[dict[str, Any]], order: Sequence[str], lang: str) -> list[dict]:
    """One line per verdict: the programmes with that verdict and the instruments concerned.

    Rises are listed largest first and falls steepest first; a long list is cut short so that a
    leader reads the line at a glance, and the rest is in the results table.
    """
    rank = {program_id: index for index, program_id in enumerate(order)}
    findings = []
    for code in VERDICTS:
        members: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["verdict"]["code"] != code:
                continue
            entry = members.setdefault(
                row["program_id"],
                {"name": row["program_name"], "page": row["page"], "items": [], "effects": []},
            )
            entry["items"].append(row["instrument_label"])
            if row["dz_value"] is not None:
                entry["effects"].append(row["dz_value"])
        # Sorting on sign x d_z puts the largest rise (or the steepest fall) first; a sign of 0
        # leaves the other verdicts in name order.
        sign = {"positive": -1.0, "negative": 1.0}.get(code, 0.0)

        def strongest_first(item: tuple[str, dict[str, Any]], sign: float = sign) -> tuple:
            program_id, entry = item
            return (min((sign * e for e in entry["effects"]), default=0.0), rank[program_id])

        listed = [entry for _, entry in sorted(members.items(), key=strongest_first)]
        if listed:
            findings.append(
                {
                    "verdict": verdict_view(code, lang),
                    "lead": t(f"findings_{code}", lang),
                    "programmes": listed[:FINDINGS_LIMIT],
                    "more": (
                        t(
                            "findings_more",
                            lang,
                            count=format_count(len(listed) - FINDINGS_LIMIT, lang),
                        )
                        if len(listed) > FINDINGS_LIMIT
                        else ""
                    ),
                }
            )
    return findings


def programme_context(
    report: ReportInput, program_id: str, names: PageNames, lang: str
) -> dict[str, Any]:
    results = report.results
    rows = _records(results[results["program_id"].astype(str) == program_id])
    first = rows[0]
    name = _text(first["program_name"]) or program_id
    enrolled = max(
        (v for row in rows if (v := as_float(row["n_participants"])) is not None), default=None
    )
    cost = as_float(first["cost_idr"])
    facts = [
        (t("programme_type", lang), _text(first["program_type"]) or EMPTY),
        (
            t("programme_dates", lang),
            format_date_range(first["start_date"], first["end_date"], lang),
        ),
        (t("programme_jp", lang), format_number(first["jp"], lang, 0)),
    ]
    if cost is not None:
        facts.append((t("programme_cost", lang), format_rupiah(cost, lang)))
        if enrolled:
            facts.append(
                (t("programme_cost_per_participant", lang), format_rupiah(cost / enrolled, lang))
            )
    pairs = report.pairs[report.pairs["program_id"].astype(str) == program_id]
    instruments = [
        _instrument_view(row, pairs, names.anchor(row["instrument"]), f"chart-{index}", lang)
        for index, row in enumerate(rows, start=1)
    ]
    context = common_context(report.run, lang, "programme", name)
    context.update(
        programme={"name": name},
        facts=facts,
        instruments=instruments,
        charts=any(view["charts"] for view in instruments),
    )
    return context


def _instrument_view(
    row: Row, pairs: pd.DataFrame, anchor: str, chart_id: str, lang: str
) -> dict[str, Any]:
    label = _text(row["instrument_label"]) or _text(row["instrument"])
    kind = _text(row["instrument_kind"])
    low, high = as_float(row["scale_min"]), as_float(row["scale_max"])
    subtitle = [t(f"kind_{kind}", lang) if f"kind_{kind}" in MESSAGES[lang] else kind]
    if low is not None and high is not None:
        subtitle.append(
            t(
                "scale_range",
                lang,
                low=format_number(low, lang, 0),
                high=format_number(high, lang, 0),
            )
        )
    enrolled, paired = as_float(row["n_participants"]), as_float(row["n_paired"])
    attrition = (enrolled - paired) / enrolled * 100 if enrolled and paired is not None else None
    suppressed = is_suppressed(row)
    view: dict[str, Any] = {
        "anchor": anchor,
        "label": label,
        "subtitle": " · ".join(part for part in subtitle if part),
        "verdict": verdict_view(row["verdict"], lang),
        "suppressed": suppressed,
        "counts": [
            (t("count_enrolled", lang), format_count(enrolled, lang)),
            (t("count_pre", lang), format_count(row["n_pre"], lang)),
            (t("count_post", lang), format_count(row["n_post"], lang)),
            (t("count_paired", lang), format_count(paired, lang)),
            (t("count_attrition", lang), format_percent(attrition, lang)),
        ],
        "notes": [(code, code_label("note", code, lang)) for code in note_codes(row["notes"])],
        "charts": [],
    }
    if suppressed:
        return view

    decimals = _score_decimals(row)

    def mean_sd(mean: str, sd: str) -> str:
        text = format_number(row[mean], lang, decimals)
        if text == EMPTY:
            return EMPTY
        return t("mean_sd", lang, mean=text, sd=format_number(row[sd], lang, decimals))

    view.update(
        means=[
            (t("mean_before", lang), mean_sd("pre_mean", "pre_sd")),
            (t("mean_after", lang), mean_sd("post_mean", "post_sd")),
        ],
        conclusion=_conclusion(row, label, lang),
        caveats=_caveats(row, attrition, lang),
        stats=_statistics(row, decimals, lang),
        comparison=_comparison(row, decimals, lang),
        transition=_transition(row, lang),
    )
    group = pairs[pairs["instrument"].astype(str) == str(row["instrument"])]
    group = group[["pre", "post"]].apply(pd.to_numeric, errors="coerce").dropna()
    if len(group) >= MIN_PAIRS:
        view["charts"] = _instrument_charts(group, low, high, chart_id, decimals, lang)
    return view


def _conclusion(row: Row, instrument: str, lang: str) -> list[str]:
    """Plain-language sentences for leaders: what changed by the estimate the verdict rests on
    (its basis), whether that can be chance, and how large an effect could have been seen."""
    verdict = _text(row["verdict"])
    basis = _text(row["verdict_basis"])
    if verdict not in VERDICTS:
        return [t("conclusion_other", lang, instrument=instrument, verdict=verdict or EMPTY)]
    if verdict == "insufficient":
        reason = "insufficient" if is_suppressed(row) or not basis else "untestable"
        return [t(f"conclusion_{reason}", lang, instrument=instrument)]
    # Shares (net improving, pass rate) read as percentage points.
    scale = 100.0 if basis in ("mcnemar", "sign") else 1.0
    decimals = 1 if basis in ("mcnemar", "sign") else _score_decimals(row)

    def number(column: str) -> str:
        value = as_float(row[column])
        return format_number(None if value is None else value * scale, lang, decimals, signed=True)

    sentences = [
        t(
            f"conclusion_change_{basis}",
            lang,
            instrument=instrument,
            change=number("verdict_estimate"),
            low=number("verdict_ci_low"),
            high=number("verdict_ci_high"),
            improved=format_percent(row["pct_improved"], lang),
            declined=format_percent(row["pct_declined"], lang),
        )
    ]
    rtm = as_float(row["rtm_expected_change"])
    if basis == "paired" and rtm is not None and rtm > 0:
        sentences.append(
            t("conclusion_rtm", lang, rtm=format_number(rtm, lang, _score_decimals(row)))
        )
    sentences.append(
        t(f"conclusion_{verdict}", lang, q=format_p_clause("q", row["verdict_q"], lang))
    )
    mde = as_float(row["mde_dz"])
    if verdict == "not_shown" and basis == "paired" and mde is not None:
        sentences.append(
            t(
                "conclusion_mde",
                lang,
                n=format_count(row["n_paired"], lang),
                mde=format_number(mde, lang, 2),
            )
        )
    return sentences


def _has_comparison(row: Row) -> bool:
    """Comparison colleagues whose scores the statistics used (numeric instruments only)."""
    n_comparison = as_float(row["n_comparison"])
    numeric = _text(row["instrument_kind"]) == "numeric"
    return numeric and n_comparison is not None and n_comparison > 0


def _caveats(row: Row, attrition: float | None, lang: str) -> list[str]:
    caveats = []
    if not _has_comparison(row):
        caveats.append(t("caveat_no_comparison", lang))
    caveats.append(t("caveat_regression", lang))
    if attrition is not None and attrition > ATTRITION_WARNING:
        caveats.append(t("caveat_attrition", lang, share=format_percent(attrition, lang)))
    return caveats


def _stat(key: str, anchor: str, value: str, lang: str) -> dict[str, str]:
    return {"label": t(key, lang), "anchor": f"method-{anchor}", "value": value}


def _statistics(row: Row, decimals: int, lang: str) -> list[dict[str, str]]:
    """The statistics table of an instrument, by its kind, ending with the adjusted p-value of
    the verdict."""
    kind = _text(row["instrument_kind"])
    if kind == "ordinal":
        rows = _ordinal_statistics(row, lang)
    elif kind == "binary":
        rows = _binary_statistics(row, lang)
    else:
        rows = _numeric_statistics(row, decimals, lang)
    return [*rows, _stat("stat_verdict_q", "verdict", format_p(row["verdict_q"], lang), lang)]


def _ordinal_statistics(row: Row, lang: str) -> list[dict[str, str]]:
    def p_clause(column: str) -> str:
        return format_p_clause("p", row[column], lang)

    def chi2(stat: str, p: str) -> str:
        value = format_number(row[stat], lang, 2)
        df = format_number(row["stuart_maxwell_df"], lang, 0)
        return EMPTY if value == EMPTY else t("chi2_format", lang, df=df, x=value, p=p_clause(p))

    return [
        _stat("stat_pct", "pct", _pct_text(row, lang), lang),
        _stat("stat_sign_test", "ordinal", format_p(row["sign_test_p"], lang), lang),
        _stat(
            "stat_stuart_maxwell", "ordinal", chi2("stuart_maxwell_stat", "stuart_maxwell_p"), lang
        ),
        _stat("stat_bhapkar", "ordinal", chi2("bhapkar_stat", "bhapkar_p"), lang),
        _stat(
            "stat_wilcoxon",
            "wilcoxon",
            _pair_text(
                "wilcoxon_format",
                "v",
                format_number(row["wilcoxon_v"], lang, 1),
                p_clause("wilcoxon_p"),
                lang,
            ),
            lang,
        ),
    ]


def _binary_statistics(row: Row, lang: str) -> list[dict[str, str]]:
    def points(column: str) -> object:
        value = as_float(row[column])
        return None if value is None else 100.0 * value

    change = format_number(points("prop_diff"), lang, 1, signed=True)
    low = format_number(points("prop_diff_ci_low"), lang, 1, signed=True)
    high = format_number(points("prop_diff_ci_high"), lang, 1, signed=True)
    interval = (
        EMPTY if change == EMPTY else t("ci_format", lang, estimate=change, low=low, high=high)
    )
    return [
        _stat("stat_prop_diff", "binary", interval, lang),
        _stat("stat_pct", "pct", _pct_text(row, lang), lang),
        _stat("stat_mcnemar", "binary", format_p(row["mcnemar_p"], lang), lang),
        _stat("stat_mcnemar_midp", "binary", format_p(row["mcnemar_midp"], lang), lang),
    ]


def _pct_text(row: Row, lang: str) -> str:
    return t(
        "pct_format",
        lang,
        up=format_percent(row["pct_improved"], lang),
        same=format_percent(row["pct_unchanged"], lang),
        down=format_percent(row["pct_declined"], lang),
    )


def _transition(row: Row, lang: str) -> dict[str, object] | None:
    """The pre x post table of an ordinal or binary instrument with its category labels; cells
    of 1 to 4 people, withheld in the results, show as "< 5"."""
    kind = _text(row["instrument_kind"])
    labels = [part.strip() for part in _text(row["instrument_categories"]).split(";")]
    labels = [label for label in labels if label]
    if kind == "binary":
        cells = [[row["n_ff"], row["n_fp"]], [row["n_pf"], row["n_pp"]]]
    elif kind == "ordinal" and _text(row["transition"]):
        cells = json.loads(_text(row["transition"]))
    else:
        return None
    if is_suppressed(row) or len(labels) != len(cells):
        return None

    def cell(value: object) -> str:
        count = as_float(value)
        return t("cell_suppressed", lang) if count is None else format_count(count, lang)

    return {
        "labels": labels,
        "rows": [
            (label, [cell(c) for c in line]) for label, line in zip(labels, cells, strict=True)
        ],
    }


def _numeric_statistics(row: Row, decimals: int, lang: str) -> list[dict[str, str]]:
    def number(column: str, places: int = 2) -> str:
        return format_number(row[column], lang, places)

    def p(column: str) -> str:
        return format_p(row[column], lang)

    def p_clause(column: str) -> str:
        return format_p_clause("p", row[column], lang)

    def stat(key: str, anchor: str, value: str) -> dict[str, str]:
        return {"label": t(key, lang), "anchor": f"method-{anchor}", "value": value}

    df_value = as_float(row["df"])
    df_text = number("df", 0 if df_value is None or df_value.is_integer() else 1)
    t_text = number("t_stat")
    return [
        stat(
            "stat_mean_diff",
            "mean_change",
            _ci_text(row, "mean_diff", "ci_low", "ci_high", lang, decimals),
        ),
        stat("stat_sd_diff", "mean_change", number("sd_diff", decimals)),
        stat("stat_se_diff", "mean_change", number("se_diff", decimals)),
        stat(
            "stat_t",
            "t_test",
            EMPTY
            if t_text == EMPTY
            else t("t_format", lang, df=df_text, t=t_text, p=p_clause("p_value")),
        ),
        stat("stat_p_holm", "adjustment", p("p_holm")),
        stat("stat_q_bh", "adjustment", p("q_bh")),
        stat("stat_dz", "cohen_dz", _ci_text(row, "cohen_dz", "dz_ci_low", "dz_ci_high", lang, 2)),
        stat("stat_d_av", "d_av", format_number(row["d_av"], lang, 2, signed=True)),
        stat(
            "stat_wilcoxon",
            "wilcoxon",
            _pair_text(
                "wilcoxon_format", "v", number("wilcoxon_v", 1), p_clause("wilcoxon_p"), lang
            ),
        ),
        stat(
            "stat_rank_biserial",
            "rank_biserial",
            format_number(row["rank_biserial"], lang, 2, signed=True),
        ),
        stat(
            "stat_shapiro",
            "shapiro",
            _pair_text("shapiro_format", "w", number("shapiro_w", 3), p_clause("shapiro_p"), lang),
        ),
        stat(
            "stat_pct",
            "pct",
            t(
                "pct_format",
                lang,
                up=format_percent(row["pct_improved"], lang),
                same=format_percent(row["pct_unchanged"], lang),
                down=format_percent(row["pct_declined"], lang),
            ),
        ),
        stat(
            "stat_normalized_gain",
            "normalized_gain",
            format_number(row["normalized_gain"], lang, 2, signed=True),
        ),
        stat("stat_mde", "mde", number("mde_dz")),
    ]


def _pair_text(key: str, name: str, statistic: str, p: str, lang: str) -> str:
    return EMPTY if statistic == EMPTY else t(key, lang, **{name: statistic, "p": p})


def _comparison(row: Row, decimals: int, lang: str) -> list[dict[str, str]] | None:
    if not _has_comparison(row):
        return None
    return [
        {
            "label": t("stat_n_comparison", lang),
            "anchor": "method-comparison",
            "value": format_count(row["n_comparison"], lang),
        },
        {
            "label": t("stat_did", lang),
            "anchor": "method-comparison",
            "value": _ci_text(row, "did_estimate", "did_ci_low", "did_ci_high", lang, decimals),
        },
        {
            "label": t("stat_did_p", lang),
            "anchor": "method-comparison",
            "value": format_p(row["did_p"], lang),
        },
        {
            "label": t("stat_ancova", lang),
            "anchor": "method-comparison",
            "value": _ci_text(
                row, "ancova_effect", "ancova_ci_low", "ancova_ci_high", lang, decimals
            ),
        },
        {
            "label": t("stat_ancova_p", lang),
            "anchor": "method-comparison",
            "value": format_p(row["ancova_p"], lang),
        },
        {
            "label": t("stat_slopes_p", lang),
            "anchor": "method-comparison",
            "value": format_p(row["slopes_p"], lang),
        },
    ]


def _instrument_charts(
    group: pd.DataFrame,
    scale_min: float | None,
    scale_max: float | None,
    chart_id: str,
    decimals: int,
    lang: str,
) -> list[dict[str, Any]]:
    """The distribution and change charts of one instrument, each with the table of its numbers."""
    pre, post = group["pre"].to_numpy(), group["post"].to_numpy()
    before, after = t("chart_before", lang), t("chart_after", lang)
    levels = charts.score_levels(pre, post, scale_min, scale_max)
    if levels is None:
        box_pre, box_post = charts.box_summary(pre), charts.box_summary(post)
        figure = charts.box_figure(box_pre, box_post, lang)
        note = t("chart_box_note", lang)
        header = [t("col_statistic", lang), before, after]
        table = [
            [
                t(f"summary_{field}", lang),
                format_number(getattr(box_pre, attr), lang, decimals),
                format_number(getattr(box_post, attr), lang, decimals),
            ]
            for field, attr in (
                ("min", "minimum"),
                ("q1", "q1"),
                ("median", "median"),
                ("q3", "q3"),
                ("max", "maximum"),
                ("mean", "mean"),
            )
        ]
    else:
        shares_pre = charts.level_shares(pre, levels)
        shares_post = charts.level_shares(post, levels)
        figure = charts.level_figure(levels, shares_pre, shares_post, lang)
        note = t("chart_bars_note", lang)
        header = [
            t("col_score", lang),
            f"{before} ({t('col_share', lang)})",
            f"{after} ({t('col_share', lang)})",
        ]
        table = [
            [
                format_number(level, lang, 0),
                format_percent(share_pre, lang),
                format_percent(share_post, lang),
            ]
            for level, share_pre, share_post in zip(levels, shares_pre, shares_post, strict=True)
        ]
    bins = charts.change_bins(post - pre)
    change_table = [
        [
            format_number(b.centre, lang, 0, signed=True)
            if b.whole
            else t(
                "range_format",
                lang,
                low=format_number(b.low, lang, decimals, signed=True),
                high=format_number(b.high, lang, decimals, signed=True),
            ),
            format_count(b.count, lang),
        ]
        for b in bins
    ]
    distribution_title = t("chart_distribution_title", lang)
    change_title = t("chart_change_title", lang)
    return [
        {
            "title": distribution_title,
            "chart": _chart(f"{chart_id}-distribution", figure, distribution_title),
            "note": note,
            "header": header,
            "rows": table,
        },
        {
            "title": change_title,
            "chart": _chart(f"{chart_id}-change", charts.change_figure(bins, lang), change_title),
            "note": t("chart_change_note", lang),
            "header": [t("col_change", lang), t("col_pairs", lang)],
            "rows": change_table,
        },
    ]


def quality_context(report: ReportInput, lang: str) -> dict[str, Any]:
    sources = []
    totals = {"rows_read": 0.0, "rows_loaded": 0.0, "rows_quarantined": 0.0}
    for row in _records(report.sources):
        read, quarantined = as_float(row["rows_read"]), as_float(row["rows_quarantined"])
        for column in totals:
            totals[column] += as_float(row[column]) or 0.0
        sources.append(
            {
                "file": _text(row["source"]),
                "table": _text(row["table"]),
                "read": format_count(read, lang),
                "loaded": format_count(row["rows_loaded"], lang),
                "quarantined": format_count(quarantined, lang),
                "share": _share(quarantined, read, lang),
                "flag": bool(quarantined),
            }
        )
    rejections = sorted(
        _records(report.rejections), key=lambda row: -(as_float(row["rows"]) or 0.0)
    )
    note_counts = Counter(
        code for value in report.results["notes"] for code in set(note_codes(value))
    )
    context = common_context(report.run, lang, "quality", t("quality_title", lang))
    context.update(
        sources=sources,
        totals={
            "read": format_count(totals["rows_read"], lang),
            "loaded": format_count(totals["rows_loaded"], lang),
            "quarantined": format_count(totals["rows_quarantined"], lang),
            "share": _share(totals["rows_quarantined"], totals["rows_read"], lang),
        },
        rejections=[
            {
                "file": _text(row["source"]),
                "table": _text(row["table"]),
                "column": _text(row["column"]),
                "reason": _text(row["reason"]),
                "reason_text": code_label("reason", str(row["reason"]), lang),
                "rows": format_count(row["rows"], lang),
            }
            for row in rejections
        ],
        contract=[
            {
                "table": _text(row["table"]),
                "expectation": _text(row["expectation"]),
                "column": _text(row["column"]),
                "checked": format_count(row["element_count"], lang)
                + (f" ({t('contract_sampled', lang)})" if row["sampled"] else ""),
                "unexpected": format_count(row["unexpected_count"], lang),
                "passed": bool(row["success"]),
            }
            for row in _records(report.contract)
        ],
        notes=[
            {
                "code": code,
                "label": code_label("note", code, lang),
                "count": format_count(count, lang),
            }
            for code, count in sorted(note_counts.items(), key=lambda item: (-item[1], item[0]))
        ],
    )
    return context


def _share(part: float | None, whole: float | None, lang: str) -> str:
    if part is None or not whole:
        return EMPTY
    return format_percent(part / whole * 100, lang, 1)


def methods_context(report: ReportInput, lang: str) -> dict[str, Any]:
    run = report.run
    sections = [
        {
            "anchor": f"method-{name}",
            "title": t(f"method_{name}_title", lang),
            "paragraphs": t(f"method_{name}_body", lang).split("\n\n"),
            "columns": columns,
        }
        for name, columns in METHOD_SECTIONS
    ]
    context = common_context(run, lang, "methods", t("methods_title", lang))
    context.update(
        sections=sections,
        verdict_legend=[verdict_view(code, lang) for code in VERDICTS],
        run_facts=[
            (t("run_id_label", lang), run.run_id),
            (t("run_started", lang), format_datetime(run.started_at, lang)),
            (t("run_period", lang), format_period(run.period, lang)),
            (t("run_language", lang), t("language_name", lang)),
        ],
        parameters=sorted(run.parameters.items()),
        versions=list(run.versions.items()),
        fingerprints=sorted(run.input_fingerprints.items()),
    )
    return context
