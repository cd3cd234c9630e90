"""Command line: list parameters, run one model.

``python -m model params`` lists every flat parameter name with its default, unit,
range and meaning; ``python -m model run --set sanctions.fine=5 --periods 50`` runs one
model and writes its outcome table. Bad input ends with one line on standard error
naming the problem and what is allowed, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from model.params import ParameterError


class CliError(Exception):
    """A user error reported as one line and exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line on stderr and exit code 2.

    argparse's default prints the usage block before the error; users reading a failed
    batch job need the one line that names the problem.
    """

    def error(self, message: str) -> NoReturn:
        """Report a usage error in one line and exit with code 2."""
        self.exit(2, f"error: {message} (see `{self.prog} -h`)\n")


def _integer(text: str, low: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what}, got {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"{what}, got {value}")
    return value


def seed_value(text: str) -> int:
    """Parse ``--seed``: a non-negative integer."""
    return _integer(text, 0, "must be a non-negative integer")


def periods_value(text: str) -> int:
    """Parse ``--periods``: a positive integer."""
    return _integer(text, 1, "must be an integer of at least 1")


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``name=value`` with TOML-like values (true/false, numbers, strings)."""
    if "=" not in text:
        raise CliError(f"--set expects name=value, got {text!r}.")
    name, raw = text.split("=", 1)
    name, raw = name.strip(), raw.strip()
    low = raw.lower()
    if low in ("true", "false"):
        return name, low == "true"
    for conv in (int, float):
        try:
            return name, conv(raw)
        except ValueError:
            pass
    return name, raw.strip("'\"")


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table."""
    from model.model import REGISTRY

    rows = [(n, repr(s.default), s.unit, s.allowed(), s.doc) for n, s in REGISTRY.items()]
    if args.markdown:
        print("| name | default | unit | allowed | meaning |")
        print("|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(f"`{r[0]}`" if i == 0 else r[i] for i in range(5)) + " |")
    else:
        width = max(len(r[0]) for r in rows)
        for r in rows:
            print(f"{r[0]:<{width}}  {r[1]:<14} {r[3]:<28} {r[2]}: {r[4]}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run one model and write its outcome table."""
    from model.model import CreditSystemModel

    params = dict(parse_assignment(a) for a in args.set or [])
    if args.seed < 0:
        raise CliError(f"--seed must be a non-negative integer, got {args.seed}.")
    if args.periods < 1:
        raise CliError(f"--periods must be at least 1, got {args.periods}.")
    model = CreditSystemModel(rng=args.seed, **params)
    if args.panel and model.params["followup.panel_size"] == 0:
        raise CliError("--panel needs a sample: add --set followup.panel_size=M (M >= 1).")
    model.run_for(args.periods)
    if args.panel:
        from model.mechanisms.followup import write_panel

        print(f"wrote {write_panel(model.panel(), args.panel)}")
    df = model.results()
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        df.to_csv(tmp, index=False)
        tmp.replace(out)
        print(f"wrote {out}")
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
    from experiments.runner import ResultsError, run_experiment
    from experiments.spec import SpecError

    try:
        record = run_experiment(args.spec, args.out, workers=args.workers, scheduler=args.scheduler)
    except (SpecError, ResultsError) as exc:
        raise CliError(str(exc)) from None
    except KeyboardInterrupt:
        print(
            "interrupted: finished runs are saved; run the same command to resume", file=sys.stderr
        )
        return 130
    print(
        f"{record['planned']} runs: {record['skipped']} already complete, {record['ran']} run "
        f"({record['rerun']} redone) in {record['seconds']} s"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineParser(prog="python -m model", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("params", help="list every parameter")
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
        "--workers", type=periods_value, default=None, help="local processes (default: cores)"
    )
    e.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    e.set_defaults(func=cmd_experiment)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ParameterError, CliError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
