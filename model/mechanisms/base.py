"""The base class every mechanism module derives from.

A mechanism is one rule of the Outline abstracted into code: its parameters (a frozen
dataclass named ``Params`` in the same module), its switch (the ``enabled`` field of
those parameters, where the rule can be switched off), and its rule (the methods named
in :data:`model.schedule.STEP_ORDER`). A mechanism that is switched off is never called
from the step order and so draws no random numbers; mechanisms that are on draw only
from their own random stream (:meth:`model.model.CreditSystemModel.stream`), so that
switching one off does not shift another's draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

if TYPE_CHECKING:
    from model.model import CreditSystemModel


class Mechanism:
    """One switchable rule of the model.

    Class attributes:
        name: Flat-name prefix of the parameters and key in the registry.
        Params: Frozen dataclass of the mechanism's parameters.
        title: Human-readable title used in documentation and the classroom page.
    """

    name: ClassVar[str]
    Params: ClassVar[type]
    title: ClassVar[str] = ""

    def __init__(self, model: CreditSystemModel, params: Any) -> None:
        self.model = model
        self.p = params
        self._rng: np.random.Generator | None = None
        self._enabled = bool(getattr(params, "enabled", True))
        #: Whether ``setup`` has run (a mechanism switched on mid-run is set up then).
        self.is_set_up = False

    @property
    def enabled(self) -> bool:
        """Whether the rule runs; substrate mechanisms without a switch are always on."""
        return self._enabled

    def start(self) -> None:
        """Set up the mechanism once (at construction, or when first switched on)."""
        if not self.is_set_up:
            self.setup()
            self.is_set_up = True

    def reparametrise(self, params: Any) -> None:
        """Take new parameter values between periods (``model.set``).

        A mechanism switched on for the first time is set up from the current state of
        the world; one switched off stops acting (and drawing) from the next period and
        runs its ``on_disable`` rule; a set-up mechanism whose values change recomputes
        what it derives from them (``configure``).
        """
        was = self._enabled
        self.p = params
        self._enabled = bool(getattr(params, "enabled", True))
        if self._enabled and not self.is_set_up:
            self.start()
        elif self.is_set_up:
            self.configure()
        if was and not self._enabled:
            self.on_disable()

    def configure(self) -> None:
        """Recompute what the rule derives from its parameters (tables, quotas).

        Called by ``setup`` implementations where they need it and by
        :meth:`reparametrise` after a change; the default derives nothing.
        """

    def on_disable(self) -> None:
        """What switching the rule off mid-run does to its state (default: nothing).

        A list abolished mid-run ends its listings from the next period, for example.
        """

    @property
    def deters(self) -> bool:
        """Whether this rule overrides :meth:`deterrence` (adds a term to the decision)."""
        return type(self).deterrence is not Mechanism.deterrence

    @property
    def rng(self) -> np.random.Generator:
        """This mechanism's own random stream, derived from the model's seed."""
        if self._rng is None:
            self._rng = self.model.stream(self.name)
        return self._rng

    def substream(self, purpose: str) -> np.random.Generator:
        """A further stream of this mechanism's own, named ``<name>.<purpose>``.

        For draws made once (e.g. per-subject traits) that must not shift the main
        stream's draws when a parameter turns them on or off.
        """
        return self.model.stream(f"{self.name}.{purpose}")

    def setup(self) -> None:
        """Initialise state at model construction (called only when enabled)."""

    @property
    def wrongs(self) -> bool:
        """Whether this rule overrides :meth:`false_finding_cost` (a cost of keeping faith)."""
        return type(self).false_finding_cost is not Mechanism.false_finding_cost

    def deterrence(self) -> np.ndarray | float:
        """Expected cost of breaking faith that this rule adds, per actor.

        Called by the conduct rule (``decision``) each period for enabled mechanisms;
        returns payoff units, either a scalar or an array over subjects. A cost that
        follows a finding is weighed by the detection probability the actor expects,
        ``period.p_expected``. The default adds nothing.
        """
        return 0.0

    def false_finding_cost(self) -> np.ndarray | float:
        """Expected cost this rule imposes on an actor for a false finding of its honest act.

        Given that the finding is made (no probability of it applied): the path of
        keeping faith. The conduct rule (``decision``) sums these over the enabled
        mechanisms and weighs the sum once by the false-finding probability the actor
        expects (``period.e_expected``). Marking rules enter with the chance they have
        of disposing of a *false* finding, which can differ from a true one's (an
        objection to a false finding is upheld far more often). The default adds nothing.
        """
        return 0.0

    def listed_cost(self, idx: np.ndarray | None = None) -> np.ndarray | float:
        """Expected cost per period this rule imposes on a subject on at least one list.

        Summed by :func:`model.listings.status_cost`, the one definition of what a
        listing costs, which subjects anticipate; the rule must charge exactly this in
        expectation, once per period in which a listing holds. The default is nothing.

        Args:
            idx: The subjects to compute it for (all when None): a value per subject is
                then given for these only, the same as their entries of the whole.

        """
        return 0.0

    def outcomes(self) -> dict[str, float]:
        """Outcome columns this mechanism reports each period (also when switched off)."""
        return {}
