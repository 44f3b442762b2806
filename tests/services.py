"""Real database servers for tests: where they are, and what to do when one is not there.

Locally a missing server skips its tests with the reason; in CI (`EVALUASI_REQUIRE_SERVICES=1`)
it fails them, so a broken service container cannot turn the suite green by skipping.
The servers are found at the URLs below unless `EVALUASI_TEST_POSTGRES_URL` or
`EVALUASI_TEST_MARIADB_URL` say otherwise; tests create their own uniquely named tables in them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NoReturn

import pytest
import sqlalchemy
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

REQUIRE_VARIABLE = "EVALUASI_REQUIRE_SERVICES"

SERVICE_URLS = {
    "postgresql": (
        "EVALUASI_TEST_POSTGRES_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    ),
    "mariadb": ("EVALUASI_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
}


@dataclass(frozen=True)
class Service:
    """A reachable database server: its name, URL (admin user) and an engine for test setup."""

    name: str
    url: URL
    engine: sqlalchemy.Engine

    @property
    def is_mariadb(self) -> bool:
        return self.url.get_backend_name() in ("mysql", "mariadb")


def services_required() -> bool:
    """True in CI, where an unreachable service is a failure rather than a skip."""
    return os.environ.get(REQUIRE_VARIABLE) == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip the test with `reason`, or fail it when services are required."""
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def connect(name: str) -> Service:
    """The named service (a key of SERVICE_URLS), checked with a query; skips or fails if down."""
    variable, default = SERVICE_URLS[name]
    url = make_url(os.environ.get(variable, default))
    where = f"{name} at {url.host}:{url.port}, database {url.database}"
    try:
        # A short timeout: an absent server should skip quickly, not hang the suite.
        engine = sqlalchemy.create_engine(
            url, poolclass=NullPool, connect_args={"connect_timeout": 5}
        )
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
    except Exception as error:  # driver missing, refused, auth: all mean "not usable here"
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        unavailable(f"{where} is not reachable ({first_line}); start it or point {variable} at one")
    return Service(name, url, engine)
