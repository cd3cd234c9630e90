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
        # a compiled kernel: its arguments read, an array it updates in place written too
        # (as a += b counts a twice), a new result written
        c, k, res = np.zeros(N, dtype=np.int32), np.zeros(3), np.zeros(5)
        t.bytes = 0
        bc.count_kernel("kernel", (a, b, c, 2.0, (k,)), res, written=(c,))
        assert t.bytes == 8 * N + 4 * N + 2 * 4 * N + 24 + 40
        t.bytes = 0
        bc.count_kernel("kernel", (a,), a[:10])  # a view of an argument is not new
        assert t.bytes == 8 * N
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


def test_the_summary_does_not_credit_every_part_to_the_latest_run():
    # the closing line names the latest run's time and commit: after a run with --only it
    # must not read as the time of every figure
    import json

    from benchmarks.__main__ import ROOT, summary

    res = json.loads((ROOT / "results" / "benchmarks" / "results.json").read_text())
    same = {"started": res["started"], "git_commit": "aaa"}
    res["parts"] = {part: dict(same) for part in res["parts"]}
    closing = [line for line in summary(res).splitlines() if "cores while" in line]
    assert len(closing) == 1 and closing[0].startswith("Measured ")
    assert "during throughput" in closing[0]
    # the latest run measured the sweep only: the throughput's loads are not its own
    res["started"] = "2026-12-01 05:00 UTC"
    res["parts"]["sweep"] = {"started": res["started"], "git_commit": "bbb"}
    text = summary(res)
    closing = [line for line in text.splitlines() if "cores while" in line]
    assert closing[0].startswith("The latest run (of some parts: see below) 2026-12-01 05:00 UTC")
    assert "during throughput" not in closing[0]
    assert "The parts come from different runs:" in text
    # ... and when it measured the throughput too, they are
    res["parts"]["throughput"] = dict(res["parts"]["sweep"])
    closing = [line for line in summary(res).splitlines() if "cores while" in line]
    assert "during throughput" in closing[0]


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


_MASK = 2**64 - 1


def _splitmix64(state: int, count: int) -> tuple[list[int], int]:
    """Reference splitmix64 (Steele, Lea and Flood 2014) in Python integers: the next
    ``count`` outputs from ``state``, and the state after them."""
    out = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        out.append(z ^ (z >> 31))
    return out, state


def test_reference_splitmix64_gives_the_published_outputs():
    # the first outputs from state 0 (the reference implementation's test vector)
    outs, _ = _splitmix64(0, 3)
    assert outs == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]


def test_fused_core_uniform_is_splitmix64s_top_53_bits():
    from benchmarks.fused_core import GOLDEN, _uniform_py

    for seed in (0, 1, 2**63 + 12345, _MASK):
        outs, _ = _splitmix64(seed, 2)
        state = np.uint64(seed)
        with np.errstate(over="ignore"):
            for expected in outs:
                state += GOLDEN
                assert _uniform_py(state) == (expected >> 11) / 2**53


class _Fed:
    """A stand-in for a numpy Generator that hands out given arrays, call by call."""

    def __init__(self, arrays: list[np.ndarray]) -> None:
        self.arrays = list(arrays)

    def random(self, n: int | None = None, out: np.ndarray | None = None, dtype=None):
        x = self.arrays.pop(0)
        if out is not None:
            out[:] = x
            return out
        assert n == len(x)
        return x.astype(np.float64)


#: Numbers per subject and period of each rule's stream, in the order the passes take them
#: (interaction: partner, domain, the partner's trust; market: check, visibility;
#: detection: finding, seriousness).
_PER_SUBJECT = {"interaction": 3, "market": 2, "decision": 1, "detection": 2, "blacklist": 1}


def _feed_splitmix(core: NumpyCore, states: dict[str, int], n: int) -> None:
    """Give the numpy core, for one period, the numbers the one pass draws from ``states``
    (subject by subject) as the arrays it asks for (one array per number of a subject)."""
    for name, m in _PER_SUBJECT.items():
        outs, states[name] = _splitmix64(states[name], m * n)
        u = (np.array(outs, dtype=np.uint64) >> np.uint64(11)) / 2.0**53
        core.rng[name] = _Fed([u[j::m] for j in range(m)])


