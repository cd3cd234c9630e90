"""An agent-based model of the reward-and-punishment mechanisms of the State Council's
"Outline of the Construction of the Social Credit System (2014-2020)".

Usage::

    from model import CreditSystemModel
    m = CreditSystemModel(rng=42, **{"sanctions.fine": 3.0})
    m.run_for(50)
    df = m.results()

The names below are imported on first use (PEP 562), so that ``python -m model`` can
install its signal handlers before numpy, pandas and Mesa load.
"""

from typing import Any

__all__ = ["REGISTRY", "CreditSystemModel", "ParameterError", "default_parameters"]


def __getattr__(name: str) -> Any:
    if name == "ParameterError":
        from model.params import ParameterError as value
    elif name in ("REGISTRY", "CreditSystemModel", "default_parameters"):
        from model import model as _model

        value = getattr(_model, name)
    else:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value
