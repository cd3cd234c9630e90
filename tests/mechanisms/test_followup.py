"""Follow-up of subjects: recidivism, wrongful listing spells, welfare by group, and the
panel against the aggregate columns (issue 12, item 5)."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.mechanisms.followup import PANEL_COLUMNS, write_panel
from model.period import Period
from tests.helpers import run


def _model(n=10, **kw):
    return CreditSystemModel(rng=1, n_subjects=n, n_regions=1, **kw)


def _period(m, t, found=()):
    m.period = Period.new(t, m.subjects.n)
    m.period.detected[list(found)] = True


@pytest.mark.parametrize("k", [1, 3])
def test_recidivism_counts_findings_within_k_periods_after_a_listing_ends(k):
    m = _model(**{"followup.recidivism_window": k})
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, [1, 2, 3]] = 5  # last listed period 4
    rates = {}
    for t in range(3, 10):
        # 1 is found one period after its listing ended, 2 exactly k periods after,
        # 3 one period too late
        found = [i for i, when in ((1, 5), (2, 4 + k), (3, 5 + k)) if when == t]
        _period(m, t, found)
        fu.observe()
        rates[t] = fu.outcomes()["recidivism_rate"]
    assert rates[4 + k] == pytest.approx(2 / 3)
    assert all(np.isnan(r) for t, r in rates.items() if t != 4 + k)


def test_findings_of_subjects_never_listed_are_not_recidivism():
    # from the first period on: nobody has a listing that ended, whoever is found
    m = _model(**{"followup.recidivism_window": 3})
    fu = m.mechanisms["followup"]
    for t in range(0, 4):
        _period(m, t, found=range(10))
        fu.observe()
        assert np.isnan(fu.outcomes()["recidivism_rate"])
    assert not fu.recidivists.any() and not fu.found_again.any()


def test_a_listing_that_ended_in_period_0_is_followed_and_each_subject_counted_once():
    m = _model(**{"followup.recidivism_window": 3})
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, 1] = 1  # listed in period 0 only
    s.listed_until[1, 2] = 5  # last listed period 4
    rates = {}
    for t in range(0, 9):
        # each found in the next two periods after its listing ended: one recidivist each
        found = [i for i, ends in ((1, 0), (2, 4)) if ends < t <= ends + 2]
        _period(m, t, found)
        fu.observe()
        rates[t] = fu.outcomes()["recidivism_rate"]
    assert fu.cohort[0] == 1 and fu.cohort[4] == 1
    assert rates[3] == 1.0 and rates[7] == 1.0


def test_follow_up_runs_past_its_first_chunk_of_periods():
    m = _model()
    fu = m.mechanisms["followup"]
    for t in range(0, 130):  # PANEL_CHUNK = 128 periods, then grown
        _period(m, t)
        fu.observe()
    assert len(fu.cohort) >= 130


def test_the_panel_reads_the_lists_as_published_by_hand():
    # at the end of period 5, a listing in its last period (until 6) is off the list as
    # published; one that holds in period 6 is on it
    m = _model(**{"followup.panel_size": 10})
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, [1, 2]] = [6, 7]
    s.wrong_listing[1, [1, 2]] = True
    _period(m, 5)
    fu.observe()
    row = m.panel().to_pandas().set_index("id")
    assert row["listed"].tolist() == [i == 2 for i in range(10)]
    assert row["wrongly_listed"].tolist() == [i == 2 for i in range(10)]


@pytest.mark.parametrize("size", [0, 1])
def test_a_panel_of_size_0_or_1(size):
    m = _model(**{"followup.panel_size": size})
    m.run_for(3)
    panel = m.panel().to_pandas()
    assert len(m.mechanisms["followup"].sample) == size and len(panel) == 3 * size


def test_a_finding_in_the_last_listed_period_is_not_recidivism():
    m = _model(**{"followup.recidivism_window": 2})
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, 1] = 5
    for t, found in ((4, [1]), (5, []), (6, [])):
        _period(m, t, found)
        fu.observe()
    assert fu.outcomes()["recidivism_rate"] == 0.0


@pytest.mark.parametrize("start", [0, 2])
def test_wrongful_listing_spells_and_person_periods_by_hand(start):
    m = _model()
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, [1, 2, 4]] = [6, 8, 6]  # held in periods up to 5, 7, 5
    s.wrong_listing[1, [1, 2, 4]] = True
    s.listed_until[2, 3] = 8  # a rightful listing
    out = {}
    for t in range(start, 9):
        _period(m, t)
        fu.observe()
        out[t] = fu.outcomes()
    assert out[2]["wrongful_listing_person_periods"] == 0.3
    assert out[7]["wrongful_listing_person_periods"] == 0.1
    assert out[8]["wrongful_listing_person_periods"] == 0.0
    # every spell started when the follow-up began: 1 and 4 bore it start..5 (two spells
    # ending in period 6), 2 bore it start..7
    assert out[6]["mean_wrongful_listing_duration"] == 6 - start
    assert out[8]["mean_wrongful_listing_duration"] == 8 - start
    assert np.isnan(out[5]["mean_wrongful_listing_duration"])


def test_welfare_by_group_and_kind_by_hand():
    m = _model()
    s, fu = m.subjects, m.mechanisms["followup"]
    s.listed_until[1, [1, 2]] = 10
    s.wrong_listing[1, 2] = True
    s.payoff[:] = np.arange(10, dtype=np.float32)
    _period(m, 3)
    fu.observe()
    out = fu.outcomes()
    assert out["welfare_rightly_listed"] == 1.0 and out["welfare_wrongly_listed"] == 2.0
    assert out["welfare_never_listed"] == pytest.approx((45 - 3) / 8)
    for kind, code in (("person", 0), ("firm", 1)):
        assert out[f"welfare_{kind}"] == pytest.approx(np.arange(10)[s.kind == code].mean())
    s.listed_until[1, [1, 2]] = 0  # no longer listed: still in their groups
    _period(m, 4)
    fu.observe()
    assert fu.outcomes()["welfare_wrongly_listed"] == 2.0


def test_panel_agrees_with_the_aggregate_columns():
    m = CreditSystemModel(rng=4, n_subjects=4000, **{"followup.panel_size": 2000})
    m.run_for(40)
    df = m.results()
    panel = m.panel().to_pandas()
    assert len(panel) == 2000 * 40 and list(panel.columns) == list(PANEL_COLUMNS)
    assert panel["id"].nunique() == 2000 and (panel["period"].unique() == df["period"]).all()
    late = panel[panel["period"] > 20]
    p_hat = late.groupby("period")["listed"].mean().mean()
    p = df["blacklisted_share"].iloc[20:].mean()
    # a finite population: the sample is half of it
    se = np.sqrt(p * (1 - p) / 2000 * (1 - 2000 / 4000))
    assert abs(p_hat - p) < 4 * se + 1e-12
    last = panel[panel["period"] == 40].set_index("id")
    np.testing.assert_array_equal(last["payoff"], m.subjects.payoff[last.index])
    np.testing.assert_array_equal(last["wealth"], m.subjects.wealth[last.index])
    # both read the lists as published: wrongly listed ones are listed
    assert panel["wrongly_listed"].any() and not (panel["wrongly_listed"] & ~panel["listed"]).any()


def test_whole_population_panel_reproduces_the_aggregates_exactly(tmp_path):
    # short terms and wide lists: listings start and end within the run
    short = {
        "blacklist.term_business": 2,
        "blacklist.term_social": 3,
        "blacklist.scope_social": 0.5,
        "blacklist.person_scope": 1.0,
    }
    m = CreditSystemModel(rng=2, n_subjects=500, **{"followup.panel_size": 500}, **short)
    m.run_for(15)
    assert (m.results()["listings_ended"] > 0).sum() > 5
    df = m.results()
    path = write_panel(m.panel(), tmp_path / "new" / "dir" / "run.panel.parquet")
    panel = pd.read_parquet(path)
    by = panel.groupby("period")
    np.testing.assert_allclose(by["listed"].mean(), df["blacklisted_share"])
    np.testing.assert_allclose(by["wrongly_listed"].mean(), df["wrongly_listed_share"])
    np.testing.assert_allclose(by["payoff"].mean(), df["welfare"], rtol=1e-6)
    honest = by["act"].apply(lambda a: (a == 2).sum() / (a > 0).sum())
    np.testing.assert_allclose(honest, df["honesty_rate"])


def test_panel_size_changes_nothing_else_and_is_bounded():
    base = run(3, periods=12, n_subjects=600)
    m = CreditSystemModel(rng=3, n_subjects=600, **{"followup.panel_size": 100})
    m.run_for(12)
    pd.testing.assert_frame_equal(base, m.results())
    assert m.mechanisms["followup"].panel().num_rows == 1200
    row = sum(np.dtype(t).itemsize for t in PANEL_COLUMNS.values())
    assert row == 27
    assert sum(a.nbytes for a in m.mechanisms["followup"]._panel.values()) <= 27 * 100 * 128
    assert CreditSystemModel(rng=3, n_subjects=50).panel().num_rows == 0


def test_command_line_writes_the_panel_and_refuses_without_a_sample(tmp_path, capsys):
    from model.cli import main

    path = tmp_path / "p.parquet"
    argv = ["run", "--periods", "3", "--set", "followup.panel_size=5", "--panel", str(path)]
    assert main([*argv, "--out", str(tmp_path / "o.csv")]) == 0
    assert len(pd.read_parquet(path)) == 15
    assert main(["run", "--periods", "3", "--panel", str(path)]) == 2
    assert "followup.panel_size" in capsys.readouterr().err
