// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/ReplyCounter.cs: counts at TC egress the packets that leave with a
 * packet id (meta backend: the store at __sk_buff->data_meta, trait_store.h) and how many left
 * under each id; never drops. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "trait_store.h"

/* [0] packets leaving with a packet id, [1] packets leaving without. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} Replies SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(max_entries, 4096);
} PerId SEC(".maps");

const volatile __u64 __trait_packet_id = 64;

static __always_inline void count(__u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(&Replies, &index);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

SEC("tc")
int replies(struct __sk_buff *skb)
{
	__u64 id = 0, one = 1, *sent;

	if (trait_meta_get(skb, __trait_packet_id, &id, sizeof(id)) < 0) {
		count(1);
		return TC_ACT_OK;
	}

	count(0);
	sent = bpf_map_lookup_elem(&PerId, &id);
	if (sent) {
		__sync_fetch_and_add(sent, 1);
	} else if (bpf_map_update_elem(&PerId, &id, &one, BPF_NOEXIST)) {
		/* Two CPUs may both miss: the one whose insert fails counts on the other's entry. */
		sent = bpf_map_lookup_elem(&PerId, &id);
		if (sent)
			__sync_fetch_and_add(sent, 1);
	}

	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
