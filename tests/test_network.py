"""The network: CSR storage, neighbour draws and the two generators, by hand.

Small graphs whose neighbour lists are written out, and the two generators replayed
from a copy of their random stream with plain Python loops that follow the construction
stated in model/network.py's docstring (Watts-Strogatz on the ring, clustered by region;
Chung-Lu with power-law weights, clustered by region), not the module's array code.
"""

import math

import numpy as np
import pytest

from model import CreditSystemModel
from model import network as net
from model.network import Network
from model.population import regions_of


def graph(rows: list[list[int]]) -> Network:
    """A Network from neighbour lists written out by hand."""
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    return Network(indptr=indptr, indices=indices)


def rows_of(g: Network) -> list[list[int]]:
    return [g.indices[g.indptr[i] : g.indptr[i + 1]].tolist() for i in range(g.n)]


def edge_set(g: Network) -> set[tuple[int, int]]:
    return {(min(i, j), max(i, j)) for i, row in enumerate(rows_of(g)) for j in row}


# --- storage and draws -----------------------------------------------------------------


def test_csr_from_edges_drops_self_loops_and_duplicates_and_sorts_neighbours():
    # (0, 1) three times in both orientations, a self-loop at 2, node 5 without a tie
    u = np.array([0, 1, 2, 3, 0, 0, 4, 3], dtype=np.int32)
    v = np.array([1, 0, 2, 1, 3, 1, 1, 4], dtype=np.int32)
    g = net._csr_from_edges(6, u, v)
    assert g.n == 6
    assert rows_of(g) == [[1, 3], [0, 3, 4], [], [0, 1, 4], [1, 3], []]
    assert g.degree.tolist() == [2, 3, 0, 3, 2, 0]
    assert g.indptr.tolist() == [0, 2, 5, 5, 8, 10, 10]


def test_csr_from_edges_keeps_the_first_edge_of_the_sorted_list():
    # the smallest edge (0, 1) appears once, the next (0, 2) twice
    u = np.array([0, 2, 0, 1], dtype=np.int32)
    v = np.array([2, 0, 1, 2], dtype=np.int32)
    assert rows_of(net._csr_from_edges(3, u, v)) == [[1, 2], [0, 2], [0, 1]]


def csr_by_hand(n: int, u: list[int], v: list[int]) -> list[list[int]]:
    """Neighbour lists of an edge list, self-loops and duplicates dropped, with sets."""
    ties = {(min(a, b), max(a, b)) for a, b in zip(u, v, strict=True) if a != b}
    rows: list[set[int]] = [set() for _ in range(n)]
    for a, b in ties:
        rows[a].add(b)
        rows[b].add(a)
    return [sorted(r) for r in rows]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 16])
def test_csr_built_in_chunks_of_any_size_is_the_one_by_hand(monkeypatch, chunk):
    # chunk boundaries fall inside runs of duplicates, of equal smaller ends and of equal
    # larger ends: the keys are squeezed and both halves placed chunk by chunk
    monkeypatch.setattr(net, "_KEY_CHUNK", chunk)
    u = [0, 1, 2, 3, 0, 0, 4, 3, 4, 4, 1, 0, 2, 2]
    v = [1, 0, 2, 1, 3, 1, 1, 4, 3, 3, 4, 4, 4, 4]
    g = net._csr_from_edges(6, np.array(u, dtype=np.int32), np.array(v, dtype=np.int32))
    assert rows_of(g) == [[1, 3, 4], [0, 3, 4], [4], [0, 1, 4], [0, 1, 2, 3], []]
    assert rows_of(g) == csr_by_hand(6, u, v)
    assert g.indptr.dtype == g.indices.dtype == np.int32


@pytest.mark.parametrize("chunk", [1, 4, 7, 1 << 16])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_csr_of_a_random_edge_list_with_many_duplicates_is_the_one_by_hand(
    monkeypatch, chunk, seed
):
    monkeypatch.setattr(net, "_KEY_CHUNK", chunk)
    rng = np.random.default_rng(seed)
    n = 12
    u = rng.integers(0, n, 60)
    v = np.where(rng.random(60) < 0.2, u, rng.integers(0, n, 60))  # a fifth self-loops
    g = net._csr_from_edges(n, u, v)  # int64 ends, as the scale-free generator passes
    assert rows_of(g) == csr_by_hand(n, u.tolist(), v.tolist())
    assert g.indptr.tolist() == np.cumsum([0] + [len(r) for r in rows_of(g)]).tolist()


