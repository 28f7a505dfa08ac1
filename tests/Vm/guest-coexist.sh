#!/usr/bin/env bash
# Runs inside the packet-traits VM (see coexist.sh): another tool's XDP program (xl_udp_drop, which counts every
# packet and drops IPv4 UDP) loaded with xdp-loader and traitsbpf's PacketCounter share one veth through libxdp's
# dispatcher. Both must run on every packet, in the priority order asked; xdp-loader status and traitsbpf list
# must both show the truth; detaching either must leave the other running.
#   guest-coexist.sh TRAITSBPF OBJECTS_DIR
set -euo pipefail
traitsbpf=$1
objects=$2
pings=5
datagrams=20
failed=0
check() { if eval "$2"; then echo "PASS  $1"; else echo "FAIL  $1"; failed=1; fi; }
in_rx() { nsenter --net=/run/netns/rx "$@"; }

# Under TCG every traitsbpf command is a slow .NET start, so each snapshot reads both programs' counters once:
# all = packets and udp = IPv4 UDP datagrams traitsbpf's Counters saw (entries 0 and 2); xl_all and xl_udp =
# packets xl_udp_drop saw and UDP datagrams it dropped (entries 0 and 1 of its map).
snapshot() {
  local prefix=$1 ours theirs
  ours=$(in_rx "$traitsbpf" maps "$name" --map Counters --json)
  theirs=$(bpftool -j map dump name xl_seen 2>/dev/null || echo '[]')
  eval "$(python3 -c 'import json,sys
ours = {e["keyInt"]: e["valueInt"] for e in json.loads(sys.argv[2])[0]["entries"]}
theirs = {int(f["key"]): int(f["value"]) for f in (e.get("formatted", e) for e in json.loads(sys.argv[3]))}
p = sys.argv[1]
print(f"{p}all={ours.get(0, 0)} {p}udp={ours.get(2, 0)} {p}xl_all={theirs.get(0, 0)} {p}xl_udp={theirs.get(1, 0)}")' "$prefix" "$ours" "$theirs")"
}
traffic() {
  nsenter --net=/run/netns/tx ping -c "$pings" -i 0.2 -q 10.78.0.2 >/dev/null
  for i in $(seq "$datagrams"); do nsenter --net=/run/netns/tx bash -c "echo coexist-$i > /dev/udp/10.78.0.2/5000"; done
  sleep 0.5
}
xl_id() { bpftool -j prog show name xl_udp_drop | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d if isinstance(d, list) else [d])[0]["id"])'; }

ip netns add tx; ip netns add rx
ip link add tv0 type veth peer name tv1
ip link set tv0 netns tx; ip link set tv1 netns rx
ip -n tx addr add 10.78.0.1/24 dev tv0; ip -n rx addr add 10.78.0.2/24 dev tv1
ip -n tx link set tv0 up; ip -n rx link set tv1 up
# No IPv6 chatter (neighbour discovery, MLD) in between the counter reads: the counts must be exact.
for ns in tx rx; do nsenter --net=/run/netns/$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true; done

in_rx xdp-loader load -m native --prio 10 tv1 "$objects/xl_udp_drop.o"
id=$(xl_id)
echo "xdp-loader loaded xl_udp_drop (id $id) at priority 10"

# 1. traitsbpf before it (priority 5): both see every packet, UDP included.
name=counter_first
in_rx "$traitsbpf" load "$objects/counter.o" --iface tv1 --priority 5 --name "$name"
status=$(in_rx xdp-loader status tv1); echo "$status"
list=$(in_rx "$traitsbpf" list); echo "$list"
check "xdp-loader status shows both programs in libxdp's dispatcher" "grep -q 'xl_udp_drop' <<<\"\$status\" && grep -q 'xdp_counter' <<<\"\$status\" && grep -q 'xdp_dispatcher' <<<\"\$status\""
check "traitsbpf list shows its program in the dispatcher first and the other tool's after it" \
  "grep -A3 'libxdp dispatcher' <<<\"\$list\" | sed -n 2p | grep -q \"priority 5: 'xdp_counter'.*traitsbpf\" && grep -A3 'libxdp dispatcher' <<<\"\$list\" | sed -n 3p | grep -q \"priority 10: 'xl_udp_drop' id $id, another tool\""
snapshot b_; traffic; snapshot e_
a0=$b_all u0=$b_udp t0=$b_xl_all d0=$b_xl_udp a1=$e_all u1=$e_udp t1=$e_xl_all d1=$e_xl_udp
echo "traitsbpf first: traitsbpf saw $((a1 - a0)) packets ($((u1 - u0)) UDP), xl_udp_drop saw $((t1 - t0)) (dropped $((d1 - d0)) UDP)"
check "traitsbpf (priority 5) ran on every packet, UDP included" "[ $((u1 - u0)) -eq $datagrams ] && [ $((a1 - a0)) -ge $((pings + datagrams)) ]"
check "xl_udp_drop (priority 10) ran after it on every packet" "[ $((d1 - d0)) -eq $datagrams ] && [ $((t1 - t0)) -eq $((a1 - a0)) ]"

