"""SQL sources: run a configured query and copy its result into DuckDB as raw text.

Conventions (see `extract.Extracted` for the contract every reader keeps):

- Credentials never come from `sources.toml`: `url_env` / `url_secret` give the whole URL (an
  environment variable or a Prefect Secret block), or `url` gives it without a password and
  `password_env` / `password_secret` give the password.
- Values become text the way a person would type them: NULL is '', a DECIMAL keeps the digits the
  database gives (72.50 stays `72.50`, never `7.25E+1`), a BIGINT NIP keeps all 18 digits, a date
  is `YYYY-MM-DD`, a timestamp `YYYY-MM-DD HH:MM:SS` (only the date when it is midnight; any
  fraction of a second or UTC offset kept after it), a boolean `TRUE`/`FALSE`. Binary columns
  are refused: they are not text a person entered.
- Column names follow the file readers (`headers.unique_names`): the query's names after
  `normalise_header`, a repeated one or one clashing with `sheet` / `source_row` numbered. A
  repeated name the mapping reads is refused, as in a file (`headers.check_repeated`).
- `source_row` is the 1-based row number of the query result, `sheet` is ''.
- The fingerprint covers the normalised header and every text value, so an unchanged result
  gives the same fingerprint and any changed cell a different one.
- A pull is bounded: connecting times out after 10 s, and on PostgreSQL and MariaDB each
  statement or read after `EVALUASI_SOURCE_QUERY_TIMEOUT` seconds (default 1800).
- A server that cannot be reached is tried again: `EVALUASI_SOURCE_ATTEMPTS` times in all
  (default 4), waiting `EVALUASI_SOURCE_RETRY_DELAY` seconds (default 5) and twice as long
  after each failure, so a database restarting for maintenance does not fail the quarterly run.
  A query that fails once connected is not retried: it would fail again.
- The password appears in no message, log line or exception chain: errors are rebuilt from the
  driver's message with every secret replaced, and raised outside the `except` block so that the
  original exception is not attached as context. A URL is shown only as rebuilt from its parts
  without password or query (`describe`); one that cannot be parsed is never shown at all, only
  the setting that holds it. Runs of 8 or more digits in a driver's message are masked: a
  database quotes the value it could not convert, and that may be a NIP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import re
import time
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from evaluasi.sources.catalog import SqlSource
from evaluasi.sources.duck import quote
from evaluasi.sources.extract import Extracted, SourceError
from evaluasi.sources.headers import check_repeated, unique_names

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10
DEFAULT_ATTEMPTS = 4
DEFAULT_RETRY_DELAY_SECONDS = 5.0
DEFAULT_QUERY_TIMEOUT_SECONDS = 1800.0
# The connect-timeout argument of each driver we know; other drivers keep their own default.
_TIMEOUT_ARGUMENT = {
    "psycopg": "connect_timeout",
    "psycopg2": "connect_timeout",
    "pymysql": "connect_timeout",
    "mysqldb": "connect_timeout",
    "pg8000": "timeout",
    "pyodbc": "timeout",
}
_MASK = "***"
_LONG_NUMBER = re.compile(r"\d{8,}")


def resolve_url(source: SqlSource, environ: Mapping[str, str] | None = None) -> URL:
    """The SQLAlchemy URL of `source`, with its password from the environment or Prefect.

    `environ` defaults to `os.environ`. Raises SourceError naming the variable or block to set.
    """
    environ = os.environ if environ is None else environ
    if source.url_env:
        url = _parse(_from_env(source, source.url_env, environ, "url"), source)
    elif source.url_secret:
        url = _parse(_from_secret(source, source.url_secret, "url"), source)
    elif source.url:
        url = _parse(source.url, source)
        if url.password is not None:
            raise SourceError("sql_url_password", source=source.source)
    else:
        raise SourceError("sql_no_url", source=source.source)
    if source.password_env:
        password = _from_env(source, source.password_env, environ, "password")
        url = url.set(password=password)
    elif source.password_secret:
        password = _from_secret(source, source.password_secret, "password")
        url = url.set(password=password)
    return url


def describe(source: SqlSource, *, environ: Mapping[str, str] | None = None) -> str:
    """Safe text for logs and messages: the URL rebuilt from dialect, user, host, port and
    database (`postgresql+psycopg://monev@db:5432/lms`); never a password or query options.

    Loads no Prefect block (a log line should not need the API): a URL kept in a Secret block is
    described by the block's name, one in an unset environment variable by the variable's name.
    """
    environ = os.environ if environ is None else environ
    text = source.url
    if source.url_env:
        text = environ.get(source.url_env)
        if not text:
            return f"URL from environment variable {source.url_env}, not set"
    elif source.url_secret:
        return f"URL from Prefect Secret block {source.url_secret!r}"
    try:
        return _describe_url(make_url(text or ""))
    except (sqlalchemy.exc.ArgumentError, ValueError):  # ValueError: a port not a number
        where = f"environment variable {source.url_env}" if source.url_env else "url"
        return f"unparseable URL in {where}"


def extract_query(
    con: duckdb.DuckDBPyConnection,
    source: SqlSource,
    *,
    into: str,
    environ: Mapping[str, str] | None = None,
    batch_rows: int = 50_000,
    reads: Mapping[str, str] | None = None,
) -> Extracted:
    """Run `source.query` and copy its result into DuckDB temp table `into` as text.

    The result is streamed (server-side cursor) and inserted `batch_rows` rows at a time, so a
    large result never sits in memory whole. Nothing is written to the source database: the
    transaction is rolled back when the connection closes. Raises SourceError, naming the source
    and what to do, for a missing credential, a driver, connection or query error, or a column
    that cannot become text; `into` is then left as it was, or dropped if copying had begun.
    `reads` maps every column name the mapping reads to its canonical column: one of them
    returned twice is refused.
    """
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, not {batch_rows}")
    url = resolve_url(source, environ)
    where = {"source": source.source, "database": _describe_url(url)}
    secrets = _secrets(url)
    failure: str | None = None
    connect_args = _timeout(url, environ)
    try:
        engine = sqlalchemy.create_engine(url, poolclass=NullPool, connect_args=connect_args)
    except Exception as error:  # any driver or dialect problem: explained below, scrubbed
        failure = _reason(error, secrets)
    if failure is not None:
        raise SourceError("sql_driver", **where, reason=failure)
    attempts, delay = _retries(environ)
    try:
        for attempt in range(1, attempts + 1):
            try:
                rows_read, fingerprint = _copy(
                    engine, source, con, into, where, secrets, batch_rows, reads or {}
                )
                break
            except SourceUnreachable as error:
                if attempt == attempts:
                    raise SourceError(
                        "sql_unreachable",
                        **error.fields,
                        attempts=attempts,
                        seconds=_waited(attempts, delay),
                    ) from None
                logger.warning(
                    "%s (%s): attempt %d of %d failed; trying again in %g s",
                    *where.values(),
                    attempt,
                    attempts,
                    delay * 2 ** (attempt - 1),
                )
                time.sleep(delay * 2 ** (attempt - 1))
    finally:
        engine.dispose()
    logger.info("%s (%s): read %d rows into %s", *where.values(), rows_read, into)
    return Extracted(
        source=source.source,
        table=source.table,
        fingerprint=fingerprint,
        relation=into,
        rows_read=rows_read,
    )


def as_text(value: object) -> str:
    """One database value as the text a reader hands on (see the module docstring)."""
    # Order matters: bool is an int, datetime is a date.
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError("binary value")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)  # UUID, interval, ...: their own text form


def _datetime_text(value: dt.datetime) -> str:
    if value.time() == dt.time(0):
        return value.date().isoformat()
    # isoformat keeps sub-second parts and the UTC offset when there are any, rather than
    # silently dropping them: `2026-07-06 08:30:00`, `... 08:30:00.000500`, `... 08:30:00+07:00`.
    return value.isoformat(sep=" ")


def _copy(
    engine: sqlalchemy.Engine,
    source: SqlSource,
    con: duckdb.DuckDBPyConnection,
    into: str,
    where: dict[str, str],
    secrets: Sequence[str],
    batch_rows: int,
    reads: Mapping[str, str],
) -> tuple[int, str]:
    """Stream the query into `into`; (rows read, fingerprint). Errors are scrubbed SourceErrors."""
    step = "connect"
    failure: tuple[str, dict[str, Any]] | None = None
    try:
        with engine.connect() as connection:
            step = "query"
            _read_only(connection)
            result = connection.execution_options(
                stream_results=True, yield_per=batch_rows
            ).execute(sqlalchemy.text(source.query))
            if not result.returns_rows:
                failure = ("sql_no_result_set", where)
            else:
                step = "read"
                keys = list(result.keys())
                return _load(con, into, where, keys, result.partitions(), reads)
    except SourceError as error:
        failure = (error.key, error.fields)
    except duckdb.Error:
        raise  # the warehouse side failed, not the source: DuckDB's message says what
    except Exception as error:  # driver errors have no common base class; all are explained
        failure = _explain(step, where, source, _reason(error, secrets))
    if step == "read":
        # A half-copied result must not pass for the source; `temp.main.` so that a warehouse
        # table of the same name is never touched.
        con.execute(f"DROP TABLE IF EXISTS temp.main.{quote(into)}")
    # Raised here, outside the except block, so no unscrubbed exception rides along as context.
    key, fields = failure or ("sql_read_failed", {**where, "reason": "-", "name": source.name})
    fields = {name: _scrub(value, secrets) for name, value in fields.items()}
    raise SourceUnreachable(key, **fields) if step == "connect" else SourceError(key, **fields)


# Statements that make the transaction read-only, per dialect: a configured query can then
# only read, whatever it says; elsewhere the query runs in a transaction that is rolled back.
READ_ONLY = {
    "postgresql": "SET TRANSACTION READ ONLY",
    "mysql": "START TRANSACTION READ ONLY",
    "mariadb": "START TRANSACTION READ ONLY",
}


def _read_only(connection: sqlalchemy.Connection) -> None:
    statement = READ_ONLY.get(connection.dialect.name)
    if statement:
        connection.exec_driver_sql(statement)


def _load(
    con: duckdb.DuckDBPyConnection,
    into: str,
    where: dict[str, str],
    keys: list[str],
    batches: Iterable[Sequence[Sequence[Any]]],
    reads: Mapping[str, str],
) -> tuple[int, str]:
    if not keys:
        raise SourceError("sql_no_columns", **where)
    check_repeated(
        [str(key) for key in keys], reads, key="sql_duplicate_column", letters=False, **where
    )
    # The file readers' naming, so a mapping reads the same whatever the source: a blank name
    # becomes `column_<n>`, a repeated or lineage name gets its column number (`nip_2`).
    header = unique_names([str(key) for key in keys])
    digest = hashlib.sha256()
    _feed(digest, "header", header)
    columns = ", ".join(f"{quote(name)} VARCHAR" for name in header)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote(into)} ({columns}, sheet VARCHAR, source_row BIGINT)"
    )
    view = f"_evaluasi_sql_batch_{uuid.uuid4().hex}"
    positional = [f"c{i}" for i in range(len(header))]
    select = "".join(f"{c}, " for c in positional)
    rows_read = 0
    for batch in batches:
        texts = list(_texts(batch, header, where))
        for row in texts:
            _feed(digest, "row", row)
        frame = pd.DataFrame(texts, columns=positional, dtype=object)
        frame["source_row"] = pd.Series(
            range(rows_read + 1, rows_read + len(texts) + 1), dtype="int64"
        )
        con.register(view, frame)
        try:
            con.execute(
                f"INSERT INTO {quote(into)} SELECT {select}'' AS sheet, source_row FROM {view}"
            )
        finally:
            con.unregister(view)
        rows_read += len(texts)
    return rows_read, digest.hexdigest()


def _texts(
    batch: Sequence[Sequence[Any]], header: list[str], where: dict[str, str]
) -> Iterator[list[str]]:
    for row in batch:
        texts = []
        for name, value in zip(header, row, strict=True):
            try:
                texts.append(as_text(value))
            except TypeError:
                raise SourceError("sql_binary_column", **where, column=name) from None
        yield texts


def _feed(digest: Any, kind: str, values: Sequence[str]) -> None:
    """Length-prefixed, so no choice of values can make two different results hash alike."""
    digest.update(f"{kind}:{len(values)};".encode())
    for value in values:
        data = value.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode())
        digest.update(data)


class SourceUnreachable(SourceError):
    """The server could not be reached: worth trying again after a pause. Its fields are those
    of the final `sql_unreachable` error, but for the attempts."""


def _retries(environ: Mapping[str, str] | None) -> tuple[int, float]:
    """(attempts, first delay in seconds) from EVALUASI_SOURCE_ATTEMPTS and _RETRY_DELAY."""
    env = os.environ if environ is None else environ
    attempts_text = env.get("EVALUASI_SOURCE_ATTEMPTS", "")
    delay_text = env.get("EVALUASI_SOURCE_RETRY_DELAY", "")
    attempts = _number(attempts_text, DEFAULT_ATTEMPTS)
    if attempts is None or attempts < 1 or not attempts.is_integer():
        raise SourceError("setting_source_attempts", value=repr(attempts_text))
    delay = _number(delay_text, DEFAULT_RETRY_DELAY_SECONDS)
    if delay is None or delay < 0:
        raise SourceError("setting_source_retry_delay", value=repr(delay_text))
    return int(attempts), delay


def _number(text: str, default: float) -> float | None:
    if not text:
        return float(default)
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _waited(attempts: int, delay: float) -> float:
    return sum(delay * 2**i for i in range(attempts - 1))


def _explain(
    step: str, where: dict[str, str], source: SqlSource, reason: str
) -> tuple[str, dict[str, Any]]:
    """The catalogue key and fields for a driver error at `step`."""
    if step == "connect":
        # The setting that holds the credential, as written in sources.toml.
        if source.password_env:
            credential = f'password_env = "{source.password_env}"'
        elif source.password_secret:
            credential = f'password_secret = "{source.password_secret}"'
        elif source.url_env:
            credential = f'url_env = "{source.url_env}"'
        elif source.url_secret:
            credential = f'url_secret = "{source.url_secret}"'
        else:
            credential = "url"
        return "sql_cannot_connect", {**where, "reason": reason, "credential": credential}
    key = "sql_query_failed" if step == "query" else "sql_read_failed"
    return key, {**where, "reason": reason, "name": source.name}


def _reason(error: BaseException, secrets: Sequence[str]) -> str:
    """The driver's own message without SQLAlchemy's statement echo and help link.

    Only its first line: PostgreSQL's further lines quote the statement as the driver rewrote it
    (`DECLARE ... CURSOR FOR ...`), which would confuse more than help.
    """
    inner = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    text = _LONG_NUMBER.sub("#", lines[0]) if lines else "-"
    return _scrub(f"{type(inner).__name__}: {text}", secrets)


def _secrets(url: URL) -> list[str]:
    """Every form in which the URL's secrets could be echoed by a driver."""
    values = []
    if url.password:
        values.append(str(url.password))
    for key, value in url.query.items():
        if any(word in key.lower() for word in ("password", "passwd", "pwd", "secret", "token")):
            values.extend([value] if isinstance(value, str) else value)
    forms = {url.render_as_string(hide_password=False)}
    for value in values:
        forms.update({value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)})
    # Longest first, so a password inside the URL is replaced with the URL.
    return sorted((form for form in forms if form), key=len, reverse=True)


