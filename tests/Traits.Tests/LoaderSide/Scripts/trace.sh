#!/bin/sh
# traitsbpf trace on a forwarding path: namespace A (sender) -- veth -- B (router: XDP tags UDP datagrams with
# 0x5452414300000000 + their number as trait trace_id, TC ingress reads it) -- veth -- C (receiver: a socket reads port 9999; nobody
# listens on 9998, so those datagrams are dropped).
# Run inside `unshare -m` (it mounts a private bpffs). Usage: trace.sh TRAITSBPF_DLL ASSEMBLY PREFIX BACKEND OUT LOST
# Writes OUT/none.err (trace before any program that uses traits, with its exit code), OUT/unknown.err and
# OUT/badvalue.err (--where with a name the registry lacks, a value that is not the trait's type), OUT/delivered.out
# (trace --where trace_id=MARKER+7 --count 3), OUT/dropped.out (--where trace_id=MARKER+107 --count 4),
# OUT/stream.out (--where trace_id=MARKER+50 --count 4: a TCP segment read by a socket), OUT/all.out (no filter,
# ended by SIGTERM), OUT/lost.out (--where trace_flood=1, stopped with SIGSTOP while LOST datagrams to the closed port fill
# its ring buffer, then continued and ended by SIGTERM once it has printed what the ring held), each with its .err, OUT/seconds (how long the counted traces ran after the datagrams were sent)
# and OUT/left.txt: the tbpf_skb_*/tbpf_stash_* programs and links still there once the traces ended (empty when
# trace left nothing behind).
set -e
MARKER=$((0x5452414300000000))
T="dotnet $1"; ASSEMBLY=$2; P=$3; BACKEND=$4; OUT=$5; LOST_DATAGRAMS=$6
cleanup() { kill "$LISTENER" 2>/dev/null || true; for n in A B C; do ip netns del "${P}$n" 2>/dev/null || true; done; }
trap cleanup EXIT
for n in A B C; do ip netns del "${P}$n" 2>/dev/null || true; done
mount -t bpf bpf /sys/fs/bpf
for n in A B C; do ip netns add "${P}$n"; done
ip link add "${P}a0" netns "${P}A" type veth peer name "${P}b0" netns "${P}B"
ip link add "${P}b1" netns "${P}B" type veth peer name "${P}c1" netns "${P}C"
A="ip netns exec ${P}A"; B="ip netns exec ${P}B"; C="ip netns exec ${P}C"
$A ip addr add 10.81.0.1/24 dev "${P}a0"; $A ip link set "${P}a0" up; $A ip route add 10.82.0.0/24 via 10.81.0.2
$B ip addr add 10.81.0.2/24 dev "${P}b0"; $B ip link set "${P}b0" up
$B ip addr add 10.82.0.2/24 dev "${P}b1"; $B ip link set "${P}b1" up
$B sysctl -qw net.ipv4.ip_forward=1
$C ip addr add 10.82.0.3/24 dev "${P}c1"; $C ip link set "${P}c1" up; $C ip route add 10.81.0.0/24 via 10.82.0.2
NB="nsenter --net=/run/netns/${P}B"
$T trace --count 1 >/dev/null 2>"$OUT/none.err" || echo "exit $?" >>"$OUT/none.err"
$NB $T load "$ASSEMBLY" -p trace_tag -i "${P}b0" --traits "$BACKEND" -n tag >/dev/null
$NB $T load "$ASSEMBLY" -p trace_read -i "${P}b0" --tc ingress --traits "$BACKEND" -n read >/dev/null
$T trace --where nosuch=1 >/dev/null 2>"$OUT/unknown.err" || echo "exit $?" >>"$OUT/unknown.err"
$T trace --where trace_id=seven >/dev/null 2>"$OUT/badvalue.err" || echo "exit $?" >>"$OUT/badvalue.err"
$C python3 -c "
import socket, threading
def stream():
    l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    l.bind(('10.82.0.3', 9997))
    l.listen()
    while True:
        c, _ = l.accept()
        while c.recv(2048):
            pass
        c.close()
