#!/usr/bin/env bash
# Runs every test suite on a fresh Debian machine and ends with one line totalling them:
#   N passed, N failed, N skipped
# Installs what the suites need (ZooKeeper 3.8 from Debian, a JDK, PowerShell and Pester at the
# versions tools/versions.env pins) when it is missing, through tools/prerequisites.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

# ZooKeeper, a JDK, PowerShell and Pester (pinned in tools/versions.env); a failed install fails the run.
if ! setup=$(bash tools/prerequisites.sh); then
  echo "the prerequisites could not be installed (see above)"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
eval "$setup"

passed=0; failed=0; skipped=0
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# xunit: each test assembly writes a TRX file whose Counters element has the totals.
if ! timeout 900 dotnet build PSZookeeper.sln -c Release -nologo -v q > "$results/build.log" 2>&1; then
  tail -n 30 "$results/build.log"; echo "the build failed: no test ran"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
# Bounded, so a hang fails the run instead of eating CI's 90 minutes.
timeout 2400 dotnet test PSZookeeper.sln -c Release --no-build -nologo --blame-hang-timeout 10m \
  --logger "trx" --results-directory "$results/trx" 2>&1 | tee "$results/xunit.log" | grep -E "^\s*Failed |Passed!|Failed!|error"
xunit_status=${PIPESTATUS[0]}
for trx in "$results"/trx/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p"; }
  p=$(count passed); f=$(count failed); t=$(count total); e=$(count executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [[ $xunit_status -ne 0 && $failed -eq 0 ]]; then
  echo "xunit exited with $xunit_status without a failed test: counting the run as one failure"
  failed=$((failed + 1))
fi

timeout 1800 pwsh -NoProfile -File tests/pester/Invoke-Tests.ps1 2>&1 | tee "$results/pester.log"
line=$(grep -E "^PESTER: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$results/pester.log" | tail -n 1)
if [[ -n $line ]]; then
  read -r p f s < <(echo "$line" | sed -E 's/PESTER: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
else
  echo "the Pester run printed no summary: counting it as one failure"; failed=$((failed + 1))
fi

# CI shows only the end of the output: name what failed (and any hang) right above the total.
if [[ $failed -gt 0 ]]; then
  echo "---- what failed ----"
  grep -hE -A 80 "^\s*Failed " "$results/xunit.log" | head -n 200
  grep -hiE "hang|aborted|crashed|running when" "$results/xunit.log" | head -n 10
  # A hung or crashed test host leaves blame's sequence file: its last tests were the ones running.
  find "$results/trx" -name 'Sequence_*.xml' 2>/dev/null | while read -r sequence; do
    echo "last tests started in $(basename "$sequence"):"; grep -oE 'Name="[^"]*"' "$sequence" | tail -n 12
  done
  sed -E 's/\x1b\[[0-9;]*m//g' "$results/pester.log" | grep -hE -A 4 '^\s*\[-\]' | head -n 40
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
