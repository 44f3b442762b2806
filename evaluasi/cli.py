"""The `evaluasi` command: run an evaluation, write and evaluate the demo province, export the
rejected rows, list the runs, or print a published report to PDF.

It speaks the report's language: `--lang`, else EVALUASI_LANG, else Bahasa Indonesia, for its
help, argparse's own messages and every error, all from the message catalogue. A mistake the
user can put right is one line and exit code 2, found before Prefect starts where it can be; a
failed run exit code 1. No traceback is shown unless `--debug`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from evaluasi import warehouse
from evaluasi.config import LANGUAGES, Settings, load_settings
from evaluasi.demo import DEMO_MARKER, write_demo_inbox
from evaluasi.errors import EXIT_FAILURE, EXIT_USER_ERROR, EvaluasiError, UserError
from evaluasi.messages import MESSAGES, t
from evaluasi.periods import parse_period, today_in_jakarta
from evaluasi.preflight import preflight
from evaluasi.publish import LATEST
from evaluasi.rejected import export_rejected
from evaluasi.runs import format_runs, recent_runs

_ARGPARSE_PREFIX = "cli_argparse_"


def _parser(lang: str) -> argparse.ArgumentParser:
    def text(key: str) -> str:
        return t(f"cli_{key}", lang)

    parser = argparse.ArgumentParser(prog="evaluasi", description=text("description"))
    parser.add_argument("--debug", action="store_true", help=text("help_debug"))
    commands = parser.add_subparsers(dest="command", required=True, title=text("commands"))
    run = commands.add_parser("run", help=text("help_run"))
    demo = commands.add_parser("demo", help=text("help_demo"))
    for sub in (run, demo):
        sub.add_argument("--inbox", type=Path, help=text("help_inbox"))
        sub.add_argument("--warehouse", type=Path, help=text("help_warehouse"))
        sub.add_argument("--reports", type=Path, help=text("help_reports"))
        sub.add_argument("--lang", choices=LANGUAGES, help=text("help_lang"))
        sub.add_argument("--sources", type=Path, help=text("help_sources"))
        sub.add_argument("--allow-shrink", action="store_true", help=text("help_allow_shrink"))
        # Also after the command; SUPPRESS keeps `evaluasi --debug run` from being overridden.
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=text("help_debug")
        )
    rejected = commands.add_parser("rejected", help=text("help_rejected"))
    rejected.add_argument("--warehouse", type=Path, help=text("help_warehouse"))
    rejected.add_argument(
        "--format", choices=("csv", "xlsx"), default="xlsx", help=text("help_format")
    )
    rejected.add_argument("--out", type=Path, help=text("help_out_rejected"))
    runs = commands.add_parser("runs", help=text("help_runs"))
    runs.add_argument("--warehouse", type=Path, help=text("help_warehouse"))
    runs.add_argument("--limit", type=int, default=20, help=text("help_limit"))
    pdf = commands.add_parser("pdf", help=text("help_pdf"))
    which = pdf.add_mutually_exclusive_group()
    which.add_argument("--run", metavar="RUN_ID", help=text("help_run_id"))
    which.add_argument("--folder", type=Path, help=text("help_folder"))
    pdf.add_argument("--out", type=Path, help=text("help_out_pdf"))
    for sub in (rejected, runs, pdf):
        sub.add_argument("--lang", choices=LANGUAGES, help=text("help_lang_messages"))
    run.add_argument("--period", help=text("help_period"))
    run.add_argument(
        "--program",
        action="append",
        dest="program_ids",
        metavar="PROGRAM_ID",
        help=text("help_program"),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = _language(arguments)
    _speak_argparse(lang)
    args = _parser(lang).parse_args(arguments)
    if args.debug:
        return _dispatch(args, lang)
    try:
        return _dispatch(args, lang)
    except EvaluasiError as error:
        prefix = "error_prefix" if isinstance(error, UserError) else "failed_prefix"
        print(f"evaluasi: {t(f'cli_{prefix}', lang)}: {error.text(lang)}", file=sys.stderr)
        return error.exit_code
    except Exception as error:  # its message may quote a row's values: only its type is told
        message = t("cli_unexpected", lang, error_type=type(error).__name__)
        print(f"evaluasi: {t('cli_failed_prefix', lang)}: {message}", file=sys.stderr)
        return EXIT_FAILURE


def _language(arguments: list[str]) -> str:
    """`--lang X` or `--lang=X` among the arguments, else EVALUASI_LANG, else `id`; a value
    that is no language is left for argparse (or the settings) to refuse."""
    for index, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    value = os.environ.get("EVALUASI_LANG", "")
    return value if value in LANGUAGES else "id"


def _speak_argparse(lang: str) -> None:
    """Make argparse's own words ("usage:", "the following arguments are required") speak
    `lang`: argparse looks them up through its module's gettext function `_`."""
    english = MESSAGES["en"]
    table = {
        english[key]: MESSAGES[lang][key] for key in english if key.startswith(_ARGPARSE_PREFIX)
    }

    def translate(message: str | None) -> str | None:
        core = message.strip() if message else ""
        return message.replace(core, table[core]) if core in table else message

    argparse._ = translate  # type: ignore[attr-defined]


