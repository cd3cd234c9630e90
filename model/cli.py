"""Command line: list parameters, run one model, run an experiment.

``python -m model params [FILTER]`` lists the flat parameter names (all, or those of a
mechanism or containing a substring) with default, allowed values, unit and meaning;
``python -m model run --set sanctions.fine=5 --periods 50`` runs one model and writes
its outcome table; ``python -m model experiment SPEC`` runs an experiment spec.

Bad input ends with one line on standard error naming the problem and what is allowed,
and exit code 2, before any work starts. Ctrl-C (SIGINT) at any moment ends with one
line and exit code 130, SIGTERM with 143; files are written atomically, so an
interrupted command leaves no partial file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, NoReturn

from model.params import ParameterError

#: Most periods ``run`` accepts: 100,000 months are over 8,000 years.
MAX_PERIODS = 100_000
_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class CliError(Exception):
    """A user error reported as one line and exit code 2."""


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error
    """SIGINT or SIGTERM arrived while a command was working (raised in the main thread).

    A BaseException, like KeyboardInterrupt, so that ``except Exception`` blocks do not
    swallow it; ``finally`` blocks and ``with`` statements clean up on the way out.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number: 130 for SIGINT, 143 for SIGTERM (shell convention)."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        """The signal in words."""
        return _NAMES.get(self.signum, f"signal {self.signum}")


_state = {"fired": False}


def exit_on_signal(signum: int, frame: Any = None) -> None:
    """Signal handler outside a command's work: one line, then exit at once (no cleanup).

    Used while the interpreter imports and parses arguments (nothing is being written)
    and after the command has finished.
    """
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os.write(2, f"interrupted ({_NAMES.get(signum, signum)})\n".encode())
    os._exit(128 + signum)


def raise_on_signal(signum: int, frame: Any = None) -> None:
    """Signal handler during a command's work: raise Interrupted once, then ignore.

    Repeated Ctrl-C while the command cleans up (deletes its temporary file, stops its
    workers) would otherwise interrupt the clean-up itself.
    """
    if _state["fired"]:
        return
    _state["fired"] = True
    raise Interrupted(signum)


def install(handler: Any) -> dict[int, Any]:
    """Set ``handler`` for SIGINT and SIGTERM; return the previous handlers.

    Only the main thread may set signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {s: signal.signal(s, handler) for s in _SIGNALS}


def restore(previous: dict[int, Any]) -> None:
    """Put back handlers returned by :func:`install`."""
    for s, handler in previous.items():
        signal.signal(s, handler)


class OneLineParser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line on stderr and exit code 2.

    argparse's default prints the usage block before the error; users reading a failed
    batch job need the one line that names the problem.
    """

    def error(self, message: str) -> NoReturn:
        """Report a usage error in one line and exit with code 2."""
        self.exit(2, f"error: {message} (see `{self.prog} -h`)\n")


def _integer(text: str, low: int, high: int | None, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what}, got {text!r}") from None
    if value < low or (high is not None and value > high):
        raise argparse.ArgumentTypeError(f"{what}, got {value}")
    return value


def seed_value(text: str) -> int:
    """Parse ``--seed``: a non-negative integer."""
    return _integer(text, 0, None, "must be a non-negative integer")


def periods_value(text: str) -> int:
    """Parse ``--periods``: an integer from 1 to :data:`MAX_PERIODS`."""
    return _integer(text, 1, MAX_PERIODS, f"must be an integer from 1 to {MAX_PERIODS:,}")


def workers_value(text: str) -> int:
    """Parse ``--workers``: 1 to four per core."""
    from experiments.preflight import max_workers

    top = max_workers()
    return _integer(text, 1, top, f"must be an integer from 1 to {top} (4 per core)")


def max_runs_value(text: str) -> int:
    """Parse ``--max-runs``: a positive integer."""
    return _integer(text, 1, None, "must be a positive integer")


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``name=value`` with TOML-like values (true/false, numbers, strings)."""
    if "=" not in text:
        raise CliError(f"--set expects name=value, got {text!r}.")
    name, raw = text.split("=", 1)
    name, raw = name.strip(), raw.strip()
    if not name:
        raise CliError(f"--set expects name=value, got {text!r} (no name).")
    low = raw.lower()
    if low in ("true", "false"):
        return name, low == "true"
    for conv in (int, float):
        try:
            return name, conv(raw)
        except ValueError:
            pass
    return name, raw.strip("'\"")


