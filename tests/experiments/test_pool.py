"""The local worker pool: workers start with the task's modules imported, once per pool."""

from __future__ import annotations

import multiprocessing
import os
import sys

import pytest

from experiments import pool


def loaded(name: str) -> tuple[str, int, bool]:
    """In a worker: the name, its pid, and whether ``name`` was imported before this call."""
    return name, os.getpid(), name in sys.modules


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here"
)
def test_workers_start_with_the_preloaded_modules_and_live_for_every_task():
    pool.stop_fork_server()  # a fresh fork server, with this preload
    try:
        tasks = [("json.tool",)] * 6 + [("email.mime.audio",)]
        res = list(pool.imap_unordered(loaded, tasks, 2, preload=[__name__, "json.tool"]))
    finally:
        pool.stop_fork_server()
    # imported by the fork server before any worker started: no worker imported it itself
    assert sorted(seen for name, _, seen in res if name == "json.tool") == [True] * 6
    # a module nobody preloaded is not there by accident
    assert [seen for name, _, seen in res if name == "email.mime.audio"] == [False]
    # two processes did all seven tasks: each worker's start-up was paid once
    pids = {pid for _, pid, _ in res}
    assert len(pids) <= 2 and os.getpid() not in pids


def test_a_task_error_is_reported_and_stops_the_pool():
    with pytest.raises(pool.TaskFailed, match="KeyError"):
        list(pool.imap_unordered(dict().__getitem__, [("x",)] * 3, 2))
