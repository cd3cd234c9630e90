"""The model's ``forced_acts`` hook: a subject whose act is chosen from outside.

Used by the classroom page ("play a subject"); applied at the end of the decision rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel


def _model(**params):
    params.setdefault("n_subjects", 400)
    return CreditSystemModel(rng=5, **params)


@pytest.mark.parametrize("rule", ["logit", "imitation"])
@pytest.mark.parametrize("honest", [True, False])
def test_forced_subjects_act_as_told_every_period(rule, honest):
    m = _model(**{"decision.rule": rule, "decision.rationality": 0.0})
    ids = [0, 7, 399]
    m.forced_acts = dict.fromkeys(ids, honest)
    for _ in range(6):
        m.step()
        assert (m.period.honest[ids] == honest).all()
        # a coin toss for everybody else: both acts occur among the others
        others = np.delete(m.period.honest, ids)
        assert others.any() and not others.all()


def test_a_cheat_forced_through_a_deal_is_paid_the_gain_and_can_be_found():
    # everyone else honest (huge fine, best response); subject 3 forced to cheat
    m = _model(**{"sanctions.fine": 1000.0, "decision.rationality": 50.0})
    m.forced_acts = {3: False}
    cheated = found = 0
    for _ in range(30):
        m.step()
        per = m.period
        assert not per.cheated[np.arange(400) != 3].any()
        cheated += bool(per.cheated[3])
        found += bool(per.detected[3])
    assert cheated > 10 and found > 0


def test_no_forced_acts_changes_nothing_and_forcing_draws_no_random_numbers():
    base = _model()
    base.run_for(8)
    same = _model()
    same.forced_acts = {}
    same.run_for(8)
    pd.testing.assert_frame_equal(base.results(), same.results())
    # forcing a subject to do what its rule chose anyway leaves every draw in place
    chosen = bool(base.period.honest[11])
    forced = _model()
    forced.run_for(7)
    forced.forced_acts = {11: chosen}
    forced.step()
    pd.testing.assert_frame_equal(base.results(), forced.results())
