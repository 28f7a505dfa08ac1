// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/FlowTable.cs: per-flow packet and byte counts and the TCP flags
 * seen, keyed by the IPv4 5-tuple, in an LRU hash map; passes everything. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_FLOWS 4096

/* Addresses and ports in network byte order; explicit padding so every key byte is set. */
struct flow_key {
	__u32 source;
	__u32 destination;
	__u16 source_port;
	__u16 destination_port;
	__u8 protocol;
	__u8 pad1;
	__u16 pad2;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 tcp_flags;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
	__uint(max_entries, MAX_FLOWS);
} Flows SEC(".maps");

SEC("xdp")
int flow_table(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end || ip->ihl * 4 < (int)sizeof(*ip))
		return XDP_PASS;

	struct flow_key key = { .source = ip->saddr, .destination = ip->daddr, .protocol = ip->protocol };
	__u32 flags = 0;
	int l4 = sizeof(*eth) + ip->ihl * 4;

	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = data + l4;

		if ((void *)(tcp + 1) > data_end)
			return XDP_PASS;
		key.source_port = tcp->source;
		key.destination_port = tcp->dest;
		/* The byte after the data offset holds the flags, CWR down to FIN. */
		flags = ((__u8 *)tcp)[13];
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = data + l4;

		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		key.source_port = udp->source;
		key.destination_port = udp->dest;
	}

	__u64 length = data_end - data;
	struct flow_stats *stats = bpf_map_lookup_elem(&Flows, &key);

	if (!stats) {
		struct flow_stats fresh = { .packets = 1, .bytes = length, .tcp_flags = flags };

		bpf_map_update_elem(&Flows, &key, &fresh, BPF_NOEXIST);
		return XDP_PASS;
	}

	__sync_fetch_and_add(&stats->packets, 1);
	__sync_fetch_and_add(&stats->bytes, length);
	__sync_fetch_and_or(&stats->tcp_flags, flags);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
