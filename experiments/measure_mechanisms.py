"""The measurements quoted in docs/mechanisms/*.md ("Measured" paragraphs).

``python -m experiments.measure_mechanisms [case ...]`` runs the model at the defaults
and at each named departure from them (every case when none is named), with 20,000
subjects for 120 monthly periods and seeds 1, 2 and 3, and prints one JSON line per
case: the mean over periods 85-120 and over the seeds of each outcome column and of the
shares of persons on department lists and on the court list, and the standard deviation
of the three seed means. On a 2-core machine a case takes about half a minute.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import numpy as np

from model import CreditSystemModel
from model.population import JUDICIAL, PERSON
from model.presets import preset

N_SUBJECTS = 20_000
PERIODS = 120
WINDOW = 36
SEEDS = (1, 2, 3)

#: Named departures from the defaults (flat parameter names to values).
CASES: dict[str, dict[str, Any]] = {
    "defaults": {},
    "judicial.list off": {"judicial.list": False},
    "judicial off": {"judicial.enabled": False},
    "everyone can pay": {"means.protected": 0.0},
    "judicial.list_unable off": {"judicial.list_unable": False},
    "blacklist off": {"blacklist.enabled": False},
    "blacklist.representatives on": {"blacklist.representatives": True},
    "joint off": {"joint.enabled": False},
    "redlist off": {"redlist.enabled": False},
    "market off": {"market.enabled": False},
    "scoring output": {"scoring.enabled": True},
    "scoring trigger": {"scoring.enabled": True, "scoring.variant": "trigger"},
    "single_score": preset("single_score"),
    "no_system": preset("no_system"),
    "silos": preset("silos"),
    "cross_region 0.1": {"interaction.cross_region": 0.1},
    "cross_region 0.5": {"interaction.cross_region": 0.5},
    "social on": {"social.enabled": True},
    "graded on": {"graded.enabled": True},
    "error 0.05": {"detection.false_record_rate": 0.05},
    "appeals on, error 0.05": {"appeals.enabled": True, "detection.false_record_rate": 0.05},
    "repair on": {"repair.enabled": True},
    "government on": {"government.enabled": True},
    "credit_code on": {"credit_code.enabled": True},
    "whistleblower on": {"whistleblower.enabled": True},
    "education on": {"education.enabled": True},
    "norms on": {"norms.enabled": True},
    "norms on, crowding_out 0.05": {"norms.enabled": True, "norms.crowding_out": 0.05},
    "rating on": {"rating.enabled": True},
    # ordinary enforcement without the credit system's own instruments (docs/ODD.md, 1)
    "fines only": {
        "blacklist.enabled": False,
        "joint.enabled": False,
        "judicial.list": False,
        "market.enabled": False,
        "redlist.enabled": False,
    },
    "awareness 0.11": {"decision.awareness": 0.11},
    "learned beliefs": {"decision.beliefs": "learned"},
    "discount 0.95": {"decision.discount": 0.95},
}


def _mean(values: list[float]) -> float:
    """Mean ignoring NaN; NaN when every value is NaN."""
    if all(math.isnan(v) for v in values):
        return float("nan")
    return float(np.nanmean(values))


def measure(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Window means of every outcome column, of the shares of persons on department lists
    and on the court list (as published), and the same-region share of partners.
    """
    m = CreditSystemModel(rng=seed, n_subjects=N_SUBJECTS, **params)
    s = m.subjects
    person = s.kind == PERSON
    acc: dict[str, list[float]] = {}
    for t in range(PERIODS):
        m.step()
        if t >= PERIODS - WINDOW:
            for key, value in m.outcomes.items():
                acc.setdefault(key, []).append(float(value))
            holds = s.listed_until > t + 1
            court = holds[JUDICIAL] & person
            persons = {
                "persons_on_department_lists": holds[:JUDICIAL].any(axis=0)[person].mean(),
                "persons_on_court_list": court[person].mean(),
                "persons_on_court_list_via_firm": (court & s.via_firm[JUDICIAL])[person].mean(),
            }
            for key, value in persons.items():
                acc.setdefault(key, []).append(float(value))
    out = {key: _mean(values) for key, values in acc.items()}
    out["same_region"] = float(m.mechanisms["interaction"].same_region.mean())
    return out


def main(names: list[str]) -> None:
    """Print one JSON line per case: means and seed standard deviations."""
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise SystemExit(f"unknown case(s) {unknown}; one of {sorted(CASES)}")
    for name in names or list(CASES):
        runs = [measure(CASES[name], seed) for seed in SEEDS]
        keys = runs[0].keys()
        mean = {k: _mean([r[k] for r in runs]) for k in keys}
        sd = {k: float(np.std([r[k] for r in runs])) for k in keys}
        print(json.dumps({"case": name, "mean": mean, "sd": sd}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
