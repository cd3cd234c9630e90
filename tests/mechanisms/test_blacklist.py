"""Department blacklists: violation-triggered, per department, with scope and term."""

import numpy as np
import pytest

from model import CreditSystemModel, listings
from model.period import BLOCKED, FORGIVEN, NONE, STANDS, VOIDED, Period
from model.population import BUSINESS, FIRM, GOVERNMENT, JUDICIAL, PERMANENT, PERSON, SOCIAL
from tests.helpers import clearly_greater, hand_model, late_mean

#: Scopes 0 or 1 make every listing decision certain; terms differ by department.
CERTAIN = {
    "records.coverage": 1.0,
    "blacklist.representatives": True,
    "blacklist.person_scope": 1.0,
    "blacklist.scope_government": 1.0,
    "blacklist.scope_business": 0.0,
    "blacklist.scope_social": 1.0,
    "blacklist.term_government": 5,
    "blacklist.term_business": 7,
    "blacklist.term_social": 2,
}


def _model(n=12, t=5, **kw):
    return hand_model({**CERTAIN, **kw}, n=n, t=t)


def _findings(m, ids, domains, serious=True, false=False, code=STANDS):
    per = m.period
    per.domain[ids] = domains
    per.serious[ids] = serious
    (per.false_record if false else per.detected)[ids] = True
    per.finding[ids] = code
    per.recorded[ids] = m.subjects.has_file[ids] & (code in (STANDS, BLOCKED))


def test_violation_triggered_lists_are_on_by_default_and_scoring_is_off():
    m = CreditSystemModel(rng=1, n_subjects=50)
    assert m.mechanisms["blacklist"].enabled and not m.mechanisms["scoring"].enabled
    assert "blacklist.trigger" not in m.params and "blacklist.threshold" not in m.params


def test_each_department_lists_serious_standing_findings_in_its_scope_for_its_term():
    m = _model()
    s, bl = m.subjects, m.mechanisms["blacklist"]
    persons = np.flatnonzero(s.kind == PERSON)
    a, b, c, d = persons[:4]
    _findings(m, [a, b, c], [GOVERNMENT, BUSINESS, SOCIAL])
    _findings(m, [d], [SOCIAL], serious=False)  # minor findings do not list
    bl.update()
    assert s.listed_until[GOVERNMENT, a] == 5 + 1 + 5
    assert s.listed_until[SOCIAL, c] == 5 + 1 + 2
    assert not s.listed_until[:, b].any()  # out of the business lists' scope (0)
    assert not s.listed_until[:, d].any()
    assert np.count_nonzero(s.listed_until) == 2  # one department's list each
    assert not s.wrong_listing.any()
    assert m.period.extra["new_listings"] == 2.0


@pytest.mark.parametrize("code", [NONE, FORGIVEN, VOIDED, BLOCKED])
def test_findings_that_do_not_stand_never_list(code):
    m = _model()
    s = m.subjects
    _findings(m, [1, 2], [GOVERNMENT, SOCIAL], code=code)
    m.mechanisms["blacklist"].update()
    assert not s.listed_until.any()


def test_findings_not_on_file_never_list():
    m = _model(**{"records.coverage": 0.0})
    _findings(m, [1, 2], [GOVERNMENT, SOCIAL])
    m.mechanisms["blacklist"].update()
    assert not m.subjects.listed_until.any()


def test_the_scope_is_the_share_of_serious_findings_listed():
    n = 4000
    m = _model(n=n, **{"blacklist.scope_social": 0.3})
    ids = np.arange(n)
    _findings(m, ids, SOCIAL)
    m.mechanisms["blacklist"].update()
    share = np.count_nonzero(m.subjects.listed_until[SOCIAL] > 0) / n
    # representatives of listed firms are listed too: count the decisions on own account
    own = np.count_nonzero((m.subjects.listed_until[SOCIAL] > 0) & ~m.subjects.via_firm[SOCIAL])
    assert abs(own / n - 0.3) < 4 * np.sqrt(0.3 * 0.7 / n)
    assert share >= own / n


def test_a_listing_rests_on_a_false_record_when_its_finding_is_false():
    m = _model()
    s, bl = m.subjects, m.mechanisms["blacklist"]
    _findings(m, [3], GOVERNMENT, false=True)
    _findings(m, [4], GOVERNMENT)
    bl.update()
    assert s.wrong_listing[GOVERNMENT, 3] and not s.wrong_listing[GOVERNMENT, 4]
    # a renewal by a true finding: the listing now rests on that one
    m.period = Period.new(6, 12)
    _findings(m, [3], GOVERNMENT)
    bl.update()
    assert not s.wrong_listing[GOVERNMENT, 3] and s.listed_until[GOVERNMENT, 3] == 12


def test_a_listed_firm_lists_its_representative_in_the_same_department():
    m = _model(n=30)
    s, bl = m.subjects, m.mechanisms["blacklist"]
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    rep = int(s.representative[firm])
    s.red[[firm, rep]] = True
    _findings(m, [firm], [GOVERNMENT], false=True)
    bl.update()
    assert s.listed_until[GOVERNMENT, rep] == s.listed_until[GOVERNMENT, firm] == 11
    assert s.wrong_listing[GOVERNMENT, rep] and s.via_firm[GOVERNMENT, rep]
    assert not s.red[firm] and not s.red[rep]  # listed: off the red list at once
    assert m.period.extra["new_listings"] == 2.0
    off = _model(n=30, **{"blacklist.representatives": False})
    _findings(off, [firm], [GOVERNMENT])
    off.mechanisms["blacklist"].update()
    assert off.subjects.listed_until[GOVERNMENT, rep] == 0


