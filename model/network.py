"""The social and market network, built with numpy and held as CSR arrays.

Two generators, both vectorised so that a million-node network builds in seconds, and
both clustered by region: regions are contiguous blocks of node ids
(:func:`model.population.regions_of`), and a share ``cross_region`` of the ties link
a node to another region, the rest stay within its own (firms and persons deal mostly
locally; no source measures the share for this purpose, so it is a swept assumption):

* ``small_world``: the Watts-Strogatz construction (Watts and Strogatz 1998, Nature
  393:440) on the ring of ids: every node links to its ``degree/2`` nearest neighbours
  on each side (all in its own region but for the few ties at a block's edge); then
  each tie's far end is moved, with probability ``cross_region``, to a uniform node of
  another region, else with probability ``rewiring`` to a uniform node of its own
  region. Self-loops are redrawn once and duplicate ties dropped, as in
  ``networkx.watts_strogatz_graph``.
* ``scale_free``: a Chung-Lu graph (Chung and Lu 2002, PNAS 99:15879) with expected
  degrees following a power law of exponent 2.5 and mean ``degree`` (the degree
  distribution of a Barabasi-Albert graph without its sequential growth, which cannot
  be vectorised); each tie's second end is drawn by weight within the first end's
  region, or, with probability ``cross_region``, among the other regions.

``to_networkx`` hands the graph to networkx for analysis and drawing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

#: Uniforms drawn per call when building a network (bounds temporary memory).
_CHUNK = 1 << 20
#: Ties handled per pass when turning an edge list into CSR arrays (bounds temporaries).
_KEY_CHUNK = 1 << 16


@dataclass
class Network:
    """An undirected graph in compressed sparse row form.

    Attributes:
        indptr: Array of length n+1 (int32, int64 only for 2**31 entries or more); the
            neighbours of i are indices[indptr[i]:indptr[i+1]].
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
    def _draw_tables(self) -> tuple[np.ndarray, bool]:
        """Degree per node (int32: 4 bytes per node) and whether every node has a neighbour.

        Cached because the graph is fixed and ``random_neighbour`` runs every period.
        """
        deg = self.degree
        return deg.astype(np.int32), bool((deg > 0).all())

    def random_neighbour(self, u: np.ndarray) -> np.ndarray:
        """One uniformly drawn neighbour per node, or -1 for isolated nodes.

        Args:
            u: Uniform numbers in [0, 1), one per node.

        Returns:
            int32 array of neighbour ids.

        """
        deg, connected = self._draw_tables
        if not len(self.indices):  # no tie at all (the indexing below needs one entry)
            return np.full(self.n, -1, dtype=np.int32)
        # floor(u * deg) <= deg - 1 for every u < 1: the float64 product is rounded to the
        # nearest double, and deg lies more than half a spacing above the exact product
        # (exact itself when deg is a power of two), so no offset leaves a node's list
        offset = (u * deg).astype(np.int64)
        offset += self.indptr[:-1]
        # an isolated last node points past the end: read inside, replaced by -1 below
        np.minimum(offset, len(self.indices) - 1, out=offset)
        out = self.indices[offset]
        if connected:
            return out
        return np.where(deg > 0, out, -1).astype(np.int32)

    def neighbour_counts(self, codes: np.ndarray, k: int, block: int = 1 << 14) -> np.ndarray:
        """How many of each node's neighbours carry each code.

        Args:
            codes: Integer code of every node, in ``0 .. k - 1``.
            k: Number of codes.
            block: Nodes per block (bounds the temporaries: one int64 per tie of a block,
                not of the whole graph).

        Returns:
            (n, k) int64 counts (exact; one pass over the edges, no floating point).

        """
        n = self.n
        out = np.empty((n, k), dtype=np.int64)
        for lo in range(0, n, block):
            hi = min(lo + block, n)
            a, b = self.indptr[lo], self.indptr[hi]
            owner = np.repeat(np.arange(hi - lo, dtype=np.int64), np.diff(self.indptr[lo : hi + 1]))
            key = owner * k + codes[self.indices[a:b]]
            out[lo:hi] = np.bincount(key, minlength=(hi - lo) * k).reshape(hi - lo, k)
        return out

    def neighbours_of(self, idx: np.ndarray) -> np.ndarray:
        """The neighbours of the nodes ``idx``, one entry per tie (a node appears once for
        each of them it neighbours).

        The graph is undirected (every tie is listed at both ends), so
        ``np.bincount(neighbours_of(idx))`` counts each node's neighbours among ``idx``
        in time proportional to their ties, not to the whole graph: for a few marked
        nodes this replaces :meth:`neighbour_counts`.

        Args:
            idx: Distinct node ids.

        Returns:
            int32 node ids.

        """
        start = self.indptr[idx]
        deg = self.indptr[np.asarray(idx) + 1] - start
        # position of each tie in ``indices``: its row's start plus its place in the row
        first = np.cumsum(deg) - deg
        pos = np.arange(int(deg.sum()), dtype=np.int64) + np.repeat(start - first, deg)
        return self.indices[pos]

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

    Neighbours of every node come out in increasing order. See :func:`_tie_keys` and
    :func:`_csr_from_keys`; a generator calls them itself, so that it can free its edge
    list between the two.
    """
    return _csr_from_keys(n, _tie_keys(n, u, v))


def _tie_keys(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The distinct ties of an edge list as sorted int64 keys ``min * n + max``.

    Self-loops and duplicates are dropped. Keys are computed, and duplicates squeezed
    out, in chunks in place, so that no temporary of the edge list's length is needed
    beside the keys (the peak memory of building a million-node network stays within the
    model's budget of 300 bytes per subject). The result may be a view of a longer array.
    """
    m = len(u)
    loop = np.int64(n) * n  # above every key of a tie: sorts self-loops to the end
    key = np.empty(m, dtype=np.int64)
    for lo in range(0, m, _KEY_CHUNK):
        hi = min(lo + _KEY_CHUNK, m)
        a, b = u[lo:hi], v[lo:hi]
        k = key[lo:hi]
        np.minimum(a, b, out=k)
        k *= n
        k += np.maximum(a, b)
        k[a == b] = loop
    key.sort()  # in place (introsort): keys are unique up to duplicates, order is total
    key = key[: np.searchsorted(key, loop)]
    # squeeze out duplicates: every chunk's distinct keys move forward to position kept
    kept, last = 0, np.int64(-1)
    for lo in range(0, len(key), _KEY_CHUNK):
        chunk = key[lo : lo + _KEY_CHUNK]
        distinct = np.empty(len(chunk), dtype=bool)
        distinct[0] = chunk[0] != last
        np.not_equal(chunk[1:], chunk[:-1], out=distinct[1:])
        last = chunk[-1]  # read before the chunk's start may be overwritten below
        new = chunk[distinct]  # a copy: kept <= lo, so writing it never clobbers unread keys
        key[kept : kept + len(new)] = new
        kept += len(new)
    return key[:kept]


