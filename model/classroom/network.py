"""The network view's sample: a few hundred neighbouring subjects and a fixed layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: Nodes in the network view.
SAMPLE_SIZE = 300


def network_sample(
    model: CreditSystemModel, size: int = SAMPLE_SIZE, seed: int = 0
) -> dict[str, np.ndarray]:
    """A connected snowball sample of the network with a fixed layout.

    A breadth-first snowball from one subject keeps the local structure (clusters,
    hubs) that a uniform random sample of a sparse network loses: a uniform sample of
    300 out of 5,000 subjects with six neighbours each keeps almost no edges.

    Returns:
        ``{"nodes": ids, "edges": (k, 2) positions into nodes, "pos": (len(nodes), 2)}``.

    """
    import networkx as nx

    netw = model.mechanisms["interaction"].network
    indptr, indices = netw.indptr, netw.indices
    n = len(indptr) - 1
    size = min(size, n)
    start = int(np.random.default_rng(seed).integers(n))
    seen = {start}
    order = [start]
    frontier = [start]
    while frontier and len(order) < size:
        nxt = []
        for u in frontier:  # a few hundred nodes, once per model: not a per-step loop
            for v in indices[indptr[u] : indptr[u + 1]]:
                v = int(v)
                if v not in seen and len(order) < size:
                    seen.add(v)
                    order.append(v)
                    nxt.append(v)
        frontier = nxt
    nodes = np.array(order, dtype=np.int64)
    where = {v: i for i, v in enumerate(order)}
    edges = [
        (where[u], where[int(v)])
        for u in order
        for v in indices[indptr[u] : indptr[u + 1]]
        if int(v) in where and where[int(v)] > where[u]
    ]
    g = nx.Graph()
    g.add_nodes_from(range(len(nodes)))
    g.add_edges_from(edges)
    layout = nx.spring_layout(g, seed=seed, iterations=60)
    pos = np.array([layout[i] for i in range(len(nodes))])
    return {"nodes": nodes, "edges": np.array(edges, dtype=np.int64).reshape(-1, 2), "pos": pos}
