"""SQL sources against real PostgreSQL and MariaDB servers (see tests/services.py)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import time
import traceback
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import duckdb
import pytest
import sqlalchemy
from services import Service, connect, unavailable
from sqlalchemy.engine import URL

from evaluasi.sources.catalog import SqlSource
from evaluasi.sources.database import as_text, describe, extract_query, resolve_url
from evaluasi.sources.extract import SourceError

SUFFIX = f"{os.getpid()}"
HEADER = ["nip", "nip_number", "name", "score", "assessed_on", "recorded_at"]
# (NIP, name, score, assessed_on, recorded_at) as inserted; the expected text follows each.
ROWS = [
    ("198503122010011001", "Siti Nurhaliza", "72.50", "2026-07-06", "2026-07-06 08:30:00"),
    ("198503122010012002", "Ñoman Sütisna", "100.00", "2026-07-06", "2026-07-10 00:00:00"),
    ("199001012020121003", "Dewi Lestari 李", "0.05", "2026-07-07", "2026-07-10 23:59:59"),
    ("199001012020122004", None, None, None, None),
    ("198712252015031005", "Ṡiti Ä", "66.00", "2026-04-06", "2026-04-06 12:00:00"),
    ("198001012005011006", "Budi O'Brien", "80.25", "2026-05-29", "2026-05-29 07:05:09"),
    ("199512312022032007", 'Putu "Ayu"', "59.90", "2026-08-03", None),
    ("197701012000121008", "", "70.00", None, "2026-08-07 16:45:00"),
    ("198603032009012009", "Made; Wirawan", "99.99", "2026-08-07", "2026-08-07 00:00:00"),
    ("199204042019031010", "Ni Komang", "61.00", "2026-07-10", "2026-07-10 09:00:01"),
]
EXPECTED = [
    (nip, nip, name or "", score or "", day or "", (at or "").removesuffix(" 00:00:00"), "", row)
    for row, (nip, name, score, day, at) in enumerate(ROWS, start=1)
]


def query(table: str) -> str:
    # `AS NIP`: PostgreSQL folds it to nip, MariaDB keeps NIP; both normalise to `nip`.
    return (
        f"SELECT nip_text AS NIP, nip_number, name, score, assessed_on, recorded_at "
        f"FROM {table} ORDER BY id"
    )


@pytest.fixture(scope="module", params=["postgresql", "mariadb"])
def server(request: pytest.FixtureRequest) -> Iterator[Service]:
    service = connect(request.param)
    yield service
    service.engine.dispose()


@pytest.fixture
def mariadb() -> Iterator[Service]:
    service = connect("mariadb")
    yield service
    service.engine.dispose()


@pytest.fixture
def scores_table(server: Service) -> Iterator[str]:
    """A scores-like table with the ten ROWS, dropped afterwards."""
    table = f"evaluasi_scores_{SUFFIX}"
    timestamp = "TIMESTAMP NULL" if server.is_mariadb else "TIMESTAMP"
    charset = " DEFAULT CHARSET=utf8mb4" if server.is_mariadb else ""
    with server.engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {table}"))
        connection.execute(
            sqlalchemy.text(
                f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, nip_text VARCHAR(18), "
                f"nip_number BIGINT, name VARCHAR(100), score NUMERIC(5, 2), assessed_on DATE, "
                f"recorded_at {timestamp}){charset}"
            )
        )
        connection.execute(
            sqlalchemy.text(
                f"INSERT INTO {table} VALUES (:id, :nip, :number, :name, :score, :day, :at)"
            ),
            [
                {
                    "id": row,
                    "nip": nip,
                    "number": int(nip),
                    "name": name,
                    "score": None if score is None else Decimal(score),
                    "day": day,
                    "at": at,
                }
                for row, (nip, name, score, day, at) in enumerate(ROWS, start=1)
            ],
        )
    yield table
    with server.engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {table}"))


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


@pytest.fixture
def db_user(mariadb: Service) -> Iterator[tuple[str, str]]:
    """A MariaDB user with a random password (URL-awkward characters included), select only."""
    user = f"evaluasi_t{SUFFIX}"
    password = f"{secrets.token_urlsafe(12)}@:/%#"
    hosts = ("127.0.0.1", "localhost")
    with mariadb.engine.begin() as connection:
        for host in hosts:
            connection.execute(sqlalchemy.text(f"DROP USER IF EXISTS '{user}'@'{host}'"))
            connection.execute(
                sqlalchemy.text(f"CREATE USER '{user}'@'{host}' IDENTIFIED BY :password"),
                {"password": password},
            )
            connection.execute(sqlalchemy.text(f"GRANT SELECT ON test.* TO '{user}'@'{host}'"))
    yield user, password
    with mariadb.engine.begin() as connection:
        for host in hosts:
            connection.execute(sqlalchemy.text(f"DROP USER IF EXISTS '{user}'@'{host}'"))


def url_without_password(service: Service, user: str | None = None) -> str:
    url = service.url.set(password=None)
    if user is not None:
        url = url.set(username=user)
    return url.render_as_string(hide_password=False)


def source_for(service: Service, table: str, **options: str | None) -> SqlSource:
    options.setdefault("url", url_without_password(service))
    return SqlSource(name="lms", table="scores", query=query(table), **options)


def table_rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    return con.sql(f"SELECT * FROM {relation} ORDER BY source_row").fetchall()


def assert_no_secret(error: BaseException, secret: str, logs: str = "") -> None:
    """The secret is nowhere: message, repr, the printed traceback or any chained exception."""
    printed = "".join(traceback.format_exception(error))
    chained = []
    link: BaseException | None = error
    while link is not None:
        chained.append(f"{link!s} {link!r}")
        link = link.__cause__ or link.__context__
    for text in (str(error), repr(error), printed, *chained, logs):
        assert secret not in text


def test_copies_every_value_as_text(server: Service, scores_table: str, con) -> None:
    extracted = extract_query(con, source_for(server, scores_table), into="raw_lms")

    assert (extracted.source, extracted.table, extracted.relation) == (
        "sql:lms",
        "scores",
        "raw_lms",
    )
    assert extracted.rows_read == len(ROWS)
    assert extracted.malformed == ()
    columns = con.sql("DESCRIBE raw_lms").fetchall()
    assert [(c[0], c[1]) for c in columns] == [
        *((name, "VARCHAR") for name in HEADER),
        ("sheet", "VARCHAR"),
        ("source_row", "BIGINT"),
    ]
    # NIPs keep all 18 digits, as VARCHAR and as BIGINT; 72.50 keeps its trailing zero.
    assert table_rows(con, "raw_lms") == EXPECTED


def test_batches_give_the_same_table(server: Service, scores_table: str, con) -> None:
    source = source_for(server, scores_table)
    whole = extract_query(con, source, into="whole")
    batched = extract_query(con, source, into="batched", batch_rows=3)

    assert table_rows(con, "batched") == table_rows(con, "whole") == EXPECTED
    assert (batched.rows_read, batched.fingerprint) == (whole.rows_read, whole.fingerprint)


def test_replaces_the_temp_table(server: Service, scores_table: str, con) -> None:
    con.execute("CREATE TEMP TABLE raw_lms (old VARCHAR)")
    con.execute("INSERT INTO raw_lms VALUES ('stale')")
    extract_query(con, source_for(server, scores_table), into="raw_lms")
    assert table_rows(con, "raw_lms") == EXPECTED


def test_fingerprint_follows_the_data(server: Service, scores_table: str, con) -> None:
    source = source_for(server, scores_table)
    first = extract_query(con, source, into="a").fingerprint
    assert extract_query(con, source, into="b").fingerprint == first

    with server.engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"UPDATE {scores_table} SET score = 72.51 WHERE id = 1"))
    changed = extract_query(con, source, into="c").fingerprint
    assert changed != first

    with server.engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"UPDATE {scores_table} SET score = 72.50 WHERE id = 1"))
    assert extract_query(con, source, into="d").fingerprint == first


def test_empty_result_gives_an_empty_table(server: Service, scores_table: str, con) -> None:
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query=f"{query(scores_table).replace('ORDER BY', 'WHERE id < 0 ORDER BY')}",
    )
    extracted = extract_query(con, source, into="empty")
    assert extracted.rows_read == 0
    assert con.sql("SELECT count(*) FROM empty").fetchone() == (0,)
    assert [c[0] for c in con.sql("DESCRIBE empty").fetchall()] == [*HEADER, "sheet", "source_row"]


def test_column_names_follow_the_file_readers(server: Service, con) -> None:
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query="SELECT 'a' AS Nama, 'b' AS nama_x, 'c' AS sheet, 'd' AS nama_x",
    )
    extract_query(con, source, into="raw")
    names = [c[0] for c in con.sql("DESCRIBE raw").fetchall()]
    assert names == ["nama", "nama_x", "sheet_3", "nama_x_4", "sheet", "source_row"]


def test_binary_column_is_refused_by_name(server: Service, con) -> None:
    cast = "CAST('x' AS BINARY(1))" if server.is_mariadb else "CAST('x' AS BYTEA)"
    source = SqlSource(
        name="lms", table="scores", url=url_without_password(server), query=f"SELECT {cast} AS foto"
    )
    con.execute("CREATE TEMP TABLE raw (old VARCHAR)")
    with pytest.raises(SourceError, match=r"sql:lms .*column 'foto' holds binary data"):
        extract_query(con, source, into="raw")
    # No half-copied table is left to pass for the source.
    assert con.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw'").fetchone() == (
        0,
    )


def test_bad_query_names_the_source_without_the_password(
    server: Service,
    scores_table: str,
    con,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # PostgreSQL here trusts local users, so any password connects; on MariaDB a real user.
    if server.is_mariadb:
        user, password = request.getfixturevalue("db_user")
        url = url_without_password(server, user)
    else:
        password, url = f"pw-{secrets.token_hex(8)}", url_without_password(server)
    source = SqlSource(
        name="lms",
        table="scores",
        url=url,
        password_env="LMS_PASSWORD",
        query=f"SELECT no_such_column FROM {scores_table}",
    )
    environ = {"LMS_PASSWORD": password}

    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw", environ=environ)

    message = str(caught.value)
    assert message.startswith(f"sql:lms ({describe(source)}): the query failed")
    assert "no_such_column" in message
    assert "fix the query of source 'lms'" in message
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert_no_secret(caught.value, password, caplog.text)


@pytest.mark.parametrize("host", ["db.invalid", "127.0.0.1:1"])
def test_bad_host_names_the_source_without_the_password(
    server: Service, host: str, con, caplog: pytest.LogCaptureFixture
) -> None:
    password = f"pw-{secrets.token_hex(8)}"
    hostname, _, port = host.partition(":")
    url = server.url.set(host=hostname, port=int(port) if port else None, password=password)
    environ = {
        "LMS_URL": url.render_as_string(hide_password=False),
        "EVALUASI_SOURCE_ATTEMPTS": "3",
        "EVALUASI_SOURCE_RETRY_DELAY": "0.05",
    }
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")

    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw", environ=environ)

    message = str(caught.value)
    assert message.startswith(
        f"sql:lms ({server.url.drivername}://{server.url.username}@{hostname}"
    )
    assert "cannot connect" in message and "check that the server is up" in message
    # a server that cannot be reached is tried again, waiting 0.05 s then 0.1 s
    assert message.endswith("(tried 3 times over 0.15 s)")
    assert caplog.text.count("failed; trying again in") == 2
    assert "attempt 2 of 3 failed; trying again in 0.1 s" in caplog.text
    assert_no_secret(caught.value, password, caplog.text)


def test_a_failing_query_is_not_tried_again(
    server: Service, scores_table: str, con, caplog: pytest.LogCaptureFixture
) -> None:
    environ = {"LMS_URL": server.url.render_as_string(hide_password=False)}
    source = SqlSource(
        name="lms", table="scores", query="SELECT nope FROM nowhere", url_env="LMS_URL"
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw", environ=environ)
    assert "the query failed" in str(caught.value) and "tried" not in str(caught.value)
    assert "trying again" not in caplog.text


def test_a_hung_query_times_out_with_the_source_named(server: Service, con) -> None:
    sleep = "SELECT SLEEP(3) AS s" if server.is_mariadb else "SELECT pg_sleep(3) AS s"
    environ = {
        "LMS_URL": server.url.render_as_string(hide_password=False),
        "EVALUASI_SOURCE_QUERY_TIMEOUT": "1",
    }
    source = SqlSource(name="lms", table="scores", query=sleep, url_env="LMS_URL")
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw", environ=environ)
    assert time.monotonic() - started < 2.9
    message = str(caught.value)
    assert message.startswith("sql:lms (") and "tried" not in message
    assert "timeout" in message.lower() or "lost connection" in message.lower(), message


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EVALUASI_SOURCE_QUERY_TIMEOUT", "0"),
        ("EVALUASI_SOURCE_ATTEMPTS", "0"),
        ("EVALUASI_SOURCE_ATTEMPTS", "2.5"),
        ("EVALUASI_SOURCE_RETRY_DELAY", "-1"),
        ("EVALUASI_SOURCE_RETRY_DELAY", "soon"),
    ],
)
def test_retry_settings_are_checked(variable: str, value: str, con) -> None:
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")
    environ = {"LMS_URL": "postgresql+psycopg://u@127.0.0.1:1/db", variable: value}
    with pytest.raises(SourceError, match=variable):
        extract_query(con, source, into="raw", environ=environ)


def test_password_from_environment_variable(
    mariadb: Service, db_user: tuple[str, str], con, caplog: pytest.LogCaptureFixture
) -> None:
    user, password = db_user
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(mariadb, user),
        password_env="EVALUASI_T_PASSWORD",
        query="SELECT CURRENT_USER() AS who, 'Ñ' AS letter",
    )
    with caplog.at_level(logging.DEBUG):
        extract_query(con, source, into="raw", environ={"EVALUASI_T_PASSWORD": password})

    assert table_rows(con, "raw")[0][:2] in {
        (f"{user}@127.0.0.1", "Ñ"),
        (f"{user}@localhost", "Ñ"),
    }
    assert "read 1 rows" in caplog.text and f"//{user}@127.0.0.1" in caplog.text
    assert password not in caplog.text


def test_wrong_password_is_not_in_the_error(
    mariadb: Service, db_user: tuple[str, str], con, caplog: pytest.LogCaptureFixture
) -> None:
    user, password = db_user
    wrong = f"{password}-wrong"
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(mariadb, user),
        password_env="EVALUASI_T_PASSWORD",
        query="SELECT 1",
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError) as caught:
        extract_query(
            con,
            source,
            into="raw",
            environ={"EVALUASI_T_PASSWORD": wrong, "EVALUASI_SOURCE_RETRY_DELAY": "0"},
        )

    message = str(caught.value)
    assert message.startswith(f"sql:lms (mysql+pymysql://{user}@127.0.0.1:3306/test)")
    assert "Access denied" in message and "EVALUASI_T_PASSWORD" in message
    for secret in (wrong, password):
        assert_no_secret(caught.value, secret, caplog.text)


def test_whole_url_from_environment_variable(
    mariadb: Service,
    db_user: tuple[str, str],
    con,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user, password = db_user
    url = mariadb.url.set(username=user, password=password)
    monkeypatch.setenv("EVALUASI_LMS_URL", url.render_as_string(hide_password=False))
    source = SqlSource(
        name="lms", table="scores", url_env="EVALUASI_LMS_URL", query="SELECT 'ok' AS status"
    )

    with caplog.at_level(logging.DEBUG):
        extracted = extract_query(con, source, into="raw")

    assert extracted.rows_read == 1
    assert resolve_url(source).password == password
    assert describe(source) == f"mysql+pymysql://{user}@127.0.0.1:3306/test"
    assert password not in caplog.text


def test_whole_url_from_environment_on_both_servers(
    server: Service, scores_table: str, con
) -> None:
    source = SqlSource(name="lms", table="scores", url_env="LMS_URL", query=query(scores_table))
    environ = {"LMS_URL": server.url.render_as_string(hide_password=False)}
    extract_query(con, source, into="raw", environ=environ)
    assert table_rows(con, "raw") == EXPECTED


@pytest.mark.parametrize(
    ("options", "variable"),
    [
        ({"url": "postgresql+psycopg://monev@db/lms", "password_env": "LMS_PW"}, "LMS_PW"),
        ({"url_env": "LMS_URL"}, "LMS_URL"),
    ],
)
def test_missing_environment_variable_is_named(options: dict[str, str], variable: str, con):
    source = SqlSource(name="lms", table="scores", query="SELECT 1", **options)
    with pytest.raises(SourceError, match=rf"^sql:lms: environment variable {variable} is not set"):
        extract_query(con, source, into="raw", environ={})


def test_unparseable_url_does_not_echo_it() -> None:
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")
    environ = {"LMS_URL": "not a url with s3cret-pw"}
    with pytest.raises(SourceError, match="not a SQLAlchemy URL") as caught:
        resolve_url(source, environ)
    assert_no_secret(caught.value, "s3cret-pw")
    assert describe(source, environ=environ) == "unparseable URL in environment variable LMS_URL"


def test_password_from_prefect_secret_block(
    prefect_harness, mariadb: Service, db_user: tuple[str, str], con
) -> None:
    from prefect.blocks.system import Secret

    user, password = db_user
    block = f"evaluasi-t-{SUFFIX}"
    Secret(value=password).save(block, overwrite=True)
    try:
        source = SqlSource(
            name="lms",
            table="scores",
            url=url_without_password(mariadb, user),
            password_secret=block,
            query="SELECT 'ok' AS status",
        )
        assert extract_query(con, source, into="raw").rows_read == 1

        missing = replace(source, password_secret=f"{block}-missing")
        with pytest.raises(
            SourceError, match=rf"cannot load Prefect Secret block '{block}-missing'"
        ):
            extract_query(con, missing, into="raw")
    finally:
        Secret.delete(block)


def test_unavailable_fails_when_services_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALUASI_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="is a failure, not a skip"):
        unavailable("db down")
    monkeypatch.delenv("EVALUASI_REQUIRE_SERVICES")
    with pytest.raises(pytest.skip.Exception, match="db down"):
        unavailable("db down")


def test_describe_never_shows_a_password() -> None:
    url = URL.create("postgresql+psycopg", "monev", "hunter2", "db.bpsdm.local", 5432, "lms")
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")
    environ = {"LMS_URL": url.render_as_string(hide_password=False)}
    text = describe(source, environ=environ)
    assert text == "postgresql+psycopg://monev@db.bpsdm.local:5432/lms"
    assert "hunter2" not in text
    assert describe(source, environ={}) == "URL from environment variable LMS_URL, not set"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "TRUE"),
        (False, "FALSE"),
        (198503122010011001, "198503122010011001"),
        (Decimal("72.50"), "72.50"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000001"), "0.000001"),
        (0.1, "0.1"),
        (dt.date(2026, 7, 6), "2026-07-06"),
        (dt.datetime(2026, 7, 6), "2026-07-06"),
        (dt.datetime(2026, 7, 6, 8, 30), "2026-07-06 08:30:00"),
        (dt.datetime(2026, 7, 6, 8, 30, 0, 500), "2026-07-06 08:30:00.000500"),
        (
            dt.datetime(2026, 7, 6, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            "2026-07-06 08:30:00+07:00",
        ),
    ],
)
def test_values_as_text(value: object, text: str) -> None:
    assert as_text(value) == text


def test_postgresql_booleans_and_floats(con) -> None:
    server = connect("postgresql")
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query="SELECT TRUE AS lulus, FALSE AS remedial, CAST(0.1 AS DOUBLE PRECISION) AS bobot",
    )
    extract_query(con, source, into="raw")
    assert table_rows(con, "raw") == [("TRUE", "FALSE", "0.1", "", 1)]
    server.engine.dispose()


def test_a_query_that_writes_is_refused_and_changes_nothing(
    server: Service, scores_table: str, con
) -> None:
    """Queries run in a read-only transaction: a source can never change the agency's data."""
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query=f"DELETE FROM {scores_table} WHERE id = 1 RETURNING id"
        if not server.is_mariadb
        else f"DELETE FROM {scores_table} WHERE id = 1",
    )
    with pytest.raises(SourceError, match="sql:lms"):
        extract_query(con, source, into="raw_lms")
    with server.engine.connect() as connection:
        count = connection.execute(
            sqlalchemy.text(f"SELECT count(*) FROM {scores_table} WHERE id = 1")
        ).scalar_one()
    assert count == 1


