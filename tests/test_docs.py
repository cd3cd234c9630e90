"""The documentation tells the truth about the code."""

import re
from pathlib import Path

from model import docs
from model.mechanisms import MECHANISMS
from model.schedule import STEP_ORDER

ROOT = Path(__file__).resolve().parent.parent
ODD = (ROOT / "docs" / "ODD.md").read_text()
TABLE = ODD.split("## 8. The Outline-to-rule table", 1)[1]

# mechanisms that only initialise state, or only answer other mechanisms' questions
# (ability to pay, the state's prices), and have nothing to do each period
SETUP_ONLY = {"integrity", "means", "state"}


def test_generated_blocks_are_up_to_date():
    assert docs.update(check=True), "run `python -m model docs` and commit docs/ODD.md"


def test_step_order_names_existing_methods():
    for mech, method, why in STEP_ORDER:
        assert mech in MECHANISMS, mech
        assert callable(getattr(MECHANISMS[mech], method, None)), f"{mech}.{method}"
        assert len(why) > 20, f"{mech}.{method} needs a comment"


def test_every_mechanism_is_scheduled_documented_and_in_the_outline_table():
    scheduled = {m for m, _, _ in STEP_ORDER}
    for name, cls in MECHANISMS.items():
        if name not in SETUP_ONLY:
            assert name in scheduled, f"{name} is not in STEP_ORDER"
        assert (ROOT / "docs" / "mechanisms" / f"{name}.md").exists(), name
        assert cls.__module__ == f"model.mechanisms.{name}", "one mechanism, one module"
        assert (cls.__doc__ or "").strip() and (
            __import__(cls.__module__, fromlist=["x"]).__doc__ or ""
        ).count("Outline") >= 1, f"{name}: module docstring must cite the Outline"
        # substrate, and the follow-up of subjects (an instrument of observation)
        if name not in {"interaction", "decision", "integrity", "followup"}:
            assert f"`{name}`" in TABLE, f"{name} missing from the Outline-to-rule table"


def test_outline_table_covers_every_clause_of_section_v():
    for clause in ("§V(1)", "§V(2)", "§V(3)", "§V(4)", "§V(5)"):
        assert clause in TABLE, clause
    assert "Left out" in TABLE


def test_every_parameter_appears_in_the_odd():
    from model import REGISTRY

    names = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)?)`", ODD))
    missing = [n for n in REGISTRY if n not in names]
    assert missing == []
