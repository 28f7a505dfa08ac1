#!/bin/sh
# Runs inside the test VM (Kernel/test.sh starts it through vm/run.sh):
#
#   guest-tests.sh SELFTESTS_DIR
#
# Saves the KUnit results of the trait suite, brings up the virtio-net
# NIC on qemu's user network, runs the trait selftests (the virtio ones
# against the gateway 10.0.2.2, on eth0 and, if present, on eth1 whose
# receive path uses small buffers) and the benchmark. Everything is written
# to $TRAITSBPF_XCHG for the host to report; the exit status is non-zero
# when any step failed.
set -u
st=${1:?usage: guest-tests.sh SELFTESTS_DIR}
x=${TRAITSBPF_XCHG:?not running under Kernel/vm/run.sh}
rc=0

echo "== KUnit (net_trait)"
if ! cat /sys/kernel/debug/kunit/net_trait/results >"$x/kunit.ktap"; then
	echo "no KUnit results for net_trait"
	rc=1
fi
tail -n 3 "$x/kunit.ktap"

echo "== virtio-net: eth0 on qemu's user network"
export TRAITS_VIRTIO_IF=eth0 TRAITS_VIRTIO_PEER=10.0.2.2
if ! ip link set eth0 up || ! ip addr add 10.0.2.15/24 dev eth0 ||
	! ping -c 1 -W 5 10.0.2.2 >/dev/null; then
	echo "eth0 cannot reach 10.0.2.2: the virtio-net tests will fail"
fi

echo "== selftests"
"$st/runner" -t xdp_traits >"$x/selftests.log" 2>&1 || rc=1
cat "$x/selftests.log"

# eth1, when there is one, has no mergeable buffers: the small-buffer
# receive path. It sits on its own user network, so in its own netns.
if ip link show eth1 >/dev/null 2>&1; then
	echo "== selftests: virtio_net small buffers (eth1)"
	if ip netns add vsmall && ip link set eth1 netns vsmall &&
		ip -n vsmall link set lo up && ip -n vsmall link set eth1 up &&
		ip -n vsmall addr add 10.0.2.15/24 dev eth1 &&
		ip netns exec vsmall ping -c 1 -W 5 10.0.2.2 >/dev/null; then
		ip netns exec vsmall env TRAITS_VIRTIO_IF=eth1 \
			"$st/runner" -t xdp_traits/virtio_net \
			>"$x/selftests-small.log" 2>&1 || rc=1
	else
		echo "eth1 cannot reach 10.0.2.2" >"$x/selftests-small.log"
		rc=1
	fi
	cat "$x/selftests-small.log"
fi

echo "== benchmark"
if ls "$st"/*bench* >/dev/null 2>&1; then
	"$st/runner" -t xdp_traits_bench >"$x/bench.log" 2>&1 || rc=1
	cat "$x/bench.log"
fi

echo "== done (status $rc)"
exit $rc