def test_csr_of_self_loops_only_is_a_graph_of_isolated_nodes():
    g = net._csr_from_edges(3, np.array([0, 2, 2]), np.array([0, 2, 2]))
    assert g.indptr.tolist() == [0, 0, 0, 0] and len(g.indices) == 0


STAR = [[1, 2, 3], [0], [], [0, 4], [3], []]  # node 2 and the last node 5 isolated


@pytest.mark.parametrize(
    "u,expected",
    [
        # offset floor(u * degree) into the node's sorted neighbours
        ([0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1, 0, -1, 0, 3, -1]),
        ([0.34, 0.5, 0.5, 0.5, 0.5, 0.5], [2, 0, -1, 4, 3, -1]),
        ([0.999999, 0.999999, 0.999999, 0.49, 0.999999, 0.999999], [3, 0, -1, 0, 3, -1]),
        ([0.67, 0.2, 0.9, 0.51, 0.1, 0.1], [3, 0, -1, 4, 3, -1]),
    ],
)
def test_random_neighbour_by_hand_and_minus_one_for_isolated_nodes(u, expected):
    out = graph(STAR).random_neighbour(np.array(u))
    assert out.tolist() == expected
    assert out.dtype == np.int32


def test_random_neighbour_in_a_graph_without_isolated_nodes():
    g = graph([[1, 2], [0], [0]])
    assert g.random_neighbour(np.array([0.0, 0.7, 0.2])).tolist() == [1, 0, 0]
    assert g.random_neighbour(np.array([0.6, 0.0, 0.99])).tolist() == [2, 0, 0]


@pytest.mark.parametrize("degree", [1, 2, 3, 5, 7, 64, 1000, 4099])
def test_random_neighbour_at_the_largest_uniform_below_one_is_the_last_neighbour(degree):
    # floor(u * degree) = degree - 1 for the largest double below 1: never past the list
    g = graph([list(range(1, degree + 1))] + [[0]] * degree)
    u = np.full(degree + 1, np.nextafter(1.0, 0.0))
    out = g.random_neighbour(u)
    assert out[0] == degree and (out[1:] == 0).all()


def test_random_neighbour_is_uniform_over_the_neighbours():
    g = graph([[1, 2, 3, 4], [0], [0], [0], [0]])
    u = np.linspace(0.0, 1.0, 4000, endpoint=False)
    hits = np.bincount([g.random_neighbour(np.array([x, 0, 0, 0, 0]))[0] for x in u[::40]])
    assert hits.tolist() == [0, 25, 25, 25, 25]


def test_neighbour_counts_by_hand_with_an_isolated_node():
    counts = graph(STAR).neighbour_counts(np.array([1, 0, 1, 2, 0, 1]), 3)
    # neighbours' codes: 0 -> 1,2,3: (0, 1, 2); 1 -> 0: (1); 3 -> 0, 4: (1, 0); 4 -> 3: (2)
    assert counts.tolist() == [
        [1, 1, 1],
        [0, 1, 0],
        [0, 0, 0],
        [1, 1, 0],
        [0, 0, 1],
        [0, 0, 0],
    ]


@pytest.mark.parametrize("block", [1, 2, 4, 5, 1 << 16])
def test_neighbour_counts_in_blocks_of_any_size_are_the_ones_by_hand(block):
    counts = graph(STAR).neighbour_counts(np.array([1, 0, 1, 2, 0, 1]), 3, block=block)
    assert counts.tolist() == [[1, 1, 1], [0, 1, 0], [0, 0, 0], [1, 1, 0], [0, 0, 1], [0, 0, 0]]
    rng = np.random.default_rng(4)
    g = net.small_world(40, 4, 0.5, rng)
    codes = rng.integers(0, 3, 40).astype(np.int8)
    by_hand = [[sum(codes[j] == c for j in row) for c in range(3)] for row in rows_of(g)]
    assert g.neighbour_counts(codes, 3, block=block).tolist() == by_hand


