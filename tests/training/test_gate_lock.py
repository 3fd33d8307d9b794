"""The registry's gate lock: one holder at a time, a stale lock broken, a busy gate given up on with a message;
under it the champion is read and compared at the moment the alias moves, so a run that waited compares itself
with the champion another run has just set."""

from __future__ import annotations

import threading
import time

import mlflow
import pytest
from mlflow import MlflowClient

from model.runtime.store import CHAMPION_ALIAS, REGISTERED_MODEL
from training.gate_lock import LOCK_MODEL, GateBusy, gate_lock
from tests.training.conftest import logged


def test_one_holder_at_a_time_and_the_lock_is_gone_after(store):
    spans: list[tuple[float, float]] = []

    def hold():
        with gate_lock(MlflowClient(), poll=0.02, log=lambda *_: None):
            entered = time.monotonic()
            time.sleep(0.3)
            spans.append((entered, time.monotonic()))

    threads = [threading.Thread(target=hold) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    spans.sort()
    assert len(spans) == 3
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    assert not MlflowClient().search_registered_models(f"name='{LOCK_MODEL}'")


def test_a_busy_gate_is_given_up_on_and_a_stale_one_broken(store):
    client = MlflowClient()
    messages: list[str] = []
    with gate_lock(client, log=messages.append):
        with pytest.raises(GateBusy, match="waited"):
            with gate_lock(client, wait=0.3, poll=0.05, log=messages.append):
                pass
    assert any("waiting for another training run" in m for m in messages)

    client.create_registered_model(LOCK_MODEL, tags={"holder": "crashed:1", "since": f"{time.time() - 7200:.3f}"})
    with gate_lock(client, stale_after=3600, log=messages.append):
        assert client.get_registered_model(LOCK_MODEL).tags["holder"] != "crashed:1"
    assert "crashed:1" in messages[-1] and "stale" in messages[-1]


@pytest.mark.slow
def test_a_run_that_waited_compares_with_the_champion_set_meanwhile(store, small_model_dir):
    """While the gate is held, another run registers its model and waits; the holder makes a version champion
    and releases; the waiting run then re-scores that champion, finds itself worse and leaves the alias."""
    from training.dataset import load_labelled
    from training.registry import champion_score, promote_if_better

    test = load_labelled(split="test")[:60]
    client = MlflowClient()
    first = mlflow.register_model(logged(small_model_dir, store), REGISTERED_MODEL).version
    results: dict = {}
    with gate_lock(client):
        waiting = threading.Thread(target=lambda: results.update(promote_if_better(
            logged(small_model_dir, store), "r2", test, {"all_selection_score": 0.0}, log=lambda *_: None)))
        waiting.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(client.search_model_versions(f"name='{REGISTERED_MODEL}'")) < 2:
            time.sleep(0.05)
        time.sleep(0.5)
        assert waiting.is_alive() and not results  # registered, waiting at the gate
        client.set_registered_model_alias(REGISTERED_MODEL, CHAMPION_ALIAS, first)
    waiting.join(timeout=120)
    assert results["promoted"] is False and str(results["champion_version"]) == str(first)
    assert results["champion_score"] == champion_score(test)[1] > 0.0
    assert str(client.get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS).version) == str(first)
