"""The published HTML report of a run: executive summary, programme pages, data quality, methods."""

from evaluasi.report.render import ReportInput, RunInfo, write_report

__all__ = ["ReportInput", "RunInfo", "write_report"]
