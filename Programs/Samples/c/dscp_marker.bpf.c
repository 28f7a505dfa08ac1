// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/DscpMarker.cs: UDP to or from the SIP/RTP port range gets DSCP EF
 * in IPv4 (header checksum fixed incrementally) and in IPv6's traffic class; never drops. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "checksum.h"

#define EXPEDITED_FORWARDING 46
#define FIRST_PORT 5060
#define LAST_PORT 5080

static __always_inline int is_voice(const struct udphdr *udp)
{
	__u16 source = bpf_ntohs(udp->source);
	__u16 destination = bpf_ntohs(udp->dest);

	return (destination >= FIRST_PORT && destination <= LAST_PORT) ||
	       (source >= FIRST_PORT && source <= LAST_PORT);
}

SEC("tc")
int dscp_marker(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_UDP || ip->ihl * 4 < (int)sizeof(*ip))
			return TC_ACT_OK;

		struct udphdr *udp = (void *)ip + ip->ihl * 4;

		if ((void *)(udp + 1) > data_end || !is_voice(udp))
			return TC_ACT_OK;

		/* TOS shares a 16-bit word with the version/IHL byte. */
		__u16 before = *(__u16 *)ip;

		ip->tos = (EXPEDITED_FORWARDING << 2) | (ip->tos & 0x03);
		ip->check = csum_replace16(ip->check, before, *(__u16 *)ip);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_UDP)
			return TC_ACT_OK;

		struct udphdr *udp = (void *)(ip6 + 1);

		if ((void *)(udp + 1) > data_end || !is_voice(udp))
			return TC_ACT_OK;

		/* Version (4 bits), traffic class (8), flow label (20): the class is bits 20..27 of the host-order word. */
		__u32 word = bpf_ntohl(*(__be32 *)ip6);

		word = (word & 0xF00FFFFF) | ((__u32)EXPEDITED_FORWARDING << 22) | (word & 0x00300000);
		*(__be32 *)ip6 = bpf_htonl(word);
	}

	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
