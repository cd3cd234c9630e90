"""One subject's situation (model/inspect.py), checked against hand-set arrays."""

from __future__ import annotations

import numpy as np
import pytest

from model import CreditSystemModel
from model.inspect import STATUS, describe_subject, pick_subject, status_codes
from model.population import PERMANENT
from tests.helpers import hand_model


def _list(s, i: int, until: int, wrong: bool = False, domain: int = 1) -> None:
    """Put subject ``i`` on one department's list until period ``until``."""
    s.listed_until[domain, i] = until
    s.wrong_listing[domain, i] = wrong


def test_status_codes_hand_made():
    m = hand_model({}, n=200, t=5)
    m.t = 6  # the lists as published at the end of period 5 hold in period 6
    s = m.subjects
    s.has_file[:] = True
    s.has_file[0] = False
    s.red[:] = False
    s.red[1] = True
    s.listed_until[...] = 0
    s.wrong_listing[...] = False
    _list(s, 2, 10)
    _list(s, 3, 10, wrong=True)
    _list(s, 5, 6)  # its last period was 5: off the published list
    codes = status_codes(m)
    assert [STATUS[c] for c in codes[:6]] == [
        "no file",
        "red-listed",
        "listed",
        "wrongly listed",
        "ordinary",
        "ordinary",
    ]


def test_describe_subject_hand_made():
    m = hand_model({"scoring.enabled": True}, n=50, t=5)
    m.t = 6  # the period just run is 5
    s, per = m.subjects, m.period
    i = 4
    s.has_file[i] = True
    s.records[i] = [0.0, 2.0, 0.5, 0.0]
    s.false_records[i] = [0.0, 0.5, 0.0, 0.0]
    s.score[i] = 72.0
    _list(s, i, 30, wrong=True, domain=1)
    _list(s, i, 20, wrong=False, domain=3)
    s.red[i] = False
    s.wealth[i] = m.world.initial_wealth + 3.25
    s.payoff[i] = -1.5
    per.partner[i] = 9
    per.transacted[i] = True
    per.honest[i] = True
    per.checked[i] = True
    per.false_record[i] = True
    per.recorded[i] = True
    d = describe_subject(m, i)
    assert d["id"] == i and d["period"] == 6 and d["has_file"]
    assert d["records"] == pytest.approx(2.5) and d["false_records"] == pytest.approx(0.5)
    assert d["records_by_domain"] == {"business": 2.0, "social": 0.5}
    assert d["score"] == 72.0 and d["grade"] == "B"
    assert d["listed"] and d["listed_until"] == 30 and d["wrongly_listed"]
    assert d["listed_domains"] == ["business", "judicial"] and not d["listed_for_ever"]
    assert d["dealt"] and d["partner"] == 9 and d["kept_faith"] is True
    assert d["found"] and d["false_finding"] and d["recorded"] and d["partner_checked"]
    assert not d["partner_refused"]
    assert d["payoff"] == -1.5 and d["payoff_so_far"] == pytest.approx(3.25)
    _list(s, i, PERMANENT, domain=3)
    d = describe_subject(m, i)
    assert d["listed_for_ever"] and d["listed_until"] is None


def test_no_score_without_a_scoring_pilot_and_no_deal_without_a_partner():
    m = hand_model({}, n=30, t=0)  # scoring is an opt-in pilot
    d = describe_subject(m, 0)
    assert d["score"] is None and d["grade"] is None
    assert d["dealt"] is False and d["kept_faith"] is None and d["partner"] is None
    assert d["listed"] is False and d["listed_until"] is None
    with pytest.raises(IndexError, match="0..29"):
        describe_subject(m, 30)


def test_describe_subject_agrees_with_the_outcomes_after_a_run():
    m = CreditSystemModel(rng=3, n_subjects=1000)
    m.run_for(15)
    listed = [describe_subject(m, i)["listed"] for i in range(1000)]
    assert np.mean(listed) == pytest.approx(m.outcomes["blacklisted_share"])
    i = pick_subject(m)
    assert describe_subject(m, i)["kind"] == "firm" and m.subjects.has_file[i]
