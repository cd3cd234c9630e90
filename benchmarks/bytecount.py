"""Count the bytes that numpy calls move, per subject and period.

Method. Every array the period touches is made an instance of :class:`Counted`, a
subclass of ``numpy.ndarray`` whose ``__array_ufunc__`` and ``__array_function__``
hooks see every ufunc call (operators, in-place operators, reductions, ``where=``
masks) and every numpy function (``np.where``, ``np.bincount``, ``np.flatnonzero``,
sorts, ...) with a counted operand; indexing (``__getitem__``, ``__setitem__``),
``astype``, ``copy`` and ``fill`` are counted too, as are the arrays created by
``np.zeros``/``np.full``/``np.arange``/... (patched for the duration of the count) and
the numbers drawn by every random stream (a counting proxy). The hooks unwrap their
operands before calling numpy, so nothing is counted twice, and wrap the results, so
temporaries stay counted.

What a call counts: the bytes of every array operand it reads plus the bytes of every
array it writes, each once (``a + b`` into a new array of n float64 counts 24 n; ``a +=
b`` counts 24 n too: a and b read, a written). A gather ``x[idx]`` counts the index, the
gathered values read and the result written; a scatter ``x[idx] = v`` the index, ``v``
and the values written. A result that is a view of an operand (slicing, ``reshape``,
``broadcast_to``) moves nothing and counts nothing. This is a count of operand bytes,
the traffic the calls would cause if each streamed its operands once: a lower bound
where a call passes over its data more than once (a sort) or where a gather touches a
cache line for one value. Compiled kernels (numba) are counted the same way, by their
array arguments and results (:func:`count_kernel`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

_np = np.ndarray


class Tally:
    """Bytes and calls counted so far."""

    def __init__(self) -> None:
        self.bytes = 0
        self.calls = 0
        self.by_name: dict[str, int] = {}

    def add(self, name: str, nbytes: int) -> None:
        """Count one call that moved ``nbytes``."""
        self.bytes += int(nbytes)
        self.calls += 1
        self.by_name[name] = self.by_name.get(name, 0) + int(nbytes)


#: The tally of the current count (None: not counting).
TALLY: Tally | None = None
#: Depth of hooks in progress: numpy's own Python code, called from a hook, may create
#: arrays with the patched creators; those inner calls are neither counted nor wrapped.
_DEPTH = 0


@contextlib.contextmanager
def _inside() -> Iterator[None]:
    global _DEPTH
    _DEPTH += 1
    try:
        yield
    finally:
        _DEPTH -= 1


def _plain(x: Any) -> Any:
    """Unwrap Counted arrays (recursively in tuples and lists)."""
    if isinstance(x, Counted):
        return x.view(_np)
    if isinstance(x, tuple):
        return tuple(_plain(v) for v in x)
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _arrays(x: Any) -> Iterator[np.ndarray]:
    """Every ndarray in an argument (recursively in tuples, lists and dicts)."""
    if isinstance(x, np.ndarray):
        yield x
    elif isinstance(x, tuple | list):
        for v in x:
            yield from _arrays(v)
    elif isinstance(x, dict):
        for v in x.values():
            yield from _arrays(v)


def _wrap(x: Any) -> Any:
    """Make ndarray results Counted (recursively in tuples and lists)."""
    if type(x) is _np:
        return x.view(Counted)
    if isinstance(x, tuple):
        return tuple(_wrap(v) for v in x)
    if isinstance(x, list):
        return [_wrap(v) for v in x]
    return x


def _is_view(result: np.ndarray, operands: list[np.ndarray]) -> bool:
    return any(np.may_share_memory(result, a) for a in operands)


def _add(name: str, nbytes: int) -> None:
    if TALLY is not None:
        TALLY.add(name, nbytes)


class Counted(np.ndarray):
    """An ndarray whose numpy calls are counted in :data:`TALLY`."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):  # noqa: ANN001, ANN204
        """Run the ufunc on plain arrays; count operands read and results written."""
        ins = [_plain(x) for x in inputs]
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(_plain(o) for o in out)
        if isinstance(kwargs.get("where"), Counted):
            kwargs["where"] = kwargs["where"].view(_np)
        with _inside():
            res = getattr(ufunc, method)(*ins, **kwargs)
        read = sum(a.nbytes for a in _arrays(ins))
        where = kwargs.get("where")
        if isinstance(where, np.ndarray):
            read += where.nbytes
        if method == "at":
            # ufunc.at(a, idx, b): a read and written at idx
            idx = ins[1]
            k = np.size(idx)
            _add(f"{ufunc.__name__}.at", read - ins[0].nbytes + 2 * k * ins[0].itemsize)
            return None
        written = sum(a.nbytes for a in _arrays(res if out is None else kwargs["out"]))
        _add(f"{ufunc.__name__}.{method}", read + written)
        if out is not None:
            # return the caller's own (possibly Counted) output arrays
            return out[0] if len(out) == 1 else out
        return _wrap(res)

    def __array_function__(self, func, types, args, kwargs):  # noqa: ANN001, ANN204
        """Run the numpy function on plain arrays; count operands and results."""
        pargs, pkw = _plain(args), {k: _plain(v) for k, v in kwargs.items()}
        with _inside():
            res = func(*pargs, **pkw)
            out = pkw.pop("out", None)
            operands = list(_arrays(pargs)) + list(_arrays(pkw))
            results = list(_arrays(res)) if out is None else list(_arrays(out))
            fresh = [r for r in results if out is not None or not _is_view(r, operands)]
        if out is None and not fresh and results:
            return _wrap(res)  # a view: nothing moved
        _add(func.__name__, sum(a.nbytes for a in operands) + sum(r.nbytes for r in fresh))
        if out is not None:
            return kwargs["out"] if res is out else _wrap(res)
        return _wrap(res)

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        """Basic slicing is a view (free); fancy and boolean indexing copy (counted)."""
        res = _np.__getitem__(self.view(_np), _plain(key))
        idx = list(_arrays(key if isinstance(key, tuple) else (key,)))
        if not isinstance(res, np.ndarray):
            return res
        if idx:
            _add("getitem", sum(a.nbytes for a in idx) + 2 * res.nbytes)
        return _wrap(res)

    def __setitem__(self, key, value) -> None:  # noqa: ANN001
        """Count the index, the values read and the values written."""
        plain = self.view(_np)
        pkey, pval = _plain(key), _plain(value)
        _np.__setitem__(plain, pkey, pval)
        idx = list(_arrays(pkey if isinstance(pkey, tuple) else (pkey,)))
        target = _np.__getitem__(plain, pkey) if not idx else None
        if idx:
            sel = np.broadcast_shapes(*(np.shape(a) for a in idx))
            size = int(np.prod(sel)) if len(idx) > 1 or idx[0].dtype != bool else None
            if size is None:
                size = int(np.count_nonzero(idx[0]))
            written = size * self.itemsize
        else:
            written = np.size(target) * self.itemsize
        read = sum(a.nbytes for a in idx) + (pval.nbytes if isinstance(pval, np.ndarray) else 0)
        _add("setitem", read + written)

    def astype(self, dtype, *args, **kwargs):  # noqa: ANN001, ANN201, D102
        res = _np.astype(self.view(_np), dtype, *args, **kwargs)
        if not np.may_share_memory(res, self.view(_np)):
            _add("astype", self.nbytes + res.nbytes)
        return _wrap(res)

    def copy(self, *args, **kwargs):  # noqa: ANN201, D102
        res = _np.copy(self.view(_np), *args, **kwargs)
        _add("copy", 2 * self.nbytes)
        return _wrap(res)

    def fill(self, value) -> None:  # noqa: ANN001, D102
        _np.fill(self.view(_np), value)
        _add("fill", self.nbytes)


