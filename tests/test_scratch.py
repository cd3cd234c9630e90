"""The period's scratch arrays (model/period.py): one set serves every period.

The model resets the same arrays in place at the start of each step
(``Period.blank``), so that a million-subject run does not allocate some twenty arrays
afresh every period. A value written in one period must not be seen in the next.
"""

import dataclasses

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import NONE, Period

#: Every per-subject array of a period, with a value no blank period holds.
POISON = {
    "partner": 3,
    "domain": 2,
    "attempted": True,
    "checked": True,
    "refused": True,
    "assured": True,
    "transacted": True,
    "honest": False,
    "p_monitor": 0.7,
    "p_detect": 0.6,
    "p_false": 0.5,
    "detected": True,
    "false_record": True,
    "serious": True,
    "finding": 4,
    "recorded": True,
    "fined": 2.5,
}


def poison(per: Period) -> None:
    """Write a non-blank value into every array and every slot of a period."""
    for name, value in POISON.items():
        getattr(per, name)[:] = value
    per.p_expected = np.full(len(per.partner), 0.9, dtype=np.float32)
    per.e_expected = np.full(len(per.partner), 0.8, dtype=np.float32)
    per.false_cost = np.ones(len(per.partner))
    per.extra["count"] = 7.0
    per.memo = {"key": 1}
    per.accounts.collect("fines", 3.0)
    per.accounts.pay("rewards", 2.0)
    per.accounts.use("inspections", 5.0)


def test_every_array_of_a_period_is_poisoned_by_the_test():
    # the poison covers every per-subject array of the dataclass (a new one must be added)
    arrays = {
        f.name
        for f in dataclasses.fields(Period)
        if isinstance(getattr(Period.new(0, 3), f.name), np.ndarray)
    }
    assert arrays - {"p_expected", "e_expected"} == set(POISON)


def test_a_blank_period_on_used_arrays_equals_a_new_one():
    old = Period.new(2, 5)
    poison(old)
    per = old.blank(3)
    fresh = Period.new(3, 5)
    assert per.t == 3
    for name in POISON:
        got, want = getattr(per, name), getattr(fresh, name)
        assert got.dtype == want.dtype and got.tolist() == want.tolist(), name
        assert got is getattr(old, name)  # the same array, reset in place
    # by hand: no partner, domain 0, kept faith until chosen, no finding on the ledger
    assert per.partner.tolist() == [-1] * 5 and per.honest.all() and not per.refused.any()
    assert (per.finding == NONE).all() and (per.p_detect == 0).all()
    # the expected chances are the true ones again, nothing else is carried over
    assert per.p_expected is per.p_detect and per.e_expected is per.p_false
    assert per.false_cost is None and per.extra == {} and per.memo is None
    assert per.fines == 0.0 and per.rewards == 0.0
    assert per.accounts.volume["inspections"] == 0.0


def test_a_blank_period_has_accounts_of_its_own():
    old = Period.new(0, 2)
    per = old.blank(1)
    per.accounts.collect("fines", 1.0)
    assert old.fines == 0.0 and old.blank(2).fines == 0.0


@pytest.mark.parametrize(
    "params",
    [{}, {"judicial.enabled": False, "joint.enabled": False, "whistleblower.enabled": True}],
)
def test_what_a_period_wrote_is_not_seen_in_the_next(params):
    # a run whose period arrays are poisoned between steps is the same run
    clean = CreditSystemModel(rng=5, n_subjects=300, **params)
    dirty = CreditSystemModel(rng=5, n_subjects=300, **params)
    for _ in range(4):
        clean.step()
        dirty.step()
        poison(dirty.period)
    for _ in range(2):
        clean.step()
        dirty.step()
    assert clean.results().equals(dirty.results())
    for f in dataclasses.fields(clean.subjects):
        np.testing.assert_array_equal(
            getattr(clean.subjects, f.name), getattr(dirty.subjects, f.name), err_msg=f.name
        )


def test_every_period_runs_on_the_same_arrays():
    m = CreditSystemModel(rng=1, n_subjects=50)
    m.step()
    first = m.period
    m.step()
    assert m.period is not first and m.period.t == 1
    assert m.period.honest is first.honest  # reused: the next step resets them
    assert m.period.p_expected is m.period.p_detect
