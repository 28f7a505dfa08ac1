// Two XDP programs and a map the kernel refuses: an array may not be BPF_F_NO_PREALLOC.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} refused_counts SEC(".maps");

SEC("xdp")
int first_fine(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int second_counts(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&refused_counts, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
