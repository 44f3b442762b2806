"""Email notices: settings from EVALUASI_* variables, and mails delivered to a local SMTP sink."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.smtp import Envelope
from conftest import Recorder, free_port

from evaluasi import notify
from evaluasi.errors import UserError
from evaluasi.notify import NotificationSettings, notification_settings

TO = ("kepala.bidang@bpsdm.example.go.id", "evaluator@bpsdm.example.go.id")
SENDER = "evaluasi@bpsdm.example.go.id"
FOLDER = Path("/srv/evaluasi/reports/2026Q3-20261002T0100")


@pytest.fixture
def settings(sink: tuple[Recorder, int]) -> NotificationSettings:
    _, port = sink
    return settings_for(port)


def settings_for(port: int) -> NotificationSettings:
    found = notification_settings(
        {
            "EVALUASI_NOTIFY_TO": ", ".join(TO),
            "EVALUASI_NOTIFY_FROM": SENDER,
            "EVALUASI_SMTP_HOST": "127.0.0.1",
            "EVALUASI_SMTP_PORT": str(port),
            "EVALUASI_SMTP_SECURITY": "insecure",
        }
    )
    assert found is not None
    return found


def only_message(received: list[Envelope]) -> tuple[EmailMessage, str]:
    assert len(received) == 1
    envelope = received[0]
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == list(TO)
    assert isinstance(envelope.content, bytes)
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    # Plain text only: no HTML part.
    assert [part.get_content_type() for part in message.walk() if not part.is_multipart()] == [
        "text/plain"
    ]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return message, body.get_content()


# --- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("to", [None, "", " , "])
def test_notifications_are_off_without_recipients(to: str | None) -> None:
    env = {"EVALUASI_SMTP_HOST": "smtp.example.go.id"}
    if to is not None:
        env["EVALUASI_NOTIFY_TO"] = to
    assert notification_settings(env) is None


def test_settings_are_read_with_defaults() -> None:
    found = notification_settings(
        {
            "EVALUASI_NOTIFY_TO": " a@example.go.id,b@example.go.id ",
            "EVALUASI_SMTP_HOST": "smtp.example.go.id",
            "EVALUASI_SMTP_USER": "bot@example.go.id",
            "EVALUASI_SMTP_PASSWORD": "rahasia",
        }
    )
    assert found == NotificationSettings(
        to=("a@example.go.id", "b@example.go.id"),
        sender="bot@example.go.id",
        host="smtp.example.go.id",
        port=587,
        security="starttls",
        user="bot@example.go.id",
        password="rahasia",
    )
    assert "rahasia" not in repr(found)


@pytest.mark.parametrize(
    ("security", "port"), [("starttls", 587), ("SSL", 465), ("insecure", 25), ("", 587)]
)
def test_default_port_follows_security(security: str, port: int) -> None:
    found = notification_settings(
        {
            "EVALUASI_NOTIFY_TO": "a@example.go.id",
            "EVALUASI_NOTIFY_FROM": SENDER,
            "EVALUASI_SMTP_HOST": "relay.local",
            "EVALUASI_SMTP_SECURITY": security,
        }
    )
    assert found is not None
    assert found.port == port
    assert found.security == (security.lower() or "starttls")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"EVALUASI_SMTP_HOST": ""}, "EVALUASI_SMTP_HOST must be set"),
        ({"EVALUASI_SMTP_PORT": "dua lima"}, "EVALUASI_SMTP_PORT must be a port number"),
        ({"EVALUASI_SMTP_PORT": "70000"}, "EVALUASI_SMTP_PORT must be a port number"),
        ({"EVALUASI_SMTP_SECURITY": "tls"}, "EVALUASI_SMTP_SECURITY must be one of"),
        ({"EVALUASI_NOTIFY_TO": "a@example.go.id, budi"}, "EVALUASI_NOTIFY_TO must be"),
        ({"EVALUASI_NOTIFY_FROM": ""}, "EVALUASI_NOTIFY_FROM must be set"),
        (
            {"EVALUASI_NOTIFY_FROM": "", "EVALUASI_SMTP_USER": "apikey"},
            "EVALUASI_NOTIFY_FROM must be an email address",
        ),
        ({"EVALUASI_SMTP_PASSWORD": "rahasia"}, "EVALUASI_SMTP_USER is not"),
    ],
)
def test_bad_settings_name_the_variable(changes: dict[str, str], message: str) -> None:
    env = {
        "EVALUASI_NOTIFY_TO": "a@example.go.id",
        "EVALUASI_NOTIFY_FROM": SENDER,
        "EVALUASI_SMTP_HOST": "smtp.example.go.id",
    }
    env.update(changes)
    with pytest.raises(UserError, match=message):
        notification_settings(env)


# --- sending ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "subject", "lines"),
    [
        (
            "id",
            "[evaluasi] Laporan 2026Q3 sudah terbit (run 2026Q3-20261002T0100)",
            ["Program dievaluasi: 12", "Hasil per instrumen: 31", "Periode: 2026Q3"],
        ),
        (
            "en",
            "[evaluasi] Report for 2026Q3 published (run 2026Q3-20261002T0100)",
            ["Programmes evaluated: 12", "Results by instrument: 31", "Period: 2026Q3"],
        ),
    ],
)
def test_report_published_is_mailed(
    settings: NotificationSettings,
    received: list[Envelope],
    lang: str,
    subject: str,
    lines: list[str],
) -> None:
    sent = notify.report_published(settings, "2026Q3-20261002T0100", "2026Q3", FOLDER, 12, 31, lang)
    assert sent is True
    message, body = only_message(received)
    assert message["Subject"] == subject
    assert message["From"] == SENDER
    assert message["To"] == ", ".join(TO)
    assert "Run: 2026Q3-20261002T0100" in body.splitlines()
    for line in lines:
        assert line in body.splitlines()
    assert str(FOLDER / "index.html") in body


@pytest.mark.parametrize(
    ("lang", "subject", "label"),
    [
        ("id", "[evaluasi] Run 2026Q3-20261002T0100 periode 2026Q3 gagal", "Galat: "),
        ("en", "[evaluasi] Run 2026Q3-20261002T0100 for 2026Q3 failed", "Error: "),
    ],
)
def test_run_failed_is_mailed(
    settings: NotificationSettings, received: list[Envelope], lang: str, subject: str, label: str
) -> None:
    error = "FileNotFoundError: inbox/skor_pelatihan.xlsx tidak ditemukan — periksa folder inbox"
    sent = notify.run_failed(settings, "2026Q3-20261002T0100", "2026Q3", error, lang)
    assert sent is True
    message, body = only_message(received)
    assert message["Subject"] == subject
    assert label + error in body.splitlines()
    assert "Run: 2026Q3-20261002T0100" in body.splitlines()


def test_sending_works_inside_a_running_event_loop(
    settings: NotificationSettings, received: list[Envelope]
) -> None:
    # As in an async Prefect flow, where asyncio.run on the caller's thread would fail.
    async def inside() -> bool:
        return notify.run_failed(settings, "r1", "2026Q3", "ValueError: x", "en")

    assert asyncio.run(inside()) is True
    assert len(received) == 1


def test_unknown_language_is_refused(settings: NotificationSettings) -> None:
    with pytest.raises(ValueError, match="lang must be one of id, en, not 'fr'"):
        notify.run_failed(settings, "r1", "2026Q3", "ValueError: x", "fr")


def test_unreachable_server_is_a_warning_not_an_error(caplog: pytest.LogCaptureFixture) -> None:
    closed = settings_for(free_port())
    with caplog.at_level(logging.WARNING, logger="evaluasi.notify"):
        assert notify.report_published(closed, "r1", "2026Q3", FOLDER, 1, 1, "id") is False
        assert notify.run_failed(closed, "r2", "2026Q3", "ValueError: x", "en") is False
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "notification email for run r1 not sent through 127.0.0.1:" in warnings[0]
    assert "ConnectionRefusedError" in warnings[0]


def test_silent_server_is_given_up_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A server that accepts the connection but never greets: smtplib would wait for ever.
    monkeypatch.setattr(notify, "SEND_TIMEOUT_SECONDS", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        mute = settings_for(silent.getsockname()[1])
        with caplog.at_level(logging.WARNING, logger="evaluasi.notify"):
            assert notify.run_failed(mute, "r3", "2026Q3", "ValueError: x", "id") is False
    assert "no answer within 0.3 s" in caplog.text
