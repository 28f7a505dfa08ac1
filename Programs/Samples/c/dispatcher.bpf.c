// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/ProtocolDispatcher.cs: an XDP entry program that tail-calls a
 * per-protocol handler from a program array (TCP slot 0, UDP slot 1, ICMP slot 2), and the
 * TCP and UDP handlers, which count what they see. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TCP_SLOT 0
#define UDP_SLOT 1
#define ICMP_SLOT 2

/* Program arrays take no BTF key or value type, only sizes. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 4);
} Handlers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} Handled SEC(".maps");

SEC("xdp")
int dispatcher(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;

	/* A tail call that finds its slot empty returns, and the packet passes. */
	switch (ip->protocol) {
	case IPPROTO_TCP:
		bpf_tail_call(ctx, &Handlers, TCP_SLOT);
		break;
	case IPPROTO_UDP:
		bpf_tail_call(ctx, &Handlers, UDP_SLOT);
		break;
	case IPPROTO_ICMP:
		bpf_tail_call(ctx, &Handlers, ICMP_SLOT);
		break;
	}

	return XDP_PASS;
}

static __always_inline void count(__u32 slot)
{
	__u64 *counter = bpf_map_lookup_elem(&Handled, &slot);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

/* Counts, and drops TCP to port 23 (telnet); the TCP header is assumed after a 20-byte IPv4 header, as in C#. */
SEC("xdp")
int handle_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct tcphdr *tcp = data + sizeof(struct ethhdr) + sizeof(struct iphdr);

	count(TCP_SLOT);
	return (void *)(tcp + 1) <= data_end && tcp->dest == bpf_htons(23) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int handle_udp(struct xdp_md *ctx)
{
	count(UDP_SLOT);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
