#!/usr/bin/env bash
# Build the packet-traits kernel: Debian's linux-source-6.12 with the series
# of Kernel/patches applied by `git am`, configured from tinyconfig plus
# Kernel/config, as a bzImage with BTF.
#
#   Kernel/build.sh                build (or reuse) the kernel; the last line
#                                  of stdout is its cache directory
#   Kernel/build.sh --checkpatch   run scripts/checkpatch.pl --strict on every
#                                  patch of the series (no build)
#   Kernel/build.sh --each-commit  build every commit of the series on its own
#                                  (slow: one incremental build per commit)
#
# Results are cached outside the repository, in
# $TRAITSBPF_CACHE/kernel/<hash> (default /var/cache/traitsbpf), keyed by a
# hash of the patches, the config, this script and the source package, so an
# unchanged series costs nothing the second time. A cache directory holds:
#   bzImage  vmlinux.btf (raw BTF)  vmlinux.h  config  System.map
#   tree/    the series' selftests, Documentation and test vectors, for
#            Kernel/test.sh
# Environment: TRAITSBPF_CACHE, TRAITSBPF_JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${TRAITSBPF_CACHE:-/var/cache/traitsbpf}
jobs=${TRAITSBPF_JOBS:-2}
tarball=/usr/src/linux-source-6.12.tar.xz
src=$cache/src/linux
amtree=$cache/src/am
obj=$cache/obj
ident="TraitsBpf Developers <dev@traitsbpf.invalid>"

log() { printf '==> %s\n' "$*" >&2; }
die() { echo "Kernel/build.sh: $*" >&2; exit 1; }

mode=build
case ${1:-} in
"") ;;
--checkpatch) mode=checkpatch ;;
--each-commit) mode=each ;;
-h | --help) sed -n '2,22p' "$0"; exit 0 ;;
*) die "unknown argument '$1' (expected --checkpatch or --each-commit)" ;;
esac

[ -r "$tarball" ] || die "$tarball is missing (apt-get install linux-source-6.12)"
for tool in git make gcc flex bison bc pahole cpio xz; do
	command -v $tool >/dev/null || die "$tool is not installed"
done

# The series, in order.
patches=()
while read -r line; do
	line=${line%%#*}
	line=$(echo "$line" | tr -d '[:space:]')
	[ -n "$line" ] || continue
	[ -r "$here/patches/$line" ] || die "patches/series names $line, which does not exist"
	patches+=("$here/patches/$line")
done <"$here/patches/series"
[ ${#patches[@]} -gt 0 ] || die "patches/series is empty"

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache/.lock"

source_id() {
	local version
	version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
	echo "linux-source-6.12 $version $(stat -c %s "$tarball")"
}

# A git repository of the pristine source, tagged "base", with two work
# trees: $src, which is built, and $amtree, where the series is applied
# and checkpatch runs. Moving $src from one applied series to the next
# with `git checkout` rewrites only the files whose content differs, so
# an edited series rebuilds incrementally.
prepare_tree() {
	local id
	id=$(source_id)
	if [ -d "$src/.git" ] && [ -d "$amtree" ] &&
		[ "$(cat "$src/.git/traitsbpf-source" 2>/dev/null)" = "$id" ]; then
		return
	fi
	log "unpacking $(basename "$tarball")"
	rm -rf "$src" "$amtree" "$cache/src/linux-source-6.12"
	mkdir -p "$cache/src"
	tar -C "$cache/src" -xf "$tarball"
	mv "$cache/src/linux-source-6.12" "$src"
	git -C "$src" init -q
	git -C "$src" config user.name "TraitsBpf Developers"
	git -C "$src" config user.email dev@traitsbpf.invalid
	git -C "$src" config advice.detachedHead false
	# Debian's top-level .gitignore ignores everything: add with -f.
	git -C "$src" add -f -A
	git -C "$src" commit -q -m "$id"
	git -C "$src" tag base
	git -C "$src" worktree add -q --detach "$amtree" base
	echo "$id" >"$src/.git/traitsbpf-source"
}

# Apply the series in $amtree, then move $src to the result.
apply_series() {
	local head
	git -C "$amtree" am --abort >/dev/null 2>&1 || true
	git -C "$amtree" checkout -q -f --detach base
	if ! git -C "$amtree" am -q --keep-cr "${patches[@]}" >"$cache/am.log" 2>&1; then
		cat "$cache/am.log" >&2
		git -C "$amtree" am --abort >/dev/null 2>&1 || true
		die "the series does not apply to linux-source-6.12"
	fi
	head=$(git -C "$amtree" rev-parse HEAD)
	git -C "$src" checkout -q -f --detach "$head"
	git -C "$src" clean -q -f -d -x
}

# configure OBJDIR [lenient]: lenient skips the check that every option of
# the fragment stuck (earlier commits of the series lack some options).
configure() {
	local o=$1 lenient=${2:-} line missing=0
	make -s -C "$src" O="$o" ARCH=x86_64 tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" "$here/config" >/dev/null
	make -s -C "$src" O="$o" ARCH=x86_64 olddefconfig >/dev/null
	[ -z "$lenient" ] || return 0
	# Every option of the fragment must have survived its dependencies.
	while read -r line; do
		case $line in
		CONFIG_*=* | "# CONFIG_"*" is not set") ;;
		*) continue ;;
		esac
		if ! grep -qxF "$line" "$o/.config"; then
			echo "Kernel/config: '$line' did not stick (missing dependency?)" >&2
			missing=1
		fi
	done <"$here/config"
	[ $missing = 0 ] || die "Kernel/config does not apply cleanly to tinyconfig"
}

make_kernel() {
	local o=$1 blog=$2
	if ! make -C "$src" O="$o" ARCH=x86_64 -j"$jobs" bzImage >"$blog" 2>&1; then
		grep -E 'error|Error' "$blog" | head -40 >&2 || true
		tail -n 20 "$blog" >&2
		die "kernel build failed; full log: $blog"
	fi
}

run_checkpatch() {
	prepare_tree
	# spdxcheck.py needs python3-ply; use the system python, which has it.
	if ! /usr/bin/python3 -c 'import ply' 2>/dev/null; then
		log "installing python3-ply for checkpatch's SPDX check"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq python3-ply >/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq python3-ply >/dev/null; } ||
			die "cannot install python3-ply"
	fi
	local p out bad=0
	for p in "${patches[@]}"; do
		out=$(cd "$amtree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
			--color=never "$p" 2>&1) || true
		if echo "$out" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
			echo "checkpatch: ok    $(basename "$p")"
		else
			echo "checkpatch: FAIL  $(basename "$p")"
			echo "$out" | grep -v '^$' | sed 's/^/    /'
			bad=1
		fi
		# Our own rule: every commit is signed off by the team.
		if ! grep -qxF "Signed-off-by: $ident" "$p"; then
			echo "checkpatch: FAIL  $(basename "$p"): no 'Signed-off-by: $ident'"
			bad=1
		fi
	done
	[ $bad = 0 ] || die "checkpatch found problems in the series"
}

