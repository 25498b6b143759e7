#!/usr/bin/python3
"""The Python references of kg-paths-bench: networkx, python-igraph and SQLite, timed per call.

kg-paths-bench writes the synthetic graph as an edge list (little-endian uint32 pairs, subject
then object), the query pairs and the count sources, runs this script and reads its JSON from
stdout. Graphs are undirected, as the benchmark's path search (direction "both"). Only the search
calls are timed (one timer read before and after each call); loading and building are not.

Output: {"networkx": {"micros": [...], "lengths": [...], "build_seconds": s}, "igraph": {...},
"sqlite": {...}, "networkx_count": {"micros": [...], "counts": [...]}, "igraph_count": {...}}.
A length of -1 means no path was found (for SQLite: none within --sqlite-depth).
"""
import argparse
import array
import json
import sqlite3
import sys
import timeit


def read_edges(path):
    data = array.array("I")
    with open(path, "rb") as f:
        data.frombytes(f.read())
    if sys.byteorder != "little":
        data.byteswap()
    return data


def read_pairs(path):
    pairs = []
    with open(path) as f:
        for line in f:
            if line.strip():
                a, b = line.split()
                pairs.append((int(a), int(b)))
    return pairs


def time_calls(items, call):
    """Times call(item) once per item; returns (microseconds, results)."""
    if items:
        call(items[0])  # warm-up: first-call costs (imports, caches) are not the search
    clock = timeit.default_timer
    micros, results = [], []
    for item in items:
        start = clock()
        result = call(item)
        micros.append((clock() - start) * 1e6)
        results.append(result)
    return micros, results


def run_networkx(n, data, pairs, sources, out):
    import networkx as nx

    start = timeit.default_timer()
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(data[0::2], data[1::2]))
    build = timeit.default_timer() - start

    def shortest(pair):
        try:
            # With source and target, networkx runs its bidirectional BFS
            # (bidirectional_shortest_path).
            return len(nx.shortest_path(g, pair[0], pair[1])) - 1
        except nx.NetworkXNoPath:
            return -1

    micros, lengths = time_calls(pairs, shortest)
    out["networkx"] = {"micros": micros, "lengths": lengths, "build_seconds": build}
    if sources:
        micros, counts = time_calls(
            sources, lambda s: len(nx.single_source_shortest_path_length(g, s, cutoff=2)) - 1)
        out["networkx_count"] = {"micros": micros, "counts": counts}


def run_igraph(n, data, pairs, sources, out):
    import igraph as ig

    start = timeit.default_timer()
    g = ig.Graph(n=n, edges=list(zip(data[0::2], data[1::2])), directed=False)
    build = timeit.default_timer() - start

    def shortest(pair):
        path = g.get_shortest_paths(pair[0], to=pair[1], mode="all", output="vpath")[0]
        return len(path) - 1 if path else -1

    micros, lengths = time_calls(pairs, shortest)
    out["igraph"] = {"micros": micros, "lengths": lengths, "build_seconds": build}
    if sources:
        micros, counts = time_calls(sources,
                                    lambda s: g.neighborhood_size(s, order=2, mode="all") - 1)
        out["igraph_count"] = {"micros": micros, "counts": counts}


def run_sqlite(data, pairs, depth, out):
    start = timeit.default_timer()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE edge(src INTEGER NOT NULL, dst INTEGER NOT NULL)")
    both = zip(data[0::2], data[1::2])
    db.executemany("INSERT INTO edge VALUES (?, ?)",
                   (p for s, o in both for p in ((s, o), (o, s))))
    db.execute("CREATE INDEX edge_src ON edge(src, dst)")
    db.commit()
    build = timeit.default_timer() - start
    # The usual recursive CTE: every (node, depth) reachable within `depth` hops, then the
    # smallest depth at which the target appears. SQL has no early exit for it.
    query = """
        WITH RECURSIVE walk(node, depth) AS (
          SELECT ?, 0
          UNION
          SELECT edge.dst, walk.depth + 1 FROM walk JOIN edge ON edge.src = walk.node
          WHERE walk.depth < ?)
        SELECT min(depth) FROM walk WHERE node = ?"""

    def shortest(pair):
        row = db.execute(query, (pair[0], depth, pair[1])).fetchone()
        return row[0] if row[0] is not None else -1

    clock = timeit.default_timer
    micros, lengths = [], []
    for pair in pairs:  # no warm-up call: each call takes seconds
        start = clock()
        lengths.append(shortest(pair))
        micros.append((clock() - start) * 1e6)
    out["sqlite"] = {"micros": micros, "lengths": lengths, "build_seconds": build}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--edges", required=True, help="little-endian uint32 pairs")
    parser.add_argument("--pairs", required=True, help="'source target' per line")
    parser.add_argument("--sources", help="'source' per line: 2-hop counts")
    parser.add_argument("--tools", default="networkx,igraph,sqlite")
    parser.add_argument("--sqlite-pairs", type=int, default=5)
    parser.add_argument("--sqlite-depth", type=int, default=6)
    args = parser.parse_args()

    data = read_edges(args.edges)
    pairs = read_pairs(args.pairs)
    sources = []
    if args.sources:
        with open(args.sources) as f:
            sources = [int(line) for line in f if line.strip()]
    tools = set(args.tools.split(","))
    out = {}
    if "networkx" in tools:
        run_networkx(args.nodes, data, pairs, sources, out)
    if "igraph" in tools:
        run_igraph(args.nodes, data, pairs, sources, out)
    if "sqlite" in tools and args.sqlite_pairs > 0:
        run_sqlite(data, pairs[:args.sqlite_pairs], args.sqlite_depth, out)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
