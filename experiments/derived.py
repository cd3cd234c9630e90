"""Derived outcomes: arithmetic over outcome columns, computed per period.

A spec's ``[outputs.derived]`` table maps a new column name to an expression, e.g.
``wrongly_listed = "blacklisted_share * wrongful_listing_share"``. Expressions are
parsed with :mod:`ast` and only this small language is accepted (anything else is an
error when the spec is read, before any run):

* names of outcome columns, and of derived outcomes defined *above* in the same table;
* numbers (``0.5``, ``1e-3``);
* ``+ - * / **``, unary ``-`` and ``+``, parentheses;
* comparisons ``< <= > >= == !=`` (1.0 where true, 0.0 where false);
* the functions ``abs(x)``, ``sqrt(x)``, ``log(x)``, ``exp(x)``, ``min(x, y)``,
  ``max(x, y)`` (elementwise) and ``where(condition, x, y)``.

Evaluation is elementwise over float64 columns with IEEE semantics: ``0 / 0`` and a NaN
input give NaN, ``1 / 0`` gives inf; no Python code is ever executed.
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable, Iterable, Mapping

import numpy as np

#: Longest accepted expression (characters): a formula, not a program.
MAX_LENGTH = 500

_BINARY: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_COMPARE: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
#: name -> (number of arguments, function)
FUNCTIONS: dict[str, tuple[int, Callable[..., np.ndarray]]] = {
    "abs": (1, np.abs),
    "sqrt": (1, np.sqrt),
    "log": (1, np.log),
    "exp": (1, np.exp),
    "min": (2, np.minimum),
    "max": (2, np.maximum),
    "where": (3, lambda c, a, b: np.where(c != 0, a, b)),
}
_SYMBOL = {
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
}


class DerivedError(ValueError):
    """An expression outside the accepted language (one-line message)."""


def parse(expression: str, names: Iterable[str]) -> ast.Expression:
    """Parse and check an expression; raise DerivedError naming the first problem.

    Args:
        expression: The formula.
        names: Column names it may use.

    Returns:
        The checked syntax tree (pass it to :func:`evaluate`).

    """
    if not isinstance(expression, str) or not expression.strip():
        raise DerivedError("an expression must be a non-empty string")
    if len(expression) > MAX_LENGTH:
        raise DerivedError(f"expression is {len(expression)} characters; at most {MAX_LENGTH}")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise DerivedError(f"not a valid expression ({exc.msg})") from None
    except (ValueError, RecursionError, MemoryError):
        raise DerivedError("not a valid expression (too deeply nested)") from None
    known = set(names)
    try:
        _check(tree.body, known)
    except RecursionError:
        raise DerivedError("expression is too deeply nested") from None
    return tree


def _check(node: ast.AST, known: set[str]) -> None:
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            sym = _SYMBOL.get(type(node.op), type(node.op).__name__)
            raise DerivedError(f"operator {sym!r} is not allowed; use + - * / **")
        _check(node.left, known)
        _check(node.right, known)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise DerivedError(f"operator {type(node.op).__name__} is not allowed; use - or +")
        _check(node.operand, known)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise DerivedError(f"comparison {type(op).__name__} is not allowed")
        for sub in (node.left, *node.comparators):
            _check(sub, known)
    elif isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            raise DerivedError(
                f"function {ast.unparse(node.func)!r} is not allowed; one of {sorted(FUNCTIONS)}"
            )
        nargs = FUNCTIONS[name][0]
        if node.keywords or len(node.args) != nargs:
            raise DerivedError(f"{name}() takes {nargs} positional argument(s)")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise DerivedError(f"{name}() takes plain arguments, not *args")
            _check(arg, known)
    elif isinstance(node, ast.Name):
        if node.id not in known:
            close = difflib.get_close_matches(node.id, sorted(known), n=1, cutoff=0.7)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DerivedError(
                f"{node.id!r} is not an outcome column or an earlier derived outcome{hint}"
            )
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise DerivedError(f"only numbers are allowed as constants, got {node.value!r}")
    else:
        raise DerivedError(f"{ast.unparse(node)!r} is not allowed in an expression")


def columns_used(tree: ast.Expression) -> set[str]:
    """Names of the columns an expression reads."""
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in calls}


def evaluate(tree: ast.Expression, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """Evaluate a checked expression elementwise; returns ``n`` float64 values."""
    with np.errstate(all="ignore"):
        out = _eval(tree.body, columns)
        return np.broadcast_to(np.asarray(out, dtype=np.float64), (n,)).copy()


def _eval(node: ast.AST, cols: Mapping[str, np.ndarray]) -> np.ndarray:
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, cols), _eval(node.right, cols))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, cols)
        return np.negative(value) if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Compare):
        result = None
        left = _eval(node.left, cols)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, cols)
            part = _COMPARE[type(op)](left, right)
            result = part if result is None else np.logical_and(result, part)
            left = right
        return np.asarray(result, dtype=np.float64)
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id][1](*(_eval(a, cols) for a in node.args))
    if isinstance(node, ast.Name):
        return np.asarray(cols[node.id], dtype=np.float64)
    return np.float64(node.value)  # a checked numeric constant