class CountingGenerator:
    """A numpy Generator whose draws are counted (the bytes of the numbers drawn)."""

    def __init__(self, gen: np.random.Generator) -> None:
        self._gen = gen

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._gen, name)
        if not callable(attr):
            return attr

        def draw(*args: Any, **kwargs: Any) -> Any:
            with _inside():
                res = attr(*_plain(args), **{k: _plain(v) for k, v in kwargs.items()})
            if isinstance(res, np.ndarray):
                _add(f"random.{name}", res.nbytes)
                return _wrap(res)
            return res

        return draw


_CREATORS = ("zeros", "ones", "full", "empty", "arange", "zeros_like", "ones_like")
_CREATORS += ("full_like", "empty_like", "asarray", "asanyarray", "array", "ascontiguousarray")


@contextlib.contextmanager
def creators_counted() -> Iterator[None]:
    """Patch numpy's array creators so that new arrays are Counted (and writes counted)."""
    saved = {name: getattr(np, name) for name in _CREATORS}

    def make(name: str, fn: Any) -> Any:
        def create(*args: Any, **kwargs: Any) -> Any:
            if _DEPTH:
                return fn(*args, **kwargs)
            pargs = _plain(args)
            with _inside():
                res = fn(*pargs, **{k: _plain(v) for k, v in kwargs.items()})
            if not isinstance(res, np.ndarray):
                return res
            src = list(_arrays(pargs))
            if name in ("asarray", "asanyarray", "ascontiguousarray", "array"):
                if src and not np.may_share_memory(res, src[0]):
                    _add(name, src[0].nbytes + res.nbytes)
            elif not name.startswith("empty"):
                _add(name, res.nbytes)
            return _wrap(res)

        return create

    for name, fn in saved.items():
        setattr(np, name, make(name, fn))
    try:
        yield
    finally:
        for name, fn in saved.items():
            setattr(np, name, fn)


