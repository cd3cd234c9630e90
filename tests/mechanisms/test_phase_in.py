"""Phase-in: the plan period 2014-2020 as a schedule of coverage and sharing (§I(3), §IV)."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.mechanisms.phase_in import Params, progress
from model.period import Period
from tests.helpers import off_changes_nothing, run


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"phase_in.start_coverage": 0.0, "phase_in.years": 1})


def test_progress_by_hand():
    p = Params(enabled=True, periods_per_year=2, years=2, start_period=4)
    assert [progress(t, p) for t in (0, 4, 5, 6, 8, 20)] == [0.0, 0.0, 0.25, 0.5, 1.0, 1.0]
    s = Params(enabled=True, periods_per_year=2, years=2, shape="smoothstep")
    # 3 f^2 - 2 f^3 at f = 0.25, 0.5
    assert progress(1, s) == pytest.approx(3 * 0.25**2 - 2 * 0.25**3)
    assert progress(2, s) == pytest.approx(0.5)


def test_schedule_drives_sharing_and_coverage():
    kw = {
        "phase_in.enabled": True,
        "phase_in.start_coverage": 0.2,
        "phase_in.end_coverage": 1.0,
        "phase_in.start_sharing": 0.0,
        "phase_in.end_sharing": 1.0,
        "phase_in.periods_per_year": 4,
        "phase_in.years": 5,
    }
    df = run(3, periods=24, n_subjects=3000, **kw)
    t = df["period"].to_numpy() - 1  # 0-based period of each row
    f = np.clip(t / 20, 0, 1)
    np.testing.assert_allclose(df["sharing_level"], f, atol=1e-12)
    np.testing.assert_allclose(df["plan_progress"], f, atol=1e-12)
    # coverage follows 0.2 + 0.8 f up to the sampling of the fixed ranks (sd ~ 0.009)
    assert np.abs(df["coverage"] - (0.2 + 0.8 * f)).max() < 0.04
    assert df["coverage"].is_monotonic_increasing
    assert df["coverage"].iloc[-1] == 1.0


def test_rising_coverage_raises_the_listed_share():
    # department lists need a credit file (the court's do not): every serious finding
    # lists, so the administrative lists grow with coverage
    kw = {"phase_in.enabled": True, "phase_in.years": 2, "phase_in.start_coverage": 0.0}
    kw["phase_in.start_sharing"] = 1.0
    kw |= {f"blacklist.scope_{d}": 1.0 for d in ("government", "business", "social")}
    kw["blacklist.person_scope"] = 1.0
    shares = [run(s, periods=24, n_subjects=2000, **kw)["admin_listed_share"] for s in (1, 2, 3, 4)]
    early = np.array([x.iloc[:6].mean() for x in shares])
    late = np.array([x.iloc[-6:].mean() for x in shares])
    # nobody has a file at the start, so nobody can be listed; by the end most do
    assert (early < 0.01).all()
    assert (late - early > 0.02).all()


def test_coverage_and_sharing_by_hand_at_non_default_values():
    # a falling schedule from non-zero start values: value = start + (end - start) g
    kw = {
        "phase_in.enabled": True,
        "phase_in.start_coverage": 0.9,
        "phase_in.end_coverage": 0.3,
        "phase_in.start_sharing": 0.6,
        "phase_in.end_sharing": 0.2,
        "phase_in.periods_per_year": 2,
        "phase_in.years": 2,
        "phase_in.start_period": 1,
    }
    m = CreditSystemModel(rng=1, n_subjects=50, **kw)
    plan, records = m.mechanisms["phase_in"], m.mechanisms["records"]
    for t, g in ((0, 0.0), (1, 0.0), (2, 0.25), (3, 0.5), (5, 1.0), (9, 1.0)):
        m.period = Period.new(t, 50)
        plan.advance()
        assert plan.coverage == pytest.approx(0.9 - 0.6 * g)
        assert records.coverage == pytest.approx(0.9 - 0.6 * g)
        assert m.sharing_level == pytest.approx(0.6 - 0.4 * g)
        assert plan.outcomes()["plan_progress"] == pytest.approx(g)


def test_switched_off_mid_run_the_static_values_hold_again():
    kw = {
        "phase_in.enabled": True,
        "phase_in.start_coverage": 0.1,
        "phase_in.start_sharing": 0.2,
        "records.coverage": 0.8,
    }
    # records.coverage is idle while the schedule runs: allowed, it holds once it stops
    m = CreditSystemModel(rng=1, n_subjects=400, allow_inactive=True, **kw)
    m.run_for(2)
    assert m.sharing_level < 0.3 and m.mechanisms["records"].coverage < 0.2
    m.set("phase_in.enabled", False)
    # no sharing mechanism: the national platform; the records' own coverage
    assert m.sharing_level == 1.0
    assert m.mechanisms["records"].coverage == 0.8
    m.run_for(1)
    out = m.results().iloc[-1]
    assert out["sharing_level"] == 1.0 and out["plan_progress"] == 1.0


def test_switched_off_the_plan_is_reported_complete():
    df = run(1, periods=3, n_subjects=100)
    assert (df["plan_progress"] == 1.0).all()
