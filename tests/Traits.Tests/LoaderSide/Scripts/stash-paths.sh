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
. "$(dirname "$0")/vxlan-topology.sh"
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
