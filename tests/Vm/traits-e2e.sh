#!/usr/bin/env bash
# Packet traits end to end on the patched kernel: the C# tagger (XDP) and reader (TC ingress)
# from Programs/Samples, compiled for the kfunc backend and for the meta backend, loaded with
# traitsbpf inside the packet-traits VM, over a veth pair between two namespaces and over the
# VM's virtio-net NIC with traffic to qemu's gateway. Every IPv4 packet must reach TC with its
# traits, and both backends must count the same. With the kfunc backend, the TraitEcho service
# (TraitsBpf.Net) must receive every datagram with its own packet id (SOL_BPF control messages)
# and give each reply its request's traits, which ReplyCounter counts at TC egress per id;
# traitsbpf trace must show the kfunc backend's traits; C# fentry and kprobe programs, which the
# host refuses, must count packets.
#
#   tests/Vm/traits-e2e.sh            (after ./build.sh; uses Kernel/build.sh's cached kernel)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=${CONFIG:-Release}
samples=$root/Programs/Samples/bin/$config/net10.0/TraitsBpf.Samples.dll
[ -f "$samples" ] || { echo "traits-e2e: $samples is missing; run ./build.sh first" >&2; exit 1; }

. "$root/tests/Vm/vm-work.sh"
vm_work traits-e2e
cp -r "$root/Programs/Services/TraitEcho/bin/$config/net10.0" "$work/traitecho"
cp -r "$root/tests/TestSupport/bin/$config/net10.0" "$work/testsupport"
cp "$root/tests/Vm/guest-traits.sh" "$work/"
for backend in kfunc meta; do
  for program in tagger reader; do
    "$root/traitsbpf" compile "$samples" --program "$program" --traits "$backend" -o "$work/$program-$backend.o" >/dev/null
  done
done
"$root/traitsbpf" compile "$samples" --program replies --traits kfunc -o "$work/replies-kfunc.o" >/dev/null
# The numbered-datagram tagger and reader of the host's stash path tests, for the VLAN path the host cannot build.
stash_programs=$root/tests/Traits.Tests/bin/$config/net10.0/TraitsBpf.Traits.Tests.dll
for backend in stash meta; do
  for program in stash_tag stash_count; do
    "$root/traitsbpf" compile "$stash_programs" --program "$program" --traits "$backend" -o "$work/$program-$backend.o" >/dev/null
  done
done
echo "compiled tagger and reader for the kfunc and meta backends, replies for kfunc, the VLAN path's for stash and meta"

cd "$work"
"$root/Kernel/vm/run.sh" --kernel "$kdir/bzImage" --timeout "${TRAITSBPF_VM_TIMEOUT:-1800}" -- \
  "$work/guest-traits.sh" "$work/traitsbpf" "$work"
