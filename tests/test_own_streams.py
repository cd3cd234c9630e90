"""Each mechanism draws only from its own random streams: checked on running models.

``tests/test_determinism.py`` checks the source (no module names another's ``rng``); here
every draw is recorded as it happens. ``CreditSystemModel.stream`` is replaced by one that
hands out the same generators (same bit generator, same values) wrapped so that each call
records the stream's name, where in the run it was made (set-up, or the period and entry of
STEP_ORDER), the mechanism objects on the call stack, the method, its arguments and the
values drawn.

For each mechanism X with a switch, two models with the same seed (300 subjects, 3 periods,
everything else at its defaults) are run, X on and X off. The tests guarantee:

- **Ownership** (both models): every draw from a stream named ``Y`` or ``Y.<purpose>`` is
  made with mechanism Y's own object, and no other mechanism, on the call stack: no
  mechanism draws from another's stream, directly or through a helper or another
  mechanism's method, and nothing draws outside a mechanism.
- **Off draws nothing**: with X off, X's streams give no draw.
- **Independence**: for every stream not X's, the draws its own mechanism makes while the
  model is built and in the first period before X's first entry of STEP_ORDER are the same
  calls (method and arguments, at the same point of the run) with the same values in both
  models. After that point the two sequences agree value for value up to the first call
  that differs in its point of the run, method or arguments.

What may legitimately differ, and is therefore not compared: once X has acted, another
mechanism may draw at another point, a different number of values or with different
arguments, because X changed what it draws for (e.g. ``joint`` draws which domains see a
listing only when ``sharing`` lowers visibility). From the first such call on, a stream's
later values depend on what was drawn before and are not compared. So the test does not say
that X leaves another mechanism's behaviour unchanged; it says that X never consumes
another's random numbers, directly (ownership) or by making another mechanism draw more
before X acts (independence): a draw made at the same point with the same arguments gets the
same values whether X is on or off. A stray draw of the same size as the owner's next one
passes unnoticed in the values alone (it takes the values the owner would have had, and the
owner gets the next ones); ownership catches it, and independence too, because the owner's
own draws are compared at their points of the run.
"""

from __future__ import annotations

import numbers
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from unittest import mock

import numpy as np
import pytest

from model import CreditSystemModel
from model.mechanisms import MECHANISMS, Mechanism
from model.schedule import STEP_ORDER
from tests.helpers import step_with

SWITCHABLE = [n for n, c in MECHANISMS.items() if "enabled" in c.Params.__dataclass_fields__]
PERIODS = 3
BUILD = (-1, -1)  # the position of draws made while the model is built
_METHODS = [
    n for n in dir(np.random.Generator) if not n.startswith("_") and n not in ("bit_generator",)
]


@dataclass
class Draw:
    """One call on a stream: which, where, by whom, what and with what result."""

    stream: str
    where: tuple[int, int]
    makers: list[str]
    method: str
    args: tuple[Any, ...]
    values: np.ndarray


@dataclass
class Log:
    """Every draw of one model, in order; ``where`` is updated as the run proceeds."""

    draws: list[Draw] = field(default_factory=list)
    where: tuple[int, int] = BUILD
    depth: int = 0

    def of(self, stream: str) -> list[Draw]:
        """The draws the stream's own mechanism made from it."""
        return [d for d in self.draws if d.stream == stream and d.makers == [_owner(stream)]]


def _frozen(x: Any) -> Any:
    return np.array(x, copy=True) if isinstance(x, np.ndarray) else x


def _makers() -> list[str]:
    """Names of the mechanism objects on the call stack, innermost first."""
    out: list[str] = []
    frame = sys._getframe(2)
    while frame is not None:
        obj = frame.f_locals.get("self")
        if isinstance(obj, Mechanism) and obj.name not in out:
            out.append(obj.name)
        frame = frame.f_back
    return out


class Recording(np.random.Generator):
    """A Generator that records every call made on it (nested calls once)."""

    log: Log
    stream_name: str


def _recorded(name: str):
    base = getattr(np.random.Generator, name)

    def method(self: Recording, *args: Any, **kwargs: Any) -> Any:
        if self.log.depth:  # a method calling another: one draw
            return base(self, *args, **kwargs)
        frozen = tuple(_frozen(a) for a in args) + tuple(
            (k, _frozen(v)) for k, v in sorted(kwargs.items())
        )
        self.log.depth += 1
        try:
            out = base(self, *args, **kwargs)
        finally:
            self.log.depth -= 1
        # in-place methods (shuffle) return None: their result is the array shuffled
        values = np.array(out if out is not None else args[0], copy=True)
        self.log.draws.append(
            Draw(self.stream_name, self.log.where, _makers(), name, frozen, values)
        )
        return out

    method.__name__ = name
    return method


