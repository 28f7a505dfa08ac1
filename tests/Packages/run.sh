#!/usr/bin/env bash
# The package route, from artifacts/packages only (written by ./build.sh pack), in a temporary
# directory that knows nothing of the repository:
#   dotnet new install TraitsBpf.Templates; dotnet new traitsbpf-xdp -n Demo; dotnet build
#   -> Demo.bpf.o, which bpftool loads; dotnet test passes (managed and kernel, none skipped);
#   dotnet tool install --tool-path gives a traitsbpf that attaches Demo.bpf.o at XDP on a veth
#   pair between two namespaces, where it drops UDP to port 9 and passes ping;
#   the template's service project gets the program's typed skeleton from TraitsBpf.Build (no second
#   build rewrites it) and, with no traitsbpf process, attaches the program on the same veth and
#   reads the drops from the typed map, as bpftool map dump reads them;
#   and the same build and test for dotnet new traitsbpf-tc.
# Needs root. Two to four and a half minutes on two busy cores (load 30), most of it restoring and
# building; ./build.sh test runs ./build.sh pack first.
#
# TraitsBpf.* packages are restored into a package folder of this run's own (so a stale cached
# copy is never used); third-party packages come from /opt/nuget/packages or a cache kept
# between runs in $TRAITSBPF_PACKAGE_TEST_CACHE (default /var/tmp/traitsbpf-package-test).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PACKAGES=$ROOT/artifacts/packages
CACHE=${TRAITSBPF_PACKAGE_TEST_CACHE:-/var/tmp/traitsbpf-package-test}

