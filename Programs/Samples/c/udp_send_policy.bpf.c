// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Samples/UdpSendPolicy.cs: at a cgroup's socket-address hooks, a UDP send to
 * one port fails with EPERM, a send to another goes to a third port instead, and replies from
 * the third port are reported as coming from the one the application sent to; for IPv4 and IPv6
 * sockets alike. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define BLOCKED_PORT 9999
#define MOVED_PORT 5300
#define NEW_PORT 5301

#define REFUSED 0
#define MOVED 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} Decisions SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(&Decisions, &index);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

static __always_inline int decide(struct bpf_sock_addr *ctx)
{
	__u32 port = ctx->user_port;

	if (port == bpf_htons(BLOCKED_PORT)) {
		count(REFUSED);
		return 0;
	}
	if (port == bpf_htons(MOVED_PORT)) {
		ctx->user_port = bpf_htons(NEW_PORT);
		count(MOVED);
	}
	return 1;
}

static __always_inline int restore(struct bpf_sock_addr *ctx)
{
	if (ctx->user_port == bpf_htons(NEW_PORT))
		ctx->user_port = bpf_htons(MOVED_PORT);
	return 1;
}

SEC("cgroup/sendmsg4")
int udp_send_policy(struct bpf_sock_addr *ctx)
{
	return decide(ctx);
}

SEC("cgroup/recvmsg4")
int udp_recv_policy(struct bpf_sock_addr *ctx)
{
	return restore(ctx);
}

SEC("cgroup/sendmsg6")
int udp6_send_policy(struct bpf_sock_addr *ctx)
{
	return decide(ctx);
}

SEC("cgroup/recvmsg6")
int udp6_recv_policy(struct bpf_sock_addr *ctx)
{
	return restore(ctx);
}

char LICENSE[] SEC("license") = "GPL";