@pytest.mark.parametrize(
    "idx,expected",
    [
        ([0], [1, 2, 3]),  # the hub's row
        ([1, 3], [0, 0, 4]),  # node 0 neighbours both
        ([2], []),  # an isolated node adds nothing
        ([4, 0], [3, 1, 2, 3]),  # rows in the order asked
        ([], []),
    ],
)
def test_neighbours_of_lists_each_tie_of_the_nodes_asked(idx, expected):
    out = graph(STAR).neighbours_of(np.array(idx, dtype=np.int64))
    assert out.tolist() == expected


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_neighbours_of_the_marked_counts_as_neighbour_counts_does(kind):
    rng = np.random.default_rng(5)
    g = net.build(kind, 300, 6, 0.2, rng, regions_of(300, 3), 0.1)
    marked = rng.random(300) < 0.1
    counts = np.bincount(g.neighbours_of(np.flatnonzero(marked)), minlength=300)
    assert counts.tolist() == g.neighbour_counts(marked.view(np.int8), 2)[:, 1].tolist()


def test_to_networkx_has_every_node_and_every_tie_once():
    g = graph(STAR)
    nxg = g.to_networkx()
    assert sorted(nxg.nodes) == list(range(6))
    assert {(min(a, b), max(a, b)) for a, b in nxg.edges} == {(0, 1), (0, 2), (0, 3), (3, 4)}
    assert nxg.number_of_edges() == 4


# --- regions ---------------------------------------------------------------------------


def test_region_blocks_by_hand_with_an_empty_region():
    start, size = net._region_blocks(np.array([0, 0, 0, 2, 2, 3, 3, 3, 3], dtype=np.int16))
    assert start.tolist() == [0, 3, 3, 5] and size.tolist() == [3, 0, 2, 4]
    start, size = net._region_blocks(np.zeros(0, dtype=np.int16))
    assert len(start) == 0 and len(size) == 0


def test_a_node_of_another_region_is_uniform_over_the_ids_outside_the_block():
    region = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2], dtype=np.int16)
    start, size = net._region_blocks(region)
    for r in range(3):
        others = [j for j in range(9) if region[j] != r]
        # the k-th of the len(others) equal slices of [0, 1) gives the k-th other node
        v = (np.arange(len(others)) + 0.5) / len(others)
        got = net._other_region_node(np.full(len(v), r), v, start, size)
        assert got.tolist() == others
        v0 = np.arange(len(others)) / len(others)  # the slices' left ends
        assert net._other_region_node(np.full(len(v), r), v0, start, size).tolist() == others


# --- small world -----------------------------------------------------------------------


def ring(n: int, half: int) -> set[tuple[int, int]]:
    return {
        (min(i, (i + k) % n), max(i, (i + k) % n)) for i in range(n) for k in range(1, half + 1)
    }


@pytest.mark.parametrize(
    "n,degree,half",
    [
        (10, 4, 2),  # degree / 2 neighbours on each side
        (10, 2, 1),
        (9, 6, 3),
        (5, 8, 2),  # capped: (n - 1) // 2 per side, here the complete graph
        (4, 4, 1),  # the two sides may not meet: one per side on a ring of 4
        (2, 2, 1),  # two nodes: one tie
    ],
)
def test_without_rewiring_the_small_world_is_the_ring_lattice(n, degree, half):
    g = net.small_world(n, degree, 0.0, np.random.default_rng(0))
    assert edge_set(g) == ring(n, half)
    region = regions_of(n, 2)
    g = net.small_world(n, degree, 0.0, np.random.default_rng(0), region, 0.0)
    assert edge_set(g) == ring(n, half)  # regions alone move no tie


def test_one_node_has_no_tie():
    g = net.small_world(1, 2, 0.5, np.random.default_rng(0))
    assert g.n == 1 and g.degree.tolist() == [0]


