"""The base class of every mechanism: switch, set-up, reparametrisation, streams, defaults."""

from dataclasses import dataclass

import numpy as np

from model import CreditSystemModel
from model.mechanisms.base import Mechanism


@dataclass(frozen=True)
class Switched:
    enabled: bool = False
    value: float = 1.0


@dataclass(frozen=True)
class Substrate:
    """Parameters of a rule without a switch (always on)."""

    value: float = 1.0


class Recorder(Mechanism):
    """A rule that only counts the calls the base class makes to it."""

    name = "recorder"
    Params = Switched

    def __init__(self, model, params) -> None:
        super().__init__(model, params)
        self.calls = {"setup": 0, "configure": 0, "on_disable": 0}

    def setup(self) -> None:
        self.calls["setup"] += 1

    def configure(self) -> None:
        self.calls["configure"] += 1

    def on_disable(self) -> None:
        self.calls["on_disable"] += 1


class Deterring(Recorder):
    def deterrence(self):
        return 2.0


class Wronging(Recorder):
    def false_finding_cost(self):
        return 3.0


def _model():
    return CreditSystemModel(rng=7, n_subjects=10)


def test_a_rule_without_a_switch_is_always_on():
    r = Recorder(_model(), Substrate())
    assert r.enabled and not r.is_set_up
    r.reparametrise(Substrate(value=2.0))
    assert r.enabled and r.calls["setup"] == 1 and r.p.value == 2.0
    assert not Recorder(_model(), Switched()).enabled


def test_start_sets_up_exactly_once():
    r = Recorder(_model(), Switched(enabled=True))
    r.start()
    r.start()
    assert r.is_set_up and r.calls["setup"] == 1


def test_reparametrise_sets_up_reconfigures_and_disables_at_the_right_moments():
    r = Recorder(_model(), Switched(enabled=False))
    expected = {"setup": 0, "configure": 0, "on_disable": 0}
    # a value of a rule that is off and was never on: nothing is set up or derived
    r.reparametrise(Switched(enabled=False, value=2.0))
    assert r.calls == expected and not r.is_set_up and not r.enabled
    # switched on for the first time: set up from the world as it is, nothing else
    r.reparametrise(Switched(enabled=True, value=2.0))
    expected["setup"] = 1
    assert r.calls == expected and r.is_set_up and r.enabled
    # a value changed while on: derived again, not set up again, not disabled
    r.reparametrise(Switched(enabled=True, value=3.0))
    expected["configure"] = 1
    assert r.calls == expected
    # switched off: its off rule runs once (and the set-up rule still derives its values)
    r.reparametrise(Switched(enabled=False, value=3.0))
    expected["configure"] = 2
    expected["on_disable"] = 1
    assert r.calls == expected and not r.enabled
    # a value changed while off: no second off rule
    r.reparametrise(Switched(enabled=False, value=4.0))
    expected["configure"] = 3
    assert r.calls == expected
    # on again: set up only once in its life
    r.reparametrise(Switched(enabled=True, value=4.0))
    expected["configure"] = 4
    assert r.calls == expected and r.enabled


def test_only_rules_that_define_a_term_add_one():
    m = _model()
    plain, deterring, wronging = (
        cls(m, Switched(enabled=True)) for cls in (Recorder, Deterring, Wronging)
    )
    assert not plain.deters and not plain.wrongs
    assert deterring.deters and not deterring.wrongs
    assert wronging.wrongs and not wronging.deters
    # the defaults add nothing: no deterrence, no cost of a false finding or a listing
    assert plain.deterrence() == 0.0
    assert plain.false_finding_cost() == 0.0
    assert plain.listed_cost() == 0.0
    assert plain.outcomes() == {}
    # in the model: fines deter and charge a false finding; the substrate does neither
    assert m.mechanisms["sanctions"] in m.deterrents and m.mechanisms["sanctions"] in m.wrongs
    assert m.mechanisms["interaction"] not in m.deterrents
    assert m.mechanisms["interaction"] not in m.wrongs


def test_each_rule_draws_from_its_own_named_stream_kept_between_calls():
    m = _model()
    r = Recorder(m, Switched(enabled=True))
    first = r.rng.random(4)
    second = r.rng.random(4)  # the same generator continues, not a fresh one
    ref = m.stream("recorder")
    np.testing.assert_array_equal(first, ref.random(4))
    np.testing.assert_array_equal(second, ref.random(4))
    np.testing.assert_array_equal(
        r.substream("traits").random(4), m.stream("recorder.traits").random(4)
    )
    assert not np.array_equal(m.stream("recorder.traits").random(4), m.stream("recorder").random(4))
