"""The `evaluasi` command: run an evaluation, write and evaluate the demo province, export the
rejected rows, or print a published report to PDF."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from evaluasi import warehouse
from evaluasi.config import LANGUAGES, Settings, load_settings
from evaluasi.demo import DEMO_MARKER, write_demo_inbox
from evaluasi.periods import parse_period, today_in_jakarta
from evaluasi.publish import LATEST
from evaluasi.rejected import export_rejected
from evaluasi.runs import format_runs, recent_runs
from evaluasi.sources.catalog import ConfigError, load_catalog
from evaluasi.sources.extract import SourceError
from evaluasi.sources.landing import check_sources
from evaluasi.warehouse import WarehouseError

EXIT_FAILURE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A user's mistake: reported in one line, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaluasi",
        description="Post-training impact evaluation: inbox -> validated warehouse -> report.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="evaluate the inbox and publish a report")
    demo = commands.add_parser("demo", help="write the demo province's inbox and evaluate it")
    for sub in (run, demo):
        sub.add_argument("--inbox", type=Path, help="inbox folder (default: data/inbox)")
        sub.add_argument(
            "--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)"
        )
        sub.add_argument("--reports", type=Path, help="reports folder (default: reports)")
        sub.add_argument("--lang", choices=LANGUAGES, help="report language (default: id)")
        sub.add_argument(
            "--sources", type=Path, help="source configuration (default: INBOX/sources.toml)"
        )
    rejected = commands.add_parser(
        "rejected", help="export the rejected rows of the latest load (holds NIPs: restricted)"
    )
    rejected.add_argument("--warehouse", type=Path, help="DuckDB file")
    rejected.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    rejected.add_argument(
        "--out", type=Path, help="folder to write to (default: data/restricted/rejected)"
    )
    runs = commands.add_parser("runs", help="list the most recent runs from the run ledger")
    runs.add_argument("--warehouse", type=Path, help="DuckDB file")
    runs.add_argument("--limit", type=int, default=20, help="how many runs (default: 20)")
    pdf = commands.add_parser(
        "pdf", help="print a published report's summary and programme pages to PDF (Chromium)"
    )
    which = pdf.add_mutually_exclusive_group()
    which.add_argument("--run", metavar="RUN_ID", help="run under the reports folder")
    which.add_argument(
        "--folder", type=Path, help="a published run folder (default: reports/latest)"
    )
    pdf.add_argument("--out", type=Path, help="folder for the PDFs (default: FOLDER/pdf)")
    run.add_argument(
        "--period", help="quarter like 2026Q3, or all (default: last completed quarter)"
    )
    run.add_argument(
        "--program",
        action="append",
        dest="program_ids",
        metavar="PROGRAM_ID",
        help="evaluate only this programme (repeatable)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (UsageError, ConfigError, SourceError, WarehouseError) as error:
        print(f"evaluasi: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # the flow's log above holds the traceback
        print(f"evaluasi: run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILURE


def _dispatch(args: argparse.Namespace) -> int:
    given = vars(args)
    settings = load_settings().with_overrides(
        inbox=_resolved(given.get("inbox")),
        warehouse=_resolved(given.get("warehouse")),
        reports_dir=_resolved(given.get("reports")),
        lang=given.get("lang"),
        sources=_resolved(given.get("sources")),
    )
    if args.command == "rejected":
        return _export_rejected(settings, args.format, args.out)
    if args.command == "runs":
        return _list_runs(settings, args.limit)
    if args.command == "pdf":
        return _export_pdf(settings, args.run, args.folder, args.out)
    if args.command == "demo":
        inbox = settings.inbox
        if inbox.exists() and any(inbox.iterdir()) and not (inbox / DEMO_MARKER).exists():
            raise UsageError(
                f"{inbox} holds data that is not the demo's; pass --inbox to write the demo "
                "elsewhere"
            )
        write_demo_inbox(inbox)
        period = "all"
        program_ids = None
    else:
        period = args.period or ""
        try:
            parse_period(period, today_in_jakarta())
        except ValueError as error:
            raise UsageError(error) from error
        program_ids = args.program_ids
    check_sources(settings.inbox, load_catalog(settings.sources_file))
    folder = _run_flow(settings, period, program_ids)
    print(folder / "index.html")
    return 0


def _resolved(path: Path | None) -> Path | None:
    return path.resolve() if path else None


def _export_rejected(settings: Settings, fmt: str, out: Path | None) -> int:
    if not settings.warehouse.is_file():
        raise UsageError(f"{settings.warehouse} does not exist yet; run `evaluasi run` first")
    folder = out.resolve() if out else settings.restricted_dir / "rejected"
    with warehouse.connect(settings.warehouse) as con:
        files = export_rejected(con, folder, fmt)
    for path in files:
        print(path)
    if not files:
        print(f"no rejected rows in the latest load of {settings.warehouse}")
    return 0


def _export_pdf(
    settings: Settings, run_id: str | None, folder: Path | None, out: Path | None
) -> int:
    # Imported here: the report package loads plotly, and usage errors should not wait for it.
    from evaluasi.report.pdf import (
        ChromiumNotFound,
        PdfError,
        export_pdf,
        find_chromium,
        pages_to_print,
    )

    if folder is None:
        folder = settings.reports_dir / (run_id or LATEST)
    # `latest` is a symlink: the PDFs belong to the run it points at.
    folder = folder.resolve()
    try:
        pages = pages_to_print(folder)
    except ValueError as error:
        raise UsageError(
            f"{error}; pass --run RUN_ID or --folder PATH of a published run"
        ) from None
    target = out.resolve() if out else folder / "pdf"
    try:
        chromium = find_chromium()
    except ChromiumNotFound as error:
        raise UsageError(error) from None
    print(f"printing {len(pages)} page(s) to {target} with {chromium}", file=sys.stderr)
    try:
        written = export_pdf(folder, target)
    except PdfError as error:
        print(f"evaluasi: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    for path in written:
        print(path)
    return 0


def _list_runs(settings: Settings, limit: int) -> int:
    if limit < 1:
        raise UsageError("--limit must be 1 or more")
    if not settings.warehouse.exists():
        raise UsageError(f"{settings.warehouse} does not exist yet: no run has been made")
    print(format_runs(recent_runs(settings.warehouse, limit)))
    return 0


def _run_flow(settings: Settings, period: str, program_ids: list[str] | None) -> Path:
    # Imported here: Prefect takes seconds to import, and usage errors should not wait for it.
    from flows.adhoc import adhoc_evaluation

    folder = adhoc_evaluation(
        program_ids=program_ids,
        period=period,
        lang=settings.lang,
        inbox=str(settings.inbox),
        warehouse=str(settings.warehouse),
        reports=str(settings.reports_dir),
        sources=str(settings.sources_file),
    )
    return Path(folder)


if __name__ == "__main__":
    sys.exit(main())
