"""The data-quality page: rows read, loaded and quarantined per source, failed rules and notes."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from evaluasi.messages import t
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_percent,
)
from evaluasi.report.views.common import code_label, common_context, note_codes, records, text

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
    rejections = sorted(records(report.rejections), key=lambda row: -(as_float(row["rows"]) or 0.0))
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
                "file": text(row["source"]),
                "table": text(row["table"]),
                "column": text(row["column"]),
                "reason": text(row["reason"]),
                "reason_text": code_label("reason", str(row["reason"]), lang),
                "rows": format_count(row["rows"], lang),
            }
            for row in rejections
        ],
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


def _share(part: float | None, whole: float | None, lang: str) -> str:
    if part is None or not whole:
        return EMPTY
    return format_percent(part / whole * 100, lang, 1)
