"""Outcomes do not depend on the number of BLAS/OpenMP threads (issue 14, item 4).

A multi-threaded BLAS call splits a reduction across threads, so its last bits depend on
the thread count. The model's period path must not call BLAS; this test runs the same
seed in two fresh interpreters, one and two threads, and compares the outcome tables
byte for byte. 60,000 subjects: the former ``np.dot`` in the Gini coefficient gave
different bits here from 50,000 values on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
import numpy as np
from model import CreditSystemModel
m = CreditSystemModel(rng=1, n_subjects=60_000)
m.run_for(6)
for name, col in m.results().items():  # numbers as their float64 bits, text as text
    numeric = col.dtype.kind in "biuf"
    data = col.to_numpy(np.float64).tobytes() if numeric else repr(col.tolist()).encode()
    sys.stdout.buffer.write(name.encode() + b"\\0" + data)
"""


def _table_bytes(threads: int) -> bytes:
    env = {**os.environ}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_outcome_table_is_bit_identical_with_one_and_two_blas_threads():
    one, two = _table_bytes(1), _table_bytes(2)
    assert len(one) > 6 * 8 * 10  # six periods of float64 outcome columns
    assert one == two