def _end_counts(n: int, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many ties of sorted keys ``a * n + b`` have each node as ``a``, and as ``b``."""
    cnt_a = np.zeros(n, dtype=np.int64)
    cnt_b = np.zeros(n, dtype=np.int64)
    for lo in range(0, len(key), _CHUNK):  # larger chunks: each bincount has n entries
        a, b = np.divmod(key[lo : lo + _CHUNK], n)
        cnt_a += np.bincount(a, minlength=n)
        cnt_b += np.bincount(b, minlength=n)
    return cnt_a, cnt_b


def _csr_from_keys(n: int, key: np.ndarray) -> Network:
    """Symmetric CSR from sorted distinct tie keys ``a * n + b`` with ``a < b``.

    Node x lists first its smaller neighbours (ties with b == x, in ascending a), then its
    larger ones (ties with a == x, in ascending b): increasing order. Both halves are
    placed chunk by chunk of the keys (a counting sort), so that besides the keys and the
    CSR arrays only per-node counters of n entries are held.
    """
    cnt_a, cnt_b = _end_counts(n, key)
    # int32 offsets while they fit (4 bytes per node kept for the whole run)
    indptr = np.zeros(n + 1, dtype=np.int32 if 2 * len(key) < 2**31 else np.int64)
    np.cumsum(cnt_a + cnt_b, out=indptr[1:])
    indices = np.empty(2 * len(key), dtype=np.int32)
    # Larger neighbours: tie j of key order goes to j + #{ties with b <= a_j}
    # (key order is grouped by a, so the ties before j with a smaller a come first).
    before = np.cumsum(cnt_b)
    for lo in range(0, len(key), _KEY_CHUNK):
        a, b = np.divmod(key[lo : lo + _KEY_CHUNK], n)
        indices[before[a] + np.arange(lo, lo + len(a))] = b
    # Smaller neighbours: tie (a, b) goes to indptr[b] + the number of ties (a', b) with
    # a' < a, i.e. before it in key order: a stable counting sort by b, chunk by chunk,
    # with next_free[x] the next free slot in x's list of smaller neighbours.
    del before, cnt_b
    next_free = indptr[:-1].copy()
    for lo in range(0, len(key), _KEY_CHUNK):
        a, b = np.divmod(key[lo : lo + _KEY_CHUNK], n)
        order = np.argsort(b, kind="stable")  # stable: keeps ascending a within equal b
        b_sorted = b[order]
        first = np.empty(len(b_sorted), dtype=bool)
        first[:1] = True
        np.not_equal(b_sorted[1:], b_sorted[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        # rank within the run of equal b, in the sorted chunk
        rank = np.arange(len(b_sorted)) - np.repeat(starts, np.diff(starts, append=len(b_sorted)))
        indices[next_free[b_sorted] + rank] = a[order]
        next_free[b_sorted[starts]] += np.diff(starts, append=len(b_sorted))
    return Network(indptr=indptr, indices=indices)


def _region_blocks(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First id and size of each region's block of ids (regions are contiguous)."""
    n_regions = int(region[-1]) + 1 if len(region) else 0
    start = np.searchsorted(region, np.arange(n_regions)).astype(np.int64)
    size = np.diff(np.append(start, len(region)))
    return start, size


def _other_region_node(r: np.ndarray, v: np.ndarray, start: np.ndarray, size: np.ndarray):
    """A uniform node outside region ``r`` for uniforms ``v`` (ids skip r's block)."""
    n = int(start[-1] + size[-1])
    k = (v * (n - size[r])).astype(np.int64)
    return k + size[r] * (k >= start[r])


def small_world(
    n: int,
    degree: int,
    rewiring: float,
    rng: np.random.Generator,
    region: np.ndarray | None = None,
    cross_region: float = 0.0,
) -> Network:
    """Watts-Strogatz small-world network, clustered by region.

    Args:
        n: Number of nodes.
        degree: Even number of ring neighbours per node before rewiring.
        rewiring: Probability that a tie kept in its region is rewired within it.
        rng: Random stream.
        region: Region of each node (contiguous blocks); None for one region.
        cross_region: Probability that a tie's far end moves to another region.

    Returns:
        The network.

    """
    if region is None:
        region = np.zeros(n, dtype=np.int16)
    start, size = _region_blocks(region)
    if len(start) < 2:
        cross_region = 0.0  # no other region to link to
    half = max(1, min(degree // 2, (n - 1) // 2))
    # int32 ids (n <= 5 million) and chunked uniforms keep the build's peak memory low;
    # drawing the uniforms in chunks yields the same numbers as one call.
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    dst = np.tile(np.arange(1, half + 1, dtype=np.int32), n)
    dst += src
    dst[dst >= n] -= n  # (src + k) % n, as src + k < 2 n
    # 0: tie kept, 1: rewired within the region, 2: moved to another region
    move = np.zeros(len(src), dtype=np.int8)
    local_cut = cross_region + (1.0 - cross_region) * rewiring
    for lo in range(0, len(src), _CHUNK):
        hi = min(lo + _CHUNK, len(src))
        u = rng.random(hi - lo)
        move[lo:hi] = (u < local_cut).astype(np.int8) + (u < cross_region)
        del u
    local = np.flatnonzero(move == 1)
    r = region[src[local]]
    new = start[r] + (rng.random(len(local)) * size[r]).astype(np.int64)
    # a rewired end that lands on its own node is redrawn once, then dropped if it
    # lands there again (rare: probability 1 / region size)
    loop = np.flatnonzero(new == src[local])
    new[loop] = start[r[loop]] + (rng.random(len(loop)) * size[r[loop]]).astype(np.int64)
    dst[local] = new
    far = np.flatnonzero(move == 2)
    dst[far] = _other_region_node(region[src[far]], rng.random(len(far)), start, size)
    key = _tie_keys(n, src, dst)
    del src, dst, move, local, r, new, loop, far  # free the edge list before the CSR
    return _csr_from_keys(n, key)


def scale_free(
    n: int,
    degree: int,
    rng: np.random.Generator,
    exponent: float = 2.5,
    region: np.ndarray | None = None,
    cross_region: float = 0.0,
) -> Network:
    """Chung-Lu graph with power-law expected degrees, clustered by region.

    Args:
        n: Number of nodes.
        degree: Mean degree.
        rng: Random stream.
        exponent: Power-law exponent of the degree distribution.
        region: Region of each node (contiguous blocks); None for one region.
        cross_region: Probability that a tie's second end lies in another region.

    Returns:
        The network; isolated nodes are linked to one uniform node of their region.

    """
    if region is None:
        region = np.zeros(n, dtype=np.int16)
    start, size = _region_blocks(region)
    if len(start) < 2:
        cross_region = 0.0
    ranks = np.arange(1, n + 1, dtype=np.float64)
    w_rank = ranks ** (-1.0 / (exponent - 1.0))
    # weights are dealt to ids at random, so hubs are spread over regions and kinds
    w = w_rank[rng.permutation(n)]
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cw /= cw[-1]
    m = n * degree // 2

    def pick(lo: np.ndarray, width: np.ndarray) -> np.ndarray:
        """Nodes drawn by weight from the cumulative-weight interval [lo, lo + width)."""
        x = lo + rng.random(len(lo)) * width
        return np.minimum(np.searchsorted(cw, x, side="right") - 1, n - 1)

    u = pick(np.zeros(m), np.ones(m))
    r = region[u].astype(np.int64)
    r_lo, r_hi = cw[start], cw[start + size]
    cross = rng.random(m) < cross_region
    v = np.empty(m, dtype=np.int64)
    own = ~cross
    v[own] = pick(r_lo[r[own]], (r_hi - r_lo)[r[own]])
    # another region: a weight position outside the region's interval, skipping it
    rc = r[cross]
    x = rng.random(len(rc)) * (1.0 - (r_hi - r_lo)[rc])
    x += (x >= r_lo[rc]) * (r_hi - r_lo)[rc]
    v[cross] = np.minimum(np.searchsorted(cw, x, side="right") - 1, n - 1)
    tie = u != v  # a self-loop is dropped: it gives its node no neighbour
    deg = np.bincount(np.concatenate([u[tie], v[tie]]), minlength=n)
    lonely = np.flatnonzero(deg == 0)
    lr = region[lonely]
    partner = start[lr] + (rng.random(len(lonely)) * (size[lr] - 1)).astype(np.int64)
    partner = partner + (partner >= lonely)  # never itself
    partner = np.minimum(partner, start[lr] + size[lr] - 1)
    return _csr_from_edges(n, np.concatenate([u, lonely]), np.concatenate([v, partner]))


def build(
    kind: str,
    n: int,
    degree: int,
    rewiring: float,
    rng: np.random.Generator,
    region: np.ndarray | None = None,
    cross_region: float = 0.0,
) -> Network:
    """Build the network named by ``kind`` ("small_world" or "scale_free")."""
    if kind == "small_world":
        return small_world(n, degree, rewiring, rng, region, cross_region)
    if kind == "scale_free":
        return scale_free(n, degree, rng, region=region, cross_region=cross_region)
    raise ValueError(f"unknown network kind {kind!r}")


def same_region_share(network: Network, region: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """Share of each node's neighbours that live in its own region.

    A partner is a uniformly drawn neighbour, so this is the chance that a partner is of
    the node's own region.

    Args:
        network: The graph.
        region: Region of each node.
        block: Nodes per block (bounds the temporaries).

    Returns:
        float32 share per node (0 for a node without neighbours).

    """
    n = len(region)
    out = np.zeros(n, dtype=np.float32)
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        a, b = network.indptr[lo], network.indptr[hi]
        deg = np.diff(network.indptr[lo : hi + 1])
        own = np.repeat(region[lo:hi], deg)
        same = np.bincount(
            np.repeat(np.arange(hi - lo), deg),
            weights=region[network.indices[a:b]] == own,
            minlength=hi - lo,
        ).astype(np.float64, copy=False)  # bincount of no tie at all gives int64 zeros
        np.divide(same, deg, out=same, where=deg > 0)
        out[lo:hi] = same
    return out
