"""prefect.yaml against a real Prefect server: deploy both deployments, find the next quarterly
run scheduled at 06:00 Asia/Jakarta on the first day of the next quarter, then trigger the
ad-hoc deployment with parameters through a process worker and find its report published.

Everything runs as an operator would: `prefect server start`, `prefect work-pool create`,
`prefect deploy --all` and `prefect worker start`, from the project folder, with a throw-away
PREFECT_HOME so that nothing touches the machine's own Prefect settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import free_port, write_inbox

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).with_name("prefect")
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server on a free port; yields the environment that points the CLI at it."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PYTHONPATH": str(PROJECT),
    }
    log = (home / "server.log").open("w")
    process = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{env['PREFECT_API_URL']}/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Prefect server did not start: " + (home / "server.log").read_text()
                    ) from None
                time.sleep(1)
        yield env
    finally:
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _prefect(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    done = subprocess.run(
        [str(PREFECT), *args],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def next_quarter_start(now: datetime) -> datetime:
    """The first 06:00 WIB on 1 January, April, July or October after `now`."""
    local = now.astimezone(JAKARTA)
    starts = (
        datetime(year, month, 1, 6, tzinfo=JAKARTA)
        for year in (local.year, local.year + 1)
        for month in (1, 4, 7, 10)
    )
    return next(start for start in starts if start > local)


def test_next_quarter_start() -> None:
    assert next_quarter_start(datetime(2026, 11, 23, tzinfo=UTC)) == datetime(
        2027, 1, 1, 6, tzinfo=JAKARTA
    )
    # 1 October 05:30 WIB: that morning's run is still to come
    assert next_quarter_start(datetime(2026, 9, 30, 22, 30, tzinfo=UTC)) == datetime(
        2026, 10, 1, 6, tzinfo=JAKARTA
    )
    assert next_quarter_start(datetime(2026, 3, 1, tzinfo=UTC)) == datetime(
        2026, 4, 1, 6, tzinfo=JAKARTA
    )


def test_deploy_schedule_and_trigger_the_adhoc_deployment(
    server: dict[str, str], tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    _prefect(server, "work-pool", "create", "evaluasi", "--type", "process")
    deployed = _prefect(server, "--no-prompt", "deploy", "--all")
    assert "quarterly" in deployed and "adhoc" in deployed

    with temporary_settings({PREFECT_API_URL: server["PREFECT_API_URL"]}):
        with get_client(sync_client=True) as client:
            quarterly = client.read_deployment_by_name("evaluasi-quarterly/quarterly")
            assert quarterly.global_concurrency_limit is not None
            assert quarterly.global_concurrency_limit.limit == 1
            scheduled = []
            deadline = time.monotonic() + 120
            while not scheduled and time.monotonic() < deadline:
                scheduled = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(
                        name=DeploymentFilterName(any_=["quarterly"])
                    ),
                    flow_run_filter=FlowRunFilter(
                        state=FlowRunFilterState(
                            type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])
                        )
                    ),
                )
                time.sleep(2)
        assert scheduled, "the scheduler created no quarterly run"
        first = min(run.expected_start_time for run in scheduled)
        assert first == next_quarter_start(datetime.now(UTC))
        assert first.astimezone(JAKARTA).strftime("%d %H:%M") == "01 06:00"

        write_inbox(tmp_path / "inbox")
        worker_log = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(
            [str(PREFECT), "worker", "start", "--pool", "evaluasi", "--type", "process"],
            env=server,
            cwd=PROJECT,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        try:
            flow_run = run_deployment(
                "evaluasi-adhoc/adhoc",
                parameters={
                    "period": "2026Q3",
                    "lang": "en",
                    "instruments": ["knowledge_test"],
                    "inbox": str(tmp_path / "inbox"),
                    "warehouse": str(tmp_path / "warehouse.duckdb"),
                    "reports": str(tmp_path / "reports"),
                },
                timeout=420,
            )
        finally:
            _stop(worker)
            worker_log.close()
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        tmp_path / "worker.log"
    ).read_text()
    index = tmp_path / "reports" / "latest" / "index.html"
    assert index.is_file()
    page = index.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Q3 2026" in page
    results = (tmp_path / "reports" / "latest" / "results.csv").read_text(encoding="utf-8")
    assert "supervisor_rating" not in results and "knowledge_test" in results
    # the worker ran the flow from the project folder without any path written in prefect.yaml
    assert str(PROJECT) not in (PROJECT / "prefect.yaml").read_text(encoding="utf-8")
