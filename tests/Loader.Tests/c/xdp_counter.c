// Counts packets and bytes at XDP and returns a verdict set from user space
// (.rodata), so tests can check attachment, map reads and --set.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps"); /* [0] packets, [1] bytes */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} percpu_packets SEC(".maps");

const volatile __u32 verdict = XDP_PASS;
const volatile __s16 bias = -1;
const volatile _Bool enabled = 1;

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 packets = 0, bytes = 1;
	__u64 *value;

	if (!enabled)
		return XDP_PASS;
	value = bpf_map_lookup_elem(&counters, &packets);
	if (value)
		__sync_fetch_and_add(value, 1);
	value = bpf_map_lookup_elem(&counters, &bytes);
	if (value)
		__sync_fetch_and_add(value, ctx->data_end - ctx->data);
	value = bpf_map_lookup_elem(&percpu_packets, &packets);
	if (value)
		*value += 1;
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
