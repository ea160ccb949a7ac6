"""A precomputed layout for graphs too large for in-browser physics.

networkx's force layouts need numpy and scipy and are far too slow here
(``spring_layout`` on 5,000 nodes takes tens of seconds), so this layout is
built from cheap parts, all deterministic:

1. networkx's Louvain method splits the graph into communities (in a graph
   of many articles, roughly one per article and its places);
2. inside a community each connected part is drawn as a radial tree around its
   best-connected node: rings by distance from it, each subtree given an angle
   in proportion to its leaves;
3. the communities are placed one by one, each next to the placed community it
   shares most edges with, at the nearest free spot on rings around it.

>>> pos = radial_layout(4, [(0, 1), (0, 2), (0, 3)])
>>> len(pos), pos[0] == (40, 0)
(4, True)
"""
from __future__ import annotations

import math

__all__ = ["radial_layout", "cluster_layout"]

SPACING = 90     # wanted distance between neighbours on a ring (px)
STEP = 160       # at least this much between rings (px)
GAP = 120        # between communities (px)
#: Louvain costs about 0.15 s at 5,000 nodes and 1.5 s at 20,000; past this
#: many nodes the communities are the connected components instead.
LOUVAIN_MAX = 30000


def _tree(nodes: list[int], adj) -> tuple[dict, float]:
    """Radial tree layout of one connected part: local positions, radius."""
    root = min(nodes, key=lambda n: (-len(adj[n]), n))
    depth, order = {root: 0}, [root]
    children: dict[int, list[int]] = {root: []}
    for n in order:                       # BFS; order grows as we go
        for m in adj[n]:
            if m not in depth:
                depth[m] = depth[n] + 1
                children[m] = []
                children[n].append(m)
                order.append(m)
    weight: dict[int, int] = {}
    for n in reversed(order):
        weight[n] = sum(weight[c] for c in children[n]) or 1
    per_ring: dict[int, int] = {}
    for n in order:
        per_ring[depth[n]] = per_ring.get(depth[n], 0) + 1
    radius = [0.0]
    for d in range(1, max(per_ring) + 1):
        radius.append(max(radius[-1] + STEP, per_ring[d] * SPACING / (2 * math.pi)))
    span = {root: (0.0, 2 * math.pi)}
    pos = {}
    for n in order:
        lo, hi = span[n]
        mid = (lo + hi) / 2
        pos[n] = (radius[depth[n]] * math.cos(mid), radius[depth[n]] * math.sin(mid))
        at = lo
        for c in children[n]:
            width = (hi - lo) * weight[c] / weight[n]
            span[c] = (at, at + width)
            at += width
    return pos, radius[-1] + SPACING / 2


def _pack(nodes: list[int], adj) -> tuple[dict, float]:
    """The connected parts of ``nodes`` (edges within them only), largest
    first on its own row, the others in rows below; centred on (0, 0)."""
    inside = set(nodes)
    sub = {v: [m for m in adj[v] if m in inside] for v in nodes}
    seen: set[int] = set()
    parts = []
    for v in sorted(nodes):
        if v in seen:
            continue
        part, stack = [], [v]
        seen.add(v)
        while stack:
            x = stack.pop()
            part.append(x)
            for m in sub[x]:
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        parts.append(sorted(part))
    parts.sort(key=lambda p: (-len(p), p[0]))
    laid = [_tree(p, sub) for p in parts]
    rest = sum((2 * r) ** 2 for _p, r in laid[1:])
    row_width = max(math.sqrt(rest) * 1.2, 2 * laid[0][1])
    out: dict = {}
    x = y = row_height = 0.0
    for i, (pos, r) in enumerate(laid):
        if i == 1 or (x > 0 and x + 2 * r > row_width):
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in pos.items():
            out[v] = (px + x + r, py + y + r)
        x += 2 * r
        row_height = max(row_height, 2 * r)
    mx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
    my = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
    out = {v: (px - mx, py - my) for v, (px, py) in out.items()}
    return out, max(math.hypot(px, py) for px, py in out.values()) + SPACING / 2


def _adjacency(n: int, edges) -> dict[int, list[int]]:
    adj: dict[int, set[int]] = {v: set() for v in range(n)}
    for a, b in edges:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    return {v: sorted(ms) for v, ms in adj.items()}


