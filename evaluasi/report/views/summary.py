"""The summary page (index.html): key figures, coverage, findings, forest plots, trend and the
results table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from evaluasi.messages import t
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_p,
    format_percent,
    format_rupiah,
    format_rupiah_short,
)
from evaluasi.report.views.common import (
    VERDICTS,
    PageNames,
    Row,
    ci_text,
    common_context,
    is_suppressed,
    programme_order,
    records,
    score_decimals,
    text,
    verdict_view,
)
from evaluasi.report.views.forest import forest_sections
from evaluasi.report.views.panels import pooled_index
from evaluasi.report.views.quality import unevaluated_rows
from evaluasi.report.views.trend import trend_context

if TYPE_CHECKING:
    from evaluasi.report.render import ReportInput

FINDINGS_LIMIT = 5  # programmes named per verdict line on the summary


def index_context(report: ReportInput, names: PageNames, lang: str) -> dict[str, Any]:
    results = report.results
    order = programme_order(results)
    rank = {program_id: index for index, program_id in enumerate(order)}
    rows = sorted(
        records(results), key=lambda row: (rank[str(row["program_id"])], text(row["instrument"]))
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

    cost = _cost_kpi(results, lang)
    if cost is not None:
        kpis.append(cost)
    forest, not_plotted = forest_sections(rows, pooled_index(records(report.pooled)), names, lang)
    trend = trend_context(report.history, lang)

    context = common_context(report.run, lang, "index", t("summary_title", lang))
    context.update(
        kpis=kpis,
        coverage=_coverage(report, result_rows, lang),
        findings=_findings(result_rows, order, lang),
        unevaluated=unevaluated_rows(report, lang, leaders=True),
        verdict_legend=[verdict_view(code, lang) for code in VERDICTS],
        results=result_rows,
        forest=forest,
        not_plotted=not_plotted,
        trend=trend,
        charts=bool(forest) or bool(trend and trend["chart"]),
    )
    return context


def _cost_kpi(results: pd.DataFrame, lang: str) -> dict[str, str] | None:
    """Cost per enrolled participant and per participant per JP, over the programmes whose
    cost is known; None when no programme has one."""
    programmes = results.groupby(results["program_id"].astype(str)).agg(
        cost=("cost_idr", "first"), jp=("jp", "first"), participants=("n_participants", "max")
    )
    programmes = programmes.apply(pd.to_numeric, errors="coerce")
    costed = programmes[programmes["cost"].notna() & (programmes["participants"] > 0)]
    if costed.empty:
        return None
    cost = float(costed["cost"].sum())
    participants = float(costed["participants"].sum())
    hours = float((costed["participants"] * costed["jp"]).sum(min_count=1) or 0.0)
    return {
        "value": format_rupiah_short(cost / participants, lang),
        "label": t("kpi_cost", lang),
        "detail": t(
            "kpi_cost_detail",
            lang,
            per_jp=format_rupiah(cost / hours, lang) if hours > 0 else EMPTY,
            programmes=format_count(len(costed), lang),
            total=format_rupiah_short(cost, lang),
        ),
        "verdict": "",
    }


def _coverage(report: ReportInput, rows: Sequence[dict[str, Any]], lang: str) -> str:
    """One line on how much of the data the results rest on."""
    sources = report.sources
    read = pd.to_numeric(sources["rows_read"], errors="coerce").sum()
    quarantined = pd.to_numeric(sources["rows_quarantined"], errors="coerce").sum()
    testable = sum(1 for row in rows if row["verdict"]["code"] not in ("insufficient", "other"))
    return t(
        "coverage_line",
        lang,
        read=format_count(read, lang),
        sources=format_count(len(sources), lang),
        quarantined=format_count(quarantined, lang),
        share=format_percent(quarantined / read * 100 if read else None, lang, 1),
        testable=format_count(testable, lang),
        total=format_count(len(rows), lang),
    )


def _result_row(row: Row, names: PageNames, lang: str) -> dict[str, Any]:
    decimals = score_decimals(row)
    program_id = str(row["program_id"])
    verdict = text(row["verdict"])
    published = not is_suppressed(row)

    def shown(column: str) -> float | None:
        return as_float(row[column]) if published else None

    return {
        "program_id": program_id,
        "program_name": text(row["program_name"]) or program_id,
        "page": names.page(program_id),
        "anchor": names.anchor(row["instrument"]),
        "instrument_label": text(row["instrument_label"]) or text(row["instrument"]),
        "verdict": verdict_view(row["verdict"], lang),
        "verdict_rank": VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS),
        "n_paired": format_count(row["n_paired"], lang),
        "n_paired_value": as_float(row["n_paired"]),
        "mean_change": (
            ci_text(row, "mean_diff", "ci_low", "ci_high", lang, decimals) if published else EMPTY
        ),
        "mean_change_value": shown("mean_diff"),
        "dz": ci_text(row, "cohen_dz", "dz_ci_low", "dz_ci_high", lang, 2) if published else EMPTY,
        "dz_value": shown("cohen_dz"),
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
