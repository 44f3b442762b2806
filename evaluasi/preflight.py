"""What can be checked before a run starts, in seconds and before Prefect is imported: the
settings, the notification setup, the source configuration, that every mandatory table has a
source, every inbox file's header (read from the file's head only, by the readers' own header
step), and the warehouse file.

A mistake found here is one UserError (one line on the console, exit code 2) instead of a
failed flow run a minute later. What the checks find worth saying without stopping (inbox files
no source reads) comes back as notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluasi import notify, warehouse
from evaluasi.config import Settings
from evaluasi.sources.catalog import load_catalog
from evaluasi.sources.landing import check_headers, check_sources, unclaimed_files


@dataclass(frozen=True)
class Preflight:
    """What the checks found that does not stop the run."""

    unclaimed: tuple[str, ...]  # inbox files (relative paths) that no source reads


def preflight(settings: Settings) -> Preflight:
    """Check everything that can be checked without reading the sources' rows; raises the
    first UserError found."""
    notify.notification_settings()
    catalog = load_catalog(settings.sources_file)
    check_sources(settings.inbox, catalog)
    check_headers(settings.inbox, catalog)
    warehouse.check_file(settings.warehouse)
    return Preflight(unclaimed=tuple(unclaimed_files(settings.inbox, catalog)))
