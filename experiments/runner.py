"""Run an experiment spec: every run once, in parallel, resumable, with provenance.

Layout of an output directory::

    DIR/manifest.json         spec, spec hash, every run's parameters and seed, versions, git
    DIR/runs/<run_id>.parquet one outcome table per run (written atomically when it finishes)
    DIR/summary.csv           per design point: mean/sd/se over replicates of late-period means
    DIR/sensitivity.csv       Morris or Sobol indices (sampling designs only)
    DIR/figures/*.png|svg     the spec's plots

Each Parquet file holds the run's tidy rows (run id, design point, scenario, varied
parameters, replicate, seed, period, outcomes) and, in its schema metadata under the
key ``credit_abm``, the run's configuration (every parameter value, seed, periods),
a fingerprint of that configuration and the provenance (package versions, git commit).

Resuming: before running, every existing run file is verified (it must open as Parquet,
carry the expected fingerprint and have one row per period). Verified runs are
skipped; a corrupt, partial or mismatched file is reported on stderr and re-run. Files
are written to a temporary name in the same directory and renamed with ``os.replace``,
which is atomic on POSIX file systems, so a killed sweep leaves either a complete file
or none, and the same run can never be written twice under two names.

Executors: a local :class:`concurrent.futures.ProcessPoolExecutor` (default, one
worker per core) or a Dask distributed scheduler (``scheduler="tcp://host:8786"``).
Workers only compute and return the Arrow table; the client process writes the files,
so workers need no shared file system.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from experiments.spec import (
    ExperimentSpec,
    base_parameters,
    expand_runs,
    load_spec,
    spec_hash,
    varied_names,
)
from model.provenance import git_commit, package_versions

META_KEY = b"credit_abm"
#: How long to wait for a Dask scheduler before giving up with one clear error.
DASK_CONNECT_TIMEOUT = "15s"
PACKAGES = (
    "mesa",
    "numpy",
    "pandas",
    "matplotlib",
    "networkx",
    "scipy",
    "pyarrow",
    "pydantic",
    "SALib",
    "distributed",
)


class ResultsError(ValueError):
    """An output directory whose results cannot be used (one-line message)."""


def fingerprint(run: dict[str, Any]) -> str:
    """Hash of what determines a run's output: parameters, seed, periods.

    The git commit is deliberately not part of it: it is recorded per run, and a
    change of code between a kill and a resume shows up as two commits in the manifest.
    """
    key = {k: run[k] for k in ("params", "seed", "periods")}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def run_one(run: dict[str, Any], provenance: dict[str, Any]) -> pa.Table:
    """Run one model and return its tidy outcome table with metadata.

    A top-level function of plain arguments, so it pickles for spawned processes and
    Dask workers.

    Args:
        run: One entry of :func:`experiments.spec.expand_runs`.
        provenance: Package versions and git commit of the submitting process.

    Returns:
        An Arrow table: one row per period with the run's identifying columns and
        every outcome; the run configuration in the schema metadata.

    """
    from model import CreditSystemModel

    start = time.perf_counter()
    model = CreditSystemModel(rng=run["seed"], **run["params"])
    model.run_for(run["periods"])
    df = model.results()
    n = len(df)
    ident: dict[str, Any] = {
        "run_id": [run["run_id"]] * n,
        "point": [run["point"]] * n,
        "scenario": [run["scenario"]] * n,
    }
    for name, value in run["overrides"].items():
        ident[name] = [value] * n
    ident["replicate"] = [run["replicate"]] * n
    ident["seed"] = pa.array([run["seed"]] * n, pa.int64())
    table = pa.Table.from_pydict(ident)
    outcomes = pa.Table.from_pandas(df, preserve_index=False)
    for name in outcomes.column_names:
        table = table.append_column(name, outcomes[name])
    meta = {
        "run": run,
        "fingerprint": fingerprint(run),
        "seconds": round(time.perf_counter() - start, 4),
        "provenance": provenance,
    }
    return table.replace_schema_metadata({META_KEY: json.dumps(meta, default=str).encode()})


def write_atomic_parquet(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def write_atomic_text(path: Path, text: str) -> None:
    """Write a text file under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def verify_run(path: Path, run: dict[str, Any]) -> str | None:
    """Check a run file; return None if it is complete, else the problem in words."""
    try:
        pf = pq.ParquetFile(path)
        raw = (pf.schema_arrow.metadata or {}).get(META_KEY)
        if raw is None:
            return "no run metadata"
        meta = json.loads(raw)
        rows = pf.metadata.num_rows
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not usable"
        return f"unreadable ({type(exc).__name__}: {str(exc).splitlines()[0][:80]})"
    if meta.get("fingerprint") != fingerprint(run):
        return "made with other parameters, seed or periods"
    if rows != run["periods"]:
        return f"{rows} rows, expected {run['periods']}"
    return None


def _provenance() -> dict[str, Any]:
    return {"packages": package_versions(PACKAGES), "git_commit": git_commit()}


def _manifest(spec: ExperimentSpec, runs: list[dict[str, Any]], prov: dict[str, Any]) -> dict:
    from model import default_parameters

    return {
        "spec": spec.model_dump(mode="json"),
        "spec_hash": spec_hash(spec),
        "base_parameters": {**default_parameters(), **base_parameters(spec)},
        "varied": varied_names(spec),
        "master_seed": spec.master_seed,
        "seed_derivation": "numpy SeedSequence(master_seed).spawn(replicates); "
        "seed = child.generate_state(1, uint32)[0]; the same seed per replicate at every point",
        "n_runs": len(runs),
        "runs": [
            {k: r[k] for k in ("run_id", "point", "scenario", "replicate", "seed", "overrides")}
            for r in runs
        ],
        **prov,
    }


