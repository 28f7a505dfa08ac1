// Two XDP programs; the verifier accepts the first and rejects the second, which reads the packet unchecked.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int first_fine(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int second_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;

	return data[20] == 17 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
