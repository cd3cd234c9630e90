"""Credit repair: clean spells, repair acts and leniency for minor records (§V(4))."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import FORGIVEN, STANDS, Period
from model.population import BUSINESS, GOVERNMENT, JUDICIAL, PERMANENT, SOCIAL
from tests.helpers import clearly_greater, late_mean, off_changes_nothing

ON = {"repair.enabled": True, "records.coverage": 1.0}
#: A listed subject's cost per period: 0.5 per department list, 0.25 on the court's,
#: status 3 * 0.125 (joint); nothing else.
COSTS = {
    "blacklist.cost": 0.5,
    "judicial.restriction_cost": 0.25,
    "joint.cost": 0.125,
    "market.screening": 0.0,
}


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
    kw = {"records.serious_weight": 3.0, "records.half_life": 12.0, "records.expiry_weight": 0.1}
    assert _model(**kw).mechanisms["repair"].serious_life == 59
    assert _model(**{"records.expiry_weight": 0.0}).mechanisms["repair"].serious_life > 10**6


def test_clean_spell_and_serious_records_by_hand():
    kw = {"repair.clean_periods": 3, "repair.propensity": 0.0}
    m = _model(**kw, **{"records.serious_weight": 3.0, "records.half_life": 12.0})
    rep, s = m.mechanisms["repair"], m.subjects
    s.records[[1, 2, 3, 4], SOCIAL] = [1.5, 1.5, 3.0, 1.0]
    s.last_record[[1, 2, 3, 4]] = [17, 18, 10, 17]  # 1 is clean for 3 periods, 2 is not
    rep.last_serious[3] = 10  # 3's serious record is still on file (20 - 10 < 59)
    s.listed_until[[SOCIAL, GOVERNMENT], 1] = [30, 25]
    s.wrong_listing[SOCIAL, 1] = True
    s.listed_until[JUDICIAL, 1] = PERMANENT  # the court's list is left to the courts
    rep.last_serious[4] = 17 - 59  # 4's serious record has expired: repairable
    s.payoff[:] = 0.0
    rep.restore()
    assert s.records[1].sum() == 0
    np.testing.assert_array_equal(s.listed_until[:, 1], [21, 0, 21, PERMANENT])
    assert s.records[2, SOCIAL] == np.float32(1.5)
    assert s.records[3, SOCIAL] == 3.0
    assert s.records[4].sum() == 0
    assert s.last_record[1] == 17  # a repaired subject still serves its red-list spell
    assert (s.payoff == 0).all()  # automatic restoration is free
    assert rep.outcomes()["repaired"] == 0.2 and rep.outcomes()["repair_actions"] == 0.0
    # with serious records repairable, subject 3 is repaired too
    m2 = _model(**{"repair.serious_repairable": True, "repair.propensity": 0.0})
    m2.subjects.records[3, 2] = 3.0
    m2.subjects.last_record[3] = 10
    m2.mechanisms["repair"].last_serious[3] = 10
    m2.mechanisms["repair"].restore()
    assert m2.subjects.records[3].sum() == 0


@pytest.mark.parametrize("clean", [1, 3])
def test_the_clean_spell_boundary(clean):
    m = _model(**{"repair.clean_periods": clean, "repair.propensity": 0.0})
    s = m.subjects
    s.records[[1, 2], SOCIAL] = 1.0
    s.last_record[[1, 2]] = [20 - clean, 20 - clean + 1]
    m.mechanisms["repair"].restore()
    assert s.records[1].sum() == 0 and s.records[2].sum() == 1.0


def test_the_repair_action_is_taken_when_what_it_lifts_is_worth_more_than_it_costs():
    kw = {"repair.clean_periods": 12, "repair.propensity": 1.0, "repair.cost": 2.0, **COSTS}
    m = _model(**kw)
    rep, s = m.mechanisms["repair"], m.subjects
    s.records[[1, 2, 3], BUSINESS] = 1.0
    s.last_record[[1, 2, 3]] = 19
    s.listed_until[BUSINESS, 1] = 40  # 19 periods left at 0.5 + 0.375: 16.6 > 2
    s.listed_until[BUSINESS, 2] = 23  # 2 periods left: 1.75 < 2
    # only the court's list: repair lifts nothing of it, so it is worth nothing
    s.listed_until[JUDICIAL, 3] = PERMANENT
    s.payoff[:] = 0.0
    rep.restore()
    assert s.records[1].sum() == 0 and s.listed_until[BUSINESS, 1] == 21
    assert s.payoff[1] == np.float32(-2.0)
    assert s.records[2, BUSINESS] == 1.0 and s.listed_until[BUSINESS, 2] == 23
    assert s.payoff[3] == 0.0 and s.records[3, BUSINESS] == 1.0
    out = rep.outcomes()
    assert out["repaired"] == 0.1 and out["repair_actions"] == 0.1


def test_a_department_listing_under_a_court_listing_is_worth_only_its_own_restriction():
    # on the court's list for good, the status costs stay whatever repair lifts: the
    # value of lifting a business listing with 19 periods left is 19 * 0.5 = 9.5
    kw = {"repair.clean_periods": 12, "repair.propensity": 1.0, **COSTS}
    for cost, taken in ((9.0, True), (10.0, False)):
        m = _model(**kw, **{"repair.cost": cost})
        s = m.subjects
        s.records[1, BUSINESS] = 1.0
        s.last_record[1] = 19
        s.listed_until[BUSINESS, 1] = 40
        s.listed_until[JUDICIAL, 1] = PERMANENT
        m.mechanisms["repair"].restore()
        assert bool(s.listed_until[BUSINESS, 1] == 21) is taken


def test_first_minor_finding_is_forgiven_once_in_the_ledger():
    m = _model(**{"repair.first_offence_leniency": True})
    rep, per = m.mechanisms["repair"], m.period
    per.detected[[1, 2, 3]] = True
    per.serious[2] = True  # serious findings are never forgiven
    m.subjects.last_record[3] = 4  # 3 has had a record: not a first offence
    per.open_findings(per.found)
    rep.forgive()
    np.testing.assert_array_equal(per.finding[[1, 2, 3]], [FORGIVEN, STANDS, STANDS])
    assert rep.outcomes()["forgiven"] == 0.1
    m.period = per = Period.new(21, 10)
    per.detected[1] = True
    per.open_findings(per.found)
    rep.forgive()  # the second minor finding stands
    assert per.finding[1] == STANDS
    # without leniency nothing is forgiven
    m3 = _model()
    m3.period.detected[1] = True
    m3.period.open_findings(m3.period.found)
    m3.mechanisms["repair"].forgive()
    assert m3.period.finding[1] == STANDS


def test_actors_anticipate_the_leniency():
    kw = {
        "repair.first_offence_leniency": True,
        "sanctions.fine": 2.0,
        "detection.serious_share": 0.25,
    }
    m = _model(**kw)
    rep, per, s = m.mechanisms["repair"], m.period, m.subjects
    per.p_detect[:] = 0.5
    s.last_record[3] = 4
    rep.forgiven_ever[4] = True
    s.has_file[5] = False
    d = rep.deterrence()
    expected = np.full(10, -0.5 * 0.75 * 2.0)
    expected[[3, 4, 5]] = 0.0
    np.testing.assert_allclose(d, expected)
    assert _model(**{"repair.first_offence_leniency": False}).mechanisms["repair"].deterrence() == 0


def test_repair_lifts_department_listings_only_where_serious_records_are_repairable():
    # department lists rest on serious findings, whose records repair cannot erase while
    # they are on file (59 periods at these weights, longer than every term)
    kw = {
        "records.serious_weight": 3.0,
        "records.half_life": 12.0,
        "records.expiry_weight": 0.1,
        "blacklist.scope_social": 0.2,
        **{f"blacklist.term_{d}": 36 for d in ("government", "business", "social")},
    }
    off = late_mean("admin_listed_share", **kw)
    strict = late_mean("admin_listed_share", **kw, **{"repair.enabled": True})
    np.testing.assert_array_equal(strict, off)
    lenient = {**kw, "repair.enabled": True, "repair.serious_repairable": True}
    assert clearly_greater(off, late_mean("admin_listed_share", **lenient), 0.005)


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


def test_repair_switched_on_mid_run_knows_earlier_serious_records():
    """A reform: serious records written while repair was off still bar repair.

    The memory of serious records is kept by ``records`` whatever repair's switch; it is
    checked here against the rule tracked by hand from each period's ledger, and then
    against what repair does when it is switched on (it used to start with no memory and
    repaired every serious-listed subject at once).
    """
    m = CreditSystemModel(rng=11, n_subjects=600, **{"records.coverage": 1.0})
    assert not m.mechanisms["repair"].enabled
    by_hand = np.full(600, -1)
    for _ in range(24):
        m.step()
        per = m.period
        by_hand[per.recorded & per.serious] = per.t
    np.testing.assert_array_equal(m.subjects.last_serious, by_hand)
    assert (by_hand >= 0).sum() > 5  # the test needs serious records
    m.set("repair.enabled", True)
    rep, s = m.mechanisms["repair"], m.subjects
    t = m.period.t
    on_file = (by_hand >= 0) & (t - by_hand < rep.serious_life)
    np.testing.assert_array_equal(rep.serious_on_file(), on_file)
    before = s.records[on_file].copy()
    rep.restore()
    np.testing.assert_array_equal(s.records[on_file], before)  # not repaired


def test_a_record_written_in_period_0_uses_up_the_first_offence():
    # last_record is a period (0 is the first), -1 for never: a subject recorded in
    # period 0 has had a record and its next minor finding is no first offence
    m = _model(**{"repair.first_offence_leniency": True})
    rep, per, s = m.mechanisms["repair"], m.period, m.subjects
    s.last_record[[1, 2, 3]] = [-1, 0, 1]
    per.detected[[1, 2, 3]] = True
    per.open_findings(per.found)
    rep.forgive()
    np.testing.assert_array_equal(per.finding[[1, 2, 3]], [FORGIVEN, STANDS, STANDS])
    lenient = rep.lenient_now()
    assert not lenient[[1, 2, 3]].any()  # 1 has now used its leniency
    assert lenient[[0, 4]].all()


def test_an_honest_actor_anticipates_the_forgiven_fine_of_a_false_finding():
    # given a false finding (probability 1), the minor share of it is forgiven while the
    # leniency is unused: -(1 - serious_share) * fine, whatever the detection chance
    kw = {
        "repair.first_offence_leniency": True,
        "sanctions.fine": 2.0,
        "detection.serious_share": 0.25,
    }
    m = _model(**kw)
    rep, s = m.mechanisms["repair"], m.subjects
    m.period.p_detect[:] = 0.1
    s.last_record[3] = 4
    rep.forgiven_ever[4] = True
    expected = np.full(10, -0.75 * 2.0)
    expected[[3, 4]] = 0.0
    np.testing.assert_allclose(rep.false_finding_cost(), expected)
    # without fines there is nothing to forgive
    off = _model(
        **{
            "repair.first_offence_leniency": True,
            "detection.serious_share": 0.25,
            "sanctions.enabled": False,
        }
    )
    assert off.mechanisms["repair"].false_finding_cost() == 0.0
    assert off.mechanisms["repair"].deterrence() == 0.0


def test_without_leniency_nothing_is_reported_forgiven():
    m = _model(**{"repair.first_offence_leniency": False})
    m.period.detected[1] = True
    m.period.open_findings(m.period.found)
    rep = m.mechanisms["repair"]
    rep.forgive()
    rep.restore()
    assert rep.outcomes() == {"repaired": 0.0, "repair_actions": 0.0, "forgiven": 0.0}


def test_a_serious_record_bars_repair_for_exactly_its_lifetime():
    # weight 3 halving every 12 periods drops below 0.1 after 59 ageings: written in
    # period 21 it is erased by period 80, written in period 22 it is still on file
    kw = {"records.serious_weight": 3.0, "records.half_life": 12.0, "records.expiry_weight": 0.1}
    m = _model(t=80, **kw, **{"repair.clean_periods": 3, "repair.propensity": 0.0})
    rep, s = m.mechanisms["repair"], m.subjects
    assert rep.serious_life == 59
    s.records[[1, 2, 3], SOCIAL] = 1.0
    s.last_record[[1, 2, 3]] = 60
    rep.last_serious[[1, 2, 3]] = [21, 22, 0]
    np.testing.assert_array_equal(rep.serious_on_file()[[0, 1, 2, 3]], [False, False, True, False])
    rep.restore()
    np.testing.assert_array_equal(s.records[[1, 2, 3], SOCIAL], [0.0, 1.0, 0.0])
    # a serious record written in period 0 is on file until period 59
    m0 = _model(t=58, **kw)
    m0.mechanisms["repair"].last_serious[1] = 0
    assert m0.mechanisms["repair"].serious_on_file()[1]


def test_records_in_every_domain_are_repaired():
    # one subject per domain with a record there only, clean for 3 periods
    m = _model(**{"repair.clean_periods": 3, "repair.propensity": 0.0})
    s = m.subjects
    for d in range(4):
        s.records[1 + d, d] = 1.0
        s.false_records[1 + d, d] = 0.5
    s.last_record[1:5] = 17
    m.mechanisms["repair"].restore()
    assert s.records.sum() == 0 and s.false_records.sum() == 0
    assert m.mechanisms["repair"].outcomes()["repaired"] == 0.4


def test_only_subjects_with_something_to_lift_are_repaired():
    # nothing on file and no listing ahead: nothing to repair, whatever the clean spell
    m = _model(**{"repair.clean_periods": 3, "repair.propensity": 1.0, "repair.cost": 0.0})
    s = m.subjects
    s.last_record[:] = 2  # every record has long been erased by ageing
    s.listed_until[SOCIAL, 1] = 21  # its listing's last period is this one (t = 20)
    s.listed_until[SOCIAL, 2] = 20  # ended
    s.listed_until[SOCIAL, 3] = 22  # one more period ahead: lifted
    s.payoff[:] = 0.0
    m.mechanisms["repair"].restore()
    assert m.mechanisms["repair"].outcomes()["repaired"] == 0.1
    np.testing.assert_array_equal(s.listed_until[SOCIAL, [1, 2, 3]], [21, 20, 21])


def test_a_subject_without_a_credit_file_is_not_repaired():
    # coverage lowered after its records were written: it keeps them, and its listing
    m = _model(**{"repair.clean_periods": 3, "repair.propensity": 1.0, "repair.cost": 0.0})
    s = m.subjects
    s.records[[1, 2], SOCIAL] = 1.0
    s.last_record[[1, 2]] = 10
    s.listed_until[SOCIAL, [1, 2]] = 40
    s.has_file[1] = False
    m.mechanisms["repair"].restore()
    assert s.records[1, SOCIAL] == 1.0 and s.listed_until[SOCIAL, 1] == 40
    assert s.records[2, SOCIAL] == 0.0 and s.listed_until[SOCIAL, 2] == 21


def test_a_record_written_in_period_0_is_erased_after_the_clean_spell():
    m = _model(t=3, **{"repair.clean_periods": 3, "repair.propensity": 0.0})
    s = m.subjects
    s.records[[1, 2], SOCIAL] = 1.0
    s.last_record[[1, 2]] = [0, 1]
    m.mechanisms["repair"].restore()
    np.testing.assert_array_equal(s.records[[1, 2], SOCIAL], [0.0, 1.0])


def test_the_repair_action_is_not_taken_when_it_costs_exactly_what_it_lifts():
    # the business listing's own restriction, 19 periods * 0.5 = 9.5 (exact in binary)
    kw = {"repair.clean_periods": 12, "repair.propensity": 1.0, **COSTS}
    m = _model(**kw, **{"repair.cost": 9.5})
    s = m.subjects
    s.records[1, BUSINESS] = 1.0
    s.last_record[1] = 19
    s.listed_until[BUSINESS, 1] = 40
    s.listed_until[JUDICIAL, 1] = PERMANENT
    s.payoff[:] = 0.0
    m.mechanisms["repair"].restore()
    assert s.listed_until[BUSINESS, 1] == 40 and s.payoff[1] == 0.0


def test_switched_off_reports_no_repair():
    m = CreditSystemModel(rng=6, n_subjects=50, **{"records.coverage": 1.0})
    m.run_for(2)
    out = m.mechanisms["repair"].outcomes()
    assert out == {"repaired": 0.0, "repair_actions": 0.0, "forgiven": 0.0}


def test_a_repair_rescores_only_the_repaired_files():
    # the pilot scored everyone earlier in the period; a repair erases some files, and
    # only their scores may change (to the clean 100 of an empty file): the others keep
    # the score partners read, whether anyone was repaired or not
    kw = {"repair.clean_periods": 3, "repair.propensity": 0.0, "scoring.enabled": True}
    m = _model(**kw)
    s = m.subjects
    s.records[[1, 2], SOCIAL] = 1.0
    s.last_record[[1, 2]] = [17, 19]  # 1 is clean for 3 periods and repaired, 2 is not
    s.score[:] = 42.0  # as scored before this period's ageing, whatever the records
    m.mechanisms["repair"].restore()
    assert s.score[1] == 100.0
    assert (np.delete(s.score, 1) == 42.0).all()
