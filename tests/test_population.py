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
