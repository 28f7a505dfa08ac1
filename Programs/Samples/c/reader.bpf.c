// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/TrafficReader.cs: reads at TC ingress the traits the tagger set at
 * XDP (meta backend: the store at __sk_buff->data_meta, trait_store.h), counts packets per
 * traffic class and reports each packet's id and latency through a ring buffer; never drops. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "trait_store.h"

struct latency_event {
	__u64 packet_id;
	__u64 latency_ns;
	__u32 traffic_class;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} PerClass SEC(".maps");

/* [0] packets with traits, [1] packets without. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} Seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} Latencies SEC(".maps");

const volatile __u64 __trait_packet_id = 64;
const volatile __u64 __trait_received_ns = 64;
const volatile __u64 __trait_traffic_class = 64;

static __always_inline void count(void *map, __u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(map, &index);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

SEC("tc")
int reader(struct __sk_buff *skb)
{
	/* TryGet zeroes its out value before the get, as the compiler does. */
	__u64 id = 0;

	if (trait_meta_get(skb, __trait_packet_id, &id, sizeof(id)) < 0) {
		count(&Seen, 1);
		return TC_ACT_OK;
	}

	count(&Seen, 0);

	__u32 traffic_class = 0;

	trait_meta_get(skb, __trait_traffic_class, &traffic_class, sizeof(traffic_class));
	count(&PerClass, traffic_class & 15);

	__u64 received = 0;

	if (trait_meta_get(skb, __trait_received_ns, &received, sizeof(received)) >= 0) {
		struct latency_event e = {
			.packet_id = id,
			.latency_ns = bpf_ktime_get_ns() - received,
			.traffic_class = traffic_class,
		};

		bpf_ringbuf_output(&Latencies, &e, sizeof(e), 0);
	}

	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