#: Columns of the numpy core that are ratios of counts (acts, findings, listings, lists,
#: follow-up): the fused core draws the same numbers, so these must be equal exactly.
_COUNT_COLUMNS = (
    "honesty_rate", "trust_rate", "blacklisted_share", "wrongly_listed_share",
    "wrongful_listing_share", "redlisted_share", "coverage", "mean_integrity",
    "excluded_share", "new_listings", "listings_ended", "admin_listed_share",
    "recidivism_rate", "wrongful_listing_person_periods", "mean_wrongful_listing_duration",
    "honesty_rate_government", "honesty_rate_business", "honesty_rate_social",
    "honesty_rate_person", "honesty_rate_firm", "honesty_rate_official",
    "listed_share_person", "listed_share_firm", "listed_share_official",
)  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {},
        # listings that end and rest on false records (short terms, wide scope, many
        # false findings), weights that expire, a short recidivism window and red-list
        # spell, and payoffs, fines and weights that are not the defaults
        {
            "detection.false_record_rate": 0.1,
            "blacklist.scope_business": 1.0,
            "blacklist.scope_social": 1.0,
            "blacklist.term_business": 2,
            "blacklist.term_social": 3,
            "blacklist.person_scope": 0.5,
            "records.half_life": 2.0,
            "followup.recidivism_window": 3,
            "redlist.clean_periods": 2,
            "redlist.share": 0.3,
            "redlist.inspection_factor": 0.3,
            "surplus": 1.3,
            "gain": 0.9,
            "harm": 0.7,
            "sanctions.fine": 0.7,
            "records.serious_weight": 2.5,
            "detection.serious_share": 0.4,
            "interaction.trust_learning": 0.3,
            # a listing's cost weighs in the choice (the terms still to run, per domain)
            "blacklist.cost": 2.0,
            "detection.probability": 0.5,
            # wealth that falls below zero (the Gini counts it as zero)
            "initial_wealth": 0.0,
        },
    ],
    ids=["defaults", "short terms, many findings"],
)
@pytest.mark.parametrize("variant", ["split", "split float32", "one pass"])
def test_fused_core_passes_reproduce_the_numpy_core(params, variant):
    """benchmarks.fused_core's passes, run as plain Python (CI has no numba), give the
    numpy core's acts, findings, listings and lists exactly when they draw the same
    numbers, and its sums within float32 rounding: its timings measure the same period.
    The split variant draws the numpy core's numbers; the numpy core is given the float32
    variant's numbers, and the one pass's (splitmix64, drawn subject by subject; computed
    here independently). Equal counts are not guaranteed by construction (the passes
    compute the logits' arguments in another precision or order, and the one pass its
    logit with exp, not tanh): a decision would differ if its uniform number fell within
    about 1e-7 of its probability; in these runs none does."""
    from benchmarks.fused_core import STREAMS, FusedCore

    n, periods = 400, 16
    fused = FusedCore(n, 5, periods=periods, compiled=False, variant=variant, **params)
    core = NumpyCore(n, 5, **params)
    states = {k: int(s) for k, s in zip(STREAMS, fused.mix, strict=True)}
    streams = dict(fused.rng)  # the float32 variant's own streams, to draw from
    lowest = np.inf
    for _ in range(periods):
        if variant == "one pass":
            _feed_splitmix(core, states, n)
        elif variant == "split float32":  # both get the same float32 numbers
            drawn = {k: [streams[k].random(n, dtype=np.float32) for _ in range(m)]
                     for k, m in _PER_SUBJECT.items()}  # fmt: skip
            for k, arrays in drawn.items():
                fused.rng[k], core.rng[k] = _Fed(arrays), _Fed(arrays)
        fused.step()
        core.step()
        lowest = min(lowest, float(core.wealth.min()))
    a, b = pd.DataFrame(fused.rows), pd.DataFrame(core.rows)
    assert list(a.columns) == list(b.columns)
    for col in b.columns:
        x, y = a[col].to_numpy(float), b[col].to_numpy(float)
        if col in _COUNT_COLUMNS:
            assert np.array_equal(x, y, equal_nan=True), col
        else:  # payoffs, wealth, the accounts: float32 payoffs summed in another order
            assert np.allclose(x, y, rtol=1e-6, atol=1e-6, equal_nan=True), col
    # the state the outcomes do not read (records) and the state they summarise
    for name in ("records", "false_records", "last_record", "listed_until", "wrong_listing"):
        assert np.array_equal(getattr(fused, name), getattr(core, name)), name
    for name in ("red", "ended_at", "found_again", "wrong_since", "ever_listed", "trust"):
        assert np.array_equal(getattr(fused, name), getattr(core, name)), name
    if variant == "one pass":  # the states advanced by every number drawn
        assert [int(s) for s in fused.mix] == [states[k] for k in STREAMS]
    for name in ("payoff", "wealth"):
        assert np.allclose(getattr(fused, name), getattr(core, name), rtol=1e-6, atol=1e-6), name
    if params:  # the state had each case to get right
        assert b["new_listings"].sum() > 0 and b["listings_ended"].sum() > 0
        assert b["wrongly_listed_share"].max() > 0
        assert b["recidivism_rate"].notna().any()
        assert b["redlisted_share"].max() > 0
        assert b["mean_wrongful_listing_duration"].notna().any()
        assert 0 < np.count_nonzero(core.records) < core.records.size  # some expired
        assert lowest < 0 < core.wealth.max()  # the Gini counts negative wealth as 0
