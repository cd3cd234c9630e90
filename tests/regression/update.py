"""Deliberately rewrite the regression baseline: ``python -m tests.regression.update``.

Run this only when a change of the model's behaviour is intended, and say why in
CHANGELOG.md: published results made with the old version differ from the new ones.
"""

from __future__ import annotations

from tests.regression.scenario import BASELINE, outcome_table


def main() -> None:
    """Recompute the scenario and overwrite the stored table."""
    table = outcome_table()
    table.to_csv(BASELINE, index=False, float_format="%.17g")
    print(f"wrote {BASELINE} ({len(table)} rows, {len(table.columns)} columns)")
    print(
        "Reminder: the model's outcomes changed. Add a CHANGELOG.md entry that says what "
        "changed and why, and commit it together with the new baseline."
    )


if __name__ == "__main__":
    main()
