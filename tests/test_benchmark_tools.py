"""The benchmarks' instruments: the byte counter and the plain-numpy peer of the model."""

import numpy as np
import pandas as pd
import pytest

from benchmarks import bytecount as bc
from benchmarks.config import BENCH_CORE, parameters
from benchmarks.numpy_core import NumpyCore
from model.model import CreditSystemModel

N = 1000


def test_counts_of_elementary_calls_by_hand():
    gen = bc.CountingGenerator(np.random.default_rng(1))
    with bc.counting() as t:
        a = np.zeros(N)  # 8 N written
        b = np.ones(N, dtype=np.float32)  # 4 N written
        assert t.bytes == 12 * N
        t.bytes = 0
        _ = a + b  # read 8 N + 4 N, write 8 N
        assert t.bytes == 20 * N
        t.bytes = 0
        a += b  # the same: a and b read, a written
        assert t.bytes == 20 * N
        t.bytes = 0
        a.sum()  # a read
        assert t.bytes == 8 * N
        t.bytes = 0
        idx = np.arange(10)  # 80 written
        _ = a[idx]  # index 80, 10 values read and written
        assert t.bytes == 80 + 80 + 2 * 80
        t.bytes = 0
        a[idx] = 1.0  # index read, 10 values written
        assert t.bytes == 80 + 80
        t.bytes = 0
        _ = a[:10], a.reshape(10, -1), np.broadcast_to(a, (2, N))  # views move nothing
        assert t.bytes == 0
        t.bytes = 0
        mask = a > 0  # 8 N read, N written
        _ = np.where(mask, a, 0.0)  # N + 8 N read, 8 N written
        assert t.bytes == 9 * N + 17 * N
        t.bytes = 0
        _ = np.bincount(idx, minlength=N)  # 80 read, 8 N written
        assert t.bytes == 80 + 8 * N
        t.bytes = 0
        u = gen.random(N)  # 8 N drawn
        assert t.bytes == 8 * N and isinstance(u, bc.Counted)
    assert bc.TALLY is None


def test_counted_arrays_give_the_same_results():
    rng = np.random.default_rng(3)
    x, y = rng.random(50), rng.integers(0, 5, 50)
    with bc.counting():
        cx, cy = x.view(bc.Counted), y.view(bc.Counted)
        assert np.array_equal(np.bincount(cy, cx), np.bincount(y, x))
        assert np.array_equal(np.sort(cx * 2.0), np.sort(x * 2.0))
        assert float(cx.sum(where=cy > 2)) == float(x.sum(where=y > 2))


def test_counting_a_model_period_changes_nothing():
    def run(count):
        m = CreditSystemModel(rng=4, n_subjects=N, **parameters("bench"))
        m.step()
        if count:
            bc.counted(m)
            with bc.counting() as t:
                for _ in range(3):
                    m.step()
            assert t.bytes > 0 and t.calls > 0
        else:
            for _ in range(3):
                m.step()
        return m.results()

    pd.testing.assert_frame_equal(run(True), run(False))


@pytest.mark.parametrize("seed", [1, 7])
def test_numpy_core_reproduces_the_model_in_the_benchmark_configuration(seed):
    # The peer of the model in `make bench` must do the same work: if this fails after a
    # change of the core rules, benchmarks/numpy_core.py (and plain_mesa.py) must follow.
    n, periods = 1500, 30
    m = CreditSystemModel(rng=seed, n_subjects=n, **BENCH_CORE)
    c = NumpyCore(n, seed)
    for _ in range(periods):
        m.step()
        c.step()
    model, core = m.results(), pd.DataFrame(c.rows)
    for col in core.columns:
        a, b = model[col].to_numpy(float), core[col].to_numpy(float)
        # exact but for the Gini coefficient's summation order
        assert np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True), col
    assert len(core.columns) >= 35


def test_the_summary_says_which_part_comes_from_which_run():
    # a run with --only keeps the other parts' figures: their time and commit are named
    from benchmarks.__main__ import provenance_lines

    one = {"started": "2026-12-01 02:01 UTC", "git_commit": "aaa"}
    other = {"started": "2026-12-01 03:00 UTC", "git_commit": "bbb"}
    assert provenance_lines({"throughput": one, "bytes": dict(one)}) == []
    assert provenance_lines({}) == []
    lines = provenance_lines({"throughput": one, "bytes": dict(one), "sweep": other})
    assert lines[1:] == [
        "The parts come from different runs:",
        "- throughput, bytes: 2026-12-01 02:01 UTC, git commit aaa.",
        "- sweep: 2026-12-01 03:00 UTC, git commit bbb.",
    ]
    # the same time at another commit is another run
    assert len(provenance_lines({"a": one, "b": {**one, "git_commit": "ccc"}})) == 4


def test_kernel_probe_loops_give_the_models_values_bit_for_bit():
    """The loops that benchmarks.kernel_probe compiles, run as plain Python, give the
    model's published lists, aged records, payoffs and trust to the last bit (the probe's
    timings rest on this; CI has no numba, so the loops are checked uncompiled)."""
    from benchmarks.kernel_probe import probe

    # a state that exercises every branch: listings that hold, rest on false records and
    # end (more findings, short terms); record weights that expire (a short half-life);
    # payoffs whose sums round differently in another order or precision (surplus, gain
    # and harm not dyadic: at the defaults 1, 1 and 2 every partial sum is exact)
    params = {
        "detection.false_record_rate": 0.1,
        "blacklist.scope_business": 1.0,
        "blacklist.scope_social": 1.0,
        "blacklist.term_business": 2,
        "blacklist.term_social": 2,
        "records.half_life": 2.0,
        "surplus": 1.3,
        "gain": 0.9,
        "harm": 0.7,
    }
    rows = probe(2000, repeat=1, compiled=False, periods=12, **params)
    assert [r["pass"] for r in rows] == ["published lists", "records age", "settle"]
    assert all(r["identical"] is True for r in rows)
    # the probed state had each case to get right
    for r in rows:
        assert min(r["cases"]) > 0, r
