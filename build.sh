#!/usr/bin/env bash
# TraitsBpf set-up, build and test on a fresh Debian 12 machine.
#
#   ./build.sh          install what is missing, build, write ./traitsbpf
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
APT_PACKAGES=(
  libbpf1 libbpf-dev bpftool clang llvm iproute2 iputils-ping
  qemu-system-x86 linux-source-6.12 dwarves bc bison flex libelf-dev
  libssl-dev cpio busybox-static kmod xz-utils xdp-tools
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
  cat > "$ROOT/traitsbpf" <<LAUNCHER
#!/bin/sh
exec dotnet "$ROOT/Loader/Cli/bin/$CONFIG/net10.0/traitsbpf.dll" "\$@"
LAUNCHER
  chmod +x "$ROOT/traitsbpf"
}

# The packages, in dependency order; docs/packages.md says what is in each.
PACKAGE_PROJECTS=(
  Abi/TraitsBpf.Abi.csproj
  Programs/Sdk/TraitsBpf.Sdk.csproj
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

run_tests() {
  local failed=0
  # Tiers 1 and 2: unit tests, and the host kernel (load, test runs, veth pairs in namespaces).
  for proj in tests/*/*.Tests.csproj; do
    log "test $(basename "$proj" .csproj)"
    dotnet test "$proj" -c "$CONFIG" --no-build -nologo --logger "console;verbosity=normal" || failed=1
  done
  # The package route, from artifacts/packages only, in a temporary directory.
  log "test the packages (tests/Packages/run.sh)"
  tests/Packages/run.sh || failed=1
  # Tier 3: the packet-traits kernel series, built (or taken from the cache) and booted in qemu,
  # then the C# tagger and reader carrying traits XDP -> TC in that kernel, both backends.
  log "test the patched kernel in a VM (Kernel/test.sh)"
  Kernel/test.sh || failed=1
  log "test C# packet traits in the patched kernel's VM (tests/Vm/traits-e2e.sh)"
  tests/Vm/traits-e2e.sh || failed=1
  log "test XDP coexistence with xdp-loader (libxdp's dispatcher) in the patched kernel's VM (tests/Vm/coexist.sh)"
  tests/Vm/coexist.sh || failed=1
  return $failed
}

case "${1:-build}" in
  build) build ;;
  demo) build; exec "$ROOT/demo/demo.sh" ;;
  test) build; pack; run_tests ;;
  pack) pack ;;
  *) echo "usage: $0 [build|demo|test|pack]" >&2; exit 2 ;;
esac
