"""Mutation testing of the model: plant one plausible one-line bug at a time, run the tests.

A small AST mutator (no mutmut trampolines, no copy of the project): each mutant is one
change inside a function body of one module,

- a comparison flipped at its boundary (``<`` / ``<=``, ``>`` / ``>=``, ``==`` / ``!=``,
  ``is`` / ``is not``, ``in`` / ``not in``),
- an arithmetic or mask operator swapped (``+`` / ``-``, ``*`` / ``/``, ``&`` / ``|``,
  also in ``+=`` and the like),
- ``and`` / ``or`` swapped, a ``not``, ``~`` or unary minus dropped,
- a constant 0 / 1 (or 0.0 / 1.0, True / False) swapped,
- ``min`` / ``max`` (also ``np.minimum`` / ``np.maximum``) swapped.

Docstrings, annotations and module-level code (parameter tables) are not mutated. The
runner imports the heavy libraries once, then forks one child per mutant; the child
loads the module under test from the mutated syntax tree (an import hook, nothing is
written to disk) and runs the module's own selection of tests with ``-x``. A mutant is
*killed* when a test fails (or errors, or the run exceeds its time limit), *survives*
when every selected test passes, and is *not covered* when the selected tests never
execute its line (it is not run). Which tests go with which module is in
``tools/mutants.toml``.

Usage::

    python tools/mutate.py                      # every module of tools/mutants.toml
    python tools/mutate.py model/listings.py    # one module (its tests from the file)
    python tools/mutate.py model/listings.py --tests tests/test_listings.py --jobs 2
    python tools/mutate.py --sample 50 model/mechanisms/judicial.py
    python tools/mutate.py --rerun              # survivors again, after adding tests
    python tools/mutate.py --report             # last results; equivalent ones marked

Writes ``.mutants/<module>.json`` (every mutant and its verdict) and prints the survivors
and the kill rate per module. ``make mutants`` runs it on every module.
"""

from __future__ import annotations

import argparse
import ast
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import time
import tomllib
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "mutants.toml"
OUT = ROOT / ".mutants"

COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
}
BOOL = {ast.And: ast.Or, ast.Or: ast.And}
SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.And: "and",
    ast.Or: "or",
    ast.Not: "not",
    ast.Invert: "~",
    ast.USub: "-",
}
MINMAX = {"min": "max", "max": "min", "minimum": "maximum", "maximum": "minimum"}


@dataclass
class Mutant:
    """One planted change: where, what, and (after the run) the verdict."""

    id: int
    line: int
    col: int
    change: str
    source: str
    status: str = "pending"  # killed, survived, timeout, uncovered, skipped (equivalent)
    seconds: float = 0.0


