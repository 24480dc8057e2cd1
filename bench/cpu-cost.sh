#!/usr/bin/env bash
# CPU cost of one client's run against a server that is already up: the client's CPU time and
# context switches (perf stat, software counters, which work in this VM where the hardware
# instruction counter does not) and the server's CPU time over the same run (from /proc).
# Wall-clock throughput on a loaded box moves by tens of percent; these move far less, and the
# server's share shows whether a workload is bound by the server rather than by the client.
#
#   ../shared/bench-peers/start-zk.sh 24517                 # a server of your own (not 2181)
#   bench/cpu-cost.sh 24517 ours --workloads multi --n 10 --multi 3000
#   bench/cpu-cost.sh 24517 c    --workloads multi --n 10 --multi 3000
#   ../shared/bench-peers/stop-zk.sh 24517
#
# CLIENT: ours (the Release build of bench/PSZookeeper.Bench), raw (the zero-cost client,
# bench/PSZookeeper.Bench.Ceiling, pipelined workloads only), java, c, kazoo. The rest are the
# benchmark's own flags (create and delete of --n nodes always run; --warmup 0 skips the warm-up).
# Prints the client's result lines, then one line:
#   {"client":"ours","client_cpu_ms":...,"context_switches":...,"server_cpu_ms":...}
set -euo pipefail
port=${1:?usage: cpu-cost.sh PORT CLIENT [bench flags...]}
client=${2:?usage: cpu-cost.sh PORT CLIENT [bench flags...]}
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
peers=$(cd "${PSZK_SHARED_DIR:-$repo/../shared}/bench-peers" && pwd)
case $client in
  ours) cmd=(dotnet "$repo/bench/PSZookeeper.Bench/bin/Release/net10.0/PSZookeeper.Bench.dll") ;;
  raw) cmd=(dotnet "$repo/bench/PSZookeeper.Bench.Ceiling/bin/Release/net10.0/PSZookeeper.Bench.Ceiling.dll") ;;
  java) cmd=(java -Xmx1g -cp "$peers/build:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar" JavaBench) ;;
  c) cmd=("$peers/build/c_bench") ;;
  kazoo) cmd=(/usr/bin/python3 "$peers/kazoo_bench.py") ;;
  *) echo "CLIENT must be ours, raw, java, c or kazoo" >&2; exit 2 ;;
esac
server=$(head -1 "/tmp/zkbench-$port/pids" 2>/dev/null) || { echo "no server on $port: run start-zk.sh $port" >&2; exit 2; }
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
before=$(server_cpu_ticks)
(cd "$peers" && perf stat -x, -e task-clock,context-switches -o "$stats" "${cmd[@]}" --hosts "127.0.0.1:$port" "$@")
after=$(server_cpu_ticks)
awk -F, -v c="$client" -v s=$(( (after - before) * 1000 / $(getconf CLK_TCK) )) '
  /task-clock/ { cpu = $1 } /context-switches/ { cs = $1 }
  END { printf "{\"client\":\"%s\",\"client_cpu_ms\":%.0f,\"context_switches\":%d,\"server_cpu_ms\":%d}\n", c, cpu, cs, s }' "$stats"