def small_world_by_hand(n, degree, rewiring, seed, region, cross):
    """Replay the construction with loops: ties (i, i + k) for k = 1..degree/2 in that
    order; a uniform u per tie moves its far end to another region if u < cross, else
    within the region if u < cross + (1 - cross) * rewiring (conditional probability
    rewiring); then one uniform per tie rewired in its region (in tie order), one per
    self-loop so made, one per tie moved to another region."""
    rng = np.random.default_rng(seed)
    half = min(degree // 2, (n - 1) // 2)
    ties = [[i, (i + k) % n] for i in range(n) for k in range(1, half + 1)]
    u = rng.random(len(ties))
    several = len(set(region.tolist())) > 1
    c = cross if several else 0.0
    far = [t for t, x in zip(ties, u, strict=True) if x < c]
    local = [t for t, x in zip(ties, u, strict=True) if c <= x < c + (1 - c) * rewiring]
    for t, x in zip(local, rng.random(len(local)), strict=True):
        block = [j for j in range(n) if region[j] == region[t[0]]]
        t[1] = block[math.floor(x * len(block))]
    loops = [t for t in local if t[1] == t[0]]
    for t, x in zip(loops, rng.random(len(loops)), strict=True):
        block = [j for j in range(n) if region[j] == region[t[0]]]
        t[1] = block[math.floor(x * len(block))]
    for t, x in zip(far, rng.random(len(far)), strict=True):
        others = [j for j in range(n) if region[j] != region[t[0]]]
        t[1] = others[math.floor(x * len(others))]
    edges = {(min(a, b), max(a, b)) for a, b in ties if a != b}
    return edges, len(far), len(local), len(loops)


@pytest.mark.parametrize(
    "n,degree,rewiring,regions,cross,seed",
    [
        (60, 4, 0.5, 12, 0.3, 1),  # regions of 5: many self-loops to redraw
        (40, 6, 0.2, 2, 0.6, 2),  # two regions
        (30, 4, 1.0, 3, 0.0, 3),  # every tie rewired in its region
        (30, 2, 0.3, 1, 0.7, 4),  # one region: cross_region has no effect
    ],
)
def test_small_world_by_hand(n, degree, rewiring, regions, cross, seed):
    region = regions_of(n, regions)
    expected, n_far, n_local, n_loops = small_world_by_hand(
        n, degree, rewiring, seed, region, cross
    )
    g = net.small_world(n, degree, rewiring, np.random.default_rng(seed), region, cross)
    assert edge_set(g) == expected
    assert n_local > 0 and (n_far > 0 or regions == 1 or cross == 0)
    if regions == 12:
        assert n_loops > 0  # the redraw of a self-loop is exercised


def test_small_world_draws_in_chunks_as_in_one_call(monkeypatch):
    region = regions_of(50, 5)
    whole = net.small_world(50, 4, 0.4, np.random.default_rng(7), region, 0.3)
    monkeypatch.setattr(net, "_CHUNK", 7)  # 100 ties: 15 chunks, the last one short
    chunked = net.small_world(50, 4, 0.4, np.random.default_rng(7), region, 0.3)
    np.testing.assert_array_equal(whole.indptr, chunked.indptr)
    np.testing.assert_array_equal(whole.indices, chunked.indices)


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_with_two_regions_at_cross_region_one_every_drawn_tie_crosses(kind):
    n = 400
    region = regions_of(n, 2)
    g = net.build(kind, n, 4, 0.3, np.random.default_rng(5), region, 1.0)
    within = {(a, b) for a, b in edge_set(g) if region[a] == region[b]}
    if kind == "small_world":
        assert not within
    else:
        # only the tie given to a node that drew none stays in its region
        lonely = set(scale_free_by_hand(n, 4, 2.5, 5, region, 1.0)[1])
        assert all(a in lonely or b in lonely for a, b in within)
        assert 0 < len(within) <= len(lonely) < 0.1 * len(edge_set(g))


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_with_one_region_cross_region_changes_nothing(kind):
    # no other region to link to: the same graph as at cross_region 0
    region = np.zeros(200, dtype=np.int16)
    a = net.build(kind, 200, 4, 0.3, np.random.default_rng(6), region, 0.0)
    b = net.build(kind, 200, 4, 0.3, np.random.default_rng(6), region, 0.8)
    assert edge_set(a) == edge_set(b)
    assert edge_set(a) == edge_set(net.build(kind, 200, 4, 0.3, np.random.default_rng(6)))


def test_build_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown network kind 'ring'"):
        net.build("ring", 10, 2, 0.1, np.random.default_rng(0))


# --- scale free ------------------------------------------------------------------------


def by_weight(cum: list[float], x: float) -> int:
    """The node i whose slice [cum[i], cum[i + 1]) of the weight line holds x."""
    i = 0
    while i + 1 < len(cum) - 1 and cum[i + 1] <= x:
        i += 1
    return i


def scale_free_by_hand(n, degree, exponent, seed, region, cross):
    """Replay the Chung-Lu construction with loops: the weights (rank ** (-1 / (exponent
    - 1)) for ranks 1..n) dealt to nodes by a permutation; n * degree // 2 ties, whose
    first end is drawn by weight over all nodes; then a uniform per tie: below
    cross_region the second end is drawn by weight among the other regions, else by
    weight within the first end's region (one uniform per tie, those in the region
    first); a node left without a tie (a self-loop is none) gets one uniform other node
    of its region."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)
    w = [float(perm[i] + 1) ** (-1.0 / (exponent - 1.0)) for i in range(n)]
    cum = [0.0]
    for x in w:
        cum.append(cum[-1] + x)
    cum = [c / cum[-1] for c in cum]
    m = n * degree // 2
    first = [by_weight(cum, x) for x in rng.random(m)]
    several = len(set(region.tolist())) > 1
    crosses = rng.random(m) < (cross if several else 0.0)
    block = {r: [j for j in range(n) if region[j] == r] for r in set(region.tolist())}
    lo = {r: cum[b[0]] for r, b in block.items()}
    hi = {r: cum[b[-1] + 1] for r, b in block.items()}
    second = [-1] * m
    own = [t for t in range(m) if not crosses[t]]
    for t, x in zip(own, rng.random(len(own)), strict=True):
        r = region[first[t]]
        second[t] = by_weight(cum, lo[r] + x * (hi[r] - lo[r]))
    far = [t for t in range(m) if crosses[t]]
    for t, x in zip(far, rng.random(len(far)), strict=True):
        r = region[first[t]]
        # a uniform position on the weight line with the region's slice cut out
        y = x * (1.0 - (hi[r] - lo[r]))
        second[t] = by_weight(cum, y if y < lo[r] else y + (hi[r] - lo[r]))
    touched = {i for a, b in zip(first, second, strict=True) if a != b for i in (a, b)}
    lonely = [i for i in range(n) if i not in touched]
    extra = []
    for i, x in zip(lonely, rng.random(len(lonely)), strict=True):
        others = [j for j in block[region[i]] if j != i]
        if others:
            extra.append((i, others[math.floor(x * len(others))]))
    edges = {(min(a, b), max(a, b)) for a, b in zip(first, second, strict=True) if a != b}
    edges |= {(min(a, b), max(a, b)) for a, b in extra}
    return edges, lonely, w


@pytest.mark.parametrize(
    "n,degree,exponent,regions,cross,seed",
    [
        (60, 2, 2.5, 3, 0.4, 1),
        (50, 4, 3.0, 5, 0.2, 2),  # a steeper power law
        (40, 2, 2.1, 2, 0.9, 3),  # two regions, nearly every tie crossing
        (30, 3, 2.5, 1, 0.5, 4),  # one region; an odd mean degree
    ],
)
def test_scale_free_by_hand(n, degree, exponent, regions, cross, seed):
    region = regions_of(n, regions)
    expected, lonely, _ = scale_free_by_hand(n, degree, exponent, seed, region, cross)
    g = net.scale_free(n, degree, np.random.default_rng(seed), exponent, region, cross)
    assert edge_set(g) == expected
    assert len(lonely) > 0 or degree > 2  # the tie given to a node that drew none


def test_scale_free_weights_follow_the_power_law():
    # the node of rank k carries weight k ** (-1 / (exponent - 1)): rank 1 weight 1,
    # rank 4 at exponent 3 weight 1/2; the weights are a permutation of those values
    _, _, w = scale_free_by_hand(16, 2, 3.0, 0, np.zeros(16, dtype=np.int16), 0.0)
    assert sorted(w, reverse=True)[:4] == pytest.approx([1.0, 2**-0.5, 3**-0.5, 0.5])
    # and the hubs: in a large graph the expected degree is proportional to the weight,
    # so the node of rank 1 has about (n / 4) ** (1 / 2) times the degree of rank n / 4
    n = 20000
    rng = np.random.default_rng(11)
    perm = np.random.default_rng(11).permutation(n)  # the weights' deal, replayed
    g = net.scale_free(n, 6, rng, 3.0)
    top = g.degree[perm == 0][0]
    mean = 6 * n / sum((k + 1) ** -0.5 for k in range(n))  # expected degree per unit weight
    assert abs(top - mean) < 5 * math.sqrt(mean)


def test_scale_free_links_every_node_without_a_tie_to_another_of_its_region():
    # also a node whose only drawn ties were self-loops (dropped): none is left isolated
    n = 3000
    region = regions_of(n, 300)  # regions of 10
    g = net.scale_free(n, 2, np.random.default_rng(8), region=region, cross_region=0.3)
    assert (g.degree > 0).all()


def test_a_node_alone_in_its_region_gets_no_tie_from_another_region_at_cross_region_0():
    # regions of 1, 4 and 1 nodes: every tie drawn from node 0 or 5 is a self-loop
    region = np.array([0, 1, 1, 1, 1, 2], dtype=np.int16)
    for seed in range(5):
        g = net.scale_free(6, 4, np.random.default_rng(seed), region=region, cross_region=0.0)
        assert g.degree[0] == 0 and g.degree[5] == 0
        assert edge_set(g) <= {(a, b) for a in range(1, 5) for b in range(a + 1, 5)}


# --- a graph without ties (every region of one node at cross_region 0) ---------------


def test_csr_from_no_edges_is_a_graph_of_isolated_nodes():
    g = net._csr_from_edges(3, np.array([], dtype=np.int32), np.array([], dtype=np.int32))
    assert g.indptr.tolist() == [0, 0, 0, 0] and len(g.indices) == 0
    assert g.random_neighbour(np.array([0.0, 0.5, 0.99])).tolist() == [-1, -1, -1]


def test_same_region_share_by_hand_with_an_isolated_node():
    g = graph(STAR)
    region = np.array([0, 0, 1, 1, 1, 0], dtype=np.int16)
    # 0: 1 of 3 (node 1); 1: 1 of 1; 2: none -> 0; 3: 1 of 2 (node 4); 4: 1 of 1; 5: 0
    expected = [1 / 3, 1.0, 0.0, 0.5, 1.0, 0.0]
    for block in (1, 2, 4, 1 << 16):
        share = net.same_region_share(g, region, block=block)
        np.testing.assert_allclose(share, expected, rtol=1e-6)
        assert share.dtype == np.float32


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_a_model_whose_regions_all_have_one_subject_runs_without_ties(kind):
    m = CreditSystemModel(
        rng=1,
        n_subjects=10,
        n_regions=20,
        **{
            "interaction.network": kind,
            "interaction.degree": 2,
            "interaction.cross_region": 0.0,
            "interaction.rewiring": 1.0,
        },
    )
    assert (m.mechanisms["interaction"].network.degree == 0).all()
    assert (m.mechanisms["interaction"].same_region == 0).all()
    m.run_for(2)
    assert (m.period.partner == -1).all() and not m.period.attempted.any()


@pytest.mark.parametrize("fill", [0, 1])
def test_csr_reads_no_entry_of_an_empty_array_before_writing_it(monkeypatch, fill):
    # np.empty hands back whatever memory was there: poison it, with zeros and with ones,
    # and the graph must come out the same (here a first edge (0, 1) drawn twice)
    class Poisoned:
        def __getattr__(self, name):
            return getattr(np, name)

        @staticmethod
        def empty(shape, dtype=float):
            out = np.empty(shape, dtype=dtype)
            out.fill(fill)
            return out

    monkeypatch.setattr(net, "np", Poisoned())
    u = np.array([0, 1, 0, 3], dtype=np.int32)
    v = np.array([1, 0, 2, 2], dtype=np.int32)
    assert rows_of(net._csr_from_edges(4, u, v)) == [[1, 2], [0], [0, 3], [2]]
