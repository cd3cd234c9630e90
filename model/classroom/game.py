"""The class game (placeholder)."""

from __future__ import annotations

import os

import solara


def enabled() -> bool:
    """Whether the class game is on (``CREDIT_ABM_CLASS_GAME=1``, set by make app-class)."""
    return os.environ.get("CREDIT_ABM_CLASS_GAME") == "1"


@solara.component
def GameTab() -> None:
    """The class game's tab."""
    solara.Text("class game")
