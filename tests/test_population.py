"""The population: kinds in their stated proportions, mixed alike in every region.

``make_subjects`` gives ``round(n * firm_share)`` firms and ``round(n * official_share)``
officials (at most the subjects left), the rest persons, interleaved over ids so that
every region (a contiguous block of ids) gets the same mix, with no random draws. Regions
and representatives are tested in tests/test_geography.py, the lists' timing in
tests/test_listings.py.
"""

import numpy as np
import pytest

from model.population import FIRM, OFFICIAL, PERSON, Params, make_subjects


@pytest.mark.parametrize(
    "n,firm_share,official_share,firms,officials",
    [
        (40, 0.2, 0.05, 8, 2),  # the defaults' shares
        (200, 0.5, 0.25, 100, 50),
        (30, 0.0, 0.1, 0, 3),
        (30, 0.1, 0.0, 3, 0),
        (10, 0.3, 0.7, 3, 7),  # no person left
    ],
)
def test_kinds_come_in_the_stated_proportions(n, firm_share, official_share, firms, officials):
    s = make_subjects(Params(n_subjects=n, firm_share=firm_share, official_share=official_share))
    assert s.n == n
    assert np.count_nonzero(s.kind == FIRM) == firms
    assert np.count_nonzero(s.kind == OFFICIAL) == officials
    assert np.count_nonzero(s.kind == PERSON) == n - firms - officials


@pytest.mark.parametrize("regions", [2, 4, 10])
def test_every_region_gets_the_same_mix_of_kinds(regions):
    # 1000 subjects, 20% firms and 5% officials: each region's share within one or two
    # subjects of the whole's (interleaved ids, not blocks of one kind)
    n = 1000
    s = make_subjects(Params(n_subjects=n, n_regions=regions))
    size = n / regions
    for r in range(regions):
        mine = s.region == r
        assert abs(np.count_nonzero(s.kind[mine] == FIRM) - 0.2 * size) <= 2, r
        assert abs(np.count_nonzero(s.kind[mine] == OFFICIAL) - 0.05 * size) <= 2, r


def test_who_is_listed_and_wrongly_listed_in_a_period_by_hand():
    # listed_until is the first period a listing no longer holds
    s = make_subjects(Params(n_subjects=10))
    u = 7
    s.listed_until[1, 0] = u + 1  # holds in u (its last period)
    s.listed_until[2, 1] = u  # ended before u
    s.listed_until[0, 2], s.listed_until[3, 2] = u, u + 5  # one ended, one holds
    s.listed_until[3, 3] = u + 1  # holds in u, on a false record
    s.wrong_listing[3, 3] = True
    s.wrong_listing[2, 1] = True  # a false record whose listing has ended
    s.wrong_listing[1, 4] = True  # a mark with no listing at all
    s.listed_until[1, 5] = u + 2  # holds on one list; wrongly on a list that ended
    s.listed_until[2, 5] = u
    s.wrong_listing[2, 5] = True
    assert s.listing_end().tolist() == [u + 1, u, u + 5, u + 1, 0, u + 2, 0, 0, 0, 0]
    assert np.flatnonzero(s.listed(u)).tolist() == [0, 2, 3, 5]
    assert np.flatnonzero(s.listed(u + 1)).tolist() == [2, 5]
    assert np.flatnonzero(s.wrongly_listed(u)).tolist() == [3]
    assert np.flatnonzero(s.wrongly_listed(u - 1)).tolist() == [1, 3, 5]
    assert not s.wrongly_listed(u + 1).any()


def test_nobody_starts_with_a_record():
    # -1 is "none": the red list's clean spell and repair's first offences read it, so a
    # subject never recorded must not look recorded in period 0 or 1
    s = make_subjects(Params(n_subjects=20))
    assert (s.last_record == -1).all() and (s.last_serious == -1).all()
    assert not s.records.any() and not s.has_file.any()
