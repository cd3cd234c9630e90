"""Appeals: objections void findings in the ledger before anything acts (§V(2), §V(4))."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import FORGIVEN, STANDS, VOIDED, Period
from model.population import BUSINESS
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run

SURE = {
    "appeals.enabled": True,
    "appeals.success": 1.0,
    "appeals.propensity": 1.0,
    "appeals.awareness": 1.0,
    "records.coverage": 1.0,
    "blacklist.scope_business": 1.0,
    "blacklist.person_scope": 1.0,
}


def _model(**kw):
    m = CreditSystemModel(rng=2, n_subjects=10, **{**SURE, **kw})
    m.period = Period.new(5, 10)
    return m


def _finding(m, i, *, false=True, serious=True, domain=BUSINESS):
    per = m.period
    per.transacted[i] = True
    per.honest[i] = false
    per.false_record[i] = false
    per.detected[i] = not false
    per.serious[i] = serious
    per.domain[i] = domain
    per.open_findings(per.found)


def _after_objections(m):
    """The steps that act on the ledger, in the step order's sequence."""
    mech = m.mechanisms
    mech["appeals"].object()
    mech["records"].file()
    mech["sanctions"].fine()
    mech["blacklist"].update()


def test_off_means_off_with_parameters_moved():
    off_changes_nothing(
        {"appeals.success": 1.0, "appeals.contest_true": 0.5, "appeals.true_success": 0.5}
    )


def test_an_upheld_objection_voids_the_finding_before_anything_acts():
    m = _model()
    s, per = m.subjects, m.period
    s.payoff[:] = 0.0
    s.records[3, BUSINESS] = 0.5
    s.last_record[3] = 1
    s.listed_until[BUSINESS, 4] = 10  # already listed: the false finding would renew it
    _finding(m, 3)
    _finding(m, 4)
    _after_objections(m)
    np.testing.assert_array_equal(per.finding[[3, 4]], [VOIDED, VOIDED])
    assert s.records[3, BUSINESS] == np.float32(0.5) and s.records[4, BUSINESS] == 0.0
    assert not s.false_records.any()
    assert s.last_record[3] == 1 and s.last_record[4] == -1  # the clean spell holds
    assert s.listed_until[BUSINESS, 3] == 0 and s.listed_until[BUSINESS, 4] == 10
    assert not s.wrong_listing.any()
    assert not s.payoff.any() and per.fines == 0.0
    assert not per.recorded.any()
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_filed"] == 0.2 and out["appeals_upheld"] == 0.2


def test_a_rejected_objection_and_true_findings_stand():
    m = _model(**{"appeals.success": 0.0})
    s = m.subjects
    _finding(m, 3)
    _finding(m, 6, false=False)  # a true finding: nobody contests it by default
    _after_objections(m)
    np.testing.assert_array_equal(m.period.finding[[3, 6]], [STANDS, STANDS])
    w = np.float32(m.params["records.serious_weight"])
    assert s.records[3, BUSINESS] == w and s.false_records[3, BUSINESS] == w
    assert s.listed(6)[3] and s.wrong_listing[BUSINESS, 3]
    assert s.records[6, BUSINESS] == w and not s.wrong_listing[BUSINESS, 6]
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_filed"] == 0.1 and out["appeals_upheld"] == 0.0


def test_subjects_without_a_file_or_unaware_do_not_object():
    m = _model(**{"appeals.awareness": 0.0})
    _finding(m, 3)
    m.mechanisms["appeals"].object()
    assert m.period.finding[3] == STANDS
    m2 = _model()
    m2.subjects.has_file[3] = False
    _finding(m2, 3)
    m2.mechanisms["appeals"].object()
    assert m2.period.finding[3] == STANDS


def test_a_forgiven_finding_is_not_objected_to():
    m = _model()
    _finding(m, 3, serious=False)
    m.period.mark(m.period.found, FORGIVEN)
    m.mechanisms["appeals"].object()
    assert m.period.finding[3] == FORGIVEN
    assert m.mechanisms["appeals"].outcomes()["appeals_filed"] == 0.0


def test_strategic_objections_to_true_findings():
    m = _model(**{"appeals.contest_true": 1.0, "appeals.true_success": 1.0})
    _finding(m, 6, false=False)
    _after_objections(m)
    assert m.subjects.records[6].sum() == 0 and not m.subjects.listed(6)[6]
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_upheld_true"] == 0.1 and out["appeals_upheld"] == 0.1


def test_objection_rates_by_chance():
    # filed with awareness * propensity, upheld with success: 0.5 * 0.8 and 0.3
    kw = {"appeals.awareness": 0.5, "appeals.propensity": 0.8, "appeals.success": 0.3}
    n = 5000
    m = CreditSystemModel(rng=4, n_subjects=n, **{**SURE, **kw})
    m.period = Period.new(5, n)
    _finding(m, np.arange(n))
    m.mechanisms["appeals"].object()
    out = m.mechanisms["appeals"].outcomes()
    assert abs(out["appeals_filed"] - 0.4) < 4 * np.sqrt(0.24 / n)
    assert abs(out["appeals_upheld"] - 0.12) < 4 * np.sqrt(0.12 * 0.88 / n)


def test_contesting_true_findings_lowers_deterrence_by_the_escape_probability():
    m = _model(**{"appeals.contest_true": 0.5, "appeals.true_success": 0.4})
    m.period.p_detect[:] = 0.3
    mech = m.mechanisms
    base = mech["sanctions"].deterrence() + mech["blacklist"].deterrence()
    assert (base > 0).all()
    np.testing.assert_allclose(mech["appeals"].deterrence(), -0.2 * base, rtol=1e-6)
    assert _model().mechanisms["appeals"].deterrence() == 0.0


def test_appeals_reduce_wrongful_listings():
    noisy = {
        "detection.false_record_rate": 0.05,
        "blacklist.scope_social": 0.5,
        "blacklist.person_scope": 1.0,
    }
    off = late_mean("wrongly_listed_share", **noisy)
    on = late_mean("wrongly_listed_share", **noisy, **{"appeals.enabled": True})
    assert clearly_greater(off, on, 0.002)


def test_share_upheld_matches_the_success_rate():
    kw = {"appeals.enabled": True, "appeals.success": 0.3, "detection.false_record_rate": 0.05}
    df = run(3, periods=40, n_subjects=3000, **kw)
    filed, upheld = df["appeals_filed"].sum(), df["appeals_upheld"].sum()
    n_filed = filed * 3000
    assert n_filed > 200
    se = np.sqrt(0.3 * 0.7 / n_filed)
    assert abs(upheld / filed - 0.3) < 4 * se


@pytest.mark.parametrize("success", [0.0, 1.0])
def test_limiting_success_rates(success):
    m = _model(**{"appeals.success": success})
    _finding(m, 2)
    m.mechanisms["appeals"].object()
    assert m.period.finding[2] == (VOIDED if success == 1.0 else STANDS)
