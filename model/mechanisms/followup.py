"""Follow-up of subjects: outcomes per subject, and a panel of a sample of them.

Not a rule of the Outline: an instrument of observation, like a survey. It changes
nothing any subject does and draws random numbers only to sample the panel.

Rule (``observe``, the last step of a period). Per subject it keeps when its latest
listing ended, whether it has been found since, since when it has borne a wrongful
listing, and whether it has ever been listed, rightly or wrongly (11 bytes per
subject). From these, each period:

* ``recidivism_rate``: of the subjects whose listings (on every list) ended exactly
  ``followup.recidivism_window`` = k periods ago (their last listed period was t - k),
  the share found to have violated again (a true violation detected: a finding in the
  ledger, whatever became of it; false findings and judgments do not count) in the k
  periods since. NaN while no listing ended k periods ago. A subject relisted and
  released again within the window counts in both cohorts.
* ``wrongful_listing_person_periods``: subjects who bore, in this period, a listing
  resting on a false record, per subject (summed over the periods of a run: the
  person-periods of wrongful listing per subject; times ``n_subjects``: the count).
* ``mean_wrongful_listing_duration``: mean length, in periods, of the spells of
  wrongful listing that ended this period (a spell is a run of periods in which the
  subject bore a wrongful listing; it ends when the listing ends, is annulled or comes
  to rest on a true record); NaN when none ended.
* ``welfare_never_listed``, ``welfare_rightly_listed``, ``welfare_wrongly_listed``:
  mean payoff this period of the subjects never listed so far, listed only on true
  records, and listed at least once on a false record; ``welfare_<kind>`` per kind.
  NaN for an empty group.

"Listed" here is the lists as published at the end of the period (as
``blacklisted_share``); "bore a listing in period t" is a listing holding in t.

Panel. With ``followup.panel_size`` = m > 0, m subjects are drawn once without
replacement (the mechanism's own stream) and each period one row per sampled subject
is kept in preallocated arrays: id, period (1-based, as in ``results()``), kind,
region, act (0 no transaction, 1 broke faith, 2 kept faith), found (a finding this
period, true or false, whatever became of it), listed and wrongly listed (as
published at the end of the period), payoff (this period) and wealth (end of period).
A row takes 27 bytes: m = 1,000 subjects over 120 periods is 3.2 MB. ``model.panel()``
returns the table (pyarrow) and :func:`write_panel` writes it as Parquet; the sample
listed share estimates ``blacklisted_share`` with standard error
``sqrt(p (1 - p) / m)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.mechanisms.base import Mechanism
from model.outcomes import KIND, margin, tally
from model.params import param
from model.population import KINDS

#: Columns of the panel and their dtypes (27 bytes a row).
PANEL_COLUMNS: dict[str, type] = {
    "id": np.int32,
    "period": np.int32,
    "kind": np.int8,
    "region": np.int16,
    "act": np.int8,
    "found": np.bool_,
    "listed": np.bool_,
    "wrongly_listed": np.bool_,
    "payoff": np.float32,
    "wealth": np.float64,
}
#: Periods of panel rows preallocated at first; the arrays double when full.
PANEL_CHUNK = 128


@dataclass(frozen=True)
class Params:
    """The follow-up window and the panel's size."""

    recidivism_window: int = param(
        12,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Periods after a listing ends within which a new finding counts as recidivism.",
        clause="assumption: one year, a common follow-up in recidivism studies; swept",
    )
    panel_size: int = param(
        0,
        unit="subjects",
        low=0,
        high=100_000,
        doc="Subjects sampled for the panel of individual histories (0: no panel).",
        clause="instrument of observation, not a rule of the Outline",
        setup_only=True,
    )


