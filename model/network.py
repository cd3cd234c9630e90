"""The social and market network, built with numpy and held as CSR arrays.

Two generators, both vectorised so that a million-node network builds in seconds:

* ``small_world``: the Watts-Strogatz construction (Watts and Strogatz 1998, Nature
  393:440): a ring lattice where every node links to its ``degree/2`` nearest
  neighbours on each side, then every edge's far end is rewired to a uniform node with
  probability ``rewiring``. Self-loops are redrawn and duplicate edges dropped, as in
  ``networkx.watts_strogatz_graph``.
* ``scale_free``: a Chung-Lu graph (Chung and Lu 2002, PNAS 99:15879) with expected
  degrees following a power law of exponent 2.5 and mean ``degree``: the degree
  distribution of a Barabasi-Albert graph without its sequential growth, which cannot
  be vectorised.

``to_networkx`` hands the graph to networkx for analysis and drawing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

#: Uniforms drawn per call when building a network (bounds temporary memory).
_CHUNK = 1 << 20


@dataclass
class Network:
    """An undirected graph in compressed sparse row form.

    Attributes:
        indptr: int64 array of length n+1; neighbours of i are indices[indptr[i]:indptr[i+1]].
        indices: int32 array of neighbour ids.

    """

    indptr: np.ndarray
    indices: np.ndarray

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.indptr) - 1

    @property
    def degree(self) -> np.ndarray:
        """Degree of every node."""
        return np.diff(self.indptr)

    @functools.cached_property
    def _draw_tables(self) -> tuple[np.ndarray, np.ndarray, bool]:
        """Degree, largest offset per node and whether every node has a neighbour.

        Cached because the graph is fixed and ``random_neighbour`` runs every period
        (int32: 8 bytes per node).
        """
        deg = self.degree
        return (
            deg.astype(np.int32),
            np.maximum(deg - 1, 0).astype(np.int32),
            bool((deg > 0).all()),
        )

    def random_neighbour(self, u: np.ndarray) -> np.ndarray:
        """One uniformly drawn neighbour per node, or -1 for isolated nodes.

        Args:
            u: Uniform numbers in [0, 1), one per node.

        Returns:
            int32 array of neighbour ids.

        """
        deg, last, connected = self._draw_tables
        offset = np.minimum((u * deg).astype(np.int64), last)
        offset += self.indptr[:-1]
        out = self.indices[np.minimum(offset, len(self.indices) - 1)]
        if connected:
            return out
        return np.where(deg > 0, out, -1).astype(np.int32)

    def to_networkx(self):  # noqa: ANN201 - networkx is an optional import
        """Return the graph as a ``networkx.Graph``."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(range(self.n))
        src = np.repeat(np.arange(self.n), self.degree)
        mask = src < self.indices
        g.add_edges_from(zip(src[mask].tolist(), self.indices[mask].tolist(), strict=True))
        return g


