"""Abolishing one list mid-run (model.set) ends that list's listings and no other's."""

import numpy as np
import pytest

from model import CreditSystemModel, listings
from model.population import BUSINESS, FIRM, JUDICIAL, PERMANENT, SOCIAL


def listed_model():
    """After 3 quiet periods: department, court and red lists filled by hand."""
    m = CreditSystemModel(rng=2, n_subjects=40, **{"detection.enabled": False})
    m.run_for(3)
    s = m.subjects
    t = m.t - 1  # the latest period run: decisions as if made at its end
    listings.place(s, np.array([1, 2]), BUSINESS, listings.listing_until(t, 10), False, False)
    listings.place(s, np.array([3]), SOCIAL, PERMANENT, False, False)
    listings.place(s, np.array([2, 4]), JUDICIAL, PERMANENT, False, False)
    s.red[np.flatnonzero(s.kind == FIRM)[-2:]] = True
    return m


@pytest.mark.parametrize(
    "switch,ended,kept",
    [
        (
            "blacklist.enabled",
            [(BUSINESS, 1), (BUSINESS, 2), (SOCIAL, 3)],
            [(JUDICIAL, 2), (JUDICIAL, 4)],
        ),
        (
            "judicial.list",
            [(JUDICIAL, 2), (JUDICIAL, 4)],
            [(BUSINESS, 1), (BUSINESS, 2), (SOCIAL, 3)],
        ),
        (
            "judicial.enabled",
            [(JUDICIAL, 2), (JUDICIAL, 4)],
            [(BUSINESS, 1), (BUSINESS, 2), (SOCIAL, 3)],
        ),
    ],
)
def test_abolishing_a_list_ends_its_listings_only(switch, ended, kept):
    m = listed_model()
    s = m.subjects
    red = s.red.copy()
    before = s.listed_until.copy()
    m.set(switch, False)
    # from the coming period (index m.t) on, none of the abolished list's listings holds
    for d, i in ended:
        assert not s.listed_until[d, i] > m.t, (d, i)
    for d, i in kept:
        assert s.listed_until[d, i] == before[d, i], (d, i)
    np.testing.assert_array_equal(s.red, red)


def test_abolishing_the_red_list_empties_it_and_leaves_the_lists():
    m = listed_model()
    s = m.subjects
    before = s.listed_until.copy()
    assert s.red.any()
    m.set("redlist.enabled", False)
    assert not s.red.any()
    np.testing.assert_array_equal(s.listed_until, before)
    m.run_for(3)
    assert not s.red.any()
