"""Deliberately rewrite the regression baseline: ``python -m tests.regression.update``.

Run this only when a change of the model's behaviour is intended, and say why in
CHANGELOG.md: published results made with the old version differ from the new ones.
The new table holds every outcome column the model reports now (extension columns
included).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.regression.scenario import BASELINE, TOLERANCE, outcome_table


def changed_columns(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Columns of ``old`` that are missing from ``new`` or differ beyond the tolerance."""
    out = []
    for col in old.columns:
        if col not in new.columns or len(old) != len(new):
            out.append(col)
            continue
        a, b = old[col].to_numpy(dtype=float), new[col].to_numpy(dtype=float)
        if not np.isclose(a, b, rtol=TOLERANCE, atol=TOLERANCE, equal_nan=True).all():
            out.append(col)
    return out


def main() -> None:
    """Recompute the scenario and overwrite the stored table."""
    old = pd.read_csv(BASELINE) if BASELINE.exists() else None
    table = outcome_table()
    table.to_csv(BASELINE, index=False, float_format="%.17g")
    print(f"wrote {BASELINE} ({len(table)} rows, {len(table.columns)} columns)")
    if old is not None:
        changed = changed_columns(old, table)
        added = [c for c in table.columns if c not in old.columns]
        print(f"changed columns: {changed or 'none'}; new columns: {added or 'none'}")
    print(
        "Reminder: add a CHANGELOG.md entry that says what changed in the model's outcomes "
        "and why, and commit it together with the new baseline."
    )


if __name__ == "__main__":
    main()
