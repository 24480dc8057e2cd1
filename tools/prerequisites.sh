#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine with the .NET SDK, and
# prints `export` lines for the caller to eval (so PATH reaches the installed pwsh):
#   eval "$(bash tools/prerequisites.sh)"
# - a JDK, Debian's ZooKeeper 3.8 and kazoo (the independent Python client some tests check
#   against) (apt), when missing;
# - PowerShell (the pinned version, a .NET global tool from NuGet), when no pwsh is on PATH;
# - Pester (the pinned version, from its NuGet package), when that exact version is missing.
# Every step is bounded in time. Any failure exits non-zero with a message on stderr: a missing
# tool is never a silent skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

say() { echo "prerequisites: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[[ -f /usr/share/java/zookeeper.jar || -n "${ZOOKEEPER_HOME:-}" ]] || need+=(zookeeper)
/usr/bin/python3 -c 'import kazoo' >/dev/null 2>&1 || need+=(python3-kazoo)
if ((${#need[@]})); then
  say "installing ${need[*]} (apt)"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  timeout 600 $sudo_cmd apt-get update -qq >/dev/null 2>&1 || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive timeout 900 $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || fail "apt-get install ${need[*]}"
fi

tools_dir="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
export PATH="$PATH:$tools_dir"
if ! command -v pwsh >/dev/null 2>&1; then
  say "installing PowerShell $PWSH_VERSION (dotnet tool)"
  timeout 600 dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/dev/null 2>&1 \
    || fail "dotnet tool install --global PowerShell --version $PWSH_VERSION"
  command -v pwsh >/dev/null 2>&1 || fail "pwsh is not on PATH after installing it into $tools_dir"
fi

# Pester: exactly the pinned version, looked up the way the tests import it.
has_pester() {
  timeout 120 pwsh -NoLogo -NoProfile -NonInteractive -Command \
    "if (Get-Module -ListAvailable Pester | Where-Object Version -eq '$PESTER_VERSION') { exit 0 } else { exit 1 }" >/dev/null 2>&1
}
if ! has_pester; then
  say "installing Pester $PESTER_VERSION (NuGet package)"
  modules=$(timeout 120 pwsh -NoLogo -NoProfile -NonInteractive -Command \
    '($env:PSModulePath -split [IO.Path]::PathSeparator)[0]') || fail "pwsh does not start"
  [[ -n $modules ]] || fail "pwsh reports no module path"
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  cat > "$scratch/fetch-pester.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
PROJ
  packages="$scratch/packages"
  timeout 600 dotnet restore "$scratch/fetch-pester.csproj" --packages "$packages" >/dev/null 2>&1 \
    || fail "dotnet restore of the Pester $PESTER_VERSION package"
  [[ -f $packages/pester/$PESTER_VERSION/tools/Pester.psd1 ]] || fail "the Pester package holds no tools/Pester.psd1"
  mkdir -p "$modules/Pester"
  rm -rf "${modules:?}/Pester/$PESTER_VERSION"
  cp -r "$packages/pester/$PESTER_VERSION/tools" "$modules/Pester/$PESTER_VERSION"
  has_pester || fail "Pester $PESTER_VERSION is not found by pwsh after copying it to $modules/Pester"
fi

say "ready: $(pwsh -NoLogo -NoProfile -Command '"PowerShell $($PSVersionTable.PSVersion)"'), Pester $PESTER_VERSION, $(java -version 2>&1 | head -n 1)"
echo "export PATH=\"\$PATH:$tools_dir\""
