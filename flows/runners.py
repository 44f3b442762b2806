"""The task runner the flows submit their stages to, chosen by `EVALUASI_TASK_RUNNER`.

Threads (`threads`, the default) are enough on one machine: a run's stages follow one another,
and each opens the warehouse itself. Dask (`dask`, through prefect-dask) is for scaling out on a
cluster: the stages run on its workers, so a national load uses a worker's memory and cores
instead of the flow process's. The workers must see the inbox, warehouse and reports under the
same paths as the flow (a shared volume); the run lock stays with the flow process.
`EVALUASI_DASK_ADDRESS` (e.g. `tcp://scheduler:8786`) names the cluster's scheduler; without
it each run starts a temporary local cluster.

The flows read the choice when they are imported (`@flow(task_runner=task_runner_from_env())`),
so set the variables before the process that imports them starts: a Prefect worker, a served
flow or `python flows/quarterly.py`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from evaluasi.errors import UserError

TASK_RUNNERS = ("threads", "dask")


def task_runner_from_env(environ: Mapping[str, str] | None = None) -> TaskRunner:
    """The runner named by EVALUASI_TASK_RUNNER (`threads` or `dask`; default `threads`).

    `dask` connects to the scheduler at EVALUASI_DASK_ADDRESS when it is set, else starts a
    temporary local cluster for each flow run.
    """
    env = os.environ if environ is None else environ
    name = env.get("EVALUASI_TASK_RUNNER") or "threads"
    if name == "threads":
        return ThreadPoolTaskRunner()
    if name == "dask":
        # Imported here: distributed adds about a second to every import of the flows.
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=env.get("EVALUASI_DASK_ADDRESS") or None)
    raise UserError("setting_choice", name="EVALUASI_TASK_RUNNER", value=name, choices=TASK_RUNNERS)