# The hash of everything that goes into the kernel.
inputs_key() {
	{
		source_id
		cat "$0" "$here/config"
		for p in "${patches[@]}"; do
			basename "$p"
			cat "$p"
		done
	} | sha256sum | cut -c1-20
}

build() {
	local key out t0 blog
	key=$(inputs_key)
	out=$cache/kernel/$key
	if [ -s "$out/bzImage" ] && [ -s "$out/vmlinux.btf" ] && [ -d "$out/tree" ]; then
		log "kernel $key is cached"
		echo "$out"
		return
	fi
	t0=$SECONDS
	prepare_tree
	log "applying ${#patches[@]} patches"
	apply_series
	log "configuring (tinyconfig + Kernel/config)"
	mkdir -p "$obj" "$cache/logs"
	configure "$obj"
	blog=$cache/logs/build-$key.log
	log "building bzImage with -j$jobs (log: $blog)"
	make_kernel "$obj" "$blog"

	rm -rf "$out.tmp"
	mkdir -p "$out.tmp/tree"
	cp "$obj/arch/x86/boot/bzImage" "$obj/System.map" "$out.tmp/"
	cp "$obj/.config" "$out.tmp/config"
	objcopy -O binary --only-section=.BTF "$obj/vmlinux" "$out.tmp/vmlinux.btf"
	bpftool btf dump file "$out.tmp/vmlinux.btf" format c >"$out.tmp/vmlinux.h"
	# What the tests need from the patched tree.
	git -C "$src" archive HEAD -- tools/testing/selftests/bpf/bpf_kfuncs.h \
		tools/testing/selftests/bpf/gnu \
		tools/testing/selftests/bpf/progs tools/testing/selftests/bpf/prog_tests \
		net/core/trait_test_vectors.txt Documentation/networking |
		tar -C "$out.tmp/tree" -xf -
	git -C "$src" log --oneline base..HEAD >"$out.tmp/series.txt"
	rm -rf "$out"
	mv "$out.tmp" "$out"
	# Keep the three most recent kernels.
	ls -1dt "$cache"/kernel/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
	log "kernel $key built in $((SECONDS - t0))s"
	echo "$out"
}

each_commit() {
	local o=$cache/obj-each commits c n=0 bad=0 t0
	prepare_tree
	apply_series
	commits=$(git -C "$amtree" rev-list --reverse base..HEAD)
	mkdir -p "$o" "$cache/logs"
	for c in $commits; do
		n=$((n + 1))
		t0=$SECONDS
		git -C "$src" checkout -q -f "$c"
		configure "$o" lenient
		if (make_kernel "$o" "$cache/logs/each-$n.log") 2>/dev/null; then
			echo "commit $n: ok    ($((SECONDS - t0))s) $(git -C "$src" log -1 --format=%s "$c")"
		else
			echo "commit $n: FAIL  $(git -C "$src" log -1 --format=%s "$c") (log: $cache/logs/each-$n.log)"
			bad=1
		fi
	done
	[ $bad = 0 ] || die "some commits do not build on their own"
}

case $mode in
build) build ;;
checkpatch) run_checkpatch ;;
each) each_commit ;;
esac
