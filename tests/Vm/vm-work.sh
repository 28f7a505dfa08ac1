# Sourced by the VM test drivers (traits-e2e.sh, coexist.sh) after they set $root and $config:
# vm_work NAME sets $kdir to the packet-traits kernel (Kernel/build.sh, cached) and $work to a
# fresh directory under /var/tmp (the guest sees the host's root but not its /tmp), removed on
# exit, holding a copy of the CLI and its launcher, $work/traitsbpf.
vm_work() {
  kdir=$("$root/Kernel/build.sh" | tail -n 1)
  [ -s "$kdir/bzImage" ] || { echo "$1: no kernel from Kernel/build.sh" >&2; exit 1; }
  work=$(mktemp -d "/var/tmp/traitsbpf-$1.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  cp -r "$root/Loader/Cli/bin/$config/net10.0" "$work/cli"
  printf '#!/bin/sh\nexec dotnet "%s/cli/traitsbpf.dll" "$@"\n' "$work" >"$work/traitsbpf"
  chmod +x "$work/traitsbpf"
}
