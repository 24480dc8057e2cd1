#!/usr/bin/env bash
# The main job on a fresh Debian machine with the .NET SDK: installs what is missing (ZooKeeper,
# a JDK, PowerShell and Pester at the versions tools/versions.env pins), then runs
# `build.ps1 -Task Demo`: it builds the module, starts ZooKeeper on 127.0.0.1:2181 when none
# answers, runs two masters and two workers as PowerShell processes, sends PowerShell tasks (one
# fails on purpose), kills a worker mid-run and checks that no task is lost, and stops everything
# it started. On Windows the same demo is `./build.ps1 -Task Demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
address=${ZK_ADDRESS:-127.0.0.1:2181}

setup=$(bash tools/prerequisites.sh) || { echo "demo: the prerequisites could not be installed (see above)"; exit 1; }
eval "$setup"

# build.ps1 stops what it started in its finally block; this catches what is left when the
# PowerShell running it dies first (killed, or the terminal closed).
pid_file="$repo/out/demo/pids"
cleanup() {
  [[ -f $pid_file ]] || return 0
  while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$pid_file"
  rm -f "$pid_file"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pwsh -NoLogo -NoProfile -NonInteractive -File "$repo/build.ps1" -Task Demo -ComputerName "$address"
