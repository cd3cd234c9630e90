"""An agent-based model of the reward-and-punishment mechanisms of the State Council's
"Outline of the Construction of the Social Credit System (2014-2020)".

Usage::

    from model import CreditSystemModel
    m = CreditSystemModel(rng=42, **{"sanctions.fine": 3.0})
    m.run_for(50)
    df = m.results()
"""

from model.model import REGISTRY, CreditSystemModel, default_parameters
from model.params import ParameterError

__all__ = ["REGISTRY", "CreditSystemModel", "ParameterError", "default_parameters"]
