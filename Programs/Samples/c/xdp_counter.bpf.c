// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/PacketCounter.cs: counts packets, bytes, IPv4 UDP and ICMP in a
 * shared array with atomic adds, and packets per protocol family in a per-CPU array. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ALL_PACKETS 0
#define ALL_BYTES 1
#define UDP4 2
#define ICMP4 3

#define FAMILY_IPV4 0
#define FAMILY_IPV6 1
#define FAMILY_ARP 2
#define FAMILY_OTHER 3

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} Counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} Families SEC(".maps");

static __always_inline void add(__u32 index, __u64 amount)
{
	__u64 *counter = bpf_map_lookup_elem(&Counters, &index);

	if (counter)
		__sync_fetch_and_add(counter, amount);
}

SEC("xdp")
int xdp_counter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 family = FAMILY_OTHER;

	add(ALL_PACKETS, 1);
	add(ALL_BYTES, data_end - data);
	if ((void *)(eth + 1) <= data_end) {
		__u16 type = bpf_ntohs(eth->h_proto);

		family = type == ETH_P_IP ? FAMILY_IPV4 : type == ETH_P_IPV6 ? FAMILY_IPV6 : type == ETH_P_ARP ? FAMILY_ARP : FAMILY_OTHER;
		if (family == FAMILY_IPV4) {
			struct iphdr *ip = (void *)(eth + 1);

			if ((void *)(ip + 1) <= data_end && ip->protocol == IPPROTO_UDP)
				add(UDP4, 1);
			else if ((void *)(ip + 1) <= data_end && ip->protocol == IPPROTO_ICMP)
				add(ICMP4, 1);
		}
	}

	__u64 *packets = bpf_map_lookup_elem(&Families, &family);

	if (packets)
		*packets += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
