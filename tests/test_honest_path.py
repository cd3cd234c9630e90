"""The choice weighs the expected sanctions of both acts (issue 11, item 1).

dU = E[U(keep)] - E[U(break)] = deterrence - e * false_finding_cost + moral cost - gain:
each finding-based mechanism declares what a false finding of an honest act costs,
given that it is made, and the decision weighs the sum once by the false-finding
probability the actor expects. Checked by hand for each term, against the limiting case
of deterrence theory ((p - e) * F against gain - moral cost), and, with no errors,
against a copy of the rule that ignored the honest path (the same floats).
"""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel, listings
from model.population import BUSINESS, FIRM, SOCIAL
from tests.helpers import hand_model, late_mean

#: Fines only: no lists of any kind, no red list, no screening, no integrity, no reports.
FINES_ONLY = {
    "integrity.mean": 0.0,
    "blacklist.enabled": False,
    "judicial.enabled": False,
    "joint.enabled": False,
    "redlist.enabled": False,
    "market.enabled": False,
    "detection.report_rate": 0.0,
    "detection.probability": 0.2,
}


def old_utility_gap(dec):
    """The rule before issue 11: sum of deterrence terms + moral cost - gain (a copy)."""
    m = dec.model
    deter = np.zeros(m.subjects.n, dtype=np.float64)
    for mech in m.deterrents:
        deter += mech.deterrence()
    return deter + m.mechanisms["integrity"].moral_cost() - m.world.gain


# --- by hand -------------------------------------------------------------------------


def test_fines_only_gap_is_p_minus_e_times_fine_plus_moral_minus_gain():
    m = hand_model({**FINES_ONLY, "sanctions.fine": 4.0, "integrity.weight": 2.0}, n=10)
    per = m.period
    per.p_detect[:] = 0.25
    per.p_false[:] = 0.125
    m.subjects.integrity[:] = 0.25
    dec = m.mechanisms["decision"]
    dec.perceive()
    # (0.25 - 0.125) * 4 + 2 * 0.25 - 1 = 0.5 + 0.5 - 1 = 0
    np.testing.assert_allclose(dec.expected_utility_gap(), 0.0, atol=1e-12)
    np.testing.assert_allclose(dec.honest_cost(), 0.125 * 4.0)
    # one value per actor, though the fine is one number for all
    cost = dec.cost_of_false_finding()
    assert cost.shape == (10,) and cost.dtype == np.float64
    np.testing.assert_array_equal(cost, 4.0)
    per.p_false[:] = 0.0  # no error expected: keeping faith costs nothing
    assert dec.honest_cost() == 0.0


def test_listing_enters_both_paths_through_the_one_listing_cost_function():
    params = {
        **FINES_ONLY,
        "blacklist.enabled": True,
        "blacklist.scope_social": 0.5,
        "blacklist.scope_business": 0.5,
        "blacklist.cost": 0.5,
        "blacklist.term_social": 12,
        "blacklist.term_business": 12,
        "blacklist.person_scope": 1.0,
        "detection.serious_share": 0.5,
        "records.coverage": 1.0,
        "sanctions.fine": 2.0,
    }
    m = hand_model(params, n=10)
    per = m.period
    per.domain[:] = np.where(m.subjects.kind == FIRM, BUSINESS, SOCIAL)
    per.p_detect[:] = 0.5
    per.p_false[:] = 0.25
    dec = m.mechanisms["decision"]
    dec.perceive()
    # a new listing of 12 periods at 0.5 a period, undiscounted: 6
    cost = listings.cost_of_new_listing(m, per.domain, 12)
    np.testing.assert_allclose(cost, 6.0)
    # P(listed | found) = serious 0.5 * scope 0.5 = 0.25; a false finding costs 2 + 0.25 * 6
    np.testing.assert_allclose(dec.cost_of_false_finding(), 2.0 + 0.25 * 6.0)
    gap = dec.sanction_gap()
    np.testing.assert_allclose(gap, (0.5 - 0.25) * (2.0 + 0.25 * 6.0))


