#!/usr/bin/env bash
# Benchmarks PSZookeeper against the peer clients (Java, kazoo, C) on one fresh ZooKeeper
# server per run, using ../shared/bench-peers/run-all.sh, and prints our ratio to each peer.
# After ours, the zero-cost client (PSZookeeper.Bench.Ceiling, "raw-ceiling") runs the pipelined
# workloads on the same server: what the server gives a client that costs nothing per op.
#
#   bench/run-bench.sh                    # one run, default sizes
#   RUNS=3 bench/run-bench.sh             # three runs, ratios as median [min-max]
#   BENCH_ARGS="--n 5000" CLIENTS="java c" PORT=22181 bench/run-bench.sh
#
# Needs: apt-get install -y zookeeper python3-kazoo libzookeeper-mt-dev (run-all.sh builds the peers).
# Env: PSZK_SHARED_DIR (default: ../shared next to the repository), RUNS (default 1), and
# BENCH_ARGS / CLIENTS / PORT / CLIENT_TIMEOUT_S, passed on to run-all.sh.
# Results: bench/results/run-<date>-<i>.jsonl (kept out of git).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${PSZK_SHARED_DIR:-$repo/../shared}
peers=$(cd "$shared/bench-peers" && pwd) || { echo "no bench-peers under $shared (set PSZK_SHARED_DIR)" >&2; exit 2; }
runs=${RUNS:-1}

# The server, kazoo and the C client headers come from Debian packages; install them when missing.
if [[ ! -f /usr/share/java/zookeeper.jar || ! -f /usr/include/zookeeper/zookeeper.h ]] \
   || ! /usr/bin/python3 -c 'import kazoo' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "== installing zookeeper python3-kazoo libzookeeper-mt-dev" >&2
    apt-get install -y zookeeper python3-kazoo libzookeeper-mt-dev >&2 \
      || { apt-get update >&2 && apt-get install -y zookeeper python3-kazoo libzookeeper-mt-dev >&2; }
  else
    echo "missing peers: run  apt-get install -y zookeeper python3-kazoo libzookeeper-mt-dev" >&2
    exit 2
  fi
fi
"$peers/build.sh" >&2

echo "== building PSZookeeper.Bench and PSZookeeper.Bench.Ceiling (Release)" >&2
for project in PSZookeeper.Bench PSZookeeper.Bench.Ceiling; do
  dotnet build "$repo/bench/$project/$project.csproj" -c Release -nologo -v q >&2
  dll=$repo/bench/$project/bin/Release/net10.0/$project.dll
  [[ -f $dll ]] || { echo "missing $dll" >&2; exit 2; }
done

mkdir -p "$repo/bench/results"
stamp=$(date +%Y%m%d-%H%M%S)
files=()
for ((i = 1; i <= runs; i++)); do
  out=$repo/bench/results/run-$stamp-$i.jsonl
  echo "== run $i/$runs -> $out" >&2
  OUT=$out EXTRA_CLIENT="$repo/bench/ours-and-ceiling.sh" "$peers/run-all.sh" >&2
  files+=("$out")
done

/usr/bin/python3 "$peers/table.py" "${files[@]}"
echo
/usr/bin/python3 "$repo/bench/ratios.py" "${files[@]}"
