"""One subject's situation (model/inspect.py), checked against hand-set arrays."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from model import CreditSystemModel
from model.inspect import STATUS, _listing_ends, describe_subject, pick_subject, status_codes
from model.population import KINDS, PERMANENT
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


def _scored(score: float) -> dict:
    m = hand_model({"scoring.enabled": True}, n=10, t=2)
    m.t = 3
    m.subjects.has_file[1] = True
    m.subjects.score[1] = score
    return describe_subject(m, 1)


@pytest.mark.parametrize(
    "score,grade",
    [(100.0, "A"), (90.0, "A"), (89.99, "B"), (70.0, "B"), (50.0, "C"), (49.99, "D"), (0.0, "D")],
)
def test_a_score_at_a_grade_cut_earns_that_grade(score, grade):
    # GRADE_CUTS are the lower bounds of A, B and C
    assert _scored(score)["grade"] == grade


def test_no_score_without_a_credit_file_even_with_scoring_on():
    m = hand_model({"scoring.enabled": True}, n=10, t=2)
    m.subjects.has_file[3] = False
    m.subjects.score[3] = 80.0
    d = describe_subject(m, 3)
    assert d["score"] is None and d["grade"] is None and d["has_file"] is False


def test_the_first_and_last_ids_are_described_and_the_next_ones_refused():
    m = hand_model({}, n=12, t=0)
    assert describe_subject(m, 0)["id"] == 0
    assert describe_subject(m, 11)["id"] == 11
    for i in (-1, 12):
        with pytest.raises(IndexError, match=r"subject id -?\d+ is not in 0\.\.11"):
            describe_subject(m, i)


def test_a_department_list_in_its_last_period_is_not_among_the_published_ones():
    m = hand_model({}, n=20, t=5)
    m.t = 6  # lists as published at the end of period 5
    s = m.subjects
    s.listed_until[...] = 0
    s.wrong_listing[...] = False
    _list(s, 7, 6, domain=0)  # last period 5: off the published list
    _list(s, 7, 7, domain=2)  # holds in period 6
    d = describe_subject(m, 7)
    assert d["listed"] and d["listed_domains"] == ["social"] and d["listed_until"] == 7
    _list(s, 7, 6, domain=2)
    d = describe_subject(m, 7)
    assert not d["listed"] and d["listed_domains"] == [] and d["listed_until"] is None


def test_a_wrong_listing_that_has_ended_does_not_make_a_subject_wrongly_listed():
    m = hand_model({}, n=20, t=5)
    m.t = 6
    s = m.subjects
    s.listed_until[...] = 0
    s.wrong_listing[...] = False
    _list(s, 4, 6, wrong=True, domain=1)  # ended
    _list(s, 4, 9, wrong=False, domain=3)  # holds, on a true record
    assert describe_subject(m, 4)["wrongly_listed"] is False
    assert status_codes(m)[4] == STATUS.index("listed")


def test_via_firm_only_for_a_listed_representative():
    m = hand_model({}, n=20, t=5)
    m.t = 6
    s = m.subjects
    s.listed_until[...] = 0
    s.via_firm[...] = False
    _list(s, 2, 9, domain=1)
    s.via_firm[1, 2] = True
    _list(s, 3, 9, domain=1)  # listed on its own account
    s.via_firm[1, 5] = True  # a stale flag, not listed
    assert describe_subject(m, 2)["via_firm"] is True
    assert describe_subject(m, 3)["via_firm"] is False
    assert describe_subject(m, 5)["via_firm"] is False


def test_partner_0_is_a_partner_and_a_finding_either_true_or_false_is_found():
    m = hand_model({}, n=10, t=2)
    per = m.period
    per.partner[4] = 0
    per.detected[4] = True
    per.false_record[4] = False
    per.false_record[5] = True
    d4, d5 = describe_subject(m, 4), describe_subject(m, 5)
    assert d4["partner"] == 0 and d4["found"] and not d4["false_finding"]
    assert d5["found"] and d5["false_finding"]
    assert not describe_subject(m, 6)["found"]


def test_pick_subject_prefers_the_first_of_the_kind_with_a_file():
    m = hand_model({}, n=10, t=0)
    s = m.subjects
    firm, person = KINDS.index("firm"), KINDS.index("person")
    s.kind[:] = person
    s.kind[[3, 6, 8]] = firm
    s.has_file[:] = False
    s.has_file[[1, 6, 8]] = True
    assert pick_subject(m) == 6  # firm 3 has no file
    assert pick_subject(m, "person") == 1
    s.has_file[[6, 8]] = False
    assert pick_subject(m) == 1  # no firm with a file: any subject with one
    s.has_file[1] = False
    s.has_file[9] = True
    assert pick_subject(m, "official") == 9
    s.has_file[:] = False
    assert pick_subject(m) == 0  # nobody has a file


# --- older cores: the arrays laid out as before departments had their own lists ---------


def _old_core(**subjects) -> SimpleNamespace:
    n = 4
    base = {
        "n": n,
        "has_file": np.array([True, True, True, False]),
        "red": np.zeros(n, dtype=bool),
        "listed": lambda u: np.array([True, True, False, False]),
        "false_records": np.array([[0.0, 1.0], [0.0, 0.0], [2.0, 0.0], [0.0, 0.0]]),
    }
    base.update(subjects)
    return SimpleNamespace(t=3, subjects=SimpleNamespace(**base))


def test_older_cores_wrongly_listed_from_one_flag_or_from_false_records():
    # one flag per subject: wrongly listed only while listed
    flag = np.array([False, True, True, False])
    codes = status_codes(_old_core(wrongly_listed=flag)).tolist()
    assert [STATUS[c] for c in codes] == ["listed", "wrongly listed", "ordinary", "no file"]
    # no flag: a listed subject with a false record on file
    codes = status_codes(_old_core()).tolist()
    assert [STATUS[c] for c in codes] == ["wrongly listed", "listed", "ordinary", "no file"]


def test_older_cores_listing_ends_in_any_layout():
    one = _old_core(listed_until=np.array([5, 9, 0, 2]))
    assert _listing_ends(one, 1).tolist() == [9]
    assert _listing_ends(one, 0).tolist() == [5]
    by_domain = np.array([[1, 2, 3], [4, 5, 6]])  # (departments, n) with n = 3
    core = SimpleNamespace(subjects=SimpleNamespace(listed_until=by_domain, n=3))
    assert _listing_ends(core, 1).tolist() == [2, 5]
    core = SimpleNamespace(subjects=SimpleNamespace(listed_until=by_domain.T.copy(), n=3))
    assert _listing_ends(core, 1).tolist() == [2, 5]  # (n, departments)
