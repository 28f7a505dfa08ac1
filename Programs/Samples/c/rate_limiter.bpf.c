// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/RateLimiter.cs: a token bucket per IPv4 source, with the budget and
 * window as .rodata constants set at load time; over-budget packets are dropped and counted. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VERDICT_PASSED 0
#define VERDICT_DROPPED 1

/* volatile keeps clang from folding the defaults in, so the loader can set them. */
const volatile __u32 PacketsPerWindow = 100;
const volatile __u64 WindowNs = 1000000000;

struct bucket {
	__u32 tokens;
	__u32 pad;
	__u64 refilled_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, struct bucket);
	__uint(max_entries, 16384);
} Buckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} Verdicts SEC(".maps");

static __always_inline int count(__u32 verdict, int action)
{
	__u64 *counter = bpf_map_lookup_elem(&Verdicts, &verdict);

	if (counter)
		*counter += 1;
	return action;
}

SEC("xdp")
int rate_limiter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;

	__u64 now = bpf_ktime_get_ns();
	__u32 source = ip->saddr;
	struct bucket *bucket = bpf_map_lookup_elem(&Buckets, &source);

	if (!bucket) {
		struct bucket fresh = { .tokens = PacketsPerWindow - 1, .refilled_ns = now };

		bpf_map_update_elem(&Buckets, &source, &fresh, BPF_ANY);
		return count(VERDICT_PASSED, XDP_PASS);
	}

	if (now - bucket->refilled_ns >= WindowNs) {
		bucket->tokens = PacketsPerWindow;
		bucket->refilled_ns = now;
	}

	if (bucket->tokens == 0)
		return count(VERDICT_DROPPED, XDP_DROP);

	bucket->tokens--;
	return count(VERDICT_PASSED, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