# Errors that say what and where, without a URL, a password or a value ------------------------


@pytest.mark.parametrize(
    "text",
    ["postgresql+psycopg://monev:s3cret-pw@db:notaport/lms", "postgresql+psycopg://u@h:99999x/d"],
)
def test_a_bad_port_is_a_clear_error_naming_the_setting_not_the_url(text: str) -> None:
    # Once a bare ValueError from SQLAlchemy.
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")
    environ = {"LMS_URL": text}
    with pytest.raises(SourceError) as caught:
        resolve_url(source, environ)
    assert str(caught.value).startswith(
        'sql:lms: the database URL given by url_env = "LMS_URL" is not a SQLAlchemy URL'
    )
    for lang in ("id", "en"):
        assert "s3cret" not in caught.value.text(lang) and "notaport" not in caught.value.text(lang)
    assert_no_secret(caught.value, "s3cret-pw")
    assert describe(source, environ=environ) == "unparseable URL in environment variable LMS_URL"


def test_describe_leaves_out_query_options_that_may_hold_secrets() -> None:
    url = "postgresql+psycopg://monev@db:5432/lms?sslpassword=hunter3&application_name=evaluasi"
    source = SqlSource(name="lms", table="scores", query="SELECT 1", url_env="LMS_URL")
    assert describe(source, environ={"LMS_URL": url}) == "postgresql+psycopg://monev@db:5432/lms"


def test_a_column_the_mapping_reads_returned_twice_is_refused(server: Service, con) -> None:
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query="SELECT '198503122010011001' AS nip, 80 AS nilai, '198503122010011002' AS NIP",
    )
    with pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw", reads={"nip": "nip", "nilai": "score"})
    assert "the query returns two columns named 'nip' (columns 1 and 3)" in str(caught.value)
    assert "198503122010011001" not in str(caught.value)


def test_a_driver_message_quoting_a_value_does_not_carry_the_nip(con) -> None:
    # PostgreSQL quotes the text it could not convert; from a data column that is a NIP.
    server = connect("postgresql")
    source = SqlSource(
        name="lms",
        table="scores",
        url=url_without_password(server),
        query="SELECT CAST('198503122010011001' AS smallint) AS nip",
    )
    with pytest.raises(SourceError) as caught:
        extract_query(con, source, into="raw")
    message = str(caught.value)
    assert "the query failed" in message and "198503122010011001" not in message
    server.engine.dispose()
