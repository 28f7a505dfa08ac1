// The demo's XDP packet counter, in C, until the C# compiler produces the same
// program (see demo/README.md for the contract). Counts every packet, its bytes,
// and the IPv4 UDP and ICMP packets among them, and lets everything pass.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum { PACKETS, BYTES, UDP, ICMP, SLOTS };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 slot, __u64 amount)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &slot);

	if (value)
		__sync_fetch_and_add(value, amount);
}

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	count(PACKETS, 1);
	count(BYTES, end - data);
	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol == IPPROTO_UDP)
		count(UDP, 1);
	else if (ip->protocol == IPPROTO_ICMP)
		count(ICMP, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
