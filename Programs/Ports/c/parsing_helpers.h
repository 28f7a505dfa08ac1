/* SPDX-License-Identifier: GPL-2.0 */
/* Header parsing as the xdp-tutorial lessons do it (common/parsing_helpers.h upstream), written
 * again for the ports: a cursor walks the packet, each parser checks its header against the end
 * of the packet, moves the cursor past it, hands back a pointer to it and returns the type of what
 * follows (-1 when the packet is too short). Programs/Ports/ParsingHelpers.cs is its C# port. */
#ifndef PORTS_PARSING_HELPERS_H
#define PORTS_PARSING_HELPERS_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* How far parsing has gone into the packet. */
struct hdr_cursor {
	void *pos;
};

/* An 802.1Q or 802.1ad tag after the Ethernet addresses. */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

/* The words ICMP and ICMPv6 headers share. */
struct icmphdr_common {
	__u8 type;
	__u8 code;
	__sum16 cksum;
};

#ifndef VLAN_MAX_DEPTH
#define VLAN_MAX_DEPTH 4
#endif

/* The longest chain of IPv6 extension headers parse_ip6hdr_ext steps over. */
#ifndef IPV6_EXT_MAX_CHAIN
#define IPV6_EXT_MAX_CHAIN 6
#endif

static __always_inline int proto_is_vlan(__u16 h_proto)
{
	return !!(h_proto == bpf_htons(ETH_P_8021Q) || h_proto == bpf_htons(ETH_P_8021AD));
}

/* Steps over the Ethernet header and up to VLAN_MAX_DEPTH tags; *ethhdr still points at the
 * Ethernet header. Returns the innermost EtherType in network byte order. */
static __always_inline int parse_ethhdr(struct hdr_cursor *nh, void *data_end, struct ethhdr **ethhdr)
{
	struct ethhdr *eth = nh->pos;
	int hdrsize = sizeof(*eth);
	struct vlan_hdr *vlh;
	__u16 h_proto;
	int i;

	if (nh->pos + hdrsize > data_end)
		return -1;

	nh->pos += hdrsize;
	*ethhdr = eth;
	vlh = nh->pos;
	h_proto = eth->h_proto;

	for (i = 0; i < VLAN_MAX_DEPTH; i++) {
		if (!proto_is_vlan(h_proto))
			break;
		if ((void *)(vlh + 1) > data_end)
			break;
		h_proto = vlh->h_vlan_encapsulated_proto;
		vlh++;
	}

	nh->pos = vlh;
	return h_proto;
}

static __always_inline int parse_ip6hdr(struct hdr_cursor *nh, void *data_end, struct ipv6hdr **ip6hdr)
{
	struct ipv6hdr *ip6h = nh->pos;

	if ((void *)(ip6h + 1) > data_end)
		return -1;

	nh->pos = ip6h + 1;
	*ip6hdr = ip6h;
	return ip6h->nexthdr;
}

/* xdp-tools' later form of the helpers steps over extension headers after the IPv6 header, up to
 * IPV6_EXT_MAX_CHAIN of them, and returns the first header that is not one (-1 when the chain is
 * cut short or longer). Each kind states its length its own way: in 8-byte units beyond the first
 * 8 bytes, in 4-byte units beyond the first 8 for AH, and fixed at 8 bytes for a fragment header. */
static __always_inline int skip_ip6hdrext(struct hdr_cursor *nh, void *data_end, __u8 next_hdr_type)
{
	for (int i = 0; i < IPV6_EXT_MAX_CHAIN; ++i) {
		struct ipv6_opt_hdr *hdr = nh->pos;

		if ((void *)(hdr + 1) > data_end)
			return -1;

		switch (next_hdr_type) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_MH:
			nh->pos = (char *)hdr + (hdr->hdrlen + 1) * 8;
			next_hdr_type = hdr->nexthdr;
			break;
		case IPPROTO_AH:
			nh->pos = (char *)hdr + (hdr->hdrlen + 2) * 4;
			next_hdr_type = hdr->nexthdr;
			break;
		case IPPROTO_FRAGMENT:
			nh->pos = (char *)hdr + 8;
			next_hdr_type = hdr->nexthdr;
			break;
		default:
			return next_hdr_type;
		}
	}

	return -1;
}

/* xdp-tools' parse_ip6hdr: the IPv6 header, then its extension headers. */
static __always_inline int parse_ip6hdr_ext(struct hdr_cursor *nh, void *data_end, struct ipv6hdr **ip6hdr)
{
	int nexthdr = parse_ip6hdr(nh, data_end, ip6hdr);

	if (nexthdr < 0)
		return -1;
	return skip_ip6hdrext(nh, data_end, nexthdr);
}

/* The IPv4 header's length comes from its IHL field, so the cursor moves by that. */
static __always_inline int parse_iphdr(struct hdr_cursor *nh, void *data_end, struct iphdr **iphdr)
{
	struct iphdr *iph = nh->pos;
	int hdrsize;

	if ((void *)(iph + 1) > data_end)
		return -1;

	hdrsize = iph->ihl * 4;
	if (nh->pos + hdrsize > data_end)
		return -1;

	nh->pos += hdrsize;
	*iphdr = iph;
	return iph->protocol;
}

static __always_inline int parse_icmphdr_common(struct hdr_cursor *nh, void *data_end, struct icmphdr_common **icmphdr)
{
	struct icmphdr_common *h = nh->pos;

	if ((void *)(h + 1) > data_end)
		return -1;

	nh->pos = h + 1;
	*icmphdr = h;
	return h->type;
}

/* Returns the UDP payload's length as the header states it, or -1. */
static __always_inline int parse_udphdr(struct hdr_cursor *nh, void *data_end, struct udphdr **udphdr)
{
	struct udphdr *h = nh->pos;
	int len;

	if ((void *)(h + 1) > data_end)
		return -1;

	nh->pos = h + 1;
	*udphdr = h;
	len = bpf_ntohs(h->len) - sizeof(struct udphdr);
	if (len < 0)
		return -1;
	return len;
}

/* Returns the TCP header's length (options included) once all of it is in the packet, or -1. */
static __always_inline int parse_tcphdr(struct hdr_cursor *nh, void *data_end, struct tcphdr **tcphdr)
{
	struct tcphdr *h = nh->pos;
	int len;

	if ((void *)(h + 1) > data_end)
		return -1;

	len = h->doff * 4;
	if ((void *)h + len > data_end)
		return -1;

	nh->pos = h + 1;
	*tcphdr = h;
	return len;
}

#endif
