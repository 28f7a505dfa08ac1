#!/usr/bin/env bash
# Build the trait selftests of a patched kernel tree for the host:
#
#   Kernel/selftests/build.sh TREE VMLINUX OUT
#
# TREE is the patched source tree, VMLINUX the built kernel (its BTF gives
# vmlinux.h). The BPF programs of the series (progs/*traits*.c) are built
# with clang -target bpf, their skeletons with bpftool; the tests
# (prog_tests/*traits*.c) with gcc against the distribution's libbpf and
# the stand-in test_progs.h next to this script. Writes OUT/runner.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
die() { echo "selftests/build.sh: $*" >&2; exit 1; }
[ $# -eq 3 ] || die "usage: build.sh TREE VMLINUX OUT"
tree=$1 vmlinux=$2 out=$3
st=$tree/tools/testing/selftests/bpf
[ -d "$st/prog_tests" ] || die "$tree is not a kernel tree with BPF selftests"
[ -r "$vmlinux" ] || die "no kernel image with BTF at $vmlinux"
for tool in clang bpftool gcc; do
	command -v $tool >/dev/null || die "$tool is not installed"
done
[ -r /usr/include/bpf/libbpf.h ] || die "libbpf-dev is not installed"
mkdir -p "$out"

bpftool btf dump file "$vmlinux" format c >"$out/vmlinux.h.tmp"
mv "$out/vmlinux.h.tmp" "$out/vmlinux.h"

progs=$(cd "$st/progs" && ls -- *traits*.c)
tests=$(cd "$st/prog_tests" && ls -- *traits*.c)
[ -n "$progs" ] && [ -n "$tests" ] || die "no trait selftests in $st"

arch_inc=/usr/include/$(gcc -dumpmachine)
for p in $progs; do
	name=${p%.c}
	clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
		-I"$out" -I"$st" -I"$arch_inc" \
		-c "$st/progs/$p" -o "$out/$name.bpf.o"
	bpftool gen skeleton "$out/$name.bpf.o" name "$name" >"$out/$name.skel.h"
done

# The test table: every "void test_NAME(void)" of the test files.
sed -n 's/^void test_\([a-z0-9_]*\)(void)$/DEFINE_TEST(\1)/p' \
	$(for t in $tests; do echo "$st/prog_tests/$t"; done) >"$out/tests.h"
[ -s "$out/tests.h" ] || die "no test_*() function in $tests"

gcc -O2 -g -Wall -Werror -I"$here" -I"$out" -o "$out/runner" \
	"$here/runner.c" $(for t in $tests; do echo "$st/prog_tests/$t"; done) \
	-lbpf -lelf -lz
echo "$out/runner"