for _name in _METHODS:
    setattr(Recording, _name, _recorded(_name))

_plain_stream = CreditSystemModel.stream


@cache
def _trace(switches: tuple[tuple[str, bool], ...]) -> Log:
    """Every draw of a model (seed 5, 300 subjects) with the given switches, 3 periods."""
    log = Log()

    def stream(model: CreditSystemModel, name: str) -> np.random.Generator:
        rec = Recording(_plain_stream(model, name).bit_generator)
        rec.log, rec.stream_name = log, name
        return rec

    with mock.patch.object(CreditSystemModel, "stream", stream):
        m = CreditSystemModel(rng=5, n_subjects=300, **{f"{x}.enabled": on for x, on in switches})

        def mark(i: int):
            def hook(model: CreditSystemModel) -> None:
                log.where = (model.t, i)

            return hook

        hooks = {(name, method): mark(i) for i, (name, method, _w) in enumerate(STEP_ORDER)}
        for _ in range(PERIODS):
            step_with(m, hooks)
    return log


def _owner(stream: str) -> str:
    return stream.split(".", 1)[0]


def _first_act(name: str) -> tuple[int, int]:
    """Position of a mechanism's first entry of STEP_ORDER in the first period."""
    own = [i for i, (m, _method, _w) in enumerate(STEP_ORDER) if m == name]
    # a mechanism without an entry (means) acts only through others' rules
    return (0, own[0] if own else len(STEP_ORDER))


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return np.shape(x) == np.shape(y) and bool(np.array_equal(x, y))
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, numbers.Number) and isinstance(y, numbers.Number):
        return bool(x == y)  # a size as int or np.int64 is the same size
    return type(x) is type(y) and x == y


def _same_call(a: Draw, b: Draw) -> bool:
    return a.where == b.where and a.method == b.method and _same(a.args, b.args)


def _same_values(a: Draw, b: Draw) -> bool:
    return a.values.dtype == b.values.dtype and _same(a.values, b.values)


def _pair(name: str) -> tuple[Log, Log]:
    return _trace(((name, True),)), _trace(((name, False),))


@pytest.mark.parametrize("name", SWITCHABLE)
def test_every_draw_is_made_by_the_streams_own_mechanism(name):
    for log in _pair(name):
        strays = {(d.stream, tuple(d.makers)) for d in log.draws if d.makers != [_owner(d.stream)]}
        assert strays == set(), f"{name}: (stream, mechanisms on the stack) {sorted(strays)}"


@pytest.mark.parametrize("name", SWITCHABLE)
def test_a_switched_off_mechanism_draws_nothing(name):
    _on, off = _pair(name)
    assert [d.stream for d in off.draws if _owner(d.stream) == name] == []


@pytest.mark.parametrize("name", SWITCHABLE)
def test_switching_a_mechanism_on_leaves_the_other_streams_unchanged(name):
    on, off = _pair(name)
    before = _first_act(name)
    streams = sorted({d.stream for d in on.draws + off.draws if _owner(d.stream) != name})
    assert streams, "the other mechanisms draw nothing: nothing compared"
    for stream in streams:
        a, b = on.of(stream), off.of(stream)
        early_a = [d for d in a if d.where < before]
        early_b = [d for d in b if d.where < before]
        assert len(early_a) == len(early_b), f"{stream}: number of draws before {name} acts"
        for i, (x, y) in enumerate(zip(early_a, early_b, strict=True)):
            assert _same_call(x, y), f"{stream}: draw {i} before {name} acts: {x.method}"
            assert _same_values(x, y), f"{stream}: values of draw {i} before {name} acts"
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if not _same_call(x, y):
                break  # drawn for something X changed: later values are not comparable
            assert _same_values(x, y), f"{stream}: draw {i} ({x.method}) shifted by {name}"


def test_the_recording_sees_the_model_s_draws():
    # the comparison is not vacuous: the default model draws from several streams, in
    # set-up and in every period, and the recorded generators give the model's own values
    log = _trace(())
    assert {"interaction", "decision", "detection", "judicial"} <= {d.stream for d in log.draws}
    assert {d.where[0] for d in log.draws} == {-1, 0, 1, 2}
    first = log.of("detection")[0]
    plain = CreditSystemModel(rng=5, n_subjects=300).stream("detection")
    replay = getattr(plain, first.method)(*first.args)
    assert np.array_equal(replay, first.values)
