// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/HeaderParser.cs: parses Ethernet, up to two VLAN tags, IPv4 with
 * options or IPv6 with up to four extension headers; drops malformed IP and leaves a 4-byte
 * summary (L3 offset, L4 offset, L4 protocol, VLAN tags) in the XDP metadata area. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SUMMARY_SIZE 4
#define MAX_VLAN_TAGS 2
#define MAX_EXTENSION_HEADERS 4

/* The uapi headers do not export the kernel's struct vlan_hdr. */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

static __always_inline int is_extension_header(__u8 protocol)
{
	return protocol == IPPROTO_HOPOPTS || protocol == IPPROTO_ROUTING ||
	       protocol == IPPROTO_FRAGMENT || protocol == IPPROTO_DSTOPTS;
}

SEC("xdp")
int hdr_parser(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	int offset = sizeof(*eth);
	int vlans = 0;
	__u16 protocol;
	__u8 l4_protocol;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;

	protocol = eth->h_proto;
	for (int i = 0; i < MAX_VLAN_TAGS; i++) {
		if (protocol != bpf_htons(ETH_P_8021Q) && protocol != bpf_htons(ETH_P_8021AD))
			break;

		struct vlan_hdr *vlan = data + offset;

		if ((void *)(vlan + 1) > data_end)
			return XDP_DROP;
		protocol = vlan->h_vlan_encapsulated_proto;
		offset += sizeof(*vlan);
		vlans++;
	}

	int l3 = offset;

	if (protocol == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + offset;

		if ((void *)(ip + 1) > data_end || ip->version != 4 || ip->ihl * 4 < (int)sizeof(*ip))
			return XDP_DROP;

		int total_length = bpf_ntohs(ip->tot_len);

		if (total_length < ip->ihl * 4 || data + l3 + total_length > data_end)
			return XDP_DROP;
		l4_protocol = ip->protocol;
		offset += ip->ihl * 4;
	} else if (protocol == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + offset;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		l4_protocol = ip6->nexthdr;
		offset += sizeof(*ip6);
		for (int i = 0; i < MAX_EXTENSION_HEADERS && is_extension_header(l4_protocol); i++) {
			__u8 *extension = data + offset;

			if ((void *)(extension + 8) > data_end)
				return XDP_DROP;
			l4_protocol = extension[0];
			offset += (extension[1] + 1) * 8;
		}
	} else {
		return XDP_PASS;
	}

	if (bpf_xdp_adjust_meta(ctx, -SUMMARY_SIZE) != 0)
		return XDP_PASS;

	/* adjust_meta invalidates every packet pointer, so read them again. */
	__u8 *meta = (void *)(long)ctx->data_meta;

	if ((void *)(meta + SUMMARY_SIZE) > (void *)(long)ctx->data)
		return XDP_PASS;
	meta[0] = l3;
	meta[1] = offset;
	meta[2] = l4_protocol;
	meta[3] = vlans;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
