# The three-namespace VXLAN topology vxlan-egress.sh and stash-paths.sh share; sourced with P set (the name prefix).
# Namespace A (sender, 10.71.0.1) -- veth a0/b0 -- B (router: forwards 10.72.0.0/24 into vx0, VXLAN id 42 over
# the veth b1/c1) -- C (the tunnel's far end, 10.72.0.3 on its vx0). Leaves A, B and C in $A, $B, $C (ip netns exec).
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
