"""Scale-out: the flows' task runner comes from the environment, and a run whose stages go to a
two-worker local Dask cluster publishes the same results as the default threads."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import dask
import distributed
import pandas as pd
import pytest
from conftest import write_inbox
from prefect import Flow
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from evaluasi.errors import UserError
from flows.runners import task_runner_from_env

ROOT = Path(__file__).resolve().parent.parent
SCHEDULER = "tcp://scheduler:8786"


def test_threads_by_default():
    assert isinstance(task_runner_from_env({}), ThreadPoolTaskRunner)
    assert isinstance(task_runner_from_env({"EVALUASI_TASK_RUNNER": ""}), ThreadPoolTaskRunner)
    threads = task_runner_from_env({"EVALUASI_TASK_RUNNER": "threads"})
    assert isinstance(threads, ThreadPoolTaskRunner)


def test_dask_connects_to_the_scheduler_address():
    runner = task_runner_from_env(
        {"EVALUASI_TASK_RUNNER": "dask", "EVALUASI_DASK_ADDRESS": SCHEDULER}
    )
    assert isinstance(runner, DaskTaskRunner)
    assert runner.address == SCHEDULER


def test_dask_without_an_address_starts_a_temporary_local_cluster():
    runner = task_runner_from_env({"EVALUASI_TASK_RUNNER": "dask"})
    assert isinstance(runner, DaskTaskRunner)
    assert runner.address is None
    assert runner.cluster_class is None  # prefect-dask then starts a distributed.LocalCluster


def test_an_unknown_runner_names_the_variable_and_the_choices():
    with pytest.raises(UserError) as error:
        task_runner_from_env({"EVALUASI_TASK_RUNNER": "ray"})
    assert str(error.value) == "EVALUASI_TASK_RUNNER must be one of threads, dask, not 'ray'"


@pytest.mark.parametrize(
    ("path", "name"),
    [("flows/adhoc.py", "adhoc_evaluation"), ("flows/quarterly.py", "quarterly_evaluation")],
)
def test_flows_take_the_runner_from_the_environment_at_import(monkeypatch, path, name):
    monkeypatch.setenv("EVALUASI_TASK_RUNNER", "dask")
    monkeypatch.setenv("EVALUASI_DASK_ADDRESS", SCHEDULER)
    spec = importlib.util.spec_from_file_location(f"fresh_{Path(path).stem}", ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    flow = getattr(module, name)
    assert isinstance(flow, Flow)
    assert isinstance(flow.task_runner, DaskTaskRunner)
    assert flow.task_runner.address == SCHEDULER


@pytest.mark.e2e
def test_a_run_on_a_two_worker_dask_cluster_publishes_the_same_results(tmp_path, prefect_harness):
    from flows.adhoc import adhoc_evaluation

    def run(flow: Flow, root: Path) -> Path:
        return Path(
            flow(
                period="all",
                inbox=str(root / "inbox"),
                warehouse=str(root / "warehouse.duckdb"),
                reports=str(root / "reports"),
            )
        )

    write_inbox(tmp_path / "threads" / "inbox")
    shutil.copytree(tmp_path / "threads" / "inbox", tmp_path / "dask" / "inbox")
    on_threads = run(adhoc_evaluation, tmp_path / "threads")

    # Dask's scratch space (the scheduler's too) goes under tmp_path, not the machine's /tmp.
    with (
        dask.config.set({"temporary-directory": str(tmp_path / "dask-scratch")}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # the scheduler's HTTP server: any free port
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        with distributed.get_task_stream(client) as stream:
            on_dask = run(
                adhoc_evaluation.with_options(
                    task_runner=DaskTaskRunner(address=cluster.scheduler_address)
                ),
                tmp_path / "dask",
            )
        workers = set(client.scheduler_info()["workers"])

    # Every stage ran as a task on one of the cluster's worker processes.
    stages = sorted(distributed.utils.key_split(task["key"]) for task in stream.data)
    assert stages == ["evaluate", "ingest", "publish"]
    assert {task["worker"] for task in stream.data} <= workers

    threads_results = pd.read_csv(on_threads / "results.csv", dtype={"program_id": str})
    dask_results = pd.read_csv(on_dask / "results.csv", dtype={"program_id": str})
    assert len(dask_results) == 4
    pd.testing.assert_frame_equal(dask_results, threads_results, check_exact=True)
    assert (on_dask / "results.csv").read_bytes() == (on_threads / "results.csv").read_bytes()
