// SPDX-License-Identifier: MIT
/*
 * Prints the ids of the programs attached to a tcx hook, one per line:
 * tcx_progs IFNAME ingress|egress. The tests' own view of the kernel, independent of
 * traitsbpf (the system's bpftool predates tcx and cannot show it).
 */
#include <bpf/bpf.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#define TCX_INGRESS 46
#define TCX_EGRESS 47

int main(int argc, char **argv)
{
	__u32 ids[64], count = 64, flags = 0;
	unsigned int ifindex;
	int type, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: tcx_progs IFNAME ingress|egress\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "tcx_progs: no interface %s\n", argv[1]);
		return 1;
	}
	type = strcmp(argv[2], "egress") ? TCX_INGRESS : TCX_EGRESS;
	rc = bpf_prog_query(ifindex, type, 0, &flags, ids, &count);
	if (rc) {
		fprintf(stderr, "tcx_progs: BPF_PROG_QUERY failed: %d\n", rc);
		return 1;
	}
	for (__u32 i = 0; i < count; i++)
		printf("%u\n", ids[i]);
	return 0;
}
