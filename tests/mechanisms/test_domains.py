"""Domains: detection by the department of the actor's region and domain (§II, §IV(1))."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean, off_changes_nothing


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"domains.detection_business": 3.0, "domains.region_spread": 1.0})


def test_neutral_factors_reproduce_the_core_detection_probability():
    m = CreditSystemModel(
        rng=1, n_subjects=200, **{"domains.enabled": True, "domains.region_spread": 0.0}
    )
    m.step()
    core = 1 - (1 - 0.15) * (1 - 0.1)
    np.testing.assert_allclose(m.period.p_detect, core, rtol=1e-6)


def test_department_probability_by_hand():
    params = {
        "domains.enabled": True,
        "domains.detection_business": 2.0,
        "domains.detection_social": 0.0,
        "domains.region_spread": 0.0,
        "detection.probability": 0.2,
        "detection.report_rate": 0.5,
        "n_regions": 2,
    }
    m = CreditSystemModel(rng=2, n_subjects=10, **params)
    m.period = Period.new(0, 10)
    per = m.period
    per.domain[:] = [0, 1, 2, 3, 0, 1, 2, 3, 1, 1]
    m.mechanisms["detection"].plan()
    m.mechanisms["domains"].adjust()
    # government 0.2, business min(0.4, 1), social 0, judicial 0.2 replace the base
    # monitoring; the report route is added after the adjustments
    q = {0: 0.2, 1: 0.4, 2: 0.0, 3: 0.2}
    np.testing.assert_allclose(per.p_monitor, [q[d] for d in per.domain], rtol=1e-6)
    m.mechanisms["detection"].assess()
    expected = [1 - (1 - q[d]) * 0.5 for d in per.domain]
    np.testing.assert_allclose(per.p_detect, expected, rtol=1e-6)


def test_region_factors_lie_in_the_spread_and_vary():
    m = CreditSystemModel(
        rng=3,
        n_subjects=100,
        n_regions=16,
        **{"domains.enabled": True, "domains.region_spread": 0.4},
    )
    f = m.mechanisms["domains"].region_factor
    assert f.shape == (16, 4)
    assert (f >= 0.6).all() and (f <= 1.4).all()
    assert f.std() > 0.1


def test_stronger_business_monitoring_raises_firms_honesty():
    kw = {"domains.enabled": True, "domains.region_spread": 0.0}
    strong = late_mean(
        "honesty_rate_firm", seeds=(1, 2, 3, 4), **kw, **{"domains.detection_business": 3.0}
    )
    neutral = late_mean("honesty_rate_firm", seeds=(1, 2, 3, 4), **kw)
    # measured: see docs/mechanisms/domains.md
    assert clearly_greater(strong, neutral, 0.05)


def test_weaker_social_monitoring_lowers_persons_honesty():
    kw = {"domains.enabled": True, "domains.region_spread": 0.0}
    weak = late_mean(
        "honesty_rate_person", seeds=(1, 2, 3, 4), **kw, **{"domains.detection_social": 0.0}
    )
    neutral = late_mean("honesty_rate_person", seeds=(1, 2, 3, 4), **kw)
    assert clearly_greater(neutral, weak, 0.05)


def test_each_department_of_each_region_monitors_with_its_own_factor():
    # three regions, a spread of 0.5 and a base probability high enough for the cap to
    # bind: an actor's monitoring is min(base * domain factor * (1 + spread (2u - 1)), 1),
    # u the department's own uniform draw (replayed from a fresh copy of its stream)
    params = {
        "domains.enabled": True,
        "domains.detection_government": 0.5,
        "domains.detection_business": 3.0,
        "domains.detection_social": 1.5,
        "domains.region_spread": 0.5,
        "detection.probability": 0.4,
        "n_regions": 3,
    }
    n = 60
    m = CreditSystemModel(rng=5, n_subjects=n, **params)
    m.period = Period.new(0, n)
    per, s = m.period, m.subjects
    u = m.stream("domains").random((3, 4))
    factor = np.array([0.5, 3.0, 1.5, 1.0])
    region = 1.0 + 0.5 * (2.0 * u - 1.0)
    np.testing.assert_allclose(m.mechanisms["domains"].region_factor, region)
    per.domain[:] = np.arange(n) % 4
    m.mechanisms["detection"].plan()
    m.mechanisms["domains"].adjust()
    expected = np.minimum(0.4 * factor[per.domain] * region[s.region, per.domain], 1.0)
    assert len(set(s.region.tolist())) == 3
    assert 0 < np.sum(expected == 1.0) < n  # the cap binds for some, not all
    np.testing.assert_allclose(per.p_monitor, expected, rtol=1e-6)


def test_no_act_falls_in_the_judicial_domain_so_it_has_no_monitoring_factor():
    # the courts are reached through judgments (judicial), never by an ordinary act: a
    # monitoring factor for them could never act, so there is none to set
    from model.params import ParameterError
    from model.population import ACT_DOMAINS, JUDICIAL

    assert (ACT_DOMAINS[:, JUDICIAL] == 0.0).all()
    with pytest.raises(ParameterError, match="Unknown parameter 'domains.detection_judicial'"):
        CreditSystemModel(rng=1, n_subjects=50, **{"domains.detection_judicial": 2.0})