@contextlib.contextmanager
def counting() -> Iterator[Tally]:
    """Count numpy traffic within the block; yields the tally."""
    global TALLY
    TALLY = Tally()
    try:
        with creators_counted():
            yield TALLY
    finally:
        TALLY = None


def count_kernel(name: str, args: tuple, result: Any, written: tuple = ()) -> None:
    """Count a compiled kernel's call by its array arguments and results.

    Every argument counts as read once whole; an argument in ``written`` (updated in place)
    counts again, as written, as ``a += b`` counts ``a`` twice; a new result counts as
    written. What a kernel reads or writes at a few places of a large array counts whole
    (a bound above); what it gathers at random counts once per element (a bound below, as
    for numpy's gathers).
    """
    # plain arrays: the view check on Counted ones would itself be counted
    arrays = list(_arrays(_plain(args)))
    outs = [r for r in _arrays(_plain(result)) if not _is_view(r, arrays)]
    moved = sum(a.nbytes for a in arrays) + sum(r.nbytes for r in outs)
    _add(name, moved + sum(a.nbytes for a in _arrays(written)))


def counted(obj: Any, depth: int = 3) -> None:
    """Make every ndarray and random stream held by ``obj`` counted.

    Replaces ndarray attributes (also inside dicts and tuples) by Counted views and
    Generators by counting proxies, in ``obj`` and, ``depth`` levels down, in the
    attributes that are objects of this project (modules ``model.*`` and ``benchmarks.*``).
    """
    seen: set[int] = set()

    def convert(v: Any, d: int) -> Any:
        if type(v) is _np:
            return v.view(Counted)
        if isinstance(v, np.random.Generator):
            return CountingGenerator(v)
        if isinstance(v, tuple) and any(type(x) is _np for x in v):
            return tuple(convert(x, d) for x in v)
        if isinstance(v, dict):
            for k, x in list(v.items()):
                v[k] = convert(x, d)
            return v
        if isinstance(v, list):
            for i, x in enumerate(v):
                v[i] = convert(x, d)
            return v
        mod = type(v).__module__ or ""
        if mod.startswith(("model.", "benchmarks.")):
            visit(v, d - 1)
        return v

    def visit(o: Any, d: int) -> None:
        if id(o) in seen or d < 0:
            return
        seen.add(id(o))
        attrs = getattr(o, "__dict__", None)
        if attrs is None:
            return
        for k, v in list(attrs.items()):
            attrs[k] = convert(v, d)

    visit(obj, depth)
