// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/PortFilter.cs: drops UDP datagrams to one port, over IPv4 (any
 * header length) and IPv6; everything else passes. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define BLOCKED_PORT 9999

SEC("xdp")
int port_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	int offset = sizeof(*eth);
	__u8 protocol;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + offset;

		if ((void *)(ip + 1) > data_end || ip->ihl * 4 < (int)sizeof(*ip))
			return XDP_PASS;
		protocol = ip->protocol;
		offset += ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + offset;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		protocol = ip6->nexthdr;
		offset += sizeof(*ip6);
	} else {
		return XDP_PASS;
	}

	if (protocol != IPPROTO_UDP)
		return XDP_PASS;

	struct udphdr *udp = data + offset;

	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	return bpf_ntohs(udp->dest) == BLOCKED_PORT ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