def _sites(tree: ast.Module) -> list[tuple[ast.AST, str, object]]:
    """Every mutable node inside a function body, with the kind and the replacement."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        # annotations are never executed (from __future__ import annotations); docstrings
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            skip.update(id(n) for n in ast.walk(node.annotation))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.returns is not None:
                skip.update(id(n) for n in ast.walk(node.returns))
            # default argument values are public settings, not rules
            for d in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                skip.update(id(n) for n in ast.walk(d))
        # type unions in isinstance(): a swapped operator fails on every call
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "isinstance" and len(node.args) == 2:
                skip.update(id(n) for n in ast.walk(node.args[1]))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            for stmt in body:
                inside.update(id(n) for n in ast.walk(stmt))
    out: list[tuple[ast.AST, str, object]] = []
    for node in ast.walk(tree):
        if id(node) not in inside or id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE:
                    out.append((node, "compare", i))
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINARY:
            out.append((node, "binary", None))
        elif isinstance(node, ast.BoolOp):
            out.append((node, "bool", None))
        elif isinstance(node, ast.UnaryOp) and type(node.op) in (ast.Not, ast.Invert, ast.USub):
            out.append((node, "unary", None))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            if node.value in (0, 1):  # also 0.0, 1.0, False, True
                out.append((node, "constant", None))
        elif isinstance(node, ast.Name) and node.id in ("min", "max"):
            out.append((node, "minmax", None))
        elif isinstance(node, ast.Attribute) and node.attr in MINMAX:
            out.append((node, "minmax", None))
    out.sort(key=lambda x: (x[0].lineno, x[0].col_offset))
    return out


def _describe(node: ast.AST, kind: str, arg: object) -> str:
    if kind == "compare":
        op = node.ops[arg]
        return f"{SYMBOL[type(op)]} -> {SYMBOL[COMPARE[type(op)]]}"
    if kind == "binary":
        return f"{SYMBOL[type(node.op)]} -> {SYMBOL[BINARY[type(node.op)]]}"
    if kind == "bool":
        return f"{SYMBOL[type(node.op)]} -> {SYMBOL[BOOL[type(node.op)]]}"
    if kind == "unary":
        return f"drop {SYMBOL[type(node.op)]}"
    if kind == "constant":
        v = node.value
        return f"{v!r} -> {_flip(v)!r}"
    name = node.id if isinstance(node, ast.Name) else node.attr
    return f"{name} -> {MINMAX[name]}"


def _flip(v: object) -> object:
    if isinstance(v, bool):
        return not v
    if isinstance(v, float):
        return 1.0 if v == 0.0 else 0.0
    return 1 if v == 0 else 0


def _apply(node: ast.AST, kind: str, arg: object) -> ast.AST | None:
    """Mutate ``node`` in place; return a node to put in its place (unary drop) or None."""
    if kind == "compare":
        node.ops[arg] = COMPARE[type(node.ops[arg])]()
    elif kind == "binary":
        node.op = BINARY[type(node.op)]()
    elif kind == "bool":
        node.op = BOOL[type(node.op)]()
    elif kind == "unary":
        return node.operand
    elif kind == "constant":
        node.value = _flip(node.value)
    elif isinstance(node, ast.Name):
        node.id = MINMAX[node.id]
    else:
        node.attr = MINMAX[node.attr]
    return None


class _Replace(ast.NodeTransformer):
    def __init__(self, old: ast.AST, new: ast.AST) -> None:
        self.old, self.new = old, new

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.old:
            return self.new
        return super().visit(node)


def mutants_of(path: Path) -> list[Mutant]:
    """Every mutant of the module at ``path`` (not yet run)."""
    text = path.read_text()
    lines = text.splitlines()
    tree = ast.parse(text)
    return [
        Mutant(i, n.lineno, n.col_offset, _describe(n, k, a), lines[n.lineno - 1].strip())
        for i, (n, k, a) in enumerate(_sites(tree))
    ]


def mutated_code(path: Path, which: int | None):
    """Code object of the module at ``path`` with mutant ``which`` applied (None: none)."""
    tree = ast.parse(path.read_text())
    if which is not None:
        node, kind, arg = _sites(tree)[which]
        new = _apply(node, kind, arg)
        if new is not None:
            tree = _Replace(node, new).visit(tree)
        ast.fix_missing_locations(tree)
    return compile(tree, str(path), "exec")


class _Loader(importlib.abc.Loader):
    def __init__(self, code) -> None:
        self.code = code

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        exec(self.code, module.__dict__)


class _Finder(importlib.abc.MetaPathFinder):
    """Serves the one module under test from a code object (the mutant)."""

    def __init__(self, name: str, path: Path, code) -> None:
        self.name, self.path, self.code = name, path, code

    def find_spec(self, fullname, target_path=None, target=None):
        if fullname != self.name:
            return None
        spec = importlib.util.spec_from_loader(fullname, _Loader(self.code), origin=str(self.path))
        spec.has_location = True
        return spec


def _pytest_args(tests: list[str]) -> list[str]:
    return [
        *tests,
        "-x",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "-m",
        "not browser",
    ]


def _child(module: str, path: Path, which: int | None, tests: list[str], trace: str | None):
    """In the forked child: install the mutant, run the tests, exit with pytest's code."""
    os.setpgrp()
    os.environ["CI"] = "1"  # hypothesis draws the same examples every time
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        code = mutated_code(path, which)
        sys.meta_path.insert(0, _Finder(module, path, code))
        if trace:
            covered: set[int] = set()
            mon = sys.monitoring
            tool = mon.COVERAGE_ID
            mon.use_tool_id(tool, "mutate")
            target = str(path)

            def on_line(c, line):
                if c.co_filename != target:
                    return mon.DISABLE
                covered.add(line)
                return None

            mon.register_callback(tool, mon.events.LINE, on_line)
            mon.set_events(tool, mon.events.LINE)
        import pytest

        rc = int(pytest.main(_pytest_args(tests)))
        if trace:
            Path(trace).write_text(json.dumps(sorted(covered)))
    except BaseException:  # noqa: BLE001 - any failure of the mutant counts as killed
        rc = 99
    os._exit(rc)