step() { printf '\n\033[1m-- %s\033[0m\n' "$*"; }
fail() { printf '\033[31mpackage test failed: %s\033[0m\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run it as root (it loads BPF programs and creates namespaces)"
TEMPLATES=$(ls "$PACKAGES"/TraitsBpf.Templates.*.nupkg 2>/dev/null | tail -n 1)
[ -n "$TEMPLATES" ] || fail "no TraitsBpf.Templates package in $PACKAGES; run ./build.sh pack first"
VERSION=$(basename "$TEMPLATES" .nupkg); VERSION=${VERSION#TraitsBpf.Templates.}

ID=$$
WORK=$(mktemp -d /tmp/traitsbpf-packages.XXXXXX)
TX_NS=tbpkg-$ID-tx RX_NS=tbpkg-$ID-rx TX_IF=tbp${ID}t RX_IF=tbp${ID}r
TX_IP=10.204.0.1 RX_IP=10.204.0.2
PIN=/sys/fs/bpf/tbpkg-$ID
NAME=pkgtest-$ID
# dotnet test in the current solution: both tests (managed, and managed against the kernel) pass, none skipped.
run_tests() {
  dotnet test --no-build -nologo --logger "console;verbosity=normal" >"$1" 2>&1 || { cat "$1"; fail "dotnet test failed in $PWD"; }
  grep -E '^ +(Passed|Failed|Skipped) ' "$1" || true
  grep -Eq '^ +Passed: +2$' "$1" && ! grep -Eq '^ +(Failed|Skipped): +[1-9]' "$1" || { cat "$1"; fail "dotnet test in $PWD did not pass exactly 2 tests with none skipped"; }
}
cleanup() {
  local status=$?
  if [ -n "${SERVICE:-}" ]; then kill "$SERVICE" 2>/dev/null || true; fi
  if [ -d "/sys/fs/bpf/traitsbpf/$NAME" ]; then
    nsenter --net="/run/netns/$RX_NS" "$WORK/tools/traitsbpf" detach --name "$NAME" >/dev/null 2>&1 || true
  fi
  rm -rf "$PIN"
  ip netns del "$TX_NS" 2>/dev/null || true
  ip netns del "$RX_NS" 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT

# Everything dotnet and NuGet keep per user (templates, tools, settings) lives in $WORK.
export DOTNET_CLI_HOME=$WORK/home DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES=$WORK/nuget-packages
mkdir -p "$WORK/packages" "$CACHE"
cp "$PACKAGES"/TraitsBpf.*."$VERSION".nupkg "$WORK/packages/"
cat > "$WORK/NuGet.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$WORK/packages" />
    <add key="cache" value="$CACHE" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="TraitsBpf.*" /></packageSource>
    <packageSource key="cache"><package pattern="*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
  <fallbackPackageFolders>
    <add key="opt" value="/opt/nuget/packages" />
  </fallbackPackageFolders>
</configuration>
CONFIG
cd "$WORK"

step "dotnet new install TraitsBpf.Templates $VERSION"
dotnet new install "$WORK/packages/TraitsBpf.Templates.$VERSION.nupkg" >/dev/null
dotnet new list traitsbpf | grep -E 'traitsbpf-(xdp|tc)'

step "dotnet new traitsbpf-xdp -n Demo; dotnet build"
dotnet new traitsbpf-xdp -n Demo >/dev/null
cd Demo
dotnet build -nologo -v quiet -clp:NoSummary
OBJECT=$WORK/Demo/Demo/bin/Debug/net10.0/Demo.bpf.o
[ -f "$OBJECT" ] || fail "dotnet build wrote no $OBJECT"
echo "built $OBJECT ($(stat -c %s "$OBJECT") bytes)"

step "a second dotnet build leaves Demo.bpf.o alone; a refused construct is an MSBuild error at its line"
BEFORE=$(stat -c %y "$OBJECT")
sleep 1
dotnet build Demo/Demo.csproj -nologo -v quiet -clp:NoSummary >/dev/null
[ "$(stat -c %y "$OBJECT")" = "$BEFORE" ] || fail "an unchanged build rewrote $OBJECT"
cat > Demo/Refused.cs <<'CS'
using TraitsBpf;

namespace Demo;

public static class Refused
{
    [Xdp("refused")]
    public static XdpAction Run(XdpContext ctx) =>
        new object().GetHashCode() == 0 ? XdpAction.Drop : XdpAction.Pass;
}
CS
if dotnet build Demo/Demo.csproj -nologo -v quiet -clp:NoSummary >"$WORK/refused.log" 2>&1; then
  fail "dotnet build accepted a program that allocates an object"
fi
grep -m1 -E 'Refused\.cs\(9\): error TRAITSBPF: ' "$WORK/refused.log" || { cat "$WORK/refused.log"; fail "the refusal is not an MSBuild error at Refused.cs line 9"; }
rm Demo/Refused.cs
dotnet build Demo/Demo.csproj -nologo -v quiet -clp:NoSummary >/dev/null

step "bpftool loads Demo.bpf.o"
bpftool prog load "$OBJECT" "$PIN"
bpftool prog show pinned "$PIN" >"$WORK/bpftool.log"
head -1 "$WORK/bpftool.log"
rm -f "$PIN"

step "dotnet test (managed and kernel agree; nothing skipped)"
run_tests "$WORK/test.log"

step "dotnet tool install TraitsBpf.Cli --tool-path"
dotnet tool install TraitsBpf.Cli --version "$VERSION" --tool-path "$WORK/tools" >/dev/null
TOOL_VERSION=$("$WORK/tools/traitsbpf" --version 2>&1 || true)
echo "${TOOL_VERSION%%$'\n'*}"

step "traitsbpf loads Demo.bpf.o at XDP on a veth pair: $TX_NS ($TX_IP) -> $RX_NS ($RX_IP)"
ip netns add "$TX_NS"
ip netns add "$RX_NS"
ip link add "$TX_IF" type veth peer name "$RX_IF"
ip link set "$TX_IF" netns "$TX_NS"
ip link set "$RX_IF" netns "$RX_NS"
ip -n "$TX_NS" addr add "$TX_IP/24" dev "$TX_IF"
ip -n "$RX_NS" addr add "$RX_IP/24" dev "$RX_IF"
ip -n "$TX_NS" link set "$TX_IF" up
ip -n "$RX_NS" link set "$RX_IF" up
# nsenter enters only the network namespace (ip netns exec would hide /sys/fs/bpf).
rx() { nsenter --net="/run/netns/$RX_NS" "$WORK/tools/traitsbpf" "$@"; }
tx() { nsenter --net="/run/netns/$TX_NS" "$@"; }
rx load "$OBJECT" --program udp_port_filter --iface "$RX_IF" --name "$NAME"
rx list | grep "$NAME" || fail "traitsbpf list does not show $NAME"
tx ping -c 2 -i 0.2 -q "$RX_IP" >/dev/null || fail "ping did not pass the filter"
for i in 1 2 3 4 5; do tx bash -c "echo dropped-$i > /dev/udp/$RX_IP/9"; done
DROPPED=$(rx maps "$NAME" --map Dropped | awk '$1 == "0:" { print $2 }')
echo "ping passed; UDP to port 9 dropped: ${DROPPED:-none}"
[ "${DROPPED:-0}" -ge 5 ] || fail "expected at least 5 dropped datagrams, the map says ${DROPPED:-none}"
rx detach --name "$NAME"
ip -n "$RX_NS" -d link show dev "$RX_IF" | grep -q 'prog/xdp' && fail "$RX_IF still has an XDP program"

step "Demo.Service: the typed skeleton from the packages loads, attaches and reads the drops itself"
SKELETON=$WORK/Demo/Demo.Service/obj/Debug/net10.0/traitsbpf/Demo.Skeleton.g.cs
# Demo.dll changed since the solution's build (Refused.cs came and went): this build writes the skeleton again, the next must not.
dotnet build Demo.Service/Demo.Service.csproj -nologo -v quiet -clp:NoSummary >/dev/null
grep -m1 'public sealed class UdpPortFilterSkeleton' "$SKELETON" || fail "dotnet build wrote no skeleton class in $SKELETON"
BEFORE=$(stat -c %y "$SKELETON")
sleep 1
dotnet build Demo.Service/Demo.Service.csproj -nologo -v quiet -clp:NoSummary >/dev/null
[ "$(stat -c %y "$SKELETON")" = "$BEFORE" ] || fail "an unchanged build rewrote $SKELETON"
mkfifo "$WORK/service.in"
nsenter --net="/run/netns/$RX_NS" dotnet Demo.Service/bin/Debug/net10.0/Demo.Service.dll "$RX_IF" <"$WORK/service.in" >"$WORK/service.log" 2>&1 &
SERVICE=$!
exec 3>"$WORK/service.in"
for _ in $(seq 60); do grep -q '^attached' "$WORK/service.log" && break; kill -0 "$SERVICE" 2>/dev/null || break; sleep 0.5; done
grep '^attached' "$WORK/service.log" || { cat "$WORK/service.log"; fail "the service did not attach"; }
tx ping -c 2 -i 0.2 -q "$RX_IP" >/dev/null || fail "ping did not pass the service's filter"
for i in 1 2 3 4; do tx bash -c "echo service-$i > /dev/udp/$RX_IP/9"; done
# What the kernel holds, read by another process: the Dropped map of the program on the interface.
PROG_ID=$(ip -n "$RX_NS" -d link show dev "$RX_IF" 2>/dev/null | sed -n 's/.*prog\/xdp[a-z]* id \([0-9]*\).*/\1/p')
MAP_ID=$(bpftool prog show id "$PROG_ID" | sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' '\n' | while read -r id; do
  bpftool map show id "$id" | grep -q ": array  name Dropped " && echo "$id"; done)
[ -n "$MAP_ID" ] || fail "bpftool finds no Dropped map of program $PROG_ID on $RX_IF"
BPFTOOL_DROPPED=$(bpftool map dump id "$MAP_ID" | sed -n 's/.*"value": \([0-9]*\).*/\1/p')
exec 3>&-
wait "$SERVICE" || { cat "$WORK/service.log"; fail "the service failed"; }
cat "$WORK/service.log"
SERVICE_DROPPED=$(sed -n 's/^dropped \([0-9]*\)$/\1/p' "$WORK/service.log")
[ "$SERVICE_DROPPED" = 4 ] && [ "$BPFTOOL_DROPPED" = 4 ] || fail "the service read ${SERVICE_DROPPED:-nothing} and bpftool ${BPFTOOL_DROPPED:-nothing} dropped datagrams; 4 were sent"
ip -n "$RX_NS" -d link show dev "$RX_IF" 2>/dev/null | grep -q 'prog/xdp' && fail "$RX_IF still has an XDP program after the service ended"
echo "the service and bpftool both read 4 dropped datagrams; the program left with the service"

step "dotnet new traitsbpf-tc -n Guard; dotnet build; dotnet test"
cd "$WORK"
dotnet new traitsbpf-tc -n Guard >/dev/null
cd Guard
dotnet build -nologo -v quiet -clp:NoSummary
[ -f "$WORK/Guard/Guard/bin/Debug/net10.0/Guard.bpf.o" ] || fail "dotnet build wrote no Guard.bpf.o"
run_tests "$WORK/test-tc.log"

# Third-party packages downloaded this run are kept for the next (TraitsBpf.* never are).
find "$NUGET_PACKAGES" -mindepth 3 -maxdepth 3 -name '*.nupkg' ! -iname 'traitsbpf.*' -exec cp -n {} "$CACHE/" \;
step "the package route works"
