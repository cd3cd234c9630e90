"""Values derived once while the choice reads the state (``Period.reading``)."""

import numpy as np
import pytest

from model import CreditSystemModel, listings
from model.mechanisms.decision import total_deterrence, total_false_finding_cost
from model.period import Period


def test_outside_a_block_every_call_computes():
    per = Period.new(0, 3)
    calls = []
    for _ in range(2):
        per.derived("x", lambda: calls.append(1) or np.zeros(3))
    assert len(calls) == 2 and per.memo is None


def test_inside_a_block_once_shared_read_only_and_forgotten_after():
    per = Period.new(0, 3)
    calls = []

    def compute():
        calls.append(1)
        return np.arange(3.0)

    with per.reading():
        a = per.derived("x", compute)
        with per.reading():  # a nested block shares the outer one's values
            b = per.derived("x", compute)
        assert per.derived("y", lambda: 2.5) == 2.5
    assert a is b and len(calls) == 1
    with pytest.raises(ValueError, match="read-only"):
        a += 1.0  # no reader can change what another reads
    assert per.memo is None
    per.derived("x", compute)
    assert len(calls) == 2


def test_a_listing_placed_after_a_read_is_seen_by_the_next_read():
    m = CreditSystemModel(rng=3, n_subjects=200)
    m.step()
    s, bl = m.subjects, m.mechanisms["blacklist"]
    i = int(np.flatnonzero(s.has_file & (s.listing_end() <= m.period.t + 1))[0])
    before = bl.cost_of_listing().copy()
    dom = int(m.period.domain[i])
    listings.place(s, np.array([i]), dom, m.period.t + 1 + int(bl.term[dom]), False, False)
    after = bl.cost_of_listing()
    # the new listing already covers the term: a listing now adds nothing for i
    assert before[i] > 0.0 and after[i] == 0.0
    assert np.array_equal(np.delete(before, i), np.delete(after, i))


def test_the_choice_weighs_each_listing_cost_once_and_the_same_as_alone():
    m = CreditSystemModel(rng=5, n_subjects=300, **{"detection.false_record_rate": 0.05})
    m.step()
    dec, bl = m.mechanisms["decision"], m.mechanisms["blacklist"]
    calls = []
    compute = bl._cost
    bl._cost = lambda: calls.append(1) or compute()
    m.period.false_cost = None  # kept from the period's choice: derive it on today's lists
    gap = dec.sanction_gap()
    assert len(calls) == 1  # the deterrence term and the honest path's term share it
    # the same bits as each side computed on its own, outside a block
    alone = total_deterrence(m)
    alone -= m.period.e_expected * total_false_finding_cost(m)
    assert len(calls) == 3
    assert np.array_equal(gap, alone)
