#!/usr/bin/python3
"""Our client's ratio to each peer, per workload, from run-all.sh result files (one per run).

Throughput workloads: our ops/s / peer ops/s (higher is better, >= 1.0 means at least as fast).
Latency workloads (get_sync_latency, watch_latency, connect): our p50 / peer p50 (lower is better).
One file: the ratio. Several files: median [min-max] of the per-run ratios (each ratio within one run).

  bench/ratios.py bench/results/run-*.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

ORDER = ["create_async", "get_async", "set_async", "delete_async", "multi",
         "get_sync_latency", "watch_latency", "connect"]
LATENCY = {"get_sync_latency", "watch_latency", "connect"}
OURS = "pszookeeper-"


def main(files):
    ratios = defaultdict(list)  # (workload, peer) -> [ratio per run]
    peers = []
    for f in files:
        run = {}
        for line in open(f):
            if line.startswith("{"):
                r = json.loads(line)
                run[(r["workload"], r["client"])] = r
        ours = {w: r for (w, c), r in run.items() if c.startswith(OURS)}
        for (w, c), r in run.items():
            if c.startswith(OURS) or w not in ours:
                continue
            if c not in peers:
                peers.append(c)
            if w in LATENCY:
                if r["p50_ms"] > 0:
                    ratios[(w, c)].append(ours[w]["p50_ms"] / r["p50_ms"])
            elif r["ops_per_s"] > 0:
                ratios[(w, c)].append(ours[w]["ops_per_s"] / r["ops_per_s"])
    if not ratios:
        sys.exit("no lines from both %s* and a peer in %s" % (OURS, " ".join(files)))

    def cell(xs):
        s = "%.2f" % statistics.median(xs)
        return s + (" [%.2f-%.2f]" % (min(xs), max(xs)) if len(xs) > 1 else "")

    print("ours / peer: ops/s ratio (higher is better) for throughput, p50 ratio (lower is better) for latency;"
          " %d run(s)%s" % (len(files), ", median [min-max]" if len(files) > 1 else ""))
    workloads = [w for w in ORDER if any(k[0] == w for k in ratios)]
    w0 = max(len(w) for w in workloads + ["workload"]) + 6
    cells = {k: cell(v) for k, v in ratios.items()}
    width = {c: max([len(c)] + [len(cells.get((w, c), "-")) for w in workloads]) for c in peers}
    print("workload".ljust(w0) + "".join("  " + ("vs " + c).ljust(width[c] + 3) for c in peers))
    for w in workloads:
        kind = "p50" if w in LATENCY else "ops/s"
        print(("%s (%s)" % (w, kind)).ljust(w0) + "".join("  " + cells.get((w, c), "-").ljust(width[c] + 3) for c in peers))


if __name__ == "__main__":
    main(sys.argv[1:])
