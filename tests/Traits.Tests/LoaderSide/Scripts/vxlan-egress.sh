#!/bin/sh
# Traits set at a router's XDP, read at TC egress on the underlay of a VXLAN tunnel (meta backend).
# Run inside `unshare -m` (it mounts a private bpffs). Usage: vxlan-egress.sh TRAITSBPF_DLL ASSEMBLY PREFIX PACKETS
# Topology: namespace A (sender) -- veth -- B (router: XDP tagger on its A side, forwards into
# vxlan0, TC egress reader on the underlay veth) -- veth -- C (the tunnel's far end).
# Prints the reader's Seen map as three lines "slot count".
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3; PACKETS=$4
cleanup() { for n in A B C; do ip netns del "${P}$n" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
mount -t bpf bpf /sys/fs/bpf
for n in A B C; do ip netns add "${P}$n"; done
ip link add "${P}a0" netns "${P}A" type veth peer name "${P}b0" netns "${P}B"
ip link add "${P}b1" netns "${P}B" type veth peer name "${P}c1" netns "${P}C"
A="ip netns exec ${P}A"; B="ip netns exec ${P}B"; C="ip netns exec ${P}C"
$A ip addr add 10.71.0.1/24 dev "${P}a0"; $A ip link set "${P}a0" up; $A ip link set lo up
$A ip route add 10.72.0.0/24 via 10.71.0.2
$B ip addr add 10.71.0.2/24 dev "${P}b0"; $B ip link set "${P}b0" up
$B ip addr add 192.168.71.2/24 dev "${P}b1"; $B ip link set "${P}b1" up
$B ip link add vx0 type vxlan id 42 local 192.168.71.2 remote 192.168.71.3 dstport 4789 dev "${P}b1"
$B ip addr add 10.72.0.2/24 dev vx0; $B ip link set vx0 up
$B sysctl -qw net.ipv4.ip_forward=1
$C ip addr add 192.168.71.3/24 dev "${P}c1"; $C ip link set "${P}c1" up
$C ip link add vx0 type vxlan id 42 local 192.168.71.3 remote 192.168.71.2 dstport 4789 dev "${P}c1"
$C ip addr add 10.72.0.3/24 dev vx0; $C ip link set vx0 up
$C ip route add 10.71.0.0/24 via 10.72.0.2
NB="nsenter --net=/run/netns/${P}B"
$NB $T load "$ASSEMBLY" -p veth_tag -i "${P}b0" --traits meta -n tag >/dev/null
$NB $T load "$ASSEMBLY" -p veth_count -i "${P}b1" --tc egress --traits meta -n count >/dev/null
# UDP datagrams of 4 to 160 bytes, each a different length, paced so none is dropped.
$A python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('10.72.0.3', 9999))
    time.sleep(0.001)
" "$PACKETS"
for slot in 0 1 2; do
	echo "$slot $($NB $T maps count --map Seen --json | python3 -c "import json, sys; print(next(e['valueInt'] for e in json.load(sys.stdin)[0]['entries'] if e['keyInt'] == $slot))")"
done
$NB $T detach -i "${P}b0" >/dev/null 2>&1 || true
$NB $T detach -i "${P}b1" >/dev/null 2>&1 || true
