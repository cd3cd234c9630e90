"""Credit repair: clean spells, repair acts and leniency for minor records (§V(4))."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean, off_changes_nothing

ON = {"repair.enabled": True, "records.coverage": 1.0}


def _model(t=20, **kw):
    m = CreditSystemModel(rng=6, n_subjects=10, **{**ON, **kw})
    m.period = Period.new(t, 10)
    return m


def test_off_means_off_with_parameters_moved():
    off_changes_nothing(
        {
            "repair.clean_periods": 1,
            "repair.cost": 0.0,
            "repair.propensity": 1.0,
            "repair.first_offence_leniency": True,
            "repair.serious_repairable": True,
        }
    )


def test_serious_lifetime_matches_record_decay():
    # weight 3 halves every 12 periods: 3 * 0.5**(58/12) = 0.105 >= 0.1 > 3 * 0.5**(59/12)
    m = _model()
    assert m.mechanisms["repair"].serious_life == 59
    assert _model(**{"records.expiry_weight": 0.0}).mechanisms["repair"].serious_life > 10**6


def test_clean_spell_and_serious_records_by_hand():
    m = _model(**{"repair.clean_periods": 3, "repair.propensity": 0.0})
    rep, s = m.mechanisms["repair"], m.subjects
    s.records[[1, 2, 3, 4], 2] = [1.5, 1.5, 3.0, 1.0]
    s.last_record[[1, 2, 3, 4]] = [17, 18, 10, 17]  # 1 is clean for 3 periods, 2 is not
    rep.last_serious[3] = 10  # 3's serious record is still on file (20 - 10 < 59)
    s.listed_until[1] = 30
    s.wrongly_listed[1] = True
    rep.last_serious[4] = 17 - 59  # 4's serious record has expired: repairable
    s.payoff[:] = 0.0
    rep.restore()
    assert s.records[1].sum() == 0 and s.listed_until[1] == 21 and not s.wrongly_listed[1]
    assert s.records[2, 2] == np.float32(1.5)
    assert s.records[3, 2] == 3.0
    assert s.records[4].sum() == 0
    assert (s.payoff == 0).all()  # automatic restoration is free
    assert rep.outcomes()["repaired"] == 0.2
    # with serious records repairable, subject 3 is repaired too
    m2 = _model(**{"repair.serious_repairable": True, "repair.propensity": 0.0})
    m2.subjects.records[3, 2] = 3.0
    m2.subjects.last_record[3] = 10
    m2.mechanisms["repair"].last_serious[3] = 10
    m2.mechanisms["repair"].restore()
    assert m2.subjects.records[3].sum() == 0


def test_repair_action_is_taken_when_it_pays():
    kw = {"repair.clean_periods": 12, "repair.propensity": 1.0, "repair.cost": 2.0}
    m = _model(**kw)
    rep, s = m.mechanisms["repair"], m.subjects
    s.records[[1, 2], 1] = 2.6
    s.last_record[[1, 2]] = 19
    s.listed_until[1] = 40  # 19 periods left at 0.2 + 0.5 * 1: worth 13.3 > 2
    s.listed_until[2] = 23  # 2 periods left: worth 1.4 < 2
    s.payoff[:] = 0.0
    rep.restore()
    assert s.records[1].sum() == 0 and s.listed_until[1] == 21
    assert s.payoff[1] == np.float32(-2.0)
    assert s.records[2, 1] == np.float32(2.6) and s.listed_until[2] == 23 and s.payoff[2] == 0
    out = rep.outcomes()
    assert out["repaired"] == 0.1 and out["repair_actions"] == 0.1


def test_first_minor_offence_is_forgiven_once():
    m = _model(**{"repair.first_offence_leniency": True})
    rep, per = m.mechanisms["repair"], m.period
    per.detected[[1, 2]] = True
    per.serious[2] = True  # serious findings are never forgiven
    rep.forgive()
    assert not per.detected[1] and per.detected[2]
    assert rep.outcomes()["forgiven"] == 0.1
    per.detected[1] = True
    rep.forgive()  # the second minor finding stands
    assert per.detected[1]
    # actors anticipate the leniency: the expected fine falls for the never-recorded
    per.p_detect[:] = 0.5
    m.subjects.last_record[3] = 4
    d = rep.deterrence()
    fine, minor = m.params["sanctions.fine"], 1 - m.params["detection.serious_share"]
    assert d[1] == 0.0 and d[3] == 0.0
    assert abs(d[4] + 0.5 * minor * fine) < 1e-6


def test_repair_lowers_listings_and_raises_scores():
    on_bl = late_mean("blacklisted_share", **{"repair.enabled": True})
    off_bl = late_mean("blacklisted_share")
    # measured: 0.089 -> 0.080 (listings for serious findings are not repairable)
    assert clearly_greater(off_bl, on_bl, 0.004)
    on_sc = late_mean("mean_score", **{"repair.enabled": True})
    off_sc = late_mean("mean_score")
    assert clearly_greater(on_sc, off_sc, 5.0)  # measured +9 points


def test_leniency_lowers_honesty():
    on = late_mean(
        "honesty_rate", **{"repair.enabled": True, "repair.first_offence_leniency": True}
    )
    off = late_mean("honesty_rate", **{"repair.enabled": True})
    assert clearly_greater(off, on, 0.005)


def test_serious_record_lifetime_is_finite_for_a_tiny_expiry_weight():
    # 5e-324 / w underflows to 0: the lifetime must still be a finite count
    m = CreditSystemModel(
        rng=1, n_subjects=50, **{"repair.enabled": True, "records.expiry_weight": 5e-324}
    )
    m.run_for(2)
    assert 0 < m.mechanisms["repair"].serious_life <= 2**30
