"""Optional email notices, set up by `EVALUASI_*` variables, that a report was published or a run
failed."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from evaluasi.errors import UserError
from evaluasi.messages import LANGUAGES, t

log = logging.getLogger(__name__)

# Each kind of connection and its usual port (prefect-email's SMTPType values).
SECURITY = {"starttls": 587, "ssl": 465, "insecure": 25}
# prefect-email opens its SMTP connection with no timeout: a server that accepts the connection
# and then says nothing would otherwise hold the run for ever.
SEND_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class NotificationSettings:
    """Who gets the notices, from whom, and through which SMTP server (`security` is a key of
    SECURITY). The password is left out of the repr so that logging the settings cannot leak it."""

    to: tuple[str, ...]
    sender: str
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)


def notification_settings(environ: Mapping[str, str] | None = None) -> NotificationSettings | None:
    """Notification settings from the environment, or None when EVALUASI_NOTIFY_TO is unset or
    empty (notifications off).

    EVALUASI_NOTIFY_TO (comma-separated addresses), EVALUASI_SMTP_HOST (required when TO is set),
    EVALUASI_SMTP_SECURITY (`starttls` default, `ssl`, or `insecure` for a local relay),
    EVALUASI_SMTP_PORT (default 587 for starttls, 465 for ssl, 25 for insecure),
    EVALUASI_SMTP_USER and EVALUASI_SMTP_PASSWORD (login, if the server needs one),
    EVALUASI_NOTIFY_FROM (the sender's address, default EVALUASI_SMTP_USER).
    A bad value raises UserError naming the variable.
    """
    env = os.environ if environ is None else environ
    parts = (part.strip() for part in env.get("EVALUASI_NOTIFY_TO", "").split(","))
    to = tuple(part for part in parts if part)
    if not to:
        return None
    for address in to:
        _check_address("EVALUASI_NOTIFY_TO", address)
    host = env.get("EVALUASI_SMTP_HOST", "").strip()
    if not host:
        raise UserError("notify_no_host")
    security = env.get("EVALUASI_SMTP_SECURITY", "").strip().lower() or "starttls"
    if security not in SECURITY:
        raise UserError(
            "setting_choice",
            name="EVALUASI_SMTP_SECURITY",
            value=env["EVALUASI_SMTP_SECURITY"],
            choices=tuple(SECURITY),
        )
    port = _port(env.get("EVALUASI_SMTP_PORT", "").strip(), SECURITY[security])
    user = env.get("EVALUASI_SMTP_USER", "").strip() or None
    password = env.get("EVALUASI_SMTP_PASSWORD") or None
    if password is not None and user is None:
        raise UserError("notify_password_without_user")
    sender = env.get("EVALUASI_NOTIFY_FROM", "").strip() or user
    if sender is None:
        raise UserError("notify_no_sender")
    _check_address("EVALUASI_NOTIFY_FROM", sender)
    return NotificationSettings(
        to=to,
        sender=sender,
        host=host,
        port=port,
        security=security,
        user=user,
        password=password,
    )


def report_published(
    settings: NotificationSettings,
    run_id: str,
    period_label: str,
    folder: Path,
    n_programs: int,
    n_results: int,
    lang: str,
) -> bool:
    """Email that run `run_id` published its report in `folder`; True when sent.

    Holds no personal data: run id, period, the two counts and the path of the report's index.
    A failure to send is logged as a warning and returns False: it never fails the run.
    """
    return _send(
        settings,
        run_id,
        _compose(
            "published",
            lang,
            run_id=run_id,
            period_label=period_label,
            n_programs=n_programs,
            n_results=n_results,
            report=folder / "index.html",
        ),
    )


def run_failed(
    settings: NotificationSettings, run_id: str, period_label: str, error: str, lang: str
) -> bool:
    """Email that run `run_id` failed with `error`; True when sent.

    `error` is sent as it is, unscrubbed: it is the error the pipeline records in the run ledger
    (`Type: message`), and the pipeline's error texts name files, rows and columns, never NIPs or
    names. A failure to send is logged as a warning and returns False: it never fails the run.
    """
    return _send(
        settings,
        run_id,
        _compose("failed", lang, run_id=run_id, period_label=period_label, error=error),
    )


def _compose(kind: str, lang: str, **fields: object) -> tuple[str, str]:
    """Subject and body from the message catalogue (`notify_*`). Only run id, period, counts,
    the report's path and the pipeline's error text: never NIPs or names."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return t(f"notify_{kind}_subject", lang, **fields), t(f"notify_{kind}_body", lang, **fields)


def _send(settings: NotificationSettings, run_id: str, message: tuple[str, str]) -> bool:
    """Send a plain-text email through prefect-email's `email_send_message`.

    It is a Prefect task and an async one: called as a task inside a sync flow it returns a
    coroutine nobody awaits, so nothing is sent; called outside a flow it starts a temporary Prefect
    server (10-20 s) just to record the task run. So its plain function (`.fn`) is run with
    `asyncio.run` in a thread of its own, which has no event loop whatever the caller runs in (a
    plain function, a sync or an async flow, a Prefect task), and which the caller stops waiting
    for after SEND_TIMEOUT_SECONDS.
    """
    # Imported here: prefect-email loads Prefect, which a run's checks should not wait for.
    from prefect_email import EmailServerCredentials, SMTPType, email_send_message

    subject, body = message
    sent: Future[object] = Future()

    def deliver() -> None:
        try:
            credentials = EmailServerCredentials(
                smtp_server=settings.host,
                smtp_port=settings.port,
                smtp_type=SMTPType[settings.security.upper()],
                username=settings.user,
                password=settings.password or "",
            )
            sent.set_result(
                asyncio.run(
                    email_send_message.fn(
                        subject=subject,
                        msg="",
                        msg_plain=body,
                        email_server_credentials=credentials,
                        email_from=settings.sender,
                        email_to=list(settings.to),
                    )
                )
            )
        except BaseException as error:  # handed to the caller's thread below
            sent.set_exception(error)

    threading.Thread(target=deliver, name=f"evaluasi-notify-{run_id}", daemon=True).start()
    try:
        sent.result(timeout=SEND_TIMEOUT_SECONDS)
    except Exception as error:
        problem = (
            f"{type(error).__name__}: {error}"
            if sent.done()
            else f"no answer within {SEND_TIMEOUT_SECONDS:g} s"
        )
        log.warning(
            "notification email for run %s not sent through %s:%d: %s",
            run_id,
            settings.host,
            settings.port,
            problem,
        )
        return False
    log.info("notification email for run %s sent to %d recipients", run_id, len(settings.to))
    return True


def _port(value: str, default: int) -> int:
    if not value:
        return default
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise UserError("setting_port", name="EVALUASI_SMTP_PORT", value=value)
    return port


def _check_address(variable: str, address: str) -> None:
    if "@" not in address or any(character.isspace() for character in address):
        raise UserError("setting_address", name=variable, value=address)
