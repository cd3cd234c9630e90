"""Dask executor: a real scheduler and worker process on loopback give identical files."""

from __future__ import annotations

import sys
import threading
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

import experiments
from experiments import task
from experiments.runner import ResultsError, run_experiment

distributed = pytest.importorskip("distributed")


def test_dask_scheduler_gives_the_same_results_as_local(tiny_spec, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_experiment(tiny_spec, local, workers=2, progress=False)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        record = run_experiment(
            tiny_spec, remote, scheduler=cluster.scheduler_address, progress=False
        )
    assert record["ran"] == 8 and record["executor"].startswith("dask tcp://127.0.0.1")
    for path in sorted((local / "runs").glob("*.parquet")):
        a, b = pq.read_table(path), pq.read_table(remote / "runs" / path.name)
        # identical rows, column types and run configuration (only timings differ)
        assert a.replace_schema_metadata(None).equals(b.replace_schema_metadata(None))
    pd.testing.assert_frame_equal(experiments.load(local), experiments.load(remote))
    assert (local / "summary.csv").read_bytes() == (remote / "summary.csv").read_bytes()


@pytest.mark.parametrize("preload", [True, False])
def test_preload_imports_the_model_when_a_worker_starts(preload):
    # with experiments.dask_preload a worker has imported the model before its first task;
    # without it, it has not (so the first chunk of runs would pay the imports)
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            preload=["experiments.dask_preload"] if preload else [],
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        names = list(task.PRELOAD)  # plain strings: the check itself imports nothing
        imported = client.run(lambda: [m in sys.modules for m in names])
    assert list(imported.values()) == [[preload] * len(names)]


def test_a_scheduler_without_workers_is_said_and_waited_for(tiny_spec, tmp_path):
    # no silent wait: the runner says the scheduler has no workers, then runs when one comes
    notes: list[str] = []
    with distributed.LocalCluster(
        n_workers=0, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        record: dict = {}

        def run() -> None:
            record.update(
                run_experiment(
                    tiny_spec,
                    tmp_path / "out",
                    scheduler=cluster.scheduler_address,
                    progress=False,
                    log=notes.append,
                )
            )

        runner = threading.Thread(target=run, daemon=True)
        runner.start()
        deadline = time.monotonic() + 60
        while not notes and runner.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("has no workers yet; waiting" in n for n in notes), notes
        cluster.scale(1)
        runner.join(timeout=120)
    assert not runner.is_alive() and record["ran"] == 8


def test_unreachable_scheduler_is_one_clear_error(tiny_spec, tmp_path, monkeypatch):
    monkeypatch.setattr("experiments.runner.DASK_CONNECT_TIMEOUT", "2s")
    with pytest.raises(ResultsError, match="cannot reach Dask scheduler tcp://127.0.0.1:9"):
        run_experiment(tiny_spec, tmp_path / "x", scheduler="tcp://127.0.0.1:9", progress=False)
