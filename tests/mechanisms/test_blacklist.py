"""Blacklist: who is listed, for how long, at what cost."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean


def _listed_model(**kw):
    m = CreditSystemModel(rng=1, n_subjects=10, **{"records.coverage": 1.0, **kw})
    return m, m.mechanisms["blacklist"]


def test_serious_finding_lists_for_exactly_duration_periods():
    m, bl = _listed_model(**{"blacklist.duration": 3})
    s = m.subjects
    per = Period.new(5, 10)
    per.recorded[2] = per.serious[2] = True
    per.domain[2] = 1
    m.period = per
    bl.update()
    # listed at the end of period 5; restricted in periods 6, 7, 8; free in 9
    assert [bool(s.listed(t)[2]) for t in (6, 7, 8, 9)] == [True, True, True, False]
    assert s.listed_domain[2] == 1
    assert s.listed(6).sum() == 1


def test_score_trigger_and_violation_trigger():
    for trigger, expect in (("score", True), ("violation", False)):
        m, bl = _listed_model(**{"blacklist.trigger": trigger, "blacklist.threshold": 50.0})
        s = m.subjects
        s.score[3] = 40.0
        per = Period.new(0, 10)
        per.recorded[3] = True  # a minor record on a low score
        m.period = per
        bl.update()
        assert bool(s.listed(1)[3]) is expect


def test_wrongful_listing_flag_rests_on_false_records():
    m, bl = _listed_model()
    s = m.subjects
    s.false_records[4, 2] = 1.0
    s.records[4, 2] = 1.0
    per = Period.new(0, 10)
    per.recorded[[4, 5]] = per.serious[[4, 5]] = True
    m.period = per
    bl.update()
    assert s.wrongly_listed[4] and not s.wrongly_listed[5]


def test_listed_subjects_bear_the_cost():
    m, bl = _listed_model(**{"blacklist.cost": 0.7})
    s = m.subjects
    s.listed_until[[0, 1]] = [3, 1]
    m.period = Period.new(2, 10)
    s.payoff[:] = 0
    bl.restrict()
    np.testing.assert_allclose(s.payoff[:3], [-0.7, 0.0, 0.0])


def test_blacklist_raises_honesty():
    on = late_mean("honesty_rate", periods=40)
    off = late_mean("honesty_rate", periods=40, **{"blacklist.enabled": False})
    assert clearly_greater(on, off, 0.05)


def test_longer_listings_keep_more_subjects_listed():
    short = late_mean("blacklisted_share", periods=40, **{"blacklist.duration": 6})
    long = late_mean("blacklisted_share", periods=40, **{"blacklist.duration": 36})
    assert clearly_greater(long, short, 0.01)
