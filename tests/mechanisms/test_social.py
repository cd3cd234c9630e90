"""Social discipline: disclosure, shame and ostracism of the listed (§V(1))."""

import numpy as np
import pytest

from model.population import BUSINESS, JUDICIAL, PERMANENT
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def _model(n=10, **kw):
    return hand_model({"social.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"social.shame": 5.0, "social.ostracism": 1.0, "social.disclosure": 0.1})


def test_disclosure_shame_and_ostracism_by_hand():
    m = _model(**{"social.shame": 0.75, "social.ostracism": 1.0, "social.disclosure": 1.0})
    soc, s, per = m.mechanisms["social"], m.subjects, m.period
    s.listed_until[BUSINESS, 2] = 20  # listed this period (t = 5)
    s.listed_until[JUDICIAL, 4] = PERMANENT
    s.listed_until[BUSINESS, 6] = 6  # its last period was this one: not published
    soc.expose()
    np.testing.assert_array_equal(np.flatnonzero(soc.exposed), [2, 4])
    # next period: the exposed and listed lose exactly the shame cost
    per.t = 6
    s.payoff[:] = 1.0
    soc.shame()
    expected = np.ones(10, np.float32)
    expected[[2, 4]] -= np.float32(0.75)
    np.testing.assert_array_equal(s.payoff, expected)
    assert soc.outcomes()["shamed_share"] == 0.2
    # ostracism 1: every attempted, not yet refused transaction of an exposed actor fails
    per.attempted[:] = True
    per.refused[4] = True  # already refused by a partner who checked
    soc.ostracise()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2, 4])
    assert soc.outcomes()["ostracised_share"] == 0.1
    # a lifted listing is forgotten at the next disclosure step
    s.listed_until[BUSINESS, 2] = 7
    soc.expose()
    np.testing.assert_array_equal(np.flatnonzero(soc.exposed), [4])


def test_an_exposed_subject_whose_listing_is_lifted_after_disclosure_is_not_shamed_or_shunned():
    m = _model(**{"social.shame": 0.75, "social.ostracism": 1.0, "social.disclosure": 1.0})
    soc, s, per = m.mechanisms["social"], m.subjects, m.period
    s.listed_until[BUSINESS, [2, 3]] = 20
    soc.expose()  # period 5: both disclosed
    # later in period 5 (repair, re-registration) 3's listing is lifted: its last period is 5
    s.listed_until[BUSINESS, 3] = 6
    per.t = 6
    s.payoff[:] = 1.0
    soc.shame()
    assert s.payoff[2] == np.float32(0.25) and s.payoff[3] == 1.0
    per.attempted[:] = True
    soc.ostracise()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2])


def test_nothing_is_disclosed_at_zero_disclosure():
    m = _model(**{"social.disclosure": 0.0})
    soc, s = m.mechanisms["social"], m.subjects
    s.listed_until[BUSINESS] = 20
    soc.expose()
    assert not soc.exposed.any()


def test_disclosure_is_drawn_for_new_and_renewed_listings_only():
    n = 4000
    m = _model(n=n, **{"social.disclosure": 0.5})
    soc, s = m.mechanisms["social"], m.subjects
    s.listed_until[BUSINESS] = 20
    soc.expose()
    first = soc.exposed.copy()
    assert abs(first.mean() - 0.5) < 4 * np.sqrt(0.25 / n)
    soc.expose()  # nothing new: the same subjects stay exposed
    np.testing.assert_array_equal(soc.exposed, first)
    s.listed_until[BUSINESS, : n // 2] = 30  # renewed: drawn again
    soc.expose()
    np.testing.assert_array_equal(soc.exposed[n // 2 :], first[n // 2 :])
    assert not np.array_equal(soc.exposed[: n // 2], first[: n // 2])


@pytest.mark.parametrize("screening", [0.0, 0.5])
def test_listed_cost_by_hand(screening):
    kw = {
        "social.shame": 0.5,
        "social.ostracism": 0.4,
        "social.disclosure": 0.5,
        "market.screening": screening,
    }
    m = hand_model({"social.enabled": True, **kw}, n=10, surplus=2.0)
    # ostracism counts only the transactions screening has not already refused
    expected = 0.5 * (0.5 + 0.4 * (1 - screening * 1.0) * 2.0)
    assert m.mechanisms["social"].listed_cost() == pytest.approx(expected)
    no_market = hand_model(
        {"social.enabled": True, **kw, "market.enabled": False},
        n=10,
        surplus=2.0,
        allow_inactive=True,
    )
    assert no_market.mechanisms["social"].listed_cost() == pytest.approx(0.5 * (0.5 + 0.8))


def test_exposure_raises_honesty():
    kw = {"blacklist.scope_social": 0.5, "social.shame": 1.0}
    on = late_mean("honesty_rate", **kw, **{"social.enabled": True})
    off = late_mean("honesty_rate", allow_inactive=True, **kw)
    assert clearly_greater(on, off, 0.002)


def test_shamed_share_is_at_most_last_periods_listed_share():
    df = run(2, periods=30, **{"social.enabled": True})
    shamed, listed = df["shamed_share"].to_numpy(), df["blacklisted_share"].to_numpy()
    assert shamed[0] == 0.0
    assert (shamed[1:] <= listed[:-1] + 1e-12).all()
    assert shamed[-10:].mean() > 0


# --- tests written against surviving mutants (issue 14, item 7) ---------------------------
def test_ostracism_counts_only_what_partners_cannot_see_of_a_partly_disclosed_status():
    # with only half of the checks returning a status, screening 0.5 refuses a listed
    # subject in a quarter of its transactions; neighbours shun at 0.4 in the rest
    kw = {
        "social.shame": 0.5,
        "social.ostracism": 0.4,
        "social.disclosure": 0.5,
        "market.screening": 0.5,
        "security.enabled": True,
        "security.public_disclosure": 0.5,
    }
    m = hand_model({"social.enabled": True, **kw}, n=10, surplus=2.0)
    expected = 0.5 * (0.5 + 0.4 * (1 - 0.25) * 2.0)
    assert m.mechanisms["social"].listed_cost() == pytest.approx(expected)


def test_only_exposed_subjects_still_listed_and_dealing_are_shunned():
    m = _model(**{"social.ostracism": 1.0})
    soc, s, per = m.mechanisms["social"], m.subjects, m.period
    s.listed_until[BUSINESS, [1, 2, 3, 4]] = 20
    soc.exposed[[1, 2, 3, 5]] = True  # 4 listed but not exposed; 5's listing was lifted
    per.attempted[:] = True
    per.attempted[2] = False  # no transaction to refuse
    per.refused[3] = True  # already refused
    soc.ostracise()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [1, 3])
    assert soc.outcomes()["ostracised_share"] == 0.1


def test_a_listed_subject_not_exposed_bears_no_shame():
    m = _model(**{"social.disclosure": 0.0, "social.shame": 1.0})
    soc, s = m.mechanisms["social"], m.subjects
    s.listed_until[BUSINESS, :5] = 20
    soc.expose()
    s.payoff[:] = 0.0
    soc.shame()
    assert not s.payoff.any() and soc.outcomes()["shamed_share"] == 0.0


def test_switched_off_nobody_stays_exposed_and_nothing_is_reported():
    m = hand_model({"social.enabled": True}, n=10)
    soc, s = m.mechanisms["social"], m.subjects
    s.listed_until[BUSINESS, [1, 2]] = 20
    soc.expose()
    assert soc.exposed.any()
    m.set("social.enabled", False)
    assert not soc.exposed.any()
    assert soc.outcomes() == {"shamed_share": 0.0, "ostracised_share": 0.0}
