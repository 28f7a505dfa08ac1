#!/usr/bin/env bash
# TraitsBpf set-up, build and test on a fresh Debian 12 machine.
#
#   ./build.sh          install what is missing, build, publish the native CLI, link ./traitsbpf to it
#   ./build.sh demo     build, then run the demo (veth pair in a namespace)
#   ./build.sh test     build, then run every test tier
#   ./build.sh pack     build the NuGet packages into artifacts/packages
#
# Every step is idempotent: a second run installs nothing and rebuilds only
# what changed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
CONFIG=${CONFIG:-Release}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages the build, the tests and the demo need. clang/llvm are test
# oracles only (the product never calls them). xdp-tools brings xdp-loader (the
# other tool in the XDP coexistence tests) and libxdp1, which traitsbpf uses to
# join libxdp's XDP dispatcher.
# ethtool turns GRO on in the stash cost benchmark (docs/benchmarks.md).
APT_PACKAGES=(
  libbpf1 libbpf-dev bpftool clang llvm iproute2 iputils-ping
  qemu-system-x86 linux-source-6.12 dwarves bc bison flex libelf-dev
  libssl-dev cpio busybox-static kmod xz-utils zlib1g-dev xdp-tools ethtool
)

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
}

build() {
  install_packages
  log "dotnet build ($CONFIG)"
  dotnet build TraitsBpf.sln -c "$CONFIG" -nologo -v quiet -clp:NoSummary
  publish_native_cli
  write_launcher
}

# The traitsbpf CLI as one NativeAOT executable (the dotnet tool's code, compiled ahead of time):
# it starts in milliseconds where `dotnet traitsbpf.dll` needs a runtime start and a JIT.
# Incremental: MSBuild skips the native compile when no input changed.
NATIVE_CLI="$ROOT/artifacts/native/traitsbpf"
publish_native_cli() {
  log "dotnet publish traitsbpf (NativeAOT)"
  dotnet publish Loader/Cli/TraitsBpf.Cli.csproj -c "$CONFIG" -r linux-x64 -p:TraitsBpfNativeAot=true \
    -o "$(dirname "$NATIVE_CLI")" -nologo -v quiet -clp:NoSummary
}

# ./traitsbpf is the native executable itself (a symbolic link, so nothing starts before it).
write_launcher() {
  rm -f "$ROOT/traitsbpf"
  ln -s "$NATIVE_CLI" "$ROOT/traitsbpf"
}

# The packages, in dependency order; docs/packages.md says what is in each.
PACKAGE_PROJECTS=(
  Abi/TraitsBpf.Abi.csproj
  Object/TraitsBpf.Object.csproj
  Programs/Sdk/TraitsBpf.Sdk.csproj
  Loader/TraitsBpf.Loader.csproj
  Testing/TraitsBpf.Testing.csproj
  Loader/Cli/TraitsBpf.Cli.csproj
  Build/TraitsBpf.Build.csproj
  Templates/TraitsBpf.Templates.csproj
)

pack() {
  install_packages
  log "dotnet pack ($CONFIG) -> artifacts/packages"
  rm -rf "$ROOT/artifacts/packages"
  # TRAITSBPF_PACK=1 (Directory.Build.props): a CI build with its own bin/ and obj/ under artifacts/.
  for proj in "${PACKAGE_PROJECTS[@]}"; do
    TRAITSBPF_PACK=1 dotnet pack "$proj" -c "$CONFIG" -nologo -v quiet -clp:NoSummary
  done
  ls "$ROOT/artifacts/packages"
}

# tier NAME COMMAND…: runs one test tier with its output on the console and in
# artifacts/test-logs/NAME.log, and notes how it ended for the summary.
TIER_RESULTS=()
tier() {
  local name=$1; shift
  local logfile="$ROOT/artifacts/test-logs/$name.log" t0=$SECONDS status=0
  log "test $name"
  "$@" 2>&1 | tee "$logfile" || status=${PIPESTATUS[0]}
  if [ "$status" = 0 ]; then
    TIER_RESULTS+=("PASS  $name ($((SECONDS - t0))s)")
  else
    TIER_RESULTS+=("FAIL  $name ($((SECONDS - t0))s, exit $status; full output: artifacts/test-logs/$name.log)")
  fi
  return "$status"
}

# The end of a run's output is what a CI report keeps: each tier's outcome, and for a tier that
# failed, the tests that failed with their messages (dotnet test) or its FAIL lines (scripts).
summarize() {
  log "test summary"
  local line name
  for line in "${TIER_RESULTS[@]}"; do
    echo "$line"
    case $line in FAIL*) ;; *) continue ;; esac
    name=${line#FAIL  }; name=${name%% (*}
    # A failed xunit test prints "  Failed NAME [time]", then its message and stack; keep 12 lines.
    awk '/^  Failed /{n=12} /^  Passed /{n=0} n>0{print "      " $0; n--}' "$ROOT/artifacts/test-logs/$name.log" | head -120
    grep -E '^(FAIL|  FAIL) ' "$ROOT/artifacts/test-logs/$name.log" | sed 's/^/      /' | head -40 || true
  done
}

run_tests() {
  local failed=0
  mkdir -p "$ROOT/artifacts/test-logs"
  rm -f "$ROOT/artifacts/test-logs/"*.log
  # Tiers 1 and 2: unit tests, and the host kernel (load, test runs, veth pairs in namespaces).
  for proj in tests/*/*.Tests.csproj; do
    tier "$(basename "$proj" .csproj)" \
      dotnet test "$proj" -c "$CONFIG" --no-build -nologo --logger "console;verbosity=normal" || failed=1
  done
  # The package route, from artifacts/packages only, in a temporary directory.
  tier packages tests/Packages/run.sh || failed=1
  # Tier 3: the packet-traits kernel series, built (or taken from the cache) and booted in qemu,
  # then the C# tagger and reader carrying traits XDP -> TC in that kernel, both backends.
  tier kernel Kernel/test.sh || failed=1
  tier traits-vm tests/Vm/traits-e2e.sh || failed=1
  tier coexist-vm tests/Vm/coexist.sh || failed=1
  summarize
  return $failed
}

case "${1:-build}" in
  build) build ;;
  demo) build; exec "$ROOT/demo/demo.sh" ;;
  test) build; pack; run_tests ;;
  pack) pack ;;
  *) echo "usage: $0 [build|demo|test|pack]" >&2; exit 2 ;;
esac
