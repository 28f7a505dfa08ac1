// Walks a long bounded loop before an unchecked packet read, so the verifier
// log of the rejection is several megabytes: the loader must grow its buffer.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int long_log(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;
	__u32 sum = 0;

	for (int i = 0; i < 3000; i++)
		sum += i ^ (sum >> 3);
	return data[sum & 0xff];
}

char LICENSE[] SEC("license") = "GPL";