class Followup(Mechanism):
    """Outcomes per subject: recidivism, wrongful listings, welfare by group; a panel."""

    name = "followup"
    Params = Params
    title = "Follow-up of subjects (outcomes per subject, panel)"

    def setup(self) -> None:
        """Nobody listed yet; draw the panel's sample if there is one."""
        n = self.model.subjects.n
        self.ended_at = np.full(n, -1, dtype=np.int32)
        self.found_again = np.zeros(n, dtype=bool)
        self.wrong_since = np.full(n, -1, dtype=np.int32)
        self.ever_listed = np.zeros(n, dtype=bool)
        self.ever_wrong = np.zeros(n, dtype=bool)
        #: Per period of ending: subjects whose listing ended then, and of them the
        #: ones found again within the window.
        self.cohort = np.zeros(PANEL_CHUNK, dtype=np.int64)
        self.recidivists = np.zeros(PANEL_CHUNK, dtype=np.int64)
        self._spells = (0, 0)
        self._wrong_now = 0
        size = min(self.p.panel_size, n)
        self.sample = np.zeros(0, dtype=np.int32)
        if size > 0:
            pick = self.rng.choice(n, size=size, replace=False)
            self.sample = np.sort(pick).astype(np.int32)
        self._rows = 0
        self._panel = {k: np.zeros(0, dtype=v) for k, v in PANEL_COLUMNS.items()}

    # --- steps ------------------------------------------------------------------------
    def observe(self) -> None:
        """Update the follow-up of every subject and the panel (end of period)."""
        m = self.model
        s, per, t = m.subjects, m.period, m.period.t
        k = self.p.recidivism_window
        if t >= len(self.cohort):
            grow = len(self.cohort)
            self.cohort = np.concatenate([self.cohort, np.zeros(grow, np.int64)])
            self.recidivists = np.concatenate([self.recidivists, np.zeros(grow, np.int64)])
        # found again within the window of a listing that ended before this period
        # ended in a period e with 0 <= e and t - e <= k
        open_ = self.ended_at >= max(t - k, 0)
        open_ &= ~self.found_again
        again = open_ & per.detected
        self.recidivists += np.bincount(self.ended_at[again], minlength=len(self.cohort))
        self.found_again |= again
        # listings that end this period: the last period listed is t
        end = s.listing_end()
        ended = end == t + 1
        self.ended_at[ended] = t
        self.found_again[ended] = False
        self.cohort[t] = int(np.count_nonzero(ended))
        # spells of wrongful listing borne in this period
        wrong_now = s.wrongly_listed(t)
        start = wrong_now & (self.wrong_since < 0)
        self.wrong_since[start] = t
        stop = ~wrong_now & (self.wrong_since >= 0)
        lengths = t - self.wrong_since[stop]
        self.wrong_since[stop] = -1
        self._spells = (int(np.count_nonzero(stop)), int(lengths.sum()))
        self._wrong_now = int(np.count_nonzero(wrong_now))
        # groups, on the lists as published
        listed = end > t + 1
        wrong_pub = s.wrongly_listed(t + 1)
        self.ever_listed |= listed
        self.ever_wrong |= wrong_pub
        if len(self.sample):
            self._record(listed, wrong_pub)

    def _record(self, listed: np.ndarray, wrong: np.ndarray) -> None:
        """Append this period's rows of the sampled subjects to the panel."""
        m = self.model
        s, per, ids = m.subjects, m.period, self.sample
        k = len(ids)
        need = self._rows + k
        if need > len(self._panel["id"]):
            size = max(need, 2 * len(self._panel["id"]), PANEL_CHUNK * k)
            for name, col in self._panel.items():
                grown = np.zeros(size, dtype=col.dtype)
                grown[: self._rows] = col[: self._rows]
                self._panel[name] = grown
        rows = slice(self._rows, need)
        values = {
            "id": ids,
            "period": per.t + 1,
            "kind": s.kind[ids],
            "region": s.region[ids],
            "act": per.act_state()[ids],
            "found": per.found[ids],
            "listed": listed[ids],
            "wrongly_listed": wrong[ids],
            "payoff": s.payoff[ids],
            "wealth": s.wealth[ids],
        }
        for name, v in values.items():
            self._panel[name][rows] = v
        self._rows = need

    # --- results ------------------------------------------------------------------------
    def panel(self):  # noqa: ANN201 - pyarrow is imported here only
        """The panel as a pyarrow Table, one row per sampled subject and period."""
        import pyarrow as pa

        cols = {k: v[: self._rows] for k, v in self._panel.items()}
        cols["kind"] = np.asarray(KINDS, dtype=object)[cols["kind"]]
        return pa.table(cols)

    def outcomes(self) -> dict[str, float]:
        """Recidivism, wrongful listings, welfare by group and kind."""
        m = self.model
        s, t = m.subjects, m.period.t
        n = s.n
        out: dict[str, float] = {}
        e = t - self.p.recidivism_window
        size = int(self.cohort[e]) if 0 <= e < len(self.cohort) else 0
        out["recidivism_rate"] = self.recidivists[e] / size if size else float("nan")
        out["wrongful_listing_person_periods"] = self._wrong_now / n
        spells, total = self._spells
        out["mean_wrongful_listing_duration"] = total / spells if spells else float("nan")
        pay = s.payoff.astype(np.float64)
        groups = {
            "never_listed": ~self.ever_listed,
            # listed and not wrongly: True > False is the one pair where a > b
            "rightly_listed": self.ever_listed > self.ever_wrong,
            "wrongly_listed": self.ever_wrong,
        }
        for name, g in groups.items():
            c = int(np.count_nonzero(g))
            out[f"welfare_{name}"] = float(pay.sum(where=g)) / c if c else float("nan")
        tot = np.bincount(s.kind, weights=pay, minlength=len(KINDS)).tolist()
        cnt = margin(tally(m), KIND).tolist()  # subjects of each kind
        for kind, total, c in zip(KINDS, tot, cnt, strict=True):
            out[f"welfare_{kind}"] = total / c if c else float("nan")
        return out


def write_panel(table, path: str | os.PathLike) -> Path:  # noqa: ANN001 - a pyarrow Table
    """Write a panel table as Parquet, atomically (a temporary name, then a rename)."""
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path
