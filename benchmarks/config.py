"""The configurations the benchmarks measure, by name.

* ``bench``: the *benchmark core*, the configuration that the plain-numpy deterrence
  core (``benchmarks.numpy_core``) and the plain Mesa baseline (``benchmarks.plain_mesa``)
  implement rule for rule: the model's defaults with the court list (``judicial``) and
  joint punishment (``joint``) switched off. What remains on: matching on the network,
  partners' trust, market screening of listed and red-listed actors, the department
  lists (violation-triggered, per domain, with their terms and restriction cost), fines,
  detection with false findings, records that age, the selective red list with its
  facilitation and fewer inspections, the logit choice on the expected sanctions
  (fine + listing + red list) of breaking faith minus those of keeping it, the
  state's accounts and the follow-up outcomes. ``means`` stays at its default: with
  the court list off and ``sanctions.ability_to_pay`` off nothing reads it.
  The court list (lawsuits, courts as agents, enforcement, a listing that ends at random)
  and joint punishment are left out because they are the parts hardest to mirror in a
  plain Mesa model without copying the model's own code.
* ``core``: the model's defaults (every core mechanism on, the court list and joint
  punishment included).
* ``all``: every mechanism with a switch on.
"""

from __future__ import annotations

import dataclasses
from typing import Any

#: The benchmark core: the defaults with the court list and joint punishment off.
BENCH_CORE: dict[str, Any] = {"judicial.enabled": False, "joint.enabled": False}


def all_mechanisms_on() -> dict[str, bool]:
    """``<name>.enabled = True`` for every registered mechanism that has a switch.

    Read at run time from ``model.mechanisms.MECHANISMS`` so that mechanisms added
    later are included.
    """
    from model.mechanisms import MECHANISMS

    return {
        f"{name}.enabled": True
        for name, cls in MECHANISMS.items()
        if "enabled" in {f.name for f in dataclasses.fields(cls.Params)}
    }


def parameters(config: str) -> dict[str, Any]:
    """Parameters (besides ``n_subjects``) of a named configuration."""
    if config == "bench":
        return dict(BENCH_CORE)
    if config == "core":
        return {}
    if config == "all":
        return all_mechanisms_on()
    raise ValueError(f"unknown configuration {config!r}; one of bench, core, all")
