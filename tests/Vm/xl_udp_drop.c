// SPDX-License-Identifier: GPL-2.0
// Another tool's XDP program for tests/Vm/coexist.sh, loaded with xdp-loader (libxdp): it counts every
// packet it sees and drops IPv4 UDP, so whether a program after it in libxdp's dispatcher sees UDP tells
// the order in which the dispatcher runs them.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} xl_seen SEC(".maps");

static void count(__u32 key)
{
	__u64 *value = bpf_map_lookup_elem(&xl_seen, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
}

SEC("xdp")
int xl_udp_drop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	count(0);
	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	count(1);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
