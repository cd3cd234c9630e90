"""Run an experiment spec: every run once, in parallel, resumable, with provenance.

Layout of an output directory::

    DIR/manifest.json         spec, spec hash, every run's parameters and seed, versions, git
    DIR/runs/<run_id>.parquet one outcome table per run (written atomically when it finishes)
    DIR/runs/.lock            held by the runner working on DIR (see experiments.lock)
    DIR/summary.csv           per design point: mean/sd/se over replicates of late-period means
    DIR/contrasts.csv         paired contrasts between design points (if the spec has any)
    DIR/sensitivity.csv       Morris or Sobol indices (sampling designs only)
    DIR/figures/*.png|svg     the spec's plots

Order of work: every input is checked first (the spec and every design point, the
worker count, the scheduler address, the output directory: :mod:`experiments.spec`,
:mod:`experiments.validate`, :mod:`experiments.preflight`), without writing anything;
then the directory's lock is taken (a second runner on the same directory stops with one
line naming the holder), left-over temporary files of dead writers are removed, every
existing run file is verified (Parquet page checksums and a content hash, see
:mod:`experiments.runfile`), an estimate of time and disk is printed, and the remaining
runs are computed. Verified runs are skipped; a damaged, partial or mismatched file is
reported on stderr and re-run.

Executors: local worker processes (:mod:`experiments.pool`; default, one per core;
each lives for the whole sweep and starts with the model imported, see the pool) or a
Dask distributed scheduler (``scheduler="tcp://host:8786"``). Runs go out in chunks
(:func:`experiments.task.chunks`: one message per chunk, largest first), which changes
no run's output. Local workers write each run's file themselves as soon as the run is
done (atomically, with its content hash) and send back its digest, which the runner
records; Dask workers send back the tables and the runner writes them, so Dask workers
need no shared file system. Local workers ignore Ctrl-C (the runner stops them and
removes their temporary files) and exit by themselves if the runner dies (a watchdog
thread polls the parent pid; a resume removes what they left).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
from tqdm import tqdm

from experiments import pool, task
from experiments.lock import DirectoryLock, LockBusy, pid_alive
from experiments.preflight import (
    ResultsError,
    check_chunk,
    check_output_dir,
    check_scheduler,
    check_workers,
    estimate,
    human_bytes,
    human_time,
)
from experiments.runfile import (
    META_KEY,
    file_digest,
    read_digests,
    read_run,
    record_digest,
    record_digests,
    write_atomic,
    write_run,
)
from experiments.spec import (
    MAX_RUNS,
    ExperimentSpec,
    SpecError,
    base_parameters,
    expand_runs,
    load_spec,
    n_points,
    spec_hash,
    varied_names,
)
from experiments.task import chunks, run_chunk
from model.provenance import git_commit, package_versions

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


def write_atomic_text(path: Path, text: str) -> None:
    """Write a text file under a temporary name, then rename it into place."""
    write_atomic(path, lambda tmp: tmp.write_text(text))


def verify_run(path: Path, run: dict[str, Any]) -> str | None:
    """Check a run file; return None if it is complete and intact, else the problem."""
    return read_run(path, run)[1]


def _provenance() -> dict[str, Any]:
    return {"packages": package_versions(PACKAGES), "git_commit": git_commit()}


def _manifest(spec: ExperimentSpec, runs: list[dict[str, Any]], prov: dict[str, Any]) -> dict:
    from model import default_parameters

    # each scenario's scheduled changes as the model gets them (span resolved), so that
    # provenance.json (the manifest without its run list) records them too
    schedules = {r["scenario"]: r["schedule"] for r in runs if r.get("schedule")}
    return {
        "spec": spec.model_dump(mode="json"),
        "spec_hash": spec_hash(spec),
        "base_parameters": {**default_parameters(), **base_parameters(spec)},
        **({"schedules": schedules} if schedules else {}),
        "varied": varied_names(spec),
        "master_seed": spec.master_seed,
        "seed_derivation": "numpy SeedSequence(master_seed).spawn(replicates); "
        "seed = child.generate_state(1, uint32)[0]; the same seed per replicate at every point",
        "n_runs": len(runs),
        "runs": [
            {k: r[k] for k in ("run_id", "point", "scenario", "replicate", "seed", "overrides")}
            | ({"schedule": r["schedule"]} if r.get("schedule") else {})
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


#: What an executor yields for each finished chunk: ``(file name, digest)`` per run for a
#: file a worker wrote, or a sealed table for the runner to write.
Results = list[tuple[str, str] | pa.Table]


def _local_executor(
    workers: int, runs_dir: Path, chunk: int | None
) -> Callable[[list[dict], dict], Iterator[Results]]:
    def execute(todo: list[dict], prov: dict) -> Iterator[Results]:
        if workers == 1 or len(todo) <= 1:
            for run in todo:  # in this process, one run at a time
                yield run_chunk([run], prov, str(runs_dir))
            return
        n = min(workers, len(todo))
        parts = _chunks(todo, n, chunk)
        tasks = ((part, prov, str(runs_dir)) for part in parts)
        try:
            yield from pool.imap_unordered(run_chunk, tasks, n, preload=task.PRELOAD)
        except pool.WorkerDied as exc:
            raise ResultsError(
                f"{exc}; finished runs are saved: run the same command to resume"
            ) from None
        except pool.TaskFailed as exc:
            raise ResultsError(f"a run failed in a worker process ({exc})") from None

    return execute


def _chunks(todo: list[dict], workers: int, chunk: int | None) -> Iterator[list[dict]]:
    """``todo`` in chunks of ``chunk`` runs, or guided chunks (:func:`task.chunks`)."""
    if chunk is not None:
        return (todo[i : i + chunk] for i in range(0, len(todo), chunk))
    return chunks(todo, workers, estimate(todo, 1)[0] / len(todo) if todo else None)


def _dask_executor(
    address: str, chunk: int | None, log: Callable[[str], None]
) -> Callable[[list[dict], dict], Iterator[Results]]:
    def execute(todo: list[dict], prov: dict) -> Iterator[Results]:
        from distributed import Client
        from distributed import as_completed as dask_completed

        try:
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:
            first = (str(exc).splitlines() or [""])[0]
            raise ResultsError(f"cannot reach Dask scheduler {address}: {first}") from None
        try:
            if not client.nthreads():
                # a scheduler without workers would take the runs and wait in silence; a
                # worker started with --preload experiments.dask_preload that cannot import
                # the model exits at once, before the scheduler ever sees it
                log(
                    f"note: the Dask scheduler {address} has no workers yet; waiting for them "
                    "(a worker started with --preload experiments.dask_preload that cannot "
                    "import `model` and `experiments` exits at once: see its output)"
                )
            threads = sum(client.nthreads().values()) or 1
            parts = list(_chunks(todo, threads, chunk))
            futures = client.map(run_chunk, parts, provenance=prov, pure=False)
            for fut in dask_completed(futures):
                try:
                    tables = fut.result()
                except Exception as exc:  # noqa: BLE001 - remote errors arrive as any type
                    first = str(exc).splitlines()[0] if str(exc) else ""
                    raise ResultsError(
                        f"a run failed on the Dask cluster ({type(exc).__name__}: {first}); "
                        "can the scheduler and the workers import `model` and `experiments` "
                        "(same environment, or PYTHONPATH set to the repository)?"
                    ) from exc
                fut.release()
                yield tables
        finally:
            client.close()

    return execute


def _remove_dead_writers_files(out: Path, log: Callable[[str], None]) -> None:
    """Delete temporary files whose writer is dead (never a live runner's file)."""
    for directory in (out, out / "runs", out / "figures"):
        if not directory.is_dir():
            continue
        for tmp in directory.glob(".*.tmp*"):
            match = re.search(r"\.(\d+)\.tmp", tmp.name)
            pid = int(match.group(1)) if match else None
            if pid is None or pid == os.getpid() or not pid_alive(pid):
                tmp.unlink(missing_ok=True)
            else:
                log(f"note: {tmp} belongs to the live process {pid}; left alone")


def _prepare(
    spec_or_path: Any, out: Any, how: tuple[Any, Any, Any], max_runs: int | None
) -> tuple[ExperimentSpec, Path, list[dict[str, Any]]]:
    """Every input check; nothing is written. Raises SpecError or ResultsError.

    ``how`` is ``(workers, scheduler, chunk)``, the runner's arguments.
    """
    workers, scheduler, chunk = how
    check_workers(workers)
    check_scheduler(scheduler)
    check_chunk(chunk)
    if isinstance(spec_or_path, ExperimentSpec):
        from experiments.validate import KeyProblem, _check_size

        spec = spec_or_path
        try:
            _check_size(spec, max_runs)
        except KeyProblem as exc:
            raise SpecError(f"<spec>: {exc.key}: {exc.problem}") from None
    else:
        spec = load_spec(spec_or_path, max_runs=max_runs)
    if out is not None and not isinstance(out, str | Path):
        raise ResultsError(f"output directory must be a path, got {type(out).__name__}")
    out = Path(out) if out is not None else Path("results") / spec.name
    check_output_dir(out, spec.name)
    return spec, out, expand_runs(spec)


def run_experiment(
    spec_or_path: ExperimentSpec | str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    analyse: bool = True,
    log: Callable[[str], None] | None = None,
    echo: Callable[[str], None] | None = None,
    max_runs: int | None = MAX_RUNS,
    chunk: int | None = None,
) -> dict[str, Any]:
    """Run (or resume) an experiment and write its results.

    Args:
        spec_or_path: A spec or the path of its TOML file.
        out: Output directory (default ``results/<spec name>``).
        workers: Local worker processes (default: the number of cores).
        scheduler: Address of a Dask scheduler; when given, runs go there.
        progress: Show a progress bar (on a terminal) and the plan and estimate.
        analyse: Write the summary, contrasts, sensitivity indices and figures afterwards.
        log: Where warnings go (default: stderr).
        echo: Where the plan, the estimate and the list of outputs go (default: stdout
            if ``progress``, else nowhere).
        max_runs: Largest design accepted (:data:`experiments.spec.MAX_RUNS`).
        chunk: Runs per task sent to a worker (default: guided chunks, largest first,
            :func:`experiments.task.chunks`). No run's output depends on it.

    Returns:
        A record with counts (``planned``, ``skipped``, ``rerun``, ``ran``), timings and
        ``written`` (the files written by the analysis, by role).

    Raises:
        SpecError: The spec is invalid (one line naming file and key).
        ResultsError: Another input or the output directory cannot be used, or a run
            failed; one line.

    """
    log = log or (lambda m: print(m, file=sys.stderr))
    echo = echo or (print if progress else (lambda m: None))
    spec, out, runs = _prepare(spec_or_path, out, (workers, scheduler, chunk), max_runs)
    workers = workers or os.cpu_count() or 1
    try:
        lock = DirectoryLock(out).acquire()
    except LockBusy as exc:
        raise ResultsError(str(exc)) from None
    except OSError as exc:
        raise ResultsError(f"{out}: cannot write there ({exc.strerror or exc})") from None
    try:
        if lock.took_over:
            log(
                f"note: took over the lock of {out} left by pid {lock.took_over.get('pid')} "
                f"(started {lock.took_over.get('started')}), which is no longer running"
            )
        via = (scheduler, chunk)
        return _run_locked(spec, out, runs, workers, via, progress, analyse, log, echo)
    finally:
        lock.release()


def _run_locked(
    spec: ExperimentSpec,
    out: Path,
    runs: list[dict[str, Any]],
    workers: int,
    via: tuple[str | None, int | None],
    progress: bool,
    analyse: bool,
    log: Callable[[str], None],
    echo: Callable[[str], None],
) -> dict[str, Any]:
    scheduler, chunk = via  # where the runs go, and how many per task
    if not scheduler and workers > 1 and len(runs) > 1:
        # local workers will import the model: let that start now, beside our own checks
        pool.prepare(task.PRELOAD)
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)
    _remove_dead_writers_files(out, log)
    prov = _provenance()
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        try:
            old = json.loads(manifest_path.read_text())
            if not isinstance(old, dict):
                raise ValueError("not a table")
        except (ValueError, OSError):
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
    digests = read_digests(runs_dir)
    unusable: dict[str, list[str]] = {}  # problem -> files, said once per problem below
    for run in runs:
        path = runs_dir / f"{run['run_id']}.parquet"
        if path.exists():
            problem = read_run(path, run, digests)[1]
            if problem is None:
                if path.name not in digests:  # verified by its content: record its bytes
                    record_digest(path, file_digest(path))
                skipped += 1
                continue
            unusable.setdefault(problem, []).append(path.name)
            rerun += 1
        todo.append(run)
    for problem, names in unusable.items():
        if len(names) <= 3:
            for name in names:
                log(f"warning: {runs_dir / name}: {problem}; re-running it")
        else:  # e.g. every run after a change of the spec: one line, not one per file
            log(
                f"warning: {len(names):,} run files in {runs_dir}: {problem} (e.g. "
                f"{names[0]}, {names[1]}); re-running them"
            )
    expected = {f"{r['run_id']}.parquet" for r in runs}
    strays = [p.name for p in runs_dir.glob("*.parquet") if p.name not in expected]
    if strays:
        log(
            f"note: {len(strays)} run files in {runs_dir} are not part of this spec and are "
            f"ignored by load() (e.g. {strays[0]})"
        )
    echo(
        f"{spec.name}: {len(runs):,} runs ({n_points(spec):,} design points x "
        f"{spec.replicates} replicates); {skipped:,} already complete, {len(todo):,} to run"
    )
    executor = f"dask {scheduler}" if scheduler else f"local x{min(workers, max(1, len(todo)))}"
    if todo:
        secs, disk = estimate(todo, 1 if scheduler else workers)
        where = "on the Dask cluster: divide by its workers" if scheduler else executor
        echo(
            f"estimate: about {human_time(secs)} ({where}) and {human_bytes(disk)} of run "
            "files (rough: costs measured on 2 cores at default settings)"
        )

    start = time.perf_counter()
    if scheduler:
        execute = _dask_executor(scheduler, chunk, log)
    else:
        execute = _local_executor(workers, runs_dir, chunk)
    bar = tqdm(
        total=len(runs),
        initial=skipped,
        desc=spec.name,
        unit="run",
        disable=None if progress else True,  # None: only on a terminal
        file=sys.stderr,
        dynamic_ncols=True,
    )
    ran = 0
    try:
        with bar, contextlib.closing(execute(todo, prov)) as results:
            for done in results:
                written = [d for d in done if isinstance(d, tuple)]
                record_digests(runs_dir, written)  # files the workers wrote
                for table in (d for d in done if not isinstance(d, tuple)):
                    meta = json.loads(table.schema.metadata[META_KEY])
                    write_run(table, runs_dir / f"{meta['run']['run_id']}.parquet")
                ran += len(done)
                bar.update(len(done))
    except BaseException:
        # the workers are stopped (closing the executor killed them): remove the
        # temporary file each was writing, so that an interruption leaves no partial file
        _remove_dead_writers_files(out, log)
        raise
    record = {
        "planned": len(runs),
        "skipped": skipped,
        "rerun": rerun,
        "ran": ran,
        "seconds": round(time.perf_counter() - start, 2),
        "executor": executor,
    }
    manifest["last_invocation"] = record
    write_atomic_text(manifest_path, manifest_text(manifest))
    record["written"] = {"manifest": manifest_path}
    if analyse:
        from experiments.analysis import analyse as analyse_dir

        record["written"].update(analyse_dir(out, spec))
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
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file (is {out} an experiment directory?)") from None
    except IsADirectoryError:
        raise ResultsError(f"{path}: is a directory, not a manifest") from None
    except NotADirectoryError:
        raise ResultsError(f"{out}: not a directory") from None
    except (ValueError, OSError) as exc:  # JSON, UTF-8 and read errors
        first = (str(exc).splitlines() or [""])[0][:100]
        raise ResultsError(f"{path}: corrupt manifest ({first})") from None
    ok = isinstance(data, dict) and isinstance(data.get("spec"), dict)
    if not ok or not isinstance(data.get("runs"), list):
        raise ResultsError(
            f"{path}: not an experiment manifest (expected a table with 'spec' and 'runs')"
        )
    for entry in data["runs"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("run_id"), str):
            raise ResultsError(f"{path}: corrupt manifest (a run entry without a run_id)")
    return data
