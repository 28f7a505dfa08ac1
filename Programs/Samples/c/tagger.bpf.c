// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/TrafficTagger.cs: tags every IPv4 packet at XDP with three named
 * traits (a packet id, the time it arrived, a traffic class from a rules map or by protocol),
 * kept by the meta backend in the XDP metadata area (trait_store.h). The traits' keys are the
 * .rodata variables the loader sets from the host's registry, as in the C# object. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "trait_store.h"

#define CLASS_OTHER 0
#define CLASS_UDP 1
#define CLASS_TCP 2
#define CLASS_ICMP 3

/* A classification rule's key: protocol and destination port (host order), no padding. */
struct class_rule {
	__u8 protocol;
	__u8 pad;
	__u16 destination_port;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct class_rule);
	__type(value, __u32);
	__uint(max_entries, 1024);
} Rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} NextId SEC(".maps");

/* [0] packets tagged, [1] packets whose traits did not fit. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} Tagged SEC(".maps");

/* The named traits' keys; 64, an invalid key, until the loader writes the registry's. */
const volatile __u64 __trait_packet_id = 64;
const volatile __u64 __trait_received_ns = 64;
const volatile __u64 __trait_traffic_class = 64;

SEC("xdp")
int tagger(struct xdp_md *ctx)
{
	/* Before anything else, as the compiler puts it in front of the C# program. */
	trait_meta_reserve_xdp(ctx);

	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end || ip->ihl * 4 < (int)sizeof(*ip))
		return XDP_PASS;

	struct class_rule rule = { .protocol = ip->protocol };
	__u32 traffic_class = ip->protocol == IPPROTO_UDP ? CLASS_UDP : ip->protocol == IPPROTO_TCP ? CLASS_TCP : ip->protocol == IPPROTO_ICMP ? CLASS_ICMP : CLASS_OTHER;
	struct udphdr *ports = (void *)ip + ip->ihl * 4;

	if ((void *)(ports + 1) <= data_end && (ip->protocol == IPPROTO_UDP || ip->protocol == IPPROTO_TCP))
		rule.destination_port = bpf_ntohs(ports->dest);

	__u32 *ruled = bpf_map_lookup_elem(&Rules, &rule);

	if (ruled)
		traffic_class = *ruled;

	__u32 zero = 0;
	__u64 *next = bpf_map_lookup_elem(&NextId, &zero);
	__u64 id = next ? (__u64)__sync_add_and_fetch((__s64 *)next, 1) : 0;
	__u64 now = bpf_ktime_get_ns();
	/* In this order, as C# evaluates `a | b | c`; C leaves the order of `|` operands open. */
	int failed = trait_meta_set(ctx, __trait_packet_id, &id, sizeof(id), 0);

	failed |= trait_meta_set(ctx, __trait_received_ns, &now, sizeof(now), 0);
	failed |= trait_meta_set(ctx, __trait_traffic_class, &traffic_class, sizeof(traffic_class), 0);

	__u32 outcome = failed == 0 ? 0 : 1;
	__u64 *counter = bpf_map_lookup_elem(&Tagged, &outcome);

	if (counter)
		__sync_fetch_and_add(counter, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
