"""Regions as clusters of the network, and firms' legal representatives.

Regions are contiguous blocks of ids; a share ``interaction.cross_region`` of the ties
link a subject to another region, so about ``1 - cross_region`` of its neighbours share
its region (small world and scale-free alike). Each firm's legal representative is a
person of its region: the first after it in id order, wrapping round the region.
"""

import numpy as np
import pytest

from model import REGISTRY, CreditSystemModel
from model import network as net
from model.population import FIRM, OFFICIAL, PERSON, regions_of, representatives


@pytest.mark.parametrize("n,r", [(10, 4), (12, 4), (1000, 7), (5, 1), (64, 64)])
def test_regions_are_contiguous_blocks_of_nearly_equal_size(n, r):
    region = regions_of(n, r)
    assert region.dtype == np.int16
    assert region[0] == 0 and region[-1] == r - 1
    assert (np.diff(region) >= 0).all() and (np.diff(region) <= 1).all()  # contiguous
    size = np.bincount(region, minlength=r)
    assert size.max() - size.min() <= 1 and size.sum() == n


def edge_same_region(g, region):
    src = np.repeat(np.arange(g.n), g.degree)
    return float(np.mean(region[src] == region[g.indices]))


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
@pytest.mark.parametrize("cross", [0.0, 0.1, 0.3, 0.6])
def test_the_share_of_neighbours_in_ones_own_region_is_one_minus_cross_region(kind, cross):
    n, regions = 6000, 4
    region = regions_of(n, regions)
    g = net.build(kind, n, 6, 0.1, np.random.default_rng(3), region, cross)
    share = net.same_region_share(g, region)
    # ties at a block's edge on the ring, self-loops and duplicates: a little slack
    assert abs(edge_same_region(g, region) - (1 - cross)) < 0.02
    # per subject, a little more: in the scale-free graph a subject left without a tie is
    # given one in its own region (about 0.04 more at cross_region 0.6)
    assert abs(share.mean() - (1 - cross)) < 0.05
    assert abs(g.degree.mean() - 6) < 0.3


def test_every_tie_crosses_regions_at_cross_region_one():
    region = regions_of(3000, 4)
    g = net.small_world(3000, 6, 0.1, np.random.default_rng(1), region, 1.0)
    assert edge_same_region(g, region) == 0.0
    # cross-region ends are uniform over the other regions
    src = np.repeat(np.arange(g.n), g.degree)
    pairs = np.bincount(region[src] * 4 + region[g.indices], minlength=16).reshape(4, 4)
    off = pairs[~np.eye(4, dtype=bool)]
    assert off.min() > 0.8 * off.mean()


def test_same_region_share_by_hand():
    m = CreditSystemModel(rng=2, n_subjects=60, n_regions=3)
    g, region = m.mechanisms["interaction"].network, m.subjects.region
    expected = [
        np.mean(region[g.indices[g.indptr[i] : g.indptr[i + 1]]] == region[i]) for i in range(60)
    ]
    np.testing.assert_allclose(m.mechanisms["interaction"].same_region, expected, rtol=1e-6)
    np.testing.assert_allclose(net.same_region_share(g, region, block=7), expected, rtol=1e-6)


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_most_neighbours_share_a_region_at_defaults(kind):
    assert REGISTRY["n_regions"].default > 1
    m = CreditSystemModel(rng=1, n_subjects=4000, **{"interaction.network": kind})
    assert m.mechanisms["interaction"].same_region.mean() > 0.5


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_one_region_works(kind):
    m = CreditSystemModel(
        rng=1,
        n_subjects=500,
        n_regions=1,
        **{"interaction.network": kind, "interaction.cross_region": 0.5},
    )
    assert (m.subjects.region == 0).all()
    assert (m.mechanisms["interaction"].same_region == 1.0).all()
    assert len(m.mechanisms["judicial"].courts) == 1
    m.run_for(3)
    assert m.results()["honesty_rate"].notna().all()


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_more_regions_than_subjects_works(kind):
    # some regions have nobody: they still have a court and a government
    m = CreditSystemModel(
        rng=1, n_subjects=10, n_regions=20, **{"interaction.network": kind, "interaction.degree": 2}
    )
    assert len(set(m.subjects.region.tolist())) == 10
    assert len(m.mechanisms["judicial"].courts) == 20
    m.run_for(3)
    assert len(m.results()) == 3


def test_partners_come_from_other_regions_at_the_cross_region_rate():
    m = CreditSystemModel(rng=4, n_subjects=6000, **{"interaction.cross_region": 0.3})
    m.step()
    s, per = m.subjects, m.period
    has = per.partner >= 0
    same = s.region[has] == s.region[per.partner[has]]
    assert abs(same.mean() - 0.7) < 0.03


# --- legal representatives ------------------------------------------------------------


def representative_by_hand(kind, region, firm):
    persons = [i for i in range(len(kind)) if kind[i] == PERSON and region[i] == region[firm]]
    if not persons:
        return -1
    after = [i for i in persons if i > firm]
    return after[0] if after else persons[0]


@pytest.mark.parametrize("n,r,firm_share", [(40, 3, 0.2), (97, 5, 0.5), (30, 1, 0.3)])
def test_each_firms_representative_is_a_person_of_its_region(n, r, firm_share):
    m = CreditSystemModel(rng=1, n_subjects=n, n_regions=r, firm_share=firm_share)
    s = m.subjects
    for i in range(n):
        if s.kind[i] == FIRM:
            assert s.representative[i] == representative_by_hand(s.kind, s.region, i), i
            rep = s.representative[i]
            assert s.kind[rep] == PERSON and s.region[rep] == s.region[i]
        else:
            assert s.representative[i] == -1


def test_representatives_wrap_round_the_region_and_need_a_person():
    # region 0: ids 0-3, region 1: ids 4-7 (no person), region 2: ids 8-11
    kind = np.array([0, 1, 0, 1, 1, 2, 1, 2, 1, 0, 1, 1], dtype=np.int8)
    region = regions_of(12, 3)
    rep = representatives(kind, region)
    # firm 1 -> person 2; firm 3 -> wraps to person 0; firms 4, 6 -> none in region 1;
    # firm 8 -> person 9; firms 10, 11 -> wrap to person 9
    np.testing.assert_array_equal(rep, [-1, 2, -1, 0, -1, -1, -1, -1, 9, -1, 9, 9])
    assert (representatives(np.full(5, FIRM, dtype=np.int8), regions_of(5, 2)) == -1).all()
    assert (representatives(np.full(5, OFFICIAL, dtype=np.int8), regions_of(5, 2)) == -1).all()


def test_representatives_wrap_past_the_last_person_and_the_last_region_may_have_none():
    # one region: firms after the last person wrap round to the first person
    kind = np.array([PERSON, PERSON, FIRM, FIRM], dtype=np.int8)
    np.testing.assert_array_equal(representatives(kind, regions_of(4, 1)), [-1, -1, 0, 0])
    # two regions, the last (ids 4-7) without a person: its firms have none
    kind = np.array([0, 1, 0, 1, 1, 1, 2, 1], dtype=np.int8)
    np.testing.assert_array_equal(
        representatives(kind, regions_of(8, 2)), [-1, 2, -1, 0, -1, -1, -1, -1]
    )
    # a single person, in the first region: the second region's firms have none
    kind = np.array([PERSON, FIRM, FIRM, FIRM], dtype=np.int8)
    np.testing.assert_array_equal(representatives(kind, regions_of(4, 2)), [-1, 0, -1, -1])
