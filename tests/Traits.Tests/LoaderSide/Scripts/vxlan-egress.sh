#!/bin/sh
# Traits set at a router's XDP, read at TC egress on the underlay of a VXLAN tunnel (meta backend).
# Run inside `unshare -m` (it mounts a private bpffs). Usage: vxlan-egress.sh TRAITSBPF_DLL ASSEMBLY PREFIX PACKETS
# Topology: namespace A (sender) -- veth -- B (router: XDP tagger on its A side, forwards into
# vxlan0, TC egress reader on the underlay veth) -- veth -- C (the tunnel's far end).
# Prints the reader's Seen map as three lines "slot count".
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3; PACKETS=$4
. "$(dirname "$0")/vxlan-topology.sh"
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
