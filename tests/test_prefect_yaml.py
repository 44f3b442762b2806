"""Every prefect.yaml entrypoint imports as a flow, with the schedule and form we promise."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml
from prefect import Flow

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "prefect.yaml").read_text())
DEPLOYMENTS = {d["name"]: d for d in CONFIG["deployments"]}


def load_entrypoint(entrypoint: str) -> Flow:
    path, name = entrypoint.split(":")
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_entrypoint_is_a_flow(name):
    flow = load_entrypoint(DEPLOYMENTS[name]["entrypoint"])
    assert isinstance(flow, Flow)
    assert set(DEPLOYMENTS[name].get("parameters", {})) <= set(flow.parameters.properties)


def test_quarterly_schedule_is_first_day_of_each_quarter_in_jakarta():
    (schedule,) = DEPLOYMENTS["quarterly"]["schedules"]
    assert schedule == {"cron": "0 6 1 1,4,7,10 *", "timezone": "Asia/Jakarta"}
    assert DEPLOYMENTS["quarterly"]["concurrency_limit"] == 1


def test_adhoc_parameters_are_typed_for_the_ui_form():
    flow = load_entrypoint(DEPLOYMENTS["adhoc"]["entrypoint"])
    properties = flow.parameters.model_dump()["properties"]
    ids = properties["program_ids"]
    assert {"type": "array", "items": {"type": "string"}} in ids["anyOf"]
    assert properties["period"]["type"] == "string"
    # Empty: the worker's EVALUASI_LANG, else Indonesian.
    assert {"enum": ["id", "en"], "type": "string"} in properties["lang"]["anyOf"]
    assert properties["allow_shrink"] == {
        "default": False,
        "position": 11,
        "title": "allow_shrink",
        "type": "boolean",
    }
    for name in ("instruments", "opd"):
        assert {"type": "array", "items": {"type": "string"}} in properties[name]["anyOf"]
    for name in ("start_date", "end_date"):
        assert {"type": "string", "format": "date"} in properties[name]["anyOf"]
