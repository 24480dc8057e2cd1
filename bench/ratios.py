#!/usr/bin/python3
"""Our client's ratio to each peer, per workload, from run-all.sh result files (one per run).

Throughput workloads: our ops/s / peer ops/s (higher is better, >= 1.0 means at least as fast).
Latency workloads (get_sync_latency, watch_latency, connect): our p50 / peer p50 (lower is better).
One file: the ratio. Several files: median [min-max] of the per-run ratios (each ratio within one run).
The "best" column is the ratio to the best peer of the same run (highest ops/s, lowest p50),
and "goal" says whether its median meets the target: >= 1.20 for throughput, <= 1.00 for latency
(a missed throughput goal also names the ceiling client's median ratio to the best peer).

When the runs hold the zero-cost client (raw-ceiling, PSZookeeper.Bench.Ceiling: every request
encoded before the clock starts, replies only counted), a second table gives, per pipelined
workload, its ratio to the best peer (how far past the best peer the server lets any client go
in that run) and ours to it (what our client's own cost leaves of that).

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
CEILING = "raw-ceiling"
BEST = "best peer"
THROUGHPUT_GOAL = 1.20
LATENCY_GOAL = 1.00


def main(files):
    ratios = defaultdict(list)  # (workload, peer) -> [ratio per run]
    ceiling = defaultdict(list)  # (workload, "best peer" or "ours") -> [raw-ceiling's ratio to it per run]
    peers = []
    for f in files:
        run = {}
        for line in open(f):
            if line.startswith("{"):
                r = json.loads(line)
                run[(r["workload"], r["client"])] = r
        ours = {w: r for (w, c), r in run.items() if c.startswith(OURS)}
        raw = {w: r for (w, c), r in run.items() if c == CEILING}
        best = {}  # workload -> the best peer value of this run
        for (w, c), r in run.items():
            if c.startswith(OURS) or c == CEILING or w not in ours:
                continue
            if c not in peers:
                peers.append(c)
            if w in LATENCY:
                if r["p50_ms"] > 0:
                    ratios[(w, c)].append(ours[w]["p50_ms"] / r["p50_ms"])
                    best[w] = min(best.get(w, r["p50_ms"]), r["p50_ms"])
            elif r["ops_per_s"] > 0:
                ratios[(w, c)].append(ours[w]["ops_per_s"] / r["ops_per_s"])
                best[w] = max(best.get(w, r["ops_per_s"]), r["ops_per_s"])
        for w, value in best.items():
            ratios[(w, BEST)].append(ours[w]["p50_ms" if w in LATENCY else "ops_per_s"] / value)
            if w in raw:
                ceiling[(w, BEST)].append(raw[w]["ops_per_s"] / value)
                ceiling[(w, "ours")].append(ours[w]["ops_per_s"] / raw[w]["ops_per_s"])
    if not ratios:
        sys.exit("no lines from both %s* and a peer in %s" % (OURS, " ".join(files)))

    def cell(xs):
        s = "%.2f" % statistics.median(xs)
        return s + (" [%.2f-%.2f]" % (min(xs), max(xs)) if len(xs) > 1 else "")

    print("ours / peer: ops/s ratio (higher is better) for throughput, p50 ratio (lower is better) for latency;"
          " %d run(s)%s" % (len(files), ", median [min-max]" if len(files) > 1 else ""))
    def goal(w):
        m = statistics.median(ratios[(w, BEST)])
        met = m <= LATENCY_GOAL if w in LATENCY else m >= THROUGHPUT_GOAL
        verdict = " met" if met else " MISSED"
        if not met and (w, BEST) in ceiling:
            verdict += " (raw-ceiling / best peer: %.2f)" % statistics.median(ceiling[(w, BEST)])
        return ("<= %.2f" % LATENCY_GOAL if w in LATENCY else ">= %.2f" % THROUGHPUT_GOAL) + verdict

    columns = peers + [BEST]
    workloads = [w for w in ORDER if any(k[0] == w for k in ratios)]
    w0 = max(len(w) for w in workloads + ["workload"]) + 6
    cells = {k: cell(v) for k, v in ratios.items()}
    width = {c: max([len(c)] + [len(cells.get((w, c), "-")) for w in workloads]) for c in columns}
    print("workload".ljust(w0) + "".join("  " + ("vs " + c).ljust(width[c] + 3) for c in columns) + "  goal")
    for w in workloads:
        kind = "p50" if w in LATENCY else "ops/s"
        print(("%s (%s)" % (w, kind)).ljust(w0) + "".join("  " + cells.get((w, c), "-").ljust(width[c] + 3) for c in columns)
              + "  " + goal(w))
    if ceiling:
        print()
        print("%s, the zero-cost client, same runs: its ops/s over the best peer's (the most any client got past"
              " the best peer), and ours over its" % CEILING)
        print("workload".ljust(w0) + "  " + "raw / best peer".ljust(22) + "  ours / raw")
        for w in workloads:
            if (w, BEST) in ceiling:
                print(("%s (ops/s)" % w).ljust(w0) + "  " + cell(ceiling[(w, BEST)]).ljust(22) + "  " + cell(ceiling[(w, "ours")]))


if __name__ == "__main__":
    main(sys.argv[1:])
