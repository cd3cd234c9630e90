"""A city pilot's points system: an opt-in pilot, points as an output or a trigger."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.mechanisms.scoring import visible_records
from model.outcomes import CORE_COLUMNS
from model.params import ParameterError
from model.period import STANDS
from model.population import BUSINESS, GOVERNMENT, SOCIAL
from tests.helpers import clearly_greater, hand_model, late_mean, run

PILOT = {"scoring.enabled": True, "records.coverage": 1.0}
#: The hypothetical regime: a score below 50 lists; serious findings never list.
TRIGGER = {
    **PILOT,
    "scoring.variant": "trigger",
    "scoring.threshold": 50.0,
    "scoring.points": 20.0,
    "blacklist.scope_government": 0.0,
    "blacklist.scope_business": 0.0,
    "blacklist.scope_social": 0.0,
    "blacklist.term_business": 4,
}


def test_off_by_default_and_no_score_is_reported():
    df = run(1, periods=3, n_subjects=200)
    assert df["mean_score"].isna().all()
    assert all(df[f"grade_{g}_share"].isna().all() for g in "ABCD")


def test_visible_records_under_sharing_levels():
    rec = np.array([[1.0, 2.0, 0.0, 4.0], [0.0, 0.0, 3.0, 0.0]], dtype=np.float32)
    home = np.array([1, 2])
    np.testing.assert_allclose(visible_records(rec, home, 1.0), [7.0, 3.0])
    np.testing.assert_allclose(visible_records(rec, home, 0.0), [2.0, 3.0])
    np.testing.assert_allclose(visible_records(rec, home, 0.5), [4.5, 3.0])


def test_score_formula_and_grades_by_hand():
    m = hand_model({**PILOT, "scoring.points": 20.0}, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.records[0, 0] = 1.0  # 80: B
    s.records[1, 1] = 2.5  # 50: C
    s.records[2, 3] = 9.0  # clipped at 0: D
    s.records[3, 2] = 0.5  # 90: A
    s.records[4, 2] = 0.5005  # 89.99: B
    s.has_file[5] = False
    s.records[5, 1] = 3.0  # no file: keeps 100, not graded
    sc.score()
    np.testing.assert_allclose(s.score[:6], [80.0, 50.0, 0.0, 90.0, 89.99, 100.0], rtol=1e-6)
    assert (s.score[6:] == 100.0).all()
    out = sc.outcomes()
    covered = s.score[s.has_file]
    assert out["mean_score"] == pytest.approx(covered.mean())
    # grades of the 9 covered: A = 90 and the four clean 100s; B = 80, 89.99; C = 50; D = 0
    assert out["grade_A_share"] == pytest.approx(5 / 9)
    assert out["grade_B_share"] == pytest.approx(2 / 9)
    assert out["grade_C_share"] == pytest.approx(1 / 9)
    assert out["grade_D_share"] == pytest.approx(1 / 9)


def test_the_output_variant_never_lists():
    # harsh points and a threshold of 100: every score is below it, yet nothing lists
    # (the model refuses a threshold in the output variant: kept here on request)
    kw = {**PILOT, "scoring.points": 100.0, "scoring.threshold": 100.0}
    with pytest.raises(ParameterError, match="'scoring.threshold' cannot act"):
        CreditSystemModel(rng=1, n_subjects=50, **kw)
    m = hand_model(kw, n=10, allow_inactive=True)
    sc = m.mechanisms["scoring"]
    assert sc.trigger_probability() == 0.0 and not sc.triggered().any()
    # whole runs: the lists and every core outcome are those of the model without it
    base = run(3, periods=12, n_subjects=600, **{"records.coverage": 1.0})
    pilot = CreditSystemModel(rng=3, n_subjects=600, allow_inactive=True, **kw)
    pilot.run_for(12)
    pilot = pilot.results()
    pd.testing.assert_frame_equal(base[list(CORE_COLUMNS)], pilot[list(CORE_COLUMNS)])
    assert (pilot["mean_score"] < 100.0).any()


def test_the_trigger_variant_lists_minor_findings_of_low_scores():
    m = hand_model(TRIGGER, n=12)
    s, per, bl = m.subjects, m.period, m.mechanisms["blacklist"]
    s.records[[1, 2, 3], BUSINESS] = [3.0, 1.0, 3.0]  # scores 40, 80, 40
    s.false_records[1, SOCIAL] = 0.5  # 1's file holds a false record
    s.records[1, SOCIAL] = 0.5  # score 30
    per.domain[[1, 2]] = BUSINESS
    per.detected[[1, 2]] = True  # minor findings, recorded this period
    per.finding[[1, 2]] = STANDS
    per.recorded[[1, 2]] = True
    m.mechanisms["scoring"].score()
    bl.update()
    # 1: score 30 < 50 and a new finding: listed, by the business department, for its term
    assert s.listed_until[BUSINESS, 1] == 5 + 1 + 4
    assert s.wrong_listing[BUSINESS, 1]  # the score rests on a false record
    assert not s.listed_until[:, 2].any()  # score 80
    assert not s.listed_until[:, 3].any()  # score 40 but no new finding
    assert np.count_nonzero(s.listed_until) == 1


def test_trigger_probability_is_whether_one_more_record_crosses_the_threshold():
    m = hand_model(TRIGGER, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.score[:] = [100, 71, 70, 69.5, 50, 0, 100, 100, 100, 100]
    np.testing.assert_array_equal(sc.trigger_probability(), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0])
    # the blacklist adds it to the chance of a serious finding in scope
    m2 = hand_model({**TRIGGER, "detection.serious_share": 0.2, "blacklist.scope_business": 0.5})
    m2.subjects.score[:] = 40.0
    m2.subjects.score[0] = 100.0
    m2.period.domain[:] = BUSINESS
    m2.subjects.has_file[2] = False  # no file: no finding is written, no list can follow
    p = m2.mechanisms["blacklist"].listing_probability()
    assert p[0] == pytest.approx(0.1) and p[1] == pytest.approx(1.0) and p[2] == 0.0


def test_partners_refuse_low_scores_when_told_to():
    kw = {**PILOT, "scoring.refuse_below": 60.0, "market.screening": 1.0}
    m = hand_model(kw, n=10, n_regions=1)
    s, per = m.subjects, m.period
    s.score[:] = 100.0
    s.score[[2, 3]] = [59.0, 60.0]
    per.partner[:] = (np.arange(10) + 1) % 10
    per.attempted[:] = True
    m.mechanisms["market"].screen()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2])
    assert hand_model(PILOT, n=10).mechanisms["scoring"].refused() is None


def test_the_score_trigger_lists_more_persons_than_department_lists():
    # the single-score myth: persons' everyday records list them
    depts = late_mean("listed_share_person", periods=30)
    trig = {"scoring.enabled": True, "scoring.variant": "trigger"}
    score = late_mean("listed_share_person", periods=30, **trig)
    assert clearly_greater(score, depts, 0.02)


def test_harsher_points_list_more_under_the_trigger():
    kw = {"scoring.enabled": True, "scoring.variant": "trigger"}
    mild = late_mean("admin_listed_share", periods=30, **kw, **{"scoring.points": 5.0})
    harsh = late_mean("admin_listed_share", periods=30, **kw, **{"scoring.points": 40.0})
    # harsher points also deter, so the gap is net of the behavioural response
    assert clearly_greater(harsh, mild, 0.01)


def test_silos_score_only_the_home_domain():
    kw = {**PILOT, "sharing.enabled": True, "sharing.level": 0.0}
    m = hand_model(kw, n=10)
    s = m.subjects
    s.records[0, s.home_domain[0]] = 1.0
    s.records[1, (s.home_domain[1] + 1) % 4] = 1.0
    s.records[2, GOVERNMENT if s.home_domain[2] != GOVERNMENT else BUSINESS] = 2.0
    m.mechanisms["scoring"].score()
    assert s.score[0] == 100.0 - m.params["scoring.points"]
    assert s.score[1] == 100.0 and s.score[2] == 100.0


def test_a_pilot_switched_on_mid_run_scores_the_records_already_on_file():
    # partners and the trigger read the scores from the pilot's first period, before its
    # own score step: they are those of the files as they stand, not 100 for everybody
    m = CreditSystemModel(rng=3, n_subjects=500, **{"records.coverage": 1.0})
    m.run_for(6)
    s = m.subjects
    total = s.records.astype(np.float64).sum(axis=1)
    assert (total > 0).sum() > 10
    m.set("scoring.enabled", True)
    points = m.params["scoring.points"]
    expected = np.where(s.has_file, np.clip(100.0 - points * total, 0.0, 100.0), 100.0)
    np.testing.assert_allclose(s.score, expected, rtol=1e-5)
    assert (s.score < 100).sum() == (total > 0).sum()


# --- tests written against surviving mutants (issue 14, item 7) ---------------------------
def test_the_trigger_lists_strictly_below_the_threshold():
    m = hand_model({**TRIGGER, "scoring.threshold": 60.0}, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.score[:] = [100, 60, 59.5, 0, 100, 100, 100, 100, 100, 100]
    np.testing.assert_array_equal(np.flatnonzero(sc.triggered()), [2, 3])


def test_a_score_rests_on_a_false_record_of_any_weight_in_any_domain():
    m = hand_model(PILOT, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.false_records[:] = 0.0
    s.false_records[1, GOVERNMENT] = 0.25  # the first domain, a faded record
    s.false_records[2, 3] = 0.25  # the last domain
    s.false_records[3, SOCIAL] = 1.0
    np.testing.assert_array_equal(np.flatnonzero(sc.rests_on_false_record()), [1, 2, 3])
    # of some subjects only
    some = np.array([0, 2, 3, 9])
    np.testing.assert_array_equal(sc.rests_on_false_record(some), [False, True, True, False])


def test_partners_told_to_refuse_below_1_refuse_a_score_of_0():
    m = hand_model({**PILOT, "scoring.refuse_below": 1.0}, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.has_file[:] = True
    s.score[:] = 100.0
    s.score[[3, 4]] = [0.0, 1.0]
    np.testing.assert_array_equal(np.flatnonzero(sc.refused()), [3])


def test_a_pilot_without_covered_subjects_reports_no_grades():
    m = hand_model({"scoring.enabled": True, "records.coverage": 0.0}, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    assert not s.has_file.any()
    sc.score()
    out = sc.outcomes()
    assert all(out[f"grade_{g}_share"] == 0.0 for g in "ABCD")


def test_on_a_national_platform_the_visible_weight_is_exactly_the_row_sum():
    # every department sees every record: the very float32 sum of the row, not the
    # silo formula own + level x (total - own), which rounds differently
    rng = np.random.default_rng(0)
    rec = (rng.random((1000, 4)) * 3).astype(np.float32)
    home = rng.integers(0, 4, 1000)
    np.testing.assert_array_equal(visible_records(rec, home, 1.0), rec.sum(axis=1))


def test_rescoring_some_files_scores_them_by_the_rule_and_leaves_the_others():
    # what repair calls after erasing files: 100 - points x visible weight, clipped to
    # [0, 100], for exactly the subjects given; a file too heavy scores 0, not below
    m = hand_model({**PILOT, "scoring.points": 20.0}, n=10)
    s, sc = m.subjects, m.mechanisms["scoring"]
    s.has_file[:] = True
    s.has_file[4] = False
    s.records[:] = 0.0
    s.records[[1, 2, 3, 4], SOCIAL] = [1.5, 0.25, 9.0, 2.0]
    s.score[:] = 42.0
    sc.rescore(np.array([1, 2, 3, 4]))
    np.testing.assert_allclose(s.score[[1, 2, 3, 4]], [70.0, 95.0, 0.0, 100.0])
    assert (s.score[[0, 5, 6, 7, 8, 9]] == 42.0).all()
