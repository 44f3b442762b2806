"""Print a published run's summary and programme pages to A4 PDFs with headless Chromium.

Each page is printed by its own Chromium process from its file:// URL, so a PDF shows what the
browser shows: the page's print CSS sets A4 and its `beforeprint` handler fits the charts to the
paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Virtual time runs ahead whenever the page is idle, so a generous budget costs little real time;
# it lets plotly finish drawing before the page is printed.
VIRTUAL_TIME_BUDGET_MS = 15_000
PRINT_TIMEOUT_S = 120
# Without the background-networking flags Chromium tries to reach Google's services as it starts,
# which is slow or refused on a closed network and has nothing to do with the report.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)
_LOG_PREFIX = re.compile(r"^\[[^\]]*\]\s*")


class PdfError(Exception):
    """Chromium failed to print a page."""


class ChromiumNotFound(PdfError):
    """No Chromium or Chrome on PATH."""


def find_chromium() -> Path:
    """The first Chromium or Chrome executable on PATH; raises ChromiumNotFound naming what to
    install."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumNotFound(
        f"no headless browser found: none of {', '.join(CHROMIUM_NAMES)} is on PATH; install "
        "Chromium (Debian/Ubuntu: `apt-get install chromium`) or Google Chrome"
    )


def pages_to_print(folder: Path) -> list[Path]:
    """The run's index page, then its programme pages by name; raises ValueError when `folder`
    holds no published report."""
    index = folder / "index.html"
    if not index.is_file():
        raise ValueError(f"{folder} holds no published report: there is no index.html in it")
    # Programme pages are named program-<slug>.html (views.PageNames.page).
    return [index, *sorted(folder.glob("program-*.html"))]


def export_pdf(folder: Path, out: Path) -> list[Path]:
    """Print the index and every programme page of the run in `folder` to `out/<page>.pdf`
    (`out` is created if needed) and return the PDFs, index first.

    Raises ChromiumNotFound before anything is written when there is no Chromium, PdfError when
    it fails on a page (the PDFs printed before it stay)."""
    pages = pages_to_print(folder.resolve())
    chromium = find_chromium()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    # A throw-away profile: the user's own browser profile is neither read nor locked.
    with tempfile.TemporaryDirectory(prefix="evaluasi-chromium-") as profile:
        for page in pages:
            target = out.resolve() / f"{page.stem}.pdf"
            _print(chromium, page, target, Path(profile))
            written.append(target)
    return written


def _print(chromium: Path, page: Path, target: Path, profile: Path) -> None:
    target.unlink(missing_ok=True)  # so that an old PDF cannot pass for a new one
    command = [
        str(chromium),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={target}",
        page.as_uri(),
    ]
    try:
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PdfError(
            f"{chromium} did not finish printing {page} within {PRINT_TIMEOUT_S} s"
        ) from error
    if finished.returncode != 0 or not _is_pdf(target):
        raise PdfError(
            f"{chromium} could not print {page} to {target} (exit code {finished.returncode})"
            + _reason(finished.stderr)
        )


def _reason(stderr: str) -> str:
    """What Chromium said about the print (it exits 0 even when a page fails to load), without
    the log prefix; its many lines about a missing D-Bus say nothing about the page."""
    lines = stderr.strip().splitlines()
    about_print = [line for line in lines if "headless" in line] or lines
    return f": {_LOG_PREFIX.sub('', about_print[-1])}" if about_print else ""


def _is_pdf(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as file:
        return file.read(5) == b"%PDF-"
