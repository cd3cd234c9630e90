"""Legitimacy and procedural justice (issue 11, item 4): rules by hand, coherence with
government's regional legitimacy, off-means-off and direction of effects."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.period import STANDS, VOIDED
from model.population import FIRM, OFFICIAL, PERSON
from tests.helpers import SEEDS, clearly_greater, hand_model, late_mean, run

ON = {"legitimacy.enabled": True}
RATES = {
    "legitimacy.own_loss": 0.5,
    "legitimacy.neighbour_loss": 0.25,
    "legitimacy.recovery": 0.25,
}
#: objections are upheld only with appeals on (upheld_gain is refused without them)
UPHELD = {"appeals.enabled": True, "legitimacy.upheld_gain": 0.5}


def neighbours(m, i):
    net = m.mechanisms["interaction"].network
    return net.indices[net.indptr[i] : net.indptr[i + 1]]


def test_update_by_hand():
    m = hand_model({**ON, **RATES, **UPHELD, "legitimacy.initial": 0.8}, n=40)
    leg = m.mechanisms["legitimacy"]
    leg.level[:] = 0.4
    per = m.period
    wronged, upheld = 3, 20
    per.false_record[[wronged, upheld]] = True
    per.finding[wronged] = STANDS
    per.finding[upheld] = VOIDED
    leg.update()
    # everyone: 0.4 + 0.25 * (0.8 - 0.4) = 0.5
    level = np.full(40, 0.5)
    level[wronged] *= 0.5
    k = np.zeros(40)
    k[neighbours(m, wronged)] += 1
    level *= 0.75**k
    level[upheld] += 0.5 * (1 - level[upheld])
    np.testing.assert_allclose(leg.level, level, rtol=1e-12)
    assert level[upheld] > 0.5 and level[wronged] == 0.25 * 0.75 ** k[wronged]


def test_a_blocked_false_finding_wrongs_a_forgiven_one_does_not():
    from model.period import BLOCKED, FORGIVEN

    m = hand_model({**ON, **RATES, "legitimacy.neighbour_loss": 0.0}, n=20)
    leg = m.mechanisms["legitimacy"]
    per = m.period
    per.false_record[[1, 2, 3]] = True
    per.finding[[1, 2, 3]] = [BLOCKED, FORGIVEN, STANDS]
    per.detected[4] = True  # a true finding that stands: no wrong
    per.finding[4] = STANDS
    leg.update()
    np.testing.assert_allclose(leg.level[[1, 2, 3, 4, 5]], [0.5, 1.0, 0.5, 1.0, 1.0])


def test_a_wrongful_listing_wrongs_once_when_it_is_made():
    m = hand_model({**ON, **RATES, "legitimacy.neighbour_loss": 0.0}, n=20)
    leg, s = m.mechanisms["legitimacy"], m.subjects
    t = m.period.t
    s.listed_until[2, 6] = t + 10
    s.wrong_listing[2, 6] = True
    s.listed_until[2, 7] = t + 10  # a listing on a true record
    leg.update()
    assert leg.level[6] == 0.5 and leg.level[7] == 1.0
    m.period.t += 1
    leg.update()  # still listed: no new wrong; recovery towards 1
    np.testing.assert_allclose(leg.level[6], 0.5 + 0.25 * 0.5)


def test_deterrence_is_the_legitimacy_deficit():
    m = hand_model({**ON, "legitimacy.weight": 2.0}, n=10)
    leg = m.mechanisms["legitimacy"]
    leg.level[:] = np.linspace(0, 1, 10)
    np.testing.assert_allclose(leg.deterrence(), -2.0 * (1 - np.linspace(0, 1, 10)))


GOV = {
    "government.enabled": True,
    "government.protectionism": 0.0,
    "government.legitimacy_weight": 3.0,
}


def test_with_government_the_region_feeds_the_subjects_and_the_term_is_counted_once():
    # the government's weight cannot act with legitimacy on (it is refused): kept here
    # with allow_inactive to show that it indeed adds nothing
    kw = {**ON, **GOV, "legitimacy.initial": 0.5, "legitimacy.weight": 1.0}
    m = hand_model(kw, n=40, allow_inactive=True)
    gov, leg = m.mechanisms["government"], m.mechanisms["legitimacy"]
    region = m.subjects.region
    np.testing.assert_allclose(leg.level, 0.5 * gov.legitimacy()[region])
    # government adds no legitimacy term of its own: it is the subjects'
    np.testing.assert_array_equal(gov.deterrence(), 0.0)
    np.testing.assert_allclose(leg.deterrence(), -(1 - leg.level))
    # without legitimacy, government's regional term is back
    alone = hand_model(GOV, n=40)
    g = alone.mechanisms["government"]
    np.testing.assert_allclose(g.deterrence(), -3.0 * (1 - g.legitimacy()[region]))


def test_outcomes_by_group_by_hand():
    m = hand_model(ON, n=30)
    leg, s = m.mechanisms["legitimacy"], m.subjects
    leg.level[:] = np.where(s.kind == PERSON, 0.8, np.where(s.kind == FIRM, 0.6, 0.2))
    s.listed_until[1, :3] = m.period.t + 3
    s.wrong_listing[1, :3] = True
    out = leg.outcomes()
    assert out["legitimacy_person"] == pytest.approx(0.8)
    assert out["legitimacy_firm"] == pytest.approx(0.6)
    assert out["legitimacy_official"] == pytest.approx(0.2)
    assert out["legitimacy"] == pytest.approx(leg.level.mean())
    assert out["legitimacy_wrongly_listed"] == pytest.approx(leg.level[:3].mean())
    assert out["legitimacy_low_share"] == pytest.approx(np.mean(s.kind == OFFICIAL))


# --- off means off; nothing happens without wrongs ------------------------------------


def test_switched_off_moving_its_parameters_changes_nothing():
    moved = {
        "legitimacy.initial": 0.3,
        "legitimacy.weight": 5.0,
        "legitimacy.own_loss": 0.9,
        "legitimacy.recovery": 0.5,
    }
    base = run(4, 15, n_subjects=800)
    other = run(4, 15, n_subjects=800, allow_inactive=True, **moved)
    pd.testing.assert_frame_equal(base, other, check_exact=True)
    assert (base["legitimacy"] == 1.0).all()


def test_on_without_errors_changes_nothing():
    no_errors = {"detection.false_record_rate": 0.0}
    base = run(5, 20, n_subjects=800, **no_errors)
    on = run(5, 20, n_subjects=800, **no_errors, **ON)
    pd.testing.assert_frame_equal(base, on, check_exact=True)


def test_switching_it_on_shifts_no_other_draw():
    zero = {"decision.rationality": 0.0, "n_subjects": 800, "detection.false_record_rate": 0.05}
    base = run(6, 12, **zero)
    on = run(6, 12, **zero, **ON)
    cols = [c for c in base.columns if not c.startswith("legitimacy")]
    pd.testing.assert_frame_equal(base[cols], on[cols], check_exact=True)
    assert on["legitimacy"].iloc[-1] < 1.0


# --- direction ---------------------------------------------------------------------------

ERRORS = {"detection.false_record_rate": 0.05, **ON}


def test_errors_erode_legitimacy_and_honesty():
    leg = late_mean("legitimacy", periods=40, **ERRORS)
    assert (leg < 0.95).all(), leg
    off = late_mean("honesty_rate", periods=40, **{**ERRORS, "legitimacy.enabled": False})
    on = late_mean("honesty_rate", periods=40, **ERRORS)
    assert clearly_greater(off, on, 0.01)


def test_upheld_objections_restore_legitimacy():
    fair = {**ERRORS, "appeals.enabled": True, "appeals.success": 1.0, "appeals.propensity": 1.0}
    unfair = {**fair, "appeals.success": 0.0}
    assert clearly_greater(
        late_mean("legitimacy", periods=40, seeds=SEEDS[:3], **fair),
        late_mean("legitimacy", periods=40, seeds=SEEDS[:3], **unfair),
        0.02,
    )


def test_unaware_subjects_are_not_held_back_by_legitimacy():
    # an unaware subject weighs no term of the system: legitimacy included
    m = CreditSystemModel(
        rng=2, n_subjects=300, **{**ON, "decision.awareness": 0.0, "integrity.weight": 2.0}
    )
    m.mechanisms["legitimacy"].level[:] = 0.0
    dec = m.mechanisms["decision"]
    dec.perceive()
    gap = dec.expected_utility_gap()
    np.testing.assert_allclose(gap, 2.0 * m.subjects.integrity.astype(float) - 1.0)


def test_outcomes_by_hand():
    # a kind of one subject has its own mean; exactly 0.5 is not below 0.5; the wrongly
    # listed are those on a list as published at the end of the period
    m = hand_model(ON, n=10)
    s, t, leg = m.subjects, m.period.t, m.mechanisms["legitimacy"]
    s.kind[:] = [PERSON] * 8 + [FIRM, OFFICIAL]
    leg.level[:] = [0.5, 0.25, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.375]
    s.wrong_listing[1, [1, 2]] = True
    s.listed_until[1, 1] = t + 2  # holds in t + 1
    s.listed_until[1, 2] = t + 1  # its last period was t
    out = leg.outcomes()
    assert out["legitimacy_person"] == pytest.approx(6.75 / 8)
    assert out["legitimacy_firm"] == 0.75 and out["legitimacy_official"] == 0.375
    assert out["legitimacy_low_share"] == 0.2  # 0.25 and 0.375
    assert out["legitimacy_wrongly_listed"] == 0.25


def test_switched_off_every_mean_is_one_where_there_is_someone_to_average():
    # off, everyone is at full legitimacy: a kind without subjects and a period without
    # wrongly listed subjects have no mean (NaN), as when it is on
    m = hand_model({}, n=10, official_share=0.0)
    s, t, leg = m.subjects, m.period.t, m.mechanisms["legitimacy"]
    out = leg.outcomes()
    assert out["legitimacy"] == 1.0 and out["legitimacy_low_share"] == 0.0
    assert out["legitimacy_person"] == out["legitimacy_firm"] == 1.0
    assert np.isnan(out["legitimacy_official"])
    assert np.isnan(out["legitimacy_wrongly_listed"])
    s.listed_until[1, 4], s.wrong_listing[1, 4] = t + 2, True
    assert leg.outcomes()["legitimacy_wrongly_listed"] == 1.0
    s.listed_until[1, 4] = t + 1  # its last period was t: not on the published list
    assert np.isnan(leg.outcomes()["legitimacy_wrongly_listed"])