def parse_assignments(texts: list[str] | None) -> dict[str, Any]:
    """Every ``--set``; a name given twice is an error (which one would win?)."""
    params: dict[str, Any] = {}
    for text in texts or []:
        name, value = parse_assignment(text)
        if name in params:
            raise CliError(f"--set {name} is given twice; give each parameter once.")
        params[name] = value
    return params


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table (all, or those matching the filter)."""
    from model.model import REGISTRY

    pattern = (args.filter or "").strip().lower()
    names = [
        n
        for n in REGISTRY
        if not pattern or n.lower().startswith(pattern + ".") or pattern in n.lower()
    ]
    if not names:
        groups = sorted({n.split(".")[0] for n in REGISTRY if "." in n})
        raise CliError(
            f"no parameter matches {args.filter!r}; filter by a mechanism "
            f"({', '.join(groups[:6])}, ...) or part of a name."
        )
    rows = [(n, repr(REGISTRY[n].default), REGISTRY[n]) for n in names]
    what = f"matching {args.filter!r}" if pattern else "every parameter"
    if args.markdown:
        print(f"Parameters ({what}: {len(rows)} of {len(REGISTRY)})\n")
        print("| name | default | unit | allowed | meaning |")
        print("|---|---|---|---|---|")
        for n, default, s in rows:
            print(f"| `{n}` | {default} | {s.unit} | {s.allowed()} | {s.doc} |")
        return 0
    width = max(len(n) for n, _, _ in rows)
    print(
        f"{len(rows)} of {len(REGISTRY)} parameters ({what}); set them with "
        "`python -m model run --set NAME=VALUE` or in a spec's [base]"
    )
    print(f"{'name':<{width}}  {'default':<14} {'allowed':<28} unit: meaning")
    for n, default, s in rows:
        print(f"{n:<{width}}  {default:<14} {s.allowed():<28} {s.unit}: {s.doc}")
    return 0


def check_output_file(out: Path, flag: str = "--out") -> None:
    """A CSV target we can write: not a directory, under a directory, writable.

    Checked by creating and removing a uniquely named probe file next to it (the
    directory is created if missing), so nothing already there is touched.
    """
    text = str(out)
    if not text.strip() or "\0" in text:
        raise CliError(f"{flag} {text!r} is not a usable file name.")
    try:
        if out.is_dir():
            raise CliError(f"{flag} {out} is a directory; give a file name inside it.")
        parent = out.absolute().parent
        ancestor = parent
        while not ancestor.exists():
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise CliError(f"{flag} {out}: {ancestor} is a file, not a directory.")
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=parent, prefix=f".{out.name}.", suffix=".probe"):
            pass
    except OSError as exc:
        raise CliError(f"{flag} {out}: cannot write there ({exc.strerror or exc}).") from None


def cmd_run(args: argparse.Namespace) -> int:
    """Run one model and write its outcome table."""
    from model.model import CreditSystemModel

    params = parse_assignments(args.set)
    model = CreditSystemModel(rng=args.seed, **params)  # validates before anything is written
    if args.panel and model.params["followup.panel_size"] == 0:
        raise CliError("--panel needs a sample: add --set followup.panel_size=M (M >= 1).")
    for flag, target in (("--out", args.out), ("--panel", args.panel)):
        if target:
            check_output_file(Path(target), flag)
    model.run_for(args.periods)
    if args.panel:
        from model.mechanisms.followup import write_panel

        print(f"wrote {write_panel(model.panel(), args.panel)}")
    df = model.results()
    if args.out:
        from experiments.runfile import write_atomic

        out = Path(args.out)
        write_atomic(out, lambda tmp: df.to_csv(tmp, index=False))
        print(f"wrote {out}: {len(df)} periods x {len(df.columns) - 1} outcome columns")
    else:
        print(df.to_string(index=False))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate (or check) the generated blocks of docs/ODD.md."""
    from model import docs

    fresh = docs.update(check=args.check)
    if args.check and not fresh:
        print("docs/ODD.md is out of date: run `python -m model docs`", file=sys.stderr)
        return 1
    print("docs/ODD.md is up to date" if fresh else "rewrote docs/ODD.md")
    return 0


