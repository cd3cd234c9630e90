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
        setup_only=True,
    )
    n_regions: int = param(
        4,
        unit="regions",
        low=1,
        high=64,
        doc="Number of regions, each with its own departments, government and court.",
        clause="§IV(2): local credit information systems; assumption (China has 31 "
        "provincial-level divisions), swept",
        setup_only=True,
    )
    firm_share: float = param(
        0.2,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Share of subjects that are enterprises.",
        clause="§II(2): business integrity; assumption",
        setup_only=True,
    )
    official_share: float = param(
        0.05,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Share of subjects that are civil servants or government units.",
        clause="§II(1): government integrity, civil servants' integrity files; assumption",
        setup_only=True,
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
        setup_only=True,
    )


#: ``listed_until`` value of a listing that never ends (a "permanent" term).
PERMANENT = np.iinfo(np.int32).max


@dataclass
class Subjects:
    """The credit subjects as a structure of arrays (one entry per subject).

    Lists are kept per department: ``listed_until``, ``wrong_listing`` and ``via_firm``
    have one row per domain (the department of that domain in the subject's own region;
    the judicial row is the court's list of dishonest judgment debtors) and one column
    per subject, so that each row is contiguous.

    Timing of a listing (docs/ODD.md, "What 'listed at period t' means"): a finding in period ``t``
    that lists a subject for a term of ``D`` periods sets ``listed_until = t + 1 + D``;
    the listing is in force in periods ``t + 1, ..., t + D``, in each of which every
    consequence of a listing (refusals, restrictions, shame) applies, because those
    consequences act at the start of a period, before the period's listing decisions.
    ``listed(u)`` says whose listing holds in period ``u``; the lists as published at
    the end of period ``t`` (the outcome ``blacklisted_share``) are ``listed(t + 1)``.

    Attributes:
        kind: int8, PERSON, FIRM or OFFICIAL.
        region: int16, home region (regions are contiguous blocks of ids; the network
            clusters ties within them).
        representative: int32, for a firm the id of its legal representative (a person
            of its region); -1 for persons and officials, and for a firm in a region
            without persons.
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
        last_serious: int32, period of the latest serious record (-1: none); written by
            ``records`` whenever a serious finding is filed, so that it is known to a
            mechanism switched on later (repair).
        score: float32 in [0, 100], credit score (100 unless a scoring pilot runs).
        listed_until: int32 (domains, n), period from which the listing of each
            department no longer holds (listed while > t; ``PERMANENT``: never ends).
        wrong_listing: bool (domains, n), the decision that placed or last renewed the
            department's listing rested on a false record (for a representative listed
            through its firm, the firm's listing did).
        via_firm: bool (domains, n), the listing is a legal representative's, made
            because the firm it represents was listed.
        red: bool, on the red list.

    """

    kind: np.ndarray
    region: np.ndarray
    representative: np.ndarray
    integrity: np.ndarray
    wealth: np.ndarray
    payoff: np.ndarray
    trust: np.ndarray
    strategy: np.ndarray
    has_file: np.ndarray
    records: np.ndarray
    false_records: np.ndarray
    last_record: np.ndarray
    last_serious: np.ndarray
    score: np.ndarray
    listed_until: np.ndarray
    wrong_listing: np.ndarray
    via_firm: np.ndarray
    red: np.ndarray

    @property
    def n(self) -> int:
        """Number of subjects."""
        return len(self.kind)

    @functools.cached_property
    def home_domain(self) -> np.ndarray:
        """Domain of each subject's main credit file (kinds never change: kept)."""
        return HOME_DOMAIN[self.kind]

    def listing_end(self) -> np.ndarray:
        """Latest ``listed_until`` over every department's list, per subject."""
        u = self.listed_until
        # row-wise maxima of a (4, n) array: three whole-row passes, no strided reduction
        return np.maximum(np.maximum(u[0], u[1]), np.maximum(u[2], u[3]))

    def listed(self, u: int) -> np.ndarray:
        """Subjects on at least one list that holds in period ``u``.

        At the start of period ``u`` this is who bears a listing's consequences; at the
        end of period ``t``, ``listed(t + 1)`` is the list as published (with the
        listings decided in ``t``, without those whose last period was ``t``).
        """
        return self.listing_end() > u

    def wrongly_listed(self, u: int) -> np.ndarray:
        """Subjects with a listing holding in period ``u`` that rests on a false record."""
        return ((self.listed_until > u) & self.wrong_listing).any(axis=0)


def regions_of(n: int, n_regions: int) -> np.ndarray:
    """Region of each id: contiguous blocks of (nearly) equal size, as int16."""
    return (np.arange(n, dtype=np.int64) * n_regions // n).astype(np.int16)


def representatives(kind: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Each firm's legal representative: the first person after it in id order within
    its region (wrapping round the region), so representatives need no random draws and
    a person represents at most a few firms. -1 for non-firms and where a region has no
    person.
    """
    n = len(kind)
    rep = np.full(n, -1, dtype=np.int32)
    persons = np.flatnonzero(kind == PERSON)
    firms = np.flatnonzero(kind == FIRM)
    if not len(persons) or not len(firms):
        return rep
    # ids are grouped by region, so sorting by (region, id) is sorting by id
    pos = np.searchsorted(persons, firms)  # first person with a larger id
    pos_wrapped = np.where(pos < len(persons), pos, 0)
    cand = persons[pos_wrapped]
    same = region[cand] == region[firms]
    # otherwise wrap to the first person of the firm's region, if there is one
    first_in_region = np.searchsorted(persons, np.searchsorted(region, region[firms]))
    first_ok = first_in_region < len(persons)
    first = persons[np.where(first_ok, first_in_region, 0)]
    first_ok &= region[first] == region[firms]
    rep[firms] = np.where(same, cand, np.where(first_ok, first, -1))
    return rep


def make_subjects(p: Params) -> Subjects:
    """Create the population with deterministic kinds, regions and representatives.

    Kinds are interleaved over ids in fixed proportions (so every region gets the same
    mix) and regions are contiguous blocks of ids (the network clusters ties within
    them): neither needs random draws.

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
    region = regions_of(n, p.n_regions)
    n_domains = len(DOMAINS)
    return Subjects(
        kind=kind,
        region=region,
        representative=representatives(kind, region),
        integrity=np.zeros(n, dtype=np.float32),
        wealth=np.full(n, p.initial_wealth, dtype=np.float64),
        payoff=np.zeros(n, dtype=np.float32),
        trust=np.ones(n, dtype=np.float32),
        strategy=np.ones(n, dtype=bool),
        has_file=np.zeros(n, dtype=bool),
        records=np.zeros((n, len(DOMAINS)), dtype=np.float32),
        false_records=np.zeros((n, len(DOMAINS)), dtype=np.float32),
        last_record=np.full(n, -1, dtype=np.int32),
        last_serious=np.full(n, -1, dtype=np.int32),
        score=np.full(n, 100.0, dtype=np.float32),
        listed_until=np.zeros((n_domains, n), dtype=np.int32),
        wrong_listing=np.zeros((n_domains, n), dtype=bool),
        via_firm=np.zeros((n_domains, n), dtype=bool),
        red=np.zeros(n, dtype=bool),
    )