def _spawn(module, path, which, tests, trace=None) -> int:
    pid = os.fork()
    if pid == 0:
        _child(module, path, which, tests, trace)
    return pid


def _run(
    path: Path,
    todo: list[Mutant],
    running: dict[int, tuple[Mutant, float]],
    tests: list[str],
    module: str,
    jobs: int,
    limit: float,
    quiet: bool,
) -> None:
    """Fork the mutants ``todo``, ``jobs`` at a time; set each verdict (``running``: by pid)."""
    while todo or running:
        while todo and len(running) < jobs:
            m = todo.pop(0)
            running[_spawn(module, path, m.id, tests)] = (m, time.monotonic())
        time.sleep(0.05)
        for pid, (m, start) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            now = time.monotonic()
            if done == 0:
                if now - start > limit:
                    os.killpg(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    m.status, m.seconds = "timeout", now - start
                    del running[pid]
                continue
            rc = os.waitstatus_to_exitcode(status)
            m.status = "survived" if rc == 0 else "killed"
            m.seconds = now - start
            del running[pid]
            if not quiet and m.status == "survived":
                print(f"  survived #{m.id} {path.name}:{m.line} {m.change}: {m.source}", flush=True)


def run_module(
    path: Path,
    tests: list[str],
    jobs: int,
    sample: int | None = None,
    rerun: bool = False,
    quiet: bool = False,
) -> list[Mutant]:
    """Run the mutants of one module against its tests; return the verdicts.

    Args:
        path: The module.
        tests: Test files (or node ids) to run against each mutant.
        jobs: Mutants run at once.
        sample: Run only this many mutants, drawn at random (seed 0); the others are
            reported as ``skipped``.
        rerun: Run again only the mutants that survived, timed out or were not covered
            in the last report of this module (after tests were added); the other
            verdicts are kept.
        quiet: Do not print survivors as they come.

    """
    module = ".".join(path.with_suffix("").relative_to(ROOT).parts)
    mutants = mutants_of(path)
    report = OUT / f"{module}.json"
    if rerun:
        if not report.is_file():
            sys.exit(f"{path}: no report to rerun ({report.relative_to(ROOT)})")
        last = {
            (m["line"], m["col"], m["change"], m["id"]): m
            for m in json.loads(report.read_text())["mutants"]
        }
        for m in mutants:
            old = last.get((m.line, m.col, m.change, m.id))
            if old is None:
                sys.exit(f"{path}: changed since its last report; run it in full")
            if old["status"] not in ("survived", "uncovered", "timeout"):
                m.status, m.seconds = old["status"], old["seconds"]
    elif sample is not None and sample < len(mutants):
        import random

        chosen = set(random.Random(0).sample(range(len(mutants)), sample))
        for m in mutants:
            if m.id not in chosen:
                m.status = "skipped"
    OUT.mkdir(exist_ok=True)
    trace = OUT / f"{module}.lines.json"
    t0 = time.monotonic()
    pid = _spawn(module, path, None, tests, str(trace))
    _, status = os.waitpid(pid, 0)
    base = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{path}: the selected tests fail without any mutant ({' '.join(tests)})")
    covered = set(json.loads(trace.read_text()))
    trace.unlink()
    # generous: a mutant is a time-out only when far slower than the tests on a busy machine
    limit = max(60.0, 10.0 * base)
    for m in mutants:
        if m.status == "pending" and m.line not in covered:
            m.status = "uncovered"
    todo = [m for m in mutants if m.status == "pending"]
    running: dict[int, tuple[Mutant, float]] = {}
    try:
        _run(path, todo, running, tests, module, jobs, limit, quiet)
    finally:  # Ctrl-C or an error: no child is left running
        for pid in running:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    report.write_text(
        json.dumps(
            {
                "module": str(path.relative_to(ROOT)),
                "tests": tests,
                "baseline_s": base,
                "mutants": [asdict(m) for m in mutants],
            },
            indent=1,
        )
    )
    return mutants


def summary(path: Path, mutants: list[Mutant]) -> str:
    """One line: mutants, killed (incl. time-outs), survived, not covered, kill rate;
    with equivalent survivors marked, the kill rate of the others.
    """
    total = len(mutants)
    mutants = [m for m in mutants if m.status != "skipped"]
    n = len(mutants)
    k = sum(m.status in ("killed", "timeout") for m in mutants)
    s = sum(m.status == "survived" for m in mutants)
    u = sum(m.status == "uncovered" for m in mutants)
    e = sum(m.status == "equivalent" for m in mutants)
    rate = k / n if n else 1.0
    line = (
        f"{str(path.relative_to(ROOT)):32s} {n:4d} mutants {k:4d} killed {s:3d} survived "
        f"{u:3d} not covered  kill rate {rate:4.0%}"
    )
    if e:
        line += f"  {e:3d} equivalent; of the others {k / (n - e) if n > e else 1.0:4.0%}"
    if n < total:
        line += f" (a random sample of {n} of {total})"
    return line


def equivalent() -> dict[tuple[str, str, str], str]:
    """Surviving mutants judged equivalent (tools/mutants-equivalent.toml): why, by
    (module, change, source line), so that an edit elsewhere in the module keeps them.
    """
    path = ROOT / "tools" / "mutants-equivalent.toml"
    if not path.is_file():
        return {}
    rows = tomllib.loads(path.read_text()).get("equivalent", [])
    return {(r["module"], r["change"], r["source"]): r["why"] for r in rows}


def report(names: list[str]) -> int:
    """Print every survivor and the summary line of each module's last report.

    Survivors listed in tools/mutants-equivalent.toml are shown as ``equivalent`` and
    left out of the second kill rate (of the mutants that are not equivalent).
    """
    same = equivalent()
    lines = []
    for name in names:
        path = ROOT / name
        module = ".".join(path.with_suffix("").relative_to(ROOT).parts)
        file = OUT / f"{module}.json"
        if not file.is_file():
            lines.append(f"{name}: no report")
            continue
        mutants = [Mutant(**m) for m in json.loads(file.read_text())["mutants"]]
        for m in mutants:
            if m.status == "survived" and (name, m.change, m.source) in same:
                m.status = "equivalent"
            if m.status in ("survived", "uncovered", "equivalent"):
                print(f"{m.status:10s} #{m.id} {name}:{m.line} {m.change}: {m.source}")
        lines.append(summary(path, mutants))
    print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("modules", nargs="*", help="modules to mutate (default: all in the config)")
    ap.add_argument("--tests", nargs="+", help="test files to run (default: from the config)")
    ap.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    ap.add_argument("--sample", type=int, help="run only this many mutants per module, at random")
    ap.add_argument(
        "--rerun",
        action="store_true",
        help="run again the last report's survivors, time-outs and uncovered",
    )
    ap.add_argument(
        "--report", action="store_true", help="print the survivors and rates of the last reports"
    )
    args = ap.parse_args(argv)
    config = tomllib.loads(CONFIG.read_text())["modules"]
    names = args.modules or list(config)
    if args.report:
        return report(names)
    for name in names:
        if name not in config and not args.tests:
            sys.exit(f"{name}: not in {CONFIG.relative_to(ROOT)}; give --tests")
        if not (ROOT / name).is_file():
            sys.exit(f"{name}: no such module")
    # import the heavy libraries once, before forking (one BLAS thread: fork-safe)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # the children run pytest only; no thread of the parent's libraries is needed there
    warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
    os.chdir(ROOT)
    if args.list:
        for name in names:
            for m in mutants_of(ROOT / name):
                print(f"{name}:{m.line} #{m.id} {m.change}: {m.source}")
        return 0
    import mesa  # noqa: F401
    import networkx  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pytest  # noqa: F401
    import scipy.special  # noqa: F401

    lines = []
    for name in names:
        tests = args.tests or config[name]
        print(
            f"{name}: {len(mutants_of(ROOT / name))} mutants, tests {' '.join(tests)}", flush=True
        )
        path = ROOT / name
        lines.append(summary(path, run_module(path, tests, args.jobs, args.sample, args.rerun)))
        print(lines[-1], flush=True)
    if len(lines) > 1:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted: the module being run has no new report")
