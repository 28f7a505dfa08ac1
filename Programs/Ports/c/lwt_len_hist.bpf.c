// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Ports/LwtLenHist.cs, after the kernel's samples/bpf/lwt_len_hist.bpf.c
 * (Linux 6.12.118, Debian's linux-source-6.12 6.12.118-1~deb12u1): counts every packet under the
 * base-2 logarithm of its length in a per-CPU hash map that libbpf pins by name, so that the
 * sample's user-space half reads the histogram from the pin.
 * Differences: upstream is a lightweight-tunnel program (SEC("len_hist"), loaded by ip route ...
 * encap bpf xmit); TraitsBpf builds no LWT programs, so the twin and the port are TC programs
 * (SEC("tc")), where skb->len and the return value 0 (BPF_OK there, TC_ACT_OK here) mean the
 * same. The map is LenHistMap (upstream lwt_len_hist_map). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 1024);
} LenHistMap SEC(".maps");

/* Index of the highest set bit of a 32-bit value (0 for 0), halving the search at each step. */
static unsigned int log2(unsigned int v)
{
	unsigned int r;
	unsigned int shift;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

/* The same for 64 bits: the upper half decides when it is not zero. */
static unsigned int log2l(unsigned long v)
{
	unsigned int hi = v >> 32;

	if (hi)
		return log2(hi) + 32;
	else
		return log2(v);
}

SEC("tc")
int do_len_hist(struct __sk_buff *skb)
{
	__u64 *value, key, init_val = 1;

	key = log2l(skb->len);

	value = bpf_map_lookup_elem(&LenHistMap, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	else
		bpf_map_update_elem(&LenHistMap, &key, &init_val, BPF_ANY);

	return 0;
}

char _license[] SEC("license") = "GPL";
