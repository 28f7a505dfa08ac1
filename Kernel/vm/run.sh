#!/usr/bin/env bash
# Boot a kernel under qemu and run one command inside it; exit with the
# command's status.
#
#   Kernel/vm/run.sh --kernel BZIMAGE [options] -- COMMAND [ARGS...]
#
# The guest's userland is the host's own root, shared read-only over
# virtio-9p, with fresh /proc, /sys, /dev, /tmp, /run, bpffs and debugfs
# (Kernel/vm/init): COMMAND and the files it needs must live elsewhere
# than the host's /tmp and /run. COMMAND runs as root in the caller's working
# directory; its output is streamed here. It has a virtio-net NIC, eth0,
# on qemu user networking (the guest configures 10.0.2.15/24; the gateway
# 10.0.2.2 answers ping) and, with --nics 2, a second one, eth1, on its
# own user network, without mergeable receive buffers or guest offloads
# (virtio_net's "small buffers" receive path).
# A writable directory is shared at /run/traitsbpf: the guest sees it as
# $TRAITSBPF_XCHG and the host as --xchg DIR.
#
# Options:
#   --kernel FILE    bzImage to boot (required)
#   --timeout SECS   kill the guest after SECS seconds (default 900); exit 124
#   --accel MODE     kvm, tcg or auto (default: $TRAITSBPF_VM_ACCEL or auto:
#                    kvm when a KVM guest actually runs here, else tcg)
#   --mem SIZE       guest memory (default 2G)
#   --smp N          guest CPUs (default 2)
#   --nics N         virtio-net NICs, 1 or 2 (default 1)
#   --xchg DIR       host directory shared writable with the guest
#                    (default: a temporary directory, removed afterwards)
#   --log FILE       keep the guest kernel's console log here
#   --append ARGS    extra kernel command-line arguments
# Under TCG the CPU model is $TRAITSBPF_VM_CPU (default max).
#
# Exit status: the command's; 124 when the guest timed out; 125 when the
# guest died before reporting a status (its kernel log is printed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${TRAITSBPF_CACHE:-/var/cache/traitsbpf}

die() { echo "vm/run.sh: $*" >&2; exit 125; }

kernel= timeout=900 accel=${TRAITSBPF_VM_ACCEL:-auto} mem=2G smp=2 nics=1
xchg= log= append=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--nics) nics=$2; shift 2 ;;
	--xchg) xchg=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done
[ $# -gt 0 ] || die "no command given (usage: run.sh --kernel BZIMAGE -- COMMAND...)"
[ -n "$kernel" ] && [ -r "$kernel" ] || die "no readable kernel image: '${kernel}'"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is not installed"
busybox=/bin/busybox
[ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 ||
	die "a static /bin/busybox is needed (apt-get install busybox-static)"

work=$(mktemp -d /tmp/traitsbpf-vm.XXXXXX)
qemu_pid=
tail_pid=
cleanup() {
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null || true
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$xchg" ]; then
	xchg=$work/xchg
fi
mkdir -p "$xchg"
[ -n "$log" ] || log=$work/kernel.log

# The initramfs: static busybox and our /init, cached by their content.
initrd_key=$(cat "$busybox" "$here/init" | sha256sum | cut -c1-16)
initrd=$cache/initramfs-$initrd_key.cpio.gz
if [ ! -s "$initrd" ]; then
	mkdir -p "$cache" "$work/initramfs/bin"
	cp "$busybox" "$work/initramfs/bin/busybox"
	install -m 0755 "$here/init" "$work/initramfs/init"
	(cd "$work/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) \
		>"$initrd.tmp.$$"
	mv "$initrd.tmp.$$" "$initrd"
fi

# What the guest runs: the command, in this directory, with a sane
# environment (the host's HOME is read-only in there).
xg=/run/traitsbpf
rm -f "$xchg/status"
{
	echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	echo "export HOME=/tmp/home TMPDIR=/tmp TRAITSBPF_XCHG=$xg TRAITSBPF_IN_VM=1"
	printf 'export LANG=C.UTF-8 TERM=dumb\n'
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} >"$xchg/cmd.sh"
pwd >"$xchg/cwd"

# Acceleration: KVM only where a guest really runs under it.
kvm_works() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	local probe=$cache/kvm-probe-$(uname -r)-$(stat -c %Y /dev/kvm 2>/dev/null)
	if [ -f "$probe" ]; then
		[ "$(cat "$probe")" = yes ]
		return
	fi
	mkdir -p "$cache"
	# A kernel that finds no init panics and, with panic=-1 and
	# -no-reboot, makes qemu exit 0 within seconds when KVM works.
	if (timeout 30 qemu-system-x86_64 -accel kvm -cpu host -m 256M \
		-nodefaults -display none -no-reboot -kernel "$kernel" \
		-append "panic=-1 rdinit=/none init=/none") >/dev/null 2>&1; then
		echo yes >"$probe"
		return 0
	fi
	echo no >"$probe"
	return 1
}
case $accel in
auto) if kvm_works; then accel=kvm; else accel=tcg; fi ;;
kvm | tcg) ;;
*) die "--accel must be kvm, tcg or auto, not '$accel'" ;;
esac
net=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0)
case $nics in
1) ;;
2) net+=(-netdev user,id=n1 -device virtio-net-pci,netdev=n1,mrg_rxbuf=off,guest_tso4=off,guest_tso6=off,guest_ufo=off,guest_ecn=off) ;;
*) die "--nics must be 1 or 2, not '$nics'" ;;
esac
if [ "$accel" = kvm ]; then
	cpu=(-accel kvm -cpu host)
else
	cpu=(-accel tcg,thread=multi -cpu "${TRAITSBPF_VM_CPU:-max}")
fi

out=$work/output
: >"$out"
: >"$log"
qemu-system-x86_64 "${cpu[@]}" -m "$mem" -smp "$smp" \
	-nodefaults -display none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=6 tsc=reliable $append" \
	-chardev file,id=klog,path="$log" -serial chardev:klog \
	-chardev file,id=out,path="$out" -serial chardev:out \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$xchg",mount_tag=xchg,security_model=none,multidevs=remap \
	"${net[@]}" \
	</dev/null >"$work/qemu.log" 2>&1 &
qemu_pid=$!
tail -n +1 -F "$out" 2>/dev/null &
tail_pid=$!

timed_out=0
start=$SECONDS
while kill -0 "$qemu_pid" 2>/dev/null; do
	if [ $((SECONDS - start)) -ge "$timeout" ]; then
		timed_out=1
		kill "$qemu_pid" 2>/dev/null || true
		break
	fi
	sleep 1
done
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=
sleep 0.3
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
tail_pid=

show_log() {
	echo "---- guest kernel log (last 60 lines of $log) ----" >&2
	tail -n 60 "$log" >&2 || true
	if [ -s "$work/qemu.log" ]; then
		echo "---- qemu ----" >&2
		cat "$work/qemu.log" >&2
	fi
}
if [ "$timed_out" = 1 ]; then
	echo "vm/run.sh: the guest did not finish within ${timeout}s ($accel); killed" >&2
	show_log
	exit 124
fi
if [ ! -s "$xchg/status" ]; then
	echo "vm/run.sh: the guest stopped without reporting a status ($accel)" >&2
	show_log
	exit 125
fi
status=$(cat "$xchg/status")
if [ "$status" != 0 ]; then
	echo "vm/run.sh: the command exited with status $status" >&2
	show_log
fi
exit "$status"
