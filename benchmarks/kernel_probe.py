"""Compiled loops (numba) against the model's numpy code, where results stay bit-identical.

``python -m benchmarks.kernel_probe [N ...]`` (numba must be installed: ``pip install
numba``; it is not a dependency of the model) times three passes of the benchmark
core's period, each as the model computes it and as one compiled loop over the
subjects that gives the same values to the last bit, on the state of a model run for
a few periods:

* ``published lists`` (``model.outcomes._published`` and the counts of
  ``list_outcomes``): which listings hold, which rest on a false record, who is on any
  list, and the five counts the outcomes read;
* ``records age`` (``Records.age``): decay every record weight and erase the expired;
* ``settle`` (``Interaction.settle``): payoffs of actors and partners and partners'
  trust (the partners' sums in actor order, as ``np.bincount`` adds them).

These are passes where a loop keeps numpy's results exactly without imitating numpy's
internals: comparisons, integer and logical arithmetic, float arithmetic in numpy's order
and precision, sums in numpy's order (``bincount``'s sequential one). Of the period's
other hot passes: the random draws could be made in a loop from the same generator
(numba supports ``np.random.Generator``), the same numbers no faster, so they are a floor
of cost; the logit's ``tanh`` would differ (numpy's SIMD version and the C library's,
which a loop calls, differ in the last bit for about a third of arguments); numpy's
pairwise float sums (means, the accounts) could be matched only by copying numpy's
internal summation order, which numpy does not promise to keep.

It prints, per population size, each pass's time per call both ways, their ratio and
the cases the state gave it to get right (listings holding, on false records, ending;
weights decaying and expiring; transactions, partners met several times and by none),
the share of the benchmark core's period (timed in the same run) the three passes take
and would take compiled, and the floor that compiling every other pass bit for bit
would leave: the fixed cost of a period (a period at 100 subjects) and the time of the
period's uniform draws (counted). It writes the same to
``results/benchmarks/kernel_probe.json``. Issue 16, item 1; what it found is in
``benchmarks/README.md``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

from benchmarks.config import parameters
from model import CreditSystemModel
from model.outcomes import _published

try:
    import numba
except ImportError:  # pragma: no cover - depends on the machine
    numba = None


def _best(fn: Callable[[], object], repeat: int) -> float:
    """Best time of ``repeat`` calls, in seconds (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# --- the three passes as loops (plain Python; numba compiles them in _loops) ---------
def _lists_loop(listed_until, wrong_listing, t1):  # noqa: ANN001, ANN202
    n_domains, n = listed_until.shape
    holds = np.empty((n_domains, n), dtype=np.bool_)
    wrong = np.empty((n_domains, n), dtype=np.bool_)
    on_any = np.zeros(n, dtype=np.bool_)
    wrong_any = np.zeros(n, dtype=np.bool_)
    n_holds = n_wrong = n_ended = 0
    for d in range(n_domains):  # branch-free: numba vectorises it
        for i in range(n):
            until = listed_until[d, i]
            h = until > t1
            w = h & wrong_listing[d, i]
            holds[d, i] = h
            wrong[d, i] = w
            on_any[i] |= h
            wrong_any[i] |= w
            n_holds += h
            n_wrong += w
            n_ended += until == t1
    n_on = n_wrong_on = 0
    for i in range(n):
        n_on += on_any[i]
        n_wrong_on += wrong_any[i]
    return holds, wrong, on_any, wrong_any, (n_on, n_wrong_on, n_holds, n_wrong, n_ended)


def _age_loop(records, false_records, decay, expiry):  # noqa: ANN001, ANN202
    for arr in (records, false_records):
        flat = arr.reshape(-1)
        for i in range(flat.size):
            v = flat[i] * decay  # float32 * float32, as numpy's in-place multiply
            flat[i] = v if v >= expiry else np.float32(0.0)


def _settle_loop(transacted, honest, partner, payoff, trust, surplus, gain, harm, lam):  # noqa: ANN001, ANN202
    n = len(transacted)
    kept_pay = np.float32(surplus)
    broke_pay = np.float32(surplus + gain)
    partner_pay = np.zeros(n, dtype=np.float64)
    kept = np.zeros(n, dtype=np.int64)
    met = np.zeros(n, dtype=np.int64)
    for i in range(n):
        if transacted[i]:
            payoff[i] = payoff[i] + (kept_pay if honest[i] else broke_pay)
            j = partner[i]
            cheat = not honest[i]
            partner_pay[j] += surplus - harm * cheat
            met[j] += 1
            kept[j] += not cheat
    for j in range(n):
        payoff[j] = payoff[j] + np.float32(partner_pay[j])
        if met[j] > 0:
            t = np.float64(trust[j])
            trust[j] = np.float32((kept[j] / met[j] - t) * lam + t)


LOOPS = {"lists": _lists_loop, "age": _age_loop, "settle": _settle_loop}


def _loops(compiled: bool = True, cache: bool = False) -> dict[str, Callable]:
    """The three passes as loops, compiled (numba, no fast-math: IEEE order kept) or not.

    Uncompiled, they run as plain Python on numpy scalars (float32 arithmetic stays
    float32): slow, but they show without numba that the loops' arithmetic gives the
    model's values (``tests/test_benchmark_tools.py``).

    Args:
        compiled: Compile them with numba.
        cache: Let numba cache the compiled code on disk (``NUMBA_CACHE_DIR``), as a
            model's kernels would (:func:`startup` measures both).

    """
    if not compiled:
        return dict(LOOPS)
    jit = numba.njit(cache=cache, nogil=True, error_model="numpy")
    return {name: jit(f) for name, f in LOOPS.items()}


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays hold the same bits (``np.array_equal`` takes -0.0 for +0.0)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        unsigned = np.dtype(f"u{a.dtype.itemsize}")
        return bool(np.array_equal(a.view(unsigned), b.view(unsigned)))
    return bool(np.array_equal(a, b))


def _lists_numpy(m: CreditSystemModel, t1: np.int32) -> tuple:
    """What the loop computes, as the model computes it: the published lists
    (``_published``) and the three further counts the outcomes read
    (``list_outcomes``: listings holding, listings on a false record, listings ending)."""
    pub = _published(m)
    ended = m.subjects.listed_until == t1
    counts = (
        pub.n_listed,
        pub.n_wrongly_listed,
        int(np.count_nonzero(pub.holds)),
        int(np.count_nonzero(pub.wrong)),
        int(np.count_nonzero(ended)),
    )
    return pub.holds, pub.wrong, pub.on_any, pub.wrong_any, counts


def probe(
    n: int, repeat: int = 30, compiled: bool = True, periods: int = 5, **params: object
) -> list[dict[str, object]]:
    """Time the three passes both ways at ``n`` subjects; check they agree bit for bit.

    Args:
        n: Subjects.
        repeat: Calls of each pass timed (the best is kept).
        compiled: Compile the loops with numba (False: run them as Python, to check them).
        periods: Periods run before the passes are timed.
        **params: Model parameters on top of the benchmark core's.

    Returns:
        One row per pass: ``pass``, ``identical`` (the same bits both ways), ``cases``
        (what the state gave the pass to get right), ``numpy`` and ``compiled`` (seconds
        per call), ``n`` and ``period`` (seconds per period of this model).

    """
    loops = _loops(compiled)
    m = CreditSystemModel(rng=1, n_subjects=n, **{**parameters("bench"), **params})
    for _ in range(periods):
        m.step()
    period = _best(m.step, max(repeat, 10))
    # after the timed steps: each step makes a new Period (on the same arrays)
    s, per, w = m.subjects, m.period, m.world
    rows: list[dict[str, object]] = []

    # --- published lists: pure reads
    t1 = np.int32(per.t + 1)
    ref = _lists_numpy(m, t1)
    got = loops["lists"](s.listed_until, s.wrong_listing, t1)
    same = all(_same_bits(a, b) for a, b in zip(ref[:4], got[:4], strict=True))
    same &= [int(c) for c in got[4]] == list(ref[4])
    rows.append(
        {
            "pass": "published lists",
            "identical": bool(same),
            # subjects listed, on a false record; listings ending
            "cases": (ref[4][0], ref[4][1], ref[4][4]),
            "numpy": _best(lambda: _lists_numpy(m, t1), repeat),
            "compiled": _best(lambda: loops["lists"](s.listed_until, s.wrong_listing, t1), repeat),
        }
    )

    # --- records age: in place, from the same state both ways
    rec = m.mechanisms["records"]
    saved = (s.records.copy(), s.false_records.copy())
    rec.age()
    want = (s.records.copy(), s.false_records.copy())
    s.records[:], s.false_records[:] = saved
    decay, expiry = np.float32(rec._decay), np.float32(rec.p.expiry_weight)
    loops["age"](s.records, s.false_records, decay, expiry)
    same = _same_bits(s.records, want[0]) and _same_bits(s.false_records, want[1])
    live = sum(int(np.count_nonzero(a)) for a in saved)
    erased = live - sum(int(np.count_nonzero(a)) for a in want)
    rows.append(
        {
            "pass": "records age",
            "identical": bool(same),
            "cases": (live, erased),  # weights that decay; weights erased on expiry
            "numpy": _best(rec.age, repeat),
            "compiled": _best(
                lambda: loops["age"](s.records, s.false_records, decay, expiry), repeat
            ),
        }
    )

    # --- settle: payoffs and trust, from the same state both ways
    inter = m.mechanisms["interaction"]
    saved = (s.payoff.copy(), s.trust.copy())
    inter.settle()
    want = (s.payoff.copy(), s.trust.copy())
    s.payoff[:], s.trust[:] = saved
    args = (per.transacted, per.honest, per.partner, s.payoff, s.trust)
    consts = (w.surplus, w.gain, w.harm, inter.p.trust_learning)
    loops["settle"](*args, *consts)
    same = _same_bits(s.payoff, want[0]) and _same_bits(s.trust, want[1])
    met = np.bincount(per.partner[per.transacted], minlength=n)
    rows.append(
        {
            "pass": "settle",
            "identical": bool(same),
            # transactions; partners met by several actors (sums); subjects met by none
            "cases": (
                int(np.count_nonzero(per.transacted)),
                int(np.count_nonzero(met > 1)),
                int(np.count_nonzero(met == 0)),
            ),
            "numpy": _best(inter.settle, repeat),
            "compiled": _best(lambda: loops["settle"](*args, *consts), repeat),
        }
    )
    for r in rows:
        r["n"] = n
        r["period"] = period
    return rows


def floor(n: int, repeat: int = 30) -> dict[str, float]:
    """What compiling the period's other passes bit for bit leaves, at ``n`` subjects.

    Returns:
        ``fixed``: seconds per period of the benchmark core at 100 subjects (the calls'
        fixed cost: the per-subject work there is negligible); ``draws_per_subject``:
        uniform numbers drawn per subject and period (counted, ``benchmarks.bytecount``);
        ``draws``: seconds to draw that many arrays of ``n`` (``Generator.random``).

    """
    from benchmarks import bytecount

    small = CreditSystemModel(rng=1, n_subjects=100, **parameters("bench"))
    for _ in range(5):
        small.step()
    fixed = _best(small.step, max(repeat, 50))
    m = CreditSystemModel(rng=1, n_subjects=n, **parameters("bench"))
    for _ in range(3):
        m.step()
    bytecount.counted(m)
    with bytecount.counting() as tally:
        m.step()
    per_subject = tally.by_name.get("random.random", 0) / 8 / n
    rng = np.random.default_rng(1)
    k = round(per_subject)
    draws = _best(lambda: [rng.random(n) for _ in range(k)], repeat)
    return {"fixed": fixed, "draws_per_subject": per_subject, "draws": draws}


def _args(m: CreditSystemModel) -> dict[str, tuple]:
    """The three loops' arguments from a model's state (after a step)."""
    s, per, w = m.subjects, m.period, m.world
    rec, inter = m.mechanisms["records"], m.mechanisms["interaction"]
    return {
        "lists": (s.listed_until, s.wrong_listing, np.int32(per.t + 1)),
        "age": (s.records, s.false_records, rec._decay, np.float32(rec.p.expiry_weight)),
        "settle": (
            per.transacted,
            per.honest,
            per.partner,
            s.payoff,
            s.trust,
            w.surplus,
            w.gain,
            w.harm,
            inter.p.trust_learning,
        ),
    }


_STARTUP = """
import json, time
from benchmarks.config import parameters
from model import CreditSystemModel
m = CreditSystemModel(rng=1, n_subjects=200, **parameters("bench"))
m.step()
t0 = time.perf_counter()
import numba
t1 = time.perf_counter()
from benchmarks import kernel_probe as k  # imports numba too: done above
args = k._args(m)
t2 = time.perf_counter()
for name, fn in k._loops(True, cache=True).items():
    fn(*args[name])
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "kernels_s": t3 - t2}))
"""


def startup() -> dict[str, float]:
    """What numba costs a fresh process, in seconds: importing it (``import_s``),
    compiling the three loops the first time on a machine (``compile_s``, an empty
    cache) and loading them from numba's disk cache in every later process
    (``load_s``), each measured in a fresh interpreter with its own cache folder."""
    import json
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    runs = []
    with tempfile.TemporaryDirectory(prefix="credit-numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "PYTHONPATH": str(root)}
        for _ in range(2):  # cold, then warm
            out = subprocess.run(
                [sys.executable, "-c", _STARTUP],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                cwd=root,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cold, warm = runs
    return {
        "import_s": warm["import_s"],
        "compile_s": cold["kernels_s"],
        "load_s": warm["kernels_s"],
    }


def main(argv: list[str] | None = None) -> None:
    """Print the probe's table for each population size given (default 1e4, 1e5 and 1e6)
    and write it to ``results/benchmarks/kernel_probe.json``."""
    import json
    import platform
    import subprocess
    from datetime import UTC, datetime
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    if numba is None:
        sys.exit("benchmarks.kernel_probe needs numba (pip install numba); it is not installed")
    sizes = [int(float(a)) for a in args] or [10_000, 100_000, 1_000_000]
    root = Path(__file__).resolve().parents[1]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    loads = [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    record: dict[str, object] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git_commit": commit,
        "load_before": loads,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "sizes": {},
    }
    print(f"numba {numba.__version__}, numpy {np.__version__}, commit {commit}, load {loads}")
    print(f"{'n':>9} {'pass':16} {'same':>5} {'numpy ms':>9} {'loop ms':>8} {'ratio':>6}  cases")
    for n in sizes:
        rows = probe(n, repeat=30 if n <= 100_000 else 6)
        for r in rows:
            ratio = r["numpy"] / r["compiled"]
            print(
                f"{n:>9} {r['pass']:16} {r['identical']!s:>5} {r['numpy'] * 1e3:9.3f} "
                f"{r['compiled'] * 1e3:8.3f} {ratio:6.2f}  {r['cases']}"
            )
        period = rows[0]["period"]
        before = sum(r["numpy"] for r in rows)
        after = sum(r["compiled"] for r in rows)
        low = floor(n, repeat=30 if n <= 100_000 else 6)
        print(
            f"{n:>9} period {period * 1e3:.3f} ms; the three passes {before / period:.1%} of it "
            f"with numpy, {after / period:.1%} compiled: the period "
            f"{period / (period - before + after):.2f}x faster"
        )
        print(
            f"{n:>9} fixed cost (a period at 100 subjects) {low['fixed'] * 1e3:.3f} ms; "
            f"{low['draws_per_subject']:.2f} uniform draws per subject-period, "
            f"{low['draws'] * 1e3:.3f} ms to draw them"
        )
        record["sizes"][str(n)] = {
            "period_s": period,
            **{f"{k}_s" if k != "draws_per_subject" else k: v for k, v in low.items()},
            "passes": [{k: v for k, v in r.items() if k not in ("n", "period")} for r in rows],
        }
    boot = startup()
    record["startup"] = boot
    fresh = boot["import_s"] + boot["load_s"]
    print(
        f"a fresh process: import numba {boot['import_s']:.2f} s, load the three loops from "
        f"the cache {boot['load_s']:.2f} s (compile them the first time {boot['compile_s']:.2f} s)"
    )
    for n, rec in record["sizes"].items():
        saved = sum(p["numpy"] - p["compiled"] for p in rec["passes"])
        print(
            f"{int(n):>9} the three loops save {saved * 1e3:.3f} ms a period: a fresh process "
            f"gets back the {fresh:.2f} s after {fresh / saved:,.0f} periods"
        )
    out = root / "results" / "benchmarks" / "kernel_probe.json"
    out.write_text(json.dumps(record, indent=1, default=list) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