def _csr_from_edges(n: int, u: np.ndarray, v: np.ndarray) -> Network:
    """Symmetric CSR from an undirected edge list, dropping self-loops and duplicates.

    Neighbours of every node come out in increasing order. The construction avoids a
    sort of all ``2 m`` directed edges and keeps ids in int32, so that the peak memory
    of building a million-node network stays within the model's budget of 300 bytes per
    subject: edges are deduplicated on an int64 key sorted in place, the ``a < b`` half
    is placed by a prefix sum (it is already grouped by ``a``), and only the ``b`` half
    needs a stable argsort.
    """
    keep = u != v
    key = np.minimum(u, v)[keep].astype(np.int64)
    key *= n
    key += np.maximum(u, v)[keep]
    del keep
    key.sort()
    if len(key):
        distinct = np.empty(len(key), dtype=bool)
        distinct[0] = True
        np.not_equal(key[1:], key[:-1], out=distinct[1:])
        key = key[distinct]
        del distinct
    a = (key // n).astype(np.int32)  # smaller end, ascending (key order)
    b = (key % n).astype(np.int32)  # larger end, ascending within equal a
    del key
    m = len(a)
    cnt_a = np.bincount(a, minlength=n)
    cnt_b = np.bincount(b, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(cnt_a + cnt_b, out=indptr[1:])
    indices = np.empty(2 * m, dtype=np.int32)
    # Node x lists first its smaller neighbours (edges with b == x, ascending a), then
    # its larger ones (edges with a == x, ascending b).
    # Larger neighbours: entry j of key order goes to j + #{edges with b <= a_j}.
    pos = np.arange(m, dtype=np.int64)
    pos += np.cumsum(cnt_b)[a]
    indices[pos] = b
    # Smaller neighbours: entry k of the b-sorted order goes to k + #{edges with a < b_k}.
    order = np.argsort(b, kind="stable")  # stable: keeps ascending a within equal b
    b_sorted = b[order]
    a_sorted = a[order]
    del order, a, b
    pos[:] = np.arange(m, dtype=np.int64)
    pos += (np.cumsum(cnt_a) - cnt_a)[b_sorted]
    indices[pos] = a_sorted
    return Network(indptr=indptr, indices=indices)


def small_world(n: int, degree: int, rewiring: float, rng: np.random.Generator) -> Network:
    """Watts-Strogatz small-world network.

    Args:
        n: Number of nodes.
        degree: Even number of ring neighbours per node before rewiring.
        rewiring: Probability that an edge's far end is rewired.
        rng: Random stream.

    Returns:
        The network.

    """
    half = max(1, min(degree // 2, (n - 1) // 2))
    # int32 ids (n <= 5 million) and chunked uniforms keep the build's peak memory low;
    # drawing the uniforms in chunks yields the same numbers as one call.
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    dst = src + np.tile(np.arange(1, half + 1, dtype=np.int32), n)
    dst[dst >= n] -= n  # (src + k) % n, as src + k < 2 n
    rewire = np.empty(len(src), dtype=bool)
    for start in range(0, len(src), _CHUNK):
        stop = min(start + _CHUNK, len(src))
        np.less(rng.random(stop - start), rewiring, out=rewire[start:stop])
    new = rng.integers(0, n, size=int(rewire.sum()))
    # a rewired end that lands on its own node is redrawn once, then dropped if it
    # lands there again (rare: probability 1/n)
    self_loop = new == src[rewire]
    new[self_loop] = rng.integers(0, n, size=int(self_loop.sum()))
    dst[rewire] = new
    return _csr_from_edges(n, src, dst)


def scale_free(n: int, degree: int, rng: np.random.Generator, exponent: float = 2.5) -> Network:
    """Chung-Lu graph with power-law expected degrees.

    Args:
        n: Number of nodes.
        degree: Mean degree.
        rng: Random stream.
        exponent: Power-law exponent of the degree distribution.

    Returns:
        The network; isolated nodes are linked to one uniform node each.

    """
    ranks = np.arange(1, n + 1, dtype=np.float64)
    w = ranks ** (-1.0 / (exponent - 1.0))
    w /= w.sum()
    m = n * degree // 2
    u = rng.choice(n, size=m, p=w)
    v = rng.choice(n, size=m, p=w)
    # shuffle ids so that hubs are not the low ids (ids also fix kinds and regions)
    perm = rng.permutation(n)
    u, v = perm[u], perm[v]
    deg = np.bincount(np.concatenate([u, v]), minlength=n)
    lonely = np.flatnonzero(deg == 0)
    partner = rng.integers(0, n - 1, size=len(lonely))
    partner = partner + (partner >= lonely)  # never itself
    return _csr_from_edges(n, np.concatenate([u, lonely]), np.concatenate([v, partner]))


def build(kind: str, n: int, degree: int, rewiring: float, rng: np.random.Generator) -> Network:
    """Build the network named by ``kind`` ("small_world" or "scale_free")."""
    if kind == "small_world":
        return small_world(n, degree, rewiring, rng)
    if kind == "scale_free":
        return scale_free(n, degree, rng)
    raise ValueError(f"unknown network kind {kind!r}")
