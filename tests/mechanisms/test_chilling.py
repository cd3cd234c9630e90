"""Chilling effects (issue 11, item 5): a lawful activity forgone when v < q * C."""

import numpy as np
import pandas as pd
import pytest

from tests.helpers import hand_model, late_mean, run

ON = {"chilling.enabled": True}
#: Only the fine follows a false finding: C is the fine.
FINE_ONLY = {
    **ON,
    "blacklist.enabled": False,
    "judicial.enabled": False,
    "joint.enabled": False,
    "redlist.enabled": False,
    "market.enabled": False,
    "sanctions.fine": 4.0,
    "chilling.risk": 5.0,
    "chilling.value": 0.5,
}


def test_forgone_where_value_is_below_the_feared_cost_by_hand():
    m = hand_model(FINE_ONLY, n=10)
    ch = m.mechanisms["chilling"]
    ch.worth[:] = np.linspace(0.0, 4.5, 10)  # values 0, 0.25, ..., 2.25
    m.period.p_false[:] = np.float32(0.03125)  # q = 5 * 1/32 = 0.15625; q * C = 0.625
    m.mechanisms["decision"].perceive()
    ch.weigh()
    value = 0.5 * np.linspace(0.0, 4.5, 10)
    chilled = value < 0.625
    out = ch.outcomes()
    assert out["chilled_share"] == pytest.approx(chilled.mean())
    assert out["chilling_loss"] == pytest.approx(value[chilled].sum() / 10)


def test_an_activity_worth_exactly_the_feared_cost_is_done():
    # forgone only when v < q * C: at v = q * C, and at v = 0 with nothing feared, it is done
    m = hand_model(FINE_ONLY, n=10)
    ch = m.mechanisms["chilling"]
    ch.worth[:] = [1.25, 1.0, 1.5] + [0.0] * 7  # values 0.625, 0.5, 0.75, then 0
    m.period.p_false[:3] = np.float32(0.03125)  # q * C = 5 / 32 * 4 = 0.625, exact
    m.mechanisms["decision"].perceive()
    ch.weigh()
    # only the second (0.5 < 0.625) forgoes it; the last seven fear nothing
    assert ch.outcomes() == {"chilled_share": 0.1, "chilling_loss": 0.5 / 10}


def test_the_feared_chance_is_capped_at_one():
    m = hand_model(FINE_ONLY, n=10)
    m.period.p_false[:] = 0.5  # 5 * 0.5 > 1
    np.testing.assert_allclose(m.mechanisms["chilling"].feared_cost(), 4.0)


def test_chilled_share_is_one_minus_exp_of_minus_feared_cost_over_mean_value():
    # values exponential with mean 0.5; q * C = 0.25 for everyone (no file-dependent
    # terms): P(v < 0.25) = 1 - exp(-0.5)
    m = hand_model({**FINE_ONLY, "records.coverage": 1.0}, n=50_000, seed=8)
    m.period.p_false[:] = np.float32(0.0125)  # q = 0.0625, q * C = 0.25
    m.mechanisms["decision"].perceive()
    m.mechanisms["chilling"].weigh()
    share = m.mechanisms["chilling"].outcomes()["chilled_share"]
    assert abs(share - (1 - np.exp(-0.5))) < 0.01, share


def test_nobody_is_chilled_without_feared_errors_or_when_unaware():
    m = hand_model(FINE_ONLY, n=20)
    m.mechanisms["chilling"].weigh()  # e = 0
    assert m.mechanisms["chilling"].outcomes()["chilled_share"] == 0.0
    u = hand_model({**FINE_ONLY, "decision.awareness": 0.0}, n=20)
    u.period.p_false[:] = 0.1
    u.mechanisms["decision"].perceive()
    u.mechanisms["chilling"].weigh()
    assert u.mechanisms["chilling"].outcomes()["chilled_share"] == 0.0


def test_harsher_sanctions_and_more_errors_chill_more():
    base = late_mean("chilled_share", periods=5, last=5, **ON)
    fine = late_mean("chilled_share", periods=5, last=5, **ON, **{"sanctions.fine": 8.0})
    errors = late_mean(
        "chilled_share", periods=5, last=5, **ON, **{"detection.false_record_rate": 0.03}
    )
    assert (fine > base + 0.1).all() and (errors > base + 0.1).all(), (base, fine, errors)


def test_switched_off_reports_zero_and_moving_its_parameters_changes_nothing():
    base = run(4, 10, n_subjects=800)
    moved = run(
        4, 10, n_subjects=800, allow_inactive=True, **{"chilling.value": 3.0, "chilling.risk": 50}
    )
    pd.testing.assert_frame_equal(base, moved, check_exact=True)
    assert (base["chilled_share"] == 0).all() and (base["chilling_loss"] == 0).all()


def test_switching_it_on_changes_nothing_else():
    base = run(6, 12, n_subjects=800)
    on = run(6, 12, n_subjects=800, **ON)
    cols = [c for c in base.columns if c not in ("chilled_share", "chilling_loss")]
    pd.testing.assert_frame_equal(base[cols], on[cols], check_exact=True)
    assert (on["chilled_share"] > 0).all()
