"""CreditSystemModel: the Mesa model of the Outline's reward-and-punishment mechanisms.

The credit subjects are a structure of numpy arrays (:class:`model.population.Subjects`);
each mechanism of the Outline is one module in :mod:`model.mechanisms`; the order in
which they act each period is :data:`model.schedule.STEP_ORDER`. Parameters are flat
names (``sanctions.fine``) validated against the registry built from the mechanisms'
parameter dataclasses.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

import mesa
import numpy as np

from model import interventions, population
from model.mechanisms import MECHANISMS, Mechanism
from model.outcomes import CORE_COLUMNS, core_outcomes
from model.params import ParameterError, Spec, resolve, specs_of, unknown_name_error
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
    # a small world links each subject to degree/2 ring neighbours on either side
    # (model.network.small_world): an odd degree would silently act as the even one below
    if values["interaction.network"] == "small_world" and values["interaction.degree"] % 2:
        raise ParameterError(
            f"Parameter 'interaction.degree' = {values['interaction.degree']} must be even "
            "for the small-world network (degree/2 neighbours on each side of the ring); "
            "an odd mean degree needs interaction.network = 'scale_free'."
        )
    # the reporting chance rises from base_rate towards max_rate with the reward: a base
    # above the maximum would make a larger reward lower reporting
    if values["whistleblower.base_rate"] > values["whistleblower.max_rate"]:
        raise ParameterError(
            f"Parameter 'whistleblower.base_rate' = {values['whistleblower.base_rate']} must "
            f"not exceed 'whistleblower.max_rate' = {values['whistleblower.max_rate']}."
        )


def _check_schedule(
    values: Mapping[str, Any], schedule: Mapping[int, Mapping[str, Any]], allow_inactive: bool
) -> None:
    """Check every scheduled change against the values in force when it takes effect."""
    current = dict(values)
    for period, changes in schedule.items():
        current.update(changes)
        try:
            _check_consistency(current)
        except ParameterError as e:
            raise ParameterError(f"schedule, period {period}: {e}") from None
        if allow_inactive:
            continue
        later = {p: c for p, c in schedule.items() if p > period}
        for name in changes:
            problem = interventions.inactive_problem(name, current, REGISTRY, later)
            if problem:
                raise ParameterError(f"schedule, period {period}: {problem}")


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
        schedule: Changes of parameters over periods (:mod:`model.interventions`):
            ``[{"parameter": "sanctions.fine", "period": 24, "value": 5.0}, ...]``, ramps
            with ``start``/``end``/``from``/``to``; switching a mechanism is a change of
            its ``enabled``.
        allow_inactive: Accept values for parameters that cannot act (their mechanism
            is switched off, or the phase-in schedule overrides them); by default they
            are an error, because a value that does nothing is usually a mistake.
        **params: Flat parameter names and values, e.g. ``**{"sanctions.fine": 3.0}``.
            See ``python -m model params`` for the list.

    Attributes:
        params: Every parameter's value by flat name (defaults filled in).
        world: The unprefixed world parameters (:class:`model.population.Params`).
        mechanisms: Mechanism instances by name, switched on or off.
        subjects: The credit subjects as arrays.
        period: Scratch arrays of the latest period. The next step resets them in place
            (one set of arrays serves every period): copy what is to be kept.
        t: Number of periods run.
        sharing_level: Visibility of records and listings across departments and
            regions, in [0, 1]; 1 unless the ``sharing`` mechanism lowers it.
        outcomes: Outcome values of the latest period.
        forced_acts: Subject id -> keeps faith (True) or breaks it (False), imposed on
            those subjects' acts every period instead of their decision rule (the
            classroom page's "play a subject"); empty by default.
        datacollector: Mesa DataCollector with one row per period.
        events: Parameter changes applied so far: (period, name, old value, new value),
            with the 1-based period from which the new value holds.

    Raises:
        ParameterError: For an unknown name, a value of the wrong type or out of range.

    """

    def __init__(
        self,
        *,
        rng: Any = None,
        schedule: Iterable[Mapping[str, Any]] | None = None,
        allow_inactive: bool = False,
        **params: Any,
    ) -> None:
        _check_rng(rng)
        values = resolve(params, REGISTRY)
        _check_consistency(values)
        self._schedule = interventions.expand(schedule, REGISTRY)
        self.allow_inactive = bool(allow_inactive)
        if not self.allow_inactive:
            for name in params:
                problem = interventions.inactive_problem(name, values, REGISTRY, self._schedule)
                if problem:
                    raise ParameterError(problem)
        _check_schedule(values, self._schedule, self.allow_inactive)
        super().__init__(rng=rng)
        self.params: dict[str, Any] = values
        self.world = population.Params(**_group(values, ""))
        self.mechanisms: dict[str, Mechanism] = {
            name: cls(self, cls.Params(**_group(values, name))) for name, cls in MECHANISMS.items()
        }
        self.subjects = population.make_subjects(self.world)
        self.t = 0
        self.sharing_level = 1.0
        # every period runs on these scratch arrays, reset in place (Period.blank)
        self._scratch = Period.new(0, self.subjects.n)
        self.period = self._scratch.blank(0)
        for mech in self.mechanisms.values():
            if mech.enabled:
                mech.start()
        self._resolve_plan()
        self.events: list[tuple[int, str, Any, Any]] = []
        self.outcomes: dict[str, float] = {}
        self.forced_acts: dict[int, bool] = {}
        self.datacollector = OutcomeCollector(self.columns())

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

    def _resolve_plan(self) -> None:
        """Resolve the step order and the deterrence terms for the current switches.

        Done once at construction and again only when a switch changes, rather than
        every period.
        """
        self._plan = tuple(
            getattr(self.mechanisms[name], method)
            for name, method, _why in STEP_ORDER
            if self.mechanisms[name].enabled
        )
        #: Switched-on mechanisms that add a deterrence term, in registry order.
        self.deterrents: tuple[Mechanism, ...] = tuple(
            m for m in self.mechanisms.values() if m.enabled and m.deters
        )
        #: Switched-on mechanisms that charge a false finding, in registry order.
        self.wrongs: tuple[Mechanism, ...] = tuple(
            m for m in self.mechanisms.values() if m.enabled and m.wrongs
        )

    # --- policy over time ---------------------------------------------------------
    def set(self, name: str, value: Any) -> None:
        """Change one parameter between periods; it holds from the next period on.

        Validated like the constructor's values: an unknown name, a bad value, an
        invalid combination, a parameter that acts only at set-up, or (unless the model
        was built with ``allow_inactive=True``) a parameter of a switched-off mechanism
        is a :class:`ParameterError` and changes nothing. A mechanism switched on for the
        first time is set up from the current state of the world; one switched off stops
        acting and drawing random numbers (``Mechanism.reparametrise``).

        Args:
            name: Flat parameter name.
            value: New value.

        """
        self._apply({name: value})

    def _apply(self, changes: Mapping[str, Any]) -> None:
        """Validate a set of changes as a whole, then apply them and record events."""
        values = dict(self.params)
        typed: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in REGISTRY:
                raise unknown_name_error(name, list(REGISTRY))
            spec = REGISTRY[name]
            if spec.setup_only:
                raise ParameterError(
                    f"Parameter '{name}' acts only when the model is set up; build a new "
                    "model to change it."
                )
            typed[name] = spec.validate(value)
        values.update(typed)
        _check_consistency(values)
        if not self.allow_inactive:
            # the values hold from period t + 1: a mechanism the schedule switches on in
            # that very period (or later) is on when they act
            later = {p: c for p, c in self._schedule.items() if p >= self.t + 1}
            for name in typed:
                problem = interventions.inactive_problem(name, values, REGISTRY, later)
                if problem:
                    raise ParameterError(problem)
        old = self.params
        self.params = values
        switched = False
        for group in dict.fromkeys(REGISTRY[n].group for n in typed):
            fields = {
                n.split(".", 1)[-1]: v for n, v in typed.items() if REGISTRY[n].group == group
            }
            if group == "":
                self.world = dataclasses.replace(self.world, **fields)
                continue
            mech = self.mechanisms[group]
            before = mech.enabled
            mech.reparametrise(dataclasses.replace(mech.p, **fields))
            switched |= mech.enabled != before
        if switched:
            self._resolve_plan()
        for name, value in typed.items():
            if old[name] != value:
                self.events.append((self.t + 1, name, old[name], value))

    # --- the period ---------------------------------------------------------------
    def run_for(self, duration: int) -> None:
        """Run ``duration`` whole periods (0 does nothing).

        Mesa's ``run_for`` accepts any time span; a period is the model's smallest unit,
        so a fraction or a negative span is an error here rather than a silent no-op.

        Raises:
            ParameterError: If ``duration`` is not a non-negative integer.

        """
        if isinstance(duration, bool | np.bool_) or not isinstance(duration, int | np.integer):
            raise ParameterError(
                f"run_for needs a whole number of periods (an integer >= 0), got {duration!r}."
            )
        if duration < 0:
            raise ParameterError(f"run_for needs a number of periods >= 0, got {duration}.")
        if duration:  # Mesa warns about an empty span
            super().run_for(int(duration))

    def step(self) -> None:
        """Run one period: scheduled changes, every entry of STEP_ORDER, outcomes."""
        changes = self._schedule.get(self.t + 1)
        if changes:
            self._apply(changes)
        self.period = self._scratch.blank(self.t)
        # STEP_ORDER with the switched-off entries left out (see __init__)
        for method in self._plan:
            method()
        self.outcomes = self.compute_outcomes()
        self.datacollector.collect(self)
        self.t += 1

    def compute_outcomes(self) -> dict[str, float]:
        """Outcome values of the latest period (every mechanism's columns)."""
        # outcomes only read the state: what several of them derive (the published
        # lists, one count of the acts, shared means) is computed once (model.outcomes)
        with self.period.reading():
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

    def panel(self):  # noqa: ANN201 - pyarrow is imported by the mechanism
        """The panel of sampled subjects as a pyarrow Table (``followup.panel_size``).

        One row per sampled subject and period run; empty without a panel. Write it
        with :func:`model.mechanisms.followup.write_panel` (Parquet).
        """
        return self.mechanisms["followup"].panel()

    def results(self):  # noqa: ANN201 - pandas is imported by mesa
        """The collected outcomes as a DataFrame with a ``period`` column (1-based).

        An ``events`` column lists the parameter changes that took effect at the start
        of each period (``name=value``, separated by ``; ``; empty when none).
        """
        df = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        df.insert(0, "period", np.arange(1, len(df) + 1))
        text = [""] * len(df)
        for period, name, _old, new in self.events:
            if 1 <= period <= len(df):
                i = period - 1
                shown = format(new, ".12g") if isinstance(new, float) else new
                text[i] = f"{text[i]}; {name}={shown}" if text[i] else f"{name}={shown}"
        df["events"] = text
        return df


