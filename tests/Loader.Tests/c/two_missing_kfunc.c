// Two XDP programs; the second calls a kfunc no kernel has, so libbpf cannot relocate its call.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int traitsbpf_no_such_kfunc(struct xdp_md *ctx) __ksym;

SEC("xdp")
int first_fine(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int second_calls_missing(struct xdp_md *ctx)
{
	return traitsbpf_no_such_kfunc(ctx) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
