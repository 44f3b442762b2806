"""The data-quality page: rows read, loaded and quarantined per source, failed rules and notes."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from evaluasi.messages import t
from evaluasi.privacy import MIN_GROUP
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_percent,
)
from evaluasi.report.views.common import code_label, common_context, note_codes, records, text
from evaluasi.validation.findings import row_reference

if TYPE_CHECKING:
    from evaluasi.report.render import ReportInput


def quality_context(report: ReportInput, lang: str) -> dict[str, Any]:
    sources = []
    totals = {"rows_read": 0.0, "rows_loaded": 0.0, "rows_quarantined": 0.0}
    for row in records(report.sources):
        read, quarantined = as_float(row["rows_read"]), as_float(row["rows_quarantined"])
        for column in totals:
            totals[column] += as_float(row[column]) or 0.0
        sources.append(
            {
                "file": text(row["source"]),
                "table": text(row["table"]),
                "read": format_count(read, lang),
                "loaded": format_count(row["rows_loaded"], lang),
                "quarantined": format_count(quarantined, lang),
                "share": _share(quarantined, read, lang),
                "flag": bool(quarantined),
            }
        )
    rejections = records(report.rejections)
    if "position" in report.rejections.columns:  # root causes first, knock-ons under them
        rejections = sorted(rejections, key=lambda row: as_float(row["position"]) or 0.0)
    else:
        rejections = sorted(rejections, key=lambda row: -(as_float(row["rows"]) or 0.0))
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
        rejections=[_rejection(row, lang) for row in rejections],
        unclaimed=list(report.unclaimed),
        unevaluated=unevaluated_rows(report, lang),
        contract=[
            {
                "table": text(row["table"]),
                "expectation": text(row["expectation"]),
                "column": text(row["column"]),
                "checked": format_count(row["element_count"], lang)
                + (f" ({t('contract_sampled', lang)})" if row["sampled"] else ""),
                "unexpected": format_count(row["unexpected_count"], lang),
                "passed": bool(row["success"]),
            }
            for row in records(report.contract)
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


def _rejection(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """One line of the rejected rows: a root cause (a programs or instruments row), a knock-on
    line under the root row it follows from, or any other rejection."""
    role = text(row.get("role")) or "row"
    related = ""
    if text(row.get("related_source")) and as_float(row.get("related_row")) is not None:
        related = row_reference(
            text(row["related_source"]),
            text(row.get("related_sheet")) or None,
            int(as_float(row["related_row"]) or 0),
            lang,
        )
    return {
        "file": text(row["source"]),
        "table": text(row["table"]),
        "column": text(row["column"]),
        "reason": text(row["reason"]),
        "reason_text": code_label("reason", str(row["reason"]), lang),
        "rows": format_count(row["rows"], lang),
        "role": role,
        "role_text": _role_text(role, text(row["reason"]), related, lang),
        "related": related,
    }


def _role_text(role: str, reason: str, related: str, lang: str) -> str:
    if reason == "duplicate_row" and related:
        return t("rejection_copy_kept", lang, related=related)
    if role == "row":
        return ""
    return t(f"rejection_role_{role}", lang, related=related)


def unevaluated_rows(report: ReportInput, lang: str, leaders: bool = False) -> list[dict[str, str]]:
    """The programmes the load leaves with nothing to evaluate, each with why and what to do;
    a programme with no scores at all is told apart from one whose scores were all rejected.

    `leaders` (the summary) leaves out ids that only a few score rows name and no programs
    source gives: a mistyped id in a row or two is a data-quality matter, not a programme."""
    rows = []
    for row in records(report.unevaluated):
        reason = text(row["reason"])
        if (
            leaders
            and reason == "program_not_given"
            and (as_float(row["scores_landed"]) or 0) < MIN_GROUP
        ):
            continue
        if reason == "no_scores_loaded" and not (as_float(row["scores_landed"]) or 0):
            reason = "no_scores_given"
        where = ""
        if text(row["program_source"]) and as_float(row["program_row"]) is not None:
            where = row_reference(
                text(row["program_source"]),
                text(row["program_sheet"]) or None,
                int(as_float(row["program_row"]) or 0),
                lang,
            )
        rows.append(
            {
                "program_id": text(row["program_id"]),
                "name": text(row["name"]) or text(row["program_id"]),
                "reason": t(f"unevaluated_{reason}", lang),
                "rule": text(row["rule"]),
                "where": where,
                "scores": t(
                    "unevaluated_scores",
                    lang,
                    landed=format_count(row["scores_landed"], lang),
                    quarantined=format_count(row["scores_quarantined"], lang),
                ),
            }
        )
    return rows


def _share(part: float | None, whole: float | None, lang: str) -> str:
    if part is None or not whole:
        return EMPTY
    return format_percent(part / whole * 100, lang, 1)
