// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/PacketCounter.cs: counts packets per protocol family in a per-CPU
 * array and bytes per family in a shared array with atomic adds; passes everything. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FAMILY_IPV4 0
#define FAMILY_IPV6 1
#define FAMILY_ARP 2
#define FAMILY_OTHER 3

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} Packets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} Bytes SEC(".maps");

SEC("xdp")
int xdp_counter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 family = FAMILY_OTHER;

	if ((void *)(eth + 1) <= data_end) {
		__u16 type = bpf_ntohs(eth->h_proto);

		family = type == ETH_P_IP ? FAMILY_IPV4 : type == ETH_P_IPV6 ? FAMILY_IPV6 : type == ETH_P_ARP ? FAMILY_ARP : FAMILY_OTHER;
	}

	__u64 *packets = bpf_map_lookup_elem(&Packets, &family);

	if (packets)
		*packets += 1;

	__u64 *bytes = bpf_map_lookup_elem(&Bytes, &family);

	if (bytes)
		__sync_fetch_and_add(bytes, (__s64)(data_end - data));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
