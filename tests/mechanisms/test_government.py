"""Government integrity: promises, local protectionism, evaluation, officials' files (§II(1))."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.outcomes import CORE_COLUMNS
from model.period import BLOCKED, STANDS, VOIDED
from model.population import FIRM, OFFICIAL
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run

GOV = {"government.enabled": True}
# weak governments that are never corrected: the effects of integrity are isolated
WEAK = {**GOV, "government.integrity_mean": 0.3, "government.evaluation": 0.0}


def _model(n=12, **kw):
    return hand_model({**GOV, **kw}, n=n, n_regions=2)


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing(
        {
            "government.protectionism": 1.0,
            "government.integrity_mean": 0.1,
            "government.official_monitoring": 5.0,
            "government.broken_promise_cost": 3.0,
        }
    )
    assert (base["gov_integrity"] == 1.0).all() and (base["protectionism_rate"] == 0.0).all()


def test_perfect_government_reproduces_the_core():
    # integrity 1: no broken promise, legitimacy 1 (no deterrence term), no protection;
    # officials' monitoring at 1: the mechanism's own draws change nothing else
    perfect = {
        **GOV,
        "government.integrity_mean": 1.0,
        "government.integrity_spread": 0.0,
        "government.official_monitoring": 1.0,
    }
    base = run(6, periods=15, n_subjects=800)
    on = run(6, periods=15, n_subjects=800, **perfect)
    cols = list(CORE_COLUMNS)
    pd.testing.assert_frame_equal(base[cols], on[cols])
    assert (on["protectionism_rate"] == 0.0).all() and (on["gov_integrity"] == 1.0).all()


def test_protectionism_blocks_standing_findings_against_local_firms_by_hand():
    m = _model(**{"government.protectionism": 1.0})
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    for g in gov.governments:
        g.integrity = 0.0  # shields every finding against a local firm
    firms = np.flatnonzero(s.kind == FIRM)
    person = np.flatnonzero(s.kind != FIRM)[0]
    per.detected[[firms[0], firms[1], person]] = True
    per.open_findings(per.found)
    per.mark(per.found & (np.arange(12) == firms[1]), VOIDED)  # voided on objection
    gov.mark()
    assert per.finding[firms[0]] == BLOCKED
    assert per.finding[firms[1]] == VOIDED  # not blocked again
    assert per.finding[person] == STANDS  # persons are not shielded
    assert gov.outcomes()["protectionism_rate"] == 1.0
    assert sum(g.candidates for g in gov.governments) == 1
    assert sum(g.blocked for g in gov.governments) == 1


def test_no_protection_at_full_integrity():
    m = _model(**{"government.protectionism": 1.0})
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    for g in gov.governments:
        g.integrity = 1.0
    per.detected[s.kind == FIRM] = True
    per.open_findings(per.found)
    gov.mark()
    assert (per.finding[s.kind == FIRM] == STANDS).all()
    assert gov.outcomes()["protectionism_rate"] == 0.0


def test_blocking_rate_is_protectionism_times_the_integrity_gap():
    n = 6000
    m = hand_model({**GOV, "government.protectionism": 0.8}, n=n, n_regions=2)
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    gov.governments[0].integrity, gov.governments[1].integrity = 0.25, 0.75
    per.detected[:] = True
    per.open_findings(per.found)
    gov.mark()
    firm = s.kind == FIRM
    for r, q in ((0, 0.8 * 0.75), (1, 0.8 * 0.25)):
        mine = firm & (s.region == r)
        share = np.mean(per.finding[mine] == BLOCKED)
        assert abs(share - q) < 4 * np.sqrt(q * (1 - q) / mine.sum())


def test_promises_legitimacy_and_evaluation_by_hand():
    kw = {
        "government.broken_promise_cost": 0.5,
        "government.legitimacy_learning": 0.25,
        "government.evaluation": 1.0,
        "government.correction": 0.5,
    }
    m = _model(**kw)
    gov, s = m.mechanisms["government"], m.subjects
    g0, g1 = gov.governments
    g0.integrity, g0.legitimacy = 0.0, 0.6  # always breaks its promise
    g1.integrity, g1.legitimacy = 1.0, 0.6  # always keeps it
    s.payoff[:] = 1.0
    gov.govern()
    np.testing.assert_array_equal(s.payoff, np.where(s.region == 0, 0.5, 1.0).astype(np.float32))
    assert np.isclose(g0.legitimacy, 0.6 + 0.25 * (0.0 - 0.6))
    assert np.isclose(g1.legitimacy, 0.6 + 0.25 * (1.0 - 0.6))
    # misconduct found with certainty: half of the integrity gap is closed
    assert g0.caught and g0.integrity == 0.5 and g0.penalties == 1
    assert not g1.caught and g1.integrity == 1.0


def test_officials_monitoring_and_deterrence_by_hand():
    m = _model(
        **{
            "government.official_monitoring": 3.0,
            "government.legitimacy_weight": 2.0,
            "government.protectionism": 0.0,
        }
    )
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    per.p_monitor[:] = 0.2
    gov.watch_officials()
    off = s.kind == OFFICIAL
    assert off.any()
    np.testing.assert_allclose(per.p_monitor[off], 0.6, rtol=1e-6)
    np.testing.assert_allclose(per.p_monitor[~off], 0.2, rtol=1e-6)
    per.p_monitor[:] = 0.5
    gov.watch_officials()
    np.testing.assert_allclose(per.p_monitor[off], 1.0)  # capped
    gov.governments[0].legitimacy, gov.governments[1].legitimacy = 0.25, 1.0
    expected = np.where(s.region == 0, -2.0 * 0.75, 0.0)
    np.testing.assert_allclose(gov.deterrence(), expected)


def test_protection_discounts_firms_expected_sanctions():
    m = _model(**{"government.protectionism": 0.8, "government.legitimacy_weight": 0.0})
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    for g in gov.governments:
        g.integrity = 0.5
    per.p_detect[:] = 0.3
    shielded = m.mechanisms["sanctions"].deterrence() + m.mechanisms["blacklist"].deterrence()
    expected = np.where(s.kind == FIRM, -0.8 * 0.5 * shielded, 0.0)
    np.testing.assert_allclose(gov.deterrence(), expected)


def test_protectionism_lowers_firm_honesty():
    shielding = late_mean("honesty_rate_firm", **WEAK, **{"government.protectionism": 1.0})
    none = late_mean("honesty_rate_firm", **WEAK, **{"government.protectionism": 0.0})
    # measured: 0.617 -> 0.353 (sd 0.02, 0.06 over 5 seeds)
    assert clearly_greater(none, shielding, 0.1)


def test_legitimacy_deficit_lowers_honesty():
    no_weight = late_mean("honesty_rate", **WEAK, **{"government.legitimacy_weight": 0.0})
    weight = late_mean("honesty_rate", **WEAK, **{"government.legitimacy_weight": 1.0})
    # measured: 0.754 -> 0.517
    assert clearly_greater(no_weight, weight, 0.1)


def test_evaluation_raises_government_integrity():
    never = late_mean("gov_integrity", **{**WEAK, "government.evaluation": 0.0})
    always = late_mean("gov_integrity", **{**WEAK, "government.evaluation": 1.0})
    # measured: 0.28 (the initial draws) -> 0.91 after 40 periods
    assert clearly_greater(always, never, 0.3)


def test_integrity_files_raise_officials_honesty():
    files = late_mean("honesty_rate_official", **GOV, **{"government.official_monitoring": 4.0})
    none = late_mean("honesty_rate_official", **GOV, **{"government.official_monitoring": 1.0})
    # measured: 0.713 -> 0.997
    assert clearly_greater(files, none, 0.15)


def test_regional_divergence_grows_with_the_spread_of_integrity():
    kw = {**GOV, "government.integrity_mean": 0.5, "government.evaluation": 0.0}
    wide = late_mean("honesty_region_spread", **kw, **{"government.integrity_spread": 0.5})
    equal = late_mean("honesty_region_spread", **kw, **{"government.integrity_spread": 0.0})
    # measured: 0.061 -> 0.111 (range of the 4 regions' honesty)
    assert wide.mean() > equal.mean() + 0.03
    m = CreditSystemModel(rng=1, n_subjects=2000, **kw)
    m.run_for(5)
    rates = m.mechanisms["government"].region_honesty()
    assert rates.shape == (4,)
    assert np.isclose(rates.max() - rates.min(), m.results()["honesty_region_spread"].iloc[-1])


def test_initial_integrity_is_the_clipped_uniform_draw_of_each_region():
    # integrity_mean + spread * (2u - 1), clipped to [0, 1], u the region's own uniform
    # draw (replayed from a fresh copy of the mechanism's stream); legitimacy starts there
    for mean, spread in ((0.5, 0.3), (0.9, 0.5), (0.1, 0.5)):
        kw = {"government.integrity_mean": mean, "government.integrity_spread": spread}
        m = hand_model({**GOV, **kw}, n=40, n_regions=16)
        gov = m.mechanisms["government"]
        u = m.stream("government").random(16)
        expected = np.clip(mean + spread * (2.0 * u - 1.0), 0.0, 1.0)
        np.testing.assert_allclose(gov.integrity(), expected)
        np.testing.assert_allclose(gov.legitimacy(), expected)
        if mean != 0.5:
            assert np.any((expected == 0.0) | (expected == 1.0))  # the clip binds


def test_a_government_acts_on_its_draws_by_hand():
    # act(u_break, u_eval): breaks when u_break < 1 - g; misconduct is a broken promise
    # or at least one blocked sanction; found when u_eval < evaluation; a found government
    # closes the share `correction` of its gap 1 - g
    m = _model(
        **{
            "government.legitimacy_learning": 0.25,
            "government.evaluation": 0.5,
            "government.correction": 0.4,
        }
    )
    gov = m.mechanisms["government"]
    g = gov.governments[0]

    def act(u_break, u_eval, blocked=0):
        g.integrity, g.legitimacy, g.blocked, g.penalties = 0.6, 0.3, blocked, 0
        g.act(u_break, u_eval, gov.p)
        return g.broke, g.legitimacy, g.caught, g.integrity, g.penalties

    broke = (True, pytest.approx(0.3 - 0.25 * 0.3))
    kept = (False, pytest.approx(0.3 + 0.25 * 0.7))
    assert act(0.39, 0.49) == (*broke, True, pytest.approx(0.6 + 0.4 * 0.4), 1)
    assert act(0.39, 0.51) == (*broke, False, 0.6, 0)  # not found
    assert act(0.41, 0.0) == (*kept, False, 0.6, 0)  # no misconduct to find
    # one blocked sanction is misconduct even with the promise kept
    assert act(0.41, 0.49, blocked=1) == (*kept, True, pytest.approx(0.76), 1)


def test_regional_honesty_and_its_spread_by_hand():
    # regions of 3 subjects: region 0 kept faith in 2 of 3 transactions, region 1 in its
    # only one, region 2 had none (no rate), region 3 in 1 of 2; the spread is max - min
    for params in (GOV, {}):  # measured whether or not the mechanism is on
        m = hand_model(params, n=12, n_regions=4)
        gov, s, per = m.mechanisms["government"], m.subjects, m.period
        np.testing.assert_array_equal(s.region, np.repeat([0, 1, 2, 3], 3))
        per.transacted[:] = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]
        per.honest[:] = [1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1]
        np.testing.assert_allclose(gov.region_honesty(), [2 / 3, 1.0, np.nan, 0.5])
        assert gov.outcomes()["honesty_region_spread"] == pytest.approx(0.5)
        per.transacted[:] = False  # no transaction anywhere: no spread
        assert gov.outcomes()["honesty_region_spread"] == 0.0


def test_switched_off_the_government_keeps_every_promise_and_shields_no_one():
    out = hand_model({}, n=12, n_regions=3).mechanisms["government"].outcomes()
    assert out["gov_integrity"] == 1.0 and out["protectionism_rate"] == 0.0


def test_a_region_of_full_integrity_shields_nothing_while_another_shields():
    m = _model(n=40, **{"government.protectionism": 0.8, "government.legitimacy_weight": 0.0})
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    gov.governments[0].integrity, gov.governments[1].integrity = 1.0, 0.5
    per.p_detect[:] = 0.3
    shielded = m.mechanisms["sanctions"].deterrence() + m.mechanisms["blacklist"].deterrence()
    q = np.where(s.region == 0, 0.0, 0.8 * 0.5)
    expected = np.where(s.kind == FIRM, -q * shielded, 0.0)
    assert np.any(expected[s.region == 1] != 0.0)  # firms of region 1 expect sanctions
    np.testing.assert_allclose(gov.deterrence(), expected)
    np.testing.assert_allclose(
        gov.false_finding_cost(),
        np.where(s.kind == FIRM, -q, 0.0)
        * (
            m.mechanisms["sanctions"].false_finding_cost()
            + m.mechanisms["blacklist"].false_finding_cost()
        ),
    )


def test_protectionism_rate_is_blocked_over_candidates_by_hand():
    # a government of integrity 0 with protectionism 1 blocks every finding against a
    # local firm, one of integrity 1 none: the rate is region 0's firms over all firms
    m = _model(n=40, **{"government.protectionism": 1.0})
    gov, s, per = m.mechanisms["government"], m.subjects, m.period
    gov.mark()  # no finding at all: nothing to block, a rate of 0
    assert gov.outcomes()["protectionism_rate"] == 0.0
    gov.governments[0].integrity, gov.governments[1].integrity = 0.0, 1.0
    per.detected[:] = True
    per.open_findings(per.found)
    gov.mark()
    firm = s.kind == FIRM
    local = [np.sum(firm & (s.region == r)) for r in (0, 1)]
    assert min(local) > 0
    assert [g.candidates for g in gov.governments] == local
    assert [g.blocked for g in gov.governments] == [local[0], 0]
    assert gov.outcomes()["protectionism_rate"] == pytest.approx(local[0] / sum(local))