def _dispatch(args: argparse.Namespace, lang: str) -> int:
    given = vars(args)
    settings = load_settings().with_overrides(
        inbox=_resolved(given.get("inbox")),
        warehouse=_resolved(given.get("warehouse")),
        reports_dir=_resolved(given.get("reports")),
        lang=given.get("lang"),
        sources=_resolved(given.get("sources")),
    )
    if args.command == "rejected":
        return _export_rejected(settings, args.format, args.out, lang)
    if args.command == "runs":
        return _list_runs(settings, args.limit)
    if args.command == "pdf":
        return _export_pdf(settings, args.run, args.folder, args.out, lang)
    if args.command == "demo":
        inbox = settings.inbox
        if inbox.exists() and any(inbox.iterdir()) and not (inbox / DEMO_MARKER).exists():
            raise UserError("demo_inbox_not_demo", inbox=inbox)
        write_demo_inbox(inbox)
        period = "all"
        program_ids = None
    else:
        period = args.period or ""
        parse_period(period, today_in_jakarta())
        program_ids = args.program_ids
    checked = preflight(settings)
    for path in checked.unclaimed:
        print(f"evaluasi: {t('cli_ignored_file', lang, file=path)}", file=sys.stderr)
    folder = _run_flow(settings, period, program_ids, args.allow_shrink, args.debug)
    print(folder / "index.html")
    return 0


def _resolved(path: Path | None) -> Path | None:
    return path.resolve() if path else None


def _export_rejected(settings: Settings, fmt: str, out: Path | None, lang: str) -> int:
    if not settings.warehouse.is_file():
        raise UserError("no_warehouse_yet", warehouse=settings.warehouse)
    folder = out.resolve() if out else settings.restricted_dir / "rejected"
    with warehouse.connect(settings.warehouse) as con:
        files = export_rejected(con, folder, fmt)
    for path in files:
        print(path)
    if not files:
        print(t("cli_no_rejected", lang, warehouse=settings.warehouse))
    return 0


def _export_pdf(
    settings: Settings, run_id: str | None, folder: Path | None, out: Path | None, lang: str
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
        raise UserError("pdf_no_report", problem=str(error)) from None
    target = out.resolve() if out else folder / "pdf"
    try:
        chromium = find_chromium()
    except ChromiumNotFound as error:
        print(f"evaluasi: {t('cli_error_prefix', lang)}: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    print(
        t("cli_printing", lang, count=len(pages), target=target, chromium=chromium), file=sys.stderr
    )
    try:
        written = export_pdf(folder, target)
    except PdfError as error:
        print(f"evaluasi: {t('cli_error_prefix', lang)}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    for path in written:
        print(path)
    return 0


def _list_runs(settings: Settings, limit: int) -> int:
    if limit < 1:
        raise UserError("limit_too_small")
    if not settings.warehouse.exists():
        raise UserError("no_runs_yet", warehouse=settings.warehouse)
    print(format_runs(recent_runs(settings.warehouse, limit)))
    return 0


def _run_flow(
    settings: Settings,
    period: str,
    program_ids: list[str] | None,
    allow_shrink: bool,
    debug: bool,
) -> Path:
    # Imported here: Prefect takes seconds to import, and usage errors should not wait for it.
    from flows.adhoc import adhoc_evaluation
    from flows.local import prefect_api, quiet_tracebacks

    if not debug:
        quiet_tracebacks()
    with prefect_api():
        folder = adhoc_evaluation(
            program_ids=program_ids,
            period=period,
            lang=settings.lang,
            inbox=str(settings.inbox),
            warehouse=str(settings.warehouse),
            reports=str(settings.reports_dir),
            sources=str(settings.sources_file),
            allow_shrink=allow_shrink,
        )
    return Path(folder)


if __name__ == "__main__":
    sys.exit(main())
