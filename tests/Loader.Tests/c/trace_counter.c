// Counts the sk_buffs consume_skb frees, at the BTF tracepoint (attached without an interface).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} consumed SEC(".maps");

SEC("tp_btf/consume_skb")
int trace_count(__u64 *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&consumed, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
