#!/bin/sh
# Traits set at a router's XDP with per-packet sequence numbers, read along the packets' path:
# the router's TC ingress, its tunnel device's TC egress (after forwarding), its underlay's TC
# egress (inside VXLAN), the far end's underlay TC ingress (a second veth) and its tunnel device's
# TC ingress (after decapsulation).
# Run inside `unshare -m` (it mounts a private bpffs). Usage: stash-paths.sh TRAITSBPF_DLL ASSEMBLY PREFIX PACKETS BACKEND
# Topology: namespace A (sender) -- veth -- B (router: XDP tagger on its A side, forwards into
# vx0 over the veth b1) -- veth -- C (the tunnel's far end, receiver).
# Prints one line per reader: "name carried absent wrong".
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3; PACKETS=$4; BACKEND=$5
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
NB="nsenter --net=/run/netns/${P}B"; NC="nsenter --net=/run/netns/${P}C"
$NB $T load "$ASSEMBLY" -p stash_tag -i "${P}b0" --traits "$BACKEND" -n tag >/dev/null
$NB $T load "$ASSEMBLY" -p stash_count -i "${P}b0" --tc ingress --traits "$BACKEND" -n ingress >/dev/null
$NB $T load "$ASSEMBLY" -p stash_count -i vx0 --tc egress --traits "$BACKEND" -n forwarded >/dev/null
$NB $T load "$ASSEMBLY" -p stash_count -i "${P}b1" --tc egress --traits "$BACKEND" -n underlay >/dev/null
$NC $T load "$ASSEMBLY" -p stash_count -i "${P}c1" --tc ingress --traits "$BACKEND" -n second_veth >/dev/null
$NC $T load "$ASSEMBLY" -p stash_count -i vx0 --tc ingress --traits "$BACKEND" -n decapsulated >/dev/null
# UDP datagrams of 4 to 160 bytes, each starting with its sequence number, paced so none is dropped.
$A python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('10.72.0.3', 9999))
    time.sleep(0.001)
" "$PACKETS"
for reader in ingress forwarded underlay second_veth decapsulated; do
	echo "$reader $($NB $T maps "$reader" --map Seen --json | python3 -c "import json, sys; e = {x['keyInt']: x['valueInt'] for x in json.load(sys.stdin)[0]['entries']}; print(e[0], e[1], e[2])")"
done
for i in "${P}b0" vx0 "${P}b1"; do $NB $T detach -i "$i" >/dev/null 2>&1 || true; done
for i in "${P}c1" vx0; do $NC $T detach -i "$i" >/dev/null 2>&1 || true; done
