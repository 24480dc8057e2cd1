#!/usr/bin/env bash
# The main job on a fresh Debian machine: build, start ZooKeeper on 127.0.0.1:2181 when none
# answers, run two masters and two workers in the background, send tasks (one fails on
# purpose), show the results, and stop everything it started.
# With PowerShell 7 on PATH this is `pwsh ./build.ps1 -Task Demo` (tasks are PowerShell).
# Without it (PowerShell is not in the package registries), the same farm runs through the .NET
# host with shell commands as tasks.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
address=${ZK_ADDRESS:-127.0.0.1:2181}

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[[ -f /usr/share/java/zookeeper.jar || -n "${ZOOKEEPER_HOME:-}" ]] || need+=(zookeeper)
if ((${#need[@]})); then
  echo "demo: installing ${need[*]}"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

if command -v pwsh >/dev/null 2>&1; then
  exec pwsh -NoProfile -File "$repo/build.ps1" -Task Demo -ComputerName "$address"
fi

echo "demo: pwsh is not installed, so the farm runs through the .NET host with shell commands as tasks"
work="$repo/out/demo"
rm -rf "$work"; mkdir -p "$work"
dotnet build "$repo/tests/PSZookeeper.Tasks.Host" -c Release -nologo -v q >/dev/null
host_dll="$repo/tests/PSZookeeper.Tasks.Host/bin/Release/net10.0/PSZookeeper.Tasks.Host.dll"
# dotnet is started directly (not through a function) so $! is its pid and cleanup reaches it.

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; echo "demo: stopped ${#pids[@]} background processes"; }
trap cleanup EXIT

ruok() { { exec 3<>"/dev/tcp/${address%:*}/${address#*:}" && printf ruok >&3 && timeout 2 cat <&3; } 2>/dev/null; }
if [[ $(ruok) == imok ]]; then
  echo "demo: using the ZooKeeper that answers on $address"
else
  echo "demo: no ZooKeeper answers on $address; starting one"
  mkdir -p "$work/zookeeper/data"
  cat > "$work/zookeeper/zoo.cfg" <<CFG
tickTime=2000
dataDir=$work/zookeeper/data
clientPort=${address#*:}
clientPortAddress=${address%:*}
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
forceSync=no
CFG
  java -Xmx256m -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$work/zookeeper/zoo.cfg" > "$work/zookeeper/zookeeper.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 60); do [[ $(ruok) == imok ]] && break; sleep 0.5; done
  [[ $(ruok) == imok ]] || { echo "demo: ZooKeeper did not start; see $work/zookeeper/zookeeper.log"; exit 1; }
fi

root="/pszk-demo-$RANDOM"
for name in master1 master2; do dotnet "$host_dll" master "$name" "$address" "$root" > "$work/$name.log" 2>&1 & pids+=($!); done
for name in worker1 worker2; do dotnet "$host_dll" worker "$name" "$address" "$root" 2 "$work" > "$work/$name.log" 2>&1 & pids+=($!); done
echo "demo: started master1, master2, worker1, worker2 (logs in $work)"

echo "demo: sending 4 tasks (the last fails on purpose and is retried once)"
set +e
dotnet "$host_dll" submit "$address" "$root" "uname -a" "ps -eo pid,comm --sort=-rss | head -n 5" "echo hello from \$PSZK_TASK_ID" "fail"
status=$?
set -e
echo "demo: task folders:"; find "$work" -maxdepth 2 -name 'task-*' | sort
[[ $status -eq 1 ]] && echo "demo: done (the failing task failed as intended)"
