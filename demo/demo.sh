#!/usr/bin/env bash
# The TraitsBpf demo: an XDP packet counter on the receiving end of a veth pair
# between two network namespaces of its own, real UDP and ICMP traffic across,
# the counters read back from the pinned map, then detach and a check that the
# interface is clean; then packet traits: a tagger at XDP sets a packet id, the
# arrival time and a traffic class on every IPv4 packet, and a reader at TC
# ingress counts what arrives with them.
#
#   demo/demo.sh                      the C# counter, Programs/Samples/PacketCounter.cs
#   DEMO_OBJECT=path/to/counter.o demo/demo.sh   any object meeting demo/README.md's contract
#
# Needs root, ./traitsbpf and the samples (both written by ./build.sh) and
# iproute2. Everything it creates is removed on exit, Ctrl-C or failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TRAITSBPF=${TRAITSBPF:-$ROOT/traitsbpf}
DEMO_OBJECT=${DEMO_OBJECT:-}
SAMPLES=${SAMPLES:-$ROOT/Programs/Samples/bin/${CONFIG:-Release}/net10.0/TraitsBpf.Samples.dll}
PROGRAM=${DEMO_PROGRAM:-xdp_counter}
COUNTERS_MAP=${DEMO_MAP:-Counters}
UDP_PACKETS=${DEMO_UDP_PACKETS:-40}
PINGS=${DEMO_PINGS:-5}

# Names unique to this run, so the demo can run beside tests or another demo.
ID=$$
SENDER_NS=tbdemo-$ID-tx
RECEIVER_NS=tbdemo-$ID-rx
SENDER_IF=tbd${ID}t
RECEIVER_IF=tbd${ID}r
SENDER_IP=10.203.0.1
RECEIVER_IP=10.203.0.2
NAME=demo-$ID
PINS=/sys/fs/bpf/traitsbpf/$NAME
WORK=$(mktemp -d /tmp/traitsbpf-demo.XXXXXX)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\033[31mdemo failed: %s\033[0m\n' "$*" >&2; exit 1; }
in_sender() { nsenter --net="/run/netns/$SENDER_NS" "$@"; }
# nsenter enters only the network namespace; `ip netns exec` would remount /sys
# and hide the pins under /sys/fs/bpf.
traitsbpf_rx() { nsenter --net="/run/netns/$RECEIVER_NS" "$TRAITSBPF" "$@"; }

TRACE=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -z "$TRACE" ] || kill "$TRACE" 2>/dev/null || true
  for name in "$NAME" "$NAME-tag" "$NAME-read"; do
    if [ -d "/sys/fs/bpf/traitsbpf/$name" ]; then
      traitsbpf_rx detach --name "$name" >/dev/null 2>&1 || rm -rf "/sys/fs/bpf/traitsbpf/$name"
    fi
  done
  ip netns del "$SENDER_NS" 2>/dev/null || true
  ip netns del "$RECEIVER_NS" 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] || fail "run the demo as root (it creates namespaces and attaches XDP)"
[ -x "$TRAITSBPF" ] || fail "$TRAITSBPF is missing; run ./build.sh first"
command -v ip >/dev/null && command -v nsenter >/dev/null || fail "the demo needs iproute2 and nsenter"

step "what this kernel supports"
"$TRAITSBPF" kernel

step "the counter program, compiled from C#"
if [ -z "$DEMO_OBJECT" ]; then
  [ -f "$SAMPLES" ] || fail "$SAMPLES is missing; run ./build.sh first"
  DEMO_OBJECT=$WORK/counter.bpf.o
  "$TRAITSBPF" compile "$SAMPLES" --program "$PROGRAM" -o "$DEMO_OBJECT"
  echo "source: Programs/Samples/PacketCounter.cs"
  "$TRAITSBPF" dump "$DEMO_OBJECT" | head -n 12
else
  echo "using DEMO_OBJECT=$DEMO_OBJECT"
fi
# A UDP datagram 10.203.0.1:40000 -> 10.203.0.2:9999, run once without attaching anything.
UDP_FRAME=02000000000202000000000108004500002000000000401100000acb00010acb00029c40270f000c000064656d6f
"$TRAITSBPF" run "$DEMO_OBJECT" --hex "$UDP_FRAME" --repeat 1000

step "two namespaces joined by a veth pair: $SENDER_NS ($SENDER_IP) -> $RECEIVER_NS ($RECEIVER_IP)"
ip netns add "$SENDER_NS"
ip netns add "$RECEIVER_NS"
ip link add "$SENDER_IF" type veth peer name "$RECEIVER_IF"
ip link set "$SENDER_IF" netns "$SENDER_NS"
ip link set "$RECEIVER_IF" netns "$RECEIVER_NS"
ip -n "$SENDER_NS" addr add "$SENDER_IP/24" dev "$SENDER_IF"
ip -n "$RECEIVER_NS" addr add "$RECEIVER_IP/24" dev "$RECEIVER_IF"
ip -n "$SENDER_NS" link set "$SENDER_IF" up
ip -n "$RECEIVER_NS" link set "$RECEIVER_IF" up
ip -n "$SENDER_NS" -br addr show dev "$SENDER_IF"
ip -n "$RECEIVER_NS" -br addr show dev "$RECEIVER_IF"

step "attach the counter at XDP on $RECEIVER_IF (native mode)"
traitsbpf_rx load "$DEMO_OBJECT" --iface "$RECEIVER_IF" --name "$NAME"
traitsbpf_rx list