def test_objections_void_false_findings_with_their_own_chance():
    # false findings: awareness 1 * propensity 0.5 * success 0.5 = 0.25 voided;
    # true findings: contest 0.5 * wrongly upheld 0.2 = 0.1 voided
    params = {
        **FINES_ONLY,
        "sanctions.fine": 4.0,
        "records.coverage": 1.0,
        "appeals.enabled": True,
        "appeals.awareness": 1.0,
        "appeals.propensity": 0.5,
        "appeals.success": 0.5,
        "appeals.contest_true": 0.5,
        "appeals.true_success": 0.2,
    }
    m = hand_model(params, n=10)
    per = m.period
    per.p_detect[:] = 0.5
    per.p_false[:] = 0.25
    dec = m.mechanisms["decision"]
    dec.perceive()
    np.testing.assert_allclose(dec.cost_of_false_finding(), 4.0 * (1 - 0.25))
    np.testing.assert_allclose(dec.sanction_gap(), 0.5 * 4.0 * (1 - 0.1) - 0.25 * 4.0 * 0.75)
    # without a credit file nobody objects: the false finding costs the whole fine
    m.subjects.has_file[:4] = False
    per.false_cost = None
    np.testing.assert_allclose(dec.cost_of_false_finding()[:4], 4.0)


def test_leniency_forgives_a_first_minor_finding_true_or_false():
    params = {
        **FINES_ONLY,
        "sanctions.fine": 4.0,
        "records.coverage": 1.0,
        "detection.serious_share": 0.25,
        "repair.enabled": True,
        "repair.first_offence_leniency": True,
    }
    m = hand_model(params, n=10)
    per = m.period
    per.p_detect[:] = 0.5
    per.p_false[:] = 0.25
    m.subjects.last_record[:2] = 3  # these two have had a record: no leniency left
    dec = m.mechanisms["decision"]
    dec.perceive()
    lenient = np.arange(10) >= 2
    expected = 4.0 - lenient * 0.75 * 4.0
    np.testing.assert_allclose(dec.cost_of_false_finding(), expected)
    np.testing.assert_allclose(dec.sanction_gap(), (0.5 - 0.25) * expected)


def test_protectionism_blocks_false_findings_of_firms_like_true_ones():
    params = {
        **FINES_ONLY,
        "sanctions.fine": 4.0,
        "government.enabled": True,
        "government.protectionism": 0.5,
        "government.integrity_spread": 0.0,
        "government.integrity_mean": 0.5,
        "government.legitimacy_weight": 0.0,
        "firm_share": 0.5,
    }
    m = hand_model(params, n=10)
    per = m.period
    per.p_detect[:] = 0.5
    per.p_false[:] = 0.25
    dec = m.mechanisms["decision"]
    dec.perceive()
    firm = m.subjects.kind == FIRM
    q = 0.5 * (1 - 0.5)
    np.testing.assert_allclose(dec.cost_of_false_finding(), np.where(firm, 4.0 * (1 - q), 4.0))
    np.testing.assert_allclose(dec.sanction_gap(), 0.25 * np.where(firm, 4.0 * (1 - q), 4.0))


def test_red_list_status_at_risk_on_both_paths():
    params = {
        **FINES_ONLY,
        "sanctions.enabled": False,
        "redlist.enabled": True,
        "redlist.facilitation": 0.5,
        "redlist.clean_periods": 4,
    }
    m = hand_model(params, n=10)
    m.subjects.red[:3] = True
    per = m.period
    per.p_detect[:] = 0.5
    per.p_false[:] = 0.25
    dec = m.mechanisms["decision"]
    dec.perceive()
    at_risk = np.where(m.subjects.red, 0.5 * 4, 0.0)
    np.testing.assert_allclose(dec.cost_of_false_finding(), at_risk)
    np.testing.assert_allclose(dec.sanction_gap(), 0.25 * at_risk)


