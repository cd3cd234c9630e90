"""Market discipline: partners check status, refuse the listed, trust the red-listed."""

import numpy as np
import pytest

from model import listings
from model.population import BUSINESS, JUDICIAL, PERMANENT
from tests.helpers import clearly_greater, hand_model, late_mean


def _model(n=10, **kw):
    m = hand_model({"records.coverage": 1.0, **kw}, n=n, t=5)
    per = m.period
    per.partner[:] = (np.arange(n) + 1) % n
    per.attempted[:] = True
    return m


def test_full_screening_refuses_every_listed_actor_and_assures_the_red_listed():
    m = _model(n_regions=1, **{"market.screening": 1.0})
    s, per = m.subjects, m.period
    s.listed_until[BUSINESS, 2] = 6  # its last period is this one
    s.listed_until[JUDICIAL, 5] = PERMANENT
    s.listed_until[BUSINESS, 8] = 5  # ended
    s.red[7] = True
    m.mechanisms["market"].screen()
    assert per.checked.all()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2, 5])
    np.testing.assert_array_equal(np.flatnonzero(per.assured), [7])
    assert per.extra["screened_out"] == 2.0


def test_a_listed_subject_without_a_credit_file_is_refused_all_the_same():
    # the court lists debtors whether or not they have a credit file, and a listed
    # subject anticipates the refusals (the one listing-cost function): they happen
    m = _model(n_regions=1, **{"market.screening": 1.0})
    s, per = m.subjects, m.period
    s.has_file[3] = False
    s.listed_until[JUDICIAL, 3] = PERMANENT
    assert np.all(listings.status_cost(m) > 0.0)
    m.mechanisms["market"].screen()
    assert per.refused[3]


def test_no_screening_refuses_nobody():
    m = _model(**{"market.screening": 0.0})
    m.subjects.listed_until[:] = 10
    m.mechanisms["market"].screen()
    assert not m.period.refused.any() and not m.period.checked.any()


def test_only_attempted_transactions_are_screened():
    m = _model(n_regions=1, **{"market.screening": 1.0})
    m.subjects.listed_until[BUSINESS, :] = 10
    m.period.attempted[[0, 1]] = False
    m.mechanisms["market"].screen()
    np.testing.assert_array_equal(np.flatnonzero(~m.period.refused), [0, 1])


def test_in_silos_only_partners_of_the_same_region_see_a_listing():
    kw = {"market.screening": 1.0, "sharing.enabled": True, "sharing.level": 0.0}
    m = _model(n=40, n_regions=4, **kw)
    s, per = m.subjects, m.period
    per.partner[:] = (np.arange(40) + 5) % 40  # some partners in the actor's region
    s.listed_until[BUSINESS, :] = 10
    m.mechanisms["market"].screen()
    same = s.region == s.region[per.partner]
    assert same.any() and (~same).any()
    np.testing.assert_array_equal(per.refused, same)


@pytest.mark.parametrize("screening", [0.25, 1.0])
def test_the_listed_cost_is_the_surplus_of_the_refused_transaction(screening):
    m = hand_model({"market.screening": screening}, n=10, surplus=2.0)
    assert m.mechanisms["market"].listed_cost() == pytest.approx(screening * 1.0 * 2.0)


def test_screening_raises_honesty_and_excludes_the_listed():
    low = late_mean("honesty_rate", periods=30, **{"market.screening": 0.0})
    high = late_mean("honesty_rate", periods=30, **{"market.screening": 1.0})
    assert clearly_greater(high, low, 0.01)
    excluded = late_mean("excluded_share", periods=30, **{"market.screening": 1.0})
    assert (excluded > 0).all()
    assert (late_mean("excluded_share", periods=30, **{"market.screening": 0.0}) == 0).all()


def test_the_listed_cost_under_partial_sharing_by_hand():
    # a neighbour of the own region sees the listing; one of another region with the level
    kw = {"market.screening": 0.5, "sharing.enabled": True, "sharing.level": 0.25}
    m = hand_model(kw, n=10, surplus=2.0)
    same = np.linspace(0.0, 0.9, 10)
    m.mechanisms["interaction"].same_region = same
    seen = same + (1.0 - same) * 0.25
    np.testing.assert_allclose(m.mechanisms["market"].listed_cost(), 0.5 * seen * 2.0)


def test_in_silos_a_partner_0_of_another_region_does_not_see_a_listing():
    # every subject its own region: in silos no partner sees anyone's listing
    kw = {"market.screening": 1.0, "sharing.enabled": True, "sharing.level": 0.0}
    m = _model(n=10, n_regions=10, **kw)
    s, per = m.subjects, m.period
    per.partner[:] = 0
    per.partner[0] = 1
    s.listed_until[BUSINESS, :] = 10
    m.mechanisms["market"].screen()
    assert not per.refused.any() and not per.checked.any()