# 2. Detaching traitsbpf leaves xl_udp_drop running.
in_rx "$traitsbpf" detach --name "$name" >/dev/null
status=$(in_rx xdp-loader status tv1)
t0=$(bpftool -j map lookup name xl_seen key 0 0 0 0 | python3 -c 'import json,sys; e=json.load(sys.stdin); print(int(e.get("formatted", e)["value"]))')
traffic
t1=$(bpftool -j map lookup name xl_seen key 0 0 0 0 | python3 -c 'import json,sys; e=json.load(sys.stdin); print(int(e.get("formatted", e)["value"]))')
check "after traitsbpf detach, xl_udp_drop still runs (saw $((t1 - t0)) packets) and xdp-loader shows it alone" \
  "[ $((t1 - t0)) -ge $((pings + datagrams)) ] && grep -q xl_udp_drop <<<\"\$status\" && ! grep -q xdp_counter <<<\"\$status\""

# 3. traitsbpf after it (priority 20): it no longer sees UDP, which xl_udp_drop drops first.
name=counter_second
in_rx "$traitsbpf" load "$objects/counter.o" --iface tv1 --priority 20 --name "$name"
list=$(in_rx "$traitsbpf" list); echo "$list"
check "traitsbpf list shows the other tool's program first now" \
  "grep -A3 'libxdp dispatcher' <<<\"\$list\" | sed -n 2p | grep -q \"priority 10: 'xl_udp_drop'\" && grep -A3 'libxdp dispatcher' <<<\"\$list\" | sed -n 3p | grep -q \"priority 20: 'xdp_counter'\""
snapshot b_; traffic; snapshot e_
a0=$b_all u0=$b_udp t0=$b_xl_all d0=$b_xl_udp a1=$e_all u1=$e_udp t1=$e_xl_all d1=$e_xl_udp
echo "traitsbpf second: traitsbpf saw $((a1 - a0)) packets ($((u1 - u0)) UDP), xl_udp_drop saw $((t1 - t0)) (dropped $((d1 - d0)) UDP)"
check "xl_udp_drop (priority 10) ran first and dropped every UDP datagram" "[ $((d1 - d0)) -eq $datagrams ]"
check "traitsbpf (priority 20) ran after it on every packet it passed, and saw no UDP" "[ $((u1 - u0)) -eq 0 ] && [ $((a1 - a0)) -eq $((t1 - t0 - datagrams)) ] && [ $((a1 - a0)) -ge $pings ]"

# 4. Unloading xl_udp_drop with xdp-loader leaves traitsbpf running, and it now sees UDP.
in_rx xdp-loader unload tv1 --id "$id"
status=$(in_rx xdp-loader status tv1); echo "$status"
list=$(in_rx "$traitsbpf" list --json)
snapshot b_; traffic; snapshot e_
u0=$b_udp u1=$e_udp
check "after xdp-loader unload, traitsbpf still runs and sees every UDP datagram ($((u1 - u0)))" "[ $((u1 - u0)) -eq $datagrams ]"
check "xdp-loader status shows only traitsbpf's program" "grep -q xdp_counter <<<\"\$status\" && ! grep -q xl_udp_drop <<<\"\$status\""
check "traitsbpf list says active, and the dispatcher has only its program" \
  "python3 -c 'import json,sys; e=json.load(sys.stdin)[0]; sys.exit(0 if e[\"state\"]==\"active\" and [p[\"name\"] for p in e[\"dispatcherPrograms\"]]==[\"xdp_counter\"] else 1)' <<<\"\$list\""

# 5. The last member leaving takes the dispatcher with it.
in_rx "$traitsbpf" detach --name "$name" >/dev/null
check "after the last detach, the hook is empty" "! in_rx ip link show tv1 | grep -q prog/xdp"

# 6. A traitsbpf killed right after libxdp added its program (before its record): the next command takes exactly
#    that program out of the dispatcher and leaves the other tool's running.
in_rx xdp-loader load -m native --prio 10 tv1 "$objects/xl_udp_drop.o"
rc=0; in_rx env TRAITSBPF_KILL_AT=Attach "$traitsbpf" load "$objects/counter.o" --iface tv1 --priority 30 --name crashed >/dev/null 2>&1 || rc=$?
status=$(in_rx xdp-loader status tv1)
check "a load killed after the attach (exit $rc) left its program in the dispatcher beside xl_udp_drop"   "[ $rc -eq 137 ] && grep -q xdp_counter <<<\"\$status\" && grep -q xl_udp_drop <<<\"\$status\""
repair=$(in_rx "$traitsbpf" repair); echo "$repair"
status=$(in_rx xdp-loader status tv1); echo "$status"
check "repair took only that program out: xl_udp_drop still runs alone"   "! grep -q xdp_counter <<<\"\$status\" && grep -q xl_udp_drop <<<\"\$status\" && grep -q 'dispatcher' <<<\"\$repair\""
exit $failed
