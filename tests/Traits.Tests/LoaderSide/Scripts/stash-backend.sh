#!/bin/sh
# The host-wide traits backend: a stash program is loaded, then the same program compiled for the meta
# backend must be refused (exit 13); after detaching and traits --gc, the meta one loads.
# Run inside `unshare -m`. Usage: stash-backend.sh TRAITSBPF_DLL ASSEMBLY PREFIX
# Prints "refused EXIT", the refusal's message, then "after-gc EXIT".
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3
cleanup() { ip netns del "${P}H" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
mount -t bpf bpf /sys/fs/bpf
ip netns add "${P}H"
ip -n "${P}H" link add "${P}d0" type veth peer name "${P}d1"
ip -n "${P}H" link set "${P}d0" up
N="nsenter --net=/run/netns/${P}H"
$N $T load "$ASSEMBLY" -p stash_count -i "${P}d0" --tc ingress --traits stash -n first >/dev/null
set +e
message=$($N $T load "$ASSEMBLY" -p stash_count -i "${P}d0" --tc egress --traits meta -n second 2>&1 >/dev/null)
echo "refused $?"
set -e
echo "$message"
$N $T detach -n first >/dev/null
$N $T traits --gc >/dev/null
set +e
$N $T load "$ASSEMBLY" -p stash_count -i "${P}d0" --tc egress --traits meta -n second >/dev/null 2>&1
echo "after-gc $?"
set -e
$N $T detach -n second >/dev/null 2>&1 || true
