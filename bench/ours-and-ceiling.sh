#!/usr/bin/env bash
# run-all.sh's EXTRA_CLIENT for run-bench.sh: our benchmark, then the zero-cost client
# (PSZookeeper.Bench.Ceiling, "raw-ceiling"), with the same flags, against the same server.
set -uo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
dotnet "$bench/PSZookeeper.Bench/bin/Release/net10.0/PSZookeeper.Bench.dll" "$@" || exit
dotnet "$bench/PSZookeeper.Bench.Ceiling/bin/Release/net10.0/PSZookeeper.Bench.Ceiling.dll" "$@"
