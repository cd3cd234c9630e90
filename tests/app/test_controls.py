"""The page's controls, columns and charts, built from the registry (no browser needed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model import REGISTRY, CreditSystemModel
from model.classroom import charts
from model.classroom.columns import AXES, BY_KEY, COLUMNS, MONITORS, resolve
from model.classroom.controls import key_parameters, parameter_groups, slider_range
from model.classroom.network import network_sample
from model.classroom.session import Change, preset_controls
from model.mechanisms import MECHANISMS
from model.presets import PRESETS


def test_every_mechanism_switch_is_a_control():
    names = key_parameters()
    for mech in MECHANISMS:
        if f"{mech}.enabled" in REGISTRY:
            assert f"{mech}.enabled" in names
    assert len(names) == len(set(names))
    assert parameter_groups()[0][0] == "World"


def test_unknown_names_are_skipped():
    registry = {k: v for k, v in REGISTRY.items() if not k.startswith("blacklist.")}
    names = key_parameters(registry)
    assert not [n for n in names if n.startswith("blacklist.")]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_slider_start_values_lie_on_the_grid(preset):
    # the browser snaps a slider to low + k * step: an off-grid start value would
    # silently change the parameter on page load
    for name, value in preset_controls(preset).items():
        if name == "seed" or REGISTRY[name].kind not in (int, float):
            continue
        low, high, step = slider_range(REGISTRY[name], value)
        assert low <= value <= high, name
        k = (value - low) / step
        assert math.isclose(k, round(k), abs_tol=1e-6), (name, value, step)


def test_slider_range_is_cut_but_valid_and_takes_the_guides_values():
    spec = REGISTRY["sanctions.fine"]  # valid up to 1000, default 3
    assert slider_range(spec, 3.0) == (0.0, 30.0, 0.5)
    assert slider_range(spec, 50.0)[1] == 50.0  # never below the value
    assert slider_range(REGISTRY["n_subjects"], 2000) == (100.0, 20000.0, 100.0)
    # halving the detection probability (0.15 -> 0.075) needs a finer step
    low, high, step = slider_range(REGISTRY["detection.probability"], 0.075)
    assert (low, high) == (0.0, 1.0) and math.isclose(0.075 / step, round(0.075 / step))


def test_the_degree_slider_offers_only_even_degrees():
    # the small world refuses an odd degree: the slider must not offer one
    low, high, step = slider_range(REGISTRY["interaction.degree"], 6)
    assert low % 2 == 0 and step == 2.0


def test_columns_follow_the_models_names():
    m = CreditSystemModel(rng=1, n_subjects=200)
    found = resolve(m.columns())
    assert set(MONITORS) <= set(found)
    for key, name in found.items():
        assert name in m.columns() and name in BY_KEY[key].names
    # a renamed column is found under its new name; a missing one is left out
    renamed = [c if c != "blacklisted_share" else "listed_share" for c in m.columns()]
    assert resolve(renamed)["listed"] == "listed_share"
    older = [
        c if c != "wrongful_listing_share" else "wrongly_blacklisted_share" for c in m.columns()
    ]
    assert resolve(older)["wrongful"] == "wrongly_blacklisted_share"
    assert "wrongful" not in resolve([c for c in m.columns() if "wrongful" not in c])


def test_shares_of_subjects_and_of_listings_never_share_an_axis():
    for c in COLUMNS:
        if "share of subjects" in c.meaning.lower():
            assert c.axis == "subjects", c.key
        if "listings that" in c.meaning.lower():
            assert c.axis == "listings", c.key
    assert BY_KEY["listed"].axis != BY_KEY["wrongful"].axis


def _frame(values: dict[str, list[float]]) -> pd.DataFrame:
    n = len(next(iter(values.values())))
    return pd.DataFrame({"period": np.arange(1, n + 1), **values})


def test_charts_have_fixed_axes_and_large_text():
    columns = {"honesty": "honesty_rate", "welfare": "welfare", "listed": "blacklisted_share"}
    a = _frame({"honesty_rate": [0.2, 0.3], "welfare": [0.5, 0.7], "blacklisted_share": [0, 0]})
    b = _frame(
        {"honesty_rate": [0.9, 0.95], "welfare": [1.2, 1.4], "blacklisted_share": [0.05, 0.08]}
    )
    specs_a = {k: s for k, s, _ in charts.outcome_charts({charts.THIS_RUN: a}, columns, 2)}
    specs_b = {k: s for k, s, _ in charts.outcome_charts({charts.THIS_RUN: b}, columns, 2)}
    assert set(specs_a) == {"acts", "subjects", "payoff"}  # no wrongful column: no chart
    for key in specs_a:
        ya, yb = (
            charts.lines(s[key])["encoding"]["y"]["scale"]["domain"] for s in (specs_a, specs_b)
        )
        assert ya == yb == list(AXES[key].domain)  # the same scale for any run
        assert charts.lines(specs_a[key])["encoding"]["x"]["scale"]["domain"] == [0, charts.HORIZON]
        cfg = specs_a[key]["config"]
        assert min(cfg["axis"]["labelFontSize"], cfg["legend"]["labelFontSize"]) >= 16
    # a run that leaves the scale widens it; the x axis grows in whole years
    c = _frame({"welfare": [3.1] * 30})
    ((_, spec, _),) = charts.outcome_charts({charts.THIS_RUN: c}, {"welfare": "welfare"}, 30)
    assert charts.lines(spec)["encoding"]["y"]["scale"]["domain"] == [0.0, 3.1]
    assert charts.lines(spec)["encoding"]["x"]["scale"]["domain"] == [0, 36]


def test_chart_rows_and_a_saved_run_dashed():
    columns = {"honesty": "honesty_rate", "trust": "trust_rate"}
    now = _frame({"honesty_rate": [0.5, float("nan")], "trust_rate": [0.6, 0.7]})
    saved = _frame({"honesty_rate": [0.1, 0.2, 0.3], "trust_rate": [0.4, 0.5, 0.6]})
    ((key, spec, data),) = charts.outcome_charts(
        {charts.THIS_RUN: now, "saved: x": saved}, columns, 2
    )
    assert key == "acts"
    assert len(data) == 3 + 6  # the NaN is left out
    assert {"period": 1, "series": "Honesty", "run": charts.THIS_RUN, "value": 0.5} in data
    dash = charts.lines(spec)["encoding"]["strokeDash"]["scale"]
    assert dash["domain"] == [charts.THIS_RUN, "saved: x"] and dash["range"][0] == [1, 0]
    assert charts.lines(spec)["encoding"]["x"]["scale"]["domain"] == [0, 24]


def test_changes_during_a_run_are_marked_between_the_periods():
    changes = [
        Change(13, "detection.probability", 0.15, 0.075),
        Change(13, "sanctions.enabled", True, False),
        Change(30, "sanctions.enabled", False, True),
    ]
    assert charts.event_rows(changes) == [
        {
            "period": 12.5,  # after the last period without the change, before the first with it
            "label": "1,2",
            "text": "(1) from period 13: detection.probability 0.15 \u2192 0.075; "
            "(2) from period 13: sanctions.enabled True \u2192 False",
        },
        {
            "period": 29.5,
            "label": "3",
            "text": "(3) from period 30: sanctions.enabled False \u2192 True",
        },
    ]
    assert charts.event_rows([]) == []
    # every outcome chart draws them: a rule and its number, from the dataset "events"
    frame = _frame({"honesty_rate": [0.5] * 3})
    ((_, spec, _),) = charts.outcome_charts(
        {charts.THIS_RUN: frame}, {"honesty": "honesty_rate"}, 3
    )
    marks = {layer["mark"]["type"]: layer for layer in spec["layer"]}
    assert marks["rule"]["data"] == marks["text"]["data"] == {"name": "events"}
    assert marks["rule"]["encoding"]["x"]["field"] == "period"
    assert marks["text"]["encoding"]["text"]["field"] == "label"


def test_network_sample_is_connected_and_fixed():
    m = CreditSystemModel(rng=2, n_subjects=3000)
    a = network_sample(m, size=300)
    b = network_sample(m, size=300)
    assert len(a["nodes"]) == 300 == len(set(a["nodes"].tolist()))
    np.testing.assert_array_equal(a["pos"], b["pos"])  # same layout every time
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(300))
    g.add_edges_from(a["edges"].tolist())
    assert nx.is_connected(g)  # a snowball sample, not scattered nodes
    net = m.mechanisms["interaction"].network
    for i, j in a["edges"][:50]:
        u, v = a["nodes"][i], a["nodes"][j]
        assert v in net.indices[net.indptr[u] : net.indptr[u + 1]]
    spec = charts.network_spec(a)
    assert len(spec["layer"][0]["data"]["values"]) == len(a["edges"])
    rows = charts.network_rows(a, np.zeros(300, dtype=np.int8))
    assert rows[0]["status"] == "no file" and rows[0]["id"] == int(a["nodes"][0])


def test_monitors_are_one_element_with_a_dash_for_no_value():
    from model.classroom.ui import monitors_html

    text = monitors_html(
        12,
        {"honesty_rate": 0.51234, "wrongful_listing_share": float("nan")},
        {"honesty": "honesty_rate", "wrongful": "wrongful_listing_share"},
    )
    assert (
        'monitor-period">12<' in text and 'monitor-honesty" style="color: #1f77b4">0.512<' in text
    )
    assert "monitor-wrongful" in text and ">–<" in text
    assert "monitor-trust" not in text  # a column the model does not report: no monitor