def test_each_list_in_force_costs_its_restriction():
    m = _model(**{"blacklist.cost": 0.75})
    s, t = m.subjects, 5
    s.listed_until[GOVERNMENT, 1] = t + 1  # holds in period 5 (its last)
    s.listed_until[GOVERNMENT, 2] = t  # ended
    s.listed_until[[GOVERNMENT, SOCIAL], 3] = t + 3  # two lists: two restrictions
    s.listed_until[JUDICIAL, 4] = PERMANENT  # the court's list is judicial's to charge
    s.listed_until[BUSINESS, 5] = PERMANENT
    s.payoff[:] = 0.0
    m.mechanisms["blacklist"].restrict()
    expected = np.zeros(12, np.float32)
    expected[[1, 5]] = -0.75
    expected[3] = -1.5
    np.testing.assert_array_equal(s.payoff, expected)


def test_listing_probability_cost_and_deterrence_by_hand():
    kw = {
        "detection.serious_share": 0.2,
        "blacklist.scope_social": 0.5,
        "blacklist.cost": 0.5,
        "joint.cost": 0.25,
        "market.screening": 0.0,
        "records.coverage": 1.0,
    }
    m = _model(**kw)
    s, per, bl = m.subjects, m.period, m.mechanisms["blacklist"]
    s.has_file[7] = False
    per.domain[:] = [GOVERNMENT, BUSINESS, SOCIAL] * 4
    scope = np.array([1.0, 0.0, 0.5] * 4)
    expected_p = 0.2 * scope * s.has_file
    np.testing.assert_allclose(bl.listing_probability(), expected_p)
    term = np.array([5, 7, 2] * 4)
    expected_c = term * (0.5 + 3 * 0.25)
    np.testing.assert_allclose(bl.cost_of_listing(), expected_c)
    per.p_detect[:] = 0.4
    np.testing.assert_allclose(bl.deterrence(), 0.4 * expected_p * expected_c)
    # given a false finding, the listing it may bring costs the same, found for certain
    np.testing.assert_allclose(bl.false_finding_cost(), expected_p * expected_c)


def test_the_published_administrative_lists():
    m = _model()
    s, t = m.subjects, 5
    s.listed_until[GOVERNMENT, 1] = t + 1  # last period t: not on the list as published
    s.listed_until[SOCIAL, 2] = t + 2
    s.listed_until[JUDICIAL, 3] = PERMANENT  # the court's list is not administrative
    assert m.mechanisms["blacklist"].outcomes() == {"admin_listed_share": 1 / 12}
    s.listed_until[GOVERNMENT, 4] = t + 3
    s.listed_until[BUSINESS, 5] = t + 3
    assert m.mechanisms["blacklist"].outcomes() == {"admin_listed_share": 3 / 12}


def test_a_listing_costs_its_term_in_each_department():
    m = _model(**{"blacklist.cost": 0.5, "joint.cost": 0.0, "market.screening": 0.0})
    per = m.period
    per.domain[:] = [GOVERNMENT, BUSINESS, SOCIAL] * 4
    np.testing.assert_allclose(
        m.mechanisms["blacklist"].cost_of_listing(), 0.5 * np.array([5, 7, 2] * 4)
    )
    assert np.array_equal(
        m.mechanisms["blacklist"].cost_of_listing(),
        listings.cost_of_new_listing(m, per.domain, np.array([5, 7, 2] * 4)),
    )


def test_blacklists_raise_honesty():
    on = late_mean("honesty_rate", periods=40)
    off = late_mean("honesty_rate", periods=40, **{"blacklist.enabled": False})
    assert clearly_greater(on, off, 0.01)


def test_longer_terms_keep_more_subjects_listed():
    def terms(d):
        return {f"blacklist.term_{k}": d for k in ("government", "business", "social")}

    short = late_mean("admin_listed_share", periods=40, **terms(3))
    long = late_mean("admin_listed_share", periods=40, **terms(36))
    assert clearly_greater(long, short, 0.003)


def test_wider_scope_for_persons_lists_more_persons():
    kw = {"blacklist.scope_social": 0.5}
    narrow = late_mean("listed_share_person", periods=30, **kw, **{"blacklist.person_scope": 0.0})
    wide = late_mean("listed_share_person", periods=30, **kw, **{"blacklist.person_scope": 1.0})
    assert clearly_greater(wide, narrow, 0.005)
    # firms' lists are not scaled by the persons' factor
    firms_narrow = late_mean("admin_listed_share", periods=30, **{"blacklist.person_scope": 0.0})
    assert (firms_narrow > 0).all()


def test_the_persons_factor_scales_their_scope_by_hand():
    m = _model(**{"blacklist.person_scope": 0.25, "detection.serious_share": 0.5})
    s, per, bl = m.subjects, m.period, m.mechanisms["blacklist"]
    per.domain[:] = GOVERNMENT  # scope 1
    factor = np.where(s.kind == PERSON, 0.25, 1.0)
    np.testing.assert_allclose(bl.scope_of_acts(), factor)
    np.testing.assert_allclose(bl.listing_probability(), 0.5 * factor)
