"""Sharing: visibility across departments and regions (§IV(2), §IV(5))."""

import numpy as np
import pandas as pd
import pytest

from model import listings
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing({"sharing.level": 0.1})
    assert (base["sharing_level"] == 1.0).all()


def test_level_one_equals_the_core_outcomes():
    base = run(5, periods=15, n_subjects=800)
    one = run(5, periods=15, n_subjects=800, **{"sharing.enabled": True, "sharing.level": 1.0})
    pd.testing.assert_frame_equal(base, one)


def test_level_is_set_and_reported_every_period():
    df = run(1, periods=5, n_subjects=300, **{"sharing.enabled": True, "sharing.level": 0.3})
    assert (df["sharing_level"] == 0.3).all()


@pytest.mark.parametrize("level", [0.0, 0.3])
def test_what_subjects_expect_partners_to_see(level):
    m = hand_model({"sharing.enabled": True, "sharing.level": level}, n=60, n_regions=3)
    same = m.mechanisms["interaction"].same_region
    assert 0.0 < same.mean() < 1.0
    # partners of the actor's region see a listing; the others with the level
    np.testing.assert_allclose(listings.visibility(m), same + (1 - same) * level, rtol=1e-6)
    screening = m.params["market.screening"]
    np.testing.assert_allclose(
        m.mechanisms["market"].listed_cost(),
        screening * (same + (1 - same) * level) * m.world.surplus,
        rtol=1e-6,
    )


def test_silos_lower_the_share_excluded_by_partners():
    kw = {"sharing.enabled": True, "interaction.cross_region": 0.5, "market.screening": 1.0}
    full = late_mean("excluded_share", seeds=(1, 2, 3, 4), **kw, **{"sharing.level": 1.0})
    silo = late_mean("excluded_share", seeds=(1, 2, 3, 4), **kw, **{"sharing.level": 0.0})
    assert clearly_greater(full, silo, 0.001)
    assert np.all(silo >= 0)


def test_switching_sharing_off_mid_run_restores_the_national_platform():
    from model import CreditSystemModel

    m = CreditSystemModel(rng=1, n_subjects=100, **{"sharing.enabled": True, "sharing.level": 0.3})
    m.run_for(2)
    m.set("sharing.enabled", False)
    assert m.sharing_level == 1.0  # at once: nothing sets it while the mechanism is off
    m.run_for(2)
    np.testing.assert_array_equal(m.results()["sharing_level"], [0.3, 0.3, 1.0, 1.0])
