#!/bin/sh
# A recycled sk_buff address must not expose an earlier packet's traits: the sender's TC egress tags
# only its even-numbered UDP datagrams (stash backend, no XDP), the receiver's TC ingress reads every
# one; the datagrams are dropped by the receiver's stack (no socket, unless READER is listen), so each sk_buff is freed and its
# address soon reused. With REAPER=off the reaper is detached after loading, so no free is seen.
# FLOWS senders' sockets (source ports) take turns; PACE seconds between datagrams (0: as fast as
# Python sends, a churn of sk_buffs from many flows).
# With READER "listen", a UDP socket on the receiver reads every datagram instead.
# Run inside `unshare -m`. Usage: stash-recycle.sh TRAITSBPF_DLL ASSEMBLY PREFIX PACKETS on|off [FLOWS [PACE [none|listen]]]
# Prints "carried absent wrong" of the reader, then the stash's state from `traitsbpf traits`.
set -e
T="dotnet $1"; ASSEMBLY=$2; P=$3; PACKETS=$4; REAPER=$5; FLOWS=${6:-1}; PACE=${7:-0.0005}; READER=${8:-none}
cleanup() { for n in A B; do ip netns del "${P}$n" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
mount -t bpf bpf /sys/fs/bpf
for n in A B; do ip netns add "${P}$n"; done
ip link add "${P}a0" netns "${P}A" type veth peer name "${P}b0" netns "${P}B"
A="ip netns exec ${P}A"; B="ip netns exec ${P}B"
$A ip addr add 10.73.0.1/24 dev "${P}a0"; $A ip link set "${P}a0" up
$B ip addr add 10.73.0.2/24 dev "${P}b0"; $B ip link set "${P}b0" up
NA="nsenter --net=/run/netns/${P}A"; NB="nsenter --net=/run/netns/${P}B"
$NA $T load "$ASSEMBLY" -p stash_mark_even -i "${P}a0" --tc egress --traits stash -n mark >/dev/null
$NB $T load "$ASSEMBLY" -p stash_count -i "${P}b0" --tc ingress --traits stash -n count >/dev/null
if [ "$REAPER" = off ]; then
	$NA $T detach -n tbpf_reap_consume >/dev/null
	$NA $T detach -n tbpf_reap_kfree >/dev/null
fi
if [ "$READER" = listen ]; then
	# A socket reads every datagram: the sk_buffs it reads are freed past both of the reaper's tracepoints on 6.18
	# (UDP's deferred free on the reading CPU), so their entries stay behind for the next packet at the address.
	$B python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
s.bind(('10.73.0.2', 9999))
s.settimeout(2)
try:
    while True:
        s.recv(4096)
except socket.timeout:
    pass
" &
	reader=$!
	sleep 0.5
fi
$A python3 -c "
import socket, sys, time
flows = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(int(sys.argv[2]))]
pace = float(sys.argv[3])
for i in range(int(sys.argv[1])):
    flows[i % len(flows)].sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('10.73.0.2', 9999))
    if pace:
        time.sleep(pace)
" "$PACKETS" "$FLOWS" "$PACE"
[ -z "${reader:-}" ] || wait "$reader"
$NB $T maps count --map Seen --json | python3 -c "import json, sys; e = {x['keyInt']: x['valueInt'] for x in json.load(sys.stdin)[0]['entries']}; print(e[0], e[1], e[2])"
$NB $T traits | grep -i stash || true