def test_malicious_reports_raise_the_false_finding_probability():
    params = {
        **FINES_ONLY,
        "whistleblower.enabled": True,
        "whistleblower.false_report_rate": 0.1,
        "whistleblower.reward": 2.0,
        "detection.false_record_rate": 0.5,
    }
    m = hand_model(params, n=10)
    m.mechanisms["detection"].plan()
    m.mechanisms["detection"].assess()
    m.mechanisms["whistleblower"].assess()
    has = m.mechanisms["whistleblower"].has_witness
    # 1 - (1 - 0.5) * (1 - 0.2) where a witness other than the partner exists
    np.testing.assert_allclose(m.period.p_false, np.where(has, 0.6, 0.5), rtol=1e-6)


def test_rational_expectations_are_the_true_arrays():
    m = CreditSystemModel(rng=2, n_subjects=200)
    m.step()
    per = m.period
    assert per.p_expected is per.p_detect
    assert per.e_expected is per.p_false
    np.testing.assert_allclose(per.p_false, 0.01)


# --- theory: errors shrink the gap between the acts ------------------------------------


@pytest.mark.parametrize("error,honest", [(0.0, True), (0.02, True), (0.05, False), (0.1, False)])
def test_raising_the_false_record_rate_makes_breaking_faith_the_better_choice(error, honest):
    # p = 0.2, F = 6, gain 1, no moral cost, no lists: keep faith iff (p - e) * 6 > 1,
    # i.e. e < 0.2 - 1/6 = 0.033 (Png 1986; Polinsky and Shavell 2000). Rationality 50:
    # the logit is within 2% of the best response at |dU| >= 0.08.
    h = late_mean(
        "honesty_rate",
        periods=3,
        last=3,
        seeds=(1, 2),
        **FINES_ONLY,
        **{
            "sanctions.fine": 6.0,
            "decision.rationality": 50.0,
            "detection.false_record_rate": error,
        },
    )
    if honest:
        assert (h > 0.97).all(), h
    else:
        assert (h < 0.03).all(), h


# --- with no errors, the same floats as the rule that ignored the honest path ----------

NO_ERRORS = {"detection.false_record_rate": 0.0}
EVERYTHING = {
    **NO_ERRORS,
    **{
        f"{m}.enabled": True
        for m in (
            "scoring",
            "social",
            "appeals",
            "repair",
            "education",
            "norms",
            "government",
            "rating",
            "domains",
            "sharing",
            "credit_code",
            "graded",
            "security",
            "whistleblower",
        )
    },
    "whistleblower.false_report_rate": 0.0,
    "repair.first_offence_leniency": True,
    "appeals.contest_true": 0.3,
    "appeals.true_success": 0.2,
    "norms.crowding_out": 0.05,
}


@pytest.mark.parametrize("params", [NO_ERRORS, EVERYTHING], ids=["defaults", "everything on"])
def test_without_errors_the_choice_is_the_old_rule_bit_for_bit(params):
    new = CreditSystemModel(rng=7, n_subjects=600, **params)
    old = CreditSystemModel(rng=7, n_subjects=600, **params)
    dec = old.mechanisms["decision"]
    dec.expected_utility_gap = lambda: old_utility_gap(dec)
    for _ in range(12):
        gap = new.mechanisms["decision"]
        new.step()
        old.step()
        assert not new.period.e_expected.any()
        # the period's gap recomputed both ways from the same state
        assert np.array_equal(gap.expected_utility_gap(), old_utility_gap(gap))
    pd.testing.assert_frame_equal(new.results(), old.results(), check_exact=True)
    assert np.array_equal(new.subjects.wealth, old.subjects.wealth)


def test_with_errors_the_old_rule_overstates_honesty():
    params = {"detection.false_record_rate": 0.1, "n_subjects": 2000}
    new = late_mean("honesty_rate", periods=12, last=6, seeds=(1, 2, 3), **params)
    olds = []
    for seed in (1, 2, 3):
        m = CreditSystemModel(rng=seed, **params)
        dec = m.mechanisms["decision"]
        dec.expected_utility_gap = lambda dec=dec: old_utility_gap(dec)
        m.run_for(12)
        olds.append(m.results()["honesty_rate"].iloc[-6:].mean())
    assert (np.array(olds) > new).all(), (olds, new)