class OutcomeCollector(mesa.DataCollector):
    """Mesa's DataCollector, collecting the model's outcome columns without a copy each.

    Mesa's ``collect`` calls every reporter and deep-copies its value (about 45
    microseconds a period for the model's 112 columns: 4% of a period at 10,000
    subjects). Every value here is a float from ``model.outcomes``, immutable, so the
    copy changes nothing: this ``collect`` appends the values themselves, in the order
    of the columns, and keeps Mesa's record of the collection steps. Everything else
    (``model_vars``, ``get_model_vars_dataframe``) is Mesa's.
    """

    def __init__(self, columns: list[str]) -> None:
        """One reporter per outcome column (and nothing else: no agent reporters, no tables).

        Args:
            columns: The model's outcome columns, in order (``CreditSystemModel.columns``).

        """
        super().__init__(model_reporters={c: partial(_outcome, c) for c in columns})

    def collect(self, model: CreditSystemModel) -> None:
        """Append the latest value of every outcome column."""
        self._collection_steps.append(model.time)
        out = model.outcomes
        for column, values in self.model_vars.items():
            values.append(out[column])


def _outcome(column: str, model: CreditSystemModel) -> float:
    """DataCollector reporter: one column of the latest outcomes (picklable)."""
    return model.outcomes[column]
