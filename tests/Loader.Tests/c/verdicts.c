// Three program types in one object, each deciding by the UDP destination
// port, and a hash map of ports seen, for test runs and Program(name) lookups.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);
	__type(value, __u64);
} ports_seen SEC(".maps");

static __always_inline int udp_port(void *data, void *end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = (void *)ip + sizeof(*ip);

	if ((void *)(udp + 1) > end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return -1;
	return bpf_ntohs(udp->dest);
}

SEC("xdp")
int xdp_verdict(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	int port = udp_port(data, end);
	__u16 key;
	__u64 one = 1, *seen;

	if (port < 0)
		return XDP_PASS;
	key = port;
	seen = bpf_map_lookup_elem(&ports_seen, &key);
	if (seen)
		__sync_fetch_and_add(seen, 1);
	else
		bpf_map_update_elem(&ports_seen, &key, &one, BPF_NOEXIST);
	if (port == 9)
		return XDP_DROP;
	if (port == 7) {
		/* echo: swap the MAC addresses and bounce the frame */
		struct ethhdr *eth = data;
		unsigned char tmp[ETH_ALEN];

		__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
		return XDP_TX;
	}
	return XDP_PASS;
}

SEC("tc")
int tc_verdict(struct __sk_buff *skb)
{
	int port = udp_port((void *)(long)skb->data, (void *)(long)skb->data_end);

	return port == 9 ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("socket")
int socket_length(struct __sk_buff *skb)
{
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
