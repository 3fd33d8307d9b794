"""A lock held in the model registry while a training run compares itself with the champion and moves the alias,
so two ``gwr train`` runs against one store (SQLite or ``mlflow server``) cannot both move ``champion`` from the
same reading of it. The lock is a registered model, ``gwr-tagger-gate-lock``: creating a name that exists fails
atomically in every MLflow registry store, so whoever creates it holds the lock; deleting it releases it."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from model.runtime.store import REGISTERED_MODEL

LOCK_MODEL = f"{REGISTERED_MODEL}-gate-lock"
_CONTENDED = ("RESOURCE_ALREADY_EXISTS", "RESOURCE_DOES_NOT_EXIST")


class GateBusy(RuntimeError):
    """Another run held the gate for longer than the wait allowed."""


@contextmanager
def gate_lock(client: MlflowClient | None = None, wait: float = 600.0, stale_after: float = 1800.0,
              poll: float = 0.25, log=print) -> Iterator[None]:
    """Hold the registry's gate lock while the block runs. Waits up to ``wait`` seconds for another holder; a
    lock older than ``stale_after`` seconds (its run died while holding it) is broken, with a message."""
    client = client or MlflowClient()
    holder = f"{socket.gethostname()}:{os.getpid()}"
    deadline = time.monotonic() + wait
    waited = False
    while True:
        try:
            client.create_registered_model(
                LOCK_MODEL, tags={"holder": holder, "since": f"{time.time():.3f}"},
                description="Held while a gwr train run compares itself with the champion and moves the alias.")
            break
        except MlflowException as exc:
            if exc.error_code not in _CONTENDED:
                raise
        since, other = _held_since(client)
        if since is not None and time.time() - since > stale_after:
            log(f"the registry's gate lock held by {other} since {time.ctime(since)} is stale: broken")
            _release(client)
            continue
        if time.monotonic() > deadline:
            raise GateBusy(f"the registry's gate is held by {other}; waited {wait:.0f} s")
        if not waited:
            log(f"waiting for another training run ({other}) to finish its champion check…")
            waited = True
        time.sleep(poll)
    try:
        yield
    finally:
        _release(client)


def _held_since(client: MlflowClient) -> tuple[float | None, str]:
    try:
        tags = client.get_registered_model(LOCK_MODEL).tags
    except MlflowException:  # released in the meantime
        return None, "another run"
    try:
        return float(tags.get("since", "")), tags.get("holder", "another run")
    except ValueError:
        return None, tags.get("holder", "another run")


def _release(client: MlflowClient) -> None:
    try:
        client.delete_registered_model(LOCK_MODEL)
    except MlflowException as exc:
        if exc.error_code != "RESOURCE_DOES_NOT_EXIST":
            raise
