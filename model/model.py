"""CreditSystemModel: the Mesa model of the Outline's reward-and-punishment mechanisms.

The credit subjects are a structure of numpy arrays (:class:`model.population.Subjects`);
each mechanism of the Outline is one module in :mod:`model.mechanisms`; the order in
which they act each period is :data:`model.schedule.STEP_ORDER`. Parameters are flat
names (``sanctions.fine``) validated against the registry built from the mechanisms'
parameter dataclasses.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from functools import partial
from typing import Any

import mesa
import numpy as np

from model import population
from model.mechanisms import MECHANISMS, Mechanism
from model.outcomes import CORE_COLUMNS, core_outcomes
from model.params import ParameterError, Spec, resolve, specs_of
from model.period import Period
from model.schedule import STEP_ORDER


def parameter_registry() -> dict[str, Spec]:
    """Every valid flat parameter name with its spec, world parameters first."""
    reg: dict[str, Spec] = {}
    for spec in specs_of("", population.Params):
        reg[spec.name] = spec
    for name, cls in MECHANISMS.items():
        for spec in specs_of(name, cls.Params):
            reg[spec.name] = spec
    return reg


REGISTRY: dict[str, Spec] = parameter_registry()


def default_parameters() -> dict[str, Any]:
    """The default value of every parameter, by flat name."""
    return {name: spec.default for name, spec in REGISTRY.items()}


def _group(values: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    if not prefix:
        return {k: v for k, v in values.items() if "." not in k}
    cut = len(prefix) + 1
    return {k[cut:]: v for k, v in values.items() if k.startswith(prefix + ".")}


def _check_consistency(values: Mapping[str, Any]) -> None:
    """Checks that involve more than one parameter."""
    if values["firm_share"] + values["official_share"] > 1.0:
        raise ParameterError(
            "Parameters 'firm_share' + 'official_share' must not exceed 1, got "
            f"{values['firm_share']} + {values['official_share']}."
        )
    if values["interaction.degree"] >= values["n_subjects"]:
        raise ParameterError(
            f"Parameter 'interaction.degree' = {values['interaction.degree']} must be "
            f"smaller than 'n_subjects' = {values['n_subjects']}."
        )


def _check_rng(rng: Any) -> None:
    ok = rng is None or isinstance(
        rng, int | np.integer | np.random.Generator | np.random.SeedSequence
    )
    if not ok or isinstance(rng, bool) or (isinstance(rng, int | np.integer) and rng < 0):
        raise ParameterError(
            f"rng must be a non-negative integer seed, a numpy Generator or None, got {rng!r}."
        )


class CreditSystemModel(mesa.Model):
    """Credit subjects under the reward-and-punishment rules of the Outline.

    Args:
        rng: Seed (non-negative int), numpy Generator or None (fresh entropy). Every
            random draw in the model comes from streams derived from ``model.rng``'s
            seed sequence, one per mechanism.
        **params: Flat parameter names and values, e.g. ``**{"sanctions.fine": 3.0}``.
            See ``python -m model params`` for the list.

    Attributes:
        params: Every parameter's value by flat name (defaults filled in).
        world: The unprefixed world parameters (:class:`model.population.Params`).
        mechanisms: Mechanism instances by name, switched on or off.
        subjects: The credit subjects as arrays.
        period: Scratch arrays of the latest period.
        t: Number of periods run.
        sharing_level: Visibility of records and listings across departments and
            regions, in [0, 1]; 1 unless the ``sharing`` mechanism lowers it.
        outcomes: Outcome values of the latest period.
        forced_acts: Subject id -> keeps faith (True) or breaks it (False), imposed on
            those subjects' acts every period instead of their decision rule (the
            classroom page's "play a subject"); empty by default.
        datacollector: Mesa DataCollector with one row per period.

    Raises:
        ParameterError: For an unknown name, a value of the wrong type or out of range.

    """

    def __init__(self, *, rng: Any = None, **params: Any) -> None:
        _check_rng(rng)
        values = resolve(params, REGISTRY)
        _check_consistency(values)
        super().__init__(rng=rng)
        self.params: dict[str, Any] = values
        self.world = population.Params(**_group(values, ""))
        self.mechanisms: dict[str, Mechanism] = {
            name: cls(self, cls.Params(**_group(values, name))) for name, cls in MECHANISMS.items()
        }
        self.subjects = population.make_subjects(self.world)
        self.t = 0
        self.sharing_level = 1.0
        self.period = Period.new(0, self.subjects.n)
        for mech in self.mechanisms.values():
            if mech.enabled:
                mech.setup()
        # switches are fixed for a model's life: resolve the step order and the
        # deterrence terms once rather than every period
        self._plan = tuple(
            getattr(self.mechanisms[name], method)
            for name, method, _why in STEP_ORDER
            if self.mechanisms[name].enabled
        )
        #: Switched-on mechanisms that add a deterrence term, in registry order.
        self.deterrents: tuple[Mechanism, ...] = tuple(
            m for m in self.mechanisms.values() if m.enabled and m.deters
        )
        self.outcomes: dict[str, float] = {}
        self.forced_acts: dict[int, bool] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={c: partial(_outcome, c) for c in self.columns()}
        )

    # --- randomness ---------------------------------------------------------------
    def stream(self, name: str) -> np.random.Generator:
        """An independent random stream for one mechanism, derived from the seed.

        The stream depends only on the model's seed sequence and the name, so a
        mechanism's draws do not depend on which other mechanisms are switched on.
        """
        seq = self.rng.bit_generator.seed_seq
        child = np.random.SeedSequence(
            entropy=seq.entropy,
            spawn_key=(*seq.spawn_key, zlib.crc32(name.encode())),
            pool_size=seq.pool_size,
        )
        return np.random.default_rng(child)

    @property
    def seed_entropy(self) -> int:
        """Entropy of the model's seed sequence (the seed itself for an int rng)."""
        return int(self.rng.bit_generator.seed_seq.entropy)

    # --- the period ---------------------------------------------------------------
    def step(self) -> None:
        """Run one period: every entry of STEP_ORDER, then collect outcomes."""
        self.period = Period.new(self.t, self.subjects.n)
        # STEP_ORDER with the switched-off entries left out (see __init__)
        for method in self._plan:
            method()
        self.outcomes = self.compute_outcomes()
        self.datacollector.collect(self)
        self.t += 1

    def compute_outcomes(self) -> dict[str, float]:
        """Outcome values of the latest period (every mechanism's columns)."""
        out = core_outcomes(self)
        for mech in self.mechanisms.values():
            out.update(mech.outcomes())
        return out

    def columns(self) -> list[str]:
        """Names of the collected outcome columns, in a fixed order."""
        names = list(CORE_COLUMNS)
        for mech in self.mechanisms.values():
            for key in mech.outcomes():
                if key not in names:
                    names.append(key)
        return names

    def results(self):  # noqa: ANN201 - pandas is imported by mesa
        """The collected outcomes as a DataFrame with a ``period`` column (1-based)."""
        df = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        df.insert(0, "period", np.arange(1, len(df) + 1))
        return df


def _outcome(column: str, model: CreditSystemModel) -> float:
    """DataCollector reporter: one column of the latest outcomes (picklable)."""
    return model.outcomes[column]
