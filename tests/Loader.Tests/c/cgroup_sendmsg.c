// Counts the UDP sends of a cgroup's processes at cgroup/sendmsg4 and lets each through (attached to a cgroup, not an interface).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sends SEC(".maps");

SEC("cgroup/sendmsg4")
int sendmsg_count(struct bpf_sock_addr *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&sends, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