def _scrub(text: object, secrets: Sequence[str]) -> object:
    if not isinstance(text, str):
        return text
    for secret in secrets:
        text = text.replace(secret, _MASK)
    return text


def _describe_url(url: URL) -> str:
    """The URL without password and query options, which may hold secrets too."""
    parts = URL.create(url.drivername, url.username, None, url.host, url.port, url.database)
    return parts.render_as_string(hide_password=True)


def _timeout(url: URL, environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Driver arguments that bound a pull: the connect timeout, and for PostgreSQL and MariaDB
    a limit on each statement or read (EVALUASI_SOURCE_QUERY_TIMEOUT seconds, default 1800),
    so that a hung query fails the run with the source named instead of holding it for ever.
    A timeout given in the URL's query wins; connect_args would override it."""
    arguments: dict[str, object] = {}
    driver = url.get_driver_name()
    argument = _TIMEOUT_ARGUMENT.get(driver)
    if argument is not None and argument not in url.query:
        arguments[argument] = CONNECT_TIMEOUT_SECONDS
    query_seconds = _query_timeout(environ)
    if driver in ("psycopg", "psycopg2") and "options" not in url.query:
        arguments["options"] = f"-c statement_timeout={int(query_seconds * 1000)}"
    elif driver in ("pymysql", "mysqldb") and "read_timeout" not in url.query:
        arguments["read_timeout"] = max(int(query_seconds), 1)
    return arguments


def _query_timeout(environ: Mapping[str, str] | None) -> float:
    env = os.environ if environ is None else environ
    text = env.get("EVALUASI_SOURCE_QUERY_TIMEOUT", "")
    seconds = _number(text, DEFAULT_QUERY_TIMEOUT_SECONDS)
    if seconds is None or seconds <= 0:
        raise SourceError("setting_source_query_timeout", value=repr(text))
    return seconds


def _parse(text: str, source: SqlSource) -> URL:
    """`text` as a URL; SourceError naming the setting that holds it, never the text itself."""
    try:
        return make_url(text)
    except (sqlalchemy.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        pass
    # Raised outside the except block: SQLAlchemy's message may quote the URL, password and all.
    raise SourceError("sql_url_unparseable", source=source.source, setting=_url_setting(source))


def _url_setting(source: SqlSource) -> str:
    """The setting that gives `source` its URL, as written in sources.toml."""
    if source.url_env:
        return f'url_env = "{source.url_env}"'
    if source.url_secret:
        return f'url_secret = "{source.url_secret}"'
    return "url"


def _from_env(source: SqlSource, variable: str, environ: Mapping[str, str], what: str) -> str:
    """The value of `variable`; `what` ("url" or "password") picks the message."""
    value = environ.get(variable)
    if not value:
        raise SourceError(f"sql_{what}_env_not_set", source=source.source, variable=variable)
    return value


def _from_secret(source: SqlSource, block: str, what: str) -> str:
    """The text in Prefect Secret `block`; `what` ("url" or "password") picks the message."""
    failure = None
    try:
        from prefect.blocks.system import Secret

        # _sync=True: a plain call even when a flow runs us from an event loop.
        value = Secret.load(block, _sync=True).get()
    except Exception as error:  # unknown block, no Prefect API, ...: all need the same fix
        lines = str(error).splitlines()
        failure = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    if failure is not None:
        raise SourceError(
            f"sql_{what}_secret_failed", source=source.source, block=block, reason=failure
        )
    if not isinstance(value, str) or not value:
        raise SourceError(f"sql_{what}_secret_not_text", source=source.source, block=block)
    return value
