// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Ports/XdpRouterIpv4.cs, after the kernel's samples/bpf/xdp_router_ipv4_kern.c
 * (torvalds/linux 2555693dd85c7a726eed570736bf6e1c4c7116ed): an IPv4 router in XDP. The next hop
 * of a destination is an exact-match entry (hash map) or the longest matching prefix of a route
 * table (LPM trie), its MAC address comes from an ARP table (hash map), directly or through the
 * route's gateway; the frame gets the route's source MAC and the next hop's MAC and is redirected
 * through a device map. Forwarded packets are counted per IP protocol in a per-CPU array.
 * Differences: the section is SEC("xdp") (upstream "xdp_router_ipv4"); the maps are named as the
 * C# fields (upstream lpm_map, rxcnt, arp_table, exact_match, tx_port); upstream's kernel-internal
 * includes (linux/slab.h, net/ip_fib.h, which it does not use) and kernel types (u8, u32, u64)
 * are uapi ones here, and struct vlan_hdr, which only the kernel's internal headers declare,
 * is declared in the twin. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

/* A route: the prefix it was made from, the source MAC to put on the frame (in the first six
 * bytes of value), the device map slot to send it through, and an optional gateway. */
struct trie_value {
	__u8 prefix[4];
	__be64 value;
	int ifindex;
	int metric;
	__be32 gw;
};

/* The trie's key: the prefix length in the first word, the address in the bytes after it. */
union key_4 {
	__u32 b32[2];
	__u8 b8[8];
};

struct arp_entry {
	__be64 mac;
	__be32 dst;
};

struct direct_map {
	struct arp_entry arp;
	int ifindex;
	__be64 mac;
};

/* The route table, by longest prefix. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(key_size, 8);
	__uint(value_size, sizeof(struct trie_value));
	__uint(max_entries, 50);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} LpmMap SEC(".maps");

/* Forwarded packets per IP protocol, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, long);
	__uint(max_entries, 256);
} RxCnt SEC(".maps");

/* Next-hop addresses to MAC addresses. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __be32);
	__type(value, __be64);
	__uint(max_entries, 50);
} ArpTable SEC(".maps");

/* Destinations routed without a trie walk. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __be32);
	__type(value, struct direct_map);
	__uint(max_entries, 50);
} ExactMatch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
	__uint(max_entries, 100);
} TxPort SEC(".maps");

/* Writes the destination MAC, then the source MAC, six bytes each, at the frame's start. */
static inline void set_src_dst_mac(void *data, void *src, void *dst)
{
	unsigned short *source = src;
	unsigned short *dest = dst;
	unsigned short *p = data;

	__builtin_memcpy(p, dest, 6);
	__builtin_memcpy(p + 3, source, 6);
}

/* The protocol of the IPv4 header at nh_off with its addresses stored, or 0 when it is cut short. */
static inline int parse_ipv4(void *data, __u64 nh_off, void *data_end,
			     __be32 *src, __be32 *dest)
{
	struct iphdr *iph = data + nh_off;

	if ((void *)(iph + 1) > data_end)
		return 0;
	*src = iph->saddr;
	*dest = iph->daddr;
	return iph->protocol;
}

SEC("xdp")
int xdp_router_ipv4_prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	__be64 *dest_mac = NULL, *src_mac = NULL;
	void *data = (void *)(long)ctx->data;
	struct trie_value *prefix_value;
	int rc = XDP_DROP, forward_to;
	struct ethhdr *eth = data;
	union key_4 key4;
	long *value;
	__u16 h_proto;
	__u32 ipproto;
	__u64 nh_off;

	nh_off = sizeof(*eth);
	if (data + nh_off > data_end)
		return rc;

	h_proto = eth->h_proto;

	/* One VLAN tag at most. */
	if (h_proto == bpf_htons(ETH_P_8021Q) || h_proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr *vhdr;

		vhdr = data + nh_off;
		nh_off += sizeof(struct vlan_hdr);
		if (data + nh_off > data_end)
			return rc;
		h_proto = vhdr->h_vlan_encapsulated_proto;
	}
	if (h_proto == bpf_htons(ETH_P_ARP)) {
		return XDP_PASS;
	} else if (h_proto == bpf_htons(ETH_P_IP)) {
		struct direct_map *direct_entry;
		__be32 src_ip = 0, dest_ip = 0;

		ipproto = parse_ipv4(data, nh_off, data_end, &src_ip, &dest_ip);
		direct_entry = bpf_map_lookup_elem(&ExactMatch, &dest_ip);
		/* An exact match with both addresses known spares the trie walk. */
		if (direct_entry && direct_entry->mac && direct_entry->arp.mac) {
			src_mac = &direct_entry->mac;
			dest_mac = &direct_entry->arp.mac;
			forward_to = direct_entry->ifindex;
		} else {
			/* The longest prefix of the whole address. */
			key4.b32[0] = 32;
			key4.b8[4] = dest_ip & 0xff;
			key4.b8[5] = (dest_ip >> 8) & 0xff;
			key4.b8[6] = (dest_ip >> 16) & 0xff;
			key4.b8[7] = (dest_ip >> 24) & 0xff;
			prefix_value = bpf_map_lookup_elem(&LpmMap, &key4);
			if (!prefix_value)
				return XDP_DROP;
			src_mac = &prefix_value->value;
			if (!src_mac)
				return XDP_DROP;
			dest_mac = bpf_map_lookup_elem(&ArpTable, &dest_ip);
			if (!dest_mac) {
				if (!prefix_value->gw)
					return XDP_DROP;
				dest_ip = prefix_value->gw;
				dest_mac = bpf_map_lookup_elem(&ArpTable, &dest_ip);
			}
			forward_to = prefix_value->ifindex;
		}
	} else {
		ipproto = 0;
	}
	if (src_mac && dest_mac) {
		set_src_dst_mac(data, src_mac, dest_mac);
		value = bpf_map_lookup_elem(&RxCnt, &ipproto);
		if (value)
			*value += 1;
		return bpf_redirect_map(&TxPort, forward_to, 0);
	}
	return rc;
}

char _license[] SEC("license") = "GPL";
