"""What leaves the restricted data area when a run fails for an unexpected reason: the stage,
the error's type and the path of the restricted log, never the error's own message, which may
quote a row's values (a NIP, a name)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import run_request, site_settings, write_inbox

from evaluasi import operations, pipeline, warehouse
from evaluasi.errors import RunFailure

SECRET = "198503122010011001 Budi Santoso"


def test_an_unexpected_error_is_told_without_its_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    sink,
    received,
) -> None:
    write_inbox(tmp_path / "inbox")
    settings = site_settings(tmp_path)
    request = run_request(settings, run_id="run-secret")

    def leaky(_: object) -> object:
        raise ValueError(f"Could not convert string '{SECRET}' to DOUBLE")

    monkeypatch.setattr(pipeline, "evaluate", leaky)
    for name, value in {
        "EVALUASI_NOTIFY_TO": "kabid@bpsdm.example.go.id",
        "EVALUASI_NOTIFY_FROM": "evaluasi@bpsdm.example.go.id",
        "EVALUASI_SMTP_HOST": "127.0.0.1",
        "EVALUASI_SMTP_PORT": str(sink[1]),
        "EVALUASI_SMTP_SECURITY": "insecure",
    }.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RunFailure) as raised:
        operations.execute(request)
    told = raised.value
    assert told.__cause__ is None and told.__suppress_context__  # no chained original
    log = settings.restricted_dir / "logs" / "run-secret.log"
    assert f"({told.fields['error_type']})" in told.text("en") and str(log) in told.text("en")
    assert SECRET in log.read_text(encoding="utf-8")  # the details stay in the restricted area
    with warehouse.connect(settings.warehouse) as con:
        (error,) = con.execute("select error from runs where run_id = 'run-secret'").fetchone()
    mail = b"".join(envelope.content for envelope in received).decode("utf-8", "replace")
    for outside in (str(told), told.text("id"), error, mail, caplog.text):
        assert "198503122010011001" not in outside and "Budi" not in outside
    assert "ValueError" in error and "evaluate" in error