def manifest_text(manifest: dict[str, Any]) -> str:
    """JSON of a manifest: indented, except one line per run (thousands of runs stay short)."""
    head = {k: v for k, v in manifest.items() if k != "runs"}
    text = json.dumps(head, indent=1, default=str)
    runs = ",\n".join("  " + json.dumps(r, default=str) for r in manifest["runs"])
    return text[:-2] + ',\n "runs": [\n' + runs + "\n ]\n}\n"


def _local_executor(workers: int) -> Callable[[list[dict], dict], Iterator[pa.Table]]:
    def execute(todo: list[dict], prov: dict) -> Iterator[pa.Table]:
        if workers == 1:
            for run in todo:
                yield run_one(run, prov)
            return
        # spawn: safe with threads in the parent and identical on Linux, macOS, Windows
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(run_one, run, prov) for run in todo]
            try:
                for fut in as_completed(futures):
                    yield fut.result()
            finally:
                for fut in futures:
                    fut.cancel()

    return execute


def _dask_executor(address: str) -> Callable[[list[dict], dict], Iterator[pa.Table]]:
    def execute(todo: list[dict], prov: dict) -> Iterator[pa.Table]:
        from distributed import Client
        from distributed import as_completed as dask_completed

        try:
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
        except OSError as exc:
            raise ResultsError(f"cannot reach Dask scheduler {address}: {exc}") from None
        try:
            futures = client.map(run_one, todo, provenance=prov, pure=False)
            for fut in dask_completed(futures):
                try:
                    table = fut.result()
                except Exception as exc:  # noqa: BLE001 - remote errors arrive as any type
                    first = str(exc).splitlines()[0] if str(exc) else ""
                    raise ResultsError(
                        f"a run failed on the Dask cluster ({type(exc).__name__}: {first}); "
                        "can the scheduler and the workers import `model` and `experiments` "
                        "(same environment, or PYTHONPATH set to the repository)?"
                    ) from exc
                fut.release()
                yield table
        finally:
            client.close()

    return execute


def run_experiment(
    spec_or_path: ExperimentSpec | str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    analyse: bool = True,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run (or resume) an experiment and write its results.

    Args:
        spec_or_path: A spec or the path of its TOML file.
        out: Output directory (default ``results/<spec name>``).
        workers: Local worker processes (default: the number of cores).
        scheduler: Address of a Dask scheduler; when given, runs go there.
        progress: Show a tqdm progress bar on stderr.
        analyse: Write the summary, sensitivity indices and figures afterwards.
        log: Where messages go (default: stderr).

    Returns:
        A record with counts (``planned``, ``skipped``, ``rerun``, ``ran``) and timings.

    """
    log = log or (lambda m: print(m, file=sys.stderr))
    spec = spec_or_path if isinstance(spec_or_path, ExperimentSpec) else load_spec(spec_or_path)
    out = Path(out) if out is not None else Path("results") / spec.name
    runs_dir = out / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    for stale in runs_dir.glob(".*.tmp"):
        stale.unlink()  # left by a killed writer: never a result
    runs = expand_runs(spec)
    prov = _provenance()
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        try:
            old = json.loads(manifest_path.read_text())
        except (json.JSONDecodeError, OSError):
            log(f"warning: {manifest_path} is corrupt; it will be rewritten")
        else:
            if old.get("spec_hash") != spec_hash(spec):
                log(
                    f"note: the spec changed since {manifest_path} was written; runs whose "
                    "parameters, seed and periods are unchanged are kept"
                )
    manifest = _manifest(spec, runs, prov)
    write_atomic_text(manifest_path, manifest_text(manifest))

    todo, skipped, rerun = [], 0, 0
    for run in runs:
        path = runs_dir / f"{run['run_id']}.parquet"
        if path.exists():
            problem = verify_run(path, run)
            if problem is None:
                skipped += 1
                continue
            log(f"warning: {path}: {problem}; re-running it")
            rerun += 1
        todo.append(run)
    expected = {f"{r['run_id']}.parquet" for r in runs}
    strays = [p.name for p in runs_dir.glob("*.parquet") if p.name not in expected]
    if strays:
        log(
            f"note: {len(strays)} run files in {runs_dir} are not part of this spec and are "
            f"ignored by load() (e.g. {strays[0]})"
        )

    start = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    execute = _dask_executor(scheduler) if scheduler else _local_executor(workers)
    bar = tqdm(
        total=len(runs),
        initial=skipped,
        desc=spec.name,
        unit="run",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    ran = 0
    with bar:
        for table in execute(todo, prov):
            meta = json.loads(table.schema.metadata[META_KEY])
            write_atomic_parquet(table, runs_dir / f"{meta['run']['run_id']}.parquet")
            ran += 1
            bar.update(1)
    seconds = time.perf_counter() - start
    record = {
        "planned": len(runs),
        "skipped": skipped,
        "rerun": rerun,
        "ran": ran,
        "seconds": round(seconds, 2),
        "executor": f"dask {scheduler}" if scheduler else f"local x{workers}",
    }
    manifest["last_invocation"] = record
    write_atomic_text(manifest_path, manifest_text(manifest))
    if analyse:
        from experiments.analysis import analyse as analyse_dir

        analyse_dir(out, spec)
    return record


def run_files(out: str | Path) -> Iterable[Path]:
    """The run files listed in a directory's manifest, in run order."""
    out = Path(out)
    manifest = read_manifest(out)
    return [out / "runs" / f"{r['run_id']}.parquet" for r in manifest["runs"]]


def read_manifest(out: str | Path) -> dict[str, Any]:
    """Read ``DIR/manifest.json``; raise ResultsError with one line if it cannot be used."""
    path = Path(out) / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file (is {out} an experiment directory?)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: corrupt manifest ({exc})") from None
