// Reads the packet without a bounds check: the verifier must reject it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bad_access(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;

	return data[20] == 17 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