def cmd_experiment(args: argparse.Namespace) -> int:
    """Run or resume an experiment spec (see docs/experiments.md)."""
    from experiments.preflight import ResultsError
    from experiments.specfile import SpecError, read_toml

    try:  # the spec file before any worker process starts (argparse checked --workers)
        read_toml(args.spec)
    except SpecError as exc:
        raise CliError(str(exc)) from None
    if args.scheduler is None and (args.workers or os.cpu_count() or 1) > 1:
        # local workers: their fork server imports the model now, while this process
        # imports the runner (the two take about as long), not after it
        from experiments import pool, task

        pool.prepare(task.PRELOAD)
    from experiments.runner import run_experiment
    from experiments.spec import MAX_RUNS

    try:
        record = run_experiment(
            args.spec,
            args.out,
            workers=args.workers,
            scheduler=args.scheduler,
            max_runs=args.max_runs or MAX_RUNS,
            echo=print,
        )
    except (SpecError, ResultsError) as exc:
        raise CliError(str(exc)) from None
    print(
        f"{record['planned']} runs: {record['skipped']} already complete, {record['ran']} run "
        f"({record['rerun']} redone) in {record['seconds']} s"
    )
    written = record["written"]
    out = written["manifest"].parent
    files = [k for k in written if k != "manifest" and not k.startswith("figures/")]
    figures = sorted(
        {k.split("/", 1)[1].rsplit(".", 1)[0] for k in written if k.startswith("figures/")}
    )
    shown = ", ".join(f"{f}.png" for f in figures) + " (and .svg)" if figures else "none"
    print(
        f"results in {out}/: {', '.join(['manifest.json', *[f'{k}.csv' for k in files]])}; "
        f"figures in {out}/figures/: {shown}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineParser(prog="python -m model", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("params", help="list parameters (all, or of a mechanism)")
    p.add_argument("filter", nargs="?", help="mechanism name or part of a name, e.g. sanctions")
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.set_defaults(func=cmd_params)
    r = sub.add_parser("run", help="run one model")
    r.add_argument("--set", action="append", metavar="NAME=VALUE", help="parameter value")
    r.add_argument("--seed", type=seed_value, default=0, help="random seed (default 0)")
    r.add_argument("--periods", type=periods_value, default=50, help="periods to run (default 50)")
    r.add_argument("--out", help="CSV file to write (default: print)")
    r.add_argument(
        "--panel", help="Parquet file for the panel of sampled subjects (followup.panel_size)"
    )
    r.set_defaults(func=cmd_run)
    d = sub.add_parser("docs", help="regenerate the generated parts of docs/ODD.md")
    d.add_argument("--check", action="store_true", help="only check; exit 1 if out of date")
    d.set_defaults(func=cmd_docs)
    e = sub.add_parser("experiment", help="run or resume an experiment spec (TOML)")
    e.add_argument("spec", help="the spec file, e.g. experiments/specs/deterrence.toml")
    e.add_argument("--out", help="output directory (default results/<spec name>)")
    e.add_argument(
        "--workers", type=workers_value, default=None, help="local processes (default: cores)"
    )
    e.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    e.add_argument(
        "--max-runs",
        type=max_runs_value,
        default=None,
        help="largest design accepted (default 100,000 runs)",
    )
    e.set_defaults(func=cmd_experiment)
    return parser


def guarded(work: Any, on_interrupt: str) -> int:
    """Run ``work()`` so that Ctrl-C or SIGTERM end it with one line and 128 + the signal.

    While ``work`` runs, the signals raise :class:`Interrupted` (clean-up in ``finally``
    blocks runs); afterwards the previous handlers are back. Returns ``work()``'s result
    or the exit code of the signal.
    """
    _state["fired"] = False
    previous = install(raise_on_signal)
    try:
        try:
            return work()
        finally:
            install(exit_on_signal)  # from here on, a signal has nothing to clean up
    except Interrupted as exc:
        print(f"interrupted ({exc.name}): {on_interrupt}", file=sys.stderr)
        return exc.exit_code
    finally:
        restore(previous)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code.

    Signals: until the command starts working, SIGINT/SIGTERM exit at once with one line
    (nothing is being written); while it works they raise :class:`Interrupted`, so that
    clean-up runs, and the command ends with one line and 128 + the signal number.
    """
    previous = install(exit_on_signal)
    try:
        args = build_parser().parse_args(argv)
        done = "finished runs are saved; run the same command to resume"
        what = done if args.command == "experiment" else "nothing was written"
        return guarded(lambda: args.func(args), what)
    except (ParameterError, CliError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        restore(previous)