step "send $PINGS pings and $UDP_PACKETS UDP datagrams from $SENDER_NS"
in_sender ping -c "$PINGS" -i 0.2 -q "$RECEIVER_IP"
for i in $(seq "$UDP_PACKETS"); do
  in_sender bash -c "echo traitsbpf-demo-$i > /dev/udp/$RECEIVER_IP/9999"
done
echo "sent $UDP_PACKETS UDP datagrams to $RECEIVER_IP:9999"

step "the counters, read from the pinned map"
COUNTERS=$(traitsbpf_rx maps "$NAME" --map "$COUNTERS_MAP")
echo "$COUNTERS"
counter() { awk -v key="$1" '$1 == key":" { print $2 }' <<<"$COUNTERS"; }
PACKETS=$(counter 0)
UDP=$(counter 2)
ICMP=$(counter 3)
echo "packets=$PACKETS bytes=$(counter 1) udp=$UDP icmp=$ICMP"
[ "${PACKETS:-0}" -ge $((UDP_PACKETS + PINGS)) ] || fail "expected at least $((UDP_PACKETS + PINGS)) packets, counted ${PACKETS:-none}"
[ -z "$UDP" ] || [ "$UDP" -ge "$UDP_PACKETS" ] || fail "expected at least $UDP_PACKETS UDP packets, counted $UDP"
[ -z "$ICMP" ] || [ "$ICMP" -ge "$PINGS" ] || fail "expected at least $PINGS ICMP packets, counted $ICMP"

step "detach, and check that $RECEIVER_IF is clean"
traitsbpf_rx detach --iface "$RECEIVER_IF"
ip -n "$RECEIVER_NS" -d link show dev "$RECEIVER_IF" | grep -q 'prog/xdp' && fail "$RECEIVER_IF still has an XDP program"
[ ! -e "$PINS" ] || fail "$PINS is still pinned"
traitsbpf_rx list | grep -q "$NAME" && fail "traitsbpf still lists $NAME"
ip -n "$RECEIVER_NS" -d link show dev "$RECEIVER_IF" | head -1
echo "no XDP program on $RECEIVER_IF, no pins under $PINS"

step "packet traits across the veth: the tagger at XDP, the reader at TC ingress on $RECEIVER_IF"
# This kernel has no trait kfuncs, so traitsbpf picks the meta backend: the traits travel in
# the XDP metadata area. On the packet-traits kernel the same C# uses the kfuncs.
"$TRAITSBPF" kernel | grep '^traits:'
TAGGER=$NAME-tag
READER=$NAME-read
traitsbpf_rx load "$SAMPLES" --program tagger --iface "$RECEIVER_IF" --name "$TAGGER"
traitsbpf_rx load "$SAMPLES" --program reader --iface "$RECEIVER_IF" --tc ingress --name "$READER"
traitsbpf_rx traits
# traitsbpf trace follows packets with traits through the stack while they cross (its tracing programs
# see every namespace); it ends after --count events and detaches what it attached.
"$TRAITSBPF" trace --count 12 --timeout 60 >"$WORK/trace.out" 2>"$WORK/trace.err" &
TRACE=$!
for _ in $(seq 600); do grep -q '^tracing' "$WORK/trace.err" 2>/dev/null && break; sleep 0.1; done
in_sender ping -c "$PINGS" -i 0.2 -q "$RECEIVER_IP"
for i in $(seq "$UDP_PACKETS"); do
  in_sender bash -c "echo traitsbpf-demo-$i > /dev/udp/$RECEIVER_IP/9999"
done
PER_CLASS=$(traitsbpf_rx maps "$READER" --map PerClass)
SEEN=$(traitsbpf_rx maps "$READER" --map Seen)
echo "$PER_CLASS"
echo "$SEEN"
entry() { awk -v key="$1" '$1 == key":" { print $2 }' <<<"$2"; }
TRAIT_UDP=$(entry 1 "$PER_CLASS")
TRAIT_ICMP=$(entry 3 "$PER_CLASS")
echo "at TC: $(entry 0 "$SEEN") packets carried their traits from XDP (UDP $TRAIT_UDP, ICMP $TRAIT_ICMP); $(entry 1 "$SEEN") arrived without (ARP and IPv6, which the tagger leaves alone)"
[ "${TRAIT_UDP:-0}" -ge "$UDP_PACKETS" ] || fail "expected $UDP_PACKETS UDP datagrams with traits at TC, saw ${TRAIT_UDP:-none}"
[ "${TRAIT_ICMP:-0}" -ge "$PINGS" ] || fail "expected $PINGS pings with traits at TC, saw ${TRAIT_ICMP:-none}"
wait "$TRACE" || fail "traitsbpf trace failed: $(cat "$WORK/trace.err")"
TRACE=
step "traitsbpf trace: the first packets with traits, live"
cat "$WORK/trace.out"
grep -q "$RECEIVER_IF .*packet_id=" "$WORK/trace.out" || fail "traitsbpf trace showed no packet with traits on $RECEIVER_IF"
traitsbpf_rx detach --iface "$RECEIVER_IF" --name "$READER"
traitsbpf_rx detach --iface "$RECEIVER_IF" --name "$TAGGER"
traitsbpf_rx list | grep -q "$NAME" && fail "traitsbpf still lists an attachment of this demo"
echo "tagger and reader detached"

step "demo passed"
