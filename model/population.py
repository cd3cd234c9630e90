"""The world: who the credit subjects are, and what a transaction is worth.

These parameters carry no prefix (``n_subjects``, ``gain``, ``harm``): they describe the
population and the stakes of keeping or breaking faith, not a mechanism of the Outline.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from model.params import param

# Kinds of credit subject (Outline §II: natural persons, enterprises, government
# units and civil servants). Codes are stored in an int8 array.
PERSON, FIRM, OFFICIAL = 0, 1, 2
KINDS = ("person", "firm", "official")

# Domains of the Outline's §II, in which acts happen and are recorded.
GOVERNMENT, BUSINESS, SOCIAL, JUDICIAL = 0, 1, 2, 3
DOMAINS = ("government", "business", "social", "judicial")

# Probability that an act of each kind falls in each domain (rows: kind, columns:
# domain). An assumption of the model: persons act mostly in social life, firms in
# business, officials in government (§II(1)-(3)); the judicial domain (§II(4)) is
# reached through court judgments, not ordinary transactions.
ACT_DOMAINS = np.array(
    [
        [0.00, 0.20, 0.80, 0.0],  # person
        [0.05, 0.90, 0.05, 0.0],  # firm
        [0.80, 0.05, 0.15, 0.0],  # official
    ]
)
# The domain whose department keeps a subject's main credit file.
HOME_DOMAIN = np.array([SOCIAL, BUSINESS, GOVERNMENT], dtype=np.int8)


@dataclass(frozen=True)
class Params:
    """Population and stakes (unprefixed names)."""

    n_subjects: int = param(
        10_000,
        unit="subjects",
        low=10,
        high=5_000_000,
        doc="Number of credit subjects (persons, firms and officials).",
        clause="§IV: credit records of all members of society",
    )
    n_regions: int = param(
        4,
        unit="regions",
        low=1,
        high=64,
        doc="Number of regions, each with its own departments, government and court.",
        clause="§IV(2): local credit information systems",
    )
    firm_share: float = param(
        0.2,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Share of subjects that are enterprises.",
        clause="§II(2): business integrity; assumption",
    )
    official_share: float = param(
        0.05,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Share of subjects that are civil servants or government units.",
        clause="§II(1): government integrity, civil servants' integrity files; assumption",
    )
    surplus: float = param(
        1.0,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Value a kept transaction gives each side.",
        clause="§II(2): integrity lowers the cost of business; the unit of payoffs",
    )
    gain: float = param(
        1.0,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Private gain of the actor from breaking faith.",
        clause="§V(1): untrustworthy behaviour; swept, no source measures it",
    )
    harm: float = param(
        2.0,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Harm to the partner when the actor breaks faith.",
        clause="§V(1): untrustworthy behaviour; swept, no source measures it",
    )
    initial_wealth: float = param(
        10.0,
        unit="payoff units",
        low=0.0,
        high=1e6,
        doc="Wealth of every subject at the start.",
        clause="assumption (sets the scale of the Gini coefficient)",
    )


@dataclass
class Subjects:
    """The credit subjects as a structure of arrays (one entry per subject).

    Attributes:
        kind: int8, PERSON, FIRM or OFFICIAL.
        region: int16, home region.
        integrity: float32 in [0, 1], intrinsic integrity (the psychic cost of
            breaking faith, as a fraction of ``integrity.weight``).
        wealth: float64, accumulated payoff.
        payoff: float32, payoff of the current period.
        trust: float32 in [0, 1], belief that a partner keeps faith.
        strategy: bool, honest strategy under the imitation rule.
        has_file: bool, covered by the credit information system.
        records: float32 (n, 4), weight of untrustworthiness records per domain.
        false_records: float32 (n, 4), the part of ``records`` that is false.
        last_record: int32, period of the latest record (-1: none).
        score: float32 in [0, 100], credit score.
        listed_until: int32, period at which the blacklisting ends (listed while > t).
        listed_domain: int8, domain of the violation behind the listing.
        wrongly_listed: bool, the listing rests on at least one false record.
        red: bool, on the red list.

    """

    kind: np.ndarray
    region: np.ndarray
    integrity: np.ndarray
    wealth: np.ndarray
    payoff: np.ndarray
    trust: np.ndarray
    strategy: np.ndarray
    has_file: np.ndarray
    records: np.ndarray
    false_records: np.ndarray
    last_record: np.ndarray
    score: np.ndarray
    listed_until: np.ndarray
    listed_domain: np.ndarray
    wrongly_listed: np.ndarray
    red: np.ndarray

    @property
    def n(self) -> int:
        """Number of subjects."""
        return len(self.kind)

    @functools.cached_property
    def home_domain(self) -> np.ndarray:
        """Domain of each subject's main credit file (kinds never change: kept)."""
        return HOME_DOMAIN[self.kind]

    def listed(self, t: int) -> np.ndarray:
        """Boolean mask of subjects on the blacklist in period ``t``."""
        return self.listed_until > t


def make_subjects(p: Params) -> Subjects:
    """Create the population with deterministic kinds and regions.

    Kinds and regions are assigned in fixed proportions by id (ids carry no other
    meaning: the network is random), so that they need no random draws.

    Args:
        p: World parameters.

    Returns:
        Subjects with neutral state; mechanisms fill in the rest in their ``setup``.

    """
    n = p.n_subjects
    n_firm = round(n * p.firm_share)
    n_off = min(round(n * p.official_share), n - n_firm)
    kind = np.full(n, PERSON, dtype=np.int8)
    # interleave kinds over ids so that regions get equal mixes
    ids = np.arange(n)
    order = np.argsort((ids * 0.6180339887498949) % 1.0, kind="stable")
    kind[order[:n_firm]] = FIRM
    kind[order[n_firm : n_firm + n_off]] = OFFICIAL
    region = (ids % p.n_regions).astype(np.int16)
    return Subjects(
        kind=kind,
        region=region,
        integrity=np.zeros(n, dtype=np.float32),
        wealth=np.full(n, p.initial_wealth, dtype=np.float64),
        payoff=np.zeros(n, dtype=np.float32),
        trust=np.ones(n, dtype=np.float32),
        strategy=np.ones(n, dtype=bool),
        has_file=np.zeros(n, dtype=bool),
        records=np.zeros((n, len(DOMAINS)), dtype=np.float32),
        false_records=np.zeros((n, len(DOMAINS)), dtype=np.float32),
        last_record=np.full(n, -1, dtype=np.int32),
        score=np.full(n, 100.0, dtype=np.float32),
        listed_until=np.zeros(n, dtype=np.int32),
        listed_domain=np.zeros(n, dtype=np.int8),
        wrongly_listed=np.zeros(n, dtype=bool),
        red=np.zeros(n, dtype=bool),
    )