def radial_layout(n: int, edges) -> list[tuple[int, int]]:
    """Positions ``[(x, y), …]`` for nodes ``0 … n-1`` joined by ``edges``
    (pairs of indices; direction and repeats do not matter): one radial tree
    per connected component."""
    if n == 0:
        return []
    pos, _r = _pack(list(range(n)), _adjacency(n, edges))
    return [(round(pos[v][0]), round(pos[v][1])) for v in range(n)]


def _place(radii: list[float], links: dict[tuple[int, int], int]) -> list[tuple[float, float]]:
    """Centres for circles of ``radii`` (largest first), each put next to the
    placed circle it has most ``links`` with, without overlaps."""
    k = len(radii)
    nbrs: dict[int, dict[int, int]] = {i: {} for i in range(k)}
    for (a, b), w in links.items():
        nbrs[a][b] = nbrs[b][a] = w
    centre: dict[int, tuple[float, float]] = {0: (0.0, 0.0)}
    pull = dict(nbrs[0])                          # link weight to the placed set
    while len(centre) < k:
        nxt = max((i for i in range(k) if i not in centre),
                  key=lambda i: (pull.get(i, 0), radii[i], -i))
        anchor = max((j for j in nbrs[nxt] if j in centre), key=lambda j: (nbrs[nxt][j], -j),
                     default=0)
        ax, ay = centre[anchor]
        r = radii[nxt]
        placed = False
        ring = 0
        while not placed:
            d = radii[anchor] + r + GAP + ring * (r + GAP) * 0.5
            steps = max(8, int(2 * math.pi * d / (r + GAP)))
            for s in range(steps):
                a = 2 * math.pi * s / steps + 0.5 * ring
                x, y = ax + d * math.cos(a), ay + d * math.sin(a)
                if all(math.hypot(x - cx, y - cy) >= r + radii[j] + GAP / 2
                       for j, (cx, cy) in centre.items()):
                    centre[nxt] = (x, y)
                    placed = True
                    break
            ring += 1
        for j, w in nbrs[nxt].items():
            pull[j] = pull.get(j, 0) + w
    return [centre[i] for i in range(k)]


def cluster_layout(n: int, edges) -> list[tuple[int, int]]:
    """Positions ``[(x, y), …]`` for nodes ``0 … n-1``: communities (Louvain,
    or connected components past :data:`LOUVAIN_MAX` nodes) drawn as radial
    trees and placed next to the ones they are most linked to."""
    import networkx as nx

    if n == 0:
        return []
    edges = [(a, b) for a, b in edges if a != b]
    adj = _adjacency(n, edges)
    # Communities are found among the nodes of two or more neighbours (a third
    # less work); a leaf then joins its neighbour's community.
    core = [v for v in range(n) if len(adj[v]) > 1]
    g = nx.Graph()
    g.add_nodes_from(core)
    g.add_edges_from((a, b) for a, b in edges if len(adj[a]) > 1 and len(adj[b]) > 1)
    if n <= LOUVAIN_MAX:
        found = nx.community.louvain_communities(g, seed=1)
    else:
        found = nx.connected_components(g)
    group = {v: min(c) for c in found for v in c}
    singles = []
    for v in range(n):
        if not adj[v]:
            singles.append(v)                     # isolated nodes: one block of their own
        elif v not in group:                      # a leaf; or a pair of leaves
            nb = adj[v][0]
            group[v] = group[nb] if nb in group and len(adj[nb]) > 1 else min(v, nb)
    by_group: dict[int, list[int]] = {}
    for v, key in group.items():
        by_group.setdefault(key, []).append(v)
    comms = [sorted(c) for c in by_group.values()] + ([singles] if singles else [])
    comms.sort(key=lambda c: (-len(c), c[0]))
    member = {v: i for i, c in enumerate(comms) for v in c}
    links: dict[tuple[int, int], int] = {}
    for a, b in edges:
        ca, cb = member[a], member[b]
        if ca != cb:
            key = (min(ca, cb), max(ca, cb))
            links[key] = links.get(key, 0) + 1
    laid = [_pack(c, adj) for c in comms]
    centres = _place([r for _p, r in laid], links)
    out: list = [None] * n
    for (pos, _r), (cx, cy) in zip(laid, centres):
        for v, (px, py) in pos.items():
            out[v] = (round(px + cx), round(py + cy))
    return out
