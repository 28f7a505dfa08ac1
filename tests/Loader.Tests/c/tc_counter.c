// Counts packets at TC (attach to ingress or egress) and lets them through.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tc_packets SEC(".maps");

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&tc_packets, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
