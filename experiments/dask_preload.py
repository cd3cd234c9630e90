"""What a Dask worker imports when it starts, before its first run.

``dask worker tcp://HOST:8786 --preload experiments.dask_preload`` (or ``preload=[...]``
for a ``LocalCluster`` or dask-jobqueue's ``worker_extra_args``): the worker imports the
modules a run needs (:data:`experiments.task.PRELOAD`: the model, the run-file seal) as it
starts, as the local runner's fork server does, instead of during its first chunk of runs.
A sweep on a cluster that has started then pays no worker's imports (mostly Mesa's); the
first sweep of a cluster without it does. The results are the same either way: the
modules are the same, only imported earlier.
"""

from __future__ import annotations

import importlib

from experiments.task import PRELOAD

for _name in PRELOAD:
    importlib.import_module(_name)
