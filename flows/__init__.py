"""Prefect flows of evaluasi: thin orchestration over `evaluasi.pipeline`."""

import os

# SPEC §6: without a server, Prefect starts a temporary API server (10-20 s on 2 cores).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
