// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Ports/XdpVlanSwap.cs, after xdp-tutorial's packet02 solution
 * (xdp_vlan_swap_func): pops the outermost VLAN tag of a tagged frame, pushes a tag with VLAN
 * id 1 onto an untagged one, and passes every frame. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "parsing_helpers.h"
#include "rewrite_helpers.h"

SEC("xdp")
int xdp_vlan_swap_func(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor nh;
	int nh_type;

	nh.pos = data;

	struct ethhdr *eth;

	nh_type = parse_ethhdr(&nh, data_end, &eth);
	if (nh_type < 0)
		return XDP_PASS;

	if (proto_is_vlan(eth->h_proto))
		vlan_tag_pop(ctx, eth);
	else
		vlan_tag_push(ctx, eth, 1);

	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
