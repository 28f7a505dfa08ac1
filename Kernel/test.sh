#!/usr/bin/env bash
# The kernel tier of ./build.sh test, from a fresh machine or a warm cache:
#
#   Kernel/test.sh
#
# 1. checkpatch --strict on every patch of Kernel/patches (Kernel/build.sh
#    --checkpatch) and the shared trait vectors (docs/traits-vectors.txt is
#    what Kernel/vectors/gen-vectors.py generates, and the copy inside the
#    series is byte-identical);
# 2. the patched kernel (Kernel/build.sh, cached by its inputs);
# 3. the series' BPF selftests, built for the host (Kernel/selftests/);
# 4. in a qemu VM booting that kernel (Kernel/vm/run.sh): the KUnit suite
#    of the trait store, the selftests over veth and over virtio-net with
#    traffic to qemu's gateway, and the benchmark.
# Prints a report and exits non-zero if anything failed.
#
# Environment: TRAITSBPF_CACHE (default /var/cache/traitsbpf),
# TRAITSBPF_VM_ACCEL (kvm, tcg or auto), TRAITSBPF_VM_TIMEOUT (seconds,
# default 1200).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cache=${TRAITSBPF_CACHE:-/var/cache/traitsbpf}
t_start=$SECONDS

work=$(mktemp -d /tmp/traitsbpf-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

report=()
failed=0
pass() { report+=("PASS  $1"); }
fail() { report+=("FAIL  $1"); failed=1; }
section() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

finish() {
	section "Kernel test report ($((SECONDS - t_start))s)"
	printf '  %s\n' "${report[@]}"
	if [ $failed = 0 ]; then
		echo "kernel tests: all passed"
	else
		echo "kernel tests: FAILED" >&2
	fi
	exit $failed
}

section "checkpatch --strict on the series"
if "$here/build.sh" --checkpatch >"$work/checkpatch.log" 2>&1; then
	pass "checkpatch: $(grep -c '^checkpatch: ok' "$work/checkpatch.log") patches clean"
else
	cat "$work/checkpatch.log"
	fail "checkpatch (see above)"
fi
grep '^checkpatch:' "$work/checkpatch.log" || true

section "trait vectors"
if python3 "$here/vectors/gen-vectors.py" --check; then
	pass "docs/traits-vectors.txt matches its generator"
else
	fail "docs/traits-vectors.txt differs from Kernel/vectors/gen-vectors.py output"
fi

section "kernel build"
t0=$SECONDS
if ! kdir=$("$here/build.sh" | tail -n 1) || [ ! -s "$kdir/bzImage" ]; then
	fail "kernel build"
	finish
fi
pass "kernel $(basename "$kdir") ($((SECONDS - t0))s)"
if cmp -s "$root/docs/traits-vectors.txt" "$kdir/tree/net/core/trait_test_vectors.txt"; then
	pass "the series' KUnit vectors are docs/traits-vectors.txt"
else
	fail "net/core/trait_test_vectors.txt in the series differs from docs/traits-vectors.txt"
fi

section "selftests build"
# Outside /tmp: the guest has its own /tmp and sees the host's /var.
st=$cache/selftests/$(basename "$kdir")
for old in "$cache"/selftests/*; do
	[ -d "$cache/kernel/$(basename "$old")" ] || rm -rf "$old"
done
if "$here/selftests/build.sh" "$kdir/tree" "$kdir/vmlinux.btf" "$st" >"$work/st.log" 2>&1; then
	pass "selftests built (clang $(clang -dumpversion), libbpf $(pkg-config --modversion libbpf 2>/dev/null || echo '?'))"
else
	cat "$work/st.log"
	fail "selftests build"
	finish
fi

section "VM: KUnit, selftests, benchmark"
xchg=$work/xchg
mkdir -p "$xchg"
# The guest has fresh /tmp and /run: run its script from the selftests
# directory, in case this checkout lives under /tmp.
install -m 0755 "$here/vm/guest-tests.sh" "$st/guest-tests.sh"
t0=$SECONDS
set +e
"$here/vm/run.sh" --kernel "$kdir/bzImage" --xchg "$xchg" \
	--log "$work/kernel.log" --timeout "${TRAITSBPF_VM_TIMEOUT:-1200}" --nics 2 \
	-- "$st/guest-tests.sh" "$st"
vm_status=$?
set -e
if [ $vm_status = 0 ]; then
	pass "VM run ($((SECONDS - t0))s)"
else
	fail "VM run exited with status $vm_status ($((SECONDS - t0))s)"
fi

# KUnit: the suite's KTAP must report every case ok.
if [ -s "$xchg/kunit.ktap" ]; then
	ok=$(grep -cE '^    ok [0-9]+ ' "$xchg/kunit.ktap" || true)
	notok=$(grep -cE '^    not ok [0-9]+ ' "$xchg/kunit.ktap" || true)
	if grep -qE '^ok [0-9]+ net_trait' "$xchg/kunit.ktap" && [ "$notok" = 0 ] && [ "$ok" -ge 8 ]; then
		pass "KUnit net_trait: $ok cases ok"
	else
		grep -E 'not ok|# ' "$xchg/kunit.ktap" | head -40
		fail "KUnit net_trait: $ok ok, $notok not ok"
	fi
else
	fail "KUnit net_trait: no results"
fi

if [ -s "$xchg/selftests.log" ] && summary=$(grep '^Summary:' "$xchg/selftests.log"); then
	if grep -q ' 0 FAILED' <<<"$summary" && ! grep -q ': FAIL$' "$xchg/selftests.log"; then
		pass "selftests: ${summary#Summary: }"
	else
		fail "selftests: ${summary#Summary: } ($(grep -c ': FAIL$' "$xchg/selftests.log") failing)"
	fi
	grep -E '^#' "$xchg/selftests.log" | sed 's/^/        /' >"$work/st-lines"
	while read -r l; do report+=("$l"); done <"$work/st-lines"
else
	fail "selftests: no summary"
fi

if [ -s "$xchg/selftests-small.log" ]; then
	if grep -q '^#xdp_traits/virtio_net: OK' "$xchg/selftests-small.log"; then
		pass "virtio_net small-buffer path (eth1)"
	else
		fail "virtio_net small-buffer path (eth1)"
	fi
else
	fail "virtio_net small-buffer path (eth1): not run"
fi

if [ -s "$xchg/bench.log" ]; then
	if grep -q '^#xdp_traits_bench: OK' "$xchg/bench.log"; then
		pass "benchmark ran (figures below)"
	else
		fail "benchmark"
	fi
	grep -E '^bench' "$xchg/bench.log" | sed 's/^/        /' >"$work/bench-lines" || true
	while read -r l; do report+=("$l"); done <"$work/bench-lines"
fi

finish
