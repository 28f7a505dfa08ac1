// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/TcpMssClamp.cs: clamps the MSS option of IPv4 TCP SYNs to
 * MAX_SEGMENT_SIZE, walking the options in a bounded loop and fixing the checksum. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "checksum.h"

#define MAX_SEGMENT_SIZE 1360
#define OPTION_END 0
#define OPTION_NOP 1
#define OPTION_MSS 2
#define MAX_OPTION_BYTES 40

SEC("tc")
int mss_clamp(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_TCP || ip->ihl * 4 < (int)sizeof(*ip))
		return TC_ACT_OK;

	int tcp_offset = sizeof(*eth) + ip->ihl * 4;
	struct tcphdr *tcp = data + tcp_offset;

	if ((void *)(tcp + 1) > data_end || !tcp->syn)
		return TC_ACT_OK;

	int options_length = tcp->doff * 4 - (int)sizeof(*tcp);
	int offset = 0;

	for (int step = 0; step < MAX_OPTION_BYTES && offset < options_length; step++) {
		__u8 *kind = data + tcp_offset + sizeof(*tcp) + offset;

		if ((void *)(kind + 1) > data_end || *kind == OPTION_END)
			break;
		if (*kind == OPTION_NOP) {
			offset++;
			continue;
		}

		__u8 *length = kind + 1;

		if ((void *)(length + 1) > data_end || *length < 2)
			break;
		if (*kind == OPTION_MSS && *length == 4) {
			__be16 *mss = (__be16 *)kind;

			if ((void *)(mss + 2) <= data_end && bpf_ntohs(mss[1]) > MAX_SEGMENT_SIZE) {
				__be16 clamped = bpf_htons(MAX_SEGMENT_SIZE);

				tcp->check = csum_replace16(tcp->check, mss[1], clamped);
				mss[1] = clamped;
			}
			break;
		}
		offset += *length;
	}

	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