threading.Thread(target=stream, daemon=True).start()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('10.82.0.3', 9999))
while True:
    s.recv(2048)
" &
LISTENER=$!
# Data segments with a 20-byte TCP header, which the tagger recognises.
$A sysctl -qw net.ipv4.tcp_timestamps=0

# Each trace is ready once it says what it attached.
$T trace --where trace_id=$((MARKER + 7)) --count 3 --timeout 60 >"$OUT/delivered.out" 2>"$OUT/delivered.err" &
DELIVERED=$!
$T trace --where trace_id=$((MARKER + 107)) --count 4 --timeout 60 >"$OUT/dropped.out" 2>"$OUT/dropped.err" &
DROPPED=$!
$T trace --where trace_id=$((MARKER + 50)) --count 4 --timeout 60 >"$OUT/stream.out" 2>"$OUT/stream.err" &
STREAM=$!
$T trace --timeout 120 >"$OUT/all.out" 2>"$OUT/all.err" &
ALL=$!
for i in $(seq 600); do
	if grep -q "^tracing" "$OUT/delivered.err" && grep -q "^tracing" "$OUT/dropped.err" && grep -q "^tracing" "$OUT/all.err" && grep -q "^tracing" "$OUT/stream.err"; then break; fi
	sleep 0.1
done

# Datagrams 0-19 to the socket, 100-119 to the closed port.
SENT=$(date +%s)
$A python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(20):
    s.sendto(i.to_bytes(4, 'big') * 4, ('10.82.0.3', 9999))
    s.sendto((100 + i).to_bytes(4, 'big') * 4, ('10.82.0.3', 9998))
    time.sleep(0.01)
c = socket.create_connection(('10.82.0.3', 9997))
c.sendall((50).to_bytes(4, 'big') * 4)
time.sleep(0.2)
c.close()
"
wait "$DELIVERED" || echo "delivered trace exit $?" >>"$OUT/delivered.err"
wait "$DROPPED" || echo "dropped trace exit $?" >>"$OUT/dropped.err"
wait "$STREAM" || echo "stream trace exit $?" >>"$OUT/stream.err"
echo $(($(date +%s) - SENT)) >"$OUT/seconds"
kill -TERM "$ALL"
wait "$ALL" || echo "all trace exit $?" >>"$OUT/all.err"

# A reader that stops reading: the ring buffer fills, and what it could not hold is counted, not lost silently.
$T trace --where trace_flood=1 --timeout 120 >"$OUT/lost.out" 2>"$OUT/lost.err" &
LOST=$!
for i in $(seq 600); do
	if grep -q "^tracing" "$OUT/lost.err"; then break; fi
	sleep 0.1
done
kill -STOP "$LOST"
$A python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range($LOST_DATAGRAMS):
    s.sendto((1000 + i).to_bytes(4, 'big') * 4, ('10.82.0.3', 9998))
    time.sleep(0.0005)
"
sleep 0.5
kill -CONT "$LOST"
# Done once it has printed what the ring held: no new line for a second.
LINES=-1
for i in $(seq 120); do
	sleep 1
	NOW=$(wc -l <"$OUT/lost.out")
	[ "$NOW" -eq "$LINES" ] && break
	LINES=$NOW
done
kill -TERM "$LOST"
wait "$LOST" || echo "lost trace exit $?" >>"$OUT/lost.err"
# Programs are freed once their last link and descriptor close: give the kernel a moment.
for i in $(seq 50); do
	bpftool prog show | grep -E "name tbpf_(skb|stash)_" >"$OUT/left.txt" || true
	[ -s "$OUT/left.txt" ] || break
	sleep 0.1
done
bpftool link show | grep -B1 -A2 -E "tbpf_(skb|stash)_" >>"$OUT/left.txt" || true
