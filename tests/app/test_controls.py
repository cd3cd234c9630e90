"""The page's controls and figures, built from the registry (no browser needed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model import REGISTRY
from model.app import (
    STATUS_COLOURS,
    changed_parameters,
    control,
    key_parameters,
    make_model,
    model_params_for,
    network_sample,
    outcome_frame,
    preset_parameters,
    slider_range,
    status_codes,
)
from model.mechanisms import MECHANISMS
from model.presets import PRESETS


def test_every_mechanism_switch_is_a_control():
    names = key_parameters()
    for mech in MECHANISMS:
        if f"{mech}.enabled" in REGISTRY:
            assert f"{mech}.enabled" in names
            assert control(REGISTRY[f"{mech}.enabled"], False)["type"] == "Checkbox"
    assert len(names) == len(set(names))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_slider_start_values_lie_on_the_grid(preset):
    # the browser snaps a slider to low + k * step: an off-grid start value would
    # silently change the parameter on page load
    params, _ = preset_parameters(preset)
    for name, c in model_params_for(params, 1).items():
        if not isinstance(c, dict) or not c["type"].startswith("Slider"):
            continue
        assert c["min"] <= c["value"] <= c["max"], name
        k = (c["value"] - c["min"]) / c["step"]
        assert math.isclose(k, round(k), abs_tol=1e-6), (name, c)


def test_slider_range_is_cut_but_valid():
    spec = REGISTRY["sanctions.fine"]  # valid up to 1000, default 3
    assert slider_range(spec, 3.0) == (0.0, 30.0, 0.5)
    assert slider_range(spec, 50.0)[1] == 50.0  # never below the value
    low, high, step = slider_range(REGISTRY["n_subjects"], 2000)
    assert (low, high, step) == (100.0, 20000.0, 100.0)


def test_status_codes_hand_made():
    m = make_model({"n_subjects": 200}, 1)
    s = m.subjects
    s.has_file[:] = True
    s.has_file[0] = False
    s.red[:] = False
    s.red[1] = True
    s.listed_until[:] = 0
    s.listed_until[2:4] = 10
    s.wrongly_listed[:] = False
    s.wrongly_listed[3] = True
    codes = status_codes(m)
    labels = list(STATUS_COLOURS)
    assert [labels[c] for c in codes[:5]] == [
        "no file",
        "red-listed",
        "blacklisted",
        "wrongly blacklisted",
        "ordinary",
    ]


def test_network_sample_is_connected_and_fixed():
    m = make_model({"n_subjects": 3000}, 2)
    a = network_sample(m, size=300)
    b = network_sample(m, size=300)
    assert len(a["nodes"]) == 300 == len(set(a["nodes"].tolist()))
    np.testing.assert_array_equal(a["pos"], b["pos"])  # same layout every time
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(300))
    g.add_edges_from(a["edges"].tolist())
    assert nx.is_connected(g)  # a snowball sample, not scattered nodes
    # every sampled edge is an edge of the model's network
    net = m.mechanisms["interaction"].network
    for i, j in a["edges"][:50]:
        u, v = a["nodes"][i], a["nodes"][j]
        assert v in net.indices[net.indptr[u] : net.indptr[u + 1]]


def test_changed_parameters_and_outcome_frame():
    m = make_model({"n_subjects": 500, "sanctions.fine": 4.0}, 3)
    assert changed_parameters(m) == {"n_subjects": 500, "sanctions.fine": 4.0}
    assert len(outcome_frame(m)) == 0
    m.step()
    m.step()
    df = outcome_frame(m)
    assert df["period"].tolist() == [1, 2]
    assert df["honesty_rate"].between(0, 1).all()
