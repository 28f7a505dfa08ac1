// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/IcmpEchoReflector.cs: answers IPv4 ICMP echo requests from XDP by
 * swapping addresses, turning the request into a reply and sending it back out (XDP_TX). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "checksum.h"

#define ECHO_REQUEST 8
#define ECHO_REPLY 0

/* linux/icmp.h drags in the C library's socket headers, which a BPF target cannot compile. */
struct icmphdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

SEC("xdp")
int icmp_reflect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct icmphdr *icmp = (void *)(ip + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_ICMP || ip->ihl * 4 != (int)sizeof(*ip))
		return XDP_PASS;
	if ((void *)(icmp + 1) > data_end || icmp->type != ECHO_REQUEST || icmp->code != 0)
		return XDP_PASS;

	for (int i = 0; i < ETH_ALEN; i++) {
		__u8 b = eth->h_dest[i];

		eth->h_dest[i] = eth->h_source[i];
		eth->h_source[i] = b;
	}

	__be32 source = ip->saddr;

	ip->saddr = ip->daddr;
	ip->daddr = source;
	ip->ttl = 64;
	ip->check = 0;
	ip->check = csum_compute(ip, sizeof(*ip));

	/* Type and code share a 16-bit word of the checksummed message. */
	__u16 before = *(__u16 *)icmp;

	icmp->type = ECHO_REPLY;
	icmp->checksum = csum_replace16(icmp->checksum, before, *(__u16 *)icmp);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
