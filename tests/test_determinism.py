"""Reproducibility: same seed, same table; different seeds differ; independent streams."""

import numpy as np
import pandas as pd

from model import CreditSystemModel
from tests.helpers import run


def test_same_seed_identical_tables():
    a = run(7, 20, n_subjects=1500)
    b = run(7, 20, n_subjects=1500)
    pd.testing.assert_frame_equal(a, b)


def test_same_seed_identical_under_imitation():
    kw = {"n_subjects": 1500, "decision.rule": "imitation"}
    pd.testing.assert_frame_equal(run(3, 15, **kw), run(3, 15, **kw))


def test_different_seeds_differ():
    a = run(1, 10, n_subjects=1500)
    b = run(2, 10, n_subjects=1500)
    assert not a["honesty_rate"].equals(b["honesty_rate"])


def test_numpy_generator_as_rng_is_reproducible():
    a = CreditSystemModel(rng=np.random.default_rng(5), n_subjects=500)
    b = CreditSystemModel(rng=np.random.default_rng(5), n_subjects=500)
    a.run_for(5)
    b.run_for(5)
    pd.testing.assert_frame_equal(a.results(), b.results())


def test_mechanism_streams_do_not_depend_on_other_switches():
    # the detection stream of a model is the same whether or not other
    # mechanisms are on: switching one off cannot shift another's draws
    a = CreditSystemModel(rng=11, n_subjects=200)
    b = CreditSystemModel(rng=11, n_subjects=200, **{"redlist.enabled": False})
    assert np.array_equal(a.stream("detection").random(10), b.stream("detection").random(10))
    assert not np.array_equal(a.stream("detection").random(10), a.stream("market").random(10))


def test_network_does_not_depend_on_mechanism_switches():
    a = CreditSystemModel(rng=4, n_subjects=300)
    b = CreditSystemModel(rng=4, n_subjects=300, **{"blacklist.enabled": False})
    na, nb = a.mechanisms["interaction"].network, b.mechanisms["interaction"].network
    assert np.array_equal(na.indices, nb.indices)


def test_no_global_random_state_is_used():
    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    m = CreditSystemModel(rng=1, n_subjects=300)
    m.run_for(3)
    assert np.array_equal(np.random.get_state()[1], state)


def test_mechanisms_draw_only_from_their_own_stream():
    # every random draw in a mechanism goes through its own `self.rng` (the model's
    # stream for its name): no module reads another mechanism's rng or the model's
    import ast
    import pathlib

    import model.mechanisms as pkg

    offenders = []
    for path in pathlib.Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("rng", "_rng", "stream"):
                own = isinstance(node.value, ast.Name) and node.value.id == "self"
                if not own and path.name != "base.py":
                    offenders.append(f"{path.name}:{node.lineno}")
            # np.random.<function>: the global state (types in annotations are fine)
            if isinstance(node, ast.Attribute) and node.attr not in ("Generator", "SeedSequence"):
                v = node.value
                if isinstance(v, ast.Attribute) and v.attr == "random":
                    if isinstance(v.value, ast.Name) and v.value.id == "np":
                        offenders.append(f"{path.name}:{node.lineno} np.random.{node.attr}")
    assert offenders == []
