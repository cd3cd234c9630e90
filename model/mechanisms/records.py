"""Credit records: files for covered subjects, weighted by severity, that age.

Rule. A subject has a credit file when its fixed coverage rank (a uniform number drawn
once) is below ``records.coverage``, so raising coverage adds subjects and never drops
one. A finding about a covered actor that stands in the period's ledger (or that a
local government only blocks from sanctions) is written to its file in the domain of
the act, with weight 1 (minor) or ``records.serious_weight`` (serious); a finding that
was forgiven or voided on objection never enters the file. False findings are tracked
apart so that wrongful listings can be counted. Every period all record
weights decay with half-life ``records.half_life``; a weight below
``records.expiry_weight`` is erased (the record expires).

Outline: §IV ("improving the credit records of social members is the basic
requirement"; "a credit information network covering all credit entities" by 2020),
§IV(1) (records per industry/department), §V(2) (the credit information catalogue and
classification). Coverage before 2020 is not measured by a source the model uses: the
phase-in schedule sweeps it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Coverage, weights and ageing of records."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Findings are written to credit files.",
        clause="§IV: credit records of social members",
    )
    coverage: float = param(
        0.8,
        unit="share of subjects",
        low=0.0,
        high=1.0,
        doc="Share of subjects with a credit file.",
        clause="§IV(5): a network 'covering all credit entities'; swept",
    )
    serious_weight: float = param(
        3.0,
        unit="record weight",
        low=1.0,
        high=100.0,
        doc="Weight of a serious finding relative to a minor one.",
        clause="§V(1): 'types and extent of untrustworthiness'; assumption",
    )
    half_life: float = param(
        12.0,
        unit="periods",
        low=0.5,
        high=10_000.0,
        doc="Half-life of a record's weight (a period is one month).",
        clause="assumption: the Outline sets no retention period (later rules set publicity "
        "periods: general 3-12 months, serious 12-36, NDRC 2025, docs/sources.md A12); swept",
    )
    expiry_weight: float = param(
        0.1,
        unit="record weight",
        low=0.0,
        high=1.0,
        doc="A record whose weight falls below this is erased.",
        clause="assumption",
    )


class Records(Mechanism):
    """Coverage, filing and ageing of credit records."""

    name = "records"
    Params = Params
    title = "Credit records"

    def setup(self) -> None:
        """Draw fixed coverage ranks and open files up to ``coverage``."""
        s = self.model.subjects
        self.rank = self.rng.random(s.n).astype(np.float32)
        self.configure()

    def configure(self) -> None:
        """Coverage and the per-period decay factor from the parameters."""
        self.set_coverage(self.p.coverage)
        self._decay = np.float32(0.5 ** (1.0 / self.p.half_life))

    # --- accessors -----------------------------------------------------------------
    def weight_of(self, serious: bool) -> float:
        """Weight with which a finding enters a file."""
        return self.p.serious_weight if serious else 1.0

    def lifetime(self, weight: float) -> int:
        """Number of ageings after which a record of ``weight`` has been erased.

        The smallest ``k`` with ``weight * decay**k < expiry_weight`` (the record is on
        file for ``k`` end-of-period ageings); a huge number when records never expire.
        """
        e, w = self.p.expiry_weight, weight
        if e <= 0.0:
            return 2**30  # records never expire
        if w < e:
            return 0
        decay = 0.5 ** (1.0 / self.p.half_life)
        # logs taken apart so that a tiny e (whose ratio e / w underflows) stays finite
        k = math.floor((math.log(e) - math.log(w)) / math.log(decay)) + 1
        return int(min(k, 2**30))

    def set_coverage(self, coverage: float) -> None:
        """Open files for every subject whose rank is below ``coverage``."""
        self.coverage = coverage
        np.less(self.rank, coverage, out=self.model.subjects.has_file)

    def file(self) -> None:
        """Write this period's findings to the files of covered actors."""
        m = self.model
        s, per = m.subjects, m.period
        recorded = np.bitwise_and(per.kept_on_file, s.has_file, out=per.recorded)
        idx = np.flatnonzero(recorded)
        dom = per.domain[idx]
        serious = per.serious[idx]
        weight = np.where(serious, self.p.serious_weight, 1.0).astype(np.float32)
        s.records[idx, dom] += weight
        wrong = per.false_record[idx]
        s.false_records[idx[wrong], dom[wrong]] += weight[wrong]
        s.last_record[idx] = per.t
        s.last_serious[idx[serious]] = per.t
        # the platform keeps every open file this period (priced by ``state``)
        per.accounts.use("files", int(np.count_nonzero(s.has_file)))

    def erase(
        self,
        idx: np.ndarray,
        domain: np.ndarray,
        weight: np.ndarray,
        ages: np.ndarray,
        false: np.ndarray,
    ) -> None:
        """Erase records written earlier (an objection upheld after filing).

        A record of ``weight`` written ``ages`` end-of-period ageings ago now weighs
        ``weight * decay ** ages``; that much is taken off the file in its domain (and
        off the false part if the record was false). A file weight left below the
        expiry weight is erased, as ageing would erase it (a domain's weight that
        ageing has already erased stays 0).

        Args:
            idx: Subject of each record (distinct within one call).
            domain: Domain of each record.
            weight: Weight each record was written with.
            ages: Ageings since it was written (periods since the period of filing).
            false: Whether each record is false.

        """
        s = self.model.subjects
        decay = 0.5 ** (1.0 / self.p.half_life)
        left = np.asarray(weight, dtype=np.float64) * decay ** np.asarray(ages, dtype=np.float64)
        for arr, rows in ((s.records, np.ones(len(idx), dtype=bool)), (s.false_records, false)):
            i, d = idx[rows], domain[rows]
            new = arr[i, d].astype(np.float64) - left[rows]
            arr[i, d] = np.where(new >= self.p.expiry_weight, new, 0.0).astype(np.float32)

    def age(self) -> None:
        """Decay record weights and erase expired ones."""
        s = self.model.subjects
        for arr in (s.records, s.false_records):
            arr *= self._decay
            # multiplying by the keep mask (x * 1 = x, x * 0 = 0 for weights >= 0) is
            # branch-free: a masked copy with a mixed mask runs several times slower
            arr *= arr >= self.p.expiry_weight

    def outcomes(self) -> dict[str, float]:
        """Share of subjects with a credit file."""
        has_file = self.model.subjects.has_file
        return {"coverage": int(np.count_nonzero(has_file)) / len(has_file)}
