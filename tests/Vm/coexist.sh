#!/usr/bin/env bash
# XDP coexistence with libxdp on the patched kernel: another tool's program loaded with xdp-loader and
# traitsbpf's PacketCounter (C#) share a veth through libxdp's dispatcher, in the priority order asked,
# inside the packet-traits VM (whose kernel loads freplace programs, which the dispatcher needs and
# which some hosts refuse). See guest-coexist.sh for the checks.
#
#   tests/Vm/coexist.sh            (after ./build.sh; uses Kernel/build.sh's cached kernel)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=${CONFIG:-Release}
samples=$root/Programs/Samples/bin/$config/net10.0/TraitsBpf.Samples.dll
[ -f "$samples" ] || { echo "coexist: $samples is missing; run ./build.sh first" >&2; exit 1; }
command -v xdp-loader >/dev/null || { echo "coexist: xdp-loader is missing (apt-get install xdp-tools; ./build.sh installs it)" >&2; exit 1; }

. "$root/tests/Vm/vm-work.sh"
vm_work coexist
cp "$root/tests/Vm/guest-coexist.sh" "$work/"
"$root/traitsbpf" compile "$samples" --program xdp_counter -o "$work/counter.o" >/dev/null
clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c "$root/tests/Vm/xl_udp_drop.c" -o "$work/xl_udp_drop.o"
echo "compiled PacketCounter (C#) and xl_udp_drop (C, loaded with xdp-loader)"

cd "$work"
"$root/Kernel/vm/run.sh" --kernel "$kdir/bzImage" --timeout "${TRAITSBPF_VM_TIMEOUT:-1500}" -- \
  "$work/guest-coexist.sh" "$work/traitsbpf" "$work"
