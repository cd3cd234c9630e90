"""Appeals: objections to false records, exact undoing of upheld ones (§V(2), §V(4))."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run

SURE = {
    "appeals.enabled": True,
    "appeals.success": 1.0,
    "appeals.propensity": 1.0,
    "appeals.awareness": 1.0,
    "records.coverage": 1.0,
}


def _filing_steps(m):
    """The part of STEP_ORDER from lodging to deciding, core steps in between."""
    mech = m.mechanisms
    mech["appeals"].lodge()
    mech["records"].file()
    mech["sanctions"].fine()
    mech["scoring"].score()
    mech["blacklist"].update()
    listed_before_decision = m.subjects.listed_until.copy()
    mech["appeals"].decide()
    return listed_before_decision


def _finding(m, i, *, false=True, serious=True, domain=1):
    per = m.period
    per.transacted[i] = True
    per.honest[i] = false
    per.false_record[i] = false
    per.detected[i] = not false
    per.serious[i] = serious
    per.domain[i] = domain


def test_off_means_off_with_parameters_moved():
    off_changes_nothing(
        {"appeals.success": 1.0, "appeals.contest_true": 0.5, "appeals.true_success": 0.5}
    )


def test_upheld_objection_restores_file_listing_fine_and_score_exactly():
    m = CreditSystemModel(rng=2, n_subjects=10, **SURE)
    s = m.subjects
    m.period = Period.new(5, 10)
    s.payoff[:] = 0.0
    s.records[3, 1] = 0.5
    s.last_record[3] = 1
    s.listed_until[4] = 10  # already listed: the false finding renews the listing
    _finding(m, 3)
    _finding(m, 4)
    listed = _filing_steps(m)
    assert listed[3] == 5 + 24 + 1 and listed[4] == 30  # the finding listed and renewed
    assert s.records[3, 1] == np.float32(0.5) and s.records[4, 1] == 0.0
    assert s.false_records[3].sum() == 0 and s.false_records[4].sum() == 0
    assert s.last_record[3] == 1 and s.last_record[4] == -1
    assert not s.listed(5)[3] and s.listed_until[4] == 10
    assert not s.wrongly_listed[[3, 4]].any()
    assert s.payoff[3] == 0.0 and m.period.fines == 0.0  # fine refunded
    assert s.score[3] == np.float32(100 - 20 * 0.5)
    assert not m.period.recorded[[3, 4]].any()
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_filed"] == 0.2 and out["appeals_upheld"] == 0.2


def test_rejected_objection_and_true_records_stand():
    m = CreditSystemModel(rng=2, n_subjects=10, **{**SURE, "appeals.success": 0.0})
    m.period = Period.new(5, 10)
    _finding(m, 3)
    _finding(m, 6, false=False)  # a true record: nobody contests it by default
    _filing_steps(m)
    s = m.subjects
    assert s.records[3, 1] == 3.0 and s.false_records[3, 1] == 3.0 and s.listed(5)[3]
    assert s.records[6, 1] == 3.0
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_filed"] == 0.1 and out["appeals_upheld"] == 0.0


def test_strategic_objections_to_true_records():
    kw = {**SURE, "appeals.contest_true": 1.0, "appeals.true_success": 1.0}
    m = CreditSystemModel(rng=2, n_subjects=10, **kw)
    m.period = Period.new(5, 10)
    _finding(m, 6, false=False)
    _filing_steps(m)
    assert m.subjects.records[6].sum() == 0 and not m.subjects.listed(5)[6]
    assert m.mechanisms["appeals"].outcomes()["appeals_upheld_true"] == 0.1


def test_contesting_true_records_lowers_deterrence_by_the_escape_probability():
    kw = {**SURE, "appeals.contest_true": 0.5, "appeals.true_success": 0.4}
    m = CreditSystemModel(rng=2, n_subjects=10, **kw)
    m.period.p_detect[:] = 0.3
    mech = m.mechanisms
    base = mech["sanctions"].deterrence() + mech["blacklist"].deterrence()
    np.testing.assert_allclose(mech["appeals"].deterrence(), -0.2 * base, rtol=1e-6)
    assert CreditSystemModel(rng=2, n_subjects=10, **SURE).mechanisms["appeals"].deterrence() == 0.0


def test_appeals_reduce_wrongful_listings():
    noisy = {"detection.false_record_rate": 0.05}
    off = late_mean("wrongly_blacklisted_share", **noisy)
    on = late_mean("wrongly_blacklisted_share", **noisy, **{"appeals.enabled": True})
    # measured: 0.85 -> 0.78 (difference 0.071, sd 0.008 over 5 seeds)
    assert clearly_greater(off, on, 0.03)


def test_share_upheld_matches_the_success_rate():
    df = run(3, periods=40, n_subjects=3000, **{"appeals.enabled": True, "appeals.success": 0.3})
    filed, upheld = df["appeals_filed"].sum(), df["appeals_upheld"].sum()
    n_filed = filed * 3000
    assert n_filed > 200
    se = np.sqrt(0.3 * 0.7 / n_filed)
    assert abs(upheld / filed - 0.3) < 4 * se
