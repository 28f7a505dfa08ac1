// SPDX-License-Identifier: GPL-2.0
/* Programs that do nothing, to measure what BPF_PROG_TEST_RUN itself costs per packet: the
 * loop, the context set-up and the call. A sample's time minus this is the program's own. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int baseline_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int baseline_tc(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
