#!/bin/sh
# tc mirred under the stash backend: numbered UDP datagrams tagged at a router's XDP, read at its TC ingress (tcx, so
# before the mirror), copied by tc mirred (a clsact filter, after the tcx programs) out of a second veth whose other
# end reads the copies at TC ingress, and forwarded to a receiver: read at the router's TC egress and the receiver's
# TC ingress; with MIRROR "none", the same without the tc mirred filter; with MIRROR "rewrite", the mirror's side rewrites
# each copy's tag before it counts it, which must leave the originals' tags as they were.
# Run inside `unshare -m` (it mounts a private bpffs). Usage: stash-clone.sh TRAITSBPF_DLL ASSEMBLY PREFIX PACKETS MIRROR
# (MIRROR: none, mirror or rewrite)
# Topology: S (sender) -- veth s0/r0 -- R (router: forwards to D over r1) -- veth r1/d1 -- D (receiver);
# R -- veth m0/m1 -- M (the mirror's side). Prints one line per reader, "name carried absent wrong", then
# "entries N", the stash's entries in use once the traffic is done.
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3; PACKETS=$4; MIRROR=$5
cleanup() { for n in S R D M; do ip netns del "${P}$n" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
mount -t bpf bpf /sys/fs/bpf
for n in S R D M; do ip netns add "${P}$n"; done
ip link add "${P}s0" netns "${P}S" type veth peer name "${P}r0" netns "${P}R"
ip link add "${P}r1" netns "${P}R" type veth peer name "${P}d1" netns "${P}D"
ip link add "${P}m0" netns "${P}R" type veth peer name "${P}m1" netns "${P}M"
S="nsenter --net=/run/netns/${P}S"; R="nsenter --net=/run/netns/${P}R"
D="nsenter --net=/run/netns/${P}D"; M="nsenter --net=/run/netns/${P}M"
$S ip addr add 10.73.0.1/24 dev "${P}s0"; $S ip link set "${P}s0" up; $S ip route add 10.74.0.0/24 via 10.73.0.2
$R ip addr add 10.73.0.2/24 dev "${P}r0"; $R ip link set "${P}r0" up
$R ip addr add 10.74.0.2/24 dev "${P}r1"; $R ip link set "${P}r1" up; $R ip link set "${P}m0" up
$R sysctl -qw net.ipv4.ip_forward=1
$D ip addr add 10.74.0.3/24 dev "${P}d1"; $D ip link set "${P}d1" up; $D ip route add 10.73.0.0/24 via 10.74.0.2
$M ip link set "${P}m1" up
$R $T load "$ASSEMBLY" -p stash_tag -i "${P}r0" --traits stash -n tag >/dev/null
$R $T load "$ASSEMBLY" -p stash_count_next -i "${P}r0" --tc ingress --traits stash -n ingress >/dev/null
if [ "$MIRROR" = rewrite ]; then
	# The copies' traits are rewritten at the mirror's side, then counted against the rewritten value.
	$M $T load "$ASSEMBLY" -p stash_rewrite -i "${P}m1" --tc ingress --traits stash -n rewrite >/dev/null
	$M $T load "$ASSEMBLY" -p stash_count_rewritten -i "${P}m1" --tc ingress --traits stash -n mirror >/dev/null
else
	$M $T load "$ASSEMBLY" -p stash_count -i "${P}m1" --tc ingress --traits stash -n mirror >/dev/null
fi
$R $T load "$ASSEMBLY" -p stash_count -i "${P}r1" --tc egress --traits stash -n forwarded >/dev/null
$D $T load "$ASSEMBLY" -p stash_count -i "${P}d1" --tc ingress --traits stash -n receiver >/dev/null
if [ "$MIRROR" != none ]; then
	$R tc qdisc add dev "${P}r0" clsact
	$R tc filter add dev "${P}r0" ingress prio 1 u32 match u32 0 0 action mirred egress mirror dev "${P}m0"
fi
$S ping -c 1 -W 2 10.74.0.3 >/dev/null
$S python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('10.74.0.3', 9999))
    time.sleep(0.001)
" "$PACKETS"
sleep 1
for reader in ingress mirror forwarded receiver; do
	case $reader in mirror) N=$M;; receiver) N=$D;; *) N=$R;; esac
	echo "$reader $($N $T maps "$reader" --map Seen --json | python3 -c "import json, sys; e = {x['keyInt']: x['valueInt'] for x in json.load(sys.stdin)[0]['entries']}; print(e[0], e[1], e[2])")"
done
$R $T traits | sed -n "s/^stash: \([0-9]*\) of .*/entries \1/p"
for i in "${P}r0" "${P}r1"; do $R $T detach -i "$i" >/dev/null 2>&1 || true; done
$M $T detach -i "${P}m1" >/dev/null 2>&1 || true
$D $T detach -i "${P}d1" >/dev/null 2>&1 || true
