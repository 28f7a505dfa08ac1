// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/SynExporter.cs: reports every IPv4 TCP connection attempt (SYN
 * without ACK) at TC ingress as an event in a ring buffer; never drops. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Addresses in network byte order, ports in host order. */
struct syn_event {
	__u32 source;
	__u32 destination;
	__u16 source_port;
	__u16 destination_port;
	__u32 ifindex;
	__u16 window;
	__u16 pad1;
	__u32 pad2;
	__u64 timestamp_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} Events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} Lost SEC(".maps");

SEC("tc")
int syn_exporter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_TCP || ip->ihl * 4 < (int)sizeof(*ip))
		return TC_ACT_OK;

	struct tcphdr *tcp = (void *)ip + ip->ihl * 4;

	/* The byte after the data offset holds the flags: SYN is 0x02, ACK 0x10. */
	if ((void *)(tcp + 1) > data_end || (((__u8 *)tcp)[13] & 0x12) != 0x02)
		return TC_ACT_OK;

	struct syn_event *e = bpf_ringbuf_reserve(&Events, sizeof(*e), 0);

	if (!e) {
		__u32 zero = 0;
		__u64 *lost = bpf_map_lookup_elem(&Lost, &zero);

		if (lost)
			__sync_fetch_and_add(lost, 1);
		return TC_ACT_OK;
	}

	e->source = ip->saddr;
	e->destination = ip->daddr;
	e->source_port = bpf_ntohs(tcp->source);
	e->destination_port = bpf_ntohs(tcp->dest);
	e->ifindex = skb->ingress_ifindex;
	e->window = bpf_ntohs(tcp->window);
	e->timestamp_ns = bpf_ktime_get_ns();
	bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
