"""The outcome columns the classroom page shows: the one table that names them.

Each entry names the model's column (or the names it has had: the first one the model
reports is used, so the page survives a rename) and the axis it is drawn on. Axes are
kinds of quantity: a share of acts or deals, a share of subjects, a share of listings,
payoff units. Two kinds never share an axis, so a reader never compares, say, the share
of subjects listed with the share of listings that are wrongful on one scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One outcome as the page shows it.

    Attributes:
        key: The page's own name for it (monitors, charts, the guide's numbers).
        names: The model's column names for it, newest first.
        label: Short label (monitors, legends).
        meaning: One sentence for teachers.
        axis: Key of :data:`AXES` it is drawn on.
        colour: Line and monitor colour.
        short: Monitor label, where ``label`` is too long for one.

    """

    key: str
    names: tuple[str, ...]
    label: str
    meaning: str
    axis: str
    colour: str
    short: str = ""


@dataclass(frozen=True)
class Axis:
    """A kind of quantity, drawn on its own chart with a fixed scale.

    Attributes:
        key: Name.
        title: Chart title.
        unit: Axis title.
        domain: Fixed scale (the same for every preset); widened only if a run leaves it.

    """

    key: str
    title: str
    unit: str
    domain: tuple[float, float]


AXES: dict[str, Axis] = {
    a.key: a
    for a in (
        Axis("acts", "Behaviour", "share (0-1)", (0.0, 1.0)),
        # lists hold a few per cent of subjects: a 0-1 scale would hide them
        Axis("subjects", "Who is listed", "share of subjects", (0.0, 0.1)),
        Axis("listings", "Wrongful listings", "share of listings", (0.0, 1.0)),
        Axis("payoff", "Welfare", "payoff per subject", (0.0, 1.5)),
    )
}

COLUMNS: tuple[Column, ...] = (
    Column(
        "honesty",
        ("honesty_rate",),
        "Honesty",
        "Share of deals in which the actor kept faith.",
        "acts",
        "#1f77b4",
    ),
    Column(
        "trust",
        ("trust_rate",),
        "Trust",
        "Share of attempted deals that went ahead (the partner trusted the actor).",
        "acts",
        "#2ca02c",
    ),
    Column(
        "integrity",
        ("mean_integrity",),
        "Integrity",
        "Mean intrinsic integrity (conscience), from 0 to 1.",
        "acts",
        "#8c564b",
    ),
    Column(
        "welfare",
        ("welfare",),
        "Welfare",
        "Mean payoff per subject this month, after harms, fines and rewards.",
        "payoff",
        "#9467bd",
    ),
    Column(
        "listed",
        ("listed_share", "blacklisted_share"),
        "Listed",
        "Share of subjects on a blacklist.",
        "subjects",
        "#222222",
    ),
    Column(
        "wrongly_listed",
        ("wrongly_listed_share",),
        "Wrongly listed",
        "Share of subjects on a blacklist because of a false record.",
        "subjects",
        "#ff7f0e",
    ),
    Column(
        "red_listed",
        ("redlisted_share",),
        "Red-listed",
        "Share of subjects on the red list.",
        "subjects",
        "#d62728",
    ),
    Column(
        "wrongful",
        ("wrongful_listing_share", "wrongly_blacklisted_share"),
        "Wrongful listings",
        "Share of listings that rest on a false record (none when nobody is listed).",
        "listings",
        "#ff7f0e",
        short="Wrongful",
    ),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

#: The monitors, left to right.
MONITORS: tuple[str, ...] = ("honesty", "trust", "welfare", "listed", "wrongful", "integrity")


def resolve(available: Iterable[str]) -> dict[str, str]:
    """The page's keys mapped to the model's column names, for the columns it reports.

    Args:
        available: The model's outcome columns (``model.columns()``).

    Returns:
        ``{key: column}`` in table order; keys the model does not report are left out.

    """
    have = set(available)
    out = {}
    for col in COLUMNS:
        name = next((n for n in col.names if n in have), None)
        if name is not None:
            out[col.key] = name
    return out
