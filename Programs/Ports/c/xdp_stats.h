/* SPDX-License-Identifier: GPL-2.0 */
/* Per-action packet and byte counts as the xdp-tutorial lessons keep them
 * (common/xdp_stats_kern.h upstream), written again for the ports: every program that includes
 * it returns through xdp_stats_record_action. Programs/Ports/XdpStats.cs is its C# port. */
#ifndef PORTS_XDP_STATS_H
#define PORTS_XDP_STATS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef XDP_ACTION_MAX
#define XDP_ACTION_MAX (XDP_REDIRECT + 1)
#endif

struct datarec {
	__u64 rx_packets;
	__u64 rx_bytes;
};

/* xdp-tools' programs have libbpf pin the map by name (its copy of this header does so always):
 * they define XDP_STATS_MAP_PINNED before including this. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct datarec);
	__uint(max_entries, XDP_ACTION_MAX);
#ifdef XDP_STATS_MAP_PINNED
	__uint(pinning, LIBBPF_PIN_BY_NAME);
#endif
} XdpStatsMap SEC(".maps");

static __always_inline __u32 xdp_stats_record_action(struct xdp_md *ctx, __u32 action)
{
	if (action >= XDP_ACTION_MAX)
		return XDP_ABORTED;

	struct datarec *rec = bpf_map_lookup_elem(&XdpStatsMap, &action);

	if (!rec)
		return XDP_ABORTED;

	/* Per-CPU values: softirq context needs no atomics. */
	rec->rx_packets++;
	rec->rx_bytes += (ctx->data_end - ctx->data);
	return action;
}

#endif
